using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MuniSocial.BrowserTests.Support;

/// <summary>
/// Two servers of their own for the public pages' crawl, so that what it seeds never reaches the other browser tests:
/// <see cref="Demo"/> — the demo data plus, published by the PR office through its pages, the warning on the demo's
/// impersonation and a hijack of the 雪質日本一フェス Facebook page (for the impersonation and compromised verdicts and
/// a /impersonation page with both kinds); <see cref="Empty"/> — no demo data at all (an empty list, no closed
/// accounts, no warnings). Started one after the other, so each finds its own port.
/// </summary>
public sealed class PublicCrawlApps : IAsyncLifetime
{
    /// <summary>The demo's fake of the 観光情報 account (its incident is open in the demo data).</summary>
    public const string FakeAddress = "x.com/nayoro_kanko_dem0";

    /// <summary>The official account that the crawl's seed reports as hijacked.</summary>
    public const string HijackedAccount = "なよろ雪質日本一フェス（デモ）";

    public const string HijackedAddress = "https://www.facebook.com/nayoro.snowfes.demo";

    private BrowserApp? _demo;
    private EmptyBrowserApp? _empty;

    public BrowserApp Demo => _demo ?? throw new InvalidOperationException("not started");

    public BrowserApp Empty => _empty ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _demo = new BrowserApp();
        await ((IAsyncLifetime)_demo).InitializeAsync();
        await SeedWarningsAsync(_demo);
        _empty = new EmptyBrowserApp();
        await ((IAsyncLifetime)_empty).InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_empty is not null)
        {
            await ((IAsyncLifetime)_empty).DisposeAsync();
        }
        if (_demo is not null)
        {
            await ((IAsyncLifetime)_demo).DisposeAsync();
        }
    }

    /// <summary>The PR office publishes the two warnings as it would on a bad day (the pages of issue 10).</summary>
    private static async Task SeedWarningsAsync(BrowserApp app)
    {
        var pr = await app.SignedInPageAsync("demo-pr");
        await pr.GotoAsync("/incidents");
        await pr.Locator("main tr", new() { HasText = "なりすまし" }).Locator("a[href^='/incidents/']").First.ClickAsync();
        await pr.WaitForURLAsync("**/incidents/*");
        await PublishWarningAsync(pr);

        await pr.GotoAsync("/incidents/new");
        await pr.GetByLabel("種類", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "乗っ取り" });
        var account = pr.GetByLabel("アカウント（");
        var option = await account.Locator("option", new() { HasText = HijackedAccount }).GetAttributeAsync("value");
        await account.SelectOptionAsync(option!);
        await pr.GetByLabel("何が起きているか（概要）").FillAsync("フェスのFacebookページに、市が投稿していない懸賞の投稿が続いている。パスワードが変えられ、ログインできない。");
        await pr.GetByRole(AriaRole.Button, new() { Name = "登録して市広報担当へ通知する" }).ClickAsync();
        try
        {
            await Expect(pr).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/incidents/[0-9a-f-]{36}$"));
        }
        catch (PlaywrightException)
        {
            await BrowserApp.ScreenshotAsync(pr, "axe-seed-hijack-failed");
            throw new InvalidOperationException("the hijack incident was not opened: " + await pr.Locator("main").InnerTextAsync());
        }
        await PublishWarningAsync(pr);
        await pr.Context.CloseAsync();
    }

    private static async Task PublishWarningAsync(IPage pr)
    {
        await pr.GotoAsync(pr.Url + "/warning");
        await pr.GetByRole(AriaRole.Button, new() { Name = "公開する" }).ClickAsync();
        await Expect(pr.GetByRole(AriaRole.Button, new() { Name = "取り下げる" })).ToBeVisibleAsync();
    }

    private sealed class EmptyBrowserApp : BrowserApp
    {
        protected override void ConfigureMore(IWebHostBuilder builder) => builder.UseSetting("Demo:Enabled", "false");
    }
}
