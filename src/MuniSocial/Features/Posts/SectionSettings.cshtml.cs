using MuniSocial.Domain.Posts;

namespace MuniSocial.Features.Posts;

/// <summary>The section head sets the pre-approved scope (§5(2)ウ(イ)) and whether a colleague's check is required (§5(2)ウ(ウ)); staff see it.</summary>
public sealed class SectionSettingsModel(AppDbContext db, CurrentActor current, TimeProvider clock) : PageModel
{
    public Actor Actor { get; private set; } = null!;
    public SectionPostSettings Settings { get; private set; } = null!;
    public string SectionName { get; private set; } = "";

    [BindProperty]
    public List<PostCategory> PreApproved { get; set; } = [];

    [BindProperty]
    public SecondCheckSetting SecondCheck { get; set; }

    [BindProperty]
    public int Version { get; set; }

    /// <summary>The scope of D (§5(2)ウ(イ)D), written by the head.</summary>
    [BindProperty]
    public string? CategoryDScope { get; set; }

    public bool CanEdit => Actor.SectionId is { } s && Actor.IsHeadOf(s);

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var posted = Version;
        if (!await LoadAsync())
        {
            return NotFound();
        }
        if (!CanEdit)
        {
            return Forbid();
        }
        var ct = HttpContext.RequestAborted;
        switch (await this.SaveAsync(db, () => PostUseCases.SaveSectionSettingsAsync(db, Actor, Settings.SectionId, PostUseCases.Flags(PreApproved), SecondCheck, posted,
            CategoryDScope, clock.GetUtcNow(), ct), prefix: "", ct))
        {
            case Outcome.Saved:
                return Redirect("/posts/section-settings");
            case Outcome.Forbidden:
                return Forbid();
        }
        await LoadAsync();
        return Page();
    }

    private async Task<bool> LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        Actor = await current.GetAsync(ct);
        if (Actor.SectionId is not { } section || !(Actor.Is(Role.Operator) || Actor.Is(Role.SectionHead)))
        {
            return false;
        }
        Settings = await db.SectionSettingsAsync(section, ct);
        SectionName = await db.Sections.Where(s => s.Id == section).Select(s => s.Name).FirstOrDefaultAsync(ct) ?? "";
        Version = Settings.Version;
        if (Request.Method != "POST")
        {
            CategoryDScope = Settings.CategoryDScope;
        }
        return true;
    }
}
