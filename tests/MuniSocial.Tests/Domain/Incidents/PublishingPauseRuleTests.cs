using MuniSocial.Domain;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Incidents;
using MuniSocial.Domain.Posts;
using MuniSocial.Tests.Support;
using static MuniSocial.Tests.Support.TableData;

namespace MuniSocial.Tests.Domain.Incidents;

/// <summary>
/// §5(5) the crisis switch: while a pause applies to a post's account, nothing is approved into Approved (the head's
/// 了承, a check with no approval after it, a pre-approved submission) and nothing is recorded as published; work on
/// drafts, checks and send-backs go on. A pause of another account does not apply; a lifted one no longer does.
/// </summary>
public sealed class PublishingPauseRuleTests
{
    public enum Scope
    {
        ThisAccount,
        AllAccounts,
        OtherAccount,
        Lifted,
    }

    private static readonly Guid OtherAccountId = Guid.Parse("0195f000-0000-7000-8000-0000000000b1");
    private static readonly PostRoute HeadApproves = new(CheckRequirement.Required, HeadApproval: true);

    public static TheoryData<Scope> Scopes() => [.. Enum.GetValues<Scope>()];

    private static bool Applies(Scope s) => s is Scope.ThisAccount or Scope.AllAccounts;

    private static List<PublishingPause> Pauses(SocialAccount account, Scope scope)
    {
        var pause = PublishingPause.Pause(Pr, scope switch
        {
            Scope.AllAccounts => null,
            Scope.OtherAccount => OtherAccountId,
            _ => account.Id,
        }, "なりすましアカウントの確認中", T0);
        if (scope == Scope.Lifted)
        {
            pause.Lift(Pr, "確認が終わりました。", null, T0.AddMinutes(30));
        }
        return [pause];
    }

    private static string Refusal(Scope scope, string what) =>
        $"{(scope == Scope.AllAccounts ? "すべてのアカウント" : "このアカウント")}の発信は一時停止中のため、{what}できません（理由: なりすましアカウントの確認中）。市広報担当が解除するまでお待ちください。";

    [Theory]
    [MemberData(nameof(Scopes))]
    public void The_heads_approval_is_refused_while_a_pause_applies(Scope scope)
    {
        var account = ListedAccount();
        var post = Awaiting(account, PostStatus.AwaitingApproval);
        var pauses = Pauses(account, scope);

        if (Applies(scope))
        {
            var ex = Assert.Throws<DomainRuleException>(() => post.Review(Head, ReviewDecision.Approve, null, [], T1, pauses));
            Assert.Equal("publishing-paused", ex.Rule);
            Assert.Equal(Refusal(scope, "承認"), ex.Message);
            Assert.Equal(PostStatus.AwaitingApproval, post.Status);
            Assert.Empty(post.PendingAudit);
            return;
        }
        post.Review(Head, ReviewDecision.Approve, null, [], T1, pauses);
        Assert.Equal(PostStatus.Approved, post.Status);
        Assert.Equal("post.approved", Assert.Single(post.PendingAudit).Action);
    }

    [Theory]
    [MemberData(nameof(Scopes))]
    public void Recording_the_publication_is_refused_while_a_pause_applies(Scope scope)
    {
        var account = ListedAccount();
        var post = Awaiting(account, PostStatus.Approved);
        var pauses = Pauses(account, scope);

        if (Applies(scope))
        {
            var ex = Assert.Throws<DomainRuleException>(() => post.RecordPublished(Operator, "https://x.com/nayoro/status/9", T1, T1, pauses));
            Assert.Equal("publishing-paused", ex.Rule);
            Assert.Equal(Refusal(scope, "公開を記録"), ex.Message);
            Assert.Equal(PostStatus.Approved, post.Status);
            Assert.Null(post.PublishedUrl);
            Assert.Empty(post.PendingAudit);
            return;
        }
        post.RecordPublished(Operator, "https://x.com/nayoro/status/9", T1, T1, pauses);
        Assert.Equal(PostStatus.Published, post.Status);
    }

    [Theory]
    [MemberData(nameof(Scopes))]
    public void A_pre_approved_submission_that_would_be_approved_at_once_is_refused_while_a_pause_applies(Scope scope)
    {
        var account = ListedAccount();
        var post = Post.Create(Operator, account, PostKind.Post, new PostInput("名寄のひまわりが見ごろです。", null, PostCategory.A, null, PublicSourceUrl: "https://www.city.nayoro.lg.jp/himawari"), T0);
        post.ClearPendingAudit();
        var preApproved = new PostRoute(CheckRequirement.Optional, HeadApproval: false);
        var pauses = Pauses(account, scope);

        if (Applies(scope))
        {
            var ex = Assert.Throws<DomainRuleException>(() => post.Submit(Operator, [], [], preApproved, requestCheck: false, T1, pauses));
            Assert.Equal("publishing-paused", ex.Rule);
            Assert.Equal(Refusal(scope, "事前承認の範囲の投稿を提出"), ex.Message);
            Assert.Equal(PostStatus.Draft, post.Status);
            Assert.Equal(0, post.Round);
            Assert.Empty(post.PendingAudit);
            return;
        }
        post.Submit(Operator, [], [], preApproved, requestCheck: false, T1, pauses);
        Assert.Equal(PostStatus.Approved, post.Status);
    }

    [Fact]
    public void A_check_that_completes_a_pre_approved_post_is_an_approval_and_is_refused()
    {
        var account = ListedAccount();
        var post = Post.Create(Operator, account, PostKind.Post, new PostInput("名寄のひまわりが見ごろです。", null, PostCategory.A, null, PublicSourceUrl: "https://www.city.nayoro.lg.jp/himawari"), T0);
        post.Submit(Operator, [], [], new PostRoute(CheckRequirement.Required, HeadApproval: false), requestCheck: false, T0);

        var ex = Assert.Throws<DomainRuleException>(() => post.Review(Operator2, ReviewDecision.Approve, null, [], T1, Pauses(account, Scope.ThisAccount)));

        Assert.Equal("publishing-paused", ex.Rule);
        Assert.Equal(PostStatus.AwaitingCheck, post.Status);
    }

    [Fact]
    public void Work_goes_on_while_paused_drafting_submitting_for_check_checking_and_sending_back()
    {
        var account = ListedAccount();
        var pauses = Pauses(account, Scope.AllAccounts);
        var post = Post.Create(Operator, account, PostKind.Post, new PostInput("名寄のひまわりが見ごろです。", null, null, null), T0);
        post.Update(Operator, new PostInput("8月1日、名寄のひまわりが見ごろです。", null, null, null), T0);
        post.Submit(Operator, [], [], HeadApproves, requestCheck: false, T0, pauses);
        post.Review(Operator2, ReviewDecision.Approve, null, [], T0, pauses);
        Assert.Equal(PostStatus.AwaitingApproval, post.Status);
        post.Review(Head, ReviewDecision.SendBack, "停止が解けてから出します。日付を直してください。", [], T0, pauses);
        Assert.Equal(PostStatus.Draft, post.Status);
        Assert.True(post.IsHeldBy(pauses));
    }

    [Fact]
    public void A_scope_already_paused_is_refused_and_all_may_be_paused_over_one_account()
    {
        var one = PublishingPause.Pause(Pr, OtherAccountId, "確認中", T0);
        var ex = Assert.Throws<DomainRuleException>(() => PublishingPause.Pause(Pr, OtherAccountId, "重ねて停止", T1, [one]));
        Assert.Equal("already-paused", ex.Rule);
        PublishingPause.Pause(Pr, null, "重ねて停止", T1, [one]);
        PublishingPause.Pause(Pr, Guid.CreateVersion7(), "重ねて停止", T1, [one]);

        var all = PublishingPause.Pause(Pr, null, "全体の確認中", T0);
        Assert.Equal("already-paused", Assert.Throws<DomainRuleException>(() => PublishingPause.Pause(Pr, null, "重ねて停止", T1, [all])).Rule);
        Assert.Equal("already-paused", Assert.Throws<DomainRuleException>(() => PublishingPause.Pause(Pr, OtherAccountId, "重ねて停止", T1, [all])).Rule);

        all.Lift(Pr, null, null, T1);
        PublishingPause.Pause(Pr, null, "重ねて停止", T1, [all]);
    }

    [Fact]
    public void Only_the_pr_office_pauses_and_lifts_and_a_pause_is_lifted_once()
    {
        Assert.Throws<DomainForbiddenException>(() => PublishingPause.Pause(Head, null, "理由", T0));
        Assert.Throws<DomainForbiddenException>(() => PublishingPause.Pause(Operator, null, "理由", T0));
        Assert.Equal("reason", Assert.Single(Assert.Throws<DomainValidationException>(() => PublishingPause.Pause(Pr, null, "  ", T0)).FieldErrors.Keys));
        var pause = PublishingPause.Pause(Pr, null, "理由", T0);
        Assert.Throws<DomainForbiddenException>(() => pause.Lift(Head, null, null, T1));
        pause.Lift(Pr, "解除します。", null, T1);
        Assert.Equal("pause-lifted", Assert.Throws<DomainRuleException>(() => pause.Lift(Pr, null, null, T1)).Rule);
        Assert.Equal(["publishing.paused", "publishing.resumed"], pause.PendingAudit.Select(r => r.Action));
    }

    [Fact]
    public void A_lift_holds_the_approved_posts_of_its_scope_that_no_other_pause_still_holds()
    {
        var account = ListedAccount();
        var approved = Awaiting(account, PostStatus.Approved);
        var waiting = Awaiting(account, PostStatus.AwaitingApproval);
        var all = PublishingPause.Pause(Pr, null, "全体", T0);
        var mine = PublishingPause.Pause(Pr, account.Id, "このアカウント", T0);

        all.Lift(Pr, null, null, T1);
        Assert.Empty(HeldPost.Of(all, [approved, waiting], [mine], T1)); // still held by the account's own pause

        mine.Lift(Pr, null, null, T1);
        var held = Assert.Single(HeldPost.Of(mine, [approved, waiting], [], T1));
        Assert.Equal(approved.Id, held.PostId);
        Assert.Equal(SectionA, held.SectionId);
        Assert.True(held.IsOpen);

        var other = PublishingPause.Pause(Pr, OtherAccountId, "他のアカウント", T0);
        other.Lift(Pr, null, null, T1);
        Assert.Empty(HeldPost.Of(other, [approved], [], T1));
    }

    [Fact]
    public void The_head_releases_or_cancels_a_held_post_once_and_the_history_says_so()
    {
        var account = ListedAccount();
        var pause = PublishingPause.Pause(Pr, account.Id, "確認中", T0);
        var released = Awaiting(account, PostStatus.Approved);
        var cancelled = Awaiting(account, PostStatus.Approved);
        pause.Lift(Pr, null, null, T1);
        var holds = HeldPost.Of(pause, [released, cancelled], [], T1);

        Assert.Equal("publishing-paused", Assert.Throws<DomainRuleException>(() =>
            released.ReleaseHeld(Head, holds, [PublishingPause.Pause(Pr, null, "再び停止", T1)], T1)).Rule);
        released.ReleaseHeld(Head, holds, [], T1);
        Assert.Equal(PostStatus.Approved, released.Status);
        Assert.Equal("post.held-released", Assert.Single(released.PendingAudit).Action);
        Assert.Equal(HeldOutcome.Released, holds.Single(h => h.PostId == released.Id).Outcome);
        Assert.Equal("not-held", Assert.Throws<DomainRuleException>(() => released.ReleaseHeld(Head, holds, [], T1)).Rule);

        cancelled.CancelHeld(Head, holds, null, T1);
        Assert.Equal(PostStatus.Rejected, cancelled.Status);
        var record = Assert.Single(cancelled.PendingAudit);
        Assert.Equal("post.held-cancelled", record.Action);
        Assert.Equal("一時停止中に保留された発信を取りやめ", record.Reason);
        Assert.Equal(HeldOutcome.Cancelled, holds.Single(h => h.PostId == cancelled.Id).Outcome);
    }

    // ---- building ------------------------------------------------------------------------------

    private static StaffMember M(Actor a) => new(a.UserId, a.Name, a.SectionId);

    private static SocialAccount ListedAccount() =>
        TableData.ListedAccount("名寄市一時停止テスト", "https://x.com/nayoro_pause_test");

    /// <summary>A post by <see cref="Operator"/>, checked by <see cref="Operator2"/>, waiting for the head or approved by them (no pause then).</summary>
    private static Post Awaiting(SocialAccount account, PostStatus status)
    {
        var post = Post.Create(Operator, account, PostKind.Post, new PostInput("名寄のひまわりが見ごろです。", null, null, null), T0);
        post.Submit(Operator, [], [], HeadApproves, requestCheck: false, T0);
        post.Review(Operator2, ReviewDecision.Approve, null, [], T0);
        if (status == PostStatus.Approved)
        {
            post.Review(Head, ReviewDecision.Approve, null, [], T0);
        }
        Assert.Equal(status, post.Status);
        post.ClearPendingAudit();
        return post;
    }
}
