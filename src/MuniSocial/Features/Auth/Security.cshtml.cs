using Microsoft.AspNetCore.Identity;

namespace MuniSocial.Features.Auth;

/// <summary>
/// /me/security: the signed-in user's second factor (ASVS 6.3.3). Enrol an authenticator app (QR code drawn on the
/// server, the key in groups of 4), confirm with the current password and a code, see the recovery codes once; make new recovery codes;
/// turn it off (current password or code). Every change is a security event; the session is re-issued because the
/// change renews the security stamp (other sessions end).
/// <para>
/// Passkeys (<see cref="Passkeys"/>): the list, add one (a name and the current password or the app's code, then the browser's <c>navigator.credentials.create</c>
/// through /js/passkey.js — without script the page says so and the rest works), rename, remove (the current password
/// or the app's code, like turning off the app). A user who must have a second factor keeps at least one: the last
/// passkey of such a user without the app is not removed.
/// </para>
/// </summary>
public sealed class SecurityModel(UserManager<AppUser> users, AppSignInManager signIn, AppDbContext db, Mfa mfa, SecurityEvents events) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? CurrentPassword { get; set; }

    /// <summary>The passkey forms' fields (one form at a time is posted).</summary>
    [BindProperty]
    public string? PasskeyName { get; set; }

    [BindProperty]
    public string? PasskeyId { get; set; }

    /// <summary>The JSON of <c>navigator.credentials.create</c>, set by /js/passkey.js.</summary>
    [BindProperty]
    public string? Credential { get; set; }

    [BindProperty]
    public string? PasskeyPassword { get; set; }

    [BindProperty]
    public string? PasskeyCode { get; set; }

    /// <summary>The add-passkey form's proof (ASVS 7.5.1): the current password, or the app's code.</summary>
    [BindProperty]
    public string? AddPasskeyPassword { get; set; }

    [BindProperty]
    public string? AddPasskeyCode { get; set; }

    public sealed record PasskeyRow(string Id, string Name, DateTimeOffset CreatedAt, bool BackedUp);

    public IReadOnlyList<PasskeyRow> PasskeyList { get; private set; } = [];

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
        // And the current password (ASVS 7.5.1), asked after the code so that a form that fails anyway costs no failed sign-in: whoever holds only the cookie must not put their own authenticator on the account.
        if (await signIn.ReauthenticateAsync(user, CurrentPassword, null) is not Reauthentication.Proven and var refused)
        {
            ModelState.AddModelError(nameof(CurrentPassword), ProofRefused(refused, "二要素認証を設定する", codeAccepted: false));
            await LoadAsync(user);
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
        if (await signIn.ReauthenticateAsync(user, CurrentPassword, Code) is not Reauthentication.Proven and var refused)
        {
            ModelState.AddModelError(nameof(CurrentPassword), ProofRefused(refused, "解除する", codeAccepted: true));
            return Page();
        }
        Check(await users.SetTwoFactorEnabledAsync(user, false));
        Check(await users.ResetAuthenticatorKeyAsync(user));
        await events.RecordAsync(SecurityEventKind.MfaDisabled, user.Id, user.UserName);
        await signIn.RefreshSignInAsync(user);
        return this.FlashAndRedirect("二要素認証を解除しました。", SignInGate.SecurityPath);
    }

    /// <summary>The options for <c>navigator.credentials.create</c> (JSON; the challenge is kept in Identity's short-lived cookie).</summary>
    public async Task<IActionResult> OnPostPasskeyCreationOptionsAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        var entity = new PasskeyUserEntity
        {
            Id = user.Id,
            Name = user.UserName ?? user.Id,
            DisplayName = string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName ?? user.Id : user.DisplayName,
        };
        return Content(await signIn.MakePasskeyCreationOptionsAsync(entity), "application/json");
    }

    public async Task<IActionResult> OnPostAddPasskeyAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        if (Passkeys.NameProblem(PasskeyName) is { } nameProblem)
        {
            ModelState.AddModelError(nameof(PasskeyName), nameProblem);
        }
        else if (string.IsNullOrEmpty(Credential) || Credential.Length > Passkeys.CredentialJsonMaxLength)
        {
            ModelState.AddModelError(nameof(PasskeyName), "パスキーの登録には JavaScript が必要です。JavaScript を有効にしたブラウザで「パスキーを登録する」を押し、表示される確認に答えてください。");
        }
        else if (!await Passkeys.IsUnderwayAsync(HttpContext, Passkeys.Attestation))
        {
            ModelState.AddModelError(nameof(PasskeyName), "パスキーの確認の有効時間が過ぎました。もう一度「パスキーを登録する」を押してください。");
        }
        else
        {
            var attestation = await signIn.PerformPasskeyAttestationAsync(Credential);
            if (!attestation.Succeeded || attestation.UserEntity.Id != user.Id)
            {
                ModelState.AddModelError(nameof(PasskeyName), "パスキーを確認できなかったため、登録しませんでした（応答が正しくないか、既に登録されているパスキーです）。もう一度お試しください。");
            }
            // A passkey signs in by itself: whoever holds only the cookie (a browser left open, a stolen cookie) must not add one.
            else if (await signIn.ReauthenticateAsync(user, AddPasskeyPassword, AddPasskeyCode) is not Reauthentication.Proven and var refused)
            {
                ModelState.AddModelError(nameof(AddPasskeyPassword), ProofRefused(refused, "パスキーを登録する", user.TwoFactorEnabled));
            }
            else
            {
                var passkey = attestation.Passkey;
                passkey.Name = PasskeyName!.Trim();
                Check(await users.AddOrUpdatePasskeyAsync(user, passkey));
                await events.RecordAsync(SecurityEventKind.PasskeyAdded, user.Id, user.UserName, passkey.Name);
                return this.FlashAndRedirect($"パスキー「{passkey.Name}」を登録しました。次からは「パスキーでログイン」でログインできます。", Back);
            }
        }
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostRenamePasskeyAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        var passkey = Passkeys.ParseId(PasskeyId) is { } id ? await users.GetPasskeyAsync(user, id) : null;
        if (passkey is null)
        {
            ModelState.AddModelError(nameof(PasskeyId), "名前を変えるパスキーを選んでください。");
        }
        else if (Passkeys.NameProblem(PasskeyName) is { } nameProblem)
        {
            ModelState.AddModelError(nameof(PasskeyName), nameProblem);
        }
        else
        {
            var before = passkey.Name;
            passkey.Name = PasskeyName!.Trim();
            Check(await users.AddOrUpdatePasskeyAsync(user, passkey));
            await events.RecordAsync(SecurityEventKind.PasskeyRenamed, user.Id, user.UserName, $"{before} → {passkey.Name}");
            return this.FlashAndRedirect($"パスキーの名前を「{passkey.Name}」に変更しました。", Back);
        }
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostRemovePasskeyAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        await LoadAsync(user);
        var passkey = Passkeys.ParseId(PasskeyId) is { } id ? await users.GetPasskeyAsync(user, id) : null;
        if (passkey is null)
        {
            ModelState.AddModelError(nameof(PasskeyId), "削除するパスキーを選んでください。");
            return Page();
        }
        if (await signIn.ReauthenticateAsync(user, PasskeyPassword, PasskeyCode) is not Reauthentication.Proven and var refused)
        {
            ModelState.AddModelError(nameof(PasskeyPassword), ProofRefused(refused, "削除する", user.TwoFactorEnabled));
            return Page();
        }
        if (Required && !user.TwoFactorEnabled && PasskeyList.Count <= 1)
        {
            ModelState.AddModelError(nameof(PasskeyId), LastPasskeyMessage);
            return Page();
        }
        Check(await users.RemovePasskeyAsync(user, passkey.CredentialId));
        await events.RecordAsync(SecurityEventKind.PasskeyRemoved, user.Id, user.UserName, passkey.Name);
        await signIn.RefreshSignInAsync(user);
        return this.FlashAndRedirect($"パスキー「{passkey.Name}」を削除しました。", Back);
    }

    public static readonly string EnableProofMessage = ProofRefused(Reauthentication.WrongPassword, "二要素認証を設定する", codeAccepted: false);

    public static readonly string AddPasskeyProofMessage = ProofRefused(Reauthentication.WrongPassword, "パスキーを登録する", codeAccepted: false);

    /// <summary>
    /// The one message for a step whose second proof (<see cref="AppSignInManager.ReauthenticateAsync"/>) was refused:
    /// locked out, or "to do this, type the current password (or the app's latest code) correctly".
    /// </summary>
    private static string ProofRefused(Reauthentication refused, string doing, bool codeAccepted) => refused == Reauthentication.LockedOut
        ? LockedOutMessage
        : $"{doing}には、現在のパスワード{(codeAccepted ? "か認証アプリの最新のコード" : "")}を正しく入力してください。";

    public const string LockedOutMessage = "続けて失敗したため、このユーザーは一時的にロックされています。15分後に再度お試しください。";

    public const string LastPasskeyMessage =
        "この利用者は二要素認証が必須のため、最後のパスキーは削除できません。先に認証アプリを設定するか、別のパスキーを登録してから削除してください。";

    /// <summary>Back to this page after a passkey change, keeping where the person was going.</summary>
    private string Back => Url.IsLocalUrl(ReturnUrl) ? $"{SignInGate.SecurityPath}?returnUrl={Uri.EscapeDataString(ReturnUrl!)}" : SignInGate.SecurityPath;

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
        PasskeyList = (await users.GetPasskeysAsync(user))
            .Select(p => new PasskeyRow(Passkeys.IdOf(p.CredentialId), p.Name ?? "（名前なし）", p.CreatedAt, p.IsBackedUp))
            .OrderBy(p => p.CreatedAt.UtcTicks).ToList();
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
