namespace MuniSocial.Features.Admin;

/// <summary>
/// The organisation as a list (部 › 課 › 係 with the users and accounts of each section): each name links to its own
/// page, where it is changed (<see cref="OrgDepartmentModel"/>, <see cref="OrgSectionModel"/>, <see cref="OrgUnitModel"/>)
/// or deleted through a check page (<see cref="OrgDeleteModel"/>). The list itself changes nothing.
/// </summary>
public sealed class OrganisationModel(CurrentActor current, AppDbContext db) : AdminPageModel(current)
{
    public IReadOnlyList<DepartmentNode> Tree { get; private set; } = [];

    public async Task OnGetAsync() => Tree = await OrganisationAdministration.TreeAsync(db, HttpContext.RequestAborted);
}
