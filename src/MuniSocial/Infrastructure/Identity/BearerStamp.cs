using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;

namespace MuniSocial.Infrastructure.Identity;

/// <summary>
/// Bearer tokens follow the security stamp at once (ASVS 7.4.1): each API request's token is opened here, and refused
/// (401) when its user is gone, deactivated (or a demo user outside demo mode), or their security stamp has changed since
/// the token was issued (a password reset, a deactivation, a role change), or its session row (<see cref="UserSessions"/>) has
/// ended (<c>POST /api/v1/auth/logout</c>, the person's <c>/me/sessions</c>) — checked on every request.
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
        var live = user is not null && await UserSessions.IsLiveAsync(services.GetRequiredService<AppDbContext>(), principal, services.GetRequiredService<TimeProvider>().GetUtcNow());
        if (user is not null && live && (await signIn.CanSignInAsync(user) || (user.IsActive && user.IsDemo)))
        {
            // A demo user outside demo mode is answered by the sign-in gate, with its rule (demo-user-disabled).
            return;
        }
        await services.GetRequiredService<SecurityEvents>().RecordAsync(SecurityEventKind.TokenRefused,
            principal.FindFirstValue(ClaimTypes.NameIdentifier), principal.Identity?.Name,
            user is null ? "security-stamp-changed" : !live ? "session-ended" : "not-allowed");
        context.Fail("The token's user has changed (security stamp) or may no longer sign in.");
    }
}
