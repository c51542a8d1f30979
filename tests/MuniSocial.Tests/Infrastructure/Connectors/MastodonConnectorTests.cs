using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Domain.Comments;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Publishing;
using MuniSocial.Infrastructure.Connectors;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Infrastructure.Connectors;

/// <summary>
/// The Mastodon adapter against a fake server that keeps Mastodon's documented wire contract:
/// POST /api/v1/statuses (https://docs.joinmastodon.org/methods/statuses/#create: Bearer token, Idempotency-Key — a
/// repeated key answers the status already made —, status, visibility, language, in_reply_to_id, media_ids[]),
/// POST /api/v2/media (https://docs.joinmastodon.org/methods/media/#v2), GET verify_credentials and
/// /api/v1/accounts/:id/statuses (https://docs.joinmastodon.org/methods/accounts/), GET /api/v1/notifications
/// (https://docs.joinmastodon.org/methods/notifications/), GET /api/v2/search (https://docs.joinmastodon.org/methods/search/);
/// errors {"error":"…"} (https://docs.joinmastodon.org/entities/Error/), 429 with X-RateLimit-Reset (https://docs.joinmastodon.org/api/rate-limits/).
/// </summary>
public sealed class MastodonConnectorTests : IAsyncLifetime
{
    private const string Token = "mastodon-token";
    private readonly ServiceProvider _services = ConnectorServices.Build();
    private readonly ConcurrentDictionary<string, object> _byKey = new();
    private int _created;
    private FakePlatform _fake = null!;

    private MastodonConnector Connector => _services.GetRequiredService<MastodonConnector>();
    private ConnectorCredentials Credentials => ConnectorServices.Mastodon(_fake.BaseUrl, Token);

    public async Task InitializeAsync()
    {
        _fake = await FakePlatform.StartAsync(app =>
        {
            app.MapPost("/api/v1/statuses", async (HttpRequest request) =>
            {
                if (request.Headers.Authorization != $"Bearer {Token}")
                {
                    return Results.Json(new { error = "The access token is invalid" }, statusCode: 401);
                }
                using var body = await JsonDocument.ParseAsync(request.Body);
                var text = body.RootElement.GetProperty("status").GetString();
                switch (text)
                {
                    case "422":
                        return Results.Json(new { error = "Validation failed: Text character limit of 500 exceeded" }, statusCode: 422);
                    case "429":
                        request.HttpContext.Response.Headers["X-RateLimit-Reset"] = DateTimeOffset.UtcNow.AddMinutes(5).ToString("O");
                        return Results.Json(new { error = "Too many requests" }, statusCode: 429);
                    case "503":
                        return Results.Json(new { error = "Service Unavailable" }, statusCode: 503);
                    default:
                        break;
                }
                var key = request.Headers["Idempotency-Key"].ToString();
                return Results.Json(_byKey.GetOrAdd(key, _ =>
                {
                    var id = (110000000000000000L + Interlocked.Increment(ref _created)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return new { id, uri = $"{_fake.BaseUrl}/users/nayoro/statuses/{id}", url = $"{_fake.BaseUrl}/@nayoro/{id}", content = $"<p>{WebUtility.HtmlEncode(text)}</p>" };
                }));
            });
            app.MapPost("/api/v2/media", () => Results.Json(new { id = "22345792", type = "image", url = "https://files.example/media/1.png", description = "名寄市役所の外観" }));
            app.MapGet("/api/v2/search", () => Results.Json(new { accounts = Array.Empty<object>(), hashtags = Array.Empty<object>(), statuses = new[] { new { id = "777", url = "https://other.example/@hanako/55" } } }));
            app.MapGet("/api/v1/accounts/verify_credentials", () => Results.Json(new { id = "42", username = "nayoro", acct = "nayoro" }));
            app.MapGet("/api/v1/accounts/42/statuses", () => Results.Json(new[]
            {
                new { id = "103", url = $"{_fake.BaseUrl}/@nayoro/103", created_at = "2026-06-01T01:02:03.000Z",
                    content = "<p>除雪のお知らせ<br />詳しくは <a href=\"https://www.city.nayoro.lg.jp/snow/\"><span class=\"invisible\">https://www.</span><span class=\"\">city.nayoro.lg.jp/snow/</span><span class=\"invisible\"></span></a></p><p>名寄市</p>" },
            }));
            app.MapGet("/api/v1/notifications", () => Results.Json(new object[]
            {
                new { id = "9001", type = "mention", created_at = "2026-06-01T02:00:00.000Z", account = new { id = "5", acct = "hanako@other.example" },
                    status = new { id = "200", url = "https://other.example/@hanako/55", in_reply_to_id = "103", visibility = "public", created_at = "2026-06-01T01:59:00.000Z",
                        content = "<p><span class=\"h-card\"><a href=\"x\" class=\"u-url mention\">@<span>nayoro</span></a></span> 除雪はいつですか？</p>", account = new { id = "5", acct = "hanako@other.example" } } },
                new { id = "9002", type = "mention", created_at = "2026-06-01T03:00:00.000Z", account = new { id = "6", acct = "jiro" },
                    status = new { id = "201", url = $"{_fake.BaseUrl}/@jiro/201", in_reply_to_id = (string?)null, visibility = "direct", created_at = "2026-06-01T02:59:00.000Z",
                        content = "<p>@nayoro 個別に質問です</p>", account = new { id = "6", acct = "jiro" } } },
            }));
            app.MapGet("/api/v1/flaky", () => Results.StatusCode(503));
        });
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task A_post_goes_out_as_the_reference_says_and_answers_its_id_and_url()
    {
        var post = ConnectorServices.Post("名寄市からのお知らせです。\n詳しくは https://www.city.nayoro.lg.jp/ をご覧ください。");

        var sent = await Connector.PublishAsync(Credentials, post, default);

        var request = Assert.Single(_fake.To("/api/v1/statuses", "POST"));
        Assert.Equal($"Bearer {Token}", request.Header("Authorization"));
        Assert.Equal(post.IdempotencyKey, request.Header("Idempotency-Key"));
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(post.Text, body.RootElement.GetProperty("status").GetString());
        Assert.Equal("public", body.RootElement.GetProperty("visibility").GetString());
        Assert.Equal("ja", body.RootElement.GetProperty("language").GetString());
        Assert.False(body.RootElement.TryGetProperty("in_reply_to_id", out _));
        Assert.False(body.RootElement.TryGetProperty("media_ids", out _));
        Assert.Equal("110000000000000001", sent.PlatformPostId);
        Assert.Equal($"{_fake.BaseUrl}/@nayoro/110000000000000001", sent.Url);
    }

    [Fact]
    public async Task A_resend_of_the_same_publication_carries_the_same_key_and_makes_no_second_post()
    {
        var post = ConnectorServices.Post("イベントのお知らせ");

        var first = await Connector.PublishAsync(Credentials, post, default);
        var again = await Connector.PublishAsync(Credentials, post, default);

        var requests = _fake.To("/api/v1/statuses", "POST");
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal(post.IdempotencyKey, r.Header("Idempotency-Key")));
        Assert.Equal(first, again);
        Assert.Equal(1, _created);
    }

    [Fact]
    public async Task A_resend_after_an_attempt_that_may_have_gone_out_first_looks_for_the_text_on_the_account()
    {
        // Mastodon keeps an Idempotency-Key for an hour only: the account's posts are read before a resend.
        var found = await Connector.PublishAsync(Credentials, ConnectorServices.Post("除雪のお知らせ\n詳しくは https://www.city.nayoro.lg.jp/snow/\n\n名寄市", mayHaveGoneOut: true), default);
        var notFound = await Connector.PublishAsync(Credentials, ConnectorServices.Post("新しいお知らせ", mayHaveGoneOut: true), default);

        Assert.Equal(new SentPost("103", $"{_fake.BaseUrl}/@nayoro/103"), found);
        Assert.Equal("110000000000000001", notFound.PlatformPostId);
        Assert.Single(_fake.To("/api/v1/statuses", "POST"));
        Assert.Equal(2, _fake.To("/api/v1/accounts/42/statuses", "GET").Count);
    }

    [Fact]
    public async Task A_reply_goes_to_its_thread_by_in_reply_to_id()
    {
        // A reply read back from our server: "host/id" with our host → the id part.
        await Connector.PublishAsync(Credentials, ConnectorServices.Post("ご質問ありがとうございます。",
            new ReplyTarget($"{_fake.BaseUri.Host}/200", "@hanako@other.example", "https://other.example/@hanako/55")), default);
        // A comment entered by hand from a link on another server: looked up on ours (search with resolve).
        await Connector.PublishAsync(Credentials, ConnectorServices.Post("ご意見ありがとうございます。",
            new ReplyTarget("other.example/55", "hanako@other.example", "https://other.example/@hanako/55")), default);

        var posts = _fake.To("/api/v1/statuses", "POST");
        Assert.Equal("200", JsonDocument.Parse(posts[0].Body).RootElement.GetProperty("in_reply_to_id").GetString());
        Assert.Equal("777", JsonDocument.Parse(posts[1].Body).RootElement.GetProperty("in_reply_to_id").GetString());
        var search = Assert.Single(_fake.To("/api/v2/search", "GET"));
        var query = WebUtility.UrlDecode(search.Query);
        Assert.Contains("q=https://other.example/@hanako/55", query, StringComparison.Ordinal);
        Assert.Contains("resolve=true", query, StringComparison.Ordinal);
        Assert.Contains("type=statuses", query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_photo_is_uploaded_first_and_attached_by_media_ids()
    {
        var file = Path.Combine(Path.GetTempPath(), $"munisocial-media-{Guid.NewGuid():N}.png");
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        await File.WriteAllBytesAsync(file, png);
        try
        {
            await Connector.PublishAsync(Credentials, ConnectorServices.Post("庁舎の写真です。",
                media: [new OutgoingMedia("chosha.png", "image/png", png.Length, file, "名寄市役所の外観")]), default);
        }
        finally
        {
            File.Delete(file);
        }

        var upload = Assert.Single(_fake.To("/api/v2/media", "POST"));
        Assert.Equal($"Bearer {Token}", upload.Header("Authorization"));
        Assert.StartsWith("multipart/form-data", upload.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Contains("name=file; filename=chosha.png", upload.Body, StringComparison.Ordinal);
        Assert.Contains("name=description", upload.Body, StringComparison.Ordinal);
        Assert.Contains("名寄市役所の外観", upload.Body, StringComparison.Ordinal);
        var status = JsonDocument.Parse(Assert.Single(_fake.To("/api/v1/statuses", "POST")).Body).RootElement;
        Assert.Equal(["22345792"], status.GetProperty("media_ids").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("422", ConnectorFailure.Refused, 422, "Validation failed: Text character limit of 500 exceeded")]
    [InlineData("429", ConnectorFailure.RateLimited, 429, "Too many requests")]
    [InlineData("503", ConnectorFailure.Transient, 503, "Service Unavailable")]
    public async Task The_platforms_error_is_classified_and_its_message_shown(string text, ConnectorFailure failure, int status, string platformMessage)
    {
        var e = await Assert.ThrowsAsync<ConnectorException>(() => Connector.PublishAsync(Credentials, ConnectorServices.Post(text), default));

        Assert.Equal(failure, e.Failure);
        Assert.Equal(status, e.StatusCode);
        Assert.Contains($"（Mastodon の応答: \"{platformMessage}\"）", e.Message, StringComparison.Ordinal);
        // A send is never retried by the HTTP pipeline: the outbox decides.
        Assert.Single(_fake.To("/api/v1/statuses", "POST"));
        if (failure == ConnectorFailure.RateLimited)
        {
            Assert.InRange(e.RetryAfter!.Value, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
        }
    }

    [Fact]
    public async Task A_rejected_token_is_a_broken_connection()
    {
        var e = await Assert.ThrowsAsync<ConnectorException>(() =>
            Connector.PublishAsync(ConnectorServices.Mastodon(_fake.BaseUrl, "revoked"), ConnectorServices.Post("お知らせ"), default));

        Assert.Equal(ConnectorFailure.CredentialsRejected, e.Failure);
        Assert.Equal("Mastodonが接続情報を受け付けませんでした（Mastodon の応答: \"The access token is invalid\"）。所属長がアクセストークンを登録し直してください。", e.Message);
    }

    [Fact]
    public async Task The_accounts_recent_posts_are_read_back_as_plain_text()
    {
        var posts = await Connector.ReadRecentPostsAsync(Credentials, default);

        var verify = Assert.Single(_fake.To("/api/v1/accounts/verify_credentials", "GET"));
        Assert.Equal($"Bearer {Token}", verify.Header("Authorization"));
        var read = Assert.Single(_fake.To("/api/v1/accounts/42/statuses", "GET"));
        Assert.Contains("exclude_reblogs=true", read.Query, StringComparison.Ordinal);
        var post = Assert.Single(posts);
        Assert.Equal("103", post.PlatformPostId);
        Assert.Equal($"{_fake.BaseUrl}/@nayoro/103", post.Url);
        Assert.Equal("除雪のお知らせ\n詳しくは https://www.city.nayoro.lg.jp/snow/\n\n名寄市", post.Text);
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 1, 2, 3, TimeSpan.Zero), post.PostedAt);
    }

    [Fact]
    public async Task Mentions_are_read_back_for_the_comments_inbox()
    {
        var replies = await Connector.ReadRepliesAsync(Credentials, ["103"], default);

        var request = Assert.Single(_fake.To("/api/v1/notifications", "GET"));
        Assert.Contains("types[]=mention", WebUtility.UrlDecode(request.Query), StringComparison.Ordinal);
        Assert.Equal(2, replies.Count);
        var host = _fake.BaseUri.Host;
        Assert.Equal(new ReadBackReply($"{host}/200", "103", "@hanako@other.example", "@nayoro 除雪はいつですか？", "https://other.example/@hanako/55",
            new DateTimeOffset(2026, 6, 1, 1, 59, 0, TimeSpan.Zero), CommentKind.Reply), replies[0]);
        Assert.Equal(CommentKind.DirectMessage, replies[1].Kind);
        Assert.Null(replies[1].InReplyToPostId);
    }

    [Fact]
    public async Task A_read_is_retried_on_a_transient_failure_but_a_send_is_not()
    {
        // GET verify_credentials answers; a failing read is retried by the pipeline (three more tries, ConnectorHttp), a failing send once only.
        using var http = _services.GetRequiredService<IHttpClientFactory>().CreateClient(MastodonConnector.ClientName);
        using var answer = await http.GetAsync(new Uri(_fake.BaseUri, "api/v1/flaky"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        Assert.Equal(4, _fake.To("/api/v1/flaky", "GET").Count);
    }

    [Fact]
    public async Task The_app_registers_the_adapter_for_Mastodon_and_Bluesky()
    {
        await using var app = new AppFactory();
        await ((IAsyncLifetime)app).InitializeAsync();
        var registry = app.Services.GetRequiredService<ConnectorRegistry>();

        Assert.IsType<MastodonConnector>(registry.Get(Platform.Mastodon));
        Assert.IsType<BlueskyConnector>(registry.Get(Platform.Bluesky));
    }
}
