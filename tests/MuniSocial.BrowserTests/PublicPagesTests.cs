using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MuniSocial.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace MuniSocial.BrowserTests;

/// <summary>
/// The public side as a citizen sees it in Chromium: accessible to JIS X 8341-3:2016 AA (axe, WCAG 2.0 A/AA),
/// screenshots of every public page for a human to look at, and the list's search and filters.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PublicPagesTests(BrowserApp app)
{
    [Fact]
    public async Task Public_list_is_accessible()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "名寄市ソーシャルメディア一覧", Level = 1 })).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "01-public-list");
        await Axe.AssertAccessibleAsync(page);

        await page.SetViewportSizeAsync(390, 844);
        await BrowserApp.ScreenshotAsync(page, "01-public-list-phone");
        await Axe.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Public_list_groups_by_platform_and_filters_by_department_and_name()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel("種類ごと").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "表示する" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "LINE", Level = 2 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Facebook", Level = 2 })).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "02-public-list-by-platform");

        await page.GetByLabel("部", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "健康福祉部" });
        await page.GetByRole(AriaRole.Button, new() { Name = "表示する" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "なよろ子育て応援（デモ）", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "名寄市観光情報（デモ）", Exact = true })).ToHaveCountAsync(0);
        Assert.Contains("department=", page.Url, StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Link, new() { Name = "条件を解除" }).ClickAsync();
        // Full-width letters and katakana find a name written in hiragana and half-width.
        await page.GetByLabel("アカウント名・アドレスで探す").FillAsync("ナヨロ");
        await page.GetByRole(AriaRole.Button, new() { Name = "表示する" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "なよろ子育て応援（デモ）", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "名寄市観光情報（デモ）", Exact = true })).ToHaveCountAsync(0);
        await Expect(page.GetByText("件中")).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page);

        await page.GetByLabel("アカウント名・アドレスで探す").FillAsync("存在しないアカウント");
        await page.GetByRole(AriaRole.Button, new() { Name = "表示する" }).ClickAsync();
        await Expect(page.GetByText("条件に合うアカウントはありません。")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "03-public-list-no-match");
        await Axe.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Policy_page_shows_the_reply_policy_first_and_is_accessible()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(@"^運用ポリシー\s*（名寄市観光情報（デモ））$") }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("名寄市観光情報（デモ）");

        // §5(4)エ: the first heading after the page title is the reply policy.
        var headings = await page.Locator("main h2").AllInnerTextsAsync();
        Assert.StartsWith("投稿に対する返信", headings[0], StringComparison.Ordinal);
        await Expect(page.Locator("main .reply-policy")).ToContainTextAsync("返信しない");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "運用ポリシーの内容" })).ToContainTextAsync("令和");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "名寄市観光情報（デモ）", Exact = true })).ToHaveAttributeAsync("href", "https://x.com/nayoro_kanko_demo");
        await Expect(page.Locator("main")).ToContainTextAsync("(12)その他本市が不適切と判断した情報");
        await Expect(page.Locator("main")).ToContainTextAsync("掲載されていないアカウントは市の公式ではありません");
        await BrowserApp.ScreenshotAsync(page, "04-policy-page");
        await Axe.AssertAccessibleAsync(page);

        await page.SetViewportSizeAsync(390, 844);
        await BrowserApp.ScreenshotAsync(page, "04-policy-page-phone");
    }

    [Fact]
    public async Task Closed_list_is_accessible()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/closed");
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("なよろひまわりまつり（デモ・旧）");
        await BrowserApp.ScreenshotAsync(page, "05-closed");
        await Axe.AssertAccessibleAsync(page);
    }

    [Theory]
    [InlineData("https://x.com/nayoro_kanko_demo", "名寄市の公式アカウントです", "official")]
    [InlineData("@nayoro_himawari_demo", "運用を終了したアカウントです", "closed")]
    [InlineData("https://x.com/nayoro_fake_city", "公式アカウントとして掲載されていません", "unknown")]
    public async Task Verify_page_answers_and_is_accessible(string address, string verdict, string name)
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/verify");
        await page.GetByLabel("アカウントのアドレス").FillAsync(address);
        await page.GetByRole(AriaRole.Button, new() { Name = "確認する" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2, Name = "確認結果：" + verdict })).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "06-verify-" + name);
        await Axe.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Login_page_is_accessible()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/login");
        await BrowserApp.ScreenshotAsync(page, "07-login");
        await Axe.AssertAccessibleAsync(page);

        // The error summary after a wrong password must be accessible too.
        await page.GetByLabel("ユーザー名").FillAsync("demo-operator");
        await page.GetByLabel("パスワード").FillAsync("wrong-password-123");
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン", Exact = true }).ClickAsync();
        await Expect(page.GetByText("ユーザー名またはパスワードが正しくありません。")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "07-login-error");
        await Axe.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Keyboard_focus_is_visible_and_the_skip_link_leads_to_the_content()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        await page.Keyboard.PressAsync("Tab");
        var skip = page.GetByRole(AriaRole.Link, new() { Name = "本文へ移動" });
        await Expect(skip).ToBeFocusedAsync();
        await Expect(skip).ToBeInViewportAsync();
        var outline = await skip.EvaluateAsync<string>("e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth");
        Assert.StartsWith("solid 3px", outline, StringComparison.Ordinal);
        await BrowserApp.ScreenshotAsync(page, "08-skip-link-focused");
    }
}
