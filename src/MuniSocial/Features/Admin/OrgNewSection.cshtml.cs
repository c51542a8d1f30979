namespace MuniSocial.Features.Admin;

/// <summary>課の追加 in one department: its name and the head's title (課長 unless another is given).</summary>
public sealed class OrgNewSectionModel(CurrentActor current, AppDbContext db, TimeProvider clock) : OrgPageModel(current, db, clock)
{
    public Guid DepartmentId { get; private set; }
    public string DepartmentName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        Input = new OrgInput { HeadTitle = "課長" };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        return await ChangeAsync(null, async (at, ct) =>
            $"課「{(await OrganisationAdministration.AddSectionAsync(Db, Actor, id, Input.Name, Input.HeadTitle, at, ct)).Name}」を追加しました。",
            () => Task.CompletedTask);
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var name = await Db.Departments.AsNoTracking().Where(d => d.Id == id).Select(d => d.Name).FirstOrDefaultAsync(HttpContext.RequestAborted);
        if (name is null)
        {
            return false;
        }
        (DepartmentId, DepartmentName) = (id, name);
        return true;
    }
}
