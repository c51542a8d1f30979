
namespace MuniSocial.Features.Admin;

/// <summary>A section as a choice on a form: 部 › 課.</summary>
public sealed record SectionOption(Guid Id, string DepartmentName, string Name, bool IsPrOffice);

/// <summary>The fields the new-user and edit-user pages share (posted as Input.*).</summary>
public class UserFormInput
{
    public string? DisplayName { get; set; }
    public string? Email { get; set; }
    public Guid? SectionId { get; set; }
    public List<Role> Roles { get; set; } = [];
    public EmploymentType EmploymentType { get; set; } = EmploymentType.Regular;

    public UserFields ToFields() => new(DisplayName, Email, SectionId, Roles, EmploymentType);

    /// <summary>The form filled with the user as stored.</summary>
    public static UserFormInput Of(UserView user) => new()
    {
        DisplayName = user.DisplayName,
        Email = user.Email,
        SectionId = user.SectionId,
        Roles = [.. user.Roles],
        EmploymentType = user.EmploymentType,
    };
}

/// <summary>What the _UserFields partial needs to draw the shared fields.</summary>
public sealed record UserFieldsView(UserFormInput Input, IReadOnlyList<SectionOption> Sections);

public static class SectionOptions
{
    public static async Task<IReadOnlyList<SectionOption>> LoadAsync(AppDbContext db, CancellationToken ct) =>
        await db.Sections.AsNoTracking()
            .OrderBy(s => s.Department.SortOrder).ThenBy(s => s.Department.Name).ThenBy(s => s.Name)
            .Select(s => new SectionOption(s.Id, s.Department.Name, s.Name, s.IsPrOffice))
            .ToListAsync(ct);
}
