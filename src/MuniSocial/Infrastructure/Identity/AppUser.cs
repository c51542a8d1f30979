using Microsoft.AspNetCore.Identity;

namespace MuniSocial.Infrastructure.Identity;

/// <summary>§2: the guideline applies to every staff member, including 再任用・会計年度任用・非常勤.</summary>
public enum EmploymentType
{
    Regular,
    Reappointed,
    FiscalYearAppointed,
    PartTime,
}

/// <summary>A staff user. There is no self-registration: the admin creates users.</summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public Guid? SectionId { get; set; }
    public EmploymentType EmploymentType { get; set; } = EmploymentType.Regular;
    public bool IsActive { get; set; } = true;

    /// <summary>Created by the demo seed; such users can sign in only while demo mode is on.</summary>
    public bool IsDemo { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The admin requires a second factor for this user even without a role that requires one (<see cref="Mfa"/>).</summary>
    public bool RequireMfa { get; set; }

    /// <summary>The password was set by the admin (new user or reset): the user changes it before anything else (/me/password).</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>
    /// The person's identifier at the city's identity provider (the configured claim, e.g. <c>sub</c>), set by the
    /// admin, when <c>Auth:Oidc:MatchOn</c> is <see cref="OidcMatch.ExternalSubject"/>. Null: not linked.
    /// </summary>
    public string? ExternalSubject { get; set; }

    public static string EmploymentLabel(EmploymentType t) => t switch
    {
        EmploymentType.Regular => "正規職員",
        EmploymentType.Reappointed => "再任用職員",
        EmploymentType.FiscalYearAppointed => "会計年度任用職員",
        EmploymentType.PartTime => "非常勤職員",
        _ => t.ToString(),
    };
}
