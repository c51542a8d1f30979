using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Accounts;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Publishing;

/// <summary>
/// The page /accounts/{id}/connection: the head connects, replaces (secrets as empty password inputs, never shown again)
/// and disconnects after a confirmation; everybody else reads; a platform without a connector and LINE's limits are said
/// plainly; the account details link to it and the access-holder page shows who holds the platform side.
/// </summary>
public sealed class ConnectionPageTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData("", 302)]
    [InlineData("demo-admin", 403)]
    [InlineData("demo-operator2", 404)]
    [InlineData("demo-head2", 404)]
    [InlineData("demo-operator", 200)]
    [InlineData("demo-pr", 200)]
    [InlineData("demo-head", 200)]
    public async Task Who_may_open_the_page_and_who_gets_the_form(string user, int expected)
    {
        var id = await app.ConnectedAccountAsync(Platform.Facebook, new Dictionary<string, string?> { ["pageId"] = "100077", ["pageAccessToken"] = "t" });
        var client = user.Length == 0 ? app.Anonymous() : await app.SignInAsync(user);
        var response = await client.GetAsync($"/accounts/{id}/connection");
        Assert.Equal(expected, (int)response.StatusCode);
        if (expected != 200)
        {
            return;
        }
        var doc = await Html.ParseAsync(response);
        Assert.Contains("100077", doc.QuerySelector("#state")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("南 大地", doc.QuerySelector("#state")!.TextContent, StringComparison.Ordinal);
        var forms = doc.QuerySelectorAll("main form[method=post]").Select(f => f.GetAttribute("action") ?? "").ToList();
        if (user == "demo-head")
        {
            Assert.Contains(forms, f => f.Contains("handler=Save", StringComparison.Ordinal));
            Assert.NotNull(doc.QuerySelector("a[href$='connection?disconnect=true']"));
        }
        else
        {
            Assert.DoesNotContain(forms, f => f.Contains("handler=", StringComparison.Ordinal));
            Assert.NotNull(doc.QuerySelector("#head-only"));
        }
    }

    [Theory]
    [InlineData("demo-operator")]
    [InlineData("demo-pr")]
    public async Task A_post_by_anyone_but_the_head_is_refused_and_saves_nothing(string user)
    {
        var id = await app.AccountOnAsync(Platform.Line);
        var client = await app.SignInAsync(user);
        var token = await client.TokenAsync();
        var save = await client.PostAsync($"/accounts/{id}/connection?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Fields[channelAccessToken]"] = "t",
            ["Fields[channelSecret]"] = "s",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Forbidden, save.StatusCode);
        Assert.False(await app.DbAsync(db => db.AccountConnections.AnyAsync(c => c.AccountId == id)));
    }

    [Fact]
    public async Task The_head_connects_through_the_form_and_the_secret_is_never_shown_again()
    {
        var id = await app.AccountOnAsync(Platform.Mastodon);
        var secret = "mast-" + Guid.NewGuid().ToString("N");
        var head = await app.SignInAsync("demo-head");
        var page = $"/accounts/{id}/connection";

        var refused = await head.PostFormAsync(page, new() { ["Fields[instanceUrl]"] = "http://mastodon.example.jp", ["Fields[accessToken]"] = secret }, handler: "Save");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var form = await Html.ParseAsync(refused);
        Assert.Contains("https://（サーバー名）", form.QuerySelector("#connection-form")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, form.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.Equal("http://mastodon.example.jp", form.QuerySelector<IHtmlInputElement>("#field-instanceUrl")!.Value);
        Assert.False(await app.DbAsync(db => db.AccountConnections.AnyAsync(c => c.AccountId == id)));

        var saved = await head.PostFormAsync(page, new() { ["Fields[instanceUrl]"] = "https://mastodon.example.jp", ["Fields[accessToken]"] = secret }, handler: "Save");
        StaffPages.AssertRedirect(saved, page);
        var connection = await app.DbAsync(db => db.AccountConnections.AsNoTracking().SingleAsync(c => c.AccountId == id));
        Assert.Equal("https://mastodon.example.jp", connection.Public["instanceUrl"]);

        foreach (var user in new[] { "demo-head", "demo-operator", "demo-pr" })
        {
            var html = (await (await app.SignInAsync(user)).GetDocumentAsync(page)).DocumentElement.OuterHtml;
            Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
        }
        var shown = await head.GetDocumentAsync(page);
        var password = shown.QuerySelector<IHtmlInputElement>("#field-accessToken")!;
        Assert.Equal("password", password.Type);
        Assert.Equal("", password.Value);
        Assert.Contains("二度と表示しません", shown.QuerySelector("#connection-form")!.ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.Contains("アクセストークン", shown.QuerySelector("#secrets-stored")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_connection_shows_the_platforms_own_message_until_the_head_replaces_it()
    {
        var id = await app.ConnectedAccountAsync(Platform.X, new Dictionary<string, string?> { ["accessToken"] = "old", ["userId"] = "5" });
        const string message = "Unauthorized: token expired";
        await app.DbAsync(async db =>
        {
            (await db.AccountConnections.SingleAsync(c => c.AccountId == id)).MarkBroken(message, app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        });
        var head = await app.SignInAsync("demo-head");
        var page = $"/accounts/{id}/connection";
        var doc = await (await app.SignInAsync("demo-operator")).GetDocumentAsync(page);
        Assert.Contains("停止中", doc.QuerySelector("#state")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith($"X（旧Twitter） の応答: \"{message}\"", doc.QuerySelector("#last-error")!.TextContent, StringComparison.Ordinal);

        StaffPages.AssertRedirect(await head.PostFormAsync(page, new() { ["Fields[accessToken]"] = "new", ["Fields[userId]"] = "5" }, handler: "Save"), page);
        var after = await head.GetDocumentAsync(page);
        Assert.Null(after.QuerySelector("#last-error"));
        Assert.Contains("有効", after.QuerySelector("#state")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_head_disconnects_after_a_confirmation()
    {
        var id = await app.ConnectedAccountAsync(Platform.Bluesky, new Dictionary<string, string?> { ["handle"] = "nayoro.bsky.social", ["appPassword"] = "p" });
        var head = await app.SignInAsync("demo-head");
        var page = $"/accounts/{id}/connection";
        Assert.Null((await head.GetDocumentAsync(page)).QuerySelector("#disconnect-confirm"));
        var confirm = await head.GetDocumentAsync(page + "?disconnect=true");
        Assert.Contains("解除しますか", confirm.QuerySelector("#disconnect-confirm")!.TextContent, StringComparison.Ordinal);
        Assert.Null(confirm.QuerySelector("#connection-form"));
        var done = await head.PostFormAsync(page + "?disconnect=true", [], handler: "Disconnect");
        StaffPages.AssertRedirect(done, page);
        Assert.False(await app.DbAsync(db => db.AccountConnections.AnyAsync(c => c.AccountId == id)));
        Assert.Contains("未接続", (await head.GetDocumentAsync(page)).QuerySelector("#state")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Platform.Instagram, "Instagramには自動発信の接続がありません。")]
    [InlineData(Platform.YouTube, "YouTubeには自動発信の接続がありません。")]
    [InlineData(Platform.TikTok, "TikTokには自動発信の接続がありません。")]
    public async Task A_platform_without_a_connector_says_posts_are_recorded_by_hand(Platform platform, string says)
    {
        var id = await app.AccountOnAsync(platform);
        var doc = await (await app.SignInAsync("demo-head")).GetDocumentAsync($"/accounts/{id}/connection");
        var text = doc.QuerySelector("#no-connector")!.TextContent;
        Assert.Contains(says, text, StringComparison.Ordinal);
        Assert.Contains("公開を記録してください", text, StringComparison.Ordinal);
        Assert.Null(doc.QuerySelector("#connection-form"));
    }

    [Fact]
    public async Task A_LINE_account_shows_the_webhook_URL_and_that_the_watch_does_not_cover_it()
    {
        var id = await app.AccountOnAsync(Platform.Line);
        var doc = await (await app.SignInAsync("demo-operator")).GetDocumentAsync($"/accounts/{id}/connection");
        Assert.Equal($"http://localhost/webhooks/line/{id}", doc.QuerySelector("#webhook-url")!.TextContent);
        var watch = doc.QuerySelector("#line-watch")!.TextContent;
        Assert.Contains("承認のない投稿", watch, StringComparison.Ordinal);
        Assert.Contains("毎日の確認", watch, StringComparison.Ordinal);
        Assert.Null((await (await app.SignInAsync("demo-operator")).GetDocumentAsync($"/accounts/{await app.AccountOnAsync(Platform.X)}/connection")).QuerySelector("#line-watch"));
    }

    [Fact]
    public async Task The_details_link_to_it_and_the_access_page_shows_who_holds_the_platform_side()
    {
        var id = await app.ConnectedAccountAsync(Platform.Line, new Dictionary<string, string?> { ["channelAccessToken"] = "t", ["channelSecret"] = "s" });
        var operatorClient = await app.SignInAsync("demo-operator");
        Assert.Equal($"/accounts/{id}/connection", (await operatorClient.GetDocumentAsync($"/accounts/{id}")).QuerySelector("#connection-link")!.GetAttribute("href"));
        var holder = (await operatorClient.GetDocumentAsync($"/operations/{id}/access")).QuerySelector("#connection-holder")!.TextContent;
        Assert.Contains("LINEの接続情報", holder, StringComparison.Ordinal);
        Assert.Contains("南 大地", holder, StringComparison.Ordinal);
        Assert.Contains("有効", holder, StringComparison.Ordinal);
        var other = await app.AccountOnAsync(Platform.Line);
        Assert.Contains("接続されていません", (await operatorClient.GetDocumentAsync($"/operations/{other}/access")).QuerySelector("#connection-holder")!.TextContent, StringComparison.Ordinal);
    }
}
