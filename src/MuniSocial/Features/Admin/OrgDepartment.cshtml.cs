namespace MuniSocial.Features.Admin;

/// <summary>One department (部): its sections, the rename form, and the way to its delete check page.</summary>
public sealed class OrgDepartmentModel(CurrentActor current, AppDbContext db, TimeProvider clock) : OrgPageModel(current, db, clock)
{
    public DepartmentNode Department { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        Input = new OrgInput { Name = Department.Name, Tag = Tag };
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
            await OrganisationAdministration.RenameDepartmentAsync(Db, Actor, id, Input.Name, at, ct);
            return $"部の名称を「{Input.Name?.Trim()}」にしました。";
        }, () => LoadAsync(id));
    }

    private string Tag => Concurrency.Tag(Department.Name, Department.SortOrder);

    private async Task<bool> LoadAsync(Guid id)
    {
        var found = (await OrganisationAdministration.TreeAsync(Db, HttpContext.RequestAborted)).FirstOrDefault(d => d.Id == id);
        if (found is null)
        {
            return false;
        }
        Department = found;
        return true;
    }
}
