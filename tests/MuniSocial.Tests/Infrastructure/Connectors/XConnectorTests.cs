using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Comments;
using MuniSocial.Domain.Publishing;
using MuniSocial.Infrastructure.Connectors;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Infrastructure.Connectors;

/// <summary>
/// The X adapter against X API v2's documented wire contract, through the app's registry and HTTP pipeline, with a
/// fake X on loopback. References: https://docs.x.com/x-api/posts/create-post (POST /2/tweets, 201 {"data":{"id","text"}}),
/// https://docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token (POST /2/oauth2/token, refresh_token
/// grant, Basic authentication of a confidential client), https://docs.x.com/fundamentals/rate-limits (429 and
/// x-rate-limit-reset), https://docs.x.com/x-api/users/get-posts and https://docs.x.com/x-api/users/get-mentions.
/// </summary>
public sealed class XConnectorTests(XfbAppFactory app) : IClassFixture<XfbAppFactory>
{
    private const string Created = """{"data":{"id":"1445880548472328192","text":"Hello world!"}}""";
    private const string Unauthorized = """{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}""";

    private IPlatformConnector X => app.Connector(Platform.X);

    private static string Token() => "xat-" + Guid.NewGuid().ToString("N");

    private static ConnectorCredentials Credentials(string accessToken, string? refreshToken = null, string userId = "2244994945")
    {
        var secrets = new Dictionary<string, string> { ["accessToken"] = accessToken };
        if (refreshToken is not null)
        {
            secrets["refreshToken"] = refreshToken;
        }
        return new ConnectorCredentials(Guid.NewGuid(), Platform.X, new Dictionary<string, string> { ["userId"] = userId }, secrets);
    }

    private static OutgoingPost Post(string text, ReplyTarget? replyTo = null) =>
        new(Guid.NewGuid(), text, Guid.NewGuid().ToString("N"), replyTo, []);

    [Fact]
    public async Task A_post_goes_out_as_text_with_the_bearer_token_and_comes_back_with_its_id_and_url()
    {
        var token = Token();
        app.X.On(token, "POST", "/2/tweets", 201, Created);

        var sent = await X.PublishAsync(Credentials(token), Post("名寄市からのお知らせです。ひまわり畑は見頃です。"), default);

        Assert.Equal(new SentPost("1445880548472328192", "https://x.com/i/web/status/1445880548472328192"), sent);
        var request = Assert.Single(app.X.Of(token));
        Assert.Equal("POST", request.Method);
        Assert.Equal("/2/tweets", request.Path);
        Assert.Equal("", request.Query);
        Assert.Equal($"Bearer {token}", request.Header("Authorization"));
        Assert.Equal("application/json; charset=utf-8", request.Header("Content-Type"));
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(["text"], body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("名寄市からのお知らせです。ひまわり畑は見頃です。", body.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_reply_goes_to_the_thread_of_the_users_post_with_in_reply_to_tweet_id()
    {
        var token = Token();
        app.X.On(token, "POST", "/2/tweets", 201, Created);

        await X.PublishAsync(Credentials(token), Post("ご意見ありがとうございます。", new ReplyTarget("1460323737035677698", "9999", "https://x.com/someone/status/1460323737035677698")), default);

        using var body = JsonDocument.Parse(Assert.Single(app.X.Of(token)).Body);
        Assert.Equal(["text", "reply"], body.RootElement.EnumerateObject().Select(p => p.Name));
        var reply = body.RootElement.GetProperty("reply");
        Assert.Equal(["in_reply_to_tweet_id"], reply.EnumerateObject().Select(p => p.Name));
        Assert.Equal("1460323737035677698", reply.GetProperty("in_reply_to_tweet_id").GetString());
    }

    [Fact]
    public async Task Photos_are_refused_before_any_call_because_X_media_upload_is_not_implemented()
    {
        var token = Token();
        var post = Post("写真つき") with { Media = [new OutgoingMedia("a.jpg", "image/jpeg", 10, "/tmp/a.jpg")] };

        var e = await Assert.ThrowsAsync<ConnectorException>(() => X.PublishAsync(Credentials(token), post, default));

        Assert.False(X.SupportsMedia);
        Assert.Equal(ConnectorFailure.Refused, e.Failure);
        Assert.Empty(app.X.Of(token));
    }

    [Fact]
    public async Task An_expired_token_is_refreshed_once_the_new_pair_stored_on_the_connection_and_the_post_sent_with_it()
    {
        var (oldAccess, oldRefresh, newAccess, newRefresh) = (Token(), "xrt-" + Guid.NewGuid().ToString("N"), Token(), "xrt-" + Guid.NewGuid().ToString("N"));
        app.X.On(oldAccess, "POST", "/2/tweets", 401, Unauthorized)
            .On(oldRefresh, "POST", "/2/oauth2/token", 200,
                $$"""{"token_type":"bearer","expires_in":7200,"access_token":"{{newAccess}}","scope":"tweet.read tweet.write users.read offline.access","refresh_token":"{{newRefresh}}"}""")
            .On(newAccess, "POST", "/2/tweets", 201, Created);
        var account = await app.ConnectedAccountAsync(Platform.X, new Dictionary<string, string?>
        {
            ["accessToken"] = oldAccess,
            ["refreshToken"] = oldRefresh,
            ["userId"] = "2244994945",
        });

        var (sent, versionBefore) = await app.DbAsync(async db =>
        {
            var connection = await db.AccountConnections.SingleAsync(c => c.AccountId == account);
            var version = connection.Version;
            var credentials = app.Services.GetRequiredService<ConnectionSecrets>().CredentialsOf(connection, db, app.Clock);
            return (await X.PublishAsync(credentials, Post("更新後に送る投稿"), default), version);
        });

        Assert.Equal("1445880548472328192", sent.PlatformPostId);
        Assert.Equal(["/2/tweets", "/2/oauth2/token", "/2/tweets"],
            app.X.Fake.Requests.Where(r => r.Header("Authorization") is { } a && (a.Contains(oldAccess, StringComparison.Ordinal) || a.Contains(newAccess, StringComparison.Ordinal)) || r.Body.Contains(oldRefresh, StringComparison.Ordinal))
                .Select(r => r.Path));
        var refresh = Assert.Single(app.X.Of(oldRefresh));
        Assert.Equal("POST", refresh.Method);
        Assert.Equal("application/x-www-form-urlencoded", refresh.Header("Content-Type"));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{XfbAppFactory.XClientId}:{XfbAppFactory.XClientSecret}")), refresh.Header("Authorization"));
        Assert.Equal([new("refresh_token", oldRefresh), new("grant_type", "refresh_token"), new("client_id", XfbAppFactory.XClientId)], ScriptedPlatform.FormOf(refresh));
        Assert.Equal($"Bearer {newAccess}", Assert.Single(app.X.Of(newAccess)).Header("Authorization"));

        var stored = await app.DbAsync(db => db.AccountConnections.AsNoTracking().SingleAsync(c => c.AccountId == account));
        var secrets = app.Services.GetRequiredService<ConnectionSecrets>().Unprotect(stored.ProtectedSecrets);
        Assert.Equal(new Dictionary<string, string> { ["accessToken"] = newAccess, ["refreshToken"] = newRefresh }, secrets);
        Assert.DoesNotContain(newAccess, stored.ProtectedSecrets, StringComparison.Ordinal);
        Assert.Equal(versionBefore + 1, stored.Version);
        var audit = await app.DbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == nameof(AccountConnection) && e.EntityId == stored.Id.ToString()).OrderBy(e => e.Sequence).ToListAsync());
        Assert.Equal(["connection.connected", "connection.token-refreshed"], audit.Select(e => e.Action));
        Assert.DoesNotContain(newAccess, audit[1].After ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_read_before_a_refresh_use_the_new_tokens_afterwards_instead_of_refreshing_again_with_the_dead_refresh_token()
    {
        var (oldAccess, oldRefresh, newAccess) = (Token(), "xrt-" + Guid.NewGuid().ToString("N"), Token());
        app.X.On(oldAccess, "GET", "/2/users/2244994945/tweets", 401, Unauthorized)
            .On(oldAccess, "GET", "/2/users/2244994945/mentions", 401, Unauthorized)
            .On(oldRefresh, "POST", "/2/oauth2/token", 200, $$"""{"token_type":"bearer","expires_in":7200,"access_token":"{{newAccess}}","refresh_token":"xrt-rotated"}""")
            .On(newAccess, "GET", "/2/users/2244994945/tweets", 200, """{"meta":{"result_count":0}}""")
            .On(newAccess, "GET", "/2/users/2244994945/mentions", 200, """{"meta":{"result_count":0}}""");
        var stored = new List<IReadOnlyDictionary<string, string>>();
        var credentials = Credentials(oldAccess, oldRefresh) with
        {
            OnSecretsRotated = (s, _) =>
            {
                stored.Add(s);
                return Task.CompletedTask;
            },
        };

        // The watch reads the posts, then the replies, with the credentials it decrypted once.
        Assert.Empty(await X.ReadRecentPostsAsync(credentials, default));
        Assert.Empty(await X.ReadRepliesAsync(credentials, [], default));

        Assert.Single(app.X.Of(oldRefresh));
        Assert.Equal(["/2/users/2244994945/tweets"], app.X.Of(oldAccess).Select(r => r.Path));
        Assert.Equal(["/2/users/2244994945/tweets", "/2/users/2244994945/mentions"], app.X.Of(newAccess).Select(r => r.Path));
        var rotated = Assert.Single(stored);
        Assert.Equal(newAccess, rotated["accessToken"]);
        Assert.Equal("xrt-rotated", rotated["refreshToken"]);
    }

    [Fact]
    public async Task A_refused_refresh_rejects_the_credentials_with_Xs_message_and_sends_nothing_more()
    {
        var (access, refresh) = (Token(), "xrt-" + Guid.NewGuid().ToString("N"));
        app.X.On(access, "POST", "/2/tweets", 401, Unauthorized)
            .On(refresh, "POST", "/2/oauth2/token", 400, """{"error":"invalid_request","error_description":"Value passed for the token was invalid."}""");

        var e = await Assert.ThrowsAsync<ConnectorException>(() => X.PublishAsync(Credentials(access, refresh), Post("送れない投稿"), default));

        Assert.Equal(ConnectorFailure.CredentialsRejected, e.Failure);
        Assert.Contains("Xがアクセストークンの更新を受け付けませんでした", e.Message, StringComparison.Ordinal);
        Assert.Contains("\"Value passed for the token was invalid.\"", e.Message, StringComparison.Ordinal);
        Assert.Single(app.X.Of(access));
        Assert.Single(app.X.Of(refresh));
    }

    [Fact]
    public async Task Without_a_refresh_token_a_401_rejects_the_credentials_at_once()
    {
        var access = Token();
        app.X.On(access, "POST", "/2/tweets", 401, Unauthorized);

        var e = await Assert.ThrowsAsync<ConnectorException>(() => X.PublishAsync(Credentials(access), Post("送れない投稿"), default));

        Assert.Equal(ConnectorFailure.CredentialsRejected, e.Failure);
        Assert.Contains("Xの応答: \"Unauthorized\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("リフレッシュトークンが登録されていない", e.Message, StringComparison.Ordinal);
        Assert.Single(app.X.Fake.Requests, r => r.Header("Authorization") == $"Bearer {access}");
        Assert.DoesNotContain(app.X.Of(access), r => r.Path == "/2/oauth2/token");
    }

    [Fact]
    public async Task A_public_client_refreshes_with_its_client_id_in_the_body_and_no_basic_authentication()
    {
        var (access, refresh, renewed) = (Token(), "xrt-" + Guid.NewGuid().ToString("N"), Token());
        app.X.On(access, "POST", "/2/tweets", 401, Unauthorized)
            .On(refresh, "POST", "/2/oauth2/token", 200, $$"""{"token_type":"bearer","expires_in":7200,"access_token":"{{renewed}}","refresh_token":"xrt-next"}""")
            .On(renewed, "POST", "/2/tweets", 201, Created);
        var options = new ConnectorOptions { X = new PlatformApi { ApiBase = app.X.Fake.BaseUrl, ClientId = "public-client" } };
        using var http = new HttpClient { BaseAddress = options.X.BaseUri };
        var connector = new XConnector(http, Options.Create(options), new XTokenRotations(), app.Clock, NullLogger<XConnector>.Instance);

        await connector.PublishAsync(Credentials(access, refresh), Post("公開クライアント"), default);

        var request = Assert.Single(app.X.Of(refresh));
        Assert.Null(request.Header("Authorization"));
        Assert.Equal([new("refresh_token", refresh), new("grant_type", "refresh_token"), new("client_id", "public-client")], ScriptedPlatform.FormOf(request));
    }

    [Fact]
    public async Task Rate_limited_is_reported_with_the_time_X_resets_the_window()
    {
        var token = Token();
        var reset = app.Clock.GetUtcNow().AddMinutes(12).ToUnixTimeSeconds();
        app.X.On(token, "POST", "/2/tweets", 429, """{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}""",
            ("x-rate-limit-limit", "200"), ("x-rate-limit-remaining", "0"), ("x-rate-limit-reset", reset.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var e = await Assert.ThrowsAsync<ConnectorException>(() => X.PublishAsync(Credentials(token), Post("多すぎる投稿"), default));

        Assert.Equal(ConnectorFailure.RateLimited, e.Failure);
        Assert.Equal(429, e.StatusCode);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(reset) - app.Clock.GetUtcNow(), e.RetryAfter);
        Assert.Contains("Xの応答: \"Too Many Requests\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("制限は", e.Message, StringComparison.Ordinal);
        Assert.Single(app.X.Of(token)); // a 429 is not retried by the pipeline either
    }

    [Fact]
    public async Task Duplicate_content_is_refused_with_Xs_detail()
    {
        var token = Token();
        app.X.On(token, "POST", "/2/tweets", 403, """{"detail":"You are not allowed to create a Tweet with duplicate content.","type":"about:blank","title":"Forbidden","status":403}""");

        var e = await Assert.ThrowsAsync<ConnectorException>(() => X.PublishAsync(Credentials(token), Post("同じ投稿"), default));

        Assert.Equal(ConnectorFailure.Refused, e.Failure);
        Assert.Equal("Xが発信を受け付けませんでした（Xの応答: \"You are not allowed to create a Tweet with duplicate content.\"）。", e.Message);
    }

    [Fact]
    public async Task An_invalid_request_is_refused_with_the_detail_and_each_error_message()
    {
        var token = Token();
        app.X.On(token, "POST", "/2/tweets", 400, """
            {"errors":[{"parameters":{"reply.in_reply_to_tweet_id":["1"]},"message":"The `reply.in_reply_to_tweet_id` query parameter value [1] is not valid"}],
             "title":"Invalid Request","detail":"One or more parameters to your request was invalid.","type":"https://api.twitter.com/2/problems/invalid-request"}
            """);

        var e = await Assert.ThrowsAsync<ConnectorException>(() => X.PublishAsync(Credentials(token), Post("返信", new ReplyTarget("1", null, null)), default));

        Assert.Equal(ConnectorFailure.Refused, e.Failure);
        Assert.Equal(400, e.StatusCode);
        Assert.Contains("One or more parameters to your request was invalid. / The `reply.in_reply_to_tweet_id` query parameter value [1] is not valid", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_not_allowed_to_post_rejects_the_credentials()
    {
        var token = Token();
        app.X.On(token, "POST", "/2/tweets", 403, """
            {"client_id":"1","detail":"When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App that is attached to a Project.","registration_url":"https://developer.twitter.com/en/docs/projects/overview","title":"Client Forbidden","required_enrollment":"Appropriate Level of API Access","reason":"client-not-enrolled","type":"https://api.twitter.com/2/problems/client-forbidden"}
            """);

        var e = await Assert.ThrowsAsync<ConnectorException>(() => X.PublishAsync(Credentials(token), Post("権限のない投稿"), default));

        Assert.Equal(ConnectorFailure.CredentialsRejected, e.Failure);
        Assert.Contains("Twitter developer App that is attached to a Project", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_error_on_a_send_is_transient_and_not_resent_by_the_pipeline()
    {
        var token = Token();
        app.X.On(token, "POST", "/2/tweets", 503, """{"title":"Service Unavailable","detail":"Service Unavailable","type":"about:blank","status":503}""");

        var e = await Assert.ThrowsAsync<ConnectorException>(() => X.PublishAsync(Credentials(token), Post("障害中の投稿"), default));

        Assert.Equal(ConnectorFailure.Transient, e.Failure);
        Assert.Single(app.X.Of(token));
    }

    [Fact]
    public async Task A_send_that_times_out_is_transient_and_not_resent_by_the_pipeline()
    {
        var token = Token();
        app.X.On(token, "POST", "/2/tweets", ScriptedPlatform.Hang);

        var e = await Assert.ThrowsAsync<ConnectorException>(() => X.PublishAsync(Credentials(token), Post("応答のない投稿"), default));

        Assert.Equal(ConnectorFailure.Transient, e.Failure);
        Assert.Contains("時間内に応答がありませんでした", e.Message, StringComparison.Ordinal);
        Assert.Single(app.X.Of(token));
    }

    [Fact]
    public async Task A_read_is_retried_by_the_pipeline_after_a_server_error()
    {
        var token = Token();
        app.X.On(token, "GET", "/2/users/2244994945/tweets", 503, """{"title":"Service Unavailable","type":"about:blank","status":503}""")
            .On(token, "GET", "/2/users/2244994945/tweets", 200, """{"data":[{"id":"1","text":"再試行後に読めた投稿","created_at":"2026-06-01T00:00:00.000Z"}],"meta":{"result_count":1}}""");

        var posts = await X.ReadRecentPostsAsync(Credentials(token), default);

        Assert.Equal("再試行後に読めた投稿", Assert.Single(posts).Text);
        Assert.Equal(2, app.X.Of(token).Count);
    }

    [Fact]
    public async Task Posts_are_read_back_as_written_links_expanded_long_posts_whole_media_links_dropped_and_escaping_undone()
    {
        var token = Token();
        app.X.On(token, "GET", "/2/users/2244994945/tweets", 200, """
            {"data":[
              {"id":"1800000000000000002","created_at":"2026-06-01T03:00:00.000Z",
               "text":"雪まつりの詳細は https://t.co/AbCdEfGhIj をご覧ください &amp; 拡散歓迎 &lt;名寄市&gt; https://t.co/PhOtO12345",
               "entities":{"urls":[
                 {"start":9,"end":32,"url":"https://t.co/AbCdEfGhIj","expanded_url":"https://www.city.nayoro.lg.jp/section/kankou/snow.html","display_url":"city.nayoro.lg.jp/section/kankou/…"},
                 {"start":60,"end":83,"url":"https://t.co/PhOtO12345","expanded_url":"https://x.com/nayoro_city/status/1800000000000000002/photo/1","display_url":"pic.x.com/PhOtO12345","media_key":"3_1800000000000000001"}]}},
              {"id":"1800000000000000001","created_at":"2026-06-01T01:00:00.000Z",
               "text":"長いお知らせの冒頭… https://t.co/LoNgPoSt01",
               "entities":{"urls":[{"start":11,"end":34,"url":"https://t.co/LoNgPoSt01","expanded_url":"https://x.com/i/web/status/1800000000000000001","display_url":"x.com/i/web/status/1…"}]},
               "note_tweet":{"text":"長いお知らせの冒頭から最後までの全文です。申込は https://t.co/FoRm000001 から。",
                 "entities":{"urls":[{"start":24,"end":47,"url":"https://t.co/FoRm000001","expanded_url":"https://www.city.nayoro.lg.jp/form","display_url":"city.nayoro.lg.jp/form"}]}}}
            ],"meta":{"result_count":2,"newest_id":"1800000000000000002","oldest_id":"1800000000000000001"}}
            """);

        var posts = await X.ReadRecentPostsAsync(Credentials(token), default);

        var request = Assert.Single(app.X.Of(token));
        Assert.Equal("GET", request.Method);
        Assert.Equal("/2/users/2244994945/tweets", request.Path);
        Assert.Equal(new Dictionary<string, string> { ["max_results"] = "100", ["tweet.fields"] = "created_at,entities,note_tweet" }, ScriptedPlatform.QueryOf(request));
        Assert.Equal($"Bearer {token}", request.Header("Authorization"));
        Assert.Equal(
        [
            new ObservedInput("1800000000000000002", "https://x.com/i/web/status/1800000000000000002",
                "雪まつりの詳細は https://www.city.nayoro.lg.jp/section/kankou/snow.html をご覧ください & 拡散歓迎 <名寄市>",
                new DateTimeOffset(2026, 6, 1, 3, 0, 0, TimeSpan.Zero)),
            new ObservedInput("1800000000000000001", "https://x.com/i/web/status/1800000000000000001",
                "長いお知らせの冒頭から最後までの全文です。申込は https://www.city.nayoro.lg.jp/form から。",
                new DateTimeOffset(2026, 6, 1, 1, 0, 0, TimeSpan.Zero)),
        ], posts);
    }

    [Fact]
    public async Task Mentions_become_replies_with_the_authors_handle_their_url_and_the_post_they_answer()
    {
        var token = Token();
        app.X.On(token, "GET", "/2/users/2244994945/mentions", 200, """
            {"data":[
              {"id":"1800000000000000102","author_id":"783214","conversation_id":"1800000000000000002","in_reply_to_user_id":"2244994945",
               "created_at":"2026-06-01T04:00:00.000Z","text":"@nayoro_city 駐車場はありますか？ https://t.co/MaP0000001",
               "entities":{"urls":[{"url":"https://t.co/MaP0000001","expanded_url":"https://maps.example.jp/nayoro"}]},
               "referenced_tweets":[{"type":"replied_to","id":"1800000000000000002"}]},
              {"id":"1800000000000000103","author_id":"99887766","conversation_id":"1800000000000000103",
               "created_at":"2026-06-01T05:00:00.000Z","text":"@nayoro_city 除雪の予定を教えてください"},
              {"id":"1800000000000000104","author_id":"2244994945","conversation_id":"1800000000000000002",
               "created_at":"2026-06-01T05:30:00.000Z","text":"@nayoro_city 自分への言及","referenced_tweets":[{"type":"quoted","id":"1"}]}
            ],
            "includes":{"users":[{"id":"783214","name":"X","username":"XDevelopers"},{"id":"99887766","name":"市民","username":"citizen_n"},{"id":"2244994945","name":"名寄市","username":"nayoro_city"}]},
            "meta":{"result_count":3}}
            """);

        var replies = await X.ReadRepliesAsync(Credentials(token), ["1800000000000000002"], default);

        var request = Assert.Single(app.X.Of(token));
        Assert.Equal("/2/users/2244994945/mentions", request.Path);
        Assert.Equal(new Dictionary<string, string>
        {
            ["tweet.fields"] = "created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets,entities",
            ["expansions"] = "author_id",
        }, ScriptedPlatform.QueryOf(request));
        Assert.Equal(
        [
            new ReadBackReply("1800000000000000102", "1800000000000000002", "@XDevelopers", "@nayoro_city 駐車場はありますか？ https://maps.example.jp/nayoro",
                "https://x.com/XDevelopers/status/1800000000000000102", new DateTimeOffset(2026, 6, 1, 4, 0, 0, TimeSpan.Zero), CommentKind.Reply),
            new ReadBackReply("1800000000000000103", null, "@citizen_n", "@nayoro_city 除雪の予定を教えてください",
                "https://x.com/citizen_n/status/1800000000000000103", new DateTimeOffset(2026, 6, 1, 5, 0, 0, TimeSpan.Zero), CommentKind.Comment),
        ], replies);
    }
}
