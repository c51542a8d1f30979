using System.Net;
using System.Web;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Auth;

/// <summary>
/// Sign-in with the city's identity provider (issue 14 item 11), the whole code flow over HTTP against an OpenIddict
/// server in the test process: the app's challenge, the provider's authorize endpoint (approving at once), its
/// form_post answer back to the app, the code redeemed with the PKCE verifier, the local user found by the claim.
/// </summary>
public sealed class OidcSignInTests(OidcAppFactory app) : IClassFixture<OidcAppFactory>
{
    private sealed record Flow(HttpClient App, Uri Authorize, HttpResponseMessage Callback, HttpResponseMessage Final);

    /// <summary>
    /// Presses the login page's button and follows every redirect as a browser would: the app's client (https, its
    /// cookies) and the provider's client (its own cookies). <paramref name="changeAuthorize"/> and
    /// <paramref name="changeAnswer"/> let a test tamper with what travels through the browser.
    /// </summary>
    private async Task<Flow> SignInThroughProviderAsync(Func<Uri, Uri>? changeAuthorize = null,
        Action<Dictionary<string, string>>? changeAnswer = null)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = OidcAppFactory.AppAddress,
            AllowAutoRedirect = false,
            HandleCookies = true,
        });
        var start = await client.PostFormAsync("/login", [], formAction: "/login/oidc");
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        Assert.StartsWith(app.Provider.Authority, authorize.ToString(), StringComparison.Ordinal);

        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var browserAtProvider = new HttpClient(handler);
        var answer = await browserAtProvider.GetAsync(changeAuthorize?.Invoke(authorize) ?? authorize);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var page = await Html.ParseAsync(answer);
        var form = Assert.IsAssignableFrom<IHtmlFormElement>(page.Forms.Single());
        Assert.Equal(new Uri(OidcAppFactory.AppAddress, "/signin-oidc").ToString(), form.Action);
        var fields = form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]").ToDictionary(i => i.Name!, i => i.Value);
        Assert.Contains("code", fields.Keys);
        changeAnswer?.Invoke(fields);

        var callback = await client.PostAsync(form.Action, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        var final = await client.GetAsync(callback.Headers.Location);
        return new Flow(client, authorize, callback, final);
    }

    private static async Task AssertSignedOutAsync(HttpClient client)
    {
        var home = await client.GetAsync("/home");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/login", home.Headers.Location!.OriginalString.Replace(OidcAppFactory.AppAddress.ToString().TrimEnd('/'), "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private Task<List<string>> SecurityEventsOfAsync(string userId) => app.DbAsync(db =>
        db.AuditEntries.AsNoTracking().Where(e => e.EntityType == "User" && e.EntityId == userId && e.Action.StartsWith("security."))
            .OrderBy(e => e.Sequence).Select(e => e.Action + " " + e.After).ToListAsync());

    [Fact]
    public async Task The_login_page_offers_the_provider_and_a_matched_user_is_signed_in_through_the_code_flow_with_PKCE()
    {
        app.Provider.User = new("idp-op-1", "demo-operator", "op@city.nayoro.invalid", ["pwd"]);
        var login = await app.Anonymous().GetStringAsync("/login");
        Assert.Contains("名寄市 統合認証でログイン", login, StringComparison.Ordinal);

        var flow = await SignInThroughProviderAsync();

        var query = HttpUtility.ParseQueryString(flow.Authorize.Query);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", query["code_challenge"]);
        Assert.False(string.IsNullOrEmpty(query["state"]));
        Assert.False(string.IsNullOrEmpty(query["nonce"]));
        Assert.Contains(app.Provider.AuthorizeRequests, q => q.Contains("code_challenge_method=S256", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Redirect, flow.Final.StatusCode);
        Assert.Equal("/home", flow.Final.Headers.Location!.OriginalString);
        var home = await flow.App.GetAsync("/home");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var user = await app.UserAsync("demo-operator");
        Assert.Contains(user.DisplayName, await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The local user's roles apply: an operator is not let into the admin pages.
        Assert.Equal(HttpStatusCode.Forbidden, (await flow.App.GetAsync("/admin/users")).StatusCode);
        Assert.Contains(await SecurityEventsOfAsync(user.Id), e => e.StartsWith("security.sign-in-succeeded", StringComparison.Ordinal)
            && e.Contains("\"oidc\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_provider_saying_mfa_is_recorded_as_a_multi_factor_sign_in()
    {
        app.Provider.User = new("idp-head-1", "demo-head", "head@city.nayoro.invalid", ["pwd", "otp", "mfa"]);

        var flow = await SignInThroughProviderAsync();

        Assert.Equal("/home", flow.Final.Headers.Location!.OriginalString);
        var user = await app.UserAsync("demo-head");
        Assert.Contains(await SecurityEventsOfAsync(user.Id), e => e.Contains("oidc (mfa by provider)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_person_with_no_local_user_is_refused_and_no_user_is_created()
    {
        var usersBefore = await app.DbAsync(db => db.Users.CountAsync());
        app.Provider.User = new("idp-stranger", "no-such-user-" + Guid.NewGuid().ToString("N")[..6], "x@city.nayoro.invalid", ["pwd"]);

        var flow = await SignInThroughProviderAsync();

        Assert.Equal(HttpStatusCode.Forbidden, flow.Final.StatusCode);
        Assert.Contains("利用者が登録されていません", await flow.Final.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertSignedOutAsync(flow.App);
        Assert.Equal(usersBefore, await app.DbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task An_inactive_user_is_refused()
    {
        var user = await app.NewUserAsync();
        await app.DbAsync(async db =>
        {
            var u = await db.Users.SingleAsync(x => x.Id == user.Id);
            u.IsActive = false;
            await db.SaveChangesAsync();
        });
        app.Provider.User = new("idp-inactive", user.UserName, "i@city.nayoro.invalid", ["pwd"]);

        var flow = await SignInThroughProviderAsync();

        Assert.Equal(HttpStatusCode.Forbidden, flow.Final.StatusCode);
        Assert.Contains("無効化されている", await flow.Final.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertSignedOutAsync(flow.App);
        Assert.Contains(await SecurityEventsOfAsync(user.Id), e => e.StartsWith("security.sign-in-failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tampered_state_is_refused()
    {
        app.Provider.User = new("idp-op-2", "demo-operator", "op@city.nayoro.invalid", ["pwd"]);

        var flow = await SignInThroughProviderAsync(changeAnswer: fields => fields["state"] = fields["state"][..^4] + "AAAA");

        Assert.Equal(HttpStatusCode.Forbidden, flow.Final.StatusCode);
        Assert.Contains("統合認証でのログインを確認できませんでした", await flow.Final.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertSignedOutAsync(flow.App);
    }

    [Fact]
    public async Task A_tampered_nonce_is_refused()
    {
        app.Provider.User = new("idp-op-3", "demo-operator", "op@city.nayoro.invalid", ["pwd"]);

        // The browser changes the nonce on its way to the provider: the ID token then carries a nonce the app never made.
        var flow = await SignInThroughProviderAsync(changeAuthorize: uri =>
        {
            var query = HttpUtility.ParseQueryString(uri.Query);
            query["nonce"] = "forged-" + query["nonce"];
            return new UriBuilder(uri) { Query = query.ToString() }.Uri;
        });

        Assert.Equal(HttpStatusCode.Forbidden, flow.Final.StatusCode);
        await AssertSignedOutAsync(flow.App);
    }

    [Fact]
    public async Task Local_accounts_keep_working_beside_the_provider()
    {
        var client = await app.SignInAsync("demo-head");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/home")).StatusCode);
    }
}

/// <summary>Without <c>Auth:Oidc</c> there is no button and the provider's pages do not exist.</summary>
public sealed class OidcOffTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Without_configuration_the_login_page_has_no_provider_button_and_its_pages_answer_404()
    {
        var anonymous = app.Anonymous();
        Assert.DoesNotContain("/login/oidc", await anonymous.GetStringAsync("/login"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/login/oidc/callback")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/login/oidc")).StatusCode);
    }
}
