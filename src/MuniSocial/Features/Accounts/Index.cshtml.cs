
namespace MuniSocial.Features.Accounts;

/// <summary>The accounts the actor may see: their section's, or all for the PR office (filterable).</summary>
public sealed class IndexModel(AppDbContext db, CurrentActor current, TimeProvider clock) : PageModel
{
    public sealed record Row(Guid Id, string Name, string Section, AccountStatus Status, string Platform, string Period,
        bool Overdue, bool RevisionInProgress, string? RevisionLabel, bool Returned);

    [BindProperty(SupportsGet = true)]
    public string? Section { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    public Actor Actor { get; private set; } = null!;
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Sections { get; private set; } = [];
    public bool CanRegister => SocialAccount.CreateRefusal(Actor, Actor.SectionId) is null;
    public bool SeesAll => Actor.Is(Role.PrOffice);
    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Actor = await current.GetAsync(ct);
        Today = Wareki.TodayIn(clock.GetUtcNow());
        var names = await OrgNames.LoadAsync(db, ct);
        var query = db.Accounts.AsNoTracking().VisibleTo(Actor);
        if (SeesAll && Guid.TryParse(Section, out var sectionId))
        {
            query = query.Where(a => a.SectionId == sectionId);
        }
        if (Enum.TryParse<AccountStatus>(Status, out var status) && Enum.IsDefined(status))
        {
            query = query.Where(a => a.Status == status);
        }
        var accounts = await query.ToListAsync(ct);
        Rows = accounts
            .Select(a =>
            {
                var p = a.AcceptedPolicy ?? a.CurrentPolicy;
                var open = a.OpenPolicy;
                var revisionLabel = a.HasRevisionUnderReview ? "改訂の審査中" : a.HasRevisionInDraft ? "改訂を作成中" : null;
                return new Row(a.Id, PolicyDisplay.AccountName(a), names.Section(a.SectionId), a.Status, a.CurrentPolicy.PlatformLabel,
                    PolicyDisplay.Period(p), a.IsOverdue(Today), revisionLabel is not null, revisionLabel,
                    open is { Status: PolicyVersionStatus.Draft, ReturnReason: not null });
            })
            .OrderBy(r => r.Section, StringComparer.Ordinal).ThenBy(r => r.Status).ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
        if (SeesAll)
        {
            Sections = names.Sections.OrderBy(s => s.Value, StringComparer.Ordinal).Select(s => (s.Key, s.Value)).ToList();
        }
    }
}
