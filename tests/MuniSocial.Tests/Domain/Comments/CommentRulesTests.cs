using MuniSocial.Domain;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Comments;
using MuniSocial.Domain.Posts;
using static MuniSocial.Tests.Support.TableData;

namespace MuniSocial.Tests.Domain.Comments;

/// <summary>
/// The comment's rules as tables: its identity, every state × action × role (the buttons of AllowedActions and the
/// transitions agree), the reply policy (§5(1)キ), moderation (§5(5)ウ(イ)) and the redaction after retention.
/// </summary>
public sealed class CommentRulesTests
{
    public enum State
    {
        Open,
        InProgress,
        InterimAnswered,
        Answered,
        NoActionNeeded,
        Moderated,
    }

    public enum Who
    {
        Operator,
        Head,
        OtherSection,
        PrOffice,
        Admin,
    }

    private static Actor ActorOf(Who who) => who switch
    {
        Who.Operator => Operator,
        Who.Head => Head,
        Who.OtherSection => OtherOperator,
        Who.PrOffice => Pr,
        _ => Admin,
    };

    // ---- identity ------------------------------------------------------------------------------------

    [Fact]
    public void The_identity_is_the_platform_id_else_the_url_else_the_content()
    {
        var account = Account(ReplyPolicyKind.ReplyAsNeeded);
        var byId = Comment.Prepare(account, new CommentInput(CommentKind.Comment, "@a", "本文", "https://x.com/a/status/77", T0), T1);
        var sameIdOtherText = Comment.Prepare(account, new CommentInput(CommentKind.Reply, "@b", "別の本文", null, T0.AddHours(1), PlatformCommentId: "77"), T1);
        var byUrl = Comment.Prepare(account, new CommentInput(CommentKind.Comment, "@a", "本文", "https://x.com/a", T0), T1);
        var byUrlPastedOtherwise = Comment.Prepare(account, new CommentInput(CommentKind.Comment, "@a", "違う", " x.com/a?utm_source=x ", T0.AddDays(1)), T1.AddDays(1));
        var byContent = Comment.Prepare(account, new CommentInput(CommentKind.Comment, "@a", "本文", null, T0), T1);
        var byContentAgain = Comment.Prepare(account, new CommentInput(CommentKind.Comment, "@a", "本文", null, T0), T1);
        var otherTime = Comment.Prepare(account, new CommentInput(CommentKind.Comment, "@a", "本文", null, T0.AddSeconds(1)), T1);

        Assert.Equal(byId.IdentityKey, sameIdOtherText.IdentityKey);
        Assert.Equal("77", byId.PlatformCommentId);
        Assert.Equal(byUrl.IdentityKey, byUrlPastedOtherwise.IdentityKey);
        Assert.Equal(byContent.IdentityKey, byContentAgain.IdentityKey);
        Assert.NotEqual(byContent.IdentityKey, otherTime.IdentityKey);
        Assert.NotEqual(byId.IdentityKey, byUrl.IdentityKey);
        Assert.Equal(64, byId.IdentityKey.Length);
    }

    [Fact]
    public void A_link_of_another_platform_than_the_accounts_is_refused_with_both_named()
    {
        var account = Account(ReplyPolicyKind.ReplyAsNeeded);
        var ex = Assert.Throws<DomainValidationException>(() =>
            Comment.Prepare(account, new CommentInput(CommentKind.Comment, null, "本文", "https://www.instagram.com/p/C7abc/c/1801/", T0), T1));

        Assert.Equal(["このURLはInstagramの書込みですが、アカウントはX（旧Twitter）です。アカウントを確かめてください。"], ex.FieldErrors["url"]);
    }

    [Fact]
    public void The_author_is_read_from_the_link_when_not_typed_and_required_otherwise()
    {
        var account = Account(ReplyPolicyKind.ReplyAsNeeded);
        Assert.Equal("@nayoro_taro", Comment.Prepare(account, new CommentInput(CommentKind.Comment, " ", "本文", "x.com/nayoro_taro/status/1", T0), T1).AuthorHandle);
        var ex = Assert.Throws<DomainValidationException>(() => Comment.Prepare(account, new CommentInput(CommentKind.Comment, null, "", null, T1.AddHours(1)), T1));
        Assert.Equal(["書込みの本文を入力してください。"], ex.FieldErrors["text"]);
        Assert.Equal(["投稿者（アカウント名・ハンドル）を入力してください。URLから読み取れない媒体です。"], ex.FieldErrors["authorHandle"]);
        Assert.Equal(["受信日時に未来の日時は入力できません。"], ex.FieldErrors["receivedAt"]);
    }

    // ---- state × action × role --------------------------------------------------------------------------

    public static TheoryData<State, CommentAction, Who> Table()
    {
        var data = new TheoryData<State, CommentAction, Who>();
        foreach (var s in Enum.GetValues<State>())
        {
            foreach (var a in Enum.GetValues<CommentAction>())
            {
                foreach (var w in Enum.GetValues<Who>())
                {
                    data.Add(s, a, w);
                }
            }
        }
        return data;
    }

    private static bool Expected(State s, CommentAction a, Who w)
    {
        if (w is Who.OtherSection or Who.Admin)
        {
            return false;
        }
        if (w == Who.PrOffice && a is CommentAction.Reply or CommentAction.InterimAnswer)
        {
            return false; // a reply is a post of the account's section
        }
        return a switch
        {
            CommentAction.StartHandling => s == State.Open,
            CommentAction.NoActionNeeded => s is State.Open or State.InProgress,
            CommentAction.Reply => s is State.Open or State.InProgress or State.InterimAnswered,
            CommentAction.InterimAnswer => s is State.Open or State.InProgress,
            CommentAction.Moderate => s != State.Moderated,
            _ => s == State.NoActionNeeded,
        };
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Every_state_action_and_role_is_allowed_or_refused_as_the_buttons_say(State state, CommentAction action, Who who)
    {
        var comment = Build(state);
        comment.ClearPendingAudit();
        var by = ActorOf(who);
        var version = comment.Version;
        var expected = Expected(state, action, who);

        Assert.Equal(expected, comment.AllowedActions(by, repliesOffered: true).Contains(action));
        var thrown = Record.Exception(() => Do(comment, action, by));
        if (expected)
        {
            Assert.Null(thrown);
            if (action is not (CommentAction.Reply or CommentAction.InterimAnswer))
            {
                Assert.Equal(version + 1, comment.Version);
                Assert.Single(comment.PendingAudit);
            }
            return;
        }
        var refusal = Assert.IsAssignableFrom<DomainRuleException>(thrown);
        Assert.Equal(comment.RefusalOf(by, action), refusal.Message);
        if (who is Who.OtherSection or Who.Admin || (who == Who.PrOffice && action is CommentAction.Reply or CommentAction.InterimAnswer))
        {
            Assert.IsType<DomainForbiddenException>(thrown);
        }
        else
        {
            Assert.Equal("invalid-state", refusal.Rule);
        }
        Assert.Equal(version, comment.Version);
        Assert.Empty(comment.PendingAudit);
    }

    private static void Do(Comment c, CommentAction action, Actor by)
    {
        switch (action)
        {
            case CommentAction.StartHandling:
                c.StartHandling(by, T1);
                break;
            case CommentAction.NoActionNeeded:
                c.MarkNoActionNeeded(by, "感想のため回答不要", T1);
                break;
            case CommentAction.Reopen:
                c.Reopen(by, T1);
                break;
            case CommentAction.Moderate:
                c.Moderate(by, [ModerationCategory.Advertising], "宣伝のため", ModerationAction.Hide, T1);
                break;
            default:
                c.EnsureCan(by, action, repliesOffered: true);
                break;
        }
    }

    [Fact]
    public void On_a_no_reply_account_neither_reply_is_offered_and_the_posts_workflow_refuses_a_reply()
    {
        var account = Account(ReplyPolicyKind.NoReply);
        var comment = Comment.Create(Operator, account, Comment.Prepare(account, new CommentInput(CommentKind.Comment, "@a", "質問です", null, T0), T1), CommentSource.Manual, T1);

        Assert.DoesNotContain(CommentAction.Reply, comment.AllowedActions(Operator, repliesOffered: false));
        Assert.DoesNotContain(CommentAction.InterimAnswer, comment.AllowedActions(Operator, repliesOffered: false));
        var ex = Assert.Throws<DomainRuleException>(() => comment.EnsureCan(Operator, CommentAction.Reply, repliesOffered: false));
        Assert.Equal("replies-not-offered", ex.Rule);
        var post = Assert.Throws<DomainRuleException>(() => Post.Create(Operator, account, PostKind.Reply, new PostInput("回答です。", null, null, null, "https://x.com/a/status/1"), T1));
        Assert.Equal("replies-not-offered", post.Rule);
        Assert.Contains("返信しない", post.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "暫定回答には、正式な回答の予定日を入力してください。")]
    [InlineData(-1, "正式な回答の予定日に過去の日付は指定できません。")]
    public void An_interim_answer_needs_a_formal_due_date_not_in_the_past(int? days, string message)
    {
        var account = Account(ReplyPolicyKind.ReplyAsNeeded);
        var due = days is { } d ? Wareki.TodayIn(T1).AddDays(d) : (DateOnly?)null;
        var ex = Assert.Throws<DomainValidationException>(() =>
            Post.Create(Operator, account, PostKind.Reply, new PostInput("確認して回答します。", null, null, null, "返信先", null, Interim: true, FormalDueOn: due), T1));
        Assert.Equal([message], ex.FieldErrors["formalDueOn"]);
    }

    [Fact]
    public void Moderation_without_a_category_or_a_note_is_refused_and_changes_nothing()
    {
        var comment = Build(State.Open);
        comment.ClearPendingAudit();

        var ex = Assert.Throws<DomainValidationException>(() => comment.Moderate(Operator, [], " ", ModerationAction.Delete, T1));

        Assert.Equal(["非表示・削除の理由として、運用ポリシーの注意事項⑴〜⑿から1つ以上選んでください（ガイドライン5(5)ウ(イ)）。"], ex.FieldErrors["categories"]);
        Assert.Equal(["非表示・削除の判断の内容（どの部分が該当するか）を入力してください。"], ex.FieldErrors["note"]);
        Assert.Equal(CommentStatus.Open, comment.Status);
        Assert.Null(comment.Moderation);
        Assert.Empty(comment.PendingAudit);
    }

    [Fact]
    public void Redaction_waits_for_the_retention_period_after_closing_keeps_the_decision_and_audits_no_personal_data()
    {
        var comment = Build(State.Moderated);
        var closed = comment.ClosedAt!.Value;
        comment.ClearPendingAudit();

        Assert.False(comment.Redact(Admin, 30, closed.AddDays(30).AddSeconds(-1)));
        Assert.True(comment.Redact(Admin, 30, closed.AddDays(30)));
        Assert.False(comment.Redact(Admin, 30, closed.AddDays(31)));

        Assert.Equal("", comment.Text);
        Assert.Equal("", comment.AuthorHandle);
        Assert.Null(comment.Url);
        Assert.Equal([ModerationCategory.Advertising], comment.ModerationCategoryList);
        Assert.Equal(Comment.Sha256("【広告】今だけ半額 @shop_demo"), comment.TextSha256);
        var audit = Assert.Single(comment.PendingAudit);
        Assert.Equal("comment.redacted", audit.Action);
        Assert.DoesNotContain("今だけ半額", audit.After, StringComparison.Ordinal);
        Assert.DoesNotContain("shop_demo", audit.After, StringComparison.Ordinal);
    }

    // ---- building ---------------------------------------------------------------------------------------

    [Fact]
    public void A_reply_drafted_from_a_comment_is_not_discarded_the_comment_links_it()
    {
        var account = Account(ReplyPolicyKind.ReplyAsNeeded);
        var reply = Post.Create(Operator, account, PostKind.Reply, new PostInput("ご意見ありがとうございます。担当課で確認します。", null, null, null,
            "https://x.com/someone/status/1", Guid.CreateVersion7()), T1);
        var refused = Assert.Throws<DomainRuleException>(() => reply.Discard(Operator, T1, hasRecords: false));
        Assert.Equal("post-discard-has-records", refused.Rule);
    }

    private static Comment Build(State state)
    {
        var account = Account(ReplyPolicyKind.ReplyAsNeeded);
        var comment = Comment.Create(Operator, account, Comment.Prepare(account,
            new CommentInput(CommentKind.Reply, "@shop_demo", "【広告】今だけ半額 @shop_demo", "https://x.com/shop_demo/status/99", T0), T0.AddMinutes(1)), CommentSource.Manual, T0.AddMinutes(1));
        switch (state)
        {
            case State.InProgress:
                comment.StartHandling(Operator, T0.AddMinutes(2));
                break;
            case State.InterimAnswered or State.Answered:
                var reply = Post.Create(Operator, account, PostKind.Reply, new PostInput("回答します。", null, null, null, comment.Url, comment.Id,
                    Interim: state == State.InterimAnswered, FormalDueOn: state == State.InterimAnswered ? new DateOnly(2026, 6, 10) : null), T0.AddMinutes(2));
                comment.LinkReply(Operator, reply, true, T0.AddMinutes(2));
                reply.Submit(Operator, [], [], new PostRoute(CheckRequirement.Required, HeadApproval: true), false, T0.AddMinutes(3));
                reply.Review(Operator2, ReviewDecision.Approve, null, [], T0.AddMinutes(4));
                reply.Review(Head, ReviewDecision.Approve, null, [], T0.AddMinutes(5));
                reply.RecordPublished(Operator, "https://x.com/nayoro_comment_test/status/100", T0.AddMinutes(6), T0.AddMinutes(6));
                comment.RecordAnswerPublished(Operator, reply, T0.AddMinutes(6));
                Assert.Equal(state == State.InterimAnswered ? CommentStatus.InterimAnswered : CommentStatus.Answered, comment.Status);
                break;
            case State.NoActionNeeded:
                comment.MarkNoActionNeeded(Operator, "感想のため", T0.AddMinutes(2));
                break;
            case State.Moderated:
                comment.Moderate(Operator, [ModerationCategory.Advertising], "宣伝のため非表示", ModerationAction.Hide, T0.AddMinutes(2));
                break;
        }
        return comment;
    }

    private static StaffMember M(Actor a) => new(a.UserId, a.Name, a.SectionId);

    private static SocialAccount Account(ReplyPolicyKind reply)
    {
        var account = SocialAccount.Create(Operator, SectionA, new PolicyContent
        {
            Platform = Platform.X,
            AccountName = "名寄市書込みテスト",
            AccountUrl = "https://x.com/nayoro_comment_test",
            Content = "市民に向けて、市の行事を発信します。",
            Purpose = "行事の周知のため。",
            PeriodStart = new DateOnly(2026, 4, 1),
            PeriodEnd = new DateOnly(2028, 3, 31),
            OperatingDays = OperatingDays.Weekdays,
            HoursStart = new TimeOnly(8, 45),
            HoursEnd = new TimeOnly(17, 30),
            ReplyPolicy = reply,
            ReplyWording = Labels.DefaultReplyWording(reply),
        }, [M(Operator), M(Operator2)], T0);
        account.RequestListing(Head, T0, urlAlreadyRegistered: false);
        account.List(Pr, Terms, T0);
        return account;
    }
}
