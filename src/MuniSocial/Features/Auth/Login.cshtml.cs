using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;

namespace MuniSocial.Features.Auth;

public sealed class LoginModel(SignInManager<AppUser> signIn, Microsoft.Extensions.Options.IOptions<DemoOptions> demo) : PageModel
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
        ModelState.AddModelError(string.Empty, result.IsNotAllowed
            ? "このユーザーは現在ログインできません（無効化されているか、デモ用ユーザーです）。"
            : FailedMessage);
        return Page();
    }
}
