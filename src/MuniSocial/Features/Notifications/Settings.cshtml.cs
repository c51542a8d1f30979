using MuniSocial.Domain.Notifications;

namespace MuniSocial.Features.Notifications;

/// <summary>/me/notifications: which hand-off e-mails the signed-in person wants; the trouble mails are shown, not changeable.</summary>
public sealed class SettingsModel(AppDbContext db, CurrentActor current, TimeProvider clock) : PageModel
{
    public MailPreference Preference { get; private set; } = null!;

    /// <summary>The kinds the person wants (checked boxes); everything else that can be turned off is turned off.</summary>
    [BindProperty]
    public List<MailKind> On { get; set; } = [];

    [BindProperty]
    public int? Version { get; set; }

    public async Task OnGetAsync()
    {
        await LoadAsync();
        Version = Preference.Version;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        var actor = await current.GetAsync(ct);
        var off = MailKinds.All.Where(k => MailKinds.CanTurnOff(k) && !On.Contains(k)).ToList();
        var outcome = await this.RunAsync(db, () => MailPreferenceUseCases.SaveAsync(db, actor, off, Version, clock.GetUtcNow(), ct), prefix: "");
        return await this.AnswerAsync(outcome, () => this.FlashAndRedirect("通知の設定を保存しました。", "/me/notifications"), LoadAsync);
    }

    private async Task LoadAsync()
    {
        var actor = await current.GetAsync(HttpContext.RequestAborted);
        Preference = await MailPreferenceUseCases.GetAsync(db, actor, HttpContext.RequestAborted);
    }
}
