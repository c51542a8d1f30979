using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;

namespace MuniSocial.Features.Auth;

/// <summary>/login/mfa: the second step of the sign-in — the 6-digit code of the authenticator app (no script needed).</summary>
public sealed class LoginMfaModel(SignInManager<AppUser> signIn, SecurityEvents events) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "認証アプリに表示されている6桁のコードを入力してください。")]
        [StringLength(20, ErrorMessage = "コードは6桁の数字です。")]
        public string Code { get; set; } = "";
    }

    /// <summary>No password step to finish (it expired, or the page was opened directly): the page says to start again.</summary>
    public bool NothingToFinish { get; private set; }

    public async Task OnGetAsync() => NothingToFinish = await signIn.GetTwoFactorAuthenticationUserAsync() is null;

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            // The first step expired (or never happened): start again with the password.
            return RedirectToPage("/Auth/Login");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(Mfa.CleanCode(Input.Code), isPersistent: false, rememberClient: false);
        if (result.Succeeded)
        {
            await events.RecordAsync(SecurityEventKind.SignInSucceeded, user.Id, user.UserName, "mfa-totp");
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/home");
        }
        await events.RecordAsync(result.IsLockedOut ? SecurityEventKind.LockedOut : SecurityEventKind.SignInFailed, user.Id, user.UserName, "mfa-code-wrong");
        ModelState.AddModelError("Input.Code", result.IsLockedOut
            ? "続けて失敗したため、このユーザーは一時的にロックされています。15分後に再度お試しください。"
            : "コードが正しくないか、期限が切れています。認証アプリに表示されている最新の6桁を入力してください。");
        return Page();
    }
}
