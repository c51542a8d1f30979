using System.Text.Json;
using Microsoft.Playwright;
using MuniSocial.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace MuniSocial.BrowserTests;

/// <summary>
/// Issue 14 item 1: a passkey end to end in Chromium, with its virtual authenticator (CDP <c>WebAuthn.*</c>: CTAP2, a
/// platform authenticator that keeps resident keys and verifies the user) — registered on /me/security, then used to
/// sign in on /login with neither name nor password. The page runs under the app's real CSP (no BypassCSP here), so
/// /js/passkey.js and its requests are what the CSP allows. WebAuthn needs a secure context and a domain as its RP id:
/// http://localhost is both.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PasskeyJourneyTests(BrowserApp app)
{
    [Fact]
    public async Task A_passkey_registered_on_the_security_page_signs_in_on_the_login_page()
    {
        await using var context = await app.Browser.NewContextAsync(new()
        {
            BaseURL = $"http://localhost:{app.Port}",
            Locale = "ja-JP",
            TimezoneId = "Asia/Tokyo",
            ViewportSize = new() { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(20_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                problems.Add(m.Text);
            }
        };
        page.PageError += (_, e) => problems.Add(e);

        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        var added = await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
        var authenticatorId = added!.Value.GetProperty("authenticatorId").GetString()!;

        // Signed in with the password, the person registers a passkey.
        await BrowserApp.SignInAsync(page, "demo-operator");
        await page.GotoAsync("/me/security");
        await page.GetByLabel("パスキーの名前").FillAsync("ブラウザテストの端末");
        await page.Locator("#AddPasskeyPassword").FillAsync(BrowserApp.Password); // a passkey signs in alone: the password proves it is the person
        await page.GetByRole(AriaRole.Button, new() { Name = "パスキーを登録する" }).ClickAsync();
        await Expect(page.Locator("table").GetByText("ブラウザテストの端末")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "passkey-registered");

        var credentials = await cdp.SendAsync("WebAuthn.getCredentials", new Dictionary<string, object> { ["authenticatorId"] = authenticatorId });
        var stored = credentials!.Value.GetProperty("credentials");
        Assert.Equal(1, stored.GetArrayLength());
        Assert.True(stored[0].GetProperty("isResidentCredential").GetBoolean());
        Assert.Equal("localhost", stored[0].GetProperty("rpId").GetString());

        // Signed out (the cookies gone), the passkey alone signs in.
        await context.ClearCookiesAsync();
        await page.GotoAsync("/login");
        await page.GetByRole(AriaRole.Button, new() { Name = "パスキーでログイン" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "職員ホーム" })).ToBeVisibleAsync();

        var used = await cdp.SendAsync("WebAuthn.getCredentials", new Dictionary<string, object> { ["authenticatorId"] = authenticatorId });
        Assert.True(used!.Value.GetProperty("credentials")[0].GetProperty("signCount").GetInt32() >= 1);
        Assert.True(problems.Count == 0, "console: " + JsonSerializer.Serialize(problems));
    }
}
