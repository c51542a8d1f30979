using Microsoft.AspNetCore.Identity;

namespace MuniSocial.Features.Auth;

/// <summary>
/// /me/security: the signed-in user's second factor (ASVS 6.3.3). Enrol an authenticator app (QR code drawn on the
/// server, the key in groups of 4), confirm with a code, see the recovery codes once; make new recovery codes;
/// turn it off (current password or code). Every change is a security event; the session is re-issued because the
/// change renews the security stamp (other sessions end).
/// </summary>
public sealed class SecurityModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, AppDbContext db, Mfa mfa, SecurityEvents events) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? CurrentPassword { get; set; }

    public bool Enabled { get; private set; }
    public bool Required { get; private set; }
    public int RecoveryCodesLeft { get; private set; }
    public string UserName { get; private set; } = "";
    public string? Key { get; private set; }
    public string? QrSvg { get; private set; }

    /// <summary>Shown once, in the answer to the POST that made them.</summary>
    public IReadOnlyList<string>? NewRecoveryCodes { get; private set; }

    public string Continue => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/home";

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : Challenge();

    public async Task<IActionResult> OnPostEnableAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        if (user.TwoFactorEnabled)
        {
            return this.FlashAndRedirect("二要素認証は既に設定されています。", SignInGate.SecurityPath);
        }
        if (string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(user)))
        {
            // No key was ever shown to this person (the page was not opened first): start from the page, nothing saved.
            return this.FlashAndRedirect("認証アプリに登録するキーを表示しました。QRコードを読み取ってから、コードを入力してください。", SignInGate.SecurityPath);
        }
        var code = Mfa.CleanCode(Code);
        if (code.Length == 0 || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError(nameof(Code), code.Length == 0
                ? "認証アプリに表示されている6桁のコードを入力してください。"
                : "コードが正しくないか、期限が切れています。認証アプリに表示されている最新の6桁を入力してください（スマートフォンの時刻が正しいかも確認してください）。");
            await LoadAsync();
            return Page();
        }
        Check(await users.SetTwoFactorEnabledAsync(user, true));
        NewRecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, Mfa.RecoveryCodeCount))?.ToList();
        await events.RecordAsync(SecurityEventKind.MfaEnabled, user.Id, user.UserName, "totp");
        await signIn.RefreshSignInAsync(user);
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        if (!user.TwoFactorEnabled)
        {
            return this.FlashAndRedirect("二要素認証が設定されていないため、回復コードは作れません。", SignInGate.SecurityPath);
        }
        var code = Mfa.CleanCode(Code);
        if (code.Length == 0 || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError(nameof(Code), "回復コードを作り直すには、認証アプリに表示されている最新の6桁のコードを入力してください。");
            await LoadAsync(user);
            return Page();
        }
        NewRecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, Mfa.RecoveryCodeCount))?.ToList();
        await events.RecordAsync(SecurityEventKind.MfaRecoveryCodesReset, user.Id, user.UserName);
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        await LoadAsync(user);
        if (!user.TwoFactorEnabled)
        {
            return this.FlashAndRedirect("二要素認証は設定されていません。", SignInGate.SecurityPath);
        }
        if (Required)
        {
            ModelState.AddModelError(string.Empty, "この利用者は二要素認証が必須のため、解除できません。認証アプリを替える場合は、解除せずにシステム管理者へ相談してください。");
            return Page();
        }
        var code = Mfa.CleanCode(Code);
        var proven = (!string.IsNullOrEmpty(CurrentPassword) && await users.CheckPasswordAsync(user, CurrentPassword))
            || (code.Length > 0 && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code));
        if (!proven)
        {
            ModelState.AddModelError(nameof(CurrentPassword), "解除するには、現在のパスワードか認証アプリの最新のコードを正しく入力してください。");
            return Page();
        }
        Check(await users.SetTwoFactorEnabledAsync(user, false));
        Check(await users.ResetAuthenticatorKeyAsync(user));
        await events.RecordAsync(SecurityEventKind.MfaDisabled, user.Id, user.UserName);
        await signIn.RefreshSignInAsync(user);
        return this.FlashAndRedirect("二要素認証を解除しました。", SignInGate.SecurityPath);
    }

    private async Task<bool> LoadAsync(AppUser? user = null)
    {
        user ??= await users.GetUserAsync(User);
        if (user is null)
        {
            return false;
        }
        UserName = user.UserName ?? "";
        Enabled = user.TwoFactorEnabled;
        Required = mfa.IsRequired(user.IsDemo, user.RequireMfa, await SignInGate.RolesAsync(db, user.Id, HttpContext.RequestAborted));
        if (Enabled)
        {
            RecoveryCodesLeft = await users.CountRecoveryCodesAsync(user);
            return true;
        }
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            // A key to enrol with, stored without renewing the security stamp: opening this page must not end the person's
            // other sessions and tokens (ResetAuthenticatorKeyAsync would; nothing is enabled until a code confirms it).
            // Stored only when the page is opened (GET): a refused form shown again saves nothing (its key is then only shown,
            // and confirming sends the person back to the page to scan the stored one).
            key = users.GenerateNewAuthenticatorKey();
            if (HttpMethods.IsGet(Request.Method))
            {
                Check(await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", key));
            }
        }
        Key = Mfa.Grouped(key!);
        QrSvg = Mfa.QrSvg(Mfa.AuthenticatorUri(UserName, key!));
        return true;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
