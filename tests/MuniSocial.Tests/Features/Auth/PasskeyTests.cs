using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Features.Auth;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Auth;

/// <summary>
/// Passkeys as an optional second way to sign in (issue 14 item 1): the options name the configured relying party and a
/// fresh challenge; a passkey made by a software authenticator (<see cref="SoftPasskey"/>) is registered on /me/security,
/// signs in on /login, is renamed and removed (with the password); forged answers are refused in Japanese with nothing
/// saved; the pages work without script; a passkey satisfies the required second factor. (The browser test
/// <c>PasskeyJourneyTests</c> does the same with Chromium's virtual authenticator.)
/// </summary>
public sealed class PasskeyTests(PasskeyTests.PasskeyApp app) : IClassFixture<PasskeyTests.PasskeyApp>
{
    /// <summary>The app behind its public address, as in production behind the TLS proxy.</summary>
    public sealed class PasskeyApp : AppFactory
    {
        public const string Origin = "https://sns.city.nayoro.example";
        public const string RpId = "sns.city.nayoro.example";

        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["PublicSite:BaseUrl"] = Origin + "/" };
    }

    private async Task<Given.NewUser> UserAsync(params string[] roles)
    {
        var user = await app.NewUserAsync(section: roles.Contains("PrOffice") ? "秘書広報課" : "営業戦略室", roles: roles);
        await app.DbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.MustChangePassword, false)));
        return user;
    }

    private HttpClient Browser() => app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<string> TokenAsync(HttpClient client, string page, string handler)
    {
        var document = await client.GetDocumentAsync(page);
        var form = document.Forms.First(f => (f.GetAttribute("action") ?? "").Contains("handler=" + handler, StringComparison.OrdinalIgnoreCase));
        return form.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
    }

    private static async Task<JsonElement> OptionsAsync(HttpClient client, string page, string formHandler, string optionsHandler)
    {
        var token = await TokenAsync(client, page, formHandler);
        var response = await client.PostAsync($"{page}?handler={optionsHandler}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string page, string handler, Dictionary<string, string> fields, string token) =>
        client.PostAsync($"{page}?handler={handler}", new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token }));

    /// <summary>Registers <paramref name="key"/> on /me/security as the browser script would: options, the authenticator's answer, the form.</summary>
    private static async Task<HttpResponseMessage> AddAsync(HttpClient client, SoftPasskey key, string name, string origin = PasskeyApp.Origin,
        Func<JsonElement, string>? answer = null, string? password = Given.NewUserPassword)
    {
        var options = await OptionsAsync(client, "/me/security", "AddPasskey", "PasskeyCreationOptions");
        var token = await TokenAsync(client, "/me/security", "AddPasskey");
        var credential = answer?.Invoke(options) ?? key.Create(options, origin);
        var fields = new Dictionary<string, string> { ["PasskeyName"] = name, ["Credential"] = credential };
        if (password is not null)
        {
            fields["AddPasskeyPassword"] = password;
        }
        return await PostAsync(client, "/me/security", "AddPasskey", fields, token);
    }

    /// <summary>Signs in on /login with <paramref name="key"/> (options, assertion, the form).</summary>
    private static async Task<HttpResponseMessage> PasskeySignInAsync(HttpClient client, SoftPasskey key, string origin = PasskeyApp.Origin, ECDsa? forgedBy = null)
    {
        var options = await OptionsAsync(client, "/login", "Passkey", "PasskeyOptions");
        var token = await TokenAsync(client, "/login", "Passkey");
        return await PostAsync(client, "/login", "Passkey", new() { ["Credential"] = key.Get(options, origin, forgedBy) }, token);
    }

    private Task<List<(string Name, string UserId)>> PasskeysAsync(string userId) => app.DbAsync(async db =>
        (await db.UserPasskeys.AsNoTracking().Where(p => p.UserId == userId).ToListAsync()).Select(p => (p.Data.Name ?? "", p.UserId)).ToList());

    private Task<List<string>> PasskeyAuditAsync(string userId) => app.DbAsync(db =>
        db.AuditEntries.AsNoTracking().Where(e => e.EntityId == userId && e.Action.StartsWith("security.passkey")).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());

    [Fact]
    public async Task The_options_name_the_configured_relying_party_and_a_fresh_challenge()
    {
        var user = await UserAsync();
        var client = await app.SignInAndAcknowledgeAsync(user.UserName, Given.NewUserPassword);

        var creation = await OptionsAsync(client, "/me/security", "AddPasskey", "PasskeyCreationOptions");
        Assert.Equal(PasskeyApp.RpId, creation.GetProperty("rp").GetProperty("id").GetString());
        Assert.Equal(user.UserName, creation.GetProperty("user").GetProperty("name").GetString());
        Assert.Equal("required", creation.GetProperty("authenticatorSelection").GetProperty("userVerification").GetString());
        Assert.Equal("required", creation.GetProperty("authenticatorSelection").GetProperty("residentKey").GetString());
        var challenge = creation.GetProperty("challenge").GetString()!;
        Assert.True(System.Buffers.Text.Base64Url.DecodeFromChars(challenge).Length >= 16, challenge);
        var again = await OptionsAsync(client, "/me/security", "AddPasskey", "PasskeyCreationOptions");
        Assert.NotEqual(challenge, again.GetProperty("challenge").GetString());

        var request = await OptionsAsync(app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }), "/login", "Passkey", "PasskeyOptions");
        Assert.Equal(PasskeyApp.RpId, request.GetProperty("rpId").GetString());
        Assert.Equal("required", request.GetProperty("userVerification").GetString());
        Assert.True(System.Buffers.Text.Base64Url.DecodeFromChars(request.GetProperty("challenge").GetString()!).Length >= 16);

        // Without the antiforgery token nothing is answered.
        var bare = await app.Anonymous().PostAsync("/login?handler=PasskeyOptions", new FormUrlEncodedContent([]));
        Assert.NotEqual(HttpStatusCode.OK, bare.StatusCode);
    }

    [Fact]
    public async Task A_passkey_is_registered_signs_in_is_renamed_and_is_removed_only_with_the_password()
    {
        var user = await UserAsync();
        var client = await app.SignInAndAcknowledgeAsync(user.UserName, Given.NewUserPassword);
        using var key = new SoftPasskey();

        var added = await AddAsync(client, key, "  執務室のパソコン ");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal([("執務室のパソコン", user.Id)], await PasskeysAsync(user.Id));
        var page = await client.GetDocumentAsync("/me/security");
        Assert.Contains("執務室のパソコン", page.QuerySelector("table")!.TextContent, StringComparison.Ordinal);

        // The passkey alone signs in, as multi-factor.
        var browser = Browser();
        var signedIn = await PasskeySignInAsync(browser, key);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/home", signedIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/home")).StatusCode);
        var succeeded = await app.DbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityId == user.Id && e.Action == "security.sign-in-succeeded").Select(e => e.After).ToListAsync());
        Assert.Contains(succeeded, a => a != null && a.Contains("\"passkey\"", StringComparison.Ordinal));

        var id = page.QuerySelector<IHtmlSelectElement>("#rename-passkey")!.Value ?? "";
        var renamed = await PostAsync(client, "/me/security", "RenamePasskey", new() { ["PasskeyId"] = id, ["PasskeyName"] = "業務用スマートフォン" },
            await TokenAsync(client, "/me/security", "RenamePasskey"));
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        Assert.Equal("業務用スマートフォン", (await PasskeysAsync(user.Id)).Single().Name);
        var badName = await PostAsync(client, "/me/security", "RenamePasskey", new() { ["PasskeyId"] = id, ["PasskeyName"] = "a\u202Eb" },
            await TokenAsync(client, "/me/security", "RenamePasskey"));
        Assert.Contains("使えない文字", (await Html.ParseAsync(badName)).Text(), StringComparison.Ordinal);
        Assert.Equal("業務用スマートフォン", (await PasskeysAsync(user.Id)).Single().Name);

        var refused = await PostAsync(client, "/me/security", "RemovePasskey", new() { ["PasskeyId"] = id, ["PasskeyPassword"] = "not-my-password-at-all" },
            await TokenAsync(client, "/me/security", "RemovePasskey"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("現在のパスワードを正しく入力してください", (await Html.ParseAsync(refused)).Text(), StringComparison.Ordinal);
        Assert.Single(await PasskeysAsync(user.Id));

        var removed = await PostAsync(client, "/me/security", "RemovePasskey", new() { ["PasskeyId"] = id, ["PasskeyPassword"] = Given.NewUserPassword },
            await TokenAsync(client, "/me/security", "RemovePasskey"));
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Empty(await PasskeysAsync(user.Id));
        Assert.Equal(["security.passkey-added", "security.passkey-renamed", "security.passkey-removed"], await PasskeyAuditAsync(user.Id));

        // The removed passkey signs in no more.
        var gone = await PasskeySignInAsync(Browser(), key);
        Assert.Equal(HttpStatusCode.OK, gone.StatusCode);
        Assert.Contains("パスキーでログインできませんでした", (await Html.ParseAsync(gone)).Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_passwords_typed_for_a_name_lock_the_password_but_not_the_persons_passkey()
    {
        // Someone who keeps typing wrong passwords for the admin's name keeps the password locked (Identity's lockout,
        // renewed as long as they go on); the person's passkey, which cannot be guessed, still signs them in.
        var user = await UserAsync("Admin");
        var client = await app.SignInAndAcknowledgeAsync(user.UserName, Given.NewUserPassword);
        using var key = new SoftPasskey();
        Assert.Equal(HttpStatusCode.Redirect, (await AddAsync(client, key, "管理者の端末")).StatusCode);
        for (var i = 0; i < 5; i++)
        {
            await Browser().PostFormAsync("/login", new() { ["Input.UserName"] = user.UserName, ["Input.Password"] = "guessed-password-" + i });
        }
        Assert.True(await app.DbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.LockoutEnd).SingleAsync()) is not null);
        var password = await Browser().PostFormAsync("/login", new() { ["Input.UserName"] = user.UserName, ["Input.Password"] = Given.NewUserPassword });
        Assert.Equal(HttpStatusCode.OK, password.StatusCode);

        var browser = Browser();
        var signedIn = await PasskeySignInAsync(browser, key);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/home")).StatusCode);
        // The lockout stays for the password (the attacker is still held back), and the sign-in says it was during one.
        Assert.True(await app.DbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.LockoutEnd).SingleAsync()) is not null);
        var succeeded = await app.DbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityId == user.Id && e.Action == "security.sign-in-succeeded").Select(e => e.After).ToListAsync());
        Assert.Contains(succeeded, a => a != null && a.Contains("password locked out", StringComparison.Ordinal));

        // A deactivated user's passkey signs in no more.
        await app.DbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false)));
        var deactivated = await PasskeySignInAsync(Browser(), key);
        Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
    }

    [Fact]
    public async Task A_forged_or_stale_registration_is_refused_in_Japanese_and_nothing_is_saved()
    {
        var user = await UserAsync();
        var client = await app.SignInAndAcknowledgeAsync(user.UserName, Given.NewUserPassword);
        using var key = new SoftPasskey();

        // Another site's origin, a challenge the server did not give, no user verification, garbage.
        foreach (var (origin, answer) in new (string, Func<JsonElement, string>?)[]
        {
            ("https://sns-city-nayoro.example", null),
            (PasskeyApp.Origin, o => key.Create(o, PasskeyApp.Origin, challenge: SoftPasskey.B64(RandomNumberGenerator.GetBytes(32)))),
            (PasskeyApp.Origin, o => key.Create(o, PasskeyApp.Origin, userVerified: false)),
            (PasskeyApp.Origin, _ => "{\"id\":\"AAAA\",\"type\":\"public-key\",\"response\":{}}"),
            (PasskeyApp.Origin, _ => "not json at all"),
        })
        {
            var response = await AddAsync(client, key, "偽物", origin, answer);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("パスキーを確認できなかったため、登録しませんでした", (await Html.ParseAsync(response)).Text(), StringComparison.Ordinal);
        }

        // An answer without options asked first (or after the state expired).
        var stale = await PostAsync(client, "/me/security", "AddPasskey", new() { ["PasskeyName"] = "古い", ["Credential"] = "{}" },
            await TokenAsync(client, "/me/security", "AddPasskey"));
        Assert.Contains("有効時間が過ぎました", (await Html.ParseAsync(stale)).Text(), StringComparison.Ordinal);

        // No name: asked for before anything else.
        var unnamed = await AddAsync(client, key, " ");
        Assert.Contains("パスキーの名前を入力してください", (await Html.ParseAsync(unnamed)).Text(), StringComparison.Ordinal);

        Assert.Empty(await PasskeysAsync(user.Id));
        Assert.Empty(await PasskeyAuditAsync(user.Id));
    }

    [Fact]
    public async Task Adding_a_passkey_needs_the_current_password_so_a_cookie_alone_cannot_plant_one()
    {
        // Whoever has only the signed-in cookie (a browser left open, a stolen cookie) would otherwise add their own passkey,
        // which signs in by itself and outlives the session and a password change (ASVS 7.5.1).
        var user = await UserAsync();
        var client = await app.SignInAndAcknowledgeAsync(user.UserName, Given.NewUserPassword);
        using var key = new SoftPasskey();

        foreach (var password in new string?[] { null, "", "not-my-password-at-all" })
        {
            var refused = await AddAsync(client, key, "持ち込まれた端末", password: password);
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            var text = (await Html.ParseAsync(refused)).Text();
            Assert.Contains(SecurityModel.AddPasskeyProofMessage, text, StringComparison.Ordinal);
        }
        Assert.Empty(await PasskeysAsync(user.Id));
        Assert.Empty(await PasskeyAuditAsync(user.Id));
        var signIn = await PasskeySignInAsync(Browser(), key);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains("パスキーでログインできませんでした", (await Html.ParseAsync(signIn)).Text(), StringComparison.Ordinal);

        // The page asks for it beside the name; with the password the passkey is added.
        var form = (await client.GetDocumentAsync("/me/security")).Forms.First(f => (f.GetAttribute("action") ?? "").Contains("handler=AddPasskey", StringComparison.OrdinalIgnoreCase));
        Assert.NotNull(form.QuerySelector("input[name=AddPasskeyPassword][type=password]"));
        Assert.Equal(HttpStatusCode.Redirect, (await AddAsync(client, key, "執務室のパソコン")).StatusCode);
        Assert.Single(await PasskeysAsync(user.Id));
    }

    [Fact]
    public async Task A_forged_assertion_does_not_sign_in()
    {
        var user = await UserAsync();
        var client = await app.SignInAndAcknowledgeAsync(user.UserName, Given.NewUserPassword);
        using var key = new SoftPasskey();
        Assert.Equal(HttpStatusCode.Redirect, (await AddAsync(client, key, "正規の鍵")).StatusCode);

        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        foreach (var attempt in new Func<HttpClient, Task<HttpResponseMessage>>[]
        {
            b => PasskeySignInAsync(b, key, forgedBy: other),                       // signed by another key
            b => PasskeySignInAsync(b, key, origin: "https://evil.example"),         // answered for another site
        })
        {
            var browser = Browser();
            var response = await attempt(browser);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("パスキーでログインできませんでした", (await Html.ParseAsync(response)).Text(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/home")).StatusCode);
        }

        // A posted answer without options first: a Japanese message, not a 500.
        var direct = Browser();
        var token = await TokenAsync(direct, "/login", "Passkey");
        var stale = await PostAsync(direct, "/login", "Passkey", new() { ["Credential"] = "{}" }, token);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("有効時間が過ぎました", (await Html.ParseAsync(stale)).Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_script_the_pages_say_so_and_the_rest_works()
    {
        var login = await app.Anonymous().GetDocumentAsync("/login");
        Assert.Contains("パスキーでのログインには JavaScript が必要です", login.QuerySelector("noscript")!.TextContent, StringComparison.Ordinal);
        Assert.True(login.QuerySelector("[data-passkey-box]")!.HasAttribute("hidden"));
        Assert.NotNull(login.QuerySelector("script[src^='/js/passkey.js']"));
        Assert.Null(login.QuerySelector("script:not([src])"));

        var user = await UserAsync();
        var client = await app.SignInAndAcknowledgeAsync(user.UserName, Given.NewUserPassword);
        var page = await client.GetDocumentAsync("/me/security");
        Assert.Contains("パスキーの登録には JavaScript が必要です", string.Join(" ", page.QuerySelectorAll("noscript").Select(n => n.TextContent)), StringComparison.Ordinal);
        Assert.True(page.QuerySelector("[data-passkey-box]")!.HasAttribute("hidden"));
        Assert.Contains("登録されたパスキーはありません", page.Text(), StringComparison.Ordinal);
        // The app's enrolment works as before without script; a passkey form posted without the script's answer is refused plainly.
        Assert.NotNull(page.QuerySelector(".qr svg"));
        var noScript = await PostAsync(client, "/me/security", "AddPasskey", new() { ["PasskeyName"] = "名前だけ" }, await TokenAsync(client, "/me/security", "AddPasskey"));
        Assert.Contains("パスキーの登録には JavaScript が必要です", (await Html.ParseAsync(noScript)).Text(), StringComparison.Ordinal);
        Assert.Empty(await PasskeysAsync(user.Id));
    }

    [Fact]
    public async Task A_passkey_is_the_required_second_factor_and_then_the_password_alone_does_not_sign_in()
    {
        var user = await UserAsync("Admin");
        var client = await app.SignInAsync(user.UserName, Given.NewUserPassword, setUp: false);
        Assert.StartsWith("/me/security", (await client.GetAsync("/home")).Headers.Location!.OriginalString, StringComparison.Ordinal);
        var page = await client.GetDocumentAsync("/me/security");
        Assert.Contains("認証アプリ（次の手順）かパスキーのどちらかを設定するまで", page.Text(), StringComparison.Ordinal);

        using var key = new SoftPasskey();
        Assert.Equal(HttpStatusCode.Redirect, (await AddAsync(client, key, "管理用パソコン")).StatusCode);
        Assert.DoesNotContain("/me/security", (await client.GetAsync("/home")).Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);

        // The password alone is one factor: refused, and told to use the passkey.
        var password = await Browser().PostFormAsync("/login", new() { ["Input.UserName"] = user.UserName, ["Input.Password"] = Given.NewUserPassword });
        Assert.Equal(HttpStatusCode.OK, password.StatusCode);
        Assert.Contains(LoginModel.PasskeyRequiredMessage, (await Html.ParseAsync(password)).Text(), StringComparison.Ordinal);

        var browser = Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await PasskeySignInAsync(browser, key)).StatusCode);
        Assert.DoesNotContain("/me/security", (await browser.GetAsync("/admin/users")).Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);

        // The last passkey of a user who must have a second factor and has no app stays.
        var id = (await client.GetDocumentAsync("/me/security")).QuerySelector<IHtmlSelectElement>("#remove-passkey")!.Value ?? "";
        var last = await PostAsync(client, "/me/security", "RemovePasskey", new() { ["PasskeyId"] = id, ["PasskeyPassword"] = Given.NewUserPassword },
            await TokenAsync(client, "/me/security", "RemovePasskey"));
        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        Assert.Contains(SecurityModel.LastPasskeyMessage, (await Html.ParseAsync(last)).Text(), StringComparison.Ordinal);
        Assert.Single(await PasskeysAsync(user.Id));

        // The admin's reset (a lost device) removes the passkeys too; the user must enrol again.
        var admin = await app.SignInAsync("demo-admin");
        var userPage = await admin.GetDocumentAsync($"/admin/users/{user.Id}");
        Assert.Contains("設定済み（パスキー 1 個）", userPage.Text(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/admin/users/{user.Id}", new(), handler: "ResetMfa")).StatusCode);
        Assert.Empty(await PasskeysAsync(user.Id));
        Assert.True(await app.DbAsync(db => db.AuditEntries.AnyAsync(e => e.EntityId == user.Id && e.Action == "user.mfa-reset")));
        Assert.StartsWith("/me/security", (await browser.GetAsync("/home")).Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
