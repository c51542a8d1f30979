using Microsoft.AspNetCore.OutputCaching;

namespace MuniSocial.Features.PublicList;

[OutputCache(PolicyName = PublicListApi.CachePolicy)]
public sealed class VerifyModel(PublicQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "url")]
    public string? Address { get; set; }

    public VerificationResult? Result { get; private set; }

    public async Task OnGetAsync()
    {
        if (!string.IsNullOrWhiteSpace(Address))
        {
            Result = await Verification.CheckAsync(Address.Length > 500 ? Address[..500] : Address, queries, HttpContext.RequestAborted);
        }
    }
}
