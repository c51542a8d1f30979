using System.ComponentModel.DataAnnotations;

namespace MuniSocial.Features.Auth;

public sealed class LoginModel(AppSignInManager signIn, Microsoft.Extensions.Options.IOptions<DemoOptions> demo) : PageModel
{
    /// <summary>Demo mode: the page says that demo users sign in without a second factor.</summary>
    public bool DemoMode => demo.Value.Enabled;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "ユーザー名を入力してください。")]
        [StringLength(256)]
        public string UserName { get; set; } = "";

        [Required(ErrorMessage = "パスワードを入力してください。")]
        [StringLength(256)]
        public string Password { get; set; } = "";
    }

    /// <summary>The JSON of <c>navigator.credentials.get</c> (set by /js/passkey.js) for the passkey sign-in.</summary>
    [BindProperty]
    public string? Credential { get; set; }

    public const string FailedMessage = "ユーザー名またはパスワードが正しくありません。続けて失敗すると、しばらくログインできなくなります。";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(Input.UserName.Trim(), Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/home");
        }
        if (result.RequiresTwoFactor)
        {
            // The password was right; the second step (/login/mfa) finishes the sign-in.
            return RedirectToPage("/Auth/LoginMfa", new { returnUrl = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null });
        }
        // An unknown name, a wrong password and a locked user get the same words (no user enumeration; AppSignInManager).
        ModelState.AddModelError(string.Empty, signIn.PasskeyRequired ? PasskeyRequiredMessage
            : result.IsNotAllowed ? "このユーザーは現在ログインできません（無効化されているか、デモ用ユーザーです）。"
            : FailedMessage);
        return Page();
    }

    public const string PasskeyRequiredMessage =
        "この利用者は二要素認証が必須で、パスキーを登録しています。パスワードだけではログインできません。「パスキーでログイン」を使ってください。";

    /// <summary>The options for <c>navigator.credentials.get</c> (JSON; a new challenge, kept in Identity's short-lived cookie).</summary>
    public async Task<IActionResult> OnPostPasskeyOptionsAsync() =>
        Content(await signIn.MakePasskeyRequestOptionsAsync(null), "application/json");

    /// <summary>Sign-in with the passkey the browser returned (/js/passkey.js posts this form after <c>navigator.credentials.get</c>).</summary>
    public async Task<IActionResult> OnPostPasskeyAsync()
    {
        // The password form's fields are not part of this one.
        foreach (var key in ModelState.Keys.Where(k => k.StartsWith("Input.", StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }
        if (string.IsNullOrEmpty(Credential) || Credential.Length > Passkeys.CredentialJsonMaxLength)
        {
            ModelState.AddModelError(string.Empty, "パスキーを確認できませんでした。パスキーでのログインには JavaScript が必要です。ユーザー名とパスワードでログインすることもできます。");
            return Page();
        }
        if (!await Passkeys.IsUnderwayAsync(HttpContext, Passkeys.Assertion))
        {
            ModelState.AddModelError(string.Empty, "パスキーの確認の有効時間が過ぎました。もう一度「パスキーでログイン」を押してください。");
            return Page();
        }
        var result = await signIn.PasskeySignInAsync(Credential);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/home");
        }
        ModelState.AddModelError(string.Empty, result.IsLockedOut
            ? "続けて失敗したため、このユーザーは一時的にロックされています。15分後に再度お試しください。"
            : result.IsNotAllowed
                ? "このユーザーは現在ログインできません（無効化されているか、デモ用ユーザーです）。"
                : "パスキーでログインできませんでした。この仕組みに登録したパスキーを選んでください（登録していない場合は、ユーザー名とパスワードでログインしてから「セキュリティ設定」で登録できます）。");
        return Page();
    }
}
