using MuniSocial.Domain.Incidents;

namespace MuniSocial.Features.PublicWarnings;

/// <summary>
/// The PR office's page for an incident's public warning (§5(5)イ(イ) 市公式ホームページにて公開): a title and body
/// drafted from the incident to edit and publish, and the published one with its withdrawal.
/// </summary>
public sealed class WarningModel(AppDbContext db, CurrentActor current, TimeProvider clock) : PageModel
{
    public Incident Incident { get; private set; } = null!;
    public PublicWarning? Current { get; private set; }
    public List<PublicWarning> Withdrawn { get; private set; } = [];

    /// <summary>Only impersonation and hijack incidents have a public warning.</summary>
    public bool Warnable => Incident.Kind is IncidentKind.Impersonation or IncidentKind.Hijack;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty]
    public string? Reason { get; set; }

    public sealed class InputModel
    {
        public string? Title { get; set; }
        public string? Body { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        (Input.Title, Input.Body) = await PublicWarningUseCases.DraftAsync(db, Incident, HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnPostPublishAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        var actor = await current.GetAsync(HttpContext.RequestAborted);
        var outcome = await this.RunAsync(db, () => PublicWarningUseCases.PublishAsync(db, actor, Incident, Input.Title, Input.Body, clock.GetUtcNow(), HttpContext.RequestAborted));
        return await this.AnswerAsync(outcome,
            () => this.FlashAndRedirect("注意喚起を公開しました。「なりすまし・乗っ取りの注意喚起」のページと公式アカウントの確認に直ちに反映されます。", $"/incidents/{id}/warning"),
            () => LoadAsync(id));
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        var actor = await current.GetAsync(HttpContext.RequestAborted);
        var outcome = await this.RunAsync(db, () => PublicWarningUseCases.WithdrawAsync(db, actor, Incident, Reason, clock.GetUtcNow(), HttpContext.RequestAborted), "");
        return await this.AnswerAsync(outcome,
            () => this.FlashAndRedirect("注意喚起を取り下げました。公開ページと公式アカウントの確認から直ちに消えます。", $"/incidents/{id}/warning"),
            async () =>
            {
                await LoadAsync(id);
                (Input.Title, Input.Body) = await PublicWarningUseCases.DraftAsync(db, Incident, HttpContext.RequestAborted);
            });
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if (await PublicWarningUseCases.FindIncidentAsync(db, id, ct) is not { } incident)
        {
            return false;
        }
        Incident = incident;
        var all = await PublicWarningUseCases.AllAsync(db, id, ct);
        Current = all.FirstOrDefault(w => w.IsPublished);
        Withdrawn = all.Where(w => !w.IsPublished).ToList();
        return true;
    }
}
