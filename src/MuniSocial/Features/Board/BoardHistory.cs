using Microsoft.Extensions.Caching.Memory;
using MuniSocial.Domain.Operations;
using MuniSocial.Features.AccountReviews;

namespace MuniSocial.Features.Board;

/// <summary>
/// One business day of one section on the board's charts, as the board would have shown it at the close of that day:
/// the accounts whose daily checks were due (<see cref="Due"/>) and those that got them from two different people
/// (<see cref="Done"/>); the accounts past their 運用期間 (<see cref="PeriodOverdue"/>), past the grace of the head's
/// 運用状況の確認 (<see cref="ReviewOverdue"/>), with a missed check in the board's window (<see cref="MissedChecks"/>),
/// and the accounts in any of these three (<see cref="Overdue"/>, each account once).
/// </summary>
public sealed record BoardDay(DateOnly Day, int Due, int Done, int PeriodOverdue, int ReviewOverdue, int MissedChecks, int Overdue)
{
    /// <summary>Done ÷ due in whole percent, rounded down (100 % only when every due account was checked); null: nothing was due (対象なし).</summary>
    public int? Percent => Due == 0 ? null : Done * 100 / Due;
}

/// <summary>One section's last business days, oldest first.</summary>
public sealed record SectionHistory(Guid SectionId, string SectionName, IReadOnlyList<BoardDay> Days)
{
    public int TotalDue => Days.Sum(d => d.Due);
    public int TotalDone => Days.Sum(d => d.Done);

    /// <summary>Over the whole period: all checks done ÷ all checks due, rounded down; null when nothing was due on any day.</summary>
    public int? AveragePercent => TotalDue == 0 ? null : TotalDone * 100 / TotalDue;

    /// <summary>The day with the lowest completion (the earliest of equal ones); null when nothing was due on any day.</summary>
    public BoardDay? Lowest => Days.Where(d => d.Percent is not null).OrderBy(d => d.Done * (long)100 / d.Due).ThenBy(d => d.Day).FirstOrDefault();

    /// <summary>The day with the most overdue accounts (the latest of equal ones).</summary>
    public BoardDay? MostOverdue => Days.OrderByDescending(d => d.Overdue).ThenByDescending(d => d.Day).FirstOrDefault();
}

/// <summary>
/// The board's history for its charts: the last <see cref="Length"/> business days of every section, reconstructed from
/// the dates the records keep — an account counts from the day after its listing (掲載日) until its delisting request
/// (削除依頼日) for checks and reviews, and until it was closed (閉鎖) for the 運用期間; the 運用ポリシー in force on a day
/// is the newest version accepted by then (its 運用期間 and 運用時間); reviews count from their day (確認日); daily checks
/// are stored per day and are never changed afterwards. Not kept with dates and so not reconstructed: an account's
/// earlier section (today's section is used), earlier settings (today's review interval and window are used), and the
/// other conditions of the board (要削除の権限, 休眠, トラブル). A handful of queries for every section together.
/// <para>The result is kept in memory for the viewer, the day and the section filter together with the head of the audit
/// trail: every change to the records it is built from (a check, a listing, a review, a policy, a section, a user's rights)
/// appends an audit entry, so a new head means it is built again; otherwise the board reads one number (the head) instead
/// of rebuilding 30 days of every account on each request (about half the board's time with 2,000 accounts).</para>
/// </summary>
public sealed class BoardHistory(AppDbContext db, BusinessCalendar calendar, Microsoft.Extensions.Options.IOptions<OperationsOptions> options,
    IMemoryCache cache)
{
    /// <summary>How many business days the charts show.</summary>
    public const int Length = 30;

    private readonly OperationsOptions _options = options.Value;

    /// <summary>What the charts cannot show from the records, said on the page.</summary>
    public const string NotReconstructed =
        "要削除の権限・休眠・トラブルは日付の履歴が記録されていないため、推移には含めていません。アカウントの所属は現在の所属で、所属長の確認の間隔と確認漏れの判定期間は現在の設定で数えています。";

    public async Task<List<SectionHistory>> ForAsync(Actor viewer, DateOnly today, Guid? sectionFilter = null, CancellationToken ct = default)
    {
        var head = await db.AuditEntries.MaxAsync(e => (long?)e.Sequence, ct) ?? 0;
        var key = (nameof(BoardHistory), viewer.UserId, today, sectionFilter, head);
        if (cache.TryGetValue(key, out List<SectionHistory>? kept) && kept is not null)
        {
            return [.. kept];
        }
        var built = await BuildAsync(viewer, today, sectionFilter, ct);
        cache.Set(key, built, new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(10) });
        return [.. built];
    }

    private async Task<List<SectionHistory>> BuildAsync(Actor viewer, DateOnly today, Guid? sectionFilter, CancellationToken ct)
    {
        var days = calendar.BusinessDaysBefore(today, Length).Reverse().ToList();
        var first = days[0];
        var last = days[^1];
        // Each day's missed-check window: the business days before it, as the board counts them today.
        var windowStart = days.ToDictionary(d => d, d => _options.MissedCheckWindow > 0 ? calendar.BusinessDaysBefore(d, _options.MissedCheckWindow)[^1] : d);
        var from = windowStart[first];

        var query = db.Accounts.AsNoTracking().VisibleTo(viewer)
            .Where(a => a.ListedAt != null && (a.Status == AccountStatus.Listed || a.Status == AccountStatus.DelistingRequested || a.Status == AccountStatus.Closed));
        if (sectionFilter is { } s)
        {
            query = query.Where(a => a.SectionId == s);
        }
        // Instants are compared in memory (SQLite keeps DateTimeOffset as text); a closed account is kept if it closed within the period.
        var accounts = (await query.Select(a => new { a.Id, a.SectionId, a.ListedAt, a.DelistingRequestedAt, a.ClosedAt }).ToListAsync(ct))
            .Select(a => new Lifetime(a.Id, a.SectionId, Wareki.TodayIn(a.ListedAt!.Value),
                a.DelistingRequestedAt is { } r ? Wareki.TodayIn(r) : null, a.ClosedAt is { } c ? Wareki.TodayIn(c) : null))
            .Where(a => a.Listed <= last && (a.Closed is null || a.Closed > from))
            .ToList();
        if (accounts.Count == 0)
        {
            return [];
        }
        var ids = accounts.Select(a => a.Id).ToHashSet();

        var policies = (await db.PolicyVersions.AsNoTracking()
                .Where(p => (p.Status == PolicyVersionStatus.Accepted || p.Status == PolicyVersionStatus.Superseded) && query.Any(a => a.Id == p.AccountId))
                .Select(p => new { p.AccountId, p.Number, p.AcceptedAt, p.PeriodEnd, p.OperatingDays, p.ExcludeHolidays }).ToListAsync(ct))
            .Where(p => p.AcceptedAt is not null)
            .GroupBy(p => p.AccountId)
            .ToDictionary(g => g.Key, g => g.OrderBy(p => p.Number)
                .Select(p => new PolicyInForce(Wareki.TodayIn(p.AcceptedAt!.Value), p.PeriodEnd, new CheckSchedule(p.OperatingDays, p.ExcludeHolidays))).ToList());

        // A review older than this makes every day of the period overdue, as no review would (a review is never before the
        // listing): the older ones need not be read.
        var reviewsFrom = first.AddMonths(-_options.ReviewIntervalMonths - 1).AddDays(-_options.ReviewGraceDays - 1);
        var reviews = (await db.AccountReviews.AsNoTracking()
                .Where(r => r.ReviewedOn >= reviewsFrom && r.ReviewedOn <= last && query.Any(a => a.Id == r.AccountId))
                .Select(r => new { r.AccountId, r.ReviewedOn }).ToListAsync(ct))
            .ToLookup(r => r.AccountId, r => r.ReviewedOn);

        // The days each account got its checks from two different people, aggregated in SQL (a year of checks is ≈ 1,000,000 rows).
        var complete = (await db.DailyChecks.AsNoTracking()
                .Where(c => c.Day >= from && c.Day <= last)
                .GroupBy(c => new { c.AccountId, c.Day })
                .Where(g => g.Select(c => c.UserId).Distinct().Count() >= DailyCheck.RequiredCheckers)
                .Select(g => new { g.Key.AccountId, g.Key.Day }).ToListAsync(ct))
            .Where(x => ids.Contains(x.AccountId))
            .ToLookup(x => x.AccountId, x => x.Day);

        var sectionNames = await db.Sections.AsNoTracking()
            .OrderBy(x => x.Department.SortOrder).ThenBy(x => x.Name)
            .Select(x => new { x.Id, Name = x.Department.Name + " " + x.Name }).ToListAsync(ct);

        var perAccount = accounts.ToDictionary(a => a.Id, a => Reconstruct(a, policies.GetValueOrDefault(a.Id) ?? [], reviews[a.Id].Order().ToList(),
            complete[a.Id].ToHashSet(), days, windowStart, from));
        var result = new List<SectionHistory>();
        foreach (var section in sectionNames)
        {
            var members = accounts.Where(a => a.SectionId == section.Id).Select(a => perAccount[a.Id]).ToList();
            if (members.Count == 0)
            {
                continue;
            }
            result.Add(new SectionHistory(section.Id, section.Name, days.Select((d, i) => new BoardDay(d,
                members.Count(m => m[i].Due), members.Count(m => m[i].Done), members.Count(m => m[i].PeriodOverdue),
                members.Count(m => m[i].ReviewOverdue), members.Count(m => m[i].Missed),
                members.Count(m => m[i].PeriodOverdue || m[i].ReviewOverdue || m[i].Missed))).ToList()));
        }
        return result;
    }

    private sealed record Lifetime(Guid Id, Guid SectionId, DateOnly Listed, DateOnly? DelistingRequested, DateOnly? Closed)
    {
        /// <summary>Listed (掲載中) at the close of <paramref name="day"/>.</summary>
        public bool ListedAt(DateOnly day) => Listed <= day && (DelistingRequested is null || DelistingRequested > day) && (Closed is null || Closed > day);

        /// <summary>On the board at the close of <paramref name="day"/>: 掲載中 or 削除依頼中.</summary>
        public bool WatchedAt(DateOnly day) => Listed <= day && (Closed is null || Closed > day);
    }

    private sealed record PolicyInForce(DateOnly AcceptedOn, DateOnly? PeriodEnd, CheckSchedule Schedule);

    private readonly record struct AccountDay(bool Due, bool Done, bool PeriodOverdue, bool ReviewOverdue, bool Missed);

    /// <summary>One account over the days, by the rules the board applies today (<see cref="CheckRule.IsDue"/>, <see cref="SocialAccount.IsOverdueOn"/>, <see cref="ReviewSchedule"/>).</summary>
    private AccountDay[] Reconstruct(Lifetime a, IReadOnlyList<PolicyInForce> policies, IReadOnlyList<DateOnly> reviews, HashSet<DateOnly> complete,
        IReadOnlyList<DateOnly> days, IReadOnlyDictionary<DateOnly, DateOnly> windowStart, DateOnly from)
    {
        PolicyInForce? On(DateOnly day) => policies.LastOrDefault(p => p.AcceptedOn <= day) ?? (policies.Count > 0 ? policies[0] : null);
        // A day is due when the account ran that day by the policy then in force and was listed all day (the day of
        // listing and the day of the delisting request are partial days, as on the board).
        bool DueOn(DateOnly day) => a.ListedAt(day) && CheckRule.IsDue(calendar, On(day)?.Schedule ?? CheckSchedule.BusinessDaysOnly, day, a.Listed);
        var missed = new List<DateOnly>();
        for (var d = from; d <= days[^1]; d = d.AddDays(1))
        {
            if (DueOn(d) && !complete.Contains(d))
            {
                missed.Add(d);
            }
        }
        var result = new AccountDay[days.Count];
        for (var i = 0; i < days.Count; i++)
        {
            var day = days[i];
            var listed = a.ListedAt(day);
            var status = listed ? AccountStatus.Listed : AccountStatus.DelistingRequested;
            var periodOverdue = a.WatchedAt(day) && SocialAccount.IsOverdueOn(status, On(day)?.PeriodEnd, day);
            var lastReview = reviews.LastOrDefault(r => r <= day);
            var reviewOverdue = listed && AccountReviewUseCases.StatusOf(lastReview == default ? null : lastReview, a.Listed, day, _options, listed: true).Overdue;
            var start = windowStart[day];
            var missedInWindow = listed && missed.Exists(m => m >= start && m < day);
            var due = DueOn(day);
            result[i] = new AccountDay(due, due && complete.Contains(day), periodOverdue, reviewOverdue, missedInWindow);
        }
        return result;
    }
}
