namespace MuniSocial.Features.Admin;

/// <summary>One section (課): its units and counts, the form for its name, head's title and department, the PR office, and the way to delete it.</summary>
public sealed class OrgSectionModel(CurrentActor current, AppDbContext db, TimeProvider clock) : OrgPageModel(current, db, clock)
{
    public SectionNode Section { get; private set; } = null!;
    public Guid DepartmentId { get; private set; }
    public string DepartmentName { get; private set; } = "";
    public IReadOnlyList<Domain.Organisation.Department> Departments { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        Fill();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        return await ChangeAsync(Tag, async (at, ct) =>
        {
            await OrganisationAdministration.UpdateSectionAsync(Db, Actor, id, Input.Name, Input.HeadTitle, Input.DepartmentId, at, ct);
            return $"課「{Input.Name?.Trim()}」を変更しました。";
        }, () => LoadAsync(id));
    }

    public async Task<IActionResult> OnPostMarkPrOfficeAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        var name = $"{DepartmentName} {Section.Name}";
        return await ChangeAsync(Tag, async (at, ct) =>
        {
            await OrganisationAdministration.MarkPrOfficeAsync(Db, Actor, id, at, ct);
            return $"市広報担当の課を「{name}」に変更しました。市広報担当の職員の所属と役割も確認してください。";
        }, async () =>
        {
            // This form sends no fields: the edit form below shows the section as it is.
            await LoadAsync(id);
            Fill();
        });
    }

    private void Fill() => Input = new OrgInput { Name = Section.Name, HeadTitle = Section.HeadTitle, DepartmentId = DepartmentId, Tag = Tag };

    private string Tag => Concurrency.Tag(DepartmentId, Section.Name, Section.HeadTitle, Section.IsPrOffice);

    private async Task<bool> LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        var tree = await OrganisationAdministration.TreeAsync(Db, ct);
        var found = tree.SelectMany(d => d.Sections.Select(s => (Department: d, Section: s))).FirstOrDefault(x => x.Section.Id == id);
        if (found.Section is null)
        {
            return false;
        }
        (Section, DepartmentId, DepartmentName) = (found.Section, found.Department.Id, found.Department.Name);
        Departments = await DepartmentsAsync(ct);
        return true;
    }
}
