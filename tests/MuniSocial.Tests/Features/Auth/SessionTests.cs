using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Infrastructure.Identity;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Auth;

/// <summary>
/// Sessions that end (ASVS 7.3.1, 7.3.2, 7.4.1): a cookie replayed after sign-out, after the idle timeout or past the
/// absolute lifetime is refused (→ /login); a bearer token stops working as soon as its user's security stamp changes.
/// The clock is this class's own (each test class has its own app), so moving it here touches no other test.
/// </summary>
public sealed class SessionTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly Uri Base = new("http://localhost");

    /// <summary>A browser-like client whose cookie jar the test can read.</summary>
    private async Task<(HttpClient Client, CookieContainer Jar)> SignInAsync(string userName)
    {
        var jar = new CookieContainer();
        var client = app.CreateDefaultClient(Base, new CookieContainerHandler(jar));
        var response = await client.PostFormAsync("/login", new() { ["Input.UserName"] = userName, ["Input.Password"] = AppFactory.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (client, jar);
    }

    private HttpClient WithCookie(string value)
    {
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Add("Cookie", $"{IdentitySetup.AuthCookieName}={value}");
        return client;
    }

    private static void AssertSentToLogin(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cookie_replayed_after_sign_out_is_refused()
    {
        var (client, jar) = await SignInAsync("demo-operator");
        var stolen = jar.GetCookies(Base)[IdentitySetup.AuthCookieName]!.Value;
        Assert.Equal(HttpStatusCode.OK, (await WithCookie(stolen).GetAsync("/home")).StatusCode);

        var signedOut = await client.PostFormAsync("/logout", []);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        AssertSentToLogin(await WithCookie(stolen).GetAsync("/home"));
        var session = await app.DbAsync(db => db.UserSessions.AsNoTracking().ToListAsync());
        Assert.Contains(session, s => s.RevokedAt is not null);
    }

    [Fact]
    public async Task A_sign_in_left_idle_past_the_idle_timeout_ends()
    {
        var (client, _) = await SignInAsync("demo-head");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/home")).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        AssertSentToLogin(await client.GetAsync("/home"));
    }

    [Fact]
    public async Task A_busy_sign_in_still_ends_at_the_absolute_lifetime()
    {
        var (client, _) = await SignInAsync("demo-pr");
        // A request every 20 minutes keeps the 30-minute idle timeout from ending it…
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(7.5); elapsed += TimeSpan.FromMinutes(20))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/home")).StatusCode);
            app.Clock.Advance(TimeSpan.FromMinutes(20));
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/home")).StatusCode);
        // …but eight hours after sign-in it is over.
        app.Clock.Advance(TimeSpan.FromMinutes(40));
        AssertSentToLogin(await client.GetAsync("/home"));
    }

    [Fact]
    public async Task A_bearer_token_is_refused_at_once_after_the_admin_resets_the_password()
    {
        var user = await app.NewUserAsync();
        await app.SignInAndAcknowledgeAsync(user.UserName, Given.NewUserPassword);
        var api = await app.ApiAsync(user.UserName, Given.NewUserPassword);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/accounts")).StatusCode);

        var admin = await app.SignInAsync("demo-admin");
        var reset = await admin.PostFormAsync($"/admin/users/{user.Id}", new() { ["NewPassword"] = "Pinneshiri-Ridge-Light-7" }, handler: "Password");
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/accounts")).StatusCode);
    }

    [Fact]
    public async Task A_bearer_token_is_refused_at_once_after_the_user_is_deactivated()
    {
        var user = await app.NewUserAsync();
        await app.SignInAndAcknowledgeAsync(user.UserName, Given.NewUserPassword);
        var api = await app.ApiAsync(user.UserName, Given.NewUserPassword);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/accounts")).StatusCode);

        var admin = await app.ApiAsync("demo-admin");
        var put = await admin.PutAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { isActive = false });
        Assert.True(put.IsSuccessStatusCode, $"deactivation answered {(int)put.StatusCode}: {await put.Content.ReadAsStringAsync()}");

        var refused = await api.GetAsync("/api/v1/accounts");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains(await app.DbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityId == user.Id).Select(e => e.Action).ToListAsync()),
            a => a == SecurityEvents.ActionOf(SecurityEventKind.TokenRefused));
    }

    [Fact]
    public async Task A_token_that_cannot_be_read_is_refused()
    {
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/accounts")).StatusCode);
    }
}
