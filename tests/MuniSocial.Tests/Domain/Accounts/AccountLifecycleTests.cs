using MuniSocial.Domain;
using MuniSocial.Domain.Accounts;
using static MuniSocial.Tests.Support.TableData;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Domain.Accounts;

/// <summary>
/// The account lifecycle of DOMAIN.md (§5(3)) as a table: every state × every action × every role is
/// either allowed (and then lands in the expected state with exactly one audit record) or refused with
/// the exact exception type and message, leaving the account untouched. Accounts are built in memory
/// with the domain methods themselves.
/// </summary>
public sealed class AccountLifecycleTests
{
    public enum State
    {
        Draft,
        ListingRequested,
        Listed,
        ListedWithRevisionDraft,
        ListedWithRevisionSubmitted,
        DelistingRequested,
        Closed,
    }

    public enum Act
    {
        Create,
        UpdatePolicy,
        SetOperators,
        RequestListing,
        List,
        Return,
        StartRevision,
        SubmitRevision,
        AcceptRevision,
        DiscardRevision,
        RequestDelisting,
        Delist,
    }

    public enum Who
    {
        OperatorSameSection,
        SectionHeadSameSection,
        OperatorOtherSection,
        PrOffice,
        Admin,
    }

    internal static Actor ActorOf(Who who) => who switch
    {
        Who.OperatorSameSection => Operator,
        Who.SectionHeadSameSection => Head,
        Who.OperatorOtherSection => OtherOperator,
        Who.PrOffice => Pr,
        Who.Admin => Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(who)),
    };

    // ---- the table -------------------------------------------------------------------------------

    private static readonly Who[] Staff = [Who.OperatorSameSection, Who.SectionHeadSameSection];
    private static readonly Who[] HeadOnly = [Who.SectionHeadSameSection];
    private static readonly Who[] PrOnly = [Who.PrOffice];

    /// <summary>Who may attempt each action at all, and what everybody else is told (403).</summary>
    private static readonly Dictionary<Act, (Who[] Allowed, string Refusal)> RoleRules = new()
    {
        [Act.Create] = (Staff, "アカウントを登録できるのは、その所属の担当者または所属長です。"),
        [Act.UpdatePolicy] = (Staff, "運用ポリシーを編集できるのは、その所属の担当者または所属長です。"),
        [Act.SetOperators] = (Staff, "運用担当者を変更できるのは、その所属の担当者または所属長です。"),
        [Act.RequestListing] = (HeadOnly, "掲載依頼を提出できるのは、その所属の所属長です。"),
        [Act.List] = (PrOnly, "掲載は市広報担当が行います。"),
        [Act.Return] = (PrOnly, "差戻しは市広報担当が行います。"),
        [Act.StartRevision] = (Staff, "運用ポリシーを改訂できるのは、その所属の担当者または所属長です。"),
        [Act.SubmitRevision] = (HeadOnly, "改訂を提出できるのは、その所属の所属長です。"),
        [Act.AcceptRevision] = (PrOnly, "改訂の承認は市広報担当が行います。"),
        [Act.DiscardRevision] = (Staff, "改訂を破棄できるのは、その所属の担当者または所属長です。"),
        [Act.RequestDelisting] = (HeadOnly, "削除依頼を提出できるのは、その所属の所属長です。"),
        [Act.Delist] = (PrOnly, "掲載削除は市広報担当が行います。"),
    };

    private sealed record Outcome(State? Next, string? Refusal);

    private static Outcome To(State next) => new(next, null);

    private static Outcome No(string message) => new(null, message);

    private static string Label(State s) => s switch
    {
        State.Draft => "下書き",
        State.ListingRequested => "掲載依頼中",
        State.Listed or State.ListedWithRevisionDraft or State.ListedWithRevisionSubmitted => "掲載中",
        State.DelistingRequested => "削除依頼中",
        State.Closed => "運用終了",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    private static Outcome OnlyIn(string what, string expected, State s) => No($"{what}できるのは「{expected}」のアカウントのみです（現在: {Label(s)}）。");

    /// <summary>For an actor whose role allows the action: what the state makes of it (409 when refused).</summary>
    private static Outcome StateRule(Act act, State s) => act switch
    {
        Act.Create => To(State.Draft), // a new account; the state of another account is irrelevant
        Act.UpdatePolicy => s switch
        {
            State.Draft => To(State.Draft),
            State.ListedWithRevisionDraft => To(State.ListedWithRevisionDraft),
            State.ListingRequested => No("掲載依頼中は運用ポリシーを編集できません。市広報担当の審査をお待ちください。"),
            State.Listed => No("掲載中のアカウントの運用ポリシーは、改訂を作成してから編集してください。"),
            State.ListedWithRevisionSubmitted => No("改訂の審査中は編集できません。"),
            State.DelistingRequested => No("削除依頼中のアカウントの運用ポリシーは編集できません。"),
            State.Closed => No("運用終了のアカウントの運用ポリシーは編集できません。"),
            _ => throw new ArgumentOutOfRangeException(nameof(s)),
        },
        Act.SetOperators => s == State.Closed ? No("運用終了したアカウントの担当者は変更できません。") : To(s),
        Act.RequestListing => s == State.Draft ? To(State.ListingRequested) : OnlyIn("掲載依頼", "下書き", s),
        Act.List => s == State.ListingRequested ? To(State.Listed) : OnlyIn("掲載", "掲載依頼中", s),
        Act.Return => s switch
        {
            State.ListingRequested => To(State.Draft),
            State.ListedWithRevisionSubmitted => To(State.ListedWithRevisionDraft),
            _ => No($"差戻しできるのは掲載依頼中のアカウントまたは審査中の改訂のみです（現在: {Label(s)}）。"),
        },
        Act.StartRevision => s switch
        {
            State.Listed => To(State.ListedWithRevisionDraft),
            State.ListedWithRevisionDraft or State.ListedWithRevisionSubmitted => No("作成中または審査中の改訂が既にあります。"),
            _ => OnlyIn("改訂を作成", "掲載中", s),
        },
        Act.SubmitRevision => s switch
        {
            State.ListedWithRevisionDraft => To(State.ListedWithRevisionSubmitted),
            State.Listed => No("提出する改訂がありません。先に改訂を作成してください。"),
            State.ListedWithRevisionSubmitted => No("この改訂は既に提出され、審査中です。"),
            _ => OnlyIn("改訂を提出", "掲載中", s),
        },
        Act.AcceptRevision => s switch
        {
            State.ListedWithRevisionSubmitted => To(State.Listed),
            State.Listed or State.ListedWithRevisionDraft => No("審査中の改訂がありません。"),
            _ => OnlyIn("改訂を承認", "掲載中", s),
        },
        Act.DiscardRevision => s == State.ListedWithRevisionDraft ? To(State.Listed) : No("破棄できる作成中の改訂がありません。"),
        Act.RequestDelisting => s is State.Listed or State.ListedWithRevisionDraft or State.ListedWithRevisionSubmitted
            ? To(State.DelistingRequested)
            : OnlyIn("削除依頼", "掲載中", s),
        Act.Delist => s == State.DelistingRequested ? To(State.Closed) : OnlyIn("掲載削除", "削除依頼中", s),
        _ => throw new ArgumentOutOfRangeException(nameof(act)),
    };

    public static TheoryData<State, Act, Who> Every() => Tables.Every<State, Act, Who>();

    [Theory]
    [MemberData(nameof(Every))]
    public void Every_state_action_and_role_is_allowed_or_refused_with_the_exact_error(State state, Act act, Who who)
    {
        var account = Build(state);
        var actor = ActorOf(who);
        var versionBefore = account.Version;
        var (allowedRoles, roleRefusal) = RoleRules[act];

        if (!allowedRoles.Contains(who))
        {
            var ex = Assert.Throws<DomainForbiddenException>(() => Perform(account, act, actor));
            Assert.Equal(roleRefusal, ex.Message);
            Assert.Equal("forbidden", ex.Rule);
            AssertUntouched(account, state, versionBefore);
            return;
        }

        var expected = StateRule(act, state);
        if (expected.Refusal is { } message)
        {
            var ex = Assert.ThrowsAny<DomainRuleException>(() => Perform(account, act, actor));
            Assert.IsType<DomainRuleException>(ex); // a broken rule (409), not a 403 or 400
            Assert.Equal(message, ex.Message);
            AssertUntouched(account, state, versionBefore);
            return;
        }

        var result = Perform(account, act, actor);
        Assert.Equal(expected.Next, Observe(result));
        var record = Assert.Single(result.PendingAudit);
        Assert.Equal(actor.UserId, record.ActorId);
        Assert.Equal(actor.Name, record.ActorName);
        Assert.Equal(T1, record.At);
        Assert.Equal(nameof(SocialAccount), record.EntityType);
        Assert.Equal(result.Id.ToString(), record.EntityId);
        Assert.StartsWith("account.", record.Action, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(record.After), $"{act}: the audit record has no 'after'");
        if (act == Act.Create)
        {
            Assert.Null(record.Before);
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(record.Before), $"{act}: the audit record has no 'before'");
            Assert.NotEqual(record.Before, record.After);
            Assert.True(result.Version > versionBefore, "a change increments the concurrency version");
        }
        if (expected.Next is State.DelistingRequested or State.Closed)
        {
            Assert.Null(result.OpenPolicy); // an ending account has no revision left hanging at the PR office
        }
    }

    [Fact]
    public void The_table_covers_every_state_action_and_role()
    {
        Assert.Equal(7 * 12 * 5, Every().Count);
        Assert.Equal(Enum.GetValues<Act>().Length, RoleRules.Count);
    }

    [Fact]
    public void A_pr_user_who_is_also_the_pr_office_head_cannot_approve_their_own_requests()
    {
        var prHead = new Actor("pr-head", "中央 報子", new HashSet<Role> { Role.PrOffice, Role.SectionHead }, PrSection);
        var prOperator = new Actor("pr-op", "広報 一", new HashSet<Role> { Role.Operator }, PrSection);
        var account = SocialAccount.Create(prHead, PrSection, Complete(), [M(prHead), M(prOperator)], T0);
        account.RequestListing(prHead, T0.AddHours(1), urlAlreadyRegistered: false);
        account.ClearPendingAudit();

        var list = Assert.Throws<DomainRuleException>(() => account.List(prHead, Terms, T1));
        Assert.Equal("自分が提出した依頼の掲載はできません。別の市広報担当者が行ってください。", list.Message);
        Assert.Equal("own-request", list.Rule);
        var ret = Assert.Throws<DomainRuleException>(() => account.Return(prHead, "理由", T1));
        Assert.Equal("自分が提出した依頼の差戻しはできません。別の市広報担当者が行ってください。", ret.Message);
        Assert.Equal(AccountStatus.ListingRequested, account.Status);
        Assert.Empty(account.PendingAudit);

        account.List(Pr, Terms, T1); // another PR office member may
        Assert.Equal(AccountStatus.Listed, account.Status);

        account.StartRevision(prHead, T1);
        account.UpdatePolicy(prHead, Complete() with { Purpose = "改訂後の目的" }, T1);
        account.SubmitRevision(prHead, T1, urlAlreadyRegistered: false);
        var accept = Assert.Throws<DomainRuleException>(() => account.AcceptRevision(prHead, Terms, T1));
        Assert.Equal("自分が提出した依頼の改訂の承認はできません。別の市広報担当者が行ってください。", accept.Message);
        Assert.Equal("own-request", accept.Rule);
        account.AcceptRevision(Pr, Terms, T1);

        account.RequestDelisting(prHead, new DateOnly(2026, 6, 1), "運用を終了したため。", deletedOnPlatform: true, T1);
        var delist = Assert.Throws<DomainRuleException>(() => account.Delist(prHead, T1));
        Assert.Equal("自分が提出した依頼の掲載削除はできません。別の市広報担当者が行ってください。", delist.Message);
        Assert.Equal("own-request", delist.Rule);
        account.Delist(Pr, T1);
        Assert.Equal(AccountStatus.Closed, account.Status);
    }

    [Fact]
    public void A_whole_life_queues_one_audit_record_per_transition_in_order()
    {
        var account = SocialAccount.Create(Operator, SectionA, Complete(), [M(Operator), M(Operator2)], T0);
        account.RequestListing(Head, T0.AddMinutes(1), false);
        account.Return(Pr, "目的をもう少し具体的に書いてください。", T0.AddMinutes(2));
        account.UpdatePolicy(Operator, Complete() with { Purpose = "具体的な目的" }, T0.AddMinutes(3));
        account.RequestListing(Head, T0.AddMinutes(4), false);
        account.List(Pr, Terms, T0.AddMinutes(5));
        account.RequestDelisting(Head, new DateOnly(2026, 6, 1), "運用を終了したため。", true, T0.AddMinutes(6));
        account.Delist(Pr, T0.AddMinutes(7));

        Assert.Equal(
            ["account.created", "account.listing-requested", "account.returned", "account.policy-updated", "account.listing-requested",
             "account.listed", "account.delisting-requested", "account.delisted"],
            account.PendingAudit.Select(r => r.Action));
        Assert.Equal([Operator.UserId, Head.UserId, Pr.UserId, Operator.UserId, Head.UserId, Pr.UserId, Head.UserId, Pr.UserId],
            account.PendingAudit.Select(r => r.ActorId));
        Assert.Equal("目的をもう少し具体的に書いてください。", account.PendingAudit[2].Reason);
        Assert.Equal("運用を終了したため。", account.PendingAudit[6].Reason);
    }

    // ---- building accounts in each state ---------------------------------------------------------

    internal static StaffMember M(Actor a) => new(a.UserId, a.Name, a.SectionId);

    internal static PolicyContent Complete() => new()
    {
        Platform = Platform.X,
        AccountName = "名寄市テストアカウント",
        AccountUrl = "https://x.com/nayoro_lifecycle_test",
        Content = "市民に向けて、市の行事を発信します。",
        Purpose = "行事の周知のため。",
        PeriodStart = new DateOnly(2026, 4, 1),
        PeriodEnd = new DateOnly(2028, 3, 31),
        OperatingDays = OperatingDays.Weekdays,
        HoursStart = new TimeOnly(8, 45),
        HoursEnd = new TimeOnly(17, 30),
        ReplyPolicy = ReplyPolicyKind.NoReply,
        ReplyWording = Labels.DefaultReplyWording(ReplyPolicyKind.NoReply),
    };

    internal static SocialAccount Build(State state)
    {
        var a = SocialAccount.Create(Operator, SectionA, Complete(), [M(Operator), M(Operator2)], T0);
        if (state != State.Draft)
        {
            a.RequestListing(Head, T0.AddHours(1), false);
        }
        if (state is not (State.Draft or State.ListingRequested))
        {
            a.List(Pr, Terms, T0.AddHours(2));
        }
        if (state is State.ListedWithRevisionDraft or State.ListedWithRevisionSubmitted)
        {
            a.StartRevision(Operator, T0.AddHours(3));
            a.UpdatePolicy(Operator, Complete() with { Purpose = "改訂後の目的" }, T0.AddHours(3));
        }
        if (state == State.ListedWithRevisionSubmitted)
        {
            a.SubmitRevision(Head, T0.AddHours(4), false);
        }
        if (state is State.DelistingRequested or State.Closed)
        {
            a.RequestDelisting(Head, new DateOnly(2026, 6, 1), "運用を終了したため。", true, T0.AddHours(5));
        }
        if (state == State.Closed)
        {
            a.Delist(Pr, T0.AddHours(6));
        }
        Assert.Equal(state, Observe(a));
        a.ClearPendingAudit();
        return a;
    }

    internal static State Observe(SocialAccount a) => a.Status switch
    {
        AccountStatus.Draft => State.Draft,
        AccountStatus.ListingRequested => State.ListingRequested,
        AccountStatus.Listed when a.HasRevisionInDraft => State.ListedWithRevisionDraft,
        AccountStatus.Listed when a.HasRevisionUnderReview => State.ListedWithRevisionSubmitted,
        AccountStatus.Listed => State.Listed,
        AccountStatus.DelistingRequested => State.DelistingRequested,
        AccountStatus.Closed => State.Closed,
        _ => throw new ArgumentOutOfRangeException(nameof(a)),
    };

    /// <summary>Does the action; returns the account it acted on (a new one for Create).</summary>
    internal static SocialAccount Perform(SocialAccount a, Act act, Actor by)
    {
        switch (act)
        {
            case Act.Create:
                return SocialAccount.Create(by, SectionA, Complete(), [M(Operator), M(Operator2)], T1);
            case Act.UpdatePolicy:
                a.UpdatePolicy(by, Complete() with { Content = "更新後の内容" }, T1);
                break;
            case Act.SetOperators:
                a.SetOperators(by, [M(Operator), M(Operator2), M(Head)], T1);
                break;
            case Act.RequestListing:
                a.RequestListing(by, T1, urlAlreadyRegistered: false);
                break;
            case Act.List:
                a.List(by, Terms, T1);
                break;
            case Act.Return:
                a.Return(by, "記載内容を確認してください。", T1);
                break;
            case Act.StartRevision:
                a.StartRevision(by, T1);
                break;
            case Act.SubmitRevision:
                a.SubmitRevision(by, T1, urlAlreadyRegistered: false);
                break;
            case Act.AcceptRevision:
                a.AcceptRevision(by, Terms, T1);
                break;
            case Act.DiscardRevision:
                a.DiscardRevision(by, T1);
                break;
            case Act.RequestDelisting:
                a.RequestDelisting(by, new DateOnly(2026, 6, 1), "運用を終了したため。", deletedOnPlatform: true, T1);
                break;
            case Act.Delist:
                a.Delist(by, T1);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(act));
        }
        return a;
    }

    private static void AssertUntouched(SocialAccount a, State state, int version)
    {
        Assert.Equal(state, Observe(a));
        Assert.Equal(version, a.Version);
        Assert.Empty(a.PendingAudit);
    }
}
