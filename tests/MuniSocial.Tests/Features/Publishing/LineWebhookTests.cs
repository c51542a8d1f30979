using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Data;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Comments;
using MuniSocial.Domain.Publishing;
using MuniSocial.Features.Publishing;
using MuniSocial.Infrastructure.Identity;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Publishing;

/// <summary>
/// A database that refuses to store what a test says (a real failure of the save, raised where EF saves): inbound
/// events for the webhook's 503, comments for the processor's retry.
/// </summary>
public sealed class FailingSaves : SaveChangesInterceptor
{
    public bool InboundEvents { get; set; }
    public bool Comments { get; set; }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        var tracker = eventData.Context!.ChangeTracker;
        if (InboundEvents && tracker.Entries<InboundEvent>().Any(e => e.State == EntityState.Added))
        {
            throw new DbUpdateException("simulated: the database cannot store inbound events");
        }
        if (Comments && tracker.Entries<Comment>().Any(e => e.State == EntityState.Added))
        {
            throw new DbUpdateException("simulated: the database cannot store comments");
        }
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }
}

/// <summary>The app with <see cref="FailingSaves"/> on its database (off until a test switches it on).</summary>
public sealed class LineWebhookAppFactory : AppFactory
{
    public FailingSaves Failing { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.ConfigureDbContext<SqliteAppDbContext>(o => o.AddInterceptors(Failing));
            services.ConfigureDbContext<PostgresAppDbContext>(o => o.AddInterceptors(Failing));
        });
    }
}

/// <summary>
/// The LINE webhook <c>POST /webhooks/line/{accountId}</c> as LINE calls it: bodies signed in the test with the
/// channel secret the section head entered (Base64 of HMAC-SHA256 of the raw body,
/// https://developers.line.biz/en/docs/messaging-api/receiving-messages/#verify-webhook-signature), events shaped as
/// the reference's webhook event objects (https://developers.line.biz/en/reference/messaging-api/#message-event).
/// Then the processor, and the message in the comments inbox through the API.
/// </summary>
public sealed class LineWebhookTests(LineWebhookAppFactory app) : IClassFixture<LineWebhookAppFactory>
{
    private const string Secret = "8c570fa6dd201bb328f1c1eac23a96d8";
    private const string UserId = "U4af4980629d3b9c3bc3b8b2c4f2ba0e1";

    private static Dictionary<string, string?> LineFields(string secret = Secret) => new()
    {
        ["channelAccessToken"] = "line-access-token-" + Guid.NewGuid().ToString("N"),
        ["channelSecret"] = secret,
    };

    private Task<Guid> LineAccountAsync() => app.ConnectedAccountAsync(Platform.Line, LineFields());

    private static string Sign(byte[] body, string secret = Secret) => Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static string NewEventId() => "01" + Guid.NewGuid().ToString("N").ToUpperInvariant()[..24];

    private long Millis(TimeSpan ago) => (app.Clock.GetUtcNow() - ago).ToUnixTimeMilliseconds();

    private static string MessageEvent(string eventId, string message, long timestamp, bool redelivery = false, string userId = UserId) =>
        $$"""{"type":"message","message":{{message}},"webhookEventId":"{{eventId}}","deliveryContext":{"isRedelivery":{{(redelivery ? "true" : "false")}}},"timestamp":{{timestamp}},"source":{"type":"user","userId":"{{userId}}"},"replyToken":"b60d432864f44d079f6d8efe86cf404b","mode":"active"}""";

    private static string TextMessage(string id, string text) => $$"""{"type":"text","id":"{{id}}","quoteToken":"q3Plxr4AgKd...","text":"{{text}}"}""";

    private static string OtherEvent(string type, string eventId, long timestamp) =>
        $$"""{"type":"{{type}}","webhookEventId":"{{eventId}}","deliveryContext":{"isRedelivery":false},"timestamp":{{timestamp}},"source":{"type":"user","userId":"{{UserId}}"},"mode":"active"}""";

    private static byte[] Body(params string[] events) => Encoding.UTF8.GetBytes($$"""{"destination":"U0123456789abcdef0123456789abcdef","events":[{{string.Join(",", events)}}]}""");

    private Task<HttpResponseMessage> DeliverAsync(Guid account, byte[] body, string? signature, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/line/{account}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("x-line-signature", signature);
        }
        return (client ?? app.Anonymous()).SendAsync(request);
    }

    private Task<HttpResponseMessage> DeliverSignedAsync(Guid account, byte[] body) => DeliverAsync(account, body, Sign(body));

    private Task<List<InboundEvent>> StoredAsync(Guid account) =>
        app.DbAsync(db => db.InboundEvents.AsNoTracking().Where(e => e.AccountId == account).ToListAsync());

    private Task<int> ProcessAsync() => app.Services.GetRequiredService<LineInboundProcessor>().RunOnceAsync(CancellationToken.None);

    private async Task<List<JsonElement>> InboxAsync(Guid account)
    {
        var api = await app.ApiAsync("demo-operator");
        return [.. (await api.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{account}/comments")).EnumerateArray()];
    }

    [Fact]
    public async Task A_signed_message_is_stored_answered_200_and_after_processing_is_a_direct_message_in_the_accounts_inbox()
    {
        var account = await LineAccountAsync();
        var eventId = NewEventId();
        var sentAt = Millis(TimeSpan.FromMinutes(2));
        var message = TextMessage("590000000001", "除雪車はいつ来ますか？");
        var body = Body(MessageEvent(eventId, message, sentAt));

        var response = await DeliverSignedAsync(account, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = Assert.Single(await StoredAsync(account));
        Assert.Equal(eventId, stored.EventId);
        Assert.Equal(Platform.Line, stored.Platform);
        Assert.Equal(MessageEvent(eventId, message, sentAt), stored.RawJson);
        Assert.Null(stored.ProcessedAt);
        Assert.Empty(await InboxAsync(account)); // processed after the answer, not during it

        Assert.True(await ProcessAsync() >= 1);

        var listed = Assert.Single(await InboxAsync(account));
        Assert.Equal("DirectMessage", listed.GetProperty("kind").GetString());
        Assert.Equal(UserId, listed.GetProperty("authorHandle").GetString());
        Assert.Equal("除雪車はいつ来ますか？", listed.GetProperty("text").GetString());
        Assert.Equal("Line", listed.GetProperty("platform").GetString());
        Assert.Equal("Open", listed.GetProperty("status").GetString());
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(sentAt), listed.GetProperty("receivedAt").GetDateTimeOffset());
        var id = listed.GetProperty("id").GetGuid();
        var detail = await (await app.ApiAsync("demo-operator")).GetFromJsonAsync<JsonElement>($"/api/v1/comments/{id}");
        Assert.Equal("Connector", detail.GetProperty("source").GetString());
        Assert.Equal("590000000001", detail.GetProperty("platformCommentId").GetString());
        var processed = Assert.Single(await StoredAsync(account));
        Assert.NotNull(processed.ProcessedAt);
        Assert.Equal(id, processed.CommentId);
        Assert.Equal(1, processed.Attempts);
        // The message now lives in the comment (and leaves with it under the retention): the raw event keeps no content.
        Assert.DoesNotContain("除雪車", processed.RawJson);
        Assert.DoesNotContain(UserId, processed.RawJson);
        Assert.Equal(eventId, JsonDocument.Parse(processed.RawJson).RootElement.GetProperty("webhookEventId").GetString());

        // The comments page of the account shows it too.
        var page = await (await app.SignInAsync("demo-operator")).GetStringAsync($"/accounts/{account}/comments");
        Assert.Contains("除雪車はいつ来ますか？", page);
    }

    [Fact]
    public async Task Images_stickers_and_places_arrive_as_labels_and_follow_or_unfollow_make_no_comment()
    {
        var account = await LineAccountAsync();
        var at = Millis(TimeSpan.FromMinutes(1));
        var body = Body(
            MessageEvent(NewEventId(), """{"type":"image","id":"590000000011","quoteToken":"q","contentProvider":{"type":"line"}}""", at),
            MessageEvent(NewEventId(), """{"type":"sticker","id":"590000000012","quoteToken":"q","packageId":"446","stickerId":"1988","stickerResourceType":"STATIC"}""", at + 1),
            MessageEvent(NewEventId(), """{"type":"location","id":"590000000013","title":"名寄市役所","address":"北海道名寄市大通南1丁目1","latitude":44.35,"longitude":142.46}""", at + 2),
            OtherEvent("follow", NewEventId(), at + 3),
            OtherEvent("unfollow", NewEventId(), at + 4));

        Assert.Equal(HttpStatusCode.OK, (await DeliverSignedAsync(account, body)).StatusCode);
        Assert.Equal(5, (await StoredAsync(account)).Count);
        await ProcessAsync();

        var texts = (await InboxAsync(account)).Select(c => c.GetProperty("text").GetString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["［スタンプ］", "［位置情報］名寄市役所 北海道名寄市大通南1丁目1", "［画像］"], texts);
        Assert.All(await StoredAsync(account), e => Assert.NotNull(e.ProcessedAt));
        Assert.Equal(2, (await StoredAsync(account)).Count(e => e.CommentId is null));
    }

    [Fact]
    public async Task A_body_with_one_byte_changed_after_signing_is_refused_401_and_nothing_is_stored()
    {
        var account = await LineAccountAsync();
        var body = Body(MessageEvent(NewEventId(), TextMessage("590000000021", "本物のメッセージ"), Millis(TimeSpan.FromMinutes(1))));
        var signature = Sign(body);
        var tampered = (byte[])body.Clone();
        var at = Array.IndexOf(tampered, (byte)'5'); // a digit of the message id
        tampered[at] = (byte)'6';

        var response = await DeliverAsync(account, tampered, signature);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await StoredAsync(account));
        Assert.Equal(HttpStatusCode.OK, (await DeliverAsync(account, body, signature)).StatusCode); // the same signature fits the body it was made for
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("empty")]
    [InlineData("another channel's secret")]
    [InlineData("not base64")]
    public async Task A_missing_or_wrong_signature_is_refused_401_and_nothing_is_stored(string kind)
    {
        var account = await LineAccountAsync();
        var body = Body(MessageEvent(NewEventId(), TextMessage("590000000031", "こんにちは"), Millis(TimeSpan.FromMinutes(1))));
        var signature = kind switch
        {
            "missing" => null,
            "empty" => "",
            "another channel's secret" => Sign(body, "ffffffffffffffffffffffffffffffff"),
            _ => "not-a-signature!",
        };

        var response = await DeliverAsync(account, body, signature);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        Assert.Empty(await StoredAsync(account));
    }

    [Fact]
    public async Task A_redelivered_event_is_stored_once_and_makes_one_comment()
    {
        var account = await LineAccountAsync();
        var eventId = NewEventId();
        var at = Millis(TimeSpan.FromMinutes(3));
        var message = TextMessage("590000000041", "ごみの収集日を教えてください");

        Assert.Equal(HttpStatusCode.OK, (await DeliverSignedAsync(account, Body(MessageEvent(eventId, message, at)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await DeliverSignedAsync(account, Body(MessageEvent(eventId, message, at, redelivery: true)))).StatusCode);

        var stored = Assert.Single(await StoredAsync(account));
        Assert.Contains("\"isRedelivery\":false", stored.RawJson); // the first delivery is the one kept
        await ProcessAsync();
        Assert.Equal(HttpStatusCode.OK, (await DeliverSignedAsync(account, Body(MessageEvent(eventId, message, at, redelivery: true)))).StatusCode);
        await ProcessAsync();
        Assert.Single(await StoredAsync(account));
        Assert.Single(await InboxAsync(account));
    }

    [Fact]
    public async Task Two_deliveries_of_the_same_event_at_once_both_answer_200_and_store_it_once()
    {
        var account = await LineAccountAsync();
        var eventId = NewEventId();
        var at = Millis(TimeSpan.FromMinutes(1));
        var first = Body(MessageEvent(eventId, TextMessage("590000000051", "同時に届いた"), at));
        var second = Body(MessageEvent(eventId, TextMessage("590000000051", "同時に届いた"), at, redelivery: true));

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => DeliverSignedAsync(account, i % 2 == 0 ? first : second)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Single(await StoredAsync(account));
    }

    [Theory]
    [InlineData("""{"destination":"U0","events":[{"type":"message",""")]
    [InlineData("""{"destination":"U0","events":"none"}""")]
    [InlineData("""{"destination":"U0"}""")]
    [InlineData("""{"destination":"U0","events":[1,2]}""")]
    [InlineData("""["events"]""")]
    [InlineData("")]
    public async Task A_signed_body_that_is_not_LINEs_webhook_JSON_is_refused_400_and_nothing_is_stored(string json)
    {
        var account = await LineAccountAsync();
        var body = Encoding.UTF8.GetBytes(json);

        var response = await DeliverSignedAsync(account, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await StoredAsync(account));
    }

    [Fact]
    public async Task The_consoles_verify_request_with_no_events_answers_200_and_stores_nothing()
    {
        var account = await LineAccountAsync();
        var response = await DeliverSignedAsync(account, Encoding.UTF8.GetBytes("""{"destination":"U0123456789abcdef0123456789abcdef","events":[]}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await StoredAsync(account));
    }

    [Fact]
    public async Task An_account_without_a_LINE_connection_answers_404_without_detail()
    {
        var body = Body(MessageEvent(NewEventId(), TextMessage("590000000061", "届きますか"), Millis(TimeSpan.FromMinutes(1))));
        var notConnected = await app.ListedAccountAsync(Given.Policy(url: $"https://lin.ee/{Guid.NewGuid():N}") with { Platform = Platform.Line });
        var xAccount = await app.ConnectedAccountAsync(Platform.X, new Dictionary<string, string?> { ["accessToken"] = "x-token", ["userId"] = "12345" });

        foreach (var account in new[] { Guid.NewGuid(), notConnected, xAccount })
        {
            var response = await DeliverSignedAsync(account, body);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("", await response.Content.ReadAsStringAsync());
            Assert.Empty(await StoredAsync(account));
        }
    }

    [Fact]
    public async Task When_the_database_cannot_store_the_event_the_answer_is_503_so_that_LINE_redelivers_and_the_redelivery_is_stored()
    {
        var account = await LineAccountAsync();
        var eventId = NewEventId();
        var at = Millis(TimeSpan.FromMinutes(1));
        var message = TextMessage("590000000071", "停電していますか");
        app.Failing.InboundEvents = true;
        try
        {
            var response = await DeliverSignedAsync(account, Body(MessageEvent(eventId, message, at)));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }
        finally
        {
            app.Failing.InboundEvents = false;
        }
        Assert.Empty(await StoredAsync(account));

        var redelivered = await DeliverSignedAsync(account, Body(MessageEvent(eventId, message, at, redelivery: true)));

        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        Assert.Single(await StoredAsync(account));
        await ProcessAsync();
        Assert.Equal("停電していますか", Assert.Single(await InboxAsync(account)).GetProperty("text").GetString());
    }

    [Fact]
    public async Task An_event_that_fails_to_process_keeps_its_error_and_is_tried_again_after_a_backoff()
    {
        var account = await LineAccountAsync();
        var eventId = NewEventId();
        Assert.Equal(HttpStatusCode.OK,
            (await DeliverSignedAsync(account, Body(MessageEvent(eventId, TextMessage("590000000081", "図書館は開いていますか"), Millis(TimeSpan.FromMinutes(1)))))).StatusCode);
        app.Failing.Comments = true;
        try
        {
            await ProcessAsync();
        }
        finally
        {
            app.Failing.Comments = false;
        }
        var failed = Assert.Single(await StoredAsync(account));
        Assert.Null(failed.ProcessedAt);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("cannot store comments", failed.LastError);
        Assert.Equal(app.Clock.GetUtcNow() + InboundEvent.Backoff(1), failed.NextAttemptAt);
        Assert.Empty(await InboxAsync(account));

        await ProcessAsync(); // not due yet
        Assert.Null(Assert.Single(await StoredAsync(account)).ProcessedAt);

        app.Clock.Advance(InboundEvent.Backoff(1));
        await ProcessAsync();

        var done = Assert.Single(await StoredAsync(account));
        Assert.NotNull(done.ProcessedAt);
        Assert.Null(done.LastError);
        Assert.Equal(2, done.Attempts);
        Assert.Equal("図書館は開いていますか", Assert.Single(await InboxAsync(account)).GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_body_over_one_megabyte_is_refused_413_and_nothing_is_stored()
    {
        var account = await LineAccountAsync();
        var big = Body(MessageEvent(NewEventId(), TextMessage("590000000091", new string('a', LineWebhook.MaxBody)), Millis(TimeSpan.FromMinutes(1))));
        var response = await DeliverSignedAsync(account, big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(await StoredAsync(account));
    }

    [Fact]
    public async Task The_webhook_is_anonymous_in_the_access_table_and_signing_in_does_not_replace_the_signature_nor_is_antiforgery_asked()
    {
        var line = Assert.Single(AccessTable.Entries, a => a.Route == "/webhooks/line/{accountId:guid}");
        Assert.Equal("POST", line.Method);
        Assert.True(line.IsAnonymous);

        var account = await LineAccountAsync();
        var body = Body(MessageEvent(NewEventId(), TextMessage("590000000101", "職員のブラウザから"), Millis(TimeSpan.FromMinutes(1))));
        foreach (var user in new[] { "demo-head", "demo-pr", "demo-admin" })
        {
            var signedIn = await app.SignInAsync(user);
            Assert.Equal(HttpStatusCode.Unauthorized, (await DeliverAsync(account, body, null, signedIn)).StatusCode);
        }
        var bearer = await app.ApiAsync("demo-head");
        Assert.Equal(HttpStatusCode.Unauthorized, (await DeliverAsync(account, body, null, bearer)).StatusCode);
        Assert.Empty(await StoredAsync(account));

        // A signed delivery needs no sign-in and no antiforgery token, even from a client that carries a cookie.
        var cookieClient = await app.SignInAsync("demo-operator");
        Assert.Equal(HttpStatusCode.OK, (await DeliverAsync(account, body, Sign(body), cookieClient)).StatusCode);
        Assert.Single(await StoredAsync(account));
    }

    [Fact]
    public void A_LINE_message_event_becomes_a_direct_message_input_with_the_users_id_the_message_id_and_the_events_time()
    {
        var input = LineEvents.CommentOf(MessageEvent("E1", TextMessage("77", "質問です"), 1_780_000_000_123));
        Assert.Equal(new CommentInput(CommentKind.DirectMessage, UserId, "質問です", null, DateTimeOffset.FromUnixTimeMilliseconds(1_780_000_000_123), "77"), input);
        Assert.Null(LineEvents.CommentOf(OtherEvent("postback", "E2", 1)));
        var file = LineEvents.CommentOf(MessageEvent("E3", """{"type":"file","id":"78","fileName":"申請書.pdf","fileSize":2138}""", 1));
        Assert.Equal("［ファイル: 申請書.pdf］", file!.Text);
        Assert.Equal("［動画］", LineEvents.CommentOf(MessageEvent("E4", """{"type":"video","id":"79","duration":60000}""", 1))!.Text);
    }
}
