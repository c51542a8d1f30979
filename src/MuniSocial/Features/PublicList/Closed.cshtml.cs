using Microsoft.AspNetCore.OutputCaching;

namespace MuniSocial.Features.PublicList;

[OutputCache(PolicyName = PublicListApi.CachePolicy)]
public sealed class ClosedModel(PublicQueries queries) : PageModel
{
    public IReadOnlyList<ClosedAccount> Accounts { get; private set; } = [];

    public async Task OnGetAsync() => Accounts = await queries.ClosedAsync(HttpContext.RequestAborted);
}
