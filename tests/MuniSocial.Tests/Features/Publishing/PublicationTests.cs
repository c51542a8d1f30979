using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Posts;
using MuniSocial.Domain.Publishing;
using MuniSocial.Features.PublishingPauses;
using MuniSocial.Infrastructure.Connectors;
using MuniSocial.Tests.Features.Incidents;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Publishing;

/// <summary>
/// Publishing through the connector, through the front door (API and post page) with a test adapter at the edge: an
/// X-like platform without idempotency key and a Mastodon-like keyed one, sharing an in-memory timeline. The sender is
/// run by hand (<c>RunOnceAsync</c>); the clock is fake.
/// </summary>
public sealed class PublicationTests(PublishingAppFactory app) : IClassFixture<PublishingAppFactory>
{
    public static TheoryData<Platform> Platforms => [Platform.X, Platform.Mastodon];

    [Theory]
    [MemberData(nameof(Platforms))]
    public async Task Publish_answers_202_with_the_post_and_its_entry_and_the_sender_sends_it_exactly_once(Platform platform)
    {
        var (account, post, text) = await ApprovedOnConnectedAsync(platform);
        var api = await app.ApiAsync("demo-operator");

        var response = await api.PostAsync($"/api/v1/posts/{post}/publish", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"/api/v1/posts/{post}", response.Headers.Location?.ToString());
        var body = await JsonAsync(response);
        Assert.Equal("Approved", body.GetProperty("status").GetString());
        Assert.Equal("Queued", body.GetProperty("publication").GetProperty("state").GetString());
        Assert.Equal("送信待ち", body.GetProperty("publication").GetProperty("label").GetString());
        Assert.Equal(0, body.GetProperty("publication").GetProperty("attempts").GetInt32());
        Assert.Empty(body.GetProperty("warnings").EnumerateArray());

        await app.Sender.RunOnceAsync(CancellationToken.None);
        await app.Sender.RunOnceAsync(CancellationToken.None);

        var publication = await PublicationOfAsync(post);
        var fake = app.Of(platform);
        var sent = Assert.Single(fake.PostsOf(publication.Id));
        Assert.Single(fake.CallsOf(publication.Id));
        Assert.Equal(text, sent.Text);
        var got = await JsonAsync(await api.GetAsync($"/api/v1/posts/{post}"));
        Assert.Equal("Published", got.GetProperty("status").GetString());
        Assert.Equal("Connector", got.GetProperty("publishedVia").GetString());
        Assert.Equal(sent.Id, got.GetProperty("platformPostId").GetString());
        Assert.EndsWith("/" + sent.Id, got.GetProperty("publishedUrl").GetString(), StringComparison.Ordinal);
        Assert.Equal("Sent", got.GetProperty("publication").GetProperty("state").GetString());
        Assert.Equal(1, got.GetProperty("publication").GetProperty("attempts").GetInt32());
        Assert.Equal("北 ひかり", got.GetProperty("publishedBy").GetString());
        var actions = await app.DbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => (e.EntityType == "Post" && e.EntityId == post.ToString()) || (e.EntityType == "Publication" && e.EntityId == publication.Id.ToString()))
            .OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());
        Assert.Equal("post.publish-requested", actions[^3]);
        Assert.Equal(["post.published", "publication.sent"], actions[^2..].Order(StringComparer.Ordinal)); // the sender's one save

        // Once out, it is out: asking again is refused and nothing more is sent.
        var again = await api.PostAsync($"/api/v1/posts/{post}/publish", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("already-published", (await JsonAsync(again)).GetProperty("rule").GetString());
        await app.Sender.RunOnceAsync(CancellationToken.None);
        Assert.Single(fake.CallsOf(publication.Id));
        _ = account;
    }

    [Fact]
    public async Task A_reply_goes_to_the_comments_thread_and_the_comment_becomes_answered_in_the_same_save()
    {
        var account = await app.ConnectedAccountAsync(Platform.X, PublishingAppFactory.XFields, reply: ReplyPolicyKind.ReplyAsNeeded);
        var comment = await app.CommentAsync(account, url: "https://x.com/citizen_abc/status/98765");
        var api = await app.ApiAsync("demo-operator");
        var created = await api.PostAsJsonAsync($"/api/v1/comments/{comment}/reply", new { text = Unique("お問い合わせありがとうございます。駐車場は50台分です") });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var reply = Guid.Parse(created.Headers.Location!.ToString().Split('/')[^1]);
        await app.ApproveDraftAsync(reply);

        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/api/v1/posts/{reply}/publish", null)).StatusCode);
        await app.Sender.RunOnceAsync(CancellationToken.None);

        var id = (await PublicationOfAsync(reply)).Id;
        var call = Assert.Single(app.X.CallsOf(id));
        Assert.Equal("98765", call.ReplyTo?.PlatformId);
        Assert.Equal(PostStatus.Published, (await PostOfAsync(reply)).Status);
        var answered = await app.CommentOfAsync(comment);
        Assert.Equal(MuniSocial.Domain.Comments.CommentStatus.Answered, answered.Status);
        Assert.Equal(reply, answered.AnsweredPostId);
    }

    [Fact]
    public async Task A_reply_whose_thread_the_platform_cannot_be_told_is_refused_by_the_connector_and_recorded_by_hand_instead()
    {
        // The comment was typed in by hand without its link: X cannot be told which post the reply answers.
        var account = await app.ConnectedAccountAsync(Platform.X, PublishingAppFactory.XFields, reply: ReplyPolicyKind.ReplyAsNeeded);
        var comment = await app.CommentAsync(account);
        var api = await app.ApiAsync("demo-operator");
        var created = await api.PostAsJsonAsync($"/api/v1/comments/{comment}/reply", new { text = Unique("お問い合わせありがとうございます。駐車場は50台分です") });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var reply = Guid.Parse(created.Headers.Location!.ToString().Split('/')[^1]);
        await app.ApproveDraftAsync(reply);

        var sent = await api.PostAsync($"/api/v1/posts/{reply}/publish", null);
        Assert.Equal(HttpStatusCode.Conflict, sent.StatusCode);
        Assert.Equal("reply-target-unknown", (await JsonAsync(sent)).GetProperty("rule").GetString());
        Assert.Equal(0, await app.DbAsync(db => db.Publications.CountAsync(p => p.PostId == reply)));

        // The page says why and offers the record by hand instead of the send button.
        var page = await (await app.SignInAsync("demo-operator")).GetStringAsync($"/posts/{reply}");
        Assert.Contains("返信先の書込みがプラットフォーム上で特定できない", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"/posts/{reply}/check/send", page, StringComparison.Ordinal);

        var recorded = await api.PostAsJsonAsync($"/api/v1/posts/{reply}/publish",
            new { publishedUrl = "https://x.com/nayoro/status/555", publishedAt = app.Clock.GetUtcNow() });
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        Assert.Equal(PostStatus.Published, (await PostOfAsync(reply)).Status);
        Assert.Equal(MuniSocial.Domain.Comments.CommentStatus.Answered, (await app.CommentOfAsync(comment)).Status);
    }

    [Fact]
    public async Task Publishing_twice_before_it_went_out_is_refused()
    {
        var (_, post, _) = await ApprovedOnConnectedAsync(Platform.X);
        var api = await app.ApiAsync("demo-operator");
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsJsonAsync($"/api/v1/posts/{post}/publish", new { })).StatusCode);

        var again = await api.PostAsync($"/api/v1/posts/{post}/publish", null);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("already-queued", (await JsonAsync(again)).GetProperty("rule").GetString());
        Assert.Equal(1, await app.DbAsync(db => db.Publications.CountAsync(p => p.PostId == post)));
    }

    [Fact]
    public async Task A_scheduled_post_is_not_sent_before_its_time_and_is_sent_after()
    {
        var at = app.Clock.GetUtcNow().AddHours(2);
        var (_, post, _) = await ApprovedOnConnectedAsync(Platform.X, scheduledAt: at);
        var api = await app.ApiAsync("demo-operator");

        var body = await JsonAsync(await api.PostAsync($"/api/v1/posts/{post}/publish", null));
        Assert.Equal(at, body.GetProperty("publication").GetProperty("notBefore").GetDateTimeOffset());

        var publication = await PublicationOfAsync(post);
        app.Clock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        await app.Sender.RunOnceAsync(CancellationToken.None);
        Assert.Empty(app.X.CallsOf(publication.Id));
        Assert.Equal(PublicationState.Queued, (await PublicationOfAsync(post)).State);

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await app.Sender.RunOnceAsync(CancellationToken.None);
        Assert.Single(app.X.PostsOf(publication.Id));
        Assert.Equal(PostStatus.Published, (await PostOfAsync(post)).Status);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_after_a_backoff_and_a_rate_limit_after_its_retry_after_then_sent_once()
    {
        var (_, post, _) = await ApprovedOnConnectedAsync(Platform.X);
        var api = await app.ApiAsync("demo-operator");
        await api.PostAsync($"/api/v1/posts/{post}/publish", null);
        var id = (await PublicationOfAsync(post)).Id;
        app.X.FailNext(id,
            new ConnectorException(ConnectorFailure.Transient, "Service Unavailable", 503),
            new ConnectorException(ConnectorFailure.RateLimited, "Too Many Requests", 429, TimeSpan.FromMinutes(5)));

        await app.Sender.RunOnceAsync(CancellationToken.None);
        var first = await PublicationOfAsync(post);
        Assert.Equal(PublicationState.Queued, first.State);
        Assert.Equal(1, first.Attempts);
        Assert.Equal("Service Unavailable", first.LastError);
        Assert.Equal(app.Clock.GetUtcNow().AddSeconds(30), first.NextAttemptAt);

        await app.Sender.RunOnceAsync(CancellationToken.None); // not yet due
        Assert.Single(app.X.CallsOf(id));

        app.Clock.Advance(TimeSpan.FromSeconds(30));
        await app.Sender.RunOnceAsync(CancellationToken.None);
        var second = await PublicationOfAsync(post);
        Assert.Equal(2, second.Attempts);
        Assert.Equal("Too Many Requests", second.LastError);
        Assert.Equal(app.Clock.GetUtcNow().AddMinutes(5), second.NextAttemptAt);
        var page = await (await app.SignInAsync("demo-operator")).GetDocumentAsync($"/posts/{post}");
        Assert.Contains("前回の送信に失敗しました（X の応答: \"Too Many Requests\"）", page.Text(), StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await app.Sender.RunOnceAsync(CancellationToken.None);

        var calls = app.X.CallsOf(id);
        Assert.Equal(3, calls.Count);
        Assert.All(calls.Skip(1), c => Assert.True(c.MayHaveGoneOut));
        Assert.Single(app.X.PostsOf(id));
        var done = await PublicationOfAsync(post);
        Assert.Equal(PublicationState.Sent, done.State);
        Assert.Null(done.LastError);
    }

    [Fact]
    public async Task A_permanent_failure_is_shown_on_the_page_and_the_api_with_the_platforms_message_and_mailed_to_the_requester_and_the_head()
    {
        var (_, post, _) = await ApprovedOnConnectedAsync(Platform.X);
        var api = await app.ApiAsync("demo-operator");
        await api.PostAsync($"/api/v1/posts/{post}/publish", null);
        var id = (await PublicationOfAsync(post)).Id;
        app.X.FailNext(id, new ConnectorException(ConnectorFailure.Refused, "Your Tweet text is too long.", 403));

        await app.Sender.RunOnceAsync(CancellationToken.None);

        var got = await JsonAsync(await api.GetAsync($"/api/v1/posts/{post}"));
        var publication = got.GetProperty("publication");
        Assert.Equal("Failed", publication.GetProperty("state").GetString());
        Assert.Equal("Your Tweet text is too long.", publication.GetProperty("lastError").GetString());
        Assert.Equal("Xが発信を受け付けませんでした（X の応答: \"Your Tweet text is too long.\"）。", publication.GetProperty("message").GetString());
        var operatorPage = await app.SignInAsync("demo-operator");
        var page = await operatorPage.GetDocumentAsync($"/posts/{post}");
        Assert.Contains("Xが発信を受け付けませんでした（X の応答: \"Your Tweet text is too long.\"）", page.Text(), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("form[action*='handler=Retry']"));

        var head = await app.UserAsync("demo-head");
        var requester = await app.UserAsync("demo-operator");
        var mails = await MailPolling.WaitForAsync(() => Task.FromResult(app.Mail.Messages()
            .Where(m => (m.TextBody ?? "").Contains($"https://social.test/posts/{post}", StringComparison.Ordinal)
                && !(m.TextBody ?? "").Contains("/me/notifications", StringComparison.Ordinal)).ToList()), 2); // not the hand-off mails of the post's approval
        Assert.Equal(new[] { head.Email, requester.Email }.Order(), mails.SelectMany(m => m.To.Mailboxes.Select(b => b.Address)).Order());
        Assert.All(mails, m =>
        {
            Assert.StartsWith("【発信失敗】", m.Subject, StringComparison.Ordinal);
            Assert.Contains("X の応答: \"Your Tweet text is too long.\"", m.TextBody, StringComparison.Ordinal);
        });

        // Fixed on the platform's side: the operator resends from the page; the account is read back first (X has no key), then it goes out once.
        var retried = await PostFormOnPageAsync(operatorPage, post, "Retry");
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        await app.Sender.RunOnceAsync(CancellationToken.None);
        Assert.Single(app.X.PostsOf(id));
        Assert.Equal(PostStatus.Published, (await PostOfAsync(post)).Status);
    }

    [Fact]
    public async Task Credentials_refused_fail_the_entry_break_the_connection_and_then_a_manual_record_is_allowed()
    {
        var (account, post, _) = await ApprovedOnConnectedAsync(Platform.X);
        var api = await app.ApiAsync("demo-operator");
        await api.PostAsync($"/api/v1/posts/{post}/publish", null);
        var id = (await PublicationOfAsync(post)).Id;
        app.X.FailNext(id, new ConnectorException(ConnectorFailure.CredentialsRejected, "Unauthorized", 401));

        await app.Sender.RunOnceAsync(CancellationToken.None);

        Assert.Equal(PublicationState.Failed, (await PublicationOfAsync(post)).State);
        var connection = await app.DbAsync(db => db.AccountConnections.AsNoTracking().SingleAsync(c => c.AccountId == account));
        Assert.Equal(ConnectionState.Broken, connection.State);
        Assert.Equal("Unauthorized", connection.LastError);
        var page = await (await app.SignInAsync("demo-operator")).GetDocumentAsync($"/posts/{post}");
        Assert.Contains("接続が使えない状態です（X の応答: \"Unauthorized\"）", page.Text(), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector($"form[action='/posts/{post}/check/record']"));
        Assert.Null(page.QuerySelector($"a[href='/posts/{post}/check/send']"));

        // Posted by hand on the platform instead: the record is allowed while the connection is broken.
        var recorded = await api.PostAsJsonAsync($"/api/v1/posts/{post}/publish",
            new { publishedUrl = "https://x.com/nayoro/status/998877", publishedAt = app.Clock.GetUtcNow() });
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        var got = await JsonAsync(recorded);
        Assert.Equal("Published", got.GetProperty("status").GetString());
        Assert.Equal("Manual", got.GetProperty("publishedVia").GetString());
    }

    [Fact]
    public async Task A_manual_record_is_refused_on_a_connected_account_and_allowed_without_a_connector()
    {
        var (_, connectedPost, _) = await ApprovedOnConnectedAsync(Platform.X);
        var plain = await app.ListedAccountAsync();
        var plainPost = await app.ApprovedPostAsync(plain, Unique("手で投稿"));
        var api = await app.ApiAsync("demo-operator");
        var record = new { publishedUrl = "https://x.com/nayoro/status/123", publishedAt = app.Clock.GetUtcNow() };

        var refused = await api.PostAsJsonAsync($"/api/v1/posts/{connectedPost}/publish", record);
        var allowed = await api.PostAsJsonAsync($"/api/v1/posts/{plainPost}/publish", record);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await JsonAsync(refused);
        Assert.Equal("publish-through-connector", problem.GetProperty("rule").GetString());
        Assert.Contains("発信はMuniSocialから行ってください", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(PostStatus.Approved, (await PostOfAsync(connectedPost)).Status);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(PostStatus.Published, (await PostOfAsync(plainPost)).Status);
        // Without a connector, no body is today's record: the missing fields are named.
        var plainPost2 = await app.ApprovedPostAsync(plain, Unique("手で投稿"));
        var empty = await api.PostAsync($"/api/v1/posts/{plainPost2}/publish", null);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(0, await app.DbAsync(db => db.Publications.CountAsync(p => p.PostId == plainPost2)));
    }

    [Fact]
    public async Task The_page_offers_the_send_button_instead_of_the_record_form_and_sends_through_the_connector()
    {
        var (_, post, _) = await ApprovedOnConnectedAsync(Platform.X);
        var browser = await app.SignInAsync("demo-operator");
        var page = await browser.GetDocumentAsync($"/posts/{post}");
        Assert.Null(page.QuerySelector($"form[action='/posts/{post}/check/record']"));
        var button = page.QuerySelector($"a[href='/posts/{post}/check/send']");
        Assert.Equal("Xに発信する（内容を確認）", button?.TextContent.Trim());
        Assert.Empty(page.QuerySelectorAll("[data-code='outside-operating-hours']"));

        var sent = await PostFormOnPageAsync(browser, post, "Send");

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var after = await browser.GetDocumentAsync($"/posts/{post}");
        Assert.Equal("送信待ち", after.QuerySelector("[data-state]")?.TextContent);
        Assert.Null(after.QuerySelector($"a[href='/posts/{post}/check/send']"));
        await app.Sender.RunOnceAsync(CancellationToken.None);
        var published = await browser.GetDocumentAsync($"/posts/{post}");
        Assert.Equal("送信済", published.QuerySelector("[data-state]")?.TextContent);
        var link = (await PublicationOfAsync(post)).PlatformUrl!;
        Assert.NotNull(published.QuerySelector($".publication a[href='{link}']"));
    }

    [Fact]
    public async Task Outside_operating_hours_publishing_is_warned_on_the_page_and_in_the_api_answer_and_still_queued()
    {
        // Saturday 10:00 in Tokyo: the account runs on weekdays 8:45–17:30.
        var saturday = NextTokyo(DayOfWeek.Saturday, 10);
        var (_, post, _) = await ApprovedOnConnectedAsync(Platform.X, scheduledAt: saturday);
        var browser = await app.SignInAsync("demo-operator");

        var page = await browser.GetDocumentAsync($"/posts/{post}");
        var warning = page.QuerySelector("[data-code='outside-operating-hours']");
        Assert.NotNull(warning);
        Assert.Contains("運用時間外", warning.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("予約日時", page.QuerySelector($"a[href='/posts/{post}/check/send']")?.TextContent.Trim(), StringComparison.Ordinal);

        var api = await app.ApiAsync("demo-operator");
        var response = await api.PostAsync($"/api/v1/posts/{post}/publish", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var w = Assert.Single((await JsonAsync(response)).GetProperty("warnings").EnumerateArray());
        Assert.Equal("outside-operating-hours", w.GetProperty("code").GetString());
        Assert.Contains("予約日時", w.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(PublicationState.Queued, (await PublicationOfAsync(post)).State);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_pause_holds_the_outbox_and_after_the_lift_the_heads_release_lets_it_go_or_the_cancel_calls_it_off(bool release)
    {
        var at = app.Clock.GetUtcNow().AddMinutes(30);
        var (account, post, _) = await ApprovedOnConnectedAsync(Platform.Mastodon, scheduledAt: at);
        var api = await app.ApiAsync("demo-operator");
        await api.PostAsync($"/api/v1/posts/{post}/publish", null);
        var id = (await PublicationOfAsync(post)).Id;
        var pause = await app.PausedAsync(account);

        app.Clock.Advance(TimeSpan.FromHours(1));
        await app.Sender.RunOnceAsync(CancellationToken.None);
        Assert.Empty(app.Mastodon.CallsOf(id));
        var held = await PublicationOfAsync(post);
        Assert.Equal(PublicationState.Queued, held.State);
        Assert.Equal(0, held.Attempts);

        var pr = await app.ActorAsync("demo-pr");
        var lifted = await app.DbAsync(db => PublishingPauseUseCases.LiftAsync(db, pr, pause, null, null, app.Clock.GetUtcNow(), CancellationToken.None));
        Assert.Contains(lifted.Held, h => h.PostId == post);
        await app.Sender.RunOnceAsync(CancellationToken.None);
        Assert.Empty(app.Mastodon.CallsOf(id)); // the head has not decided yet

        var head = await app.ApiAsync("demo-head");
        var decided = await head.PostAsync($"/api/v1/posts/{post}/{(release ? "held-release" : "held-cancel")}", null);
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        await app.Sender.RunOnceAsync(CancellationToken.None);

        if (release)
        {
            Assert.Single(app.Mastodon.PostsOf(id));
            Assert.Equal(PostStatus.Published, (await PostOfAsync(post)).Status);
        }
        else
        {
            Assert.Empty(app.Mastodon.CallsOf(id));
            Assert.Equal(PublicationState.Cancelled, (await PublicationOfAsync(post)).State);
            Assert.Equal(PostStatus.Rejected, (await PostOfAsync(post)).Status);
        }
    }

    [Fact]
    public async Task Publishing_is_refused_while_a_pause_applies()
    {
        var (account, post, _) = await ApprovedOnConnectedAsync(Platform.X);
        var pause = await app.PausedAsync(account);
        var api = await app.ApiAsync("demo-operator");

        var refused = await api.PostAsync($"/api/v1/posts/{post}/publish", null);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("publishing-paused", (await JsonAsync(refused)).GetProperty("rule").GetString());
        Assert.Equal(0, await app.DbAsync(db => db.Publications.CountAsync(p => p.PostId == post)));
        var pr = await app.ActorAsync("demo-pr");
        await app.DbAsync(db => PublishingPauseUseCases.LiftAsync(db, pr, pause, null, null, app.Clock.GetUtcNow(), CancellationToken.None));
    }

    [Fact]
    public async Task Two_senders_racing_over_twenty_entries_send_each_once()
    {
        var account = await app.ConnectedAccountAsync(Platform.X, PublishingAppFactory.XFields);
        var api = await app.ApiAsync("demo-operator");
        var posts = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            var post = await app.ApprovedPostAsync(account, Unique($"競争{i}"));
            Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/api/v1/posts/{post}/publish", null)).StatusCode);
            posts.Add(post);
        }
        var a = Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<MuniSocial.Features.Publishing.PublicationSender>(app.Services);
        var b = Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<MuniSocial.Features.Publishing.PublicationSender>(app.Services);

        await Task.WhenAll(Task.Run(() => a.RunOnceAsync(CancellationToken.None)), Task.Run(() => b.RunOnceAsync(CancellationToken.None)));
        // Whatever one of them could not finish (a busy database) is taken over once its claim runs out: still once each.
        app.Clock.Advance(a.Lease + TimeSpan.FromMinutes(1));
        await a.RunOnceAsync(CancellationToken.None);

        var ids = await app.DbAsync(db => db.Publications.AsNoTracking().Where(p => posts.Contains(p.PostId)).ToListAsync());
        Assert.Equal(20, ids.Count);
        Assert.All(ids, p =>
        {
            Assert.Equal(PublicationState.Sent, p.State);
            Assert.Single(app.X.PostsOf(p.Id));
            Assert.Single(app.X.CallsOf(p.Id));
        });
    }

    [Theory]
    [InlineData("demo-operator3", HttpStatusCode.Accepted)] // staff of the section
    [InlineData("demo-head", HttpStatusCode.Accepted)]
    [InlineData("demo-pr", HttpStatusCode.Forbidden)] // sees every post, publishes none
    [InlineData("demo-operator2", HttpStatusCode.NotFound)] // another section
    [InlineData("demo-head2", HttpStatusCode.NotFound)]
    public async Task Who_may_publish_through_the_api(string user, HttpStatusCode expected)
    {
        var (_, post, _) = await ApprovedOnConnectedAsync(Platform.X);
        var api = await app.ApiAsync(user);

        var response = await api.PostAsync($"/api/v1/posts/{post}/publish", null);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.Accepted ? 1 : 0, await app.DbAsync(db => db.Publications.CountAsync(p => p.PostId == post)));
    }

    [Theory]
    [InlineData("demo-operator3", HttpStatusCode.OK)]
    [InlineData("demo-head", HttpStatusCode.OK)]
    [InlineData("demo-pr", HttpStatusCode.Forbidden)]
    [InlineData("demo-operator2", HttpStatusCode.NotFound)]
    public async Task Who_may_retry_and_confirm_a_failed_or_unchecked_entry(string user, HttpStatusCode expected)
    {
        var (_, post, _) = await ApprovedOnConnectedAsync(Platform.X);
        await (await app.ApiAsync("demo-operator")).PostAsync($"/api/v1/posts/{post}/publish", null);
        var id = (await PublicationOfAsync(post)).Id;
        app.X.FailNext(id, new ConnectorException(ConnectorFailure.Refused, "Forbidden", 403));
        await app.Sender.RunOnceAsync(CancellationToken.None);
        var api = await app.ApiAsync(user);

        var retry = await api.PostAsync($"/api/v1/posts/{post}/publication/retry", null);

        Assert.Equal(expected, retry.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK ? PublicationState.Queued : PublicationState.Failed, (await PublicationOfAsync(post)).State);

        // confirm-sent needs a 要確認 entry: refused by rule for the staff, by role or visibility for the others.
        var confirm = await api.PostAsJsonAsync($"/api/v1/posts/{post}/publication/confirm-sent", new { platformUrl = "https://x.com/nayoro/status/5" });
        Assert.Equal(expected == HttpStatusCode.OK ? HttpStatusCode.Conflict : expected, confirm.StatusCode);
    }

    [Theory]
    [InlineData("demo-operator3", HttpStatusCode.Redirect)]
    [InlineData("demo-pr", HttpStatusCode.Forbidden)]
    [InlineData("demo-operator2", HttpStatusCode.NotFound)]
    public async Task Who_may_send_from_the_page(string user, HttpStatusCode expected)
    {
        var (_, post, _) = await ApprovedOnConnectedAsync(Platform.X);
        var operatorPage = await app.SignInAsync("demo-operator");
        var doc = await operatorPage.GetDocumentAsync($"/posts/{post}/check/send");
        var token = doc.QuerySelector<IHtmlInputElement>("form[action*='handler=Send'] input[name=__RequestVerificationToken]")!.Value;
        var browser = await app.SignInAsync(user);
        // The user's own token (the form is not shown to those who may not send): taken from any of their pages.
        var own = (await browser.GetDocumentAsync("/posts")).QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")?.Value ?? token;

        var response = await browser.PostAsync($"/posts/{post}?handler=Send", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = own,
            ["Version"] = (await PostOfAsync(post)).Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.Redirect ? 1 : 0, await app.DbAsync(db => db.Publications.CountAsync(p => p.PostId == post)));
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static string Unique(string text) => $"{text}のお知らせです。{Guid.NewGuid():N}";

    private async Task<(Guid Account, Guid Post, string Text)> ApprovedOnConnectedAsync(Platform platform, DateTimeOffset? scheduledAt = null)
    {
        var account = await app.ConnectedAccountAsync(platform, PublishingAppFactory.FieldsOf(platform));
        var text = Unique("名寄のひまわり");
        var post = await app.ApprovedPostAsync(account, text, scheduledAt: scheduledAt);
        return (account, post, text);
    }

    private DateTimeOffset NextTokyo(DayOfWeek day, int hour)
    {
        var tokyo = Wareki.ToTokyo(app.Clock.GetUtcNow()).Date.AddDays(1);
        while (tokyo.DayOfWeek != day)
        {
            tokyo = tokyo.AddDays(1);
        }
        return new DateTimeOffset(tokyo.AddHours(hour), TimeSpan.FromHours(9)).ToUniversalTime();
    }

    private Task<Publication> PublicationOfAsync(Guid post) => app.DbAsync(db => db.Publications.AsNoTracking().SingleAsync(p => p.PostId == post));

    private Task<Post> PostOfAsync(Guid post) => app.DbAsync(db => db.Posts.AsNoTracking().SingleAsync(p => p.Id == post));

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>Posts the page's form of <paramref name="handler"/> with its hidden fields (token, versions).</summary>
    internal static async Task<HttpResponseMessage> PostFormOnPageAsync(HttpClient client, Guid post, string handler, Dictionary<string, string>? fields = null)
    {
        var doc = await client.GetDocumentAsync(PostForms.PageOf(post, handler, fields));
        var form = doc.Forms.First(f => (f.GetAttribute("action") ?? "").Contains($"handler={handler}", StringComparison.Ordinal));
        var body = new Dictionary<string, string>(fields ?? []);
        foreach (var input in form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]"))
        {
            body.TryAdd(input.Name!, input.Value);
        }
        return await client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(body));
    }
}
