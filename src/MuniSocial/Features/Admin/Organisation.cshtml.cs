
namespace MuniSocial.Features.Admin;

public sealed class OrganisationModel(CurrentActor current, AppDbContext db, TimeProvider clock) : AdminPageModel(current)
{
    public IReadOnlyList<DepartmentNode> Tree { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync() => Tree = await OrganisationAdministration.TreeAsync(db, HttpContext.RequestAborted);

    public Task<IActionResult> OnPostAddDepartmentAsync(string? name) =>
        RunAsync(async (at, ct) => $"部「{(await OrganisationAdministration.AddDepartmentAsync(db, Actor, name, at, ct)).Name}」を追加しました。");

    public Task<IActionResult> OnPostRenameDepartmentAsync(Guid id, string? name) =>
        RunAsync(async (at, ct) => { await OrganisationAdministration.RenameDepartmentAsync(db, Actor, id, name, at, ct); return "部の名称を変更しました。"; });

    public Task<IActionResult> OnPostDeleteDepartmentAsync(Guid id) =>
        RunAsync(async (at, ct) => { await OrganisationAdministration.DeleteDepartmentAsync(db, Actor, id, at, ct); return "部を削除しました。"; });

    public Task<IActionResult> OnPostAddSectionAsync(Guid departmentId, string? name, string? headTitle) =>
        RunAsync(async (at, ct) => $"課「{(await OrganisationAdministration.AddSectionAsync(db, Actor, departmentId, name, headTitle, at, ct)).Name}」を追加しました。");

    public Task<IActionResult> OnPostUpdateSectionAsync(Guid id, string? name, string? headTitle, Guid? departmentId) =>
        RunAsync(async (at, ct) => { await OrganisationAdministration.UpdateSectionAsync(db, Actor, id, name, headTitle, departmentId, at, ct); return "課を変更しました。"; });

    public Task<IActionResult> OnPostMarkPrOfficeAsync(Guid id) =>
        RunAsync(async (at, ct) => { await OrganisationAdministration.MarkPrOfficeAsync(db, Actor, id, at, ct); return "市広報担当の課を変更しました。市広報担当の職員の所属と役割も確認してください。"; });

    public Task<IActionResult> OnPostDeleteSectionAsync(Guid id) =>
        RunAsync(async (at, ct) => { await OrganisationAdministration.DeleteSectionAsync(db, Actor, id, at, ct); return "課を削除しました。"; });

    public Task<IActionResult> OnPostAddUnitAsync(Guid sectionId, string? name) =>
        RunAsync(async (at, ct) => $"係「{(await OrganisationAdministration.AddUnitAsync(db, Actor, sectionId, name, at, ct)).Name}」を追加しました。");

    public Task<IActionResult> OnPostRenameUnitAsync(Guid id, string? name) =>
        RunAsync(async (at, ct) => { await OrganisationAdministration.RenameUnitAsync(db, Actor, id, name, at, ct); return "係の名称を変更しました。"; });

    public Task<IActionResult> OnPostDeleteUnitAsync(Guid id) =>
        RunAsync(async (at, ct) => { await OrganisationAdministration.DeleteUnitAsync(db, Actor, id, at, ct); return "係を削除しました。"; });

    private async Task<IActionResult> RunAsync(Func<DateTimeOffset, CancellationToken, Task<string>> change)
    {
        var ct = HttpContext.RequestAborted;
        // A malformed id arrives as a binding error; the change below then reports "not found" in Japanese.
        ModelState.Clear();
        string? done = null;
        switch (await this.RunAsync(db, async () => done = await change(clock.GetUtcNow(), ct), prefix: ""))
        {
            case Outcome.Saved:
                Message = done;
                return Redirect("/admin/organisation");
            case Outcome.Forbidden:
                return Forbid();
        }
        Tree = await OrganisationAdministration.TreeAsync(db, ct);
        return Page();
    }
}
