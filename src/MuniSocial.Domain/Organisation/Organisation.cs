namespace MuniSocial.Domain.Organisation;

/// <summary>部 — a department of the city.</summary>
public sealed class Department
{
    private Department() { }

    public Department(string name, int sortOrder = 0)
    {
        Id = Guid.CreateVersion7();
        Rename(name);
        SortOrder = sortOrder;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public int SortOrder { get; set; }
    public List<Section> Sections { get; private set; } = [];

    public void Rename(string name) => Name = OrgNames.Require(name, "部の名称", "name");
}

/// <summary>課 — the owning section (主管課) of accounts. The PR office (秘書広報課) is one of them.</summary>
public sealed class Section
{
    private Section() { }

    public Section(Department department, string name, bool isPrOffice = false, string headTitle = "課長")
    {
        Id = Guid.CreateVersion7();
        DepartmentId = department.Id;
        Department = department;
        Rename(name);
        IsPrOffice = isPrOffice;
        HeadTitle = OrgNames.Require(headTitle, "所属長の職名", "headTitle");
    }

    public Guid Id { get; private set; }
    public Guid DepartmentId { get; private set; }
    public Department Department { get; private set; } = null!;
    public string Name { get; private set; } = "";
    public bool IsPrOffice { get; set; }

    /// <summary>How the head signs forms (課長, 室長 …).</summary>
    public string HeadTitle { get; private set; } = "課長";
    public List<Unit> Units { get; private set; } = [];

    public string FullName => $"{Department.Name} {Name}";

    public void Rename(string name) => Name = OrgNames.Require(name, "課の名称", "name");

    public void SetHeadTitle(string title) => HeadTitle = OrgNames.Require(title, "所属長の職名", "headTitle");

    public void MoveTo(Department department)
    {
        DepartmentId = department.Id;
        Department = department;
    }
}

/// <summary>係 — a unit inside a section.</summary>
public sealed class Unit
{
    private Unit() { }

    public Unit(Section section, string name)
    {
        Id = Guid.CreateVersion7();
        SectionId = section.Id;
        Rename(name);
    }

    public Guid Id { get; private set; }
    public Guid SectionId { get; private set; }
    public string Name { get; private set; } = "";

    public void Rename(string name) => Name = OrgNames.Require(name, "係の名称", "name");
}

internal static class OrgNames
{
    /// <summary>The trimmed name; a refusal names <paramref name="field"/> (as the API and the forms call it).</summary>
    public static string Require(string? value, string label, string field)
    {
        var trimmed = value?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            throw new DomainValidationException(field, $"{label}を入力してください。");
        }
        if (trimmed.Length > 100)
        {
            throw new DomainValidationException(field, $"{label}は100文字以内で入力してください。");
        }
        return trimmed;
    }
}
