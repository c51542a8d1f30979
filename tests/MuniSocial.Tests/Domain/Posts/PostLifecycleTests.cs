using MuniSocial.Domain;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Incidents;
using MuniSocial.Domain.Posts;
using MuniSocial.Tests.Support;
using static MuniSocial.Tests.Support.TableData;

namespace MuniSocial.Tests.Domain.Posts;

/// <summary>
/// The post lifecycle of DOMAIN.md (§5(2)ウ, §5(4)イ, §5(5)ア(イ)) as a table: every state × every action × every
/// role is either allowed (and then lands in the expected state with exactly one audit record) or refused with the
/// exact exception type, rule and message, leaving the post untouched. Posts are built in memory with the domain
/// methods themselves, on a Listed account of section A authored by one of its operators.
/// </summary>
public sealed class PostLifecycleTests
{
    public enum State
    {
        Draft,
        AwaitingCheck,
        AwaitingApproval,
        Approved,
        Published,
        Rejected,
    }

    public enum Act
    {
        Update,
        AddMedia,
        Submit,
        Approve,
        SendBack,
        Reject,
        RecordPublished,
        CreateCorrection,
        ReleaseHeld,
        CancelHeld,
        Discard,
    }

    public enum Who
    {
        Author,
        ColleagueSameSection,
        SectionHeadSameSection,
        OperatorOtherSection,
        SectionHeadOtherSection,
        PrOffice,
        Admin,
    }

    private const string PublishedUrl = "https://x.com/nayoro_post_test/status/1";

    // The post's author and the colleague who checks it are section A's two operators.
    private static readonly Actor Author = Operator;
    private static readonly Actor Colleague = Operator2;

    private static Actor ActorOf(Who who) => who switch
    {
        Who.Author => Author,
        Who.ColleagueSameSection => Colleague,
        Who.SectionHeadSameSection => Head,
        Who.OperatorOtherSection => OtherOperator,
        Who.SectionHeadOtherSection => OtherHead,
        Who.PrOffice => Pr,
        Who.Admin => Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(who)),
    };

    // ---- the table -------------------------------------------------------------------------------

    private sealed record Outcome(State? Next, Type? Exception, string? Rule, string? Message);

    private static Outcome To(State next) => new(next, null, null, null);

    private static Outcome Forbidden(string message) => new(null, typeof(DomainForbiddenException), "forbidden", message);

    private static Outcome Broken(string rule, string message) => new(null, typeof(DomainRuleException), rule, message);

    private static string Label(State s) => s switch
    {
        State.Draft => "下書き",
        State.AwaitingCheck => "確認待ち",
        State.AwaitingApproval => "所属長の了承待ち",
        State.Approved => "承認済み（発信待ち）",
        State.Published => "公開済み",
        State.Rejected => "却下",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    /// <summary>The operator or head of the account's section (§5(2)ウ: the section posts; nobody else touches its posts).</summary>
    private static bool IsSectionStaff(Who who) => who is Who.Author or Who.ColleagueSameSection or Who.SectionHeadSameSection;

    /// <summary>Editing the draft and its files, and submitting it: only its author, only while it is a draft.</summary>
    private static Outcome AuthorOnDraft(Who who, State s, string role, string state, State next) =>
        !IsSectionStaff(who) ? Forbidden($"{role}できるのは、アカウントの所属の職員です。")
        : who != Who.Author ? Forbidden($"{role}できるのは作成者（{Author.Name}）だけです。")
        : s == State.Draft ? To(next)
        : Broken("invalid-state", $"{state}できるのは「下書き」の投稿だけです（現在: {Label(s)}）。{PublishedHint(s)}");

    private static string PublishedHint(State s) =>
        s == State.Published ? "公開済みの投稿は変更・削除できません。誤りがあれば訂正の投稿を作成してください（ガイドライン5(5)ア(イ)）。" : "";

    /// <summary>
    /// §5(2)ウ(ウ) a colleague's check, then §5(2)ウ(ア) the head's 了承; nobody reviews their own post. The
    /// role is checked before the state, as in the account's transitions: someone outside the section gets 403 whatever the
    /// post's state (nothing about the post leaks), the section's own staff get 409 on a post that waits for nobody.
    /// </summary>
    private static Outcome Review(Who who, State s, Act act)
    {
        var decided = act switch
        {
            Act.SendBack => State.Draft,
            Act.Reject => State.Rejected,
            _ => s == State.AwaitingCheck ? State.AwaitingApproval : State.Approved, // the table's posts are outside the pre-approved scope
        };
        return s switch
        {
            State.AwaitingCheck when !IsSectionStaff(who) => Forbidden("内容の確認は、アカウントの所属の職員が行います。"),
            State.AwaitingApproval when who != Who.SectionHeadSameSection => Forbidden("発信の了承は、アカウントの所属の所属長が行います。"),
            State.AwaitingCheck when who == Who.Author => Broken("own-draft", "自分が作成した投稿を確認・承認することはできません。別の職員に依頼してください。"),
            State.AwaitingCheck or State.AwaitingApproval => To(decided),
            _ when !IsSectionStaff(who) => Forbidden("内容の確認は、アカウントの所属の職員が行います。"),
            _ => Broken("invalid-state", $"この投稿は確認・承認を待っていません（現在: {Label(s)}）。"),
        };
    }

    /// <summary>For an actor and a post in a state: what the domain makes of the action.</summary>
    private static Outcome Expected(State s, Act act, Who who) => act switch
    {
        Act.Update => AuthorOnDraft(who, s, "下書きを編集", "編集", State.Draft),
        Act.AddMedia => AuthorOnDraft(who, s, "写真・動画を追加", "写真・動画を追加", State.Draft),
        Act.Submit => AuthorOnDraft(who, s, "提出", "提出", State.AwaitingCheck), // the table's section requires a colleague's check
        Act.Approve or Act.SendBack or Act.Reject => Review(who, s, act),
        Act.RecordPublished =>
            !IsSectionStaff(who) ? Forbidden("発信の記録は、アカウントの所属の職員が行います。")
            : s == State.Approved ? To(State.Published)
            : s == State.Published ? Broken("already-published", "この投稿は既に公開済みとして記録されています。公開済みの投稿は変更できません。誤りがあれば訂正の投稿を作成してください。")
            : Broken("invalid-state", $"公開を記録できるのは「承認済み（発信待ち）」の投稿だけです（現在: {Label(s)}）。"),
        // §5(5)ア(イ): the original stays as it is; the correction is a new draft.
        Act.CreateCorrection =>
            !IsSectionStaff(who) ? Forbidden("訂正の投稿を作成できるのは、元の投稿の所属の担当者または所属長です。")
            : s == State.Published ? To(State.Draft)
            : Broken("correction-needs-published", "訂正できるのは公開済みの投稿だけです。公開前の投稿は差戻しまたは修正してください。"),
        // §5(5): after a publishing pause is lifted, the head decides on each approved post it held (the table's Approved post was held).
        Act.ReleaseHeld or Act.CancelHeld =>
            who != Who.SectionHeadSameSection ? Forbidden("保留された発信の再開・取りやめは、アカウントの所属の所属長が判断します。")
            : s == State.Approved ? To(act == Act.ReleaseHeld ? State.Approved : State.Rejected)
            : s == State.Published ? Broken("already-published", "この投稿は既に公開済みとして記録されています。公開済みの投稿は変更できません。誤りがあれば訂正の投稿を作成してください。")
            : Broken("invalid-state", $"{(act == Act.ReleaseHeld ? "発信を再開" : "発信を取りやめ")}できるのは「承認済み（発信待ち）」の投稿だけです（現在: {Label(s)}）。"),
        // Issue 13 item 4: a draft never submitted goes at the word of its author or the section head; the audit record stays.
        Act.Discard =>
            who is not (Who.Author or Who.SectionHeadSameSection) ? Forbidden("下書きを破棄できるのは、作成した職員またはその所属の所属長です。")
            : s == State.Draft ? To(State.Draft)
            : Broken("post-discard-submitted", "提出したことのある投稿は破棄できません。提出の記録として残します（差し戻された下書きは、直して再び提出するか、所属長が却下します）。"),
        _ => throw new ArgumentOutOfRangeException(nameof(act)),
    };

    public static TheoryData<State, Act, Who> Every() => Tables.Every<State, Act, Who>();

    [Theory]
    [MemberData(nameof(Every))]
    public void Every_state_action_and_role_is_allowed_or_refused_with_the_exact_error(State state, Act act, Who who)
    {
        var account = ListedAccount();
        var post = Build(account, state);
        var actor = ActorOf(who);
        var before = Fingerprint(post);
        var expected = Expected(state, act, who);

        if (expected.Exception is { } type)
        {
            var ex = Assert.ThrowsAny<DomainRuleException>(() => Perform(account, post, act, actor));
            Assert.IsType(type, ex);
            Assert.Equal(expected.Message, ex.Message);
            Assert.Equal(expected.Rule, ex.Rule);
            Assert.Equal(state, Observe(post));
            Assert.Equal(before, Fingerprint(post));
            Assert.Empty(post.PendingAudit);
            return;
        }

        var result = Perform(account, post, act, actor);
        Assert.Equal(expected.Next, Observe(result));
        var record = Assert.Single(result.PendingAudit);
        Assert.Equal(actor.UserId, record.ActorId);
        Assert.Equal(actor.Name, record.ActorName);
        Assert.Equal(T1, record.At);
        Assert.Equal(nameof(Post), record.EntityType);
        Assert.Equal(result.Id.ToString(), record.EntityId);
        Assert.StartsWith("post.", record.Action, StringComparison.Ordinal);
        if (act == Act.CreateCorrection)
        {
            Assert.NotSame(post, result);
            Assert.Equal(PostKind.Correction, result.Kind);
            Assert.Equal(post.Id, result.CorrectsPostId);
            Assert.Null(record.Before);
            Assert.Equal(before, Fingerprint(post)); // the original is never changed
            Assert.Empty(post.PendingAudit);
        }
        else
        {
            Assert.Same(post, result);
            Assert.True(result.Version > before.Version, "a change increments the concurrency version");
            if (act is not (Act.AddMedia or Act.ReleaseHeld))
            {
                Assert.False(string.IsNullOrWhiteSpace(record.Before), $"{act}: the audit record has no 'before'");
                Assert.NotEqual(record.Before, record.After);
            }
        }
        if (act == Act.Discard)
        {
            Assert.Null(record.After); // the draft is gone; its audit record keeps what it was
            return;
        }
        Assert.False(string.IsNullOrWhiteSpace(record.After), $"{act}: the audit record has no 'after'");
    }

    [Fact]
    public void The_table_covers_every_state_action_and_role()
    {
        Assert.Equal(6 * 11 * 7, Every().Count);
        var outcomes = Every().Select(row => Expected((State)row[0], (Act)row[1], (Who)row[2])).ToList();
        Assert.Contains(outcomes, o => o.Exception is null);
        Assert.Contains(outcomes, o => o.Exception == typeof(DomainForbiddenException));
        Assert.Contains(outcomes, o => o.Exception == typeof(DomainRuleException));
    }

    [Fact]
    public void A_draft_sent_back_or_referred_to_by_another_record_is_not_discarded()
    {
        var account = ListedAccount();
        var sentBack = Post.Create(Author, account, PostKind.Post, Input("名寄のひまわりが見ごろです。"), T0);
        sentBack.Submit(Author, [], [], new PostRoute(CheckRequirement.Required, HeadApproval: true), requestCheck: false, T0.AddMinutes(1));
        sentBack.Review(Colleague, ReviewDecision.SendBack, "日付を書いてください。", [], T0.AddMinutes(2));
        Assert.Equal(PostStatus.Draft, sentBack.Status);
        var version = sentBack.Version;
        var refused = Assert.Throws<DomainRuleException>(() => sentBack.Discard(Head, T1, hasRecords: false));
        Assert.Equal("post-discard-submitted", refused.Rule);
        Assert.Equal(version, sentBack.Version);

        var draft = Post.Create(Author, account, PostKind.Post, Input("名寄のひまわりが見ごろです。"), T0);
        var linked = Assert.Throws<DomainRuleException>(() => draft.Discard(Author, T1, hasRecords: true));
        Assert.Equal("post-discard-has-records", linked.Rule);
        Assert.Equal("この下書きは事案や利用者の書込みの記録から参照されているため、破棄できません。", linked.Message);
        Assert.Single(draft.PendingAudit); // post.created only
    }

    [Fact]
    public void A_whole_life_queues_one_audit_record_per_transition_in_order()
    {
        var account = ListedAccount();
        var post = Post.Create(Author, account, PostKind.Post, Input("名寄のひまわりが見ごろです。"), T0);
        post.Submit(Author, [], [], new PostRoute(CheckRequirement.Required, HeadApproval: true), requestCheck: false, T0.AddMinutes(1));
        post.Review(Colleague, ReviewDecision.SendBack, "日付を書いてください。", [], T0.AddMinutes(2));
        post.Update(Author, Input("8月1日、名寄のひまわりが見ごろです。"), T0.AddMinutes(3));
        post.Submit(Author, [], [], new PostRoute(CheckRequirement.Required, HeadApproval: true), requestCheck: false, T0.AddMinutes(4));
        post.Review(Colleague, ReviewDecision.Approve, null, [], T0.AddMinutes(5));
        post.Review(Head, ReviewDecision.Approve, null, [], T0.AddMinutes(6));
        post.RecordPublished(Author, PublishedUrl, T0.AddMinutes(7), T0.AddMinutes(8));

        Assert.Equal(PostStatus.Published, post.Status);
        Assert.Equal(2, post.Round);
        Assert.Equal(
            ["post.created", "post.submitted", "post.sent-back", "post.updated", "post.submitted", "post.checked", "post.approved", "post.published"],
            post.PendingAudit.Select(r => r.Action));
        Assert.Equal([Author.UserId, Author.UserId, Colleague.UserId, Author.UserId, Author.UserId, Colleague.UserId, Head.UserId, Author.UserId],
            post.PendingAudit.Select(r => r.ActorId));
        Assert.Equal("日付を書いてください。", post.PendingAudit[2].Reason);
        Assert.Equal(Head.Name, post.ApprovedByName);
    }

    // ---- building posts in each state ------------------------------------------------------------

    private static PostInput Input(string text) => new(text, null, null, null);

    private static StaffMember M(Actor a) => new(a.UserId, a.Name, a.SectionId);

    internal static SocialAccount ListedAccount() =>
        TableData.ListedAccount("名寄市投稿テスト", "https://x.com/nayoro_post_test");

    /// <summary>A post by <see cref="Author"/>, outside the pre-approved scope, in a section that requires a colleague's check.</summary>
    private static Post Build(SocialAccount account, State state)
    {
        var post = Post.Create(Author, account, PostKind.Post, Input("名寄のひまわりが見ごろです。"), T0);
        if (state != State.Draft)
        {
            post.Submit(Author, [], [], new PostRoute(CheckRequirement.Required, HeadApproval: true), requestCheck: false, T0.AddHours(1));
        }
        if (state is State.AwaitingApproval or State.Approved or State.Published or State.Rejected)
        {
            post.Review(Colleague, ReviewDecision.Approve, null, [], T0.AddHours(2));
        }
        if (state is State.Approved or State.Published)
        {
            post.Review(Head, ReviewDecision.Approve, null, [], T0.AddHours(3));
        }
        if (state == State.Rejected)
        {
            post.Review(Head, ReviewDecision.Reject, "この内容は発信しません。", [], T0.AddHours(3));
        }
        if (state == State.Published)
        {
            post.RecordPublished(Author, PublishedUrl, T0.AddHours(3.5), T0.AddHours(4));
        }
        Assert.Equal(state, Observe(post));
        post.ClearPendingAudit();
        return post;
    }

    private static State Observe(Post p) => p.Status switch
    {
        PostStatus.Draft => State.Draft,
        PostStatus.AwaitingCheck => State.AwaitingCheck,
        PostStatus.AwaitingApproval => State.AwaitingApproval,
        PostStatus.Approved => State.Approved,
        PostStatus.Published => State.Published,
        PostStatus.Rejected => State.Rejected,
        _ => throw new ArgumentOutOfRangeException(nameof(p)),
    };

    /// <summary>Does the action; returns the post it acted on (the new correction for CreateCorrection).</summary>
    private static Post Perform(SocialAccount account, Post post, Act act, Actor by)
    {
        switch (act)
        {
            case Act.Update:
                post.Update(by, Input("名寄のひまわりが満開です。"), T1);
                break;
            case Act.AddMedia:
                post.AddMedia(by, new PostMedia(post.Id, "himawari.jpg", "stored.jpg", "image/jpeg", 1024, by, T1), T1);
                break;
            case Act.Submit:
                post.Submit(by, [], [], new PostRoute(CheckRequirement.Required, HeadApproval: true), requestCheck: false, T1);
                break;
            case Act.Approve:
                post.Review(by, ReviewDecision.Approve, null, [], T1);
                break;
            case Act.SendBack:
                post.Review(by, ReviewDecision.SendBack, "日付を書いてください。", [], T1);
                break;
            case Act.Reject:
                post.Review(by, ReviewDecision.Reject, "この内容は発信しません。", [], T1);
                break;
            case Act.RecordPublished:
                post.RecordPublished(by, PublishedUrl, T1, T1);
                break;
            case Act.ReleaseHeld:
                post.ReleaseHeld(by, HoldsOf(account, post), [], T1);
                break;
            case Act.CancelHeld:
                post.CancelHeld(by, HoldsOf(account, post), null, T1);
                break;
            case Act.Discard:
                post.Discard(by, T1, hasRecords: false);
                break;
            case Act.CreateCorrection:
                return Post.CreateCorrection(by, account, post, Input("6月1日の投稿に誤りがありました。お詫びして訂正いたします。"), T1);
            default:
                throw new ArgumentOutOfRangeException(nameof(act));
        }
        return post;
    }

    /// <summary>The holds a lifted pause of the account recorded: the post's, if it was Approved (waiting to go out).</summary>
    private static List<HeldPost> HoldsOf(SocialAccount account, Post post)
    {
        var pause = PublishingPause.Pause(Pr, account.Id, "なりすましの確認中", T0);
        pause.Lift(Pr, null, null, T0.AddHours(5));
        return HeldPost.Of(pause, [post], [], T0.AddHours(5));
    }

    private sealed record Snapshot(PostStatus Status, int Version, int Round, string Text, int Reviews, int Media, string? PublishedUrl);

    private static Snapshot Fingerprint(Post p) => new(p.Status, p.Version, p.Round, p.Text, p.Reviews.Count, p.Media.Count, p.PublishedUrl);
}
