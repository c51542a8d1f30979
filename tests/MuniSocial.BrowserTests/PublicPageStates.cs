using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MuniSocial.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace MuniSocial.BrowserTests;

/// <summary>
/// Every state of every public page, the one list that the axe crawl (<see cref="PublicCrawlTests"/>), the Nu Html
/// Checker and <c>docs/accessibility.md</c> go by. Each state checks on arrival that it is the state it names, so a
/// renamed heading cannot turn the crawl into a check of the wrong page. A new public page or state is one line here.
/// </summary>
public static class PublicPageStates
{
    /// <summary>On the demo data with the crawl's two published warnings (<see cref="PublicCrawlApps.Demo"/>).</summary>
    public static readonly PageState[] OnDemoData =
    [
        new("list", "/", Reach: H1("名寄市ソーシャルメディア一覧")),
        new("list-by-platform", "/?group=platform", Reach: H2("LINE")),
        new("list-platform-filter", "/?platform=X", Reach: Text("件中")),
        new("list-no-match", "/?q=" + Uri.EscapeDataString("存在しないアカウント"), Reach: Text("条件に合うアカウントはありません。")),
        new("policy", "/", Reach: async p =>
        {
            await p.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(@"^運用ポリシー\s*（名寄市観光情報（デモ））$") }).ClickAsync();
            await Expect(p.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("名寄市観光情報（デモ）");
        }),
        new("list-closing", "/", Reach: Text("運用終了の手続き中")),
        new("closed", "/closed", Reach: Text("なよろひまわりまつり（デモ・旧）")),
        new("closed-policy", "/closed", Reach: async p =>
        {
            // An old link to a closed account's policy page: the page saying when it closed.
            var closed = await p.APIRequest.GetAsync("/api/public/closed-accounts");
            var id = System.Text.Json.JsonDocument.Parse(await closed.TextAsync()).RootElement[0].GetProperty("id").GetString();
            await p.GotoAsync($"/policies/{id}");
            await Expect(p.Locator("main")).ToContainTextAsync("に運用を終了しました。現在は名寄市の公式アカウントではありません。");
        }),
        new("verify", "/verify", Reach: H1("公式アカウントか確認する")),
        new("verify-official", Verify("https://x.com/nayoro_kanko_demo"), Reach: Verdict("名寄市の公式アカウントです")),
        new("verify-closing", Verify("https://lin.ee/nayoro-ski-demo"), Reach: Verdict("名寄市の公式アカウントです（運用終了の手続き中）")),
        new("verify-resembles", Verify("https://x.com/nayoro_kank0_demo"), Reach: Verdict("公式アカウントに似た別のアカウントです")),
        new("verify-closed", Verify("@nayoro_himawari_demo"), Reach: Verdict("運用を終了したアカウントです")),
        new("verify-impersonation", Verify(PublicCrawlApps.FakeAddress), Reach: Verdict("なりすましアカウントです")),
        new("verify-compromised", Verify(PublicCrawlApps.HijackedAddress), Reach: Verdict("このアカウントは現在、第三者に乗っ取られています")),
        new("verify-unknown", Verify("https://x.com/nayoro_fake_city"), Reach: Verdict("公式アカウントとして掲載されていません")),
        new("verify-invalid", Verify("これはアドレスではありません"), Reach: Verdict("アドレスの形式を確認してください")),
        new("impersonation", "/impersonation", Reach: Text(PublicCrawlApps.FakeAddress)),
        new("login", "/login", Reach: H1("職員ログイン")),
        new("login-error", "/login", Reach: async p =>
        {
            await p.GetByLabel("ユーザー名").FillAsync("demo-operator");
            await p.GetByLabel("パスワード").FillAsync("wrong-password-123");
            await p.GetByRole(AriaRole.Button, new() { Name = "ログイン", Exact = true }).ClickAsync();
            await Expect(p.GetByText("ユーザー名またはパスワードが正しくありません。")).ToBeVisibleAsync();
        }),
        new("error-404", "/no-such-page", Reach: H1("ページが見つかりません")),
        new("error-403", "/admin/users", SignInAs: "demo-operator", Reach: H1("権限がありません")),
    ];

    /// <summary>On a site with nothing listed, closed or warned about yet (<see cref="PublicCrawlApps.Empty"/>).</summary>
    public static readonly PageState[] OnEmptySite =
    [
        new("empty-list", "/", Reach: Text("現在、掲載しているアカウントはありません。")),
        new("empty-closed", "/closed", Reach: Text("運用を終了したアカウントはありません。")),
        new("empty-impersonation", "/impersonation", Reach: Text("現在、注意喚起をしているなりすましアカウントはありません。")),
    ];

    private static string Verify(string address) => "/verify?url=" + Uri.EscapeDataString(address);

    private static Func<IPage, Task> H1(string name) =>
        p => Expect(p.GetByRole(AriaRole.Heading, new() { Level = 1, Name = name })).ToBeVisibleAsync();

    private static Func<IPage, Task> H2(string name) =>
        p => Expect(p.GetByRole(AriaRole.Heading, new() { Level = 2, Name = name })).ToBeVisibleAsync();

    private static Func<IPage, Task> Text(string text) =>
        p => Expect(p.Locator("main")).ToContainTextAsync(text);

    private static Func<IPage, Task> Verdict(string verdict) =>
        p => Expect(p.GetByRole(AriaRole.Heading, new() { Level = 2, Name = "確認結果：" + verdict })).ToBeVisibleAsync();
}
