using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Domain.Comments;
using MuniSocial.Infrastructure.Connectors;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Infrastructure.Connectors;

/// <summary>
/// What the reference PDS of the tests cannot show, against a fake that keeps the XRPC contract
/// (https://atproto.com/specs/xrpc: errors {"error","message"}; rate limits with ratelimit-reset in epoch seconds):
/// notifications (app.bsky.notification.listNotifications needs an AppView the test network lacks —
/// https://docs.bsky.app/docs/api/app-bsky-notification-list-notifications), an expired access token renewed with
/// com.atproto.server.refreshSession (https://docs.bsky.app/docs/api/com-atproto-server-refresh-session), a rate limit.
/// </summary>
public sealed class BlueskyXrpcTests : IAsyncLifetime
{
    private const string Did = "did:plc:nayorocity";
    private FakePlatform _fake = null!;
    private ServiceProvider _services = null!;
    private int _sessions;

    private BlueskyConnector Connector => _services.GetRequiredService<BlueskyConnector>();

    public async Task InitializeAsync()
    {
        _fake = await FakePlatform.StartAsync(app =>
        {
            app.MapPost("/xrpc/com.atproto.server.createSession", () =>
            {
                var n = Interlocked.Increment(ref _sessions);
                return Results.Json(new { did = Did, handle = "nayoro.example", accessJwt = $"access-{n}", refreshJwt = $"refresh-{n}", active = true });
            });
            app.MapPost("/xrpc/com.atproto.server.refreshSession", (HttpRequest r) => r.Headers.Authorization == "Bearer refresh-1"
                ? Results.Json(new { did = Did, handle = "nayoro.example", accessJwt = "access-refreshed", refreshJwt = "refresh-2" })
                : Results.Json(new { error = "ExpiredToken", message = "Token has expired" }, statusCode: 400));
            app.MapGet("/xrpc/com.atproto.repo.listRecords", (HttpRequest r) => r.Headers.Authorization == "Bearer access-refreshed"
                ? Results.Json(new { records = new[] { new { uri = $"at://{Did}/app.bsky.feed.post/3lbbbbbbbbbb2", cid = "bafy1", value = new { text = "お知らせ", createdAt = "2026-06-01T00:00:00.000Z" } } } })
                : Results.Json(new { error = "ExpiredToken", message = "Token has expired" }, statusCode: 400));
            app.MapGet("/xrpc/app.bsky.notification.listNotifications", () => Results.Json(new
            {
                notifications = new object[]
                {
                    new { uri = "at://did:plc:hanako/app.bsky.feed.post/3lccccccccc22", cid = "bafy2", reason = "reply", isRead = false, indexedAt = "2026-06-01T01:00:01.000Z",
                        author = new { did = "did:plc:hanako", handle = "hanako.bsky.social" },
                        record = new Dictionary<string, object> { ["$type"] = "app.bsky.feed.post", ["text"] = "除雪はいつですか？", ["createdAt"] = "2026-06-01T01:00:00.000Z",
                            ["reply"] = new { root = new { uri = $"at://{Did}/app.bsky.feed.post/3lbbbbbbbbbb2", cid = "bafy1" }, parent = new { uri = $"at://{Did}/app.bsky.feed.post/3lbbbbbbbbbb2", cid = "bafy1" } } } },
                    new { uri = "at://did:plc:jiro/app.bsky.feed.post/3ldddddddddd2", cid = "bafy3", reason = "mention", isRead = false, indexedAt = "2026-06-01T02:00:01.000Z",
                        author = new { did = "did:plc:jiro", handle = "jiro.bsky.social" },
                        record = new Dictionary<string, object> { ["$type"] = "app.bsky.feed.post", ["text"] = "@nayoro.example 道路の陥没があります", ["createdAt"] = "2026-06-01T02:00:00.000Z" } },
                    new { uri = "at://did:plc:jiro/app.bsky.feed.like/3leeeeeeeeee2", cid = "bafy4", reason = "like", isRead = false, indexedAt = "2026-06-01T03:00:00.000Z",
                        author = new { did = "did:plc:jiro", handle = "jiro.bsky.social" },
                        record = new Dictionary<string, object> { ["$type"] = "app.bsky.feed.like", ["createdAt"] = "2026-06-01T03:00:00.000Z" } },
                },
            }));
            app.MapPost("/xrpc/com.atproto.repo.createRecord", (HttpContext c) =>
            {
                c.Response.Headers["ratelimit-reset"] = DateTimeOffset.UtcNow.AddSeconds(120).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Results.Json(new { error = "RateLimitExceeded", message = "Rate Limit Exceeded" }, statusCode: 429);
            });
        });
        _services = ConnectorServices.Build(new Dictionary<string, string?> { ["Connectors:Bluesky:ApiBase"] = _fake.BaseUrl });
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task Replies_and_mentions_are_read_back_for_the_comments_inbox()
    {
        var replies = await Connector.ReadRepliesAsync(ConnectorServices.Bluesky("nayoro.example", "app-pass"), [], default);

        var request = Assert.Single(_fake.To("/xrpc/app.bsky.notification.listNotifications", "GET"));
        Assert.Equal("Bearer access-1", request.Header("Authorization"));
        var session = Assert.Single(_fake.To("/xrpc/com.atproto.server.createSession", "POST"));
        using (var body = JsonDocument.Parse(session.Body))
        {
            Assert.Equal("nayoro.example", body.RootElement.GetProperty("identifier").GetString());
            Assert.Equal("app-pass", body.RootElement.GetProperty("password").GetString());
        }
        Assert.Equal(2, replies.Count);
        Assert.Equal(new ReadBackReply("at://did:plc:hanako/app.bsky.feed.post/3lccccccccc22", $"at://{Did}/app.bsky.feed.post/3lbbbbbbbbbb2", "@hanako.bsky.social",
            "除雪はいつですか？", "https://bsky.app/profile/hanako.bsky.social/post/3lccccccccc22", new DateTimeOffset(2026, 6, 1, 1, 0, 0, TimeSpan.Zero), CommentKind.Reply), replies[0]);
        Assert.Equal(CommentKind.Comment, replies[1].Kind);
        Assert.Null(replies[1].InReplyToPostId);
        Assert.Equal("@jiro.bsky.social", replies[1].AuthorHandle);
    }

    [Fact]
    public async Task An_expired_access_token_is_renewed_with_the_refresh_token_and_the_call_made_again()
    {
        var posts = await Connector.ReadRecentPostsAsync(ConnectorServices.Bluesky("nayoro.example", "app-pass"), default);

        Assert.Equal("お知らせ", Assert.Single(posts).Text);
        Assert.Single(_fake.To("/xrpc/com.atproto.server.createSession"));
        Assert.Equal("Bearer refresh-1", Assert.Single(_fake.To("/xrpc/com.atproto.server.refreshSession", "POST")).Header("Authorization"));
        Assert.Equal(["Bearer access-1", "Bearer access-refreshed"], _fake.To("/xrpc/com.atproto.repo.listRecords").Select(r => r.Header("Authorization")));
    }

    [Fact]
    public async Task The_session_is_kept_per_account_and_made_anew_when_the_connection_is_replaced()
    {
        var account = Guid.NewGuid();
        await Connector.ReadRepliesAsync(ConnectorServices.Bluesky("nayoro.example", "app-pass", account), [], default);
        await Connector.ReadRepliesAsync(ConnectorServices.Bluesky("nayoro.example", "app-pass", account), [], default);
        Assert.Equal(1, _sessions);

        await Connector.ReadRepliesAsync(ConnectorServices.Bluesky("nayoro.example", "new-app-pass", account), [], default);
        Assert.Equal(2, _sessions);
    }

    [Fact]
    public async Task A_rate_limit_says_when_to_try_again_and_the_send_is_not_repeated()
    {
        var e = await Assert.ThrowsAsync<ConnectorException>(() =>
            Connector.PublishAsync(ConnectorServices.Bluesky("nayoro.example", "app-pass"), ConnectorServices.Post("お知らせ"), default));

        Assert.Equal(ConnectorFailure.RateLimited, e.Failure);
        Assert.Equal("Blueskyの利用回数の上限に達しました（Bluesky の応答: \"RateLimitExceeded: Rate Limit Exceeded\"）。時間をおいて送り直します。", e.Message);
        Assert.InRange(e.RetryAfter!.Value, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(120));
        var create = Assert.Single(_fake.To("/xrpc/com.atproto.repo.createRecord", "POST"));
        using var body = JsonDocument.Parse(create.Body);
        Assert.Equal(Did, body.RootElement.GetProperty("repo").GetString());
        Assert.Equal("app.bsky.feed.post", body.RootElement.GetProperty("collection").GetString());
        Assert.Equal("app.bsky.feed.post", body.RootElement.GetProperty("record").GetProperty("$type").GetString());
    }
}
