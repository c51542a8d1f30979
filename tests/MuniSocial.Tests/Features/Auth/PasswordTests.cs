using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Infrastructure.Identity;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Auth;

/// <summary>
/// Passwords (issue 14 item 5, ASVS 6.2.x): the user changes their own (current one required; other sessions end),
/// a password set by the admin is changed at the first sign-in (pages and token), weak ones are refused by zxcvbn.
/// </summary>
public sealed class PasswordTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Chosen = "Kitami-Ramen-Blue-Fox-77";

    private static Task<HttpResponseMessage> ChangeAsync(HttpClient client, string current, string next, string? confirm = null) =>
        client.PostFormAsync("/me/password", new()
        {
            ["Input.CurrentPassword"] = current,
            ["Input.NewPassword"] = next,
            ["Input.ConfirmPassword"] = confirm ?? next,
        }, formAction: "/me/password");

    [Fact]
    public async Task A_password_set_by_the_admin_must_be_changed_before_anything_else()
    {
        var user = await app.NewUserAsync();
        Assert.True((await app.UserAsync(user.UserName)).MustChangePassword);
        var client = await app.SignInAsync(user.UserName, Given.NewUserPassword, setUp: false);

        var home = await client.GetAsync("/home");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/me/password?returnUrl=%2Fhome", home.Headers.Location!.OriginalString);
        Assert.Contains("システム管理者が設定したパスワード", (await client.GetDocumentAsync("/me/password")).Body!.TextContent, StringComparison.Ordinal);

        var token = await app.Anonymous().PostAsJsonAsync("/api/v1/auth/token", new { userName = user.UserName, password = Given.NewUserPassword });
        Assert.Equal(HttpStatusCode.Forbidden, token.StatusCode);
        Assert.Equal("password-change-required", (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());

        var changed = await ChangeAsync(client, Given.NewUserPassword, Chosen);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.False((await app.UserAsync(user.UserName)).MustChangePassword);
        Assert.DoesNotContain("/me/password", (await client.GetAsync("/home")).Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        var audit = await app.DbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.EntityId == user.Id && e.Action == "security.password-changed"));
        Assert.DoesNotContain(Chosen, audit.After!, StringComparison.Ordinal);

        // The admin resets it: it must be changed again.
        var admin = await app.SignInAsync("demo-admin");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/admin/users/{user.Id}", new() { ["NewPassword"] = "Abashiri-Cloud-Tiger-99" }, handler: "Password")).StatusCode);
        Assert.True((await app.UserAsync(user.UserName)).MustChangePassword);
    }

    [Fact]
    public async Task Changing_the_own_password_needs_the_current_one_and_ends_the_other_sessions()
    {
        var user = await app.NewUserAsync();
        var here = await app.SignInAndAcknowledgeAsync(user.UserName, Given.NewUserPassword);
        var elsewhere = await app.SignInAsync(user.UserName, Given.NewUserPassword);
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/home")).StatusCode);

        var wrong = await ChangeAsync(here, "not-the-current-one", Chosen);
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("現在のパスワードが正しくありません。", (await Html.ParseAsync(wrong)).Text(), StringComparison.Ordinal);
        var mismatch = await ChangeAsync(here, Given.NewUserPassword, Chosen, Chosen + "x");
        Assert.Contains("確認のパスワードが新しいパスワードと一致しません", (await Html.ParseAsync(mismatch)).Text(), StringComparison.Ordinal);
        var stamp = (await app.UserAsync(user.UserName)).SecurityStamp;

        Assert.Equal(HttpStatusCode.Redirect, (await ChangeAsync(here, Given.NewUserPassword, Chosen)).StatusCode);
        Assert.NotEqual(stamp, (await app.UserAsync(user.UserName)).SecurityStamp);

        // The stamp is checked once a minute: after that the other browser is signed out, this one goes on.
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var other = await elsewhere.GetAsync("/home");
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        Assert.StartsWith("/login", other.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/home")).StatusCode);

        // The old password no longer signs in; the new one does.
        var old = await app.Anonymous().PostFormAsync("/login", new() { ["Input.UserName"] = user.UserName, ["Input.Password"] = Given.NewUserPassword });
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        await app.SignInAsync(user.UserName, Chosen);
    }

    [Theory]
    [InlineData("password1234")]
    [InlineData("nayoro12345678")]
    [InlineData("{user}-2026-{user}")]
    [InlineData("{name}2026!!")]
    public async Task A_guessable_password_is_refused_with_a_reason(string password)
    {
        var user = await app.NewUserAsync(displayName: "Hokuto Shirakaba");
        var client = await app.SignInAndAcknowledgeAsync(user.UserName, Given.NewUserPassword);
        var weak = password.Replace("{user}", user.UserName, StringComparison.Ordinal).Replace("{name}", "HokutoShirakaba", StringComparison.Ordinal);

        var response = await ChangeAsync(client, Given.NewUserPassword, weak);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("推測されやすいため使えません", (await Html.ParseAsync(response)).Text(), StringComparison.Ordinal);
        Assert.False(await app.DbAsync(db => db.AuditEntries.AnyAsync(e => e.EntityId == user.Id && e.Action == "security.password-changed")));
    }

    [Fact]
    public void The_estimator_takes_the_users_names_as_words_it_knows()
    {
        Assert.True(StrongPasswordValidator.IsStrong("Tanaka-Hanako-2026"));
        Assert.False(StrongPasswordValidator.IsStrong("Tanaka-Hanako-2026", "tanaka", "田中 花子", "Tanaka Hanako"));
        Assert.True(StrongPasswordValidator.IsStrong(Chosen, "tanaka"));
    }

    [Fact]
    public async Task The_admin_cannot_set_a_weak_password_either()
    {
        var admin = await app.ApiAsync("demo-admin");
        var response = await admin.PostAsJsonAsync("/api/v1/admin/users", new
        {
            userName = "weak-" + Guid.NewGuid().ToString("N")[..6],
            displayName = "弱い パスワード",
            sectionId = await app.SectionIdAsync("営業戦略室"),
            roles = new[] { "Operator" },
            employmentType = "Regular",
            password = "password1234",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("推測されやすいため使えません", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
