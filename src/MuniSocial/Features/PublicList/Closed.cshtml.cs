using Microsoft.AspNetCore.OutputCaching;

namespace MuniSocial.Features.PublicList;

[OutputCache(PolicyName = PublicListApi.CachePolicy)]
public sealed class ClosedModel(IPublicSnapshotSource snapshots) : PageModel
{
    public IReadOnlyList<ClosedAccount> Accounts { get; private set; } = [];

    public async Task OnGetAsync() => Accounts = (await snapshots.CurrentAsync(HttpContext.RequestAborted)).Closed;
}
