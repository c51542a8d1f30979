using MuniSocial.Domain;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Posts;
using MuniSocial.Domain.Publishing;
using static MuniSocial.Tests.Support.TableData;

namespace MuniSocial.Tests.Domain.Publishing;

/// <summary>
/// The outbox entry of a post (<see cref="Publication"/>) and the rules around it: queued by the publish step, sent once,
/// retried after a backoff, 要確認 resolved by a person, and the manual record refused beside a working connector.
/// </summary>
public sealed class PublicationTests
{
    private static readonly Dictionary<string, string> XPublic = new() { ["userId"] = "123" };

    [Fact]
    public void The_publish_step_queues_an_entry_at_the_scheduled_time_with_the_approved_text_and_one_key()
    {
        var (account, post) = Approved(scheduledAt: T1.AddHours(5));
        var connection = Connected(account);

        var entry = post.RequestPublish(Operator, connection, null, null, mediaSupported: false, T1);

        Assert.Equal(PublicationState.Queued, entry.State);
        Assert.Equal(T1.AddHours(5), entry.NotBefore);
        Assert.Equal(post.FullText, entry.Text);
        Assert.True(Guid.TryParse(entry.IdempotencyKey, out _));
        Assert.Equal(PostStatus.Approved, post.Status);
        Assert.Equal("post.publish-requested", Assert.Single(post.PendingAudit).Action);
    }

    [Fact]
    public void Sent_makes_the_post_published_by_the_connector_with_the_platforms_id()
    {
        var (account, post) = Approved();
        var entry = post.RequestPublish(Operator, Connected(account), null, null, false, T1);
        entry.BeginAttempt("sender-1", T1, TimeSpan.FromMinutes(2));

        entry.MarkSent("1789", "https://x.com/nayoro/status/1789", T1.AddSeconds(2));
        post.RecordSent(entry, T1.AddSeconds(2));

        Assert.Equal(PublicationState.Sent, entry.State);
        Assert.Null(entry.LeaseOwner);
        Assert.Equal(PostStatus.Published, post.Status);
        Assert.Equal(PublishedVia.Connector, post.PublishedVia);
        Assert.Equal("1789", post.PlatformPostId);
        Assert.Equal("https://x.com/nayoro/status/1789", post.PublishedUrl);
        Assert.Equal(Operator.Name, post.PublishedByName);
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(8, 1800)] // at most 30 minutes
    public void A_transient_failure_backs_off_by_attempts(int attempts, int seconds)
    {
        var (account, post) = Approved();
        var entry = post.RequestPublish(Operator, Connected(account), null, null, false, T1);
        for (var i = 0; i < attempts; i++)
        {
            entry.BeginAttempt("sender-1", T1, TimeSpan.FromMinutes(2));
            entry.MarkRetry("Service Unavailable", T1);
        }

        Assert.Equal(PublicationState.Queued, entry.State);
        Assert.Equal(T1.AddSeconds(seconds), entry.NextAttemptAt);
        Assert.True(entry.MayHaveGoneOut);
    }

    [Fact]
    public void Retry_after_Retry_After_when_the_platform_asks_for_longer()
    {
        var (account, post) = Approved();
        var entry = post.RequestPublish(Operator, Connected(account), null, null, false, T1);
        entry.BeginAttempt("sender-1", T1, TimeSpan.FromMinutes(2));

        entry.MarkRetry("Too Many Requests", T1, TimeSpan.FromMinutes(15));

        Assert.Equal(T1.AddMinutes(15), entry.NextAttemptAt);
    }

    [Fact]
    public void A_checked_entry_resent_by_staff_gets_a_new_key_and_is_no_longer_thought_to_have_gone_out()
    {
        var (account, post) = Approved();
        var entry = post.RequestPublish(Operator, Connected(account), null, null, false, T1);
        entry.BeginAttempt("sender-1", T1, TimeSpan.FromMinutes(2));
        entry.MarkNeedsCheck("分かりません。", T1);
        var key = entry.IdempotencyKey;

        entry.Retry(Operator2, T1.AddMinutes(10));

        Assert.Equal(PublicationState.Queued, entry.State);
        Assert.NotEqual(key, entry.IdempotencyKey);
        Assert.False(entry.MayHaveGoneOut);
        Assert.Equal(T1.AddMinutes(10), entry.NextAttemptAt);
    }

    [Fact]
    public void Only_staff_of_the_section_resend_or_confirm()
    {
        var (account, post) = Approved();
        var entry = post.RequestPublish(Operator, Connected(account), null, null, false, T1);
        entry.MarkFailed("Forbidden", T1);

        Assert.Throws<DomainForbiddenException>(() => entry.Retry(Pr, T1));
        Assert.Throws<DomainForbiddenException>(() => entry.Retry(OtherOperator, T1));
        var wrong = Assert.Throws<DomainRuleException>(() => entry.ConfirmSent(Operator, "1", "https://x.com/a/status/1", T1));
        Assert.Equal("invalid-state", wrong.Rule);
        Assert.Equal(PublicationState.Failed, entry.State);
    }

    [Fact]
    public void A_manual_record_is_refused_beside_a_working_connector_and_allowed_when_it_is_broken()
    {
        var (account, _) = Approved();
        var connection = Connected(account);

        var refused = Assert.Throws<DomainRuleException>(() => Post.EnsureManualRecordAllowed(connection, null));
        Assert.Equal("publish-through-connector", refused.Rule);

        connection.MarkBroken("Unauthorized", T1);
        Post.EnsureManualRecordAllowed(connection, null);
        Post.EnsureManualRecordAllowed(null, null);
    }

    [Fact]
    public void A_manual_record_is_refused_while_an_entry_is_open()
    {
        var (account, post) = Approved();
        var connection = Connected(account);
        var entry = post.RequestPublish(Operator, connection, null, null, false, T1);
        connection.MarkBroken("Unauthorized", T1);

        var refused = Assert.Throws<DomainRuleException>(() => Post.EnsureManualRecordAllowed(connection, entry));

        Assert.Equal("already-queued", refused.Rule);
    }

    [Fact]
    public void Publishing_on_a_broken_connection_points_to_the_manual_record()
    {
        var (account, post) = Approved();
        var connection = Connected(account);
        connection.MarkBroken("Unauthorized", T1);

        var refused = Assert.Throws<DomainRuleException>(() => post.RequestPublish(Operator, connection, null, null, false, T1));

        Assert.Equal("connection-broken", refused.Rule);
        Assert.Contains("公開を記録してください", refused.Message, StringComparison.Ordinal);
        Assert.Equal(PostStatus.Approved, post.Status);
    }

    private static AccountConnection Connected(SocialAccount account) => AccountConnection.Connect(Head, account, XPublic, "protected", T0);

    private static (SocialAccount Account, Post Post) Approved(DateTimeOffset? scheduledAt = null)
    {
        var account = ListedAccount("名寄市テスト", "https://x.com/nayoro_outbox_test");
        var post = Post.Create(Operator, account, PostKind.Post, new PostInput("名寄のひまわりが見ごろです。", null, null, scheduledAt), T0);
        post.Submit(Operator, [], [], new PostRoute(CheckRequirement.Required, HeadApproval: true), requestCheck: false, T0.AddHours(1));
        post.Review(Operator2, ReviewDecision.Approve, null, [], T0.AddHours(2));
        post.Review(Head, ReviewDecision.Approve, null, [], T0.AddHours(3));
        post.ClearPendingAudit();
        return (account, post);
    }
}
