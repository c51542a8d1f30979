using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Comments;
using MuniSocial.Domain.Publishing;
using MuniSocial.Infrastructure.Connectors;
using MuniSocial.Jobs;
using MuniSocial.Tests.Features.Incidents;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Jobs;

/// <summary>
/// The watch (§5(2)ウ) against timelines the tests write: what appears on an account without MuniSocial becomes an open
/// unapproved post, e-mailed at once to the section head and the PR office and red on the board; our own posts match;
/// edits and history are told apart; a second run repeats nothing; replies join the inbox once; a hanging platform is
/// cut off at the timeout while the others are read; refused credentials break the connection.
/// </summary>
public sealed class WatchJobTests(WatchAppFactory app) : IClassFixture<WatchAppFactory>
{
    private static readonly Dictionary<string, string?> XFields = new() { ["accessToken"] = "x-token", ["userId"] = "1234567890" };
    private static readonly Dictionary<string, string?> MastodonFields = new() { ["instanceUrl"] = "https://mastodon.example.jp", ["accessToken"] = "m-token" };

    private static string Unique() => Random.Shared.NextInt64(1_000_000_000, long.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<JobRun> RunAsync()
    {
        var run = await app.Services.GetRequiredService<JobRunner>().RunAsync(WatchJob.Name, "test", default);
        Assert.Equal("succeeded", run.Outcome);
        return run;
    }

    private Task<List<ObservedPost>> ObservedAsync(Guid account) =>
        app.DbAsync(db => db.ObservedPosts.AsNoTracking().Where(o => o.AccountId == account).ToListAsync());

    private Task<int> WatchMailsAsync(Guid observed) => app.DbAsync(db => db.OutboxMails.CountAsync(m => m.Topic == $"watch:{observed}"));

    [Fact]
    public async Task A_post_made_without_MuniSocial_is_unapproved_mailed_to_the_head_and_the_pr_office_and_red_on_the_board()
    {
        var name = $"監視{Guid.NewGuid().ToString("N")[..6]}";
        var account = await app.ConnectedAccountAsync(Platform.X, XFields, name);
        var id = Unique();
        app.X.Show(account, id, "本日のイベントは中止です（身に覚えのない投稿）", app.Clock.GetUtcNow().AddMinutes(1));

        var run = await RunAsync();

        var observed = Assert.Single(await ObservedAsync(account));
        Assert.Equal(ObservedVerdict.Unapproved, observed.Verdict);
        Assert.True(observed.IsOpen);
        Assert.Equal(id, observed.PlatformPostId);
        Assert.Contains("未承認・承認と異なる本文", run.Summary, StringComparison.Ordinal);

        var head = await app.UserAsync("demo-head");
        var pr = await app.DbAsync(db => MuniSocial.Features.Incidents.IncidentUseCases.PrOfficeAsync(db, default));
        var expected = pr.Select(p => p.Email!).Append(head.Email!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var mails = await MailPolling.WaitForAsync(() => app.Mail.Messages().Where(m => (m.TextBody ?? "").Contains($"/unapproved-posts/{observed.Id}", StringComparison.Ordinal)).ToList(),
            expected.Count);
        Assert.Equal(expected.Order(StringComparer.OrdinalIgnoreCase), mails.Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.OrdinalIgnoreCase));
        Assert.All(mails, m => Assert.Equal($"【未承認の投稿】{name}（{Labels.Of(Platform.X)}）", m.Subject));
        Assert.Contains("本日のイベントは中止です（身に覚えのない投稿）", mails[0].TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://x.com/nayoro/status/{id}", mails[0].TextBody, StringComparison.Ordinal);
        var operatorMail = (await app.UserAsync("demo-operator")).Email;
        Assert.DoesNotContain(mails, m => m.To.Mailboxes.Single().Address == operatorMail);

        var board = await (await app.ApiAsync("demo-pr")).GetFromJsonAsync<JsonElement>("/api/v1/board");
        var entry = board.GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("accountId").GetGuid() == account);
        Assert.Equal(1, entry.GetProperty("unapprovedPosts").GetInt32());
        Assert.True(entry.GetProperty("needsAttention").GetBoolean());
        var page = await (await app.SignInAsync("demo-pr")).GetDocumentAsync("/board");
        var link = page.QuerySelector($"tr[data-account='{account}'] a.unapproved");
        Assert.NotNull(link);
        Assert.Equal("未承認の投稿1件", link!.TextContent.Trim());
        Assert.Contains("trouble", link.ClassList);

        // A second run adds nothing and mails nobody again.
        var before = await WatchMailsAsync(observed.Id);
        await RunAsync();
        Assert.Single(await ObservedAsync(account));
        Assert.Equal(before, await WatchMailsAsync(observed.Id));
    }

    [Fact]
    public async Task A_post_sent_by_MuniSocial_matches_without_mail_and_a_later_edit_differs()
    {
        var account = await app.ConnectedAccountAsync(Platform.X, XFields);
        var id = Unique();
        var post = await app.SentPostAsync(account, id, "名寄のひまわりまつりは8月です。");
        // The platform shows it with its own line ends and spacing: the same text.
        app.X.Show(account, id, "名寄のひまわりまつりは8月です。\r\n", app.Clock.GetUtcNow());

        await RunAsync();
        var matched = Assert.Single(await ObservedAsync(account));
        Assert.Equal(ObservedVerdict.Matched, matched.Verdict);
        Assert.Equal(post, matched.PostId);
        Assert.Equal(0, await WatchMailsAsync(matched.Id));

        app.X.Show(account, id, "名寄のひまわりまつりは中止です。", app.Clock.GetUtcNow());
        await RunAsync();
        var edited = Assert.Single(await ObservedAsync(account));
        Assert.Equal(ObservedVerdict.TextDiffers, edited.Verdict);
        Assert.Equal("名寄のひまわりまつりは8月です。", edited.ApprovedText);
        Assert.True(edited.IsOpen);
        Assert.True(await WatchMailsAsync(edited.Id) > 0);
    }

    [Fact]
    public async Task A_post_recorded_by_hand_matches_by_its_url_and_a_different_text_is_flagged_at_once()
    {
        var account = await app.ConnectedAccountAsync(Platform.X, XFields);
        var id = Unique();
        var other = Unique();
        var post = await app.PublishedPostAsync(account, "手で記録した投稿です。", url: $"https://x.com/nayoro/status/{id}");
        await app.PublishedPostAsync(account, "もう一つの投稿です。", url: $"https://x.com/nayoro/status/{other}");
        app.X.Show(account, id, "手で記録した投稿です。", app.Clock.GetUtcNow());
        app.X.Show(account, other, "もう一つの投稿です（編集済み）。", app.Clock.GetUtcNow());

        await RunAsync();

        var observed = (await ObservedAsync(account)).ToDictionary(o => o.PlatformPostId);
        Assert.Equal(ObservedVerdict.Matched, observed[id].Verdict);
        Assert.Equal(post, observed[id].PostId);
        Assert.Equal(ObservedVerdict.TextDiffers, observed[other].Verdict);
        Assert.Equal("もう一つの投稿です。", observed[other].ApprovedText);
    }

    [Fact]
    public async Task Posts_from_before_the_connection_are_history_not_unapproved()
    {
        var account = await app.ConnectedAccountAsync(Platform.X, XFields);
        var connectedAt = await app.DbAsync(db => db.AccountConnections.Where(c => c.AccountId == account).Select(c => c.ConnectedAt).SingleAsync());
        app.X.Show(account, Unique(), "接続前の古い投稿です。", connectedAt.AddDays(-30));

        await RunAsync();

        var observed = Assert.Single(await ObservedAsync(account));
        Assert.Equal(ObservedVerdict.BeforeConnection, observed.Verdict);
        Assert.False(observed.IsOpen);
        Assert.Equal(0, await WatchMailsAsync(observed.Id));
    }

    [Fact]
    public async Task Replies_to_our_posts_join_the_inbox_once()
    {
        var account = await app.ConnectedAccountAsync(Platform.X, XFields, reply: ReplyPolicyKind.ReplyAsNeeded);
        var id = Unique();
        var post = await app.SentPostAsync(account, id, "ひまわり畑の駐車場のご案内です。");
        app.X.Show(account, id, "ひまわり畑の駐車場のご案内です。", app.Clock.GetUtcNow());
        var replyId = Unique();
        app.X.Reply(account, new ReadBackReply(replyId, id, "citizen_nayoro", "駐車場は何台分ありますか？", $"https://x.com/citizen_nayoro/status/{replyId}",
            app.Clock.GetUtcNow()));

        await RunAsync();
        await RunAsync();

        Assert.Equal([id], app.X.AskedForRepliesTo[account]);
        var comment = Assert.Single(await app.DbAsync(db => db.Comments.AsNoTracking().Where(c => c.AccountId == account).ToListAsync()));
        Assert.Equal(CommentSource.Connector, comment.Source);
        Assert.Equal(replyId, comment.PlatformCommentId);
        Assert.Equal(post, comment.PostId);
        Assert.Equal("駐車場は何台分ありますか？", comment.Text);
    }

    [Fact]
    public async Task A_hanging_platform_is_cut_off_at_the_timeout_and_the_others_are_still_read()
    {
        var hanging = await app.ConnectedAccountAsync(Platform.X, XFields);
        var other = await app.ConnectedAccountAsync(Platform.Mastodon, MastodonFields);
        app.X.Hanging[hanging] = true;
        var id = Unique();
        app.Mastodon.Show(other, id, "マストドンの投稿（システム外）", app.Clock.GetUtcNow().AddMinutes(1), $"https://mastodon.example.jp/@nayoro/{id}");
        try
        {
            var run = await RunAsync();

            Assert.Contains("2秒以内に応答しなかった", run.Summary, StringComparison.Ordinal);
            var connection = await app.DbAsync(db => db.AccountConnections.AsNoTracking().SingleAsync(c => c.AccountId == hanging));
            Assert.Equal(ConnectionState.Active, connection.State);
            Assert.NotNull(connection.LastWatchedAt);
            Assert.Contains("2秒以内に応答しなかった", connection.LastWatchError, StringComparison.Ordinal);
            var observed = Assert.Single(await ObservedAsync(other));
            Assert.Equal(ObservedVerdict.Unapproved, observed.Verdict);
            Assert.Null((await app.DbAsync(db => db.AccountConnections.AsNoTracking().SingleAsync(c => c.AccountId == other))).LastWatchError);
        }
        finally
        {
            app.X.Hanging.TryRemove(hanging, out _);
        }
    }

    [Fact]
    public async Task Refused_credentials_break_the_connection_and_it_is_not_read_again()
    {
        var account = await app.ConnectedAccountAsync(Platform.X, XFields);
        app.X.Failing[account] = new ConnectorException(ConnectorFailure.CredentialsRejected, "Unauthorized", 401);

        var run = await RunAsync();

        var connection = await app.DbAsync(db => db.AccountConnections.AsNoTracking().SingleAsync(c => c.AccountId == account));
        Assert.Equal(ConnectionState.Broken, connection.State);
        Assert.Equal("Unauthorized", connection.LastError);
        Assert.Contains($"{Labels.Of(Platform.X)} の応答: \"Unauthorized\"", connection.LastWatchError, StringComparison.Ordinal);
        Assert.Contains("Unauthorized", run.Summary, StringComparison.Ordinal);

        var reads = app.X.Reads.Count(a => a == account);
        await RunAsync();
        Assert.Equal(reads, app.X.Reads.Count(a => a == account));
    }
}
