using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;

namespace MuniSocial.Features.Auth;

/// <summary>/login/recovery: the second step with one of the recovery codes shown at enrolment; each code works once.</summary>
public sealed class LoginRecoveryModel(SignInManager<AppUser> signIn, SecurityEvents events) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "回復コードを入力してください。")]
        [StringLength(40, ErrorMessage = "回復コードが長すぎます。控えた回復コードを1つ入力してください。")]
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
            return RedirectToPage("/Auth/Login");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var result = await signIn.TwoFactorRecoveryCodeSignInAsync(Mfa.CleanRecoveryCode(Input.Code));
        if (result.Succeeded)
        {
            var left = await signIn.UserManager.CountRecoveryCodesAsync(user);
            await events.RecordAsync(SecurityEventKind.MfaRecoveryCodeUsed, user.Id, user.UserName, $"remaining={left}");
            await events.RecordAsync(SecurityEventKind.SignInSucceeded, user.Id, user.UserName, "mfa-recovery-code");
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/home");
        }
        await events.RecordAsync(result.IsLockedOut ? SecurityEventKind.LockedOut : SecurityEventKind.SignInFailed, user.Id, user.UserName, "mfa-recovery-code-wrong");
        ModelState.AddModelError("Input.Code", result.IsLockedOut
            ? "続けて失敗したため、このユーザーは一時的にロックされています。15分後に再度お試しください。"
            : "回復コードが正しくないか、既に使われています。控えた回復コードのうち、まだ使っていないものを入力してください。");
        return Page();
    }
}
