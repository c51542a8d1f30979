using AngleSharp.Dom;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Infrastructure.Identity;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Auth;

/// <summary>
/// Demo users never outside demo mode (issue 14 item 6, ASVS 6.3.2): after a restart with Demo:Enabled=false a demo
/// user's existing cookie and bearer token stop working at once; the demo seed refuses a database with real users.
/// </summary>
public sealed class DemoUsersTests
{
    private sealed class Restarted(AppFactory first, bool demo) : AppFactory(first)
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Demo:Enabled"] = demo ? "true" : "false" };
    }

    private sealed class DemoOff : AppFactory
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Demo:Enabled"] = "false" };
    }

    /// <summary>Signs in through the login form without a cookie jar, returning the cookies a browser would keep.</summary>
    private static async Task<string> SignInCookiesAsync(AppFactory app, string userName)
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var form = await client.GetAsync("/login");
        var jar = CookiesOf(form);
        var token = (await Html.ParseAsync(form)).QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Input.UserName"] = userName,
                ["Input.Password"] = AppFactory.Password,
            }),
        };
        request.Headers.Add("Cookie", jar);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return jar + "; " + CookiesOf(response);
    }

    private static string CookiesOf(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : []);

    private static async Task<HttpResponseMessage> GetWithCookiesAsync(AppFactory app, string url, string cookies)
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", cookies);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_demo_users_cookie_and_token_die_at_once_when_demo_mode_is_turned_off()
    {
        var first = new AppFactory();
        await ((IAsyncLifetime)first).InitializeAsync();
        var cookies = await SignInCookiesAsync(first, "demo-operator");
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookiesAsync(first, "/home", cookies)).StatusCode);
        var api = await first.ApiAsync("demo-operator");
        var bearer = api.DefaultRequestHeaders.Authorization!;
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/me/work")).StatusCode);

        var restarted = new Restarted(first, demo: false);
        try
        {
            await ((IAsyncLifetime)restarted).InitializeAsync();
            var page = await GetWithCookiesAsync(restarted, "/home", cookies);
            Assert.Equal(HttpStatusCode.SeeOther, page.StatusCode);
            Assert.Equal("/login", page.Headers.Location!.OriginalString);

            var client = restarted.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(bearer.Scheme, bearer.Parameter);
            var work = await client.GetAsync("/api/v1/me/work");
            Assert.Equal(HttpStatusCode.Unauthorized, work.StatusCode);
            Assert.Equal("demo-user-disabled", (await work.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());

            // A new token is refused too, and the login page no longer speaks of demo users.
            var token = await restarted.Anonymous().PostAsJsonAsync("/api/v1/auth/token", new { userName = "demo-operator", password = AppFactory.Password });
            Assert.Equal(HttpStatusCode.Unauthorized, token.StatusCode);
            var page2 = await restarted.Anonymous().GetDocumentAsync("/login");
            Assert.DoesNotContain("デモ用ユーザーは二要素認証なしで", page2.Body!.TextContent, StringComparison.Ordinal);
        }
        finally
        {
            await ((IAsyncLifetime)restarted).DisposeAsync();
            await ((IAsyncLifetime)first).DisposeAsync();
        }
    }

    [Fact]
    public async Task The_demo_seed_refuses_a_database_that_has_real_users()
    {
        var real = new DemoOff();
        await ((IAsyncLifetime)real).InitializeAsync();
        Restarted? demo = null;
        try
        {
            Assert.False(await real.DbAsync(db => db.Users.AnyAsync()));
            await using (var scope = real.Services.CreateAsyncScope())
            {
                var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
                var created = await users.CreateAsync(new AppUser { UserName = "city-admin", DisplayName = "情報 太郎", EmailConfirmed = true }, "Abashiri-Cloud-Tiger-99");
                Assert.True(created.Succeeded);
            }

            demo = new Restarted(real, demo: true);
            await ((IAsyncLifetime)demo).InitializeAsync();
            Assert.False(await demo.DbAsync(db => db.Users.AnyAsync(u => u.IsDemo)));
            Assert.Equal(["city-admin"], await demo.DbAsync(db => db.Users.Select(u => u.UserName!).ToListAsync()));
        }
        finally
        {
            if (demo is not null)
            {
                await ((IAsyncLifetime)demo).DisposeAsync();
            }
            await ((IAsyncLifetime)real).DisposeAsync();
        }
    }
}
