using MuniSocial.Domain.Operations;
using MuniSocial.Features.Board;

namespace MuniSocial.Features.AccountReviews;

/// <summary>
/// 運用状況の確認 (§5(2)ア) outside the domain: the last review per account for the schedule (one query for
/// all accounts, for the board), the period and daily-check figure of a new review, and recording one.
/// Shared by the pages, the API, the board and the reminders.
/// </summary>
public static class AccountReviewUseCases
{
    /// <summary>The day of the newest review of each watched account (absent = never reviewed).</summary>
    public static async Task<Dictionary<Guid, DateOnly>> LastReviewedAsync(AppDbContext db, IReadOnlyCollection<Guid> accountIds, CancellationToken ct)
    {
        // One index seek per watched account on (AccountId, ReviewedOn): reviews pile up monthly, the board must not slow.
        var last = (await db.Accounts.AsNoTracking().Where(a => AccountConditions.Watched.Contains(a.Status))
                .Select(a => new
                {
                    AccountId = a.Id,
                    Last = db.AccountReviews.Where(r => r.AccountId == a.Id).OrderByDescending(r => r.ReviewedOn).Select(r => (DateOnly?)r.ReviewedOn).FirstOrDefault(),
                })
                .Where(x => x.Last != null)
                .ToListAsync(ct))
            .Select(x => new { x.AccountId, Last = x.Last!.Value }).ToList();
        var wanted = accountIds as IReadOnlySet<Guid> ?? accountIds.ToHashSet();
        return last.Where(l => wanted.Contains(l.AccountId)).ToDictionary(l => l.AccountId, l => l.Last);
    }

    /// <summary>The schedule of one account today; not due while the account is not Listed (削除依頼中 is ending).</summary>
    public static ReviewStatus StatusOf(IReadOnlyDictionary<Guid, DateOnly> lastReviews, Guid accountId, DateOnly listedOn, DateOnly today,
        OperationsOptions options, bool listed) =>
        StatusOf(lastReviews.TryGetValue(accountId, out var d) ? d : null, listedOn, today, options, listed);

    public static ReviewStatus StatusOf(DateOnly? lastReviewOn, DateOnly listedOn, DateOnly today, OperationsOptions options, bool listed)
    {
        var status = ReviewSchedule.Of(listedOn, lastReviewOn, today, options.ReviewIntervalMonths, options.ReviewGraceDays);
        return listed ? status : status with { Due = false, Overdue = false };
    }

    /// <summary>
    /// The period a review made today covers — from the last review (or the day of listing) to yesterday, or to
    /// the day before the delisting request — with the business days on which checks were due and those that
    /// had fewer than two different checkers.
    /// </summary>
    public static async Task<ReviewPeriod> PeriodAsync(AppDbContext db, BusinessCalendar calendar, SocialAccount account, DateOnly today, CancellationToken ct)
    {
        var listedOn = account.ListedAt is { } l ? Wareki.TodayIn(l) : today;
        var last = await db.AccountReviews.AsNoTracking().Where(r => r.AccountId == account.Id)
            .OrderByDescending(r => r.ReviewedOn).Select(r => (DateOnly?)r.ReviewedOn).FirstOrDefaultAsync(ct);
        var from = last ?? listedOn;
        var to = today.AddDays(-1);
        if (account.Status == AccountStatus.DelistingRequested && account.DelistingRequestedAt is { } requested)
        {
            var lastChecked = Wareki.TodayIn(requested).AddDays(-1);
            to = lastChecked < to ? lastChecked : to;
        }
        if (to < from)
        {
            return new ReviewPeriod(from, to, 0, []);
        }
        var checks = (await db.DailyChecks.AsNoTracking().Where(c => c.AccountId == account.Id && c.Day >= from && c.Day <= to)
                .Select(c => new { c.Day, c.UserId, c.UserName }).ToListAsync(ct))
            .GroupBy(c => c.Day).ToDictionary(g => g.Key, g => g.Select(c => (c.UserId, c.UserName)).ToList());
        var days = new List<DateOnly>();
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            days.Add(d);
        }
        var schedule = CheckSchedule.Of(account.AcceptedPolicy);
        var due = days.Count(d => CheckRule.IsDue(calendar, schedule, d, listedOn));
        var missed = CheckRule.Missed(days, listedOn, calendar, schedule, checks, account.Operators.Select(o => (o.UserId, o.Name)).ToList());
        return new ReviewPeriod(from, to, due, missed.Select(m => m.Day).ToList());
    }

    /// <summary>Records a review: one rule, one save (the audit entry in the same save).</summary>
    public static async Task<AccountReview> RecordAsync(AppDbContext db, BusinessCalendar calendar, Actor actor, SocialAccount account, ReviewInput input,
        DateTimeOffset at, string? offsiteReason, CancellationToken ct)
    {
        var period = await PeriodAsync(db, calendar, account, Wareki.TodayIn(at), ct);
        var review = AccountReview.Record(actor, account, input, period, at, offsiteReason);
        db.Add(review);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (Problems.IsConcurrencyConflict(ex))
        {
            db.ChangeTracker.Clear();
            throw new DomainRuleException(Problems.ConcurrencyMessage, Concurrency.Rule);
        }
        return review;
    }

    /// <summary>The reviews of an account, newest first.</summary>
    public static async Task<List<AccountReview>> HistoryAsync(AppDbContext db, Guid accountId, CancellationToken ct)
    {
        var list = await db.AccountReviews.AsNoTracking().Where(r => r.AccountId == accountId).ToListAsync(ct);
        return list.OrderByDescending(r => r.ReviewedOn).ThenByDescending(r => r.At).ToList();
    }
}
