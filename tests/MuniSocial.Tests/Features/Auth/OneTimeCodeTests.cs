using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Infrastructure.Identity;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Auth;

/// <summary>
/// One-time codes done right (ASVS 6.5.1, 6.5.2, 6.5.5): an authenticator code is accepted for its 30-second step and one
/// step either side, once — on the sign-in page and the token endpoint alike, and only one of two requests sent at the same
/// moment; recovery codes are kept only as salted PBKDF2 hashes and each works once; plain codes of an earlier version are
/// hashed at start and still work once. The clock is this class's own (fake), so the steps are exact.
/// </summary>
public sealed class OneTimeCodeTests(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>
    /// A user with an authenticator enrolled (an admin must have one), past the first sign-in's steps (the guideline
    /// confirmed on the web, with a code); the clock then moved on so that the steps around now are all unused.
    /// </summary>
    private async Task<(Given.NewUser User, string Key)> MfaUserAsync()
    {
        var user = await app.NewUserAsync(roles: "Admin");
        await app.SignInAndAcknowledgeAsync(user.UserName, Given.NewUserPassword);
        app.Clock.Advance(Totp.Step * 3);
        var key = await WithUsersAsync(async users => (await users.GetAuthenticatorKeyAsync((await users.FindByIdAsync(user.Id))!))!);
        return (user, key);
    }

    private async Task<T> WithUsersAsync<T>(Func<UserManager<AppUser>, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>());
    }

    private long Now => Totp.StepAt(app.Clock.GetUtcNow());

    /// <summary>A browser that has passed the password step and is asked for the code.</summary>
    private async Task<HttpClient> PasswordStepAsync(string userName)
    {
        var browser = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var first = await browser.PostFormAsync("/login", new() { ["Input.UserName"] = userName, ["Input.Password"] = Given.NewUserPassword });
        Assert.StartsWith("/login/mfa", first.Headers.Location!.OriginalString, StringComparison.Ordinal);
        return browser;
    }

    private Task<HttpResponseMessage> TokenAsync(string userName, string code) =>
        app.Anonymous().PostAsJsonAsync("/api/v1/auth/token", new { userName, password = Given.NewUserPassword, code });

    private static async Task AssertCodeRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("コードが正しくないか、期限が切れています", (await Html.ParseAsync(response)).Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_the_sign_in_page_a_code_two_steps_old_is_refused_one_step_old_works_once()
    {
        var (user, key) = await MfaUserAsync();
        var now = Now;
        var before = await app.LastTotpStepAsync(user.Id);
        Assert.True(before < now - 1);
        var browser = await PasswordStepAsync(user.UserName);

        await AssertCodeRefusedAsync(await browser.PostFormAsync("/login/mfa", new() { ["Input.Code"] = app.Totp(key, now - 2) }));
        await AssertCodeRefusedAsync(await browser.PostFormAsync("/login/mfa", new() { ["Input.Code"] = app.Totp(key, now + 2) }));
        Assert.Equal(before, await app.LastTotpStepAsync(user.Id));

        var accepted = await browser.PostFormAsync("/login/mfa", new() { ["Input.Code"] = app.Totp(key, now - 1) });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(now - 1, await app.LastTotpStepAsync(user.Id));

        // The same code again — on the page or at the token endpoint — is refused while it would still be in the window.
        await AssertCodeRefusedAsync(await (await PasswordStepAsync(user.UserName)).PostFormAsync("/login/mfa", new() { ["Input.Code"] = app.Totp(key, now - 1) }));
        var token = await TokenAsync(user.UserName, app.Totp(key, now - 1));
        Assert.Equal(HttpStatusCode.Unauthorized, token.StatusCode);
        Assert.Equal("mfa-code-wrong", (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());

        // The current step's code works; after it, the older step's no longer does.
        var current = await (await PasswordStepAsync(user.UserName)).PostFormAsync("/login/mfa", new() { ["Input.Code"] = app.Totp(key, now) });
        Assert.Equal(HttpStatusCode.Redirect, current.StatusCode);
        Assert.Equal(now, await app.LastTotpStepAsync(user.Id));

        // Thirty seconds on, a code two steps old by then is refused though it was never used.
        app.Clock.Advance(Totp.Step);
        await AssertCodeRefusedAsync(await (await PasswordStepAsync(user.UserName)).PostFormAsync("/login/mfa", new() { ["Input.Code"] = app.Totp(key, now - 1) }));
        Assert.Equal(now, await app.LastTotpStepAsync(user.Id));
    }

    [Fact]
    public async Task At_the_token_endpoint_the_same_code_is_taken_once_and_an_older_one_not_after_a_newer()
    {
        var (user, key) = await MfaUserAsync();
        var now = Now;
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(user.UserName, app.Totp(key, now))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(user.UserName, app.Totp(key, now))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(user.UserName, app.Totp(key, now + 1))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(user.UserName, app.Totp(key, now))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(user.UserName, app.Totp(key, now + 2))).StatusCode);
        Assert.Equal(now + 1, await app.LastTotpStepAsync(user.Id));
    }

    [Fact]
    public async Task Two_requests_with_one_code_at_the_same_moment_let_one_through()
    {
        var (user, key) = await MfaUserAsync();
        var now = Now;
        // The first code of the user (the stored step is made) and a later one (the stored step is moved on).
        foreach (var step in new[] { now, now + 1 })
        {
            var code = app.Totp(key, step);
            var answers = await Task.WhenAll(TokenAsync(user.UserName, code), TokenAsync(user.UserName, code));
            var statuses = answers.Select(a => a.StatusCode).Order().ToList();
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Unauthorized], statuses);
            Assert.Equal(step, await app.LastTotpStepAsync(user.Id));
        }
    }

    [Fact]
    public async Task Recovery_codes_are_stored_only_as_salted_hashes_and_each_signs_in_once()
    {
        var (user, _) = await MfaUserAsync();
        var codes = await WithUsersAsync(async users => (await users.GenerateNewTwoFactorRecoveryCodesAsync((await users.FindByIdAsync(user.Id))!, Mfa.RecoveryCodeCount))!.ToList());
        Assert.Equal(10, codes.Count);

        var stored = await StoredCodesAsync(user.Id);
        Assert.StartsWith($"{AppUserStore.Scheme}${AppUserStore.Iterations}$", stored, StringComparison.Ordinal);
        foreach (var code in codes)
        {
            Assert.DoesNotContain(code, stored, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(code.Replace("-", "", StringComparison.Ordinal), stored, StringComparison.OrdinalIgnoreCase);
        }
        // A new set has a new salt: the same codes would not give the same hashes.
        var again = await WithUsersAsync(async users =>
        {
            var u = (await users.FindByIdAsync(user.Id))!;
            await users.GenerateNewTwoFactorRecoveryCodesAsync(u, Mfa.RecoveryCodeCount);
            return await users.GetAuthenticationTokenAsync(u, AppUserStore.InternalLoginProvider, AppUserStore.RecoveryCodeTokenName);
        });
        Assert.NotEqual(stored.Split('$')[2], again!.Split('$')[2]);
        codes = await WithUsersAsync(async users => (await users.GenerateNewTwoFactorRecoveryCodesAsync((await users.FindByIdAsync(user.Id))!, Mfa.RecoveryCodeCount))!.ToList());

        var used = await (await PasswordStepAsync(user.UserName)).PostFormAsync("/login/recovery", new() { ["Input.Code"] = codes[3] });
        Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
        var reused = await (await PasswordStepAsync(user.UserName)).PostFormAsync("/login/recovery", new() { ["Input.Code"] = codes[3] });
        Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
        Assert.Contains("既に使われています", (await Html.ParseAsync(reused)).Text(), StringComparison.Ordinal);
        Assert.Equal(9, await WithUsersAsync(async users => await users.CountRecoveryCodesAsync((await users.FindByIdAsync(user.Id))!)));
        // Another code of the set, typed in lower case without the hyphen, still works.
        var other = codes[7].Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
        Assert.Equal(HttpStatusCode.Redirect, (await (await PasswordStepAsync(user.UserName)).PostFormAsync("/login/recovery", new() { ["Input.Code"] = other })).StatusCode);
        Assert.Equal(8, await WithUsersAsync(async users => await users.CountRecoveryCodesAsync((await users.FindByIdAsync(user.Id))!)));
    }

    [Fact]
    public async Task Plain_codes_of_an_earlier_version_are_hashed_at_start_and_still_work_once()
    {
        var (user, _) = await MfaUserAsync();
        var (second, _) = await MfaUserAsync();
        // As Identity kept them before: in plain text, separated by ';'.
        await SetStoredCodesAsync(user.Id, "AB2CD-EF3GH;JK4MN-PQ5RT;VW6XY-BC7DF");
        await SetStoredCodesAsync(second.Id, "HJ8KM-NP9QR;TV2WX-YB3CD");

        Assert.True(await app.DbAsync(AppUserStore.HashPlainCodesAsync) >= 1);
        var stored = await StoredCodesAsync(user.Id);
        Assert.StartsWith(AppUserStore.Scheme + "$", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("JK4MN", stored, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await (await PasswordStepAsync(user.UserName)).PostFormAsync("/login/recovery", new() { ["Input.Code"] = "JK4MN-PQ5RT" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await PasswordStepAsync(user.UserName)).PostFormAsync("/login/recovery", new() { ["Input.Code"] = "JK4MN-PQ5RT" })).StatusCode);

        // A plain set read before the start's conversion (written after it here) works once too, and is hashed by that use.
        await SetStoredCodesAsync(second.Id, "HJ8KM-NP9QR;TV2WX-YB3CD");
        Assert.Equal(HttpStatusCode.Redirect, (await (await PasswordStepAsync(second.UserName)).PostFormAsync("/login/recovery", new() { ["Input.Code"] = "tv2wx yb3cd" })).StatusCode);
        var after = await StoredCodesAsync(second.Id);
        Assert.StartsWith(AppUserStore.Scheme + "$", after, StringComparison.Ordinal);
        Assert.DoesNotContain("HJ8KM", after, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await (await PasswordStepAsync(second.UserName)).PostFormAsync("/login/recovery", new() { ["Input.Code"] = "TV2WX-YB3CD" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await (await PasswordStepAsync(second.UserName)).PostFormAsync("/login/recovery", new() { ["Input.Code"] = "HJ8KM-NP9QR" })).StatusCode);
    }

    /// <summary>What the database holds for the user's recovery codes, read as a person with the database would.</summary>
    private Task<string> StoredCodesAsync(string userId) => app.DbAsync(async db => (await db.UserTokens.AsNoTracking()
        .SingleAsync(t => t.UserId == userId && t.LoginProvider == AppUserStore.InternalLoginProvider && t.Name == AppUserStore.RecoveryCodeTokenName)).Value!);

    private Task SetStoredCodesAsync(string userId, string value) => app.DbAsync(async db =>
    {
        var row = await db.UserTokens.SingleOrDefaultAsync(t => t.UserId == userId && t.LoginProvider == AppUserStore.InternalLoginProvider && t.Name == AppUserStore.RecoveryCodeTokenName);
        if (row is null)
        {
            db.UserTokens.Add(new IdentityUserToken<string> { UserId = userId, LoginProvider = AppUserStore.InternalLoginProvider, Name = AppUserStore.RecoveryCodeTokenName, Value = value });
        }
        else
        {
            row.Value = value;
        }
        await db.SaveChangesAsync();
    });
}
