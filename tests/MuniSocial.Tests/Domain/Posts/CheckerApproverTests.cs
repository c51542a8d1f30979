using MuniSocial.Domain;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Posts;
using static MuniSocial.Tests.Support.TableData;

namespace MuniSocial.Tests.Domain.Posts;

/// <summary>Maker–checker on a post (issue 14 item 8): the colleague check and the approval of one round are two people.</summary>
public sealed class CheckerApproverTests
{
    private static readonly Actor Head2 = new("head-a2", "南 次長", new HashSet<Role> { Role.SectionHead }, SectionA);

    private static Post Submitted(SocialAccount account, DateTimeOffset at)
    {
        var post = Post.Create(Operator, account, PostKind.Post, new PostInput("名寄のひまわりが見ごろです。", null, null, null), at);
        post.Submit(Operator, [], [], new PostRoute(CheckRequirement.Required, HeadApproval: true), requestCheck: false, at);
        return post;
    }

    [Theory]
    [InlineData(ReviewDecision.Approve)]
    [InlineData(ReviewDecision.SendBack)]
    [InlineData(ReviewDecision.Reject)]
    public void The_head_who_made_the_colleague_check_cannot_decide_the_approval_another_head_does(ReviewDecision decision)
    {
        var account = PostLifecycleTests.ListedAccount();
        var post = Submitted(account, T0);
        post.Review(Head, ReviewDecision.Approve, null, [], T0.AddHours(1));
        Assert.Equal(PostStatus.AwaitingApproval, post.Status);
        Assert.True(post.CheckedThisRoundBy(Head.UserId));
        post.ClearPendingAudit();
        var version = post.Version;

        var refused = Assert.Throws<DomainRuleException>(() => post.Review(Head, decision, "理由", [], T0.AddHours(2)));
        Assert.Equal("checker-is-approver", refused.Rule);
        Assert.Equal("この投稿の内容確認を行った人は、了承（承認）できません。別の所属長が了承してください。", refused.Message);
        Assert.Equal(PostStatus.AwaitingApproval, post.Status);
        Assert.Equal(version, post.Version);
        Assert.Empty(post.PendingAudit);

        post.Review(Head2, ReviewDecision.Approve, null, [], T0.AddHours(2));
        Assert.Equal(PostStatus.Approved, post.Status);
        Assert.Equal(Head2.Name, post.ApprovedByName);
    }

    [Fact]
    public void A_check_in_an_earlier_round_does_not_bar_the_approval_of_a_new_round()
    {
        var account = PostLifecycleTests.ListedAccount();
        var post = Submitted(account, T0);
        post.Review(Head, ReviewDecision.Approve, null, [], T0.AddHours(1));
        post.Review(Head2, ReviewDecision.SendBack, "日付を書いてください。", [], T0.AddHours(2));
        post.Submit(Operator, [], [], new PostRoute(CheckRequirement.Required, HeadApproval: true), requestCheck: false, T0.AddHours(3));
        post.Review(Operator2, ReviewDecision.Approve, null, [], T0.AddHours(4));
        Assert.False(post.CheckedThisRoundBy(Head.UserId));

        post.Review(Head, ReviewDecision.Approve, null, [], T0.AddHours(5));

        Assert.Equal(PostStatus.Approved, post.Status);
    }
}
