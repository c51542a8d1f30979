using Microsoft.AspNetCore.OutputCaching;

namespace MuniSocial.Features.PublicList;

[OutputCache(PolicyName = PublicListApi.CachePolicy)]
public sealed class PolicyModel(PublicQueries queries) : PageModel
{
    public PublicAccount? Account { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        Account = await queries.FindListedAsync(id, HttpContext.RequestAborted);
        return Account is null ? NotFound() : Page();
    }
}
