using System.Globalization;
using MuniSocial.Domain.Operations;
using MuniSocial.Domain.Posts;
using MuniSocial.Features.Audit;

namespace MuniSocial.Features.Offsite;

/// <summary>
/// §5(2)イ: the section head (their section) and the PR office (all) see every action taken from outside the office
/// networks with its 即時性 reason — daily checks, the head's reviews, and any audited action whose reason carries <see cref="OffsiteWork.Marker"/>.
/// </summary>
public sealed class OffsiteModel(AppDbContext db, CurrentActor current, TimeProvider clock) : PageModel
{
    public sealed record Row(DateTimeOffset At, string Who, Guid? AccountId, string Account, string Section, string Action, string Reason);

    [BindProperty(SupportsGet = true)]
    public string? Month { get; set; }

    public DateOnly First { get; private set; }
    public bool AllSections { get; private set; }
    public List<Row> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        AllSections = actor.Is(Role.PrOffice);
        if (!AllSections && !(actor.Is(Role.SectionHead) && actor.SectionId is not null))
        {
            return Forbid(); // operators record; the head and the PR office review
        }
        var today = Wareki.TodayIn(clock.GetUtcNow());
        First = new DateOnly(today.Year, today.Month, 1);
        if (!string.IsNullOrWhiteSpace(Month))
        {
            if (DateOnly.TryParseExact(Month.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m))
            {
                First = m;
            }
            else
            {
                ModelState.AddModelError(nameof(Month), "月は 2026-06 の形式で指定してください。");
            }
        }
        Month = First.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var next = First.AddMonths(1);
        Guid? section = AllSections ? null : actor.SectionId;

        var checks = db.DailyChecks.AsNoTracking().Where(c => c.OffsiteReason != null && c.Day >= First && c.Day < next);
        if (section is { } s)
        {
            checks = checks.Where(c => db.Accounts.Any(a => a.Id == c.AccountId && a.SectionId == s));
        }
        var checkRows = await checks.Select(c => new { c.At, c.UserName, c.AccountId, c.OffsiteReason }).ToListAsync(ct);

        var from = AuditQuery.StartOfTokyoDay(First);
        var to = AuditQuery.StartOfTokyoDay(next);
        var reviews = db.AccountReviews.AsNoTracking().Where(r => r.OffsiteReason != null && r.At >= from && r.At < to);
        if (section is { } rs)
        {
            reviews = reviews.Where(r => db.Accounts.Any(a => a.Id == r.AccountId && a.SectionId == rs));
        }
        var reviewRows = await reviews.Select(r => new { r.At, r.ReviewerName, r.AccountId, r.OffsiteReason }).ToListAsync(ct);
        var audited = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Reason != null && e.Reason.StartsWith(OffsiteWork.Marker) && e.At >= from && e.At < to)
            .Select(e => new { e.At, e.ActorName, e.Action, e.EntityType, e.EntityId, e.Reason }).ToListAsync(ct);
        // The account an audited action is about: the account itself, or the account a post belongs to.
        var postIds = audited.Where(e => e.EntityType == nameof(Post)).Select(e => Guid.TryParse(e.EntityId, out var g) ? g : Guid.Empty).ToList();
        var postAccounts = postIds.Count == 0 ? [] : await db.Posts.AsNoTracking().Where(p => postIds.Contains(p.Id))
            .Select(p => new { p.Id, p.AccountId }).ToDictionaryAsync(p => p.Id, p => p.AccountId, ct);
        Guid? AccountOf(string type, string id) => !Guid.TryParse(id, out var g) ? null
            : type == nameof(Domain.Accounts.SocialAccount) ? g
            : type == nameof(Post) && postAccounts.TryGetValue(g, out var a) ? a : null;

        var accountIds = checkRows.Select(c => c.AccountId).Concat(reviewRows.Select(r => r.AccountId)).Concat(audited.Select(e => AccountOf(e.EntityType, e.EntityId)).OfType<Guid>()).ToHashSet();
        var accounts = (await db.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToListAsync(ct))
            .ToDictionary(a => a.Id, a => (a.SectionId, Name: a.CurrentPolicy.AccountName));
        var sections = await db.Sections.AsNoTracking().Select(x => new { x.Id, Name = x.Department.Name + " " + x.Name }).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        string SectionName(Guid? accountId) => accountId is { } id && accounts.TryGetValue(id, out var a) ? sections.GetValueOrDefault(a.SectionId) ?? "" : "";
        string AccountName(Guid? accountId) => accountId is { } id && accounts.TryGetValue(id, out var a) ? a.Name ?? "" : "";

        var rows = checkRows.Select(c => new Row(c.At, c.UserName, c.AccountId, AccountName(c.AccountId), SectionName(c.AccountId),
            "確認記録", c.OffsiteReason!)).ToList();
        rows.AddRange(reviewRows.Select(r => new Row(r.At, r.ReviewerName, r.AccountId, AccountName(r.AccountId), SectionName(r.AccountId),
            "運用状況の確認", r.OffsiteReason!)));
        // Checks and reviews are listed from their own records above.
        foreach (var e in audited.Where(e => e.Action is not ("daily-check.recorded" or "account-review.recorded")))
        {
            var accountId = AccountOf(e.EntityType, e.EntityId);
            var inSection = accountId is { } id && accounts.TryGetValue(id, out var a) && (section is null || a.SectionId == section);
            if (!inSection && section is not null)
            {
                continue; // the head sees their own section's accounts only; what belongs to no account is for the PR office
            }
            rows.Add(new Row(e.At, e.ActorName, accountId, AccountName(accountId), SectionName(accountId), MuniSocial.Features.Audit.AuditLabels.Action(e.Action), OffsiteWork.ReasonFrom(e.Reason)!));
        }
        Rows = rows.OrderByDescending(r => r.At).ToList();
        return Page();
    }
}
