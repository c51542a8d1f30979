using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Posts;
using MuniSocial.Domain.Publishing;
using MuniSocial.Infrastructure.Connectors;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Publishing;

/// <summary>
/// The process dies while the platform is being called: the platform completes the post after the app is gone, and a
/// second app instance on the same database then runs the sender. Nothing is posted twice: a keyed platform is sent the
/// same key again (and deduplicates), a platform without one is read back first (found → recorded, not resent; the
/// read-back failing → 要確認, nothing resent until a person says).
/// </summary>
public sealed class PublicationRestartTests
{
    [Theory]
    [InlineData(Platform.X)]
    [InlineData(Platform.Mastodon)]
    public async Task After_a_restart_mid_send_the_post_is_on_the_platform_once_and_recorded(Platform platform)
    {
        var first = new PublishingAppFactory();
        await ((IAsyncLifetime)first).InitializeAsync();
        var (post, publicationId) = await DieMidSendAsync(first, platform);
        var fake = first.Of(platform);
        var onPlatform = Assert.Single(fake.PostsOf(publicationId));

        var second = await first.RestartedAsync(first.Clock.GetUtcNow().AddMinutes(10));
        try
        {
            await second.Sender.RunOnceAsync(CancellationToken.None);
            await second.Sender.RunOnceAsync(CancellationToken.None);

            Assert.Single(fake.PostsOf(publicationId));
            var calls = fake.CallsOf(publicationId);
            if (platform == Platform.Mastodon)
            {
                // Resent with the same key; the platform answered with the post it already had.
                Assert.Equal(2, calls.Count);
                Assert.Equal(calls[0].IdempotencyKey, calls[1].IdempotencyKey);
                Assert.True(calls[1].MayHaveGoneOut);
                Assert.Equal(0, fake.ReadBacks);
            }
            else
            {
                // Found by reading the account back: not resent.
                Assert.Single(calls);
                Assert.Equal(1, fake.ReadBacks);
            }
            var publication = await second.DbAsync(db => db.Publications.AsNoTracking().SingleAsync(p => p.Id == publicationId));
            Assert.Equal(PublicationState.Sent, publication.State);
            Assert.Equal(onPlatform.Id, publication.PlatformPostId);
            var published = await second.DbAsync(db => db.Posts.AsNoTracking().SingleAsync(p => p.Id == post));
            Assert.Equal(PostStatus.Published, published.Status);
            Assert.Equal(onPlatform.Id, published.PlatformPostId);
            Assert.Equal(PublishedVia.Connector, published.PublishedVia);
        }
        finally
        {
            await ((IAsyncLifetime)second).DisposeAsync();
        }
    }

    [Fact]
    public async Task After_a_restart_mid_send_a_platform_without_key_whose_read_back_fails_is_marked_to_check_and_not_resent()
    {
        var first = new PublishingAppFactory();
        await ((IAsyncLifetime)first).InitializeAsync();
        var (post, publicationId) = await DieMidSendAsync(first, Platform.X);
        first.X.ReadBackFailure = new ConnectorException(ConnectorFailure.Transient, "Service Unavailable", 503);

        var second = await first.RestartedAsync(first.Clock.GetUtcNow().AddMinutes(10));
        try
        {
            await second.Sender.RunOnceAsync(CancellationToken.None);
            await second.Sender.RunOnceAsync(CancellationToken.None);

            Assert.Single(first.X.CallsOf(publicationId));
            var publication = await second.DbAsync(db => db.Publications.AsNoTracking().SingleAsync(p => p.Id == publicationId));
            Assert.Equal(PublicationState.NeedsCheck, publication.State);
            Assert.Contains("X の応答: \"Service Unavailable\"", publication.LastError, StringComparison.Ordinal);
            var mails = await second.DbAsync(db => db.OutboxMails.AsNoTracking().Where(m => m.Topic == $"publication:{publicationId}").ToListAsync());
            Assert.Equal(2, mails.Count); // the requester and the section head
            Assert.All(mails, m => Assert.StartsWith("【発信の要確認】", m.Subject, StringComparison.Ordinal));

            // The page says what to check and offers both answers.
            var browser = await second.SignInAsync("demo-operator");
            var page = await browser.GetDocumentAsync($"/posts/{post}");
            Assert.Contains("要確認", page.QuerySelector("[data-state]")?.TextContent, StringComparison.Ordinal);
            Assert.NotNull(page.QuerySelector("form[action*='handler=ConfirmSent'] button"));
            Assert.Equal("投稿されていなかった（再送）", page.QuerySelector("form[action*='handler=Retry'] button")?.TextContent.Trim());

            // The operator finds it on the account and records its address: the post is Published.
            var found = Assert.Single(first.X.PostsOf(publicationId));
            var api = await second.ApiAsync("demo-operator");
            var confirmed = await api.PostAsJsonAsync($"/api/v1/posts/{post}/publication/confirm-sent",
                new { platformUrl = $"https://x.com/nayoro/status/{found.Id}" });
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
            var published = await second.DbAsync(db => db.Posts.AsNoTracking().SingleAsync(p => p.Id == post));
            Assert.Equal(PostStatus.Published, published.Status);
            Assert.Equal(found.Id, published.PlatformPostId);
            Assert.Equal($"https://x.com/nayoro/status/{found.Id}", published.PublishedUrl);
            await second.Sender.RunOnceAsync(CancellationToken.None);
            Assert.Single(first.X.CallsOf(publicationId));
        }
        finally
        {
            await ((IAsyncLifetime)second).DisposeAsync();
        }
    }

    [Fact]
    public async Task A_person_who_found_nothing_resends_a_checked_entry_with_a_new_key_and_it_goes_out_once()
    {
        var first = new PublishingAppFactory();
        await ((IAsyncLifetime)first).InitializeAsync();
        try
        {
            var account = await first.ConnectedAccountAsync(Platform.X, PublishingAppFactory.XFields);
            var post = await first.ApprovedPostAsync(account, "確認のお知らせです。" + Guid.NewGuid().ToString("N"));
            var api = await first.ApiAsync("demo-operator");
            await api.PostAsync($"/api/v1/posts/{post}/publish", null);
            var id = await first.DbAsync(db => db.Publications.Where(p => p.PostId == post).Select(p => p.Id).SingleAsync());
            // A timeout: it may have gone out; the read-back then fails, so nobody can tell.
            first.X.FailNext(id, new ConnectorException(ConnectorFailure.Transient, "timeout"));
            await first.Sender.RunOnceAsync(CancellationToken.None);
            first.X.ReadBackFailure = new ConnectorException(ConnectorFailure.Transient, "Service Unavailable", 503);
            first.Clock.Advance(TimeSpan.FromMinutes(1));
            await first.Sender.RunOnceAsync(CancellationToken.None);
            var checking = await first.DbAsync(db => db.Publications.AsNoTracking().SingleAsync(p => p.Id == id));
            Assert.Equal(PublicationState.NeedsCheck, checking.State);
            first.X.ReadBackFailure = null;

            var browser = await first.SignInAsync("demo-operator");
            var retried = await PublicationTests.PostFormOnPageAsync(browser, post, "Retry");
            Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
            await first.Sender.RunOnceAsync(CancellationToken.None);

            var calls = first.X.CallsOf(id);
            Assert.Equal(2, calls.Count);
            Assert.NotEqual(calls[0].IdempotencyKey, calls[1].IdempotencyKey);
            Assert.False(calls[1].MayHaveGoneOut);
            Assert.Single(first.X.PostsOf(id));
            Assert.Equal(PostStatus.Published, (await first.DbAsync(db => db.Posts.AsNoTracking().SingleAsync(p => p.Id == post))).Status);
        }
        finally
        {
            await ((IAsyncLifetime)first).DisposeAsync();
        }
    }

    /// <summary>Publishes a post on a connected account and kills the first app while the platform is being called.</summary>
    private static async Task<(Guid Post, Guid PublicationId)> DieMidSendAsync(PublishingAppFactory first, Platform platform)
    {
        var account = await first.ConnectedAccountAsync(platform, PublishingAppFactory.FieldsOf(platform));
        var post = await first.ApprovedPostAsync(account, "再起動のお知らせです。" + Guid.NewGuid().ToString("N"));
        var api = await first.ApiAsync("demo-operator");
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/api/v1/posts/{post}/publish", null)).StatusCode);
        var publicationId = await first.DbAsync(db => db.Publications.Where(p => p.PostId == post).Select(p => p.Id).SingleAsync());
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        first.Of(platform).DieMidSend = entered;
        using var dying = new CancellationTokenSource();
        var sending = first.Sender.RunOnceAsync(dying.Token);
        await entered.Task;
        await dying.CancelAsync(); // the process is killed
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
        var left = await first.DbAsync(db => db.Publications.AsNoTracking().SingleAsync(p => p.Id == publicationId));
        Assert.Equal(PublicationState.Sending, left.State);
        Assert.Equal(1, left.Attempts);
        await first.DisposeAsync(); // the app is gone; its database and folder stay
        return (post, publicationId);
    }
}
