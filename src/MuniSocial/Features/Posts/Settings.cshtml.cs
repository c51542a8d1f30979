using MuniSocial.Domain.Posts;

namespace MuniSocial.Features.Posts;

/// <summary>The PR office keeps the content check's dictionaries and decides which kinds block.</summary>
public sealed class SettingsModel(AppDbContext db, CurrentActor current, TimeProvider clock) : PageModel
{
    public ContentCheckSettings Current { get; private set; } = null!;

    [BindProperty]
    public string? Expressions { get; set; }

    [BindProperty]
    public string? ConfidentialMarkers { get; set; }

    [BindProperty]
    public string? DecisionMarkers { get; set; }

    [BindProperty]
    public string? Exceptions { get; set; }

    [BindProperty]
    public string? ShortenerHosts { get; set; }

    [BindProperty]
    public string? OwnDomains { get; set; }

    [BindProperty]
    public List<FindingKind> ErrorKinds { get; set; } = [];

    [BindProperty]
    public int Version { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var actor = await current.GetAsync(HttpContext.RequestAborted);
        if (!actor.Is(Role.PrOffice))
        {
            return Forbid();
        }
        Current = await db.CheckSettingsAsync(HttpContext.RequestAborted);
        Expressions = Current.Expressions;
        ConfidentialMarkers = Current.ConfidentialMarkers;
        DecisionMarkers = Current.DecisionMarkers;
        Exceptions = Current.Exceptions;
        ShortenerHosts = Current.ShortenerHosts;
        OwnDomains = Current.OwnDomains;
        ErrorKinds = [.. Current.ErrorKindSet];
        Version = Current.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        var actor = await current.GetAsync(ct);
        if (!actor.Is(Role.PrOffice))
        {
            return Forbid();
        }
        var input = new ContentCheckSettings.Input(Expressions, ConfidentialMarkers, DecisionMarkers, Exceptions, ShortenerHosts, OwnDomains, ErrorKinds);
        switch (await this.SaveAsync(db, () => PostUseCases.SaveCheckSettingsAsync(db, actor, input, Version, clock.GetUtcNow(), ct), prefix: "", ct))
        {
            case Outcome.Saved:
                return Redirect("/posts/settings");
            case Outcome.Forbidden:
                return Forbid();
        }
        Current = await db.CheckSettingsAsync(ct);
        return Page();
    }
}
