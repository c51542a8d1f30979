namespace MuniSocial.Features.Comments;

/// <summary>The inbox across the user's section (the PR office: every section).</summary>
public sealed class IndexModel(AppDbContext db, CurrentActor current) : InboxPage(db, current)
{
    public List<(Guid Id, string Name)> Accounts { get; private set; } = [];

    public async Task OnGetAsync()
    {
        await LoadAsync(null);
        var accounts = await Db.Accounts.VisibleTo(Actor).AsNoTracking().Where(a => a.Status != AccountStatus.Draft && a.Status != AccountStatus.ListingRequested)
            .ToListAsync(HttpContext.RequestAborted);
        Accounts = [.. accounts.Select(a => (a.Id, a.CurrentPolicy.AccountName ?? "")).OrderBy(a => a.Item2, StringComparer.Ordinal)];
    }
}
