using MuniSocial.Domain;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Forms;
using static MuniSocial.Tests.Domain.Accounts.AccountLifecycleTests;
using static MuniSocial.Tests.Support.TableData;

namespace MuniSocial.Tests.Domain.Accounts;

/// <summary>
/// The account rules that pages, the API and the forms ask the domain instead of restating them: what each
/// actor may do (the buttons), why a policy cannot be edited, what a submission still needs, who may register,
/// when an account is overdue, how a platform is named, the reply wording, and reading 様式1 as entered.
/// Each is checked against the transition that enforces it, so a page cannot show what the domain refuses.
/// </summary>
public sealed class AccountRulesTests
{
    private static Act ActOf(AccountAction action) => action switch
    {
        AccountAction.EditPolicy => Act.UpdatePolicy,
        _ => Enum.Parse<Act>(action.ToString()),
    };

    public static TheoryData<State, AccountAction, Who> EveryAction()
    {
        var data = new TheoryData<State, AccountAction, Who>();
        foreach (var s in Enum.GetValues<State>())
        {
            foreach (var a in Enum.GetValues<AccountAction>())
            {
                foreach (var w in Enum.GetValues<Who>())
                {
                    data.Add(s, a, w);
                }
            }
        }
        return data;
    }

    /// <summary>
    /// Names shown on the public list refuse what makes one name look like another or reorders the text around it: a bidi
    /// override (U+202E), an isolate (U+2067), zero-width characters (U+200B, U+200D, U+FEFF), a control character (a line break stays: the pages show it as a space).
    /// </summary>
    [Theory]
    [InlineData("名寄市\u202E公式")]
    [InlineData("名寄市\u2067公式")]
    [InlineData("名寄\u200B市公式")]
    [InlineData("名寄\u200D市公式")]
    [InlineData("\uFEFF名寄市公式")]
    [InlineData("名寄市\u0007公式")]
    public void A_name_with_bidi_zero_width_or_control_characters_is_refused_naming_the_field(string name)
    {
        var problems = new PolicyContent { AccountName = name, RelatedOrganisationName = name, OtherPlatformName = name }.Problems(complete: false);
        foreach (var field in new[] { "accountName", "relatedOrganisationName", "otherPlatformName" })
        {
            Assert.Contains(problems[field], m => m.Contains("使えない文字", StringComparison.Ordinal));
        }
        // Ordinary Japanese, a variation selector of a kanji (葛󠄀) and an emoji without a joiner stay allowed.
        Assert.Empty(new PolicyContent { AccountName = "名寄市　公式（葛\U000E0100）🌻", RelatedOrganisationName = "名寄市観光協会" }.Problems(complete: false));
    }

    /// <summary>(c) A button is shown exactly when the transition succeeds, and a refusal is the transition's own.</summary>
    [Theory]
    [MemberData(nameof(EveryAction))]
    public void Can_is_true_exactly_when_the_transition_succeeds_and_the_refusal_is_what_it_throws(State state, AccountAction action, Who who)
    {
        var actor = ActorOf(who);
        var refusal = Build(state).RefusalOf(action, actor);
        var account = Build(state);
        Assert.Equal(refusal is null, account.Can(action, actor));
        Assert.Equal(refusal is null, account.AllowedActions(actor).Contains(action));

        if (refusal is null)
        {
            Perform(account, ActOf(action), actor); // does not throw
            Assert.Single(account.PendingAudit);
            return;
        }
        var ex = Assert.ThrowsAny<DomainRuleException>(() => Perform(account, ActOf(action), actor));
        Assert.Equal(refusal.Message, ex.Message);
        Assert.Equal(refusal.Rule, ex.Rule);
        Assert.Equal(refusal.Forbidden, ex is DomainForbiddenException);
        Assert.Empty(account.PendingAudit);
    }

    [Fact]
    public void Every_account_action_has_a_transition_in_the_lifecycle_table()
    {
        Assert.Equal(Enum.GetValues<Act>().Length - 1, Enum.GetValues<AccountAction>().Length); // all but Create
        Assert.All(Enum.GetValues<AccountAction>(), a => Assert.True(Enum.IsDefined(ActOf(a))));
    }

    public static TheoryData<State, Who, string?, string?> EditBlocks => new()
    {
        { State.Draft, Who.OperatorSameSection, null, null },
        { State.ListedWithRevisionDraft, Who.SectionHeadSameSection, null, null },
        { State.Draft, Who.PrOffice, "運用ポリシーを編集できるのは、その所属の担当者または所属長です。", "運用ポリシーを編集できるのは、その所属の担当者または所属長です。" },
        { State.ListingRequested, Who.OperatorSameSection, "掲載依頼中は運用ポリシーを編集できません。市広報担当の審査をお待ちください。",
            "掲載依頼中のため、編集できません。市広報担当の審査をお待ちください。差し戻された場合は再び編集できます。" },
        { State.Listed, Who.OperatorSameSection, "掲載中のアカウントの運用ポリシーは、改訂を作成してから編集してください。",
            "掲載中のアカウントの運用ポリシーを変更するには、アカウントの画面で「改訂を作成」してください。" },
        { State.ListedWithRevisionSubmitted, Who.OperatorSameSection, "改訂の審査中は編集できません。",
            "改訂が市広報担当の審査中のため、編集できません。差し戻された場合は再び編集できます。" },
        { State.DelistingRequested, Who.SectionHeadSameSection, "削除依頼中のアカウントの運用ポリシーは編集できません。", "削除依頼中のアカウントの運用ポリシーは編集できません。" },
        { State.Closed, Who.OperatorSameSection, "運用終了のアカウントの運用ポリシーは編集できません。", "運用終了のアカウントの運用ポリシーは編集できません。" },
    };

    /// <summary>(a) The edit page shows the domain's reason; UpdatePolicy refuses with the same block's message.</summary>
    [Theory]
    [MemberData(nameof(EditBlocks))]
    public void Why_a_policy_cannot_be_edited_is_one_answer_for_the_page_and_for_UpdatePolicy(State state, Who who, string? message, string? onScreen)
    {
        var account = Build(state);
        var actor = ActorOf(who);
        var block = account.PolicyEditBlock(actor);
        Assert.Equal(message, block?.Message);
        Assert.Equal(onScreen, block?.Explanation);
        if (block is null)
        {
            account.UpdatePolicy(actor, Complete() with { Content = "編集後" }, T1);
            Assert.Equal("編集後", account.OpenPolicy!.Content);
            return;
        }
        var ex = Assert.ThrowsAny<DomainRuleException>(() => account.UpdatePolicy(actor, Complete() with { Content = "編集後" }, T1));
        Assert.Equal(message, ex.Message);
        Assert.Equal(block.Forbidden, ex is DomainForbiddenException);
    }

    public static TheoryData<string, string, string> MissingCases => new()
    {
        { "purpose", "purpose", "開設・運用の目的を入力してください。" },
        { "period", "periodEnd", "運用期間の終了日を入力してください。" },
        { "one-operator", "operators", "運用担当者を2人以上指定してください（現在1人。ガイドライン5(2)ア）。" },
        { "url-taken", "accountUrl", "このアカウントのURLは、既に別のアカウントとして登録されています。" },
        { "complete", "", "" },
    };

    /// <summary>(b) The detail page's checklist is the list RequestListing refuses with, field by field.</summary>
    [Theory]
    [MemberData(nameof(MissingCases))]
    public void What_a_submission_still_needs_is_the_list_the_submission_refuses_with(string problem, string field, string message)
    {
        var content = problem switch
        {
            "purpose" => Complete() with { Purpose = null },
            "period" => Complete() with { PeriodEnd = null },
            _ => Complete(),
        };
        StaffMember[] operators = problem == "one-operator" ? [M(Operator)] : [M(Operator), M(Operator2)];
        var account = SocialAccount.Create(Operator, SectionA, content, operators, T0);
        var urlTaken = problem == "url-taken";

        var missing = account.SubmissionProblems(urlTaken);
        if (problem == "complete")
        {
            Assert.Empty(missing);
            account.RequestListing(Head, T1, urlTaken);
            Assert.Equal(AccountStatus.ListingRequested, account.Status);
            Assert.Empty(account.SubmissionProblems(false)); // nothing is being written any more
            return;
        }
        Assert.Equal([message], missing[field]);
        var ex = Assert.Throws<DomainRuleException>(() => account.RequestListing(Head, T1, urlTaken));
        Assert.Equal("policy-incomplete", ex.Rule);
        Assert.Equal(missing.OrderBy(p => p.Key), ex.FieldErrors.OrderBy(p => p.Key));
        Assert.Equal(AccountStatus.Draft, account.Status);
    }

    public static TheoryData<Who, bool, bool> Registrations => new()
    {
        { Who.OperatorSameSection, false, true },
        { Who.SectionHeadSameSection, false, true },
        { Who.OperatorOtherSection, false, false },
        { Who.PrOffice, false, false },
        { Who.Admin, false, false },
        { Who.OperatorSameSection, true, false },
    };

    /// <summary>(d) Who may register an account: the API asks this before it reads the body, Create throws the same.</summary>
    [Theory]
    [MemberData(nameof(Registrations))]
    public void Who_may_register_is_one_check_for_the_api_and_Create(Who who, bool noSection, bool allowed)
    {
        var actor = ActorOf(who);
        Guid? section = noSection ? null : SectionA;
        var refusal = SocialAccount.CreateRefusal(actor, section);
        Assert.Equal(allowed, refusal is null);
        if (allowed)
        {
            SocialAccount.EnsureCanCreate(actor, section);
            Assert.Equal(AccountStatus.Draft, SocialAccount.Create(actor, SectionA, Complete(), [], T0).Status);
            return;
        }
        Assert.Equal("アカウントを登録できるのは、その所属の担当者または所属長です。", refusal!.Message);
        Assert.True(refusal.Forbidden);
        Assert.Equal(refusal.Message, Assert.Throws<DomainForbiddenException>(() => SocialAccount.EnsureCanCreate(actor, section)).Message);
        if (section is { } s)
        {
            Assert.Equal(refusal.Message, Assert.Throws<DomainForbiddenException>(() => SocialAccount.Create(actor, s, Complete(), [], T0)).Message);
        }
    }

    public static TheoryData<State, int, bool> OverdueCases()
    {
        var data = new TheoryData<State, int, bool>();
        foreach (var s in Enum.GetValues<State>())
        {
            foreach (var daysAfterEnd in new[] { -1, 0, 1, 400 })
            {
                var onPlatform = s is State.Listed or State.ListedWithRevisionDraft or State.ListedWithRevisionSubmitted or State.DelistingRequested;
                data.Add(s, daysAfterEnd, onPlatform && daysAfterEnd > 0);
            }
        }
        return data;
    }

    /// <summary>(e) Overdue on the boundary days: the entity and the board's read model (IsOverdueOn) agree.</summary>
    [Theory]
    [MemberData(nameof(OverdueCases))]
    public void Overdue_means_the_period_ended_before_today_and_the_account_is_not_closed(State state, int daysAfterEnd, bool overdue)
    {
        var account = Build(state);
        var end = Complete().PeriodEnd!.Value;
        var today = end.AddDays(daysAfterEnd);
        Assert.Equal(overdue, account.IsOverdue(today));
        Assert.Equal(overdue, SocialAccount.IsOverdueOn(account.Status, account.AcceptedPolicy?.PeriodEnd, today));
    }

    [Fact]
    public void An_account_with_no_period_end_is_never_overdue()
    {
        Assert.False(SocialAccount.IsOverdueOn(AccountStatus.Listed, null, new DateOnly(2099, 1, 1)));
    }

    public static TheoryData<Platform?, string?, string, string, string?> PlatformCases => new()
    {
        { null, null, "", "（未入力）", null },
        { Platform.Line, null, "LINE", "LINE", null },
        { Platform.Facebook, null, "Facebook", "Facebook", null },
        { Platform.X, "無視される名前", "X（旧Twitter）", "X（旧Twitter）", null },
        { Platform.Instagram, null, "Instagram", "Instagram", "Instagram" },
        { Platform.YouTube, null, "YouTube", "YouTube", "YouTube" },
        { Platform.Other, "TikTok", "TikTok", "その他（TikTok）", "TikTok" },
        { Platform.Other, "  Threads ", "Threads", "その他（  Threads ）", "Threads" },
        { Platform.Other, null, "その他", "その他（（未入力））", "" },
        { Platform.Other, " ", "その他", "その他（（未入力））", "" },
    };

    /// <summary>(f) The platform's name in lists and letters, on the staff pages and in 様式1's その他 box, from one place.</summary>
    [Theory]
    [MemberData(nameof(PlatformCases))]
    public void The_platform_is_named_by_one_domain_method_everywhere(Platform? platform, string? otherName, string label, string described, string? otherBox)
    {
        Assert.Equal(label, PlatformLabels.Of(platform, otherName));
        Assert.Equal(described, PlatformLabels.Described(platform, otherName, "（未入力）"));
        Assert.Equal(otherBox, PlatformLabels.InOtherBox(platform, otherName));
        // A saved policy is named the same (what the pages, the public list and the API show).
        var account = SocialAccount.Create(Operator, SectionA, Complete() with { Platform = platform, OtherPlatformName = otherName }, [], T0);
        Assert.Equal(label, account.CurrentPolicy.PlatformLabel);
        // 様式1's boxes: ■ on the chosen one, any other platform written in その他（ ）.
        var boxes = FormLayouts.Checkboxes(platform, otherName);
        Assert.StartsWith(otherBox is null ? "□その他（" : $"■その他（{otherBox}", boxes.Split('\n')[1], StringComparison.Ordinal);
    }

    private static readonly string NoReplyWording = Labels.DefaultReplyWording(ReplyPolicyKind.NoReply);
    private static readonly string ReplyWording = Labels.DefaultReplyWording(ReplyPolicyKind.ReplyAsNeeded);

    public static TheoryData<ReplyPolicyKind?, string?, string?> Wordings => new()
    {
        { ReplyPolicyKind.NoReply, ReplyWording, NoReplyWording },
        { ReplyPolicyKind.ReplyAsNeeded, NoReplyWording, ReplyWording },
        { ReplyPolicyKind.ReplyAsNeeded, "  " + NoReplyWording + " ", ReplyWording },
        { ReplyPolicyKind.NoReply, null, NoReplyWording },
        { ReplyPolicyKind.ReplyAsNeeded, "", ReplyWording },
        { ReplyPolicyKind.NoReply, NoReplyWording, NoReplyWording },
        { ReplyPolicyKind.NoReply, "個別の回答はいたしません。", "個別の回答はいたしません。" },
        { null, ReplyWording, ReplyWording },
        { null, null, null },
    };

    /// <summary>(g) A 返信しない policy never carries the 返信する wording (nor the reverse), however it is saved.</summary>
    [Theory]
    [MemberData(nameof(Wordings))]
    public void The_reply_wording_stays_consistent_with_the_reply_policy(ReplyPolicyKind? reply, string? wording, string? saved)
    {
        var content = Complete() with { ReplyPolicy = reply, ReplyWording = wording };
        Assert.Equal(saved, content.WithConsistentReplyWording().ReplyWording?.Trim());

        var account = SocialAccount.Create(Operator, SectionA, content, [M(Operator), M(Operator2)], T0);
        Assert.Equal(saved, account.CurrentPolicy.ReplyWording);
        account.UpdatePolicy(Operator, content, T1);
        Assert.Equal(saved, account.CurrentPolicy.ReplyWording);
    }

    [Theory]
    [InlineData(ReplyPolicyKind.NoReply, ReplyPolicyKind.ReplyAsNeeded, "利用者に示す返信方針の文言が「必要に応じて返信する」の文言になっています。投稿に対する返信（返信しない）に合う文言にしてください。")]
    [InlineData(ReplyPolicyKind.ReplyAsNeeded, ReplyPolicyKind.NoReply, "利用者に示す返信方針の文言が「返信しない」の文言になっています。投稿に対する返信（必要に応じて返信する）に合う文言にしてください。")]
    public void A_contradicting_wording_is_a_problem_of_the_replyWording_field(ReplyPolicyKind reply, ReplyPolicyKind wordingOf, string message)
    {
        var content = Complete() with { ReplyPolicy = reply, ReplyWording = Labels.DefaultReplyWording(wordingOf) };
        Assert.Equal([message], content.Problems(complete: false)["replyWording"]);
        Assert.False(content.WithConsistentReplyWording().Problems(complete: true).ContainsKey("replyWording"));
    }

    private static readonly Guid Unit = Guid.Parse("0195f000-0000-7000-8000-0000000000c1");

    public static TheoryData<string, string?, string, string> BadEntries => new()
    {
        { "unitId", "not-a-guid", "unitId", "係は、この所属の係から選んでください。" },
        { "unitId", "0195f000-0000-7000-8000-0000000000c2", "unitId", "係は、この所属の係から選んでください。" },
        { "ownerKind", "Company", "ownerKind", "アカウントの名義の選択肢が正しくありません。" },
        { "platform", "Myspace", "platform", "利用するソーシャルメディアの種類の選択肢が正しくありません。" },
        { "platform", "99", "platform", "利用するソーシャルメディアの種類の選択肢が正しくありません。" },
        { "periodStart", "来年", "periodStart", "運用期間の開始日は日付（例: 2026-04-01）で入力してください。" },
        { "periodEnd", "2026-13-45", "periodEnd", "運用期間の終了日は日付（例: 2026-04-01）で入力してください。" },
        { "hoursStart", "25:00", "hoursStart", "運用時間の開始時刻は時刻（例: 08:45）で入力してください。" },
        { "hoursEnd", "5pm", "hoursEnd", "運用時間の終了時刻は時刻（例: 08:45）で入力してください。" },
        { "replyPolicy", "7", "replyPolicy", "投稿に対する返信の選択肢が正しくありません。" },
        { "operatingDays", "Funday", "operatingDays", "運用する曜日の選択肢が正しくありません。" },
        { "operatingDays", "12", "operatingDays", "運用する曜日の選択肢が正しくありません。" },
    };

    private static PolicyEntry GoodEntry() => new()
    {
        UnitId = Unit.ToString(),
        OwnerKind = "City",
        Platform = "X",
        AccountName = "名寄市テスト",
        AccountUrl = "https://x.com/nayoro_entry",
        PeriodStart = "2026-04-01",
        PeriodEnd = "2027-03-31",
        OperatingDays = ["Monday", "Wednesday", "Friday"],
        HoursStart = "8:45",
        HoursEnd = "17:30",
        ReplyPolicy = "ReplyAsNeeded",
        ReplyWording = "返信します。",
    };

    /// <summary>(h) One reader of 様式1 for the page and the API: the same field, the same message.</summary>
    [Theory]
    [MemberData(nameof(BadEntries))]
    public void A_value_that_can_never_be_valid_is_named_by_field_with_one_message(string input, string? value, string field, string message)
    {
        var entry = input switch
        {
            "unitId" => GoodEntry() with { UnitId = value },
            "ownerKind" => GoodEntry() with { OwnerKind = value },
            "platform" => GoodEntry() with { Platform = value },
            "periodStart" => GoodEntry() with { PeriodStart = value },
            "periodEnd" => GoodEntry() with { PeriodEnd = value },
            "hoursStart" => GoodEntry() with { HoursStart = value },
            "hoursEnd" => GoodEntry() with { HoursEnd = value },
            "replyPolicy" => GoodEntry() with { ReplyPolicy = value },
            "operatingDays" => GoodEntry() with { OperatingDays = ["Monday", value!] },
            _ => throw new ArgumentOutOfRangeException(nameof(input)),
        };
        Assert.Null(entry.TryRead([Unit], out var problems));
        Assert.Equal([field], problems.Keys);
        Assert.Equal([message], problems[field]);
        var ex = Assert.Throws<DomainValidationException>(() => entry.Read([Unit]));
        Assert.Equal([message], ex.FieldErrors[field]);
    }

    [Fact]
    public void A_good_entry_reads_into_the_content()
    {
        var content = GoodEntry().Read([Unit]);
        Assert.Equal(Unit, content.UnitId);
        Assert.Equal(Platform.X, content.Platform);
        Assert.Equal(new DateOnly(2027, 3, 31), content.PeriodEnd);
        Assert.Equal(OperatingDays.Monday | OperatingDays.Wednesday | OperatingDays.Friday, content.OperatingDays);
        Assert.Equal(new TimeOnly(8, 45), content.HoursStart);
        Assert.Equal(ReplyPolicyKind.ReplyAsNeeded, content.ReplyPolicy);
        Assert.Equal(OwnerKind.City, (new PolicyEntry() with { OwnerKind = null }).Read([]).OwnerKind);
        Assert.Equal(["Monday", "Wednesday", "Friday"], PolicyEntry.DayNames(content.OperatingDays));
    }
}
