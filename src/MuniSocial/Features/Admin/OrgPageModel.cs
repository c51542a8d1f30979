using System.ComponentModel.DataAnnotations;

namespace MuniSocial.Features.Admin;

/// <summary>What an organisation form sends: the fields of a department, section or unit, and the state the page showed.</summary>
public sealed class OrgInput
{
    [Display(Name = "名称")]
    public string? Name { get; set; }

    [Display(Name = "所属長の職名")]
    public string? HeadTitle { get; set; }

    [Display(Name = "部")]
    public Guid? DepartmentId { get; set; }

    /// <summary>The digest of the node as the page showed it (the API's ETag): a change made since is refused.</summary>
    public string? Tag { get; set; }
}

/// <summary>
/// The pages of one department, section or unit and their "add" pages: one form each, sent through
/// <see cref="PageActions"/> to <see cref="OrganisationAdministration"/> (the functions the admin API calls too); a broken
/// rule is shown beside its field, a change made by another admin since the page was drawn is refused, and a saved
/// change goes back to the list with what was done.
/// </summary>
public abstract class OrgPageModel(CurrentActor current, AppDbContext db, TimeProvider clock) : AdminPageModel(current)
{
    public const string ListUrl = "/admin/organisation";

    protected AppDbContext Db => db;

    [BindProperty]
    public OrgInput Input { get; set; } = new();

    /// <summary>
    /// Runs <paramref name="change"/> unless the node changed since the page showed <see cref="OrgInput.Tag"/>
    /// (<paramref name="currentTag"/>); saved, back to the list with the message <paramref name="change"/> returns;
    /// refused, the form again after <paramref name="reload"/>.
    /// </summary>
    protected async Task<IActionResult> ChangeAsync(string? currentTag, Func<DateTimeOffset, CancellationToken, Task<string>> change, Func<Task> reload)
    {
        var ct = HttpContext.RequestAborted;
        // A malformed id or value arrives as a binding error in English; the rule below says what is wrong in Japanese.
        ModelState.Clear();
        if (currentTag is not null && Input.Tag is { Length: > 0 } seen && seen != currentTag)
        {
            ModelState.AddModelError(string.Empty, ConflictMessage);
            await reload();
            Input.Tag = currentTag;
            return Page();
        }
        string? done = null;
        var outcome = await this.RunAsync(db, async () => done = await change(clock.GetUtcNow(), ct));
        return await this.AnswerAsync(outcome, () => this.FlashAndRedirect(done!, ListUrl), reload);
    }

    public const string ConflictMessage = "この画面を開いた後に、他の管理者が内容を変更しました。画面を読み込み直してから、もう一度操作してください。";

    /// <summary>The departments for a section's "部" choice, in the list's order.</summary>
    protected Task<List<Domain.Organisation.Department>> DepartmentsAsync(CancellationToken ct) =>
        db.Departments.AsNoTracking().OrderBy(d => d.SortOrder).ThenBy(d => d.Name).ToListAsync(ct);
}
