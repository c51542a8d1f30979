namespace MuniSocial.Features.Admin;

/// <summary>部の追加: one field; the new department goes to the end of the list.</summary>
public sealed class OrgNewDepartmentModel(CurrentActor current, AppDbContext db, TimeProvider clock) : OrgPageModel(current, db, clock)
{
    public void OnGet()
    {
    }

    public Task<IActionResult> OnPostAsync() => ChangeAsync(null, async (at, ct) =>
        $"部「{(await OrganisationAdministration.AddDepartmentAsync(Db, Actor, Input.Name, at, ct)).Name}」を追加しました。", () => Task.CompletedTask);
}
