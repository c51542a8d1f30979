namespace MuniSocial.Features.PublicList;

/// <summary>
/// One account's 運用ポリシー. An old link to a closed account answers 200 with a page saying when it closed and that it is
/// not the city's any more (not a bare 404): the page is what a citizen who followed an old link needs, it can be served
/// as a plain file by the static export, and a search for the account's name keeps finding the city's statement. An id
/// that never was public is 404.
/// </summary>
public sealed class PolicyModel(IPublicSnapshotSource snapshots) : PageModel
{
    public PublicAccount? Account { get; private set; }

    public ClosedAccount? Closed { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var snapshot = await snapshots.CurrentAsync(HttpContext.RequestAborted);
        Account = snapshot.FindListed(id);
        Closed = Account is null ? snapshot.FindClosed(id) : null;
        return Account is null && Closed is null ? NotFound() : Page();
    }
}
