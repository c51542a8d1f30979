using MuniSocial.Features.DailyChecks;

namespace MuniSocial.Features.Home;

/// <summary>A finding of a daily check that nobody has taken up yet: no incident opened from it, not marked handled.</summary>
public sealed record OpenFinding(Guid CheckId, Guid AccountId, string AccountName, DateOnly Day, string CheckedBy, string Found, string? ActionTaken,
    string NewIncidentUrl);

/// <summary>The staff home: who is signed in, and what is waiting for them.</summary>
public sealed class IndexModel(CurrentActor current, AppDbContext db, TimeProvider clock, WaitingWork work) : PageModel
{
    public Actor? Actor { get; private set; }

    /// <summary>What waits for this person, newest-urgent first (<see cref="WaitingWork"/>; the navigation's counts read the same list).</summary>
    public WorkList Work { get; private set; } = WorkList.Empty;

    /// <summary>
    /// The head's (own section) or the PR office's (every section) findings of the last days with no incident and not
    /// handled (§5(2)ア, §5(5)): trouble must not sit unseen in one account's log.
    /// </summary>
    public IReadOnlyList<OpenFinding> Findings { get; private set; } = [];

    /// <summary>The head or the PR office has seen to a finding without an incident: it leaves the list (audited).</summary>
    public async Task<IActionResult> OnPostHandledAsync(Guid checkId, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var outcome = await this.RunAsync(db, () => DailyCheckUseCases.MarkFindingHandledAsync(db, actor, checkId, clock.GetUtcNow(), ct), "");
        return await this.AnswerAsync(outcome, () => this.FlashAndRedirect("発見した事項を対応済みにしました。", "/home"), () => OnGetAsync(ct));
    }

    /// <summary>For an operator (not a head): the section's accounts that need someone, each with a link: (text, url). The head and the PR office find the same in <see cref="Work"/>.</summary>
    public IReadOnlyList<(string Text, string Url)> ToDo { get; private set; } = [];

    /// <summary>For a section head: approved posts held by a publishing pause since lifted, until released or cancelled (§5(5)).</summary>
    public IReadOnlyList<(Guid PostId, string Account, string Text)> Held { get; private set; } = [];
    public async Task OnGetAsync(CancellationToken ct)
    {
        Actor = await current.FindAsync(ct);
        Work = await work.CurrentAsync(Actor, ct);
        if (Actor is null || !(Actor.Is(Role.Operator) || Actor.Is(Role.SectionHead) || Actor.Is(Role.PrOffice)))
        {
            return;
        }
        var today = Wareki.TodayIn(clock.GetUtcNow());
        if (!Actor.Is(Role.SectionHead) && Actor.SectionId is { } staffSection)
        {
            // The operator's own section: what the head will need from them (the head's list has these as waiting work).
            var own = await db.Accounts.AsNoTracking().Where(a => a.SectionId == staffSection && a.Status != AccountStatus.Closed).ToListAsync(ct);
            var todo = new List<(string, string)>();
            void Add(int count, string text, string url)
            {
                if (count > 0)
                {
                    todo.Add(($"{text}: {count} 件", url));
                }
            }
            Add(own.Count(a => a.OpenPolicy is { Status: PolicyVersionStatus.Draft, ReturnReason: not null }), "市広報担当から差し戻された運用ポリシー", "/accounts");
            Add(own.Count(a => a.Status == AccountStatus.Draft), "作成中（下書き）のアカウント", $"/accounts?status={AccountStatus.Draft}");
            Add(own.Count(a => a.HasRevisionInDraft), "作成中の改訂", $"/accounts?status={AccountStatus.Listed}");
            Add(own.Count(a => a.IsOverdue(today)), "運用期間が終了したアカウント（削除と削除依頼が必要）", "/accounts");
            ToDo = todo;
        }
        if (Actor.Is(Role.SectionHead) && Actor.SectionId is { } section)
        {
            var own = await db.Accounts.AsNoTracking().Where(a => a.SectionId == section && a.Status != AccountStatus.Closed).ToListAsync(ct);
            var holds = await db.HeldPosts.AsNoTracking().Where(h => h.SectionId == section && h.Outcome == null).Select(h => new { h.PostId, h.AccountId }).ToListAsync(ct);
            var ids = holds.Select(h => h.PostId).Distinct().ToList();
            var texts = await db.Posts.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.Text }).ToDictionaryAsync(p => p.Id, p => p.Text, ct);
            string Excerpt(Guid post) => texts.GetValueOrDefault(post, "") is var t && t.Length > 60 ? t[..60] + "…" : t;
            string AccountName(Guid account) => own.FirstOrDefault(a => a.Id == account)?.CurrentPolicy.AccountName ?? "";
            Held = [.. holds.DistinctBy(h => h.PostId).Select(h => (h.PostId, AccountName(h.AccountId), Excerpt(h.PostId)))];
        }
        if (Actor.Is(Role.SectionHead) || Actor.Is(Role.PrOffice))
        {
            await LoadFindingsAsync(Actor, today, ct);
        }
    }

    private async Task LoadFindingsAsync(Actor actor, DateOnly today, CancellationToken ct)
    {
        var scope = db.Accounts.VisibleTo(actor);
        if (!actor.Is(Role.PrOffice))
        {
            // A head sees the section's findings (VisibleTo already keeps them to the section).
            scope = scope.Where(a => a.SectionId == actor.SectionId);
        }
        var checks = await DailyCheckUseCases.OpenFindings(db, scope, today).ToListAsync(ct);
        if (checks.Count == 0)
        {
            return;
        }
        var ids = checks.Select(c => c.AccountId).Distinct().ToList();
        var names = (await db.Accounts.AsNoTracking().Where(a => ids.Contains(a.Id)).ToListAsync(ct))
            .ToDictionary(a => a.Id, a => a.CurrentPolicy.AccountName ?? "");
        Findings = checks.OrderByDescending(c => c.Day).ThenByDescending(c => c.At)
            .Select(c => new OpenFinding(c.Id, c.AccountId, names.GetValueOrDefault(c.AccountId) ?? "", c.Day, c.UserName, c.Found!, c.ActionTaken,
                DailyCheckUseCases.NewIncidentUrl(c)))
            .ToList();
    }
}
