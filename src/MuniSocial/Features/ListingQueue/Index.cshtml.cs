using MuniSocial.Features.Accounts;

namespace MuniSocial.Features.ListingQueue;

/// <summary>The PR office's queue: listing requests, revisions under review, delisting requests, and overdue accounts.</summary>
public sealed class IndexModel(AppDbContext db, CurrentActor current, TimeProvider clock) : PageModel
{
    public sealed record Item(Guid Id, string Name, string Section, string Platform, string SubmittedBy, DateTimeOffset? SubmittedAt);

    public sealed record RevisionItem(Item Item, int AcceptedNumber, int RevisionNumber, IReadOnlyList<(string Label, string Before, string After)> Changes);

    public sealed record DelistingItem(Item Item, DateOnly? ClosedOn, string? Reason);

    public sealed record OverdueItem(Guid Id, string Name, string Section, DateOnly PeriodEnd, AccountStatus Status);

    public IReadOnlyList<Item> ListingRequests { get; private set; } = [];
    public IReadOnlyList<RevisionItem> Revisions { get; private set; } = [];
    public IReadOnlyList<DelistingItem> Delistings { get; private set; } = [];
    public IReadOnlyList<OverdueItem> Overdue { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var today = Wareki.TodayIn(clock.GetUtcNow());
        var names = await OrgNames.LoadAsync(db, ct);
        var accounts = await db.Accounts.AsNoTracking().VisibleTo(actor)
            .Where(a => a.Status == AccountStatus.ListingRequested || a.Status == AccountStatus.Listed || a.Status == AccountStatus.DelistingRequested)
            .ToListAsync(ct);
        Item ItemOf(SocialAccount a, string? by, DateTimeOffset? at) =>
            new(a.Id, PolicyDisplay.AccountName(a), names.Section(a.SectionId), a.CurrentPolicy.PlatformLabel, by ?? "", at);

        ListingRequests = accounts.Where(a => a.Status == AccountStatus.ListingRequested)
            .Select(a => ItemOf(a, a.OpenPolicy?.SubmittedByName, a.OpenPolicy?.SubmittedAt))
            .OrderBy(i => i.SubmittedAt).ToList();
        Revisions = accounts.Where(a => a.HasRevisionUnderReview)
            .Select(a => new RevisionItem(ItemOf(a, a.OpenPolicy!.SubmittedByName, a.OpenPolicy.SubmittedAt), a.AcceptedPolicy!.Number, a.OpenPolicy.Number,
                PolicyDisplay.Changes(PolicyDisplay.Rows(a.AcceptedPolicy, a.SectionId, names), PolicyDisplay.Rows(a.OpenPolicy, a.SectionId, names))))
            .OrderBy(r => r.Item.SubmittedAt).ToList();
        Delistings = accounts.Where(a => a.Status == AccountStatus.DelistingRequested)
            .Select(a => new DelistingItem(ItemOf(a, a.DelistingRequestedByName, a.DelistingRequestedAt), a.ClosedOn, a.CloseReason))
            .OrderBy(d => d.Item.SubmittedAt).ToList();
        Overdue = accounts.Where(a => a.IsOverdue(today))
            .Select(a => new OverdueItem(a.Id, PolicyDisplay.AccountName(a), names.Section(a.SectionId), a.AcceptedPolicy!.PeriodEnd!.Value, a.Status))
            .OrderBy(o => o.PeriodEnd).ToList();
    }
}
