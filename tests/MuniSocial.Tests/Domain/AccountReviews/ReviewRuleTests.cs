using System.Reflection;
using MuniSocial.Domain;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Operations;

namespace MuniSocial.Tests.Domain.AccountReviews;

/// <summary>The rules of 運用状況の確認 (§5(2)ア) as tables: who records, what the checklist needs, the schedule.</summary>
public sealed class ReviewRuleTests
{
    private static readonly Guid SectionA = Guid.NewGuid();
    private static readonly Guid SectionB = Guid.NewGuid();
    private static readonly Guid PrSection = Guid.NewGuid();
    private static readonly DateTimeOffset At = new(2026, 6, 1, 1, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, Actor> Actors = new()
    {
        ["operator"] = new("op", "北 ひかり", new HashSet<Role> { Role.Operator }, SectionA),
        ["operator2"] = new("op2", "東 みのり", new HashSet<Role> { Role.Operator }, SectionA),
        ["head"] = new("head", "南 大地", new HashSet<Role> { Role.SectionHead }, SectionA),
        ["head-other-section"] = new("head2", "風連 まもる", new HashSet<Role> { Role.SectionHead }, SectionB),
        ["pr"] = new("pr", "西 広報", new HashSet<Role> { Role.PrOffice, Role.Operator }, PrSection),
        ["pr-head"] = new("pr2", "中央 報子", new HashSet<Role> { Role.PrOffice, Role.SectionHead }, PrSection),
        ["admin"] = new("admin", "情報 管理", new HashSet<Role> { Role.Admin }, null),
    };

    private static SocialAccount Listed()
    {
        var op = Actors["operator"];
        var op2 = Actors["operator2"];
        var account = SocialAccount.Create(op, SectionA, new PolicyContent
        {
            Platform = Platform.X,
            AccountName = "確認ルールテスト",
            AccountUrl = "https://x.com/review_rules",
            Content = "観光情報を発信します。",
            Purpose = "観光振興のため。",
            PeriodStart = new DateOnly(2026, 1, 1),
            PeriodEnd = new DateOnly(2027, 3, 31),
            HoursStart = new TimeOnly(8, 45),
            HoursEnd = new TimeOnly(17, 30),
            ReplyPolicy = ReplyPolicyKind.NoReply,
            ReplyWording = Labels.DefaultReplyWording(ReplyPolicyKind.NoReply),
        }, [new(op.UserId, op.Name, SectionA), new(op2.UserId, op2.Name, SectionA)], At.AddDays(-40));
        account.RequestListing(Actors["head"], At.AddDays(-39), false);
        account.List(Actors["pr"], Guid.NewGuid(), At.AddDays(-38));
        return account;
    }

    private static readonly ReviewPeriod Clean = new(new DateOnly(2026, 5, 1), new DateOnly(2026, 5, 31), 20, []);

    private static ReviewInput AllConform(string? findings = null, string? action = null, params (string Key, ReviewAnswer? Answer, string? Comment)[] overrides) =>
        new(ReviewChecklist.Items.Select(d => overrides.Any(o => o.Key == d.Key)
                ? overrides.Where(o => o.Key == d.Key).Select(o => new ReviewItemInput(o.Key, o.Answer, o.Comment)).First()
                : new ReviewItemInput(d.Key, ReviewAnswer.Conforms, null))
            .Concat(overrides.Where(o => ReviewChecklist.Find(o.Key) is null).Select(o => new ReviewItemInput(o.Key, o.Answer, o.Comment))).ToList(),
            findings, action);

    [Theory]
    [InlineData("head", true)]
    [InlineData("operator", false)]
    [InlineData("head-other-section", false)]
    [InlineData("pr", false)]
    [InlineData("pr-head", false)]
    [InlineData("admin", false)]
    public void Only_the_head_of_the_owning_section_records_a_review(string who, bool allowed)
    {
        var account = Listed();
        if (allowed)
        {
            var review = AccountReview.Record(Actors[who], account, AllConform(), Clean, At);
            Assert.Equal(new DateOnly(2026, 6, 1), review.ReviewedOn);
            Assert.Equal(ReviewChecklist.Items.Count, review.Items.Count);
            Assert.Equal(1, review.PolicyVersionNumber);
            var audit = Assert.Single(review.PendingAudit);
            Assert.Equal("account-review.recorded", audit.Action);
            Assert.Equal(account.Id.ToString(), audit.EntityId);
            Assert.Contains("\"daily-checks\"", audit.After!, StringComparison.Ordinal);
        }
        else
        {
            var ex = Assert.Throws<DomainForbiddenException>(() => AccountReview.Record(Actors[who], account, AllConform(), Clean, At));
            Assert.Equal("運用状況の確認を記録できるのは、そのアカウントの所属の所属長です。", ex.Message);
        }
    }

    [Fact]
    public void A_draft_or_closed_account_is_not_reviewed()
    {
        var op = Actors["operator"];
        var draft = SocialAccount.Create(op, SectionA, new PolicyContent { AccountName = "下書き" }, [new(op.UserId, op.Name, SectionA)], At);
        var ex = Assert.Throws<DomainRuleException>(() => AccountReview.Record(Actors["head"], draft, AllConform(), Clean, At));
        Assert.Equal("review-not-applicable", ex.Rule);
        Assert.Contains("下書き", ex.Message, StringComparison.Ordinal);

        var closing = Listed();
        closing.RequestDelisting(Actors["head"], new DateOnly(2026, 5, 30), "運用終了のため。", true, At.AddDays(-1));
        // 削除依頼中 can still be reviewed (the account may still exist on the platform).
        Assert.NotNull(AccountReview.Record(Actors["head"], closing, AllConform(), Clean, At));
        closing.Delist(Actors["pr"], At);
        Assert.Equal("review-not-applicable", Assert.Throws<DomainRuleException>(() => AccountReview.Record(Actors["head"], closing, AllConform(), Clean, At)).Rule);
    }

    public static TheoryData<string, ReviewInput, ReviewPeriod, string, string> BadInput => new()
    {
        { "missing answer", AllConform(null, null, (ReviewChecklist.OperatingHours, null, null)), Clean,
            "items.operating-hours.answer", "「運用時間が守られている」の結果（適合・不適合・該当なし）を選んでください。" },
        { "undefined answer", AllConform(null, null, (ReviewChecklist.Trouble, (ReviewAnswer)7, null)), Clean,
            "items.trouble.answer", "「トラブルが放置されていない」の結果（適合・不適合・該当なし）を選んでください。" },
        { "not conforming without comment", AllConform(null, "改善する。", (ReviewChecklist.ReplyPolicy, ReviewAnswer.NonConforming, " ")), Clean,
            "items.reply-policy.comment", "「投稿に対する返信が運用ポリシーどおり」が不適合の場合は、その内容をコメントに入力してください。" },
        { "not conforming without action", AllConform(null, null, (ReviewChecklist.ContentScope, ReviewAnswer.NonConforming, "目的外の宣伝を発信した。")), Clean,
            "action", "不適合の項目がある場合は、改善措置（いつ・誰が・何をするか）を入力してください。" },
        { "missed checks but conforms without a reason", AllConform(), new ReviewPeriod(new DateOnly(2026, 5, 1), new DateOnly(2026, 5, 31), 20, [new DateOnly(2026, 5, 12), new DateOnly(2026, 5, 13)]),
            "items.daily-checks.comment", "確認記録では、確認が2人未満の開庁日が2日あります。「適合」とする場合は、その理由をコメントに入力してください。" },
        { "unknown item", AllConform(null, null, ("colour", ReviewAnswer.Conforms, null)), Clean,
            "items", "確認項目「colour」はありません。" },
        { "comment too long", AllConform(null, null, (ReviewChecklist.StaffConduct, ReviewAnswer.Conforms, new string('あ', 1001))), Clean,
            "items.staff-conduct.comment", "「職員の服務に沿った発信・返信」のコメントは1000文字以内で入力してください（現在1001文字）。" },
        { "findings too long", AllConform(new string('x', 4001)), Clean, "findings", "所見は4000文字以内で入力してください（現在4001文字）。" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public void Bad_input_names_the_field_and_records_nothing(string because, ReviewInput input, ReviewPeriod period, string field, string message)
    {
        var ex = Assert.Throws<DomainValidationException>(() => AccountReview.Record(Actors["head"], Listed(), input, period, At));
        Assert.True(ex.FieldErrors.ContainsKey(field), $"{because}: {string.Join(", ", ex.FieldErrors.Keys)}");
        Assert.Contains(ex.FieldErrors[field], m => m.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Not_conforming_with_comment_and_action_is_recorded_and_missed_checks_can_be_explained_or_not_conforming()
    {
        var missed = new ReviewPeriod(new DateOnly(2026, 5, 1), new DateOnly(2026, 5, 31), 20, [new DateOnly(2026, 5, 12)]);
        var review = AccountReview.Record(Actors["head"], Listed(), AllConform("返信が遅れた書込みがあった。", "担当者間で返信の期限を共有する。",
            (ReviewChecklist.ReplyPolicy, ReviewAnswer.NonConforming, "問い合わせへの回答が3日遅れた。"),
            (ReviewChecklist.DailyChecks, ReviewAnswer.NotApplicable, "5/12は庁舎停電のため確認できず。")), missed, At);
        Assert.True(review.HasNonConformity);
        Assert.Equal(1, review.MissedCheckDays);
        Assert.Equal(20, review.DueCheckDays);
        Assert.Equal("担当者間で返信の期限を共有する。", review.Action);
        Assert.Equal("問い合わせへの回答が3日遅れた。", review.Items.Single(i => i.Key == ReviewChecklist.ReplyPolicy).Comment);

        var honest = AccountReview.Record(Actors["head"], Listed(), AllConform(null, "毎朝の確認を徹底する。",
            (ReviewChecklist.DailyChecks, ReviewAnswer.NonConforming, "確認漏れが1日あった。")), missed, At);
        Assert.Equal(ReviewAnswer.NonConforming, honest.Items.Single(i => i.Key == ReviewChecklist.DailyChecks).Answer);
    }

    [Fact]
    public void A_recorded_review_cannot_be_changed()
    {
        foreach (var type in new[] { typeof(AccountReview), typeof(AccountReviewItem) })
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                Assert.False(property.SetMethod?.IsPublic == true, $"{type.Name}.{property.Name} has a public setter");
            }
            var mutators = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName).Select(m => m.Name).ToList();
            Assert.Empty(mutators);
        }
    }

    [Theory]
    // listed, last review, today → due on, due, overdue (monthly, 14 days' grace)
    [InlineData("2026-05-01", null, "2026-05-31", "2026-06-01", false, false)]
    [InlineData("2026-05-01", null, "2026-06-01", "2026-06-01", true, false)]
    [InlineData("2026-05-01", null, "2026-06-15", "2026-06-01", true, false)]
    [InlineData("2026-05-01", null, "2026-06-16", "2026-06-01", true, true)]
    [InlineData("2025-01-10", "2026-01-31", "2026-02-27", "2026-02-28", false, false)] // month end: 1/31 + 1 month = 2/28
    [InlineData("2025-01-10", "2026-01-31", "2026-02-28", "2026-02-28", true, false)]
    [InlineData("2025-01-10", "2026-03-31", "2026-04-30", "2026-04-30", true, false)]
    [InlineData("2025-01-10", "2026-03-31", "2026-05-15", "2026-04-30", true, true)]
    [InlineData("2025-01-10", "2026-05-20", "2026-06-01", "2026-06-20", false, false)] // the last review counts, not the listing
    [InlineData("2025-12-15", "2025-12-31", "2026-01-31", "2026-01-31", true, false)] // across the new year
    public void The_review_is_due_a_month_after_the_last_one_and_overdue_after_the_grace(string listed, string? last, string today, string dueOn, bool due, bool overdue)
    {
        var status = ReviewSchedule.Of(DateOnly.Parse(listed), last is null ? null : DateOnly.Parse(last), DateOnly.Parse(today), 1, 14);
        Assert.Equal(DateOnly.Parse(dueOn), status.DueOn);
        Assert.Equal(due, status.Due);
        Assert.Equal(overdue, status.Overdue);
    }

    [Fact]
    public void The_interval_and_the_grace_are_settings()
    {
        var quarterly = ReviewSchedule.Of(new DateOnly(2026, 1, 15), null, new DateOnly(2026, 4, 14), 3, 0);
        Assert.Equal(new DateOnly(2026, 4, 15), quarterly.DueOn);
        Assert.False(quarterly.Due);
        var strict = ReviewSchedule.Of(new DateOnly(2026, 1, 15), null, new DateOnly(2026, 4, 16), 3, 0);
        Assert.True(strict.Overdue); // no grace: overdue the day after the due date
    }
}
