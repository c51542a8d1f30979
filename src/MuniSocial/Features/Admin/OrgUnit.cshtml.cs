namespace MuniSocial.Features.Admin;

/// <summary>One unit (係): the rename form and the way to its delete check page.</summary>
public sealed class OrgUnitModel(CurrentActor current, AppDbContext db, TimeProvider clock) : OrgPageModel(current, db, clock)
{
    public UnitNode Unit { get; private set; } = null!;
    public Guid SectionId { get; private set; }
    public string SectionName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        Input = new OrgInput { Name = Unit.Name, Tag = Tag };
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
            await OrganisationAdministration.RenameUnitAsync(Db, Actor, id, Input.Name, at, ct);
            return $"係の名称を「{Input.Name?.Trim()}」にしました。";
        }, () => LoadAsync(id));
    }

    private string Tag => Concurrency.Tag(SectionId, Unit.Name);

    private async Task<bool> LoadAsync(Guid id)
    {
        var found = (await OrganisationAdministration.TreeAsync(Db, HttpContext.RequestAborted))
            .SelectMany(d => d.Sections.SelectMany(s => s.Units.Select(u => (Department: d, Section: s, Unit: u))))
            .FirstOrDefault(x => x.Unit.Id == id);
        if (found.Unit is null)
        {
            return false;
        }
        (Unit, SectionId, SectionName) = (found.Unit, found.Section.Id, $"{found.Department.Name} {found.Section.Name}");
        return true;
    }
}
