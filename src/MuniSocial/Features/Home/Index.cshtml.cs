
namespace MuniSocial.Features.Home;

/// <summary>The staff home: who is signed in, and what is waiting for them.</summary>
public sealed class IndexModel(CurrentActor current, AppDbContext db, TimeProvider clock) : PageModel
{
    public Actor? Actor { get; private set; }

    /// <summary>Things that need someone's action, each with a link: (text, url).</summary>
    public IReadOnlyList<(string Text, string Url)> ToDo { get; private set; } = [];

    /// <summary>Open incidents the user handles (the PR office: all), oldest first — shown whether or not e-mail went out.</summary>
    public IReadOnlyList<MuniSocial.Domain.Incidents.Incident> OpenIncidents { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Actor = await current.FindAsync(ct);
        if (Actor is null || !(Actor.Is(Role.Operator) || Actor.Is(Role.SectionHead) || Actor.Is(Role.PrOffice)))
        {
            return;
        }
        var today = Wareki.TodayIn(clock.GetUtcNow());
        var accounts = await db.Accounts.AsNoTracking().VisibleTo(Actor).Where(a => a.Status != AccountStatus.Closed).ToListAsync(ct);
        var own = Actor.SectionId is { } s ? accounts.Where(a => a.SectionId == s).ToList() : [];
        var todo = new List<(string, string)>();
        void Add(int count, string text, string url)
        {
            if (count > 0)
            {
                todo.Add(($"{text}: {count} 件", url));
            }
        }
        var returned = own.Count(a => a.OpenPolicy is { Status: PolicyVersionStatus.Draft, ReturnReason: not null });
        Add(returned, "市広報担当から差し戻された運用ポリシー", "/accounts");
        Add(own.Count(a => a.Status == AccountStatus.Draft), "作成中（下書き）のアカウント", $"/accounts?status={AccountStatus.Draft}");
        Add(own.Count(a => a.HasRevisionInDraft), "作成中の改訂", $"/accounts?status={AccountStatus.Listed}");
        Add(own.Count(a => a.IsOverdue(today)), "運用期間が終了したアカウント（削除と削除依頼が必要）", "/accounts");
        if (Actor.Is(Role.PrOffice))
        {
            Add(accounts.Count(a => a.Status == AccountStatus.ListingRequested), "審査待ちの掲載依頼", "/review");
            Add(accounts.Count(a => a.HasRevisionUnderReview), "審査待ちの改訂", "/review");
            Add(accounts.Count(a => a.Status == AccountStatus.DelistingRequested), "審査待ちの削除依頼", "/review");
            Add(accounts.Count(a => a.IsOverdue(today)), "市全体で運用期間が終了したまま掲載中のアカウント", "/review");
        }
        ToDo = todo;
        OpenIncidents = [.. (await Incidents.IncidentAccess.ListAsync(db, Actor, MuniSocial.Domain.Incidents.IncidentStatus.Open, null, 50, ct)).OrderBy(i => i.OpenedAt)];
    }
}
