using MuniSocial.Domain.Comments;

namespace MuniSocial.Features.Comments;

/// <summary>How long the personal data of closed comments is kept (the PR office or the administrator).</summary>
public sealed class SettingsModel(AppDbContext db, CurrentActor current, TimeProvider clock) : PageModel
{
    public CommentSettings Settings { get; private set; } = CommentSettings.CreateDefault();

    [BindProperty]
    public int? RetentionDays { get; set; }

    [BindProperty]
    public int Version { get; set; }

    public async Task OnGetAsync()
    {
        Settings = await db.CommentSettingsAsync(HttpContext.RequestAborted);
        RetentionDays = Settings.RetentionDays;
        Version = Settings.Version;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        var actor = await current.GetAsync(ct);
        var outcome = await this.RunAsync(db, () => CommentUseCases.SaveSettingsAsync(db, actor, RetentionDays, Version, clock.GetUtcNow(), ct), prefix: "");
        return await this.AnswerAsync(outcome, () => this.FlashAndRedirect("保存期間を保存しました。", "/comments/settings"),
            async () => Settings = await db.CommentSettingsAsync(ct));
    }
}
