using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;
using MuniSocial.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace MuniSocial.BrowserTests;

/// <summary>The server of the publishing journey: X's API is a fake on loopback, the outbox sender on and polling every second.</summary>
public sealed class PublishingJourneyApp : BrowserApp
{
    /// <summary>Started with the fixture, before the app that calls it.</summary>
    public FakeX X { get; } = new();

    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        builder.UseSetting("Connectors:X:ApiBase", X.BaseUrl);
        builder.UseSetting("Connectors:SenderEnabled", "true");
        builder.UseSetting("Connectors:SendPollSeconds", "1");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await X.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// Issue 11 end to end in Chromium, each person in a browser of their own: the section head connects the demo X account
/// (the secret is never shown again); an operator's post is checked, approved and sent to X from MuniSocial through the
/// outbox, and X receives it once with the head's token; then a post nobody approved appears on the account, the watch
/// finds it, the board shows it, and the PR office records it as posted outside the system, after which the archive keeps
/// it as システム外 (§5(2)ウ). axe-core on every page visited.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class PublishingJourneyTests(PublishingJourneyApp app) : IClassFixture<PublishingJourneyApp>
{
    private const string Account = "名寄市観光情報（デモ）";
    private const string AccessToken = "x-access-token-of-the-journey-7c1f9e";
    private const string UserId = "1234567890";
    private const string PostText = "名寄市北国博物館の冬の企画展が12月1日から始まります。開館は9時から17時までです。（発信の試験）";
    private const string OutsideText = "本日の天塩川の白鳥の様子です。（システム外の試験）";
    private const string OutsideAuthor = "観光課 北 ひかり";
    private const string OutsideReason = "停電でMuniSocialが使えず、スマートフォンのXアプリから直接投稿した。";

    [Fact]
    public async Task The_head_connects_x_a_post_is_sent_from_munisocial_and_a_post_outside_the_system_is_found_and_recorded()
    {
        var head = await app.SignedInPageAsync("demo-head");
        var op = await app.SignedInPageAsync("demo-operator");
        var op3 = await app.SignedInPageAsync("demo-operator3");
        var admin = await app.SignedInPageAsync("demo-admin");
        var pr = await app.SignedInPageAsync("demo-pr");

        // 1. The section head finds the account in the registry and connects it to X.
        await head.GotoAsync("/accounts");
        await head.GetByRole(AriaRole.Link, new() { Name = Account, Exact = true }).ClickAsync();
        await head.WaitForURLAsync(AccountPage());
        var accountId = head.Url.Split('/')[^1];
        await head.Locator("#connection-link").ClickAsync();
        await head.WaitForURLAsync($"**/accounts/{accountId}/connection");
        await Expect(head.Locator("#state")).ToContainTextAsync("未接続");
        await BrowserApp.ScreenshotAsync(head, "publishing-01-connection");
        await Axe.AssertAccessibleAsync(head);
        await head.GetByLabel("アクセストークン（OAuth 2.0 ユーザーコンテキスト）", new() { Exact = true }).FillAsync(AccessToken);
        await head.GetByLabel("ユーザーID（数字）", new() { Exact = true }).FillAsync(UserId);
        await head.GetByRole(AriaRole.Button, new() { Name = "接続する", Exact = true }).ClickAsync();
        await Expect(head.Locator("main")).ToContainTextAsync("接続情報を登録しました");
        await Expect(head.Locator("#state")).ToContainTextAsync("有効");
        await Expect(head.Locator("#state")).ToContainTextAsync(UserId);
        await Expect(head.Locator("#secrets-stored")).ToContainTextAsync("アクセストークン（OAuth 2.0 ユーザーコンテキスト）");
        await Expect(head.Locator("#secrets-stored")).ToContainTextAsync("値は表示しません");
        // The secret is nowhere on the page, not even in a form field's value.
        Assert.DoesNotContain(AccessToken, await head.ContentAsync(), StringComparison.Ordinal);
        await Expect(head.GetByLabel("アクセストークン（OAuth 2.0 ユーザーコンテキスト）", new() { Exact = true })).ToHaveValueAsync("");
        await BrowserApp.ScreenshotAsync(head, "publishing-02-connected");
        await Axe.AssertAccessibleAsync(head);

        // 2. The operator drafts a post on the account; a colleague checks it and the head approves it.
        await op.GotoAsync("/posts/new");
        await op.GetByLabel("発信するアカウント（掲載中のもの）", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = Account });
        await op.GetByLabel("本文", new() { Exact = true }).FillAsync(PostText);
        await op.GetByRole(AriaRole.Button, new() { Name = "下書きを保存して内容をチェックする" }).ClickAsync();
        await op.WaitForURLAsync(PostPage());
        var postId = op.Url.Split('/')[^1];
        await Expect(op.Locator("main .status")).ToHaveTextAsync("下書き");
        await SubmitAsync(op);
        await PostSteps.ReviewAsync(op3, postId, "確認した（次へ進める）", "所属長の了承待ち");
        await PostSteps.ReviewAsync(head, postId, "了承する", "承認済み（発信待ち）");

        // The operator sends it from MuniSocial: the button names the platform, the outbox sends it within seconds.
        await op.GotoAsync($"/posts/{postId}");
        await BrowserApp.ScreenshotAsync(op, "publishing-03-approved-send");
        await Axe.AssertAccessibleAsync(op);
        await op.SetViewportSizeAsync(390, 844);
        await BrowserApp.ScreenshotAsync(op, "publishing-03a-approved-send-phone");
        await op.SetViewportSizeAsync(1280, 900);
        await op.GetByRole(AriaRole.Link, new() { Name = "Xに発信する（内容を確認）", Exact = true }).ClickAsync();
        // Check your answers: what goes out, where, when, what cannot be undone — nothing is sent yet.
        await op.WaitForURLAsync($"**/posts/{postId}/check/send");
        await Expect(op.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("発信する内容を確認してください");
        await Expect(op.Locator(".summary-list")).ToContainTextAsync(PostText);
        Assert.Empty(app.X.To("POST", "/2/tweets"));
        await BrowserApp.ScreenshotAsync(op, "publishing-03b-check");
        await Axe.AssertAccessibleAsync(op);
        await op.SetViewportSizeAsync(390, 844);
        await BrowserApp.ScreenshotAsync(op, "publishing-03b-check-phone");
        Assert.True(await op.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the check page overflows at 390 px");
        await op.SetViewportSizeAsync(1280, 900);
        await op.GetByRole(AriaRole.Button, new() { Name = "Xに発信する", Exact = true }).ClickAsync();
        // The confirmation page: what happened and what comes next.
        await op.WaitForURLAsync($"**/posts/{postId}/done/send");
        await Expect(op.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("発信を受け付けました");
        await Expect(op.Locator("main")).ToContainTextAsync("このあとの流れ");
        await BrowserApp.ScreenshotAsync(op, "publishing-03c-done");
        await Axe.AssertAccessibleAsync(op);
        await op.GetByRole(AriaRole.Link, new() { Name = "投稿の画面に戻る" }).ClickAsync();
        await Expect(op.Locator("section.publication")).ToBeVisibleAsync();
        var sentState = op.Locator("section.publication .status");
        await ReloadUntilAsync(op, sentState, "送信済");
        var tweets = app.X.To("POST", "/2/tweets");
        var sent = Assert.Single(tweets);
        Assert.Equal($"Bearer {AccessToken}", sent.Authorization);
        using (var body = JsonDocument.Parse(sent.Body))
        {
            Assert.Equal(PostText, body.RootElement.GetProperty("text").GetString());
        }
        var sentId = app.X.Timeline.Single(t => t.Text == PostText).Id;
        var sentUrl = $"https://x.com/i/web/status/{sentId}";
        await Expect(op.Locator("section.publication").GetByRole(AriaRole.Link, new() { Name = sentUrl, Exact = true })).ToHaveAttributeAsync("href", sentUrl);
        await Expect(op.Locator("main .status").First).ToHaveTextAsync("公開済み");
        // An acknowledged warning (運用時間外, when the journey runs outside the hours) reads as its label, not its stored key.
        await Expect(op.Locator("section.round")).Not.ToContainTextAsync("outside-hours");
        await BrowserApp.ScreenshotAsync(op, "publishing-04-sent");
        await Axe.AssertAccessibleAsync(op);

        // 3. Someone posts on X without MuniSocial, after the connection; the watch (run by the administrator) finds it.
        var outside = app.X.Add(OutsideText, DateTimeOffset.UtcNow);
        await admin.GotoAsync("/admin/jobs");
        var watchRow = admin.GetByRole(AriaRole.Row).Filter(new() { HasText = "発信の監視" }).First;
        await watchRow.GetByRole(AriaRole.Button, new() { Name = "今すぐ実行" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Row).Filter(new() { HasText = "発信の監視" }).First).ToContainTextAsync("成功");
        // It read the one connection: our sent post matched, the other one is the unapproved one.
        await Expect(admin.Locator("main p.notice")).ToContainTextAsync("新しい投稿2件（未承認・承認と異なる本文1件）");
        await BrowserApp.ScreenshotAsync(admin, "publishing-05-watch-run");
        await Axe.AssertAccessibleAsync(admin);
        Assert.NotEmpty(app.X.To("GET", $"/2/users/{UserId}/tweets"));

        // The PR office's board shows the account's unapproved post before anyone has decided what it was.
        await pr.GotoAsync("/board");
        var boardRow = pr.Locator($"tr[data-account='{accountId}']");
        await Expect(boardRow.Locator("a.unapproved")).ToHaveTextAsync("未承認の投稿1件");
        await Expect(boardRow.Locator("a.unapproved")).ToHaveAttributeAsync("href", $"/unapproved-posts?account={accountId}");
        await BrowserApp.ScreenshotAsync(pr, "publishing-06-board");
        await Axe.AssertAccessibleAsync(pr);

        // The PR office opens the list, finds it, opens it and records it as posted outside the system (who, why).
        await pr.GotoAsync("/unapproved-posts");
        var openRows = pr.Locator("#open tbody tr");
        await Expect(openRows).ToHaveCountAsync(1);
        await Expect(openRows).ToContainTextAsync(Account);
        await Expect(openRows).ToContainTextAsync("未承認の投稿");
        await BrowserApp.ScreenshotAsync(pr, "publishing-07-unapproved-list");
        await Axe.AssertAccessibleAsync(pr);
        await openRows.GetByRole(AriaRole.Link).ClickAsync();
        await pr.WaitForURLAsync(UnapprovedPage());
        await Expect(pr.Locator("#observed-text")).ToHaveTextAsync(OutsideText);
        await Expect(pr.Locator("#observed-url")).ToHaveAttributeAsync("href", $"https://x.com/i/web/status/{outside.Id}");
        await Expect(pr.Locator("#state")).ToContainTextAsync("未対応");
        await BrowserApp.ScreenshotAsync(pr, "publishing-08-unapproved-detail");
        await Axe.AssertAccessibleAsync(pr);
        await pr.GetByLabel("投稿した人（所属・氏名）", new() { Exact = true }).FillAsync(OutsideAuthor);
        await pr.GetByLabel("システムを通さずに投稿した理由", new() { Exact = true }).FillAsync(OutsideReason);
        await pr.GetByRole(AriaRole.Button, new() { Name = "システム外の投稿として記録する" }).ClickAsync();
        await Expect(pr.Locator("main")).ToContainTextAsync("システム外の投稿として記録しました");
        await Expect(pr.Locator("#state")).ToContainTextAsync("対応済み：システム外の投稿として記録");
        await Expect(pr.Locator("#outside-author")).ToHaveTextAsync(OutsideAuthor);
        await Expect(pr.Locator("#outside-reason")).ToHaveTextAsync(OutsideReason);
        await BrowserApp.ScreenshotAsync(pr, "publishing-09-recorded-outside");
        await Axe.AssertAccessibleAsync(pr);

        // The board has nothing left open for the account; the archive keeps both posts, each with how it went out.
        await pr.GotoAsync("/board");
        await Expect(pr.Locator($"tr[data-account='{accountId}'] a.unapproved")).ToHaveCountAsync(0);
        await pr.GotoAsync("/posts/archive");
        await pr.GetByRole(AriaRole.Combobox, new() { Name = "アカウント", Exact = true }).SelectOptionAsync(accountId);
        await pr.GetByLabel("本文", new() { Exact = true }).FillAsync("の試験）");
        await pr.GetByRole(AriaRole.Button, new() { Name = "検索" }).ClickAsync();
        var outsideRow = pr.Locator("table tbody tr").Filter(new() { HasText = OutsideText });
        await Expect(outsideRow).ToHaveCountAsync(1);
        await Expect(outsideRow.Locator("td.went-out")).ToContainTextAsync("システム外");
        await Expect(outsideRow.Locator("td.went-out")).ToContainTextAsync(OutsideAuthor);
        var sentRow = pr.Locator("table tbody tr").Filter(new() { HasText = PostText });
        await Expect(sentRow.Locator("td.went-out")).ToContainTextAsync("MuniSocialから発信");
        await Expect(sentRow.Locator("td.went-out")).ToContainTextAsync($"ID: {sentId}");
        await BrowserApp.ScreenshotAsync(pr, "publishing-10-archive");
        await Axe.AssertAccessibleAsync(pr);

        // X was asked to publish once, and only once, in the whole journey.
        Assert.Single(app.X.To("POST", "/2/tweets"));

        foreach (var page in new[] { head, op, op3, admin, pr })
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>Reloads the page until <paramref name="locator"/> reads <paramref name="text"/> (the outbox polls every second), for up to 20 s.</summary>
    private static async Task ReloadUntilAsync(IPage page, ILocator locator, string text)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < until && (await locator.CountAsync() == 0 || (await locator.First.TextContentAsync())?.Trim() != text))
        {
            await Task.Delay(500);
            await page.ReloadAsync();
        }
        await Expect(locator).ToHaveTextAsync(text);
    }

    /// <summary>Ticks every warning the content check raises (outside the hours, say) and submits.</summary>
    private static async Task SubmitAsync(IPage page)
    {
        var warnings = page.GetByRole(AriaRole.Group, new() { Name = "要確認の指摘（確認した記録が残ります）" });
        if (await warnings.CountAsync() > 0)
        {
            foreach (var box in await warnings.GetByRole(AriaRole.Checkbox).AllAsync())
            {
                await box.CheckAsync();
            }
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "提出する" }).ClickAsync();
        await Expect(page.Locator("main .status")).ToHaveTextAsync("確認待ち");
    }

    [GeneratedRegex(@"/accounts/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex AccountPage();

    [GeneratedRegex(@"/posts/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex PostPage();

    [GeneratedRegex(@"/unapproved-posts/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex UnapprovedPage();
}
