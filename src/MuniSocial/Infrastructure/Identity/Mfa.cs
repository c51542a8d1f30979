using System.Text;
using Microsoft.Extensions.Options;

namespace MuniSocial.Infrastructure.Identity;

/// <summary>
/// Who needs a second factor (ASVS 6.3.3): Admin and PR office users, and anyone the admin marks
/// (<see cref="AppUser.RequireMfa"/>). In demo mode demo users are excused (the login page says so); nobody else is.
/// </summary>
public sealed class Mfa(IOptions<DemoOptions> demo)
{
    public const string Issuer = "MuniSocial";
    public const string RequiredRule = "mfa-enrolment-required";
    public const string PasswordChangeRule = "password-change-required";
    public const string DemoUserRule = "demo-user-disabled";
    public const int RecoveryCodeCount = 10;

    public static bool RoleRequires(IEnumerable<Role> roles) => roles.Any(r => r is Role.Admin or Role.PrOffice);

    public bool IsRequired(bool isDemo, bool requireMfa, IEnumerable<Role> roles) =>
        !(isDemo && demo.Value.Enabled) && (requireMfa || RoleRequires(roles));

    /// <summary>A demo user outside demo mode: no page, no API (an existing cookie or token included).</summary>
    public bool IsShutOut(bool isDemo) => isDemo && !demo.Value.Enabled;

    /// <summary>The otpauth:// URI an authenticator app reads from the QR code (issuer MuniSocial, the user name).</summary>
    public static string AuthenticatorUri(string userName, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(userName)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";

    /// <summary>The shared key in groups of 4 for typing by hand.</summary>
    public static string Grouped(string key)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            if (i > 0)
            {
                sb.Append(' ');
            }
            sb.Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }
        return sb.ToString().ToLowerInvariant();
    }

    /// <summary>The QR code as SVG markup, drawn on the server (no script, no external service).</summary>
    public static string QrSvg(string uri)
    {
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCoder.QRCodeGenerator.ECCLevel.M);
        return new QRCoder.SvgQRCode(data).GetGraphic(5);
    }

    /// <summary>A recovery code as typed (Identity's form is XXXXX-XXXXX): spaces removed, upper case, the hyphen put back if left out.</summary>
    public static string CleanRecoveryCode(string? code)
    {
        var plain = CleanCode(code).ToUpperInvariant();
        return plain.Length == 10 ? plain[..5] + "-" + plain[5..] : plain;
    }

    /// <summary>What a user typed as a code: spaces and hyphens removed.</summary>
    public static string CleanCode(string? code) => new((code ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());
}
