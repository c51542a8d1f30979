using MuniSocial.Domain.Incidents;
using MuniSocial.Domain.Operations;
using MuniSocial.Features.AccountReviews;
using MuniSocial.Features.DailyChecks;
using MuniSocial.Features.UnapprovedPosts;

namespace MuniSocial.Features.Board;

/// <summary>Settings of daily operation ("Operations" in configuration).</summary>
public sealed class OperationsOptions
{
    /// <summary>How many past business days the board and the reminders look back for missed checks.</summary>
    public int MissedCheckWindow { get; set; } = 5;

    /// <summary>"Period ending soon" on the board: the operating period ends within this many days.</summary>
    public int PeriodEndingWithinDays { get; set; } = 30;

    /// <summary>An account with no published post for this many days is dormant (休眠).</summary>
    public int DormantAfterDays { get; set; } = 90;

    /// <summary>運用状況の確認 (所属長, §5(2)ア): a review is due this many months after the last one (or the listing).</summary>
    public int ReviewIntervalMonths { get; set; } = 1;

    /// <summary>A due review becomes overdue when this many more days have passed.</summary>
    public int ReviewGraceDays { get; set; } = 14;
}

public sealed record Person(string UserId, string Name);

/// <summary>Everything the board, the home page and the reminders know about one account today.</summary>
public sealed record AccountCondition
{
    public required Guid AccountId { get; init; }
    public required string AccountName { get; init; }
    public required string Platform { get; init; }
    public required Guid SectionId { get; init; }
    public required string SectionName { get; init; }
    public required AccountStatus Status { get; init; }
    public DateOnly? PeriodEnd { get; init; }

    /// <summary>Days until the period ends (negative: ended).</summary>
    public int? DaysLeft { get; init; }
    public required bool Overdue { get; init; }
    public required bool PeriodEndingSoon { get; init; }
    public required IReadOnlyList<Person> Operators { get; init; }

    /// <summary>Whether checks are due today (<see cref="CheckRule.IsDue"/>: a business day or a day the policy runs the account; Listed since before today).</summary>
    public required bool ChecksDueToday { get; init; }
    public required IReadOnlyList<Person> CheckedToday { get; init; }
    public required IReadOnlyList<MissedCheckDay> MissedChecks { get; init; }

    /// <summary>No published post for <see cref="OperationsOptions.DormantAfterDays"/> days (from the posts archive).</summary>
    public required bool Dormant { get; init; }
    public DateOnly? LastPostOn { get; init; }

    /// <summary>Access holders who were transferred or left and whose access is not yet recorded as removed (要削除).</summary>
    public IReadOnlyList<string> AccessHoldersToRemove { get; init; } = [];

    /// <summary>Two-factor authentication of the login: null = not recorded (a warning, like off).</summary>
    public bool? TwoFactorEnabled { get; init; }

    /// <summary>Nobody is recorded as keeping the login's ID/password (a warning).</summary>
    public bool NoCredentialKeeper { get; init; }

    public bool ChecksCompleteToday => CheckedToday.Count >= DailyCheck.RequiredCheckers;

    /// <summary>Findings of the daily checks of the last days with no incident and not marked handled (§5(5): never unseen).</summary>
    public int OpenFindings { get; init; }

    /// <summary>Incidents concerning the account that are still open.</summary>
    public int OpenIncidents { get; init; }

    /// <summary>Posts the watch found on the account that nobody approved, or whose text differs, not yet decided by the PR office (§5(2)ウ).</summary>
    public int UnapprovedPosts { get; init; }

    // 運用状況の確認 (所属長, §5(2)ア), derived from the last review: see AccountReviewUseCases.StatusOf / ReviewSchedule.
    public DateOnly? LastReviewOn { get; init; }
    public DateOnly? ReviewDueOn { get; init; }

    /// <summary>The head's review is due (Listed accounts only); also true when overdue.</summary>
    public bool ReviewDue { get; init; }
    public bool ReviewOverdue { get; init; }

    /// <summary>Anything that someone must act on (the board's "要対応").</summary>
    public bool NeedsAttention => Overdue || MissedChecks.Count > 0 || PeriodEndingSoon || Dormant
        || ReviewDue || OpenFindings > 0 || OpenIncidents > 0
        || AccessHoldersToRemove.Count > 0 || UnapprovedPosts > 0;

    /// <summary>What the section head must act on (the head's digest and home page): the board's 要対応 but dormancy.</summary>
    public bool HeadMustAct => Overdue || MissedChecks.Count > 0 || PeriodEndingSoon || ReviewDue || AccessHoldersToRemove.Count > 0 || UnapprovedPosts > 0;

    /// <summary>The board's order: overdue first, then the most conditions, then name.</summary>
    public int Severity => (Overdue ? 1000 : 0) + (MissedChecks.Count > 0 ? 100 + MissedChecks.Count : 0) + (PeriodEndingSoon ? 10 : 0) + (Dormant ? 1 : 0)
        + (ReviewOverdue ? 5 : ReviewDue ? 2 : 0)
        + (AccessHoldersToRemove.Count > 0 ? 50 : 0)
        + (OpenIncidents > 0 ? 500 : 0) + (OpenFindings > 0 ? 200 : 0) + (UnapprovedPosts > 0 ? 600 : 0);
}

/// <summary>Computes <see cref="AccountCondition"/> for many accounts with a handful of queries (the board of 2,000 accounts).</summary>
public sealed class AccountConditions(AppDbContext db, BusinessCalendar calendar,
    Microsoft.Extensions.Options.IOptions<OperationsOptions> options)
{
    private readonly OperationsOptions _options = options.Value;

    /// <summary>The accounts the board watches: those that exist on the platform (Listed) or should no longer (削除依頼中).</summary>
    public static readonly AccountStatus[] Watched = [AccountStatus.Listed, AccountStatus.DelistingRequested];

    public async Task<List<AccountCondition>> ForAsync(Actor? viewer, DateOnly today, Guid? sectionFilter = null, CancellationToken ct = default)
    {
        var query = db.Accounts.AsNoTracking().Where(a => Watched.Contains(a.Status));
        if (viewer is not null)
        {
            query = query.VisibleTo(viewer);
        }
        if (sectionFilter is { } s)
        {
            query = query.Where(a => a.SectionId == s);
        }
        var accounts = await query.Select(a => new { a.Id, a.SectionId, a.Status, a.ListedAt }).ToListAsync(ct);
        if (accounts.Count == 0)
        {
            return [];
        }
        // The newest accepted policy of each (the public one).
        var policies = (await db.PolicyVersions.AsNoTracking()
                .Where(p => p.Status == PolicyVersionStatus.Accepted && query.Any(a => a.Id == p.AccountId))
                .Select(p => new { p.AccountId, p.Number, p.AccountName, p.Platform, p.OtherPlatformName, p.PeriodEnd, p.OperatingDays, p.ExcludeHolidays }).ToListAsync(ct))
            .GroupBy(p => p.AccountId).ToDictionary(g => g.Key, g => g.MaxBy(p => p.Number)!);
        var ids = accounts.Select(a => a.Id).ToHashSet();
        var operators = (await db.AccountOperators.AsNoTracking()
                .Where(o => query.Any(a => a.Id == o.AccountId))
                .Select(o => new { o.AccountId, o.UserId, o.Name }).ToListAsync(ct))
            .GroupBy(o => o.AccountId)
            .ToDictionary(g => g.Key, g => g.Select(o => new Person(o.UserId, o.Name)).OrderBy(p => p.Name, StringComparer.Ordinal).ToList());
        var sections = await db.Sections.AsNoTracking().Select(s => new { s.Id, Name = s.Department.Name + " " + s.Name }).ToDictionaryAsync(s => s.Id, s => s.Name, ct);

        var schedules = accounts.ToDictionary(a => a.Id,
            a => policies.GetValueOrDefault(a.Id) is { } p ? new CheckSchedule(p.OperatingDays, p.ExcludeHolidays) : CheckSchedule.BusinessDaysOnly);
        // The window reaches back MissedCheckWindow business days; an account run on 土日祝日 is also due on the closed days between.
        var first = _options.MissedCheckWindow > 0 ? calendar.BusinessDaysBefore(today, _options.MissedCheckWindow)[^1] : today;
        var window = Enumerable.Range(0, today.DayNumber - first.DayNumber).Select(i => today.AddDays(-1 - i)).ToList();
        var (checks, examine) = await ChecksAsync(accounts.ToDictionary(a => a.Id, a => a.ListedAt is { } at ? Wareki.TodayIn(at) : today), schedules, window, today, operators, ct);
        var lastPosts = await LastPublishedAsync(ct);
        var lastReviews = await AccountReviewUseCases.LastReviewedAsync(db, ids, ct);
        var access = await AccessHolders.AccessHolderUseCases.SummariesAsync(db, ct);
        var findings = await DailyCheckUseCases.OpenFindings(db, query, today)
            .GroupBy(c => c.AccountId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var incidents = (await db.Incidents.AsNoTracking().Where(i => i.Status == IncidentStatus.Open)
                .SelectMany(i => i.Accounts).Select(a => a.AccountId).ToListAsync(ct))
            .Where(ids.Contains).GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        var unapproved = (await db.ObservedPosts.AsNoTracking().OpenOnes().Select(o => o.AccountId).ToListAsync(ct))
            .Where(ids.Contains).GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());

        var result = new List<AccountCondition>(accounts.Count);
        foreach (var a in accounts)
        {
            var policy = policies.GetValueOrDefault(a.Id);
            var ops = operators.GetValueOrDefault(a.Id) ?? [];
            var byDay = checks.GetValueOrDefault(a.Id) ?? NoChecks;
            var listedDay = a.ListedAt is { } listedAt ? Wareki.TodayIn(listedAt) : today;
            var listed = a.Status == AccountStatus.Listed;
            var end = policy?.PeriodEnd;
            int? daysLeft = end is { } e ? e.DayNumber - today.DayNumber : null;
            var missed = listed && examine.TryGetValue(a.Id, out var examineDays)
                ? CheckRule.Missed(examineDays, listedDay, calendar, schedules[a.Id], byDay, ops.Select(o => (o.UserId, o.Name)).ToList())
                : [];
            var review = AccountReviewUseCases.StatusOf(lastReviews, a.Id, listedDay, today, _options, listed);
            DateOnly? lastPostOn = lastPosts.TryGetValue(a.Id, out var lp) ? Wareki.TodayIn(lp) : null;
            var dormant = listed && today.DayNumber - (lastPostOn ?? listedDay).DayNumber >= _options.DormantAfterDays;
            result.Add(new AccountCondition
            {
                AccountId = a.Id,
                AccountName = policy?.AccountName ?? "（名称未設定）",
                Platform = PlatformLabels.Of(policy?.Platform, policy?.OtherPlatformName),
                SectionId = a.SectionId,
                SectionName = sections.GetValueOrDefault(a.SectionId) ?? "",
                Status = a.Status,
                PeriodEnd = end,
                DaysLeft = daysLeft,
                Overdue = SocialAccount.IsOverdueOn(a.Status, end, today),
                PeriodEndingSoon = listed && daysLeft is >= 0 && daysLeft <= _options.PeriodEndingWithinDays,
                Operators = ops,
                ChecksDueToday = listed && CheckRule.IsDue(calendar, schedules[a.Id], today, listedDay),
                CheckedToday = (byDay.GetValueOrDefault(today) ?? []).DistinctBy(c => c.UserId).Select(c => new Person(c.UserId, c.Name)).ToList(),
                MissedChecks = missed,
                Dormant = dormant,
                LastPostOn = lastPostOn,
                LastReviewOn = review.LastReviewOn,
                ReviewDueOn = review.DueOn,
                ReviewDue = review.Due,
                ReviewOverdue = review.Overdue,
                AccessHoldersToRemove = access.GetValueOrDefault(a.Id)?.ToRemove ?? [],
                TwoFactorEnabled = access.GetValueOrDefault(a.Id)?.TwoFactorEnabled,
                NoCredentialKeeper = !(access.GetValueOrDefault(a.Id)?.HasCredentialKeeper ?? false),
                OpenFindings = findings.GetValueOrDefault(a.Id),
                OpenIncidents = incidents.GetValueOrDefault(a.Id),
                UnapprovedPosts = unapproved.GetValueOrDefault(a.Id),
            });
        }
        return result;
    }

    /// <summary>The last published post of each watched account (absent = never): one index seek per account on (AccountId, PublishedAt).</summary>
    private async Task<Dictionary<Guid, DateTimeOffset>> LastPublishedAsync(CancellationToken ct) =>
        (await db.Accounts.AsNoTracking().Where(a => Watched.Contains(a.Status))
            .Select(a => new
            {
                a.Id,
                At = db.Posts.Where(p => p.AccountId == a.Id && p.PublishedAt != null)
                    .OrderByDescending(p => p.PublishedAt).Select(p => p.PublishedAt).FirstOrDefault(),
            })
            .Where(x => x.At != null)
            .ToListAsync(ct))
        .ToDictionary(x => x.Id, x => x.At!.Value);

    private static readonly Dictionary<DateOnly, List<(string UserId, string Name)>> NoChecks = [];

    /// <summary>
    /// Who checked each account today and on the window's short days, and which days the missed-check rule must
    /// look at. A year of checks is ≈ 1,000,000 rows, so the window is aggregated in SQL on the covering index:
    /// per account the number of days with their two checkers, and the days with a single checker (and who).
    /// Only for an account with a day on which nobody checked at all (no rows to group) are its rows read.
    /// Names come from the operators and, for other checkers (the head), from the users.
    /// </summary>
    private async Task<(Dictionary<Guid, Dictionary<DateOnly, List<(string UserId, string Name)>>> ByAccount, Dictionary<Guid, List<DateOnly>> Examine)> ChecksAsync(
        Dictionary<Guid, DateOnly> listedDays, Dictionary<Guid, CheckSchedule> schedules, IReadOnlyList<DateOnly> window, DateOnly today,
        Dictionary<Guid, List<Person>> operators, CancellationToken ct)
    {
        var checks = db.DailyChecks.AsNoTracking();
        var days = window.ToList();
        var rows = (await checks.Where(c => c.Day == today).Select(c => new { c.AccountId, c.UserId }).ToListAsync(ct))
            .Select(c => (c.AccountId, Day: today, c.UserId)).ToList();
        var examine = new Dictionary<Guid, List<DateOnly>>();
        if (days.Count > 0)
        {
            var inWindow = checks.Where(c => days.Contains(c.Day)).GroupBy(c => new { c.AccountId, c.Day });
            // The days with enough different checkers (a person may record more than one check a day), per account (a closed day counts only for an account due then).
            var complete = (await inWindow.Where(g => g.Select(c => c.UserId).Distinct().Count() >= DailyCheck.RequiredCheckers)
                    .Select(g => new { g.Key.AccountId, g.Key.Day }).ToListAsync(ct))
                .ToLookup(x => x.AccountId, x => x.Day);
            // With two checkers required, a short day that has rows has exactly one checker: MIN names them.
            var single = (await inWindow.Where(g => g.Select(c => c.UserId).Distinct().Count() < DailyCheck.RequiredCheckers)
                    .Select(g => new { g.Key.AccountId, g.Key.Day, UserId = g.Min(c => c.UserId)! }).ToListAsync(ct))
                .ToLookup(x => x.AccountId);
            var nobodyChecked = new List<Guid>();
            foreach (var (id, listed) in listedDays)
            {
                var schedule = schedules[id];
                var dueDays = days.Where(d => CheckRule.IsDue(calendar, schedule, d, listed)).ToList();
                var dueSet = dueDays.ToHashSet();
                var singles = single[id].Where(x => dueSet.Contains(x.Day)).ToList();
                if (complete[id].Count(dueSet.Contains) + singles.Count < dueDays.Count)
                {
                    nobodyChecked.Add(id);
                    examine[id] = dueDays;
                }
                else if (singles.Count > 0)
                {
                    examine[id] = singles.Select(x => x.Day).OrderDescending().ToList();
                    rows.AddRange(singles.Select(x => (x.AccountId, x.Day, x.UserId)));
                }
            }
            if (nobodyChecked.Count > 0)
            {
                var detail = checks.Where(c => days.Contains(c.Day));
                if (nobodyChecked.Count <= 500)
                {
                    detail = detail.Where(c => nobodyChecked.Contains(c.AccountId));
                }
                var wanted = nobodyChecked.ToHashSet();
                rows.AddRange((await detail.Select(c => new { c.AccountId, c.Day, c.UserId }).ToListAsync(ct))
                    .Where(c => wanted.Contains(c.AccountId)).Select(c => (c.AccountId, c.Day, c.UserId)));
            }
        }

        var names = new Dictionary<string, string>();
        foreach (var p in operators.Values.SelectMany(o => o))
        {
            names.TryAdd(p.UserId, p.Name);
        }
        var unknown = rows.Select(c => c.UserId).Where(u => !names.ContainsKey(u)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            foreach (var u in await db.Users.AsNoTracking().Where(u => unknown.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToListAsync(ct))
            {
                names[u.Id] = u.DisplayName;
            }
        }
        var byAccount = rows.Where(c => listedDays.ContainsKey(c.AccountId))
            .GroupBy(c => c.AccountId)
            .ToDictionary(g => g.Key, g => g.GroupBy(c => c.Day)
                .ToDictionary(d => d.Key, d => d.Select(c => (c.UserId, Name: names.GetValueOrDefault(c.UserId) ?? c.UserId)).ToList()));
        return (byAccount, examine);
    }

    /// <summary>Active users by role and section, for addressing reminders.</summary>
    public async Task<List<StaffUser>> StaffAsync(CancellationToken ct = default)
    {
        var roles = await db.Roles.AsNoTracking().Select(r => new { r.Id, r.Name }).ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        var userRoles = (await db.UserRoles.AsNoTracking().Select(ur => new { ur.UserId, ur.RoleId }).ToListAsync(ct))
            .GroupBy(ur => ur.UserId).ToDictionary(g => g.Key, g => g.Select(ur => roles.GetValueOrDefault(ur.RoleId)).OfType<string>()
                .Select(n => Enum.TryParse<Role>(n, out var r) ? r : (Role?)null).OfType<Role>().ToHashSet());
        var users = await db.Users.AsNoTracking().Where(u => u.IsActive)
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.SectionId }).ToListAsync(ct);
        return users.Select(u => new StaffUser(u.Id, u.DisplayName, u.Email, u.SectionId, userRoles.GetValueOrDefault(u.Id) ?? [])).ToList();
    }
}

public sealed record StaffUser(string UserId, string Name, string? Email, Guid? SectionId, IReadOnlySet<Role> Roles)
{
    public bool Is(Role role) => Roles.Contains(role);
}
