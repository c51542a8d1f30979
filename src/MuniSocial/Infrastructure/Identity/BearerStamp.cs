using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;

namespace MuniSocial.Infrastructure.Identity;

/// <summary>
/// Bearer tokens follow the security stamp at once (ASVS 7.4.1): each API request's token is opened here, and refused
/// (401) when its user is gone, deactivated (or a demo user outside demo mode), or their security stamp has changed since
/// the token was issued (a password reset, a deactivation, a role change) — checked on every request, one query.
/// </summary>
public static class BearerStamp
{
    public static async Task CheckAsync(MessageReceivedContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        var ticket = context.Options.BearerTokenProtector.Unprotect(header["Bearer ".Length..].Trim());
        if (ticket?.Principal is not { } principal)
        {
            return; // the handler refuses a token it cannot read
        }
        var services = context.HttpContext.RequestServices;
        var signIn = services.GetRequiredService<SignInManager<AppUser>>();
        var user = await signIn.ValidateSecurityStampAsync(principal);
        if (user is not null && (await signIn.CanSignInAsync(user) || (user.IsActive && user.IsDemo)))
        {
            // A demo user outside demo mode is answered by the sign-in gate, with its rule (demo-user-disabled).
            return;
        }
        await services.GetRequiredService<SecurityEvents>().RecordAsync(SecurityEventKind.TokenRefused,
            principal.FindFirstValue(ClaimTypes.NameIdentifier), principal.Identity?.Name, user is null ? "security-stamp-changed" : "not-allowed");
        context.Fail("The token's user has changed (security stamp) or may no longer sign in.");
    }
}
