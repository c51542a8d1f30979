using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace MuniSocial.Features.Auth;

/// <summary>
/// The login page's button for the city's identity provider posts here (a POST with the antiforgery token, so that
/// no other site can start a sign-in for someone): the challenge sends the browser to the provider.
/// </summary>
public sealed class OidcStartModel(IOptions<OidcOptions> oidc) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => oidc.Value.Enabled ? Page() : NotFound();

    public IActionResult OnPost()
    {
        if (!oidc.Value.Enabled)
        {
            return NotFound();
        }
        var back = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/home";
        return Challenge(new AuthenticationProperties { RedirectUri = $"{OidcSetup.LocalCallback}?returnUrl={Uri.EscapeDataString(back)}" }, OidcSetup.Scheme);
    }
}
