using System.Buffers.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using MuniSocial.Features.PublicList;

namespace MuniSocial.Infrastructure.Identity;

/// <summary>
/// Passkeys (WebAuthn through .NET 10 Identity) as an optional second way to sign in (issue 14 item 1, ASVS 6.3.3):
/// registered on <c>/me/security</c>, used on <c>/login</c>. Each needs user verification (the device's PIN or
/// biometrics), so a passkey sign-in counts as multi-factor: a user who must have a second factor may have a passkey
/// instead of an authenticator app (<see cref="Features.Auth.SignInGate"/>), and such a user without the app cannot sign
/// in with the password alone (<see cref="AppSignInManager"/>).
/// <para>
/// The relying party is the public address <c>PublicSite:BaseUrl</c> (e.g. https://sns.city.nayoro.lg.jp): its host is
/// the RP id and its origin the only one accepted, so it works behind a TLS-terminating proxy whatever the proxy
/// forwards. Without the setting, the request's own host and origin are used (development, tests). Changing the host
/// later makes the registered passkeys unusable (WebAuthn binds them to the RP id); users then sign in with the
/// password and second factor and register new ones.
/// </para>
/// </summary>
public static class Passkeys
{
    /// <summary>The <see cref="System.Security.Claims.ClaimTypes.AuthenticationMethod"/> of a passkey sign-in.</summary>
    public const string Method = "passkey";

    public const int NameMaxLength = 50;

    /// <summary>The JSON of a <c>PublicKeyCredential</c> is a few kilobytes at most.</summary>
    public const int CredentialJsonMaxLength = 64 * 1024;

    /// <summary>The ceremony state Identity keeps in its two-factor cookie (SignInManager's <c>PasskeyOperation</c> item).</summary>
    public const string Attestation = "Attestation";
    public const string Assertion = "Assertion";

    public static void AddPasskeys(this WebApplicationBuilder builder) =>
        builder.Services.AddOptions<IdentityPasskeyOptions>().Configure<IConfiguration>((o, config) =>
        {
            // Only a user-verified passkey is accepted (what makes it multi-factor), and it must be discoverable:
            // the login page asks for one without a user name.
            o.UserVerificationRequirement = "required";
            o.ResidentKeyRequirement = "required";
            o.AttestationConveyancePreference = "none";
            if (RelyingParty(config[PublicOpenData.BaseUrlSetting]) is { } site)
            {
                var origin = site.GetLeftPart(UriPartial.Authority);
                o.ServerDomain = site.Host;
                o.ValidateOrigin = context => ValueTask.FromResult(!context.CrossOrigin
                    && string.Equals(context.Origin, origin, StringComparison.OrdinalIgnoreCase));
            }
        });

    /// <summary>The configured public address when it is an absolute http(s) URL; null otherwise.</summary>
    public static Uri? RelyingParty(string? baseUrl) =>
        Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri : null;

    /// <summary>Whether Identity's cookie holds the state of <paramref name="operation"/> (it lives 5 minutes; Identity throws without it).</summary>
    public static async Task<bool> IsUnderwayAsync(HttpContext http, string operation)
    {
        var state = await http.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme);
        return state.Properties?.Items.TryGetValue("PasskeyOperation", out var op) == true && op == operation
            && state.Properties.Items.ContainsKey("PasskeyState");
    }

    /// <summary>A passkey's name as typed, checked: null when good, else the Japanese message.</summary>
    public static string? NameProblem(string? name)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length == 0)
        {
            return "パスキーの名前を入力してください（例：「執務室のパソコン」「業務用スマートフォン」）。";
        }
        if (trimmed.Length > NameMaxLength)
        {
            return $"パスキーの名前は{NameMaxLength}文字以内で入力してください。";
        }
        return trimmed.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
            ? "パスキーの名前に使えない文字（改行・制御文字・書式文字）が含まれています。"
            : null;
    }

    /// <summary>The credential id as it travels in forms (base64url).</summary>
    public static string IdOf(byte[] credentialId) => Base64Url.EncodeToString(credentialId);

    /// <summary>A credential id from a form; null when it is not base64url.</summary>
    public static byte[]? ParseId(string? id) =>
        string.IsNullOrEmpty(id) || id.Length > 2048 || !Base64Url.IsValid(id) ? null : Base64Url.DecodeFromChars(id);

    /// <summary>Whether the user has at least one passkey (read without tracking).</summary>
    public static Task<bool> AnyAsync(AppDbContext db, string userId, CancellationToken ct) =>
        db.UserPasskeys.AnyAsync(p => p.UserId == userId, ct);
}
