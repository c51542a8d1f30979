using MuniSocial.Domain.Guideline;

namespace MuniSocial.Features.Guideline;

/// <summary>
/// §2, §6: the staff user reads the current guideline (the §6 conduct rules prominently), ticks both boxes and is
/// sent back to the page they asked for. Every staff page leads here until they have (GuidelineSetup.UseGuidelineGate).
/// </summary>
public sealed class AcknowledgeModel(AppDbContext db, CurrentActor current, TimeProvider clock) : PageModel
{
    public sealed class InputModel
    {
        public bool ReadGuideline { get; set; }
        public bool ReadConductRules { get; set; }

        /// <summary>The version shown: if the PR office publishes another meanwhile, the user reads that one first.</summary>
        public Guid? VersionId { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public GuidelineVersion? Version { get; private set; }
    public GuidelineView? View { get; private set; }
    public string DisplayName { get; private set; } = "";
    public string EmploymentLabel { get; private set; } = "";
    public int? PreviousVersion { get; private set; }
    public DateTimeOffset? AcknowledgedAt { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        await LoadAsync(actor, ct);
        if (Version is null)
        {
            return LocalRedirect(Back);
        }
        Input.VersionId = Version.Id;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        await LoadAsync(actor, ct);
        if (Version is null)
        {
            return LocalRedirect(Back);
        }
        if (Input.VersionId != Version.Id)
        {
            ModelState.AddModelError(string.Empty, $"ガイドラインが改訂されました（現在 第{Version.Number}版）。改訂後の内容を読んでから、もう一度確認してください。");
            Input = new InputModel { VersionId = Version.Id };
            return Page();
        }
        if (AcknowledgedAt is not null)
        {
            return LocalRedirect(Back);
        }
        var version = Version;
        var outcome = await this.SaveAsync(db, () => db.Add(GuidelineAcknowledgement.Record(actor, version, Input.ReadGuideline, Input.ReadConductRules,
            clock.GetUtcNow(), alreadyAcknowledged: false)), ct: ct);
        if (outcome != Outcome.Saved)
        {
            // A second tab that confirmed first is not an error for this one.
            if (await db.GuidelineAcknowledgements.AnyAsync(a => a.UserId == actor.UserId && a.VersionId == version.Id, ct))
            {
                return LocalRedirect(Back);
            }
            return outcome == Outcome.Forbidden ? Forbid() : Page();
        }
        this.Flash($"ガイドライン第{version.Number}版の確認を記録しました。");
        return LocalRedirect(Back);
    }

    /// <summary>Where to go afterwards: the page asked for, if it is one of ours; else the staff home page.</summary>
    public string Back => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) && !ReturnUrl.StartsWith(GuidelineSetup.AcknowledgePath, StringComparison.OrdinalIgnoreCase)
        ? ReturnUrl : "/home";

    private async Task LoadAsync(Actor actor, CancellationToken ct)
    {
        var today = Wareki.TodayIn(clock.GetUtcNow());
        Version = await db.CurrentVersionAsync(today, ct);
        View = Version is null ? null : GuidelineRendering.Render(Version.Text, topLevel: 3);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId).Select(u => new { u.EmploymentType }).SingleAsync(ct);
        DisplayName = actor.Name;
        EmploymentLabel = AppUser.EmploymentLabel(user.EmploymentType);
        var mine = await db.GuidelineAcknowledgements.AsNoTracking().Where(a => a.UserId == actor.UserId)
            .Select(a => new { a.VersionId, a.VersionNumber, a.At }).ToListAsync(ct);
        AcknowledgedAt = Version is null ? null : mine.FirstOrDefault(a => a.VersionId == Version.Id)?.At;
        PreviousVersion = mine.Where(a => Version is null || a.VersionId != Version.Id).Select(a => (int?)a.VersionNumber).Max();
    }
}
