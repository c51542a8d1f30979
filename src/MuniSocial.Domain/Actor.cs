namespace MuniSocial.Domain;

/// <summary>The roles of DOMAIN.md. Stored as Identity role names.</summary>
public enum Role
{
    Operator,
    SectionHead,
    PrOffice,
    Admin,
}

/// <summary>Who is acting: a named user with roles, in a section. Every transition takes one.</summary>
public sealed record Actor(string UserId, string Name, IReadOnlySet<Role> Roles, Guid? SectionId)
{
    public bool Is(Role role) => Roles.Contains(role);

    /// <summary>The system acting on its own (a job, a connector), named for the audit trail; it has no role and no section.</summary>
    public static Actor System(string name) => new("system", name, new HashSet<Role>(), null);

    /// <summary>An operator or section head of the given section.</summary>
    public bool IsStaffOf(Guid sectionId) => SectionId == sectionId && (Is(Role.Operator) || Is(Role.SectionHead));

    public bool IsHeadOf(Guid sectionId) => SectionId == sectionId && Is(Role.SectionHead);

    /// <summary>Staff see their own section's accounts; the PR office sees all.</summary>
    public bool CanSee(Guid sectionId) => Is(Role.PrOffice) || IsStaffOf(sectionId);

    public static string RoleLabel(Role role) => role switch
    {
        Role.Operator => "担当者",
        Role.SectionHead => "所属長",
        Role.PrOffice => "市広報担当",
        Role.Admin => "システム管理者",
        _ => role.ToString(),
    };
}
