namespace MuniSocial.Features.Admin;

/// <summary>係の追加 in one section.</summary>
public sealed class OrgNewUnitModel(CurrentActor current, AppDbContext db, TimeProvider clock) : OrgPageModel(current, db, clock)
{
    public Guid SectionId { get; private set; }
    public string SectionName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        return await ChangeAsync(null, async (at, ct) =>
            $"係「{(await OrganisationAdministration.AddUnitAsync(Db, Actor, id, Input.Name, at, ct)).Name}」を追加しました。",
            () => Task.CompletedTask);
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var section = await Db.Sections.AsNoTracking().Include(s => s.Department).FirstOrDefaultAsync(s => s.Id == id, HttpContext.RequestAborted);
        if (section is null)
        {
            return false;
        }
        (SectionId, SectionName) = (id, section.FullName);
        return true;
    }
}
