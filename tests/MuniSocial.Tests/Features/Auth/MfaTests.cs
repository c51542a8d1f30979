using AngleSharp.Dom;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Features.Auth;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Auth;

/// <summary>
/// Multi-factor sign-in (issue 14 item 1, ASVS 6.3.3): enrolment on /me/security with the key the page shows (the code
/// computed here by RFC 6238), the second step /login/mfa and /login/recovery, the gate for users who must have it,
/// and the token endpoint's code.
/// </summary>
public sealed class MfaTests(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>A new user who has changed the admin-set password but has no second factor yet.</summary>
    private async Task<Given.NewUser> UserAsync(params string[] roles)
    {
        var user = await app.NewUserAsync(section: roles.Contains("PrOffice") ? "秘書広報課" : "営業戦略室", roles: roles);
        await app.DbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.MustChangePassword, false)));
        return user;
    }

    private async Task<HttpResponseMessage> LoginAsync(HttpClient client, string userName) =>
        await client.PostFormAsync("/login", new() { ["Input.UserName"] = userName, ["Input.Password"] = Given.NewUserPassword });

    /// <summary>Enrols through /me/security: reads the key from the page, confirms with its code; returns the recovery codes shown.</summary>
    private async Task<List<string>> EnrolAsync(HttpClient client)
    {
        var page = await client.GetDocumentAsync("/me/security");
        Assert.NotNull(page.QuerySelector(".qr svg"));
        var key = page.QuerySelector(".totp-key")!.TextContent;
        Assert.Matches("^([a-z2-7]{4} )+[a-z2-7]{1,4}$", key);
        var response = await client.PostFormAsync("/me/security", new() { ["CurrentPassword"] = Given.NewUserPassword, ["Code"] = app.Totp(key) }, handler: "Enable");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var shown = await Html.ParseAsync(response);
        Assert.Contains("この画面でしか表示されません", shown.Text(), StringComparison.Ordinal);
        return shown.QuerySelectorAll(".recovery-codes code").Select(c => c.TextContent).ToList();
    }

    private Task<List<string>> SecurityActionsAsync(string userId) => app.DbAsync(db =>
        db.AuditEntries.AsNoTracking().Where(e => e.EntityId == userId && e.Action.StartsWith("security.mfa")).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());

    [Fact]
    public async Task Enrolment_needs_the_current_password_so_a_cookie_alone_cannot_put_its_own_authenticator_on_the_account()
    {
        // Whoever has only the signed-in cookie would otherwise enrol their authenticator, take the recovery codes and keep
        // the person out (ASVS 7.5.1).
        var user = await UserAsync();
        var client = await app.SignInAndAcknowledgeAsync(user.UserName, Given.NewUserPassword);
        var key = (await client.GetDocumentAsync("/me/security")).QuerySelector(".totp-key")!.TextContent;
        foreach (var password in new string?[] { null, "", "not-my-password-at-all" })
        {
            app.Clock.Advance(MuniSocial.Infrastructure.Identity.Totp.Step); // each time step's code is taken once
            var fields = new Dictionary<string, string> { ["Code"] = app.Totp(key) };
            if (password is not null)
            {
                fields["CurrentPassword"] = password;
            }
            var refused = await client.PostFormAsync("/me/security", fields, handler: "Enable");
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            var page = await Html.ParseAsync(refused);
            Assert.Contains(SecurityModel.EnableProofMessage, page.Text(), StringComparison.Ordinal);
            Assert.Empty(page.QuerySelectorAll(".recovery-codes code"));
        }
        Assert.False((await app.UserAsync(user.UserName)).TwoFactorEnabled);
        Assert.Empty(await SecurityActionsAsync(user.Id));

        app.Clock.Advance(MuniSocial.Infrastructure.Identity.Totp.Step);
        Assert.Equal(10, (await EnrolAsync(client)).Count);
        Assert.True((await app.UserAsync(user.UserName)).TwoFactorEnabled);
    }

    [Fact]
    public async Task Enrolment_with_the_shown_key_then_sign_in_asks_for_the_code_and_refuses_a_wrong_one()
    {
        var user = await UserAsync();
        var client = await app.SignInAndAcknowledgeAsync(user.UserName, Given.NewUserPassword);

        // A wrong code does not enrol.
        var wrong = await client.PostFormAsync("/me/security", new() { ["CurrentPassword"] = Given.NewUserPassword, ["Code"] = "000000" }, handler: "Enable");
        Assert.Contains("コードが正しくないか", (await Html.ParseAsync(wrong)).Text(), StringComparison.Ordinal);
        Assert.False((await app.UserAsync(user.UserName)).TwoFactorEnabled);

        var codes = await EnrolAsync(client);
        Assert.Equal(10, codes.Count);
        Assert.True((await app.UserAsync(user.UserName)).TwoFactorEnabled);
        Assert.Equal(["security.mfa-enabled"], await SecurityActionsAsync(user.Id));
        // The session that enrolled goes on (re-issued after the stamp changed).
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/home")).StatusCode);

        // The password alone does not sign in: the second step is asked for.
        var browser = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var first = await LoginAsync(browser, user.UserName);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.StartsWith("/login/mfa", first.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/home")).StatusCode); // not signed in yet

        var bad = await browser.PostFormAsync("/login/mfa", new() { ["Input.Code"] = "123456" });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("コードが正しくないか、期限が切れています", (await Html.ParseAsync(bad)).Text(), StringComparison.Ordinal);
        var empty = await browser.PostFormAsync("/login/mfa", new() { ["Input.Code"] = "" });
        Assert.Contains("6桁のコードを入力してください", (await Html.ParseAsync(empty)).Text(), StringComparison.Ordinal);

        var ok = await browser.PostFormAsync("/login/mfa", new() { ["Input.Code"] = await app.TotpAsync(user.UserName) });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/home")).StatusCode);

        // Without the password step the second step has nothing to finish.
        var stranger = app.Anonymous();
        var direct = await stranger.GetDocumentAsync("/login/mfa");
        Assert.Contains("ユーザー名とパスワードから入力し直してください", direct.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once_only_and_new_codes_replace_the_old()
    {
        var user = await UserAsync();
        var client = await app.SignInAndAcknowledgeAsync(user.UserName, Given.NewUserPassword);
        var codes = await EnrolAsync(client);

        var browser = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        await LoginAsync(browser, user.UserName);
        var used = await browser.PostFormAsync("/login/recovery", new() { ["Input.Code"] = codes[0] });
        Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
        var home = await browser.GetAsync("/home");
        Assert.True(home.StatusCode == HttpStatusCode.OK, $"{home.StatusCode} {home.Headers.Location} after {used.Headers.Location}");

        var again = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        await LoginAsync(again, user.UserName);
        var reused = await again.PostFormAsync("/login/recovery", new() { ["Input.Code"] = codes[0] });
        Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
        Assert.Contains("既に使われています", (await Html.ParseAsync(reused)).Text(), StringComparison.Ordinal);

        // New codes (the authenticator's code required) make the old ones worthless.
        var page = await client.PostFormAsync("/me/security", new() { ["Code"] = await app.TotpAsync(user.UserName) }, handler: "RecoveryCodes");
        var fresh = (await Html.ParseAsync(page)).QuerySelectorAll(".recovery-codes code").Select(c => c.TextContent).ToList();
        Assert.Equal(10, fresh.Count);
        var old = await again.PostFormAsync("/login/recovery", new() { ["Input.Code"] = codes[1] });
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        // Typed without the hyphen and in lower case, as people do.
        var typed = fresh[0].Replace("-", " ", StringComparison.Ordinal).ToLowerInvariant();
        Assert.Equal(HttpStatusCode.Redirect, (await again.PostFormAsync("/login/recovery", new() { ["Input.Code"] = typed })).StatusCode);

        Assert.Equal(["security.mfa-enabled", "security.mfa-recovery-code-used", "security.mfa-recovery-codes-reset", "security.mfa-recovery-code-used"],
            await SecurityActionsAsync(user.Id));
    }

    [Fact]
    public async Task An_optional_second_factor_is_turned_off_only_with_the_password_or_a_code()
    {
        var user = await UserAsync();
        var client = await app.SignInAndAcknowledgeAsync(user.UserName, Given.NewUserPassword);
        await EnrolAsync(client);

        var refused = await client.PostFormAsync("/me/security", new() { ["CurrentPassword"] = "not-my-password-at-all" }, handler: "Disable");
        Assert.Contains("現在のパスワードか認証アプリの最新のコード", (await Html.ParseAsync(refused)).Text(), StringComparison.Ordinal);
        Assert.True((await app.UserAsync(user.UserName)).TwoFactorEnabled);
        // A wrong password here is a wrong password at the sign-in: it counts towards the lockout (and is in the security log).
        Assert.Equal(1, (await app.UserAsync(user.UserName)).AccessFailedCount);

        var done = await client.PostFormAsync("/me/security", new() { ["CurrentPassword"] = Given.NewUserPassword }, handler: "Disable");
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.False((await app.UserAsync(user.UserName)).TwoFactorEnabled);
        Assert.Equal(["security.mfa-enabled", "security.mfa-disabled"], await SecurityActionsAsync(user.Id));
    }

    [Theory]
    [InlineData("Admin")]
    [InlineData("PrOffice")]
    public async Task Admin_and_PR_users_without_MFA_can_do_nothing_until_enrolled(string role)
    {
        var user = await UserAsync(role);
        var client = await app.SignInAsync(user.UserName, Given.NewUserPassword, setUp: false);

        var home = await client.GetAsync("/home");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/me/security?returnUrl=%2Fhome", home.Headers.Location!.OriginalString);
        var admin = await client.GetAsync(role == "Admin" ? "/admin/users" : "/guideline/versions");
        Assert.StartsWith("/me/security", admin.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var page = await client.GetDocumentAsync("/me/security");
        Assert.Contains("二要素認証が必須です", page.Body!.TextContent, StringComparison.Ordinal);

        var token = await app.Anonymous().PostAsJsonAsync("/api/v1/auth/token", new { userName = user.UserName, password = Given.NewUserPassword });
        Assert.Equal(HttpStatusCode.Forbidden, token.StatusCode);
        Assert.Equal("mfa-enrolment-required", (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());

        await EnrolAsync(client);
        Assert.DoesNotContain("/me/security", (await client.GetAsync("/home")).Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);

        // A required second factor cannot be turned off by its user: no form, and a posted one is refused.
        var enrolled = await client.GetDocumentAsync("/me/security");
        Assert.Contains("必須のため、解除できません", enrolled.Body!.TextContent, StringComparison.Ordinal);
        var token2 = enrolled.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        var off = await client.PostAsync("/me/security?handler=Disable", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token2,
            ["CurrentPassword"] = Given.NewUserPassword,
        }));
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        Assert.Contains("必須のため、解除できません", (await Html.ParseAsync(off)).Text(), StringComparison.Ordinal);
        Assert.True((await app.UserAsync(user.UserName)).TwoFactorEnabled);
    }

    [Fact]
    public async Task The_admin_marks_an_operator_as_requiring_MFA_and_the_mark_is_audited()
    {
        var user = await UserAsync();
        var client = await app.SignInAndAcknowledgeAsync(user.UserName, Given.NewUserPassword);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/home")).StatusCode);

        var admin = await app.SignInAsync("demo-admin");
        var marked = await admin.PostFormAsync($"/admin/users/{user.Id}", new(), handler: "RequireMfa");
        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        Assert.True((await app.UserAsync(user.UserName)).RequireMfa);
        Assert.True(await app.DbAsync(db => db.AuditEntries.AnyAsync(e => e.EntityId == user.Id && e.Action == "user.mfa-required")));

        var home = await client.GetAsync("/home");
        Assert.StartsWith("/me/security", home.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var post = await client.PostAsync("/me/notifications", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.SeeOther, post.StatusCode);
    }

    [Fact]
    public async Task The_token_endpoint_wants_the_code_of_a_user_with_MFA()
    {
        var user = await UserAsync();
        var client = await app.SignInAndAcknowledgeAsync(user.UserName, Given.NewUserPassword);
        await EnrolAsync(client);
        var api = app.Anonymous();

        var missing = await api.PostAsJsonAsync("/api/v1/auth/token", new { userName = user.UserName, password = Given.NewUserPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        var body = await missing.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("mfa-code-required", body.GetProperty("rule").GetString());
        Assert.Contains("code", body.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var wrong = await api.PostAsJsonAsync("/api/v1/auth/token", new { userName = user.UserName, password = Given.NewUserPassword, code = "000000" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("mfa-code-wrong", (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());

        var ok = await api.PostAsJsonAsync("/api/v1/auth/token", new { userName = user.UserName, password = Given.NewUserPassword, code = await app.TotpAsync(user.UserName) });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.False(string.IsNullOrEmpty((await ok.Content.ReadFromJsonAsync<AppFactory.TokenResponse>())!.AccessToken));
    }

    [Fact]
    public async Task The_login_page_says_demo_users_need_no_second_factor_in_demo_mode()
    {
        var page = await app.Anonymous().GetDocumentAsync("/login");
        Assert.Contains("デモ用ユーザーは二要素認証なしでログインできます", page.Body!.TextContent, StringComparison.Ordinal);
        // demo-admin signs in with the password alone in demo mode.
        var client = await app.SignInAsync("demo-admin", setUp: false);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/users")).StatusCode);
    }
}
