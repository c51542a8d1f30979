namespace MuniSocial.Infrastructure.Identity;

/// <summary>The named authorization policies. Who may use which page or endpoint: <see cref="AccessTable"/>.</summary>
public static class Policies
{
    /// <summary>Any signed-in user (the default policy).</summary>
    public const string SignedIn = "SignedIn";
    public const string Staff = "Staff";
    public const string SectionHead = "SectionHead";
    public const string PrOffice = "PrOffice";
    public const string StaffOrPr = "StaffOrPr";
    public const string Admin = "Admin";
    public const string AuditReader = "AuditReader";
    public const string PrOfficeOrAdmin = "PrOfficeOrAdmin";
    public const string Bearer = "Bearer";
}
