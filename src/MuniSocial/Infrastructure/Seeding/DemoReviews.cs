using MuniSocial.Domain.Operations;

namespace MuniSocial.Infrastructure.Seeding;

/// <summary>
/// Demo data of 運用状況の確認: past reviews of the demo accounts, made through the domain method with the
/// daily-check figure computed as the page would (the demo has no daily checks before its start, so every due
/// day counts as missed — the demo head says why).
/// </summary>
internal static class DemoReviews
{
    public static void Seed(AppDbContext db, BusinessCalendar calendar, DateTimeOffset now,
        SocialAccount kankoInfo, SocialAccount festival, SocialAccount kosodate, Actor kankoHead, Actor kosodateHead)
    {
        const string paper = "確認は紙の確認簿で毎日2人以上が実施しており、システムへの記録は移行中。";
        // 観光情報: reviewed monthly, the last 12 days ago (not due yet).
        Add(db, calendar, now, kankoInfo, kankoHead,
            (70, Input(new() { [ReviewChecklist.DailyChecks] = (ReviewAnswer.NonConforming, "確認記録のない開庁日が多い。担当者の確認が定着していない。") },
                "発信内容・返信の方針は運用ポリシーどおり。毎日の確認の記録に課題がある。",
                "担当者2名で毎朝9時に確認し、その日のうちに記録する。室長が毎週金曜日に記録を確認する。")),
            (40, Input(new() { [ReviewChecklist.DailyChecks] = (ReviewAnswer.Conforms, paper) }, "前回の改善措置により確認は定着した。", null)),
            (12, Input(new()
            {
                [ReviewChecklist.DailyChecks] = (ReviewAnswer.Conforms, paper),
                [ReviewChecklist.ReplyPolicy] = (ReviewAnswer.NotApplicable, "期間中、返信を要する書込みはなかった。"),
            }, null, null)));
        // 雪質日本一フェス: last reviewed 35 days ago — the next review is due (its period has also ended).
        Add(db, calendar, now, festival, kankoHead,
            (35, Input(new()
            {
                [ReviewChecklist.DailyChecks] = (ReviewAnswer.Conforms, paper),
                [ReviewChecklist.AccessHolders] = (ReviewAnswer.NonConforming, "イベント終了後も実行委員会の個人アカウントが管理者として残っている。"),
            }, "運用期間の終了に合わせて閉鎖の準備が必要。", "実行委員会の個人アカウントの管理権限を削除し、運用期間の終了後速やかにアカウントを削除して削除依頼（様式4）を提出する。")));
        // 子育て応援: one review 75 days ago, none since — overdue.
        Add(db, calendar, now, kosodate, kosodateHead,
            (75, Input(new() { [ReviewChecklist.DailyChecks] = (ReviewAnswer.Conforms, paper) }, null, null)));
    }

    private static ReviewInput Input(Dictionary<string, (ReviewAnswer Answer, string? Comment)> overrides, string? findings, string? action) =>
        new(ReviewChecklist.Items.Select(d => overrides.TryGetValue(d.Key, out var o)
            ? new ReviewItemInput(d.Key, o.Answer, o.Comment)
            : new ReviewItemInput(d.Key, ReviewAnswer.Conforms, null)).ToList(), findings, action);

    private static void Add(AppDbContext db, BusinessCalendar calendar, DateTimeOffset now, SocialAccount account, Actor head,
        params (int DaysAgo, ReviewInput Input)[] reviews)
    {
        var listedOn = Wareki.TodayIn(account.ListedAt!.Value);
        var operators = account.Operators.Select(o => (o.UserId, o.Name)).ToList();
        var from = listedOn;
        foreach (var (daysAgo, input) in reviews.OrderByDescending(r => r.DaysAgo))
        {
            var at = now.AddDays(-daysAgo);
            var day = Wareki.TodayIn(at);
            var days = Enumerable.Range(0, Math.Max(0, day.DayNumber - from.DayNumber)).Select(from.AddDays).ToList();
            var schedule = CheckSchedule.Of(account.AcceptedPolicy);
            var missed = CheckRule.Missed(days, listedOn, calendar, schedule, new Dictionary<DateOnly, List<(string, string)>>(), operators);
            var period = new ReviewPeriod(from, day.AddDays(-1), days.Count(d => CheckRule.IsDue(calendar, schedule, d, listedOn)), missed.Select(m => m.Day).ToList());
            db.Add(AccountReview.Record(head, account, input, period, at));
            from = day;
        }
    }
}
