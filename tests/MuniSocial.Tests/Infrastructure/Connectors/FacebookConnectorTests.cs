using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Comments;
using MuniSocial.Domain.Publishing;
using MuniSocial.Infrastructure.Connectors;

namespace MuniSocial.Tests.Infrastructure.Connectors;

/// <summary>
/// The Facebook Page adapter against the Graph API's documented wire contract, through the app's registry and HTTP
/// pipeline, with a fake Graph API (its version in the base address) on loopback. References:
/// https://developers.facebook.com/docs/graph-api/reference/page/feed/ (POST /{page-id}/feed message, link; published_posts),
/// https://developers.facebook.com/docs/graph-api/reference/object/comments/ (GET with filter=stream, POST a reply),
/// https://developers.facebook.com/docs/graph-api/guides/error-handling (error object, codes 1, 2, 4, 17, 100, 190, 506, 613).
/// </summary>
public sealed class FacebookConnectorTests(XfbAppFactory app) : IClassFixture<XfbAppFactory>
{
    private const string PageIdValue = "104857293018475";
    private const string V = XfbAppFactory.GraphVersion;

    private IPlatformConnector Facebook => app.Connector(Platform.Facebook);

    private static string Token() => "EAAG" + Guid.NewGuid().ToString("N");

    private static ConnectorCredentials Credentials(string token) =>
        new(Guid.NewGuid(), Platform.Facebook, new Dictionary<string, string> { ["pageId"] = PageIdValue }, new Dictionary<string, string> { ["pageAccessToken"] = token });

    private static OutgoingPost Post(string text, ReplyTarget? replyTo = null) => new(Guid.NewGuid(), text, Guid.NewGuid().ToString("N"), replyTo, []);

    private static string Error(string message, string type, int code, int? subcode = null) =>
        $$$"""{"error":{"message":"{{{message}}}","type":"{{{type}}}","code":{{{code}}}{{{(subcode is { } s ? $",\"error_subcode\":{s}" : "")}}},"fbtrace_id":"AbCdEfGhIjK"}}""";

    [Fact]
    public async Task A_post_goes_to_the_page_feed_with_its_first_link_and_comes_back_with_its_permalink()
    {
        var token = Token();
        var id = $"{PageIdValue}_987654321012345";
        app.Facebook.On(token, "POST", $"{V}/{PageIdValue}/feed", 200, $$"""{"id":"{{id}}"}""")
            .On(token, "GET", $"{V}/{id}", 200, $$"""{"permalink_url":"https://www.facebook.com/nayoro.city/posts/pfbid0abc","id":"{{id}}"}""");
        const string text = "ひまわりまつりのお知らせです。詳しくは https://www.city.nayoro.lg.jp/himawari/index.html。申込は https://example.jp/form から。";

        var sent = await Facebook.PublishAsync(Credentials(token), Post(text), default);

        Assert.Equal(new SentPost(id, "https://www.facebook.com/nayoro.city/posts/pfbid0abc"), sent);
        var requests = app.Facebook.Of(token);
        Assert.Equal([("POST", $"{V}/{PageIdValue}/feed"), ("GET", $"{V}/{id}")], requests.Select(r => (r.Method, r.Path)));
        var feed = requests[0];
        Assert.Equal("", feed.Query);
        Assert.Equal("application/x-www-form-urlencoded", feed.Header("Content-Type"));
        Assert.Null(feed.Header("Authorization"));
        Assert.Equal([new("message", text), new("link", "https://www.city.nayoro.lg.jp/himawari/index.html"), new("access_token", token)], ScriptedPlatform.FormOf(feed));
        Assert.Equal(new Dictionary<string, string> { ["fields"] = "permalink_url", ["access_token"] = token }, ScriptedPlatform.QueryOf(requests[1]));
    }

    [Fact]
    public async Task A_post_without_a_link_sends_no_link_and_falls_back_to_the_posts_address_when_graph_gives_no_permalink()
    {
        var token = Token();
        var id = $"{PageIdValue}_111";
        app.Facebook.On(token, "POST", $"{V}/{PageIdValue}/feed", 200, $$"""{"id":"{{id}}"}""")
            .On(token, "GET", $"{V}/{id}", 500, Error("An unknown error has occurred.", "OAuthException", 1));

        var sent = await Facebook.PublishAsync(Credentials(token), Post("本日の除雪は完了しました。"), default);

        Assert.Equal(new SentPost(id, $"https://www.facebook.com/{id}"), sent);
        Assert.Equal([new("message", "本日の除雪は完了しました。"), new("access_token", token)], ScriptedPlatform.FormOf(app.Facebook.Of(token)[0]));
    }

    [Fact]
    public async Task A_reply_goes_under_the_users_comment()
    {
        var token = Token();
        const string comment = "987654321012345_5550001";
        app.Facebook.On(token, "POST", $"{V}/{comment}/comments", 200, """{"id":"987654321012345_5550002"}""")
            .On(token, "GET", $"{V}/987654321012345_5550002", 200, """{"permalink_url":"https://www.facebook.com/nayoro.city/posts/pfbid0abc?comment_id=5550002","id":"987654321012345_5550002"}""");

        var sent = await Facebook.PublishAsync(Credentials(token), Post("ご質問ありがとうございます。", new ReplyTarget(comment, "123", null)), default);

        Assert.Equal("987654321012345_5550002", sent.PlatformPostId);
        var reply = app.Facebook.Of(token)[0];
        Assert.Equal(("POST", $"{V}/{comment}/comments"), (reply.Method, reply.Path));
        Assert.Equal([new("message", "ご質問ありがとうございます。"), new("access_token", token)], ScriptedPlatform.FormOf(reply));
        Assert.DoesNotContain(app.Facebook.Of(token), r => r.Path.EndsWith("/feed", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(400, "Error validating access token: Session has expired on Monday, 01-Jun-26 00:00:00 PDT.", "OAuthException", 190, 463, ConnectorFailure.CredentialsRejected)]
    [InlineData(400, "The user has not authorized application 1234.", "OAuthException", 190, 458, ConnectorFailure.CredentialsRejected)]
    [InlineData(403, "(#200) The user hasn't authorized the application to perform this action", "OAuthException", 200, null, ConnectorFailure.CredentialsRejected)]
    [InlineData(400, "(#4) Application request limit reached", "OAuthException", 4, null, ConnectorFailure.RateLimited)]
    [InlineData(400, "(#17) User request limit reached", "OAuthException", 17, null, ConnectorFailure.RateLimited)]
    [InlineData(400, "(#32) Page request limit reached", "OAuthException", 32, null, ConnectorFailure.RateLimited)]
    [InlineData(400, "(#613) Calls to this api have exceeded the rate limit.", "OAuthException", 613, null, ConnectorFailure.RateLimited)]
    [InlineData(400, "(#506) Duplicate status message", "OAuthException", 506, null, ConnectorFailure.Refused)]
    [InlineData(400, "(#100) Invalid parameter", "OAuthException", 100, null, ConnectorFailure.Refused)]
    [InlineData(500, "An unexpected error has occurred. Please retry your request later.", "OAuthException", 2, null, ConnectorFailure.Transient)]
    [InlineData(500, "An unknown error has occurred.", "OAuthException", 1, null, ConnectorFailure.Transient)]
    public async Task Graph_errors_are_mapped_by_their_code_with_Graphs_message(int status, string message, string type, int code, int? subcode, ConnectorFailure expected)
    {
        var token = Token();
        app.Facebook.On(token, "POST", $"{V}/{PageIdValue}/feed", status, Error(message, type, code, subcode));

        var e = await Assert.ThrowsAsync<ConnectorException>(() => Facebook.PublishAsync(Credentials(token), Post("送れない投稿"), default));

        Assert.Equal(expected, e.Failure);
        Assert.Equal(status, e.StatusCode);
        Assert.Contains($"Facebookの応答: \"{message}\"、エラーコード {code}", e.Message, StringComparison.Ordinal);
        Assert.Single(app.Facebook.Of(token)); // a send is never resent by the pipeline, whatever the failure
    }

    [Fact]
    public async Task A_rate_limit_says_when_access_comes_back_from_the_business_use_case_header()
    {
        var token = Token();
        app.Facebook.On(token, "POST", $"{V}/{PageIdValue}/feed", 400, Error("(#80001) There have been too many calls to this Page account. Wait a bit and try again.", "OAuthException", 80001),
            ("X-Business-Use-Case-Usage", $$"""{"{{PageIdValue}}":[{"type":"pages","call_count":100,"total_cputime":10,"total_time":12,"estimated_time_to_regain_access":7}]}"""));

        var e = await Assert.ThrowsAsync<ConnectorException>(() => Facebook.PublishAsync(Credentials(token), Post("多すぎる投稿"), default));

        Assert.Equal(ConnectorFailure.RateLimited, e.Failure);
        Assert.Equal(TimeSpan.FromMinutes(7), e.RetryAfter);
        Assert.Contains("約7分後", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_send_that_times_out_is_transient_and_not_resent_by_the_pipeline()
    {
        var token = Token();
        app.Facebook.On(token, "POST", $"{V}/{PageIdValue}/feed", ScriptedPlatform.Hang);

        var e = await Assert.ThrowsAsync<ConnectorException>(() => Facebook.PublishAsync(Credentials(token), Post("応答のない投稿"), default));

        Assert.Equal(ConnectorFailure.Transient, e.Failure);
        Assert.Single(app.Facebook.Of(token));
    }

    [Fact]
    public async Task The_pages_published_posts_are_read_back_newest_first()
    {
        var token = Token();
        app.Facebook.On(token, "GET", $"{V}/{PageIdValue}/published_posts", 200, $$$"""
            {"data":[
              {"id":"{{{PageIdValue}}}_2","message":"雪まつりは本日開催です。 https://www.city.nayoro.lg.jp/snow","created_time":"2026-06-01T03:00:00+0000","permalink_url":"https://www.facebook.com/nayoro.city/posts/pfbid02"},
              {"id":"{{{PageIdValue}}}_1","created_time":"2026-05-31T23:30:00+0000","permalink_url":"https://www.facebook.com/nayoro.city/photos/1"}
            ],
            "paging":{"cursors":{"before":"QVFIUm","after":"QVFIUn"},"next":"https://graph.facebook.com/v21.0/{{{PageIdValue}}}/published_posts?after=QVFIUn"}}
            """);

        var posts = await Facebook.ReadRecentPostsAsync(Credentials(token), default);

        var request = Assert.Single(app.Facebook.Of(token));
        Assert.Equal(("GET", $"{V}/{PageIdValue}/published_posts"), (request.Method, request.Path));
        Assert.Equal(new Dictionary<string, string> { ["fields"] = "id,message,created_time,permalink_url", ["limit"] = "50", ["access_token"] = token },
            ScriptedPlatform.QueryOf(request));
        Assert.Equal(
        [
            new ObservedInput($"{PageIdValue}_2", "https://www.facebook.com/nayoro.city/posts/pfbid02", "雪まつりは本日開催です。 https://www.city.nayoro.lg.jp/snow",
                new DateTimeOffset(2026, 6, 1, 3, 0, 0, TimeSpan.Zero)),
            new ObservedInput($"{PageIdValue}_1", "https://www.facebook.com/nayoro.city/photos/1", "", new DateTimeOffset(2026, 5, 31, 23, 30, 0, TimeSpan.Zero)),
        ], posts);
    }

    [Fact]
    public async Task Comments_are_read_per_post_of_ours_without_the_pages_own_and_a_deleted_post_is_skipped()
    {
        var token = Token();
        var (first, deleted) = ($"{PageIdValue}_2", $"{PageIdValue}_9");
        app.Facebook.On(token, "GET", $"{V}/{first}/comments", 200, $$$"""
            {"data":[
              {"id":"2_701","from":{"name":"名寄 太郎","id":"5550001"},"message":"会場の駐車場はありますか？","created_time":"2026-06-01T04:00:00+0000","permalink_url":"https://www.facebook.com/nayoro.city/posts/pfbid02?comment_id=701"},
              {"id":"2_702","from":{"name":"名寄市","id":"{{{PageIdValue}}}"},"message":"市役所の駐車場をご利用ください。","created_time":"2026-06-01T04:10:00+0000"},
              {"id":"2_703","message":"送り主が見えないコメント","created_time":"2026-06-01T04:20:00+0000"}
            ],"paging":{"cursors":{"before":"a","after":"b"} } }
            """)
            .On(token, "GET", $"{V}/{deleted}/comments", 400,
                Error("Unsupported get request. Object with ID '104857293018475_9' does not exist, cannot be loaded due to missing permissions, or does not support this operation.", "GraphMethodException", 100, 33));

        var replies = await Facebook.ReadRepliesAsync(Credentials(token), [first, deleted], default);

        var requests = app.Facebook.Of(token);
        Assert.Equal([$"{V}/{first}/comments", $"{V}/{deleted}/comments"], requests.Select(r => r.Path));
        Assert.Equal(new Dictionary<string, string>
        {
            ["fields"] = "id,from{name,id},message,created_time,permalink_url",
            ["filter"] = "stream",
            ["limit"] = "50",
            ["access_token"] = token,
        }, ScriptedPlatform.QueryOf(requests[0]));
        Assert.Equal(
        [
            new ReadBackReply("2_701", first, "名寄 太郎", "会場の駐車場はありますか？", "https://www.facebook.com/nayoro.city/posts/pfbid02?comment_id=701",
                new DateTimeOffset(2026, 6, 1, 4, 0, 0, TimeSpan.Zero), CommentKind.Comment),
            new ReadBackReply("2_703", first, "Facebookユーザー", "送り主が見えないコメント", "https://www.facebook.com/2_703",
                new DateTimeOffset(2026, 6, 1, 4, 20, 0, TimeSpan.Zero), CommentKind.Comment),
        ], replies);
    }

    [Fact]
    public async Task At_most_25_posts_are_asked_for_their_comments()
    {
        var token = Token();
        var ids = Enumerable.Range(1, 30).Select(i => $"{PageIdValue}_{i}").ToList();
        foreach (var id in ids)
        {
            app.Facebook.On(token, "GET", $"{V}/{id}/comments", 200, """{"data":[]}""");
        }

        Assert.Empty(await Facebook.ReadRepliesAsync(Credentials(token), ids, default));

        Assert.Equal(ids.Take(25).Select(id => $"{V}/{id}/comments"), app.Facebook.Of(token).Select(r => r.Path));
    }

    [Fact]
    public async Task An_expired_token_on_a_read_rejects_the_credentials()
    {
        var token = Token();
        app.Facebook.On(token, "GET", $"{V}/{PageIdValue}/published_posts", 400, Error("Error validating access token: The session has been invalidated because the user changed their password.", "OAuthException", 190, 460));

        var e = await Assert.ThrowsAsync<ConnectorException>(() => Facebook.ReadRecentPostsAsync(Credentials(token), default));

        Assert.Equal(ConnectorFailure.CredentialsRejected, e.Failure);
        Assert.Contains("所属長が接続情報を登録し直してください", e.Message, StringComparison.Ordinal);
        Assert.Single(app.Facebook.Of(token)); // a 400 is not retried
    }
}
