using Microsoft.Extensions.Options;

namespace MuniSocial.Features.Auth;

/// <summary>
/// Where the identity provider's answer ends (after the OpenID Connect handler checked state, nonce, PKCE and the
/// ID token): the local user is signed in and goes on, or the refusal is shown in Japanese (403).
/// </summary>
public sealed class OidcCallbackModel(OidcSignIn oidcSignIn, IOptions<OidcOptions> oidc) : PageModel
{
    public string Refusal { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string? returnUrl, CancellationToken ct)
    {
        if (!oidc.Value.Enabled)
        {
            return NotFound();
        }
        var outcome = await oidcSignIn.CompleteAsync(HttpContext, ct);
        if (outcome.SignedIn)
        {
            return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/home");
        }
        Refusal = outcome.Refusal ?? "";
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Page();
    }
}
