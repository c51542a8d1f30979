namespace MuniSocial.Features.Admin;

/// <summary>
/// Deleting a department, section or unit (a step that cannot be undone): the check page lists what it is and what goes
/// with it, or — while something still uses it — each reason it cannot go and no button; its one button posts here with
/// the state the page showed, and a deletion goes on to the confirmation page (<see cref="OrgDeletedModel"/>).
/// </summary>
public sealed class OrgDeleteModel(CurrentActor current, AppDbContext db, TimeProvider clock) : AdminPageModel(current)
{
    public OrgDeletion Deletion { get; private set; } = null!;
    public CheckAnswers Answers { get; private set; } = null!;

    /// <summary>The state the check page showed (<see cref="OrgDeletion.Tag"/>), sent back by its button.</summary>
    [BindProperty]
    public string? Tag { get; set; }

    public string ItemUrl => $"/admin/organisation/{Segment(Deletion.Kind)}/{Deletion.Id}";

    public async Task<IActionResult> OnGetAsync(string kind, Guid id) => await LoadAsync(kind, id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string kind, Guid id)
    {
        var seen = Tag;
        if (!await LoadAsync(kind, id))
        {
            return NotFound();
        }
        ModelState.Clear();
        if (seen != Deletion.Tag)
        {
            ModelState.AddModelError(string.Empty, OrgPageModel.ConflictMessage);
            return Page();
        }
        var ct = HttpContext.RequestAborted;
        var now = clock.GetUtcNow();
        var outcome = await this.RunAsync(db, () => Deletion.Kind switch
        {
            OrgKind.Department => OrganisationAdministration.DeleteDepartmentAsync(db, Actor, id, now, ct),
            OrgKind.Section => OrganisationAdministration.DeleteSectionAsync(db, Actor, id, now, ct),
            _ => OrganisationAdministration.DeleteUnitAsync(db, Actor, id, now, ct),
        });
        return await this.AnswerAsync(outcome, () => Redirect($"/admin/organisation/{Segment(Deletion.Kind)}/{id}/deleted"), () => LoadAsync(kind, id));
    }

    /// <summary>"departments", "sections", "units": the kind's segment in the URLs.</summary>
    public static string Segment(OrgKind kind) => kind switch
    {
        OrgKind.Department => "departments",
        OrgKind.Section => "sections",
        _ => "units",
    };

    public static OrgKind? KindOf(string? segment) => segment switch
    {
        "departments" => OrgKind.Department,
        "sections" => OrgKind.Section,
        "units" => OrgKind.Unit,
        _ => null,
    };

    /// <summary>部・課・係.</summary>
    public static string Noun(OrgKind kind) => kind switch
    {
        OrgKind.Department => "部",
        OrgKind.Section => "課",
        _ => "係",
    };

    private async Task<bool> LoadAsync(string kind, Guid id)
    {
        if (KindOf(kind) is not { } k || await OrganisationAdministration.DeletionAsync(db, k, id, HttpContext.RequestAborted) is not { } deletion)
        {
            return false;
        }
        Deletion = deletion;
        var what = Noun(k);
        Answers = new CheckAnswers($"この{what}を削除しますか", deletion.Facts, null,
            $"削除すると、この{what}は組織の一覧と利用者・アカウントの所属の選択肢から消え、元に戻せません。同じ名称で追加し直すことはできますが、別の{what}になります。削除の記録は監査記録に残ります。",
            $"/admin/organisation/{Segment(k)}/{id}/delete", 0, $"{what}を削除する", ItemUrl, [], Danger: true,
            Carried: [new KeyValuePair<string, string>(nameof(Tag), deletion.Tag)]);
        return true;
    }
}
