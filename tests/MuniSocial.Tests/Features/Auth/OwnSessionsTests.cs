using System.Net;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Infrastructure.Identity;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Auth;

/// <summary>
/// The person's own sessions (ASVS 7.5.2) on /me/sessions — listed with the browser in plain words and this one marked,
/// ended one or all after proving themself again — and the API's sign-out (<c>POST /api/v1/auth/logout</c>).
/// </summary>
public sealed class OwnSessionsTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string ChromeOnWindows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private const string FirefoxOnMac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0";

    /// <summary>A browser with its User-Agent, signed in through the login form (the user past the first sign-in's steps).</summary>
    private async Task<HttpClient> BrowserAsync(string userName, string userAgent, string password = Given.NewUserPassword)
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        var response = await client.PostFormAsync("/login", new() { ["Input.UserName"] = userName, ["Input.Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>A user of the operator role who has done the first sign-in's steps, signed in twice: Chrome on Windows (guideline confirmed there) and Firefox on a Mac.</summary>
    private async Task<(Given.NewUser User, HttpClient Chrome, HttpClient Firefox)> TwiceSignedInAsync()
    {
        var user = await app.NewUserAsync();
        await app.CompleteAccountSetupAsync(user.UserName);
        var chrome = await BrowserAsync(user.UserName, ChromeOnWindows);
        await AppFactory.AcknowledgeGuidelineAsync(chrome);
        var firefox = await BrowserAsync(user.UserName, FirefoxOnMac);
        return (user, chrome, firefox);
    }

    /// <summary>The sessions the form offers to end: handle → how the page names it.</summary>
    private static async Task<Dictionary<string, string>> OfferedAsync(HttpClient client)
    {
        var page = await client.GetDocumentAsync("/me/sessions");
        return page.QuerySelectorAll("input[name='Input.Session']").ToDictionary(
            i => i.GetAttribute("value")!, i => page.QuerySelector($"label[for='{i.Id}']")!.TextContent);
    }

    private static Task<HttpResponseMessage> EndAsync(HttpClient client, Dictionary<string, string> fields) =>
        client.PostFormAsync("/me/sessions", fields, formAction: "/me/sessions");

    private Task<List<UserSession>> SessionsOfAsync(string userId) =>
        app.DbAsync(db => db.UserSessions.AsNoTracking().Where(s => s.UserId == userId).ToListAsync());

    private static void AssertSentToLogin(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", new Uri(new Uri("http://localhost"), response.Headers.Location!).PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_list_shows_both_sign_ins_with_their_browsers_and_marks_this_one()
    {
        var (user, chrome, _) = await TwiceSignedInAsync();
        var page = await chrome.GetDocumentAsync("/me/sessions");
        var rows = page.QuerySelectorAll("#sessions tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains("Chrome（Windows）", rows[0], StringComparison.Ordinal);
        Assert.Contains("この端末", rows[0], StringComparison.Ordinal);
        Assert.Contains("Firefox（Mac）", rows[1], StringComparison.Ordinal);
        Assert.DoesNotContain("この端末", rows[1], StringComparison.Ordinal);
        // Only the other one is offered to end; the session ids (the cookie's secret) are not in the page.
        var offered = await OfferedAsync(chrome);
        Assert.Contains(offered.Values, v => v.Contains("Firefox（Mac）", StringComparison.Ordinal));
        Assert.DoesNotContain(offered.Values, v => v.Contains("Chrome", StringComparison.Ordinal));
        var html = page.DocumentElement.OuterHtml;
        foreach (var s in await SessionsOfAsync(user.Id))
        {
            Assert.DoesNotContain(s.Id, html, StringComparison.Ordinal);
        }
        // An API token is a session too.
        await app.ApiAsync(user.UserName, Given.NewUserPassword);
        Assert.Contains((await OfferedAsync(chrome)).Values, v => v.StartsWith("API トークン", StringComparison.Ordinal));
        // Linked from the security settings and the person menu.
        Assert.NotNull((await chrome.GetDocumentAsync("/me/security")).QuerySelector("main a[href='/me/sessions'], a[href='/me/sessions']"));
        Assert.NotNull((await chrome.GetDocumentAsync("/home")).QuerySelector(".person-links a[href='/me/sessions']"));
    }

    [Fact]
    public async Task Ending_the_other_session_needs_the_password_and_sends_only_that_cookie_to_the_login()
    {
        var (user, chrome, firefox) = await TwiceSignedInAsync();
        var firefoxHandle = (await OfferedAsync(chrome)).Single(o => o.Value.Contains("Firefox", StringComparison.Ordinal)).Key;

        // Without a factor, or with a wrong password: a message, and nothing ended.
        var none = await EndAsync(chrome, new() { ["Input.Session"] = firefoxHandle });
        Assert.Equal(HttpStatusCode.OK, none.StatusCode);
        Assert.Contains("本人確認のため、現在のパスワードを入力してください", (await Html.ParseAsync(none)).Text(), StringComparison.Ordinal);
        var wrong = await EndAsync(chrome, new() { ["Input.Session"] = firefoxHandle, ["Input.CurrentPassword"] = "not-the-password-at-all" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("現在のパスワードが正しくありません", (await Html.ParseAsync(wrong)).Text(), StringComparison.Ordinal);
        Assert.All(await SessionsOfAsync(user.Id), s => Assert.Null(s.RevokedAt));
        Assert.Equal(HttpStatusCode.OK, (await firefox.GetAsync("/home")).StatusCode);

        var ended = await EndAsync(chrome, new() { ["Input.Session"] = firefoxHandle, ["Input.CurrentPassword"] = Given.NewUserPassword });
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.Equal("/me/sessions", ended.Headers.Location!.OriginalString);
        AssertSentToLogin(await firefox.GetAsync("/home"));
        Assert.Equal(HttpStatusCode.OK, (await chrome.GetAsync("/home")).StatusCode);
        Assert.Single(await SessionsOfAsync(user.Id), s => s.RevokedAt is not null);
        Assert.Contains(await app.DbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityId == user.Id).Select(e => e.Action).ToListAsync()),
            a => a == "security.session-ended");
        Assert.Contains("ほかにログイン中の端末はありません", (await chrome.GetDocumentAsync("/me/sessions")).Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task All_other_sessions_and_tokens_end_at_once_and_this_one_goes_on()
    {
        var (user, chrome, firefox) = await TwiceSignedInAsync();
        var api = await app.ApiAsync(user.UserName, Given.NewUserPassword);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/me/work")).StatusCode);

        var ended = await EndAsync(chrome, new() { ["Input.Session"] = "all-others", ["Input.CurrentPassword"] = Given.NewUserPassword });
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        AssertSentToLogin(await firefox.GetAsync("/home"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/me/work")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await chrome.GetAsync("/home")).StatusCode);
        Assert.Equal(2, (await SessionsOfAsync(user.Id)).Count(s => s.RevokedAt is not null));
    }

    [Fact]
    public async Task A_user_with_an_authenticator_may_prove_themself_with_its_code_once()
    {
        var user = await app.NewUserAsync(roles: "PrOffice", section: "秘書広報課");
        await app.CompleteAccountSetupAsync(user.UserName); // a PR officer must have an authenticator
        var first = await app.SignInAndAcknowledgeAsync(user.UserName, Given.NewUserPassword);
        var second = await app.SignInAsync(user.UserName, Given.NewUserPassword);
        var handle = (await OfferedAsync(first)).Keys.Single();

        var code = await app.TotpAsync(user.UserName);
        Assert.Equal(HttpStatusCode.Redirect, (await EndAsync(first, new() { ["Input.Session"] = handle, ["Input.Code"] = code })).StatusCode);
        AssertSentToLogin(await second.GetAsync("/home"));

        // The same code cannot be used again (here to end a third sign-in).
        var third = await app.SignInAsync(user.UserName, Given.NewUserPassword);
        var again = await EndAsync(first, new() { ["Input.Session"] = (await OfferedAsync(first)).Keys.Single(), ["Input.Code"] = code });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("既に使われています", (await Html.ParseAsync(again)).Text(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await third.GetAsync("/home")).StatusCode);
    }

    [Fact]
    public async Task Another_persons_session_cannot_be_ended_and_nothing_changes()
    {
        var (_, chrome, _) = await TwiceSignedInAsync();
        var (stranger, strangerBrowser, _) = await TwiceSignedInAsync();
        var theirs = (await SessionsOfAsync(stranger.Id)).Select(s => UserSessions.Handle(s.Id)).ToList();
        foreach (var handle in theirs)
        {
            var answer = await EndAsync(chrome, new() { ["Input.Session"] = handle, ["Input.CurrentPassword"] = Given.NewUserPassword });
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        }
        Assert.All(await SessionsOfAsync(stranger.Id), s => Assert.Null(s.RevokedAt));
        Assert.Equal(HttpStatusCode.OK, (await strangerBrowser.GetAsync("/home")).StatusCode);
    }

    [Fact]
    public async Task The_API_sign_out_ends_the_token_presented_and_no_other()
    {
        var api = await app.ApiAsync("demo-operator");
        var other = await app.ApiAsync("demo-operator");
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/me/work")).StatusCode);

        var logout = await api.PostAsync("/api/v1/auth/logout", null);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/me/work")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.PostAsync("/api/v1/auth/logout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/me/work")).StatusCode);

        var anonymous = await app.Anonymous().PostAsync("/api/v1/auth/logout", null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        var userId = (await app.ActorAsync("demo-operator")).UserId;
        Assert.Contains(await app.DbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityId == userId && e.Action == "security.signed-out").Select(e => e.After).ToListAsync()),
            a => a != null && a.Contains("api-token", StringComparison.Ordinal));
    }
}
