using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;

namespace MuniSocial.Features.Auth;

/// <summary>
/// /me/password: the user changes their own password (ASVS 6.2.x) — the current one is required; the new one goes
/// through the same validators as everywhere (length ≥ 12, zxcvbn). The change renews the security stamp, so the
/// user's other sessions end; this one is re-issued. A password set by the admin must be changed here first.
/// </summary>
public sealed class PasswordModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, SecurityEvents events) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool MustChange { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "現在のパスワードを入力してください。")]
        [StringLength(256)]
        public string CurrentPassword { get; set; } = "";

        [Required(ErrorMessage = "新しいパスワードを入力してください。")]
        [StringLength(256, ErrorMessage = "新しいパスワードは256文字以内で入力してください。")]
        public string NewPassword { get; set; } = "";

        [Required(ErrorMessage = "確認のため、新しいパスワードをもう一度入力してください。")]
        [StringLength(256)]
        public string ConfirmPassword { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        MustChange = user.MustChangePassword;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        MustChange = user.MustChangePassword;
        if (ModelState.IsValid && Input.NewPassword != Input.ConfirmPassword)
        {
            ModelState.AddModelError("Input.ConfirmPassword", "確認のパスワードが新しいパスワードと一致しません。同じものを入力してください。");
        }
        if (ModelState.IsValid && Input.NewPassword == Input.CurrentPassword)
        {
            ModelState.AddModelError("Input.NewPassword", "新しいパスワードが現在のパスワードと同じです。別のパスワードにしてください。");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        // Validates the current password and the new one, renews the security stamp (other sessions end).
        var result = await users.ChangePasswordAsync(user, Input.CurrentPassword, Input.NewPassword);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors)
            {
                ModelState.AddModelError(e.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? "Input.CurrentPassword" : "Input.NewPassword",
                    e.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? "現在のパスワードが正しくありません。" : e.Description);
            }
            return Page();
        }
        if (user.MustChangePassword)
        {
            user.MustChangePassword = false;
            var saved = await users.UpdateAsync(user);
            if (!saved.Succeeded)
            {
                throw new InvalidOperationException(string.Join(" ", saved.Errors.Select(e => e.Description)));
            }
        }
        await events.RecordAsync(SecurityEventKind.PasswordChanged, user.Id, user.UserName, "self");
        await signIn.RefreshSignInAsync(user);
        return this.FlashAndRedirect("パスワードを変更しました。ほかの端末のログインは終了しました。", Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/home");
    }
}
