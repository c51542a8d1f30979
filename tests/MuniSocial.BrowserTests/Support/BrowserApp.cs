using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace MuniSocial.BrowserTests.Support;

/// <summary>
/// The whole app served by Kestrel on a real loopback port (a SQLite file in a temp folder, demo data on)
/// and Debian's Chromium driven headless by Playwright. One server and one browser for all browser tests;
/// each test opens its own browser context, so cookies never leak from one test to another.
/// </summary>
public class BrowserApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "MuniSocial-demo-2026";

    /// <summary>Debian's package; Playwright never downloads a browser here.</summary>
    public static readonly string ChromiumPath = Environment.GetEnvironmentVariable("MUNISOCIAL_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "munisocial-browser", Guid.NewGuid().ToString("N"));
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public BrowserApp()
    {
        Directory.CreateDirectory(_folder);
        Port = FreePort();
        UseKestrel(Port);
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Where screenshots go: beside the test assembly, so ./test and a developer find them in one place.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("the browser has not started");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Default", $"Data Source={Path.Combine(_folder, "browser.db")};Default Timeout=30");
        builder.UseSetting("Database:EnsureCreatedForTests", "true");
        builder.UseSetting("Demo:Enabled", "true");
        // Many sign-ins from one loopback address in a minute are the tests, not a guesser (the throttle has its own tests).
        builder.UseSetting("Auth:SignInPermitsPerAddressPerMinute", "0");
        builder.UseSetting("Auth:SignInPermitsPerAccountPerMinute", "0");
        // Refused sign-ins answer at once (SignInTimingTests is about the floor that evens out their timing).
        builder.UseSetting("Auth:FailedSignInMinimumTime", "00:00:00");
        builder.UseSetting("DataFolder", _folder);
        ConfigureMore(builder);
    }

    /// <summary>For a server with more set up (a fake clock, an SMTP sink).</summary>
    protected virtual void ConfigureMore(IWebHostBuilder builder)
    {
    }

    public async Task InitializeAsync()
    {
        StartServer();
        Directory.CreateDirectory(ScreenshotFolder);
        // The test machine is shared and slow at times: wait longer than Playwright's 5 s before calling a page broken.
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh, signed-out browser tab in Japanese, with the app as its base address.</summary>
    public Task<IPage> NewPageAsync() => NewPageAsync(null);

    /// <summary>A fresh tab that starts with the cookies of <paramref name="storageState"/> (Playwright's storage state JSON), if any.</summary>
    public async Task<IPage> NewPageAsync(string? storageState)
    {
        var context = await Browser.NewContextAsync(new()
        {
            StorageState = storageState,
            BaseURL = BaseUrl,
            Locale = "ja-JP",
            TimezoneId = "Asia/Tokyo",
            ViewportSize = new() { Width = 1280, Height = 900 },
            // The app's CSP has no 'unsafe-inline' / 'unsafe-eval'; axe is injected as a script, so the test context bypasses it.
            BypassCSP = true,
        });
        context.SetDefaultTimeout(20_000);
        context.SetDefaultNavigationTimeout(60_000);
        return await context.NewPageAsync();
    }

    /// <summary>A tab signed in as <paramref name="userName"/> through the real login form.</summary>
    public async Task<IPage> SignedInPageAsync(string userName)
    {
        var page = await NewPageAsync();
        await SignInAsync(page, userName);
        return page;
    }

    public static async Task SignInAsync(IPage page, string userName)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("ユーザー名").FillAsync(userName);
        await page.GetByLabel("パスワード").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
    }

    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        await DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>
    /// A free loopback port, searched upward from MUNISOCIAL_BROWSER_PORT (default 56200) so that
    /// parallel runs on one machine each find their own.
    /// </summary>
    private static int FreePort()
    {
        var start = int.TryParse(Environment.GetEnvironmentVariable("MUNISOCIAL_BROWSER_PORT"), out var p) ? p : 56200;
        for (var port = start; port < start + 100; port++)
        {
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                listener.Stop();
                return port;
            }
            catch (SocketException)
            {
                // taken: try the next one
            }
        }
        throw new InvalidOperationException($"no free loopback port in {start}–{start + 99}");
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserApp>
{
    public const string Name = "browser";
}
