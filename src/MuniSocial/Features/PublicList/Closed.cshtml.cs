namespace MuniSocial.Features.PublicList;

public sealed class ClosedModel(IPublicSnapshotSource snapshots) : PageModel
{
    public IReadOnlyList<ClosedAccount> Accounts { get; private set; } = [];

    public async Task OnGetAsync() => Accounts = (await snapshots.CurrentAsync(HttpContext.RequestAborted)).Closed;
}
