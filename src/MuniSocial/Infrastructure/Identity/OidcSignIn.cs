using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace MuniSocial.Infrastructure.Identity;

/// <summary>
/// The callback of sign-in with the city's identity provider: finds the local user by the configured claim and signs
/// them in with the normal cookie, or refuses (no match, inactive, demo user outside demo mode, locked out). No
/// account is ever created here; the admin makes users. Every outcome is a security event.
/// </summary>
public sealed class OidcSignIn(SignInManager<AppUser> signIn, AppDbContext db, SecurityEvents events, IOptions<OidcOptions> oidc,
    IOptions<DemoOptions> demo, Mfa mfaRule)
{
    /// <summary>The claim Identity's own two-factor sign-in sets (<c>amr=mfa</c>); set too when the provider says so.</summary>
    public const string AmrClaim = "amr";

    /// <summary>How the cookie's user signed in (<see cref="ClaimTypes.AuthenticationMethod"/>) after this sign-in.</summary>
    public const string Method = "oidc";

    /// <summary>
    /// The hook for the MFA requirement (Admin and PR office): true when the person signed in through the provider
    /// and the provider asserted multi-factor (<see cref="OidcOptions.MfaAmrValues"/> in its <c>amr</c>).
    /// A provider sign-in without it is single-factor and the local second factor still applies.
    /// </summary>
    public static bool MfaByProvider(ClaimsPrincipal user) =>
        user.HasClaim(ClaimTypes.AuthenticationMethod, Method) && user.HasClaim(AmrClaim, "mfa");

    public sealed record Outcome(bool SignedIn, string? Refusal);

    public async Task<Outcome> CompleteAsync(HttpContext http, CancellationToken ct)
    {
        var settings = oidc.Value;
        var external = await http.AuthenticateAsync(IdentityConstants.ExternalScheme);
        await http.SignOutAsync(IdentityConstants.ExternalScheme);
        if (!external.Succeeded || external.Principal is null)
        {
            return new Outcome(false, "統合認証でのログインを確認できませんでした（時間切れ、または不正な応答）。もう一度ログインしてください。");
        }
        var value = external.Principal.FindFirst(settings.UserClaim)?.Value?.Trim();
        if (string.IsNullOrEmpty(value) || value.Length > 256)
        {
            await events.RecordAsync(SecurityEventKind.SignInFailed, null, null, $"oidc: claim {settings.UserClaim} missing", ct);
            return new Outcome(false, $"統合認証から利用者を特定する情報（{settings.UserClaim}）が届きませんでした。システム管理者に連絡してください。");
        }
        var user = settings.MatchOn == OidcMatch.ExternalSubject
            ? await db.Users.FirstOrDefaultAsync(u => u.ExternalSubject == value, ct)
            : await signIn.UserManager.FindByNameAsync(value);
        if (user is null)
        {
            await events.RecordAsync(SecurityEventKind.SignInFailed, null, value, "oidc: no local user", ct);
            return new Outcome(false, "統合認証のアカウントに対応する、この仕組みの利用者が登録されていません。利用者の登録はシステム管理者が行います。");
        }
        var name = user.UserName;
        if (!user.IsActive)
        {
            await events.RecordAsync(SecurityEventKind.SignInFailed, user.Id, name, "oidc: inactive", ct);
            return new Outcome(false, "この利用者は無効化されているため、ログインできません。");
        }
        if (user.IsDemo && !demo.Value.Enabled)
        {
            await events.RecordAsync(SecurityEventKind.SignInFailed, user.Id, name, "oidc: demo user outside demo mode", ct);
            return new Outcome(false, "デモ用の利用者は、デモモードでのみログインできます。");
        }
        if (await signIn.UserManager.IsLockedOutAsync(user))
        {
            await events.RecordAsync(SecurityEventKind.SignInFailed, user.Id, name, "oidc: locked out", ct);
            return new Outcome(false, "この利用者は一時的にロックされています。時間をおいて再度お試しいただくか、システム管理者に連絡してください。");
        }
        if (!await signIn.CanSignInAsync(user))
        {
            await events.RecordAsync(SecurityEventKind.SignInFailed, user.Id, name, "oidc: not allowed", ct);
            return new Outcome(false, "この利用者は現在ログインできません。");
        }
        var amr = external.Principal.FindAll(AmrClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var mfa = settings.MfaAmrValues.Any(amr.Contains);
        // ASVS 6.3.3: someone who has (or must have) a second factor here does not get in on the provider's password alone.
        if (!mfa && (user.TwoFactorEnabled || mfaRule.IsRequired(user.IsDemo, user.RequireMfa,
                await MuniSocial.Features.Auth.SignInGate.RolesAsync(db, user.Id, ct))))
        {
            await events.RecordAsync(SecurityEventKind.SignInFailed, user.Id, name, "oidc: second factor required, provider did not assert mfa", ct);
            return new Outcome(false, "この利用者は二要素認証が必要ですが、統合認証で多要素認証が行われませんでした。統合認証で多要素認証を行うか、ユーザー名・パスワードと認証アプリのコードでログインしてください。");
        }
        List<Claim> claims = [new(ClaimTypes.AuthenticationMethod, Method)];
        if (mfa)
        {
            claims.Add(new Claim(AmrClaim, "mfa"));
        }
        await signIn.SignInWithClaimsAsync(user, new AuthenticationProperties { IsPersistent = false }, claims);
        await events.RecordAsync(SecurityEventKind.SignInSucceeded, user.Id, name, mfa ? "oidc (mfa by provider)" : "oidc", ct);
        return new Outcome(true, null);
    }
}
