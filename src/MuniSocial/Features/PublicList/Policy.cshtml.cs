using Microsoft.AspNetCore.OutputCaching;

namespace MuniSocial.Features.PublicList;

[OutputCache(PolicyName = PublicListApi.CachePolicy)]
public sealed class PolicyModel(IPublicSnapshotSource snapshots) : PageModel
{
    public PublicAccount? Account { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        Account = (await snapshots.CurrentAsync(HttpContext.RequestAborted)).FindListed(id);
        return Account is null ? NotFound() : Page();
    }
}
