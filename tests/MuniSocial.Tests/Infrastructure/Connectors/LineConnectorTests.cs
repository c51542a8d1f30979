using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Publishing;
using MuniSocial.Infrastructure.Connectors;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Infrastructure.Connectors;

/// <summary>
/// The LINE adapter against the Messaging API's wire contract, with <see cref="FakePlatform"/> as api.line.me, wired as
/// the app wires it (<see cref="ConnectorHttp.AddConnector{TConnector}"/> and the <see cref="ConnectorRegistry"/>). The fake checks what
/// the reference asks of a request and answers with the reference's bodies:
/// https://developers.line.biz/en/reference/messaging-api/#send-broadcast-message (200 <c>{}</c>),
/// https://developers.line.biz/en/reference/messaging-api/#send-push-message (200 <c>{"sentMessages":[…]}</c>),
/// https://developers.line.biz/en/reference/messaging-api/#response-headers (<c>x-line-request-id</c>),
/// https://developers.line.biz/en/docs/messaging-api/retrying-api-request/ (409 and <c>x-line-accepted-request-id</c>),
/// https://developers.line.biz/en/reference/messaging-api/#status-codes and #error-responses (<c>message</c>, <c>details</c>).
/// </summary>
public sealed class LineConnectorTests
{
    private const string Token = "line-channel-access-token-ABC123";
    private const string UserId = "U4af4980629d3b9c3bc3b8b2c4f2ba0e1";

    /// <summary>A fake api.line.me answering the queued answers in order, and the adapter pointed at it.</summary>
    private sealed class Line : IAsyncDisposable
    {
        private readonly ConcurrentQueue<Func<HttpContext, Task>> _answers = new();
        private FakePlatform? _fake;
        private ServiceProvider? _services;

        public FakePlatform Fake => _fake!;
        public IPlatformConnector Connector { get; private set; } = null!;

        public static async Task<Line> StartAsync(TimeSpan? callTimeout = null, params Func<HttpContext, Task>[] answers)
        {
            var line = new Line();
            foreach (var a in answers)
            {
                line._answers.Enqueue(a);
            }
            line._fake = await FakePlatform.StartAsync(app =>
            {
                app.MapPost("/v2/bot/message/broadcast", line.NextAsync);
                app.MapPost("/v2/bot/message/push", line.NextAsync);
            });
            var services = new ServiceCollection();
            services.AddOptions<ConnectorOptions>().Configure(o =>
            {
                o.Line.ApiBase = line.Fake.BaseUrl;
                o.CallTimeout = callTimeout ?? TimeSpan.FromSeconds(30);
            });
            services.AddConnector<LineConnector>(LineConnector.HttpClientName, o => o.Line);
            services.AddSingleton<ConnectorRegistry>();
            line._services = services.BuildServiceProvider();
            line.Connector = line._services.GetRequiredService<ConnectorRegistry>().Get(Platform.Line);
            return line;
        }

        private Task NextAsync(HttpContext context) =>
            _answers.TryDequeue(out var answer) ? answer(context) : Answer(500, """{"message":"the test queued no answer"}""")(context);

        public async ValueTask DisposeAsync()
        {
            if (_services is not null)
            {
                await _services.DisposeAsync();
            }
            if (_fake is not null)
            {
                await _fake.DisposeAsync();
            }
        }
    }

    private static Func<HttpContext, Task> Answer(int status, string json, params (string Name, string Value)[] headers) => async context =>
    {
        context.Response.StatusCode = status;
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    };

    private static ConnectorCredentials Credentials() =>
        new(Guid.NewGuid(), Platform.Line, new Dictionary<string, string>(), new Dictionary<string, string> { ["channelAccessToken"] = Token, ["channelSecret"] = "secret" });

    private static OutgoingPost Post(string text, ReplyTarget? replyTo = null) => new(Guid.NewGuid(), text, Guid.NewGuid().ToString("D"), replyTo, []);

    /// <summary>What the reference asks of every send: POST, the bearer token, the retry key (a UUID), JSON, and the exact body.</summary>
    private static void AssertSend(RecordedRequest request, string path, OutgoingPost post, string exactBody)
    {
        Assert.Equal("POST", request.Method);
        Assert.Equal(path, request.Path);
        Assert.Equal("", request.Query);
        Assert.Equal($"Bearer {Token}", request.Header("Authorization"));
        Assert.Equal(post.IdempotencyKey, request.Header("X-Line-Retry-Key"));
        Assert.True(Guid.TryParseExact(request.Header("X-Line-Retry-Key"), "D", out _), "X-Line-Retry-Key is a UUID");
        Assert.Equal("application/json; charset=utf-8", request.Header("Content-Type"));
        Assert.Equal(exactBody, request.Body);
    }

    [Fact]
    public async Task An_approved_post_goes_out_as_a_broadcast_of_one_text_message_and_the_answer_is_LINEs_request_id()
    {
        await using var line = await Line.StartAsync(null, Answer(200, "{}", ("x-line-request-id", "5b9a2c1e-1f4d-4c2e-9b7a-0a1b2c3d4e5f")));
        var post = Post("【名寄市】本日の除雪情報です。\n詳しくは市のホームページをご覧ください。");

        var sent = await line.Connector.PublishAsync(Credentials(), post, CancellationToken.None);

        Assert.Equal(new SentPost("5b9a2c1e-1f4d-4c2e-9b7a-0a1b2c3d4e5f", null), sent);
        var request = Assert.Single(line.Fake.Requests);
        AssertSend(request, "/v2/bot/message/broadcast", post,
            """{"messages":[{"type":"text","text":"【名寄市】本日の除雪情報です。\n詳しくは市のホームページをご覧ください。"}]}""");
    }

    [Fact]
    public async Task A_reply_to_a_LINE_message_is_pushed_to_that_user_only_never_broadcast()
    {
        await using var line = await Line.StartAsync(null,
            Answer(200, """{"sentMessages":[{"id":"461230966842064897","quoteToken":"IStG5h1Tz7b..."}]}""", ("x-line-request-id", "push-req-1")));
        var post = Post("お問い合わせありがとうございます。開館時間は9時から17時です。", new ReplyTarget("590000000001", UserId, null));

        var sent = await line.Connector.PublishAsync(Credentials(), post, CancellationToken.None);

        Assert.Equal("push-req-1", sent.PlatformPostId);
        var request = Assert.Single(line.Fake.Requests);
        AssertSend(request, "/v2/bot/message/push", post,
            $$"""{"to":"{{UserId}}","messages":[{"type":"text","text":"お問い合わせありがとうございます。開館時間は9時から17時です。"}]}""");
        Assert.Empty(line.Fake.To("/v2/bot/message/broadcast"));
    }

    [Fact]
    public async Task A_reply_without_the_users_id_is_refused_before_anything_is_sent()
    {
        await using var line = await Line.StartAsync();
        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            line.Connector.PublishAsync(Credentials(), Post("返信です。", new ReplyTarget("1", null, null)), CancellationToken.None));
        Assert.Equal(ConnectorFailure.Refused, error.Failure);
        Assert.Contains("ユーザーID", error.Message);
        Assert.Empty(line.Fake.Requests);
    }

    [Fact]
    public async Task A_resend_after_a_server_error_carries_the_same_retry_key_and_LINEs_409_names_the_request_that_went_out()
    {
        await using var line = await Line.StartAsync(null,
            Answer(500, """{"message":"An error occurred in the server"}""", ("x-line-request-id", "req-first")),
            Answer(409, """{"message":"The retry key is already accepted","sentMessages":[]}""",
                ("x-line-request-id", "req-second"), ("x-line-accepted-request-id", "req-accepted-earlier")));
        var post = Post("イベントは予定どおり開催します。");

        var first = await Assert.ThrowsAsync<ConnectorException>(() => line.Connector.PublishAsync(Credentials(), post, CancellationToken.None));
        Assert.Equal(ConnectorFailure.Transient, first.Failure);
        Assert.Equal(500, first.StatusCode);
        Assert.Contains("An error occurred in the server", first.Message);

        var sent = await line.Connector.PublishAsync(Credentials(), post with { MayHaveGoneOut = true }, CancellationToken.None);

        Assert.Equal(new SentPost("req-accepted-earlier", null), sent);
        var requests = line.Fake.To("/v2/bot/message/broadcast");
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal(post.IdempotencyKey, r.Header("X-Line-Retry-Key")));
        Assert.Equal(requests[0].Body, requests[1].Body);
    }

    [Fact]
    public async Task A_409_without_the_accepted_request_id_is_a_duplicate_not_a_success()
    {
        await using var line = await Line.StartAsync(null, Answer(409, """{"message":"The retry key is already accepted"}"""));
        var error = await Assert.ThrowsAsync<ConnectorException>(() => line.Connector.PublishAsync(Credentials(), Post("お知らせ"), CancellationToken.None));
        Assert.Equal(ConnectorFailure.Duplicate, error.Failure);
        Assert.Contains("The retry key is already accepted", error.Message);
    }

    [Theory]
    [InlineData(400, """{"message":"The request body has 1 error(s)","details":[{"message":"May not be empty","property":"messages[0].text"}]}""",
        ConnectorFailure.Refused, "LINEが配信を受け付けませんでした（LINE の応答: \"The request body has 1 error(s) (messages[0].text: May not be empty)\"）。")]
    [InlineData(401, """{"message":"Authentication failed. Confirm that the access token in the authorization header is valid."}""",
        ConnectorFailure.CredentialsRejected, "LINEがチャネルアクセストークンを受け付けませんでした（LINE の応答: \"Authentication failed. Confirm that the access token in the authorization header is valid.\"）。所属長が接続情報を登録し直してください。")]
    [InlineData(403, """{"message":"Access to this API is not available for your account"}""",
        ConnectorFailure.Refused, "LINE公式アカウントの契約プランまたは権限では、この配信ができません（LINE の応答: \"Access to this API is not available for your account\"）。")]
    [InlineData(429, """{"message":"The API rate limit has been exceeded. Try again later."}""",
        ConnectorFailure.RateLimited, "LINEへの要求が多すぎるため、時間をおいて配信します（LINE の応答: \"The API rate limit has been exceeded. Try again later.\"）。")]
    [InlineData(429, """{"message":"You have reached your monthly limit."}""",
        ConnectorFailure.Refused, "LINE公式アカウントの今月のメッセージ通数の上限に達しているため配信できません（LINE の応答: \"You have reached your monthly limit.\"）。通数を確かめ、別の配信が終わった後か翌月に、やり直してください。")]
    [InlineData(500, """{"message":"An error occurred in the server"}""",
        ConnectorFailure.Transient, "LINEが一時的に応答できませんでした（HTTP 500）（LINE の応答: \"An error occurred in the server\"）。")]
    [InlineData(502, "<html><body>Bad Gateway</body></html>",
        ConnectorFailure.Transient, "LINEが一時的に応答できませんでした（HTTP 502）（LINE の応答: \"<html><body>Bad Gateway</body></html>\"）。")]
    public async Task An_error_answer_becomes_the_failure_the_outbox_acts_on_with_LINEs_own_message(int status, string body, ConnectorFailure failure, string message)
    {
        await using var line = await Line.StartAsync(null, Answer(status, body));
        var error = await Assert.ThrowsAsync<ConnectorException>(() => line.Connector.PublishAsync(Credentials(), Post("お知らせです。"), CancellationToken.None));
        Assert.Equal(failure, error.Failure);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task A_platform_that_does_not_answer_in_time_is_a_transient_failure()
    {
        await using var line = await Line.StartAsync(TimeSpan.FromMilliseconds(300), async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        });
        var error = await Assert.ThrowsAsync<ConnectorException>(() => line.Connector.PublishAsync(Credentials(), Post("お知らせです。"), CancellationToken.None));
        Assert.Equal(ConnectorFailure.Transient, error.Failure);
        Assert.Contains("時間内に応答がありませんでした", error.Message);
    }

    [Fact]
    public async Task A_text_longer_than_one_message_goes_out_as_up_to_five_messages_cut_at_line_ends()
    {
        await using var line = await Line.StartAsync(null, Answer(200, "{}", ("x-line-request-id", "req-long")));
        var paragraphs = Enumerable.Range(1, 6).Select(i => $"第{i}段落：" + new string('あ', 1990)).ToList();
        var text = string.Join("\n", paragraphs);
        Assert.True(text.Length > LineConnector.MaxMessageLength);
        var post = Post(text);

        await line.Connector.PublishAsync(Credentials(), post, CancellationToken.None);

        var request = Assert.Single(line.Fake.Requests);
        var messages = JsonNode.Parse(request.Body)!["messages"]!.AsArray();
        var texts = messages.Select(m => (string)m!["text"]!).ToList();
        Assert.Equal(3, texts.Count);
        Assert.All(messages, m => Assert.Equal("text", (string)m!["type"]!));
        Assert.All(texts, t => Assert.InRange(t.Length, 1, LineConnector.MaxMessageLength));
        Assert.Equal(text, string.Join("\n", texts));
        Assert.Equal([$"{paragraphs[0]}\n{paragraphs[1]}", $"{paragraphs[2]}\n{paragraphs[3]}", $"{paragraphs[4]}\n{paragraphs[5]}"], texts);
    }

    [Fact]
    public async Task A_text_that_needs_more_than_five_messages_is_refused_with_a_clear_message_and_nothing_is_sent()
    {
        await using var line = await Line.StartAsync();
        var text = string.Join("\n", Enumerable.Range(1, 6).Select(_ => new string('い', 4999)));

        var error = await Assert.ThrowsAsync<ConnectorException>(() => line.Connector.PublishAsync(Credentials(), Post(text), CancellationToken.None));

        Assert.Equal(ConnectorFailure.Refused, error.Failure);
        Assert.Equal("LINEの1回の配信は5,000文字のメッセージ5通までです。本文（29,999文字）を25,000文字程度までに短くしてください。", error.Message);
        Assert.Empty(line.Fake.Requests);
    }

    [Fact]
    public void A_line_longer_than_a_message_is_cut_at_the_limit_and_a_short_text_is_one_message()
    {
        Assert.Equal(["短い\n\n本文"], LineConnector.SplitText("短い\n\n本文"));
        var parts = LineConnector.SplitText(new string('う', 7000) + "\n最後の行");
        Assert.Equal([new string('う', 5000), new string('う', 2000) + "\n最後の行"], parts);
        var emoji = new string('え', 4999) + "😀" + "お";
        Assert.Equal([new string('え', 4999), "😀お"], LineConnector.SplitText(emoji));
    }

    [Fact]
    public async Task LINE_sends_no_media_and_is_not_read_back_the_webhook_brings_messages_instead()
    {
        await using var line = await Line.StartAsync();
        Assert.False(line.Connector.SupportsMedia);
        Assert.False(line.Connector.CanReadBack);
        Assert.False(AccountConnection.WatchCovers(Platform.Line));
        Assert.Empty(await line.Connector.ReadRecentPostsAsync(Credentials(), CancellationToken.None));
        Assert.Empty(await line.Connector.ReadRepliesAsync(Credentials(), ["1"], CancellationToken.None));
        Assert.Empty(line.Fake.Requests);
    }
}
