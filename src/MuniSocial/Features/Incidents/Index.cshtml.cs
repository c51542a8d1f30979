using MuniSocial.Domain.Incidents;

namespace MuniSocial.Features.Incidents;

/// <summary>/incidents: open first, filtered by status and kind; the PR office sees all, staff their section's.</summary>
public sealed class IndexModel(AppDbContext db, CurrentActor current) : PageModel
{
    public Actor Actor { get; private set; } = null!;
    public List<Incident> Incidents { get; private set; } = [];
    public Dictionary<Guid, string> AccountNames { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public IncidentStatus? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public IncidentKind? Kind { get; set; }

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        Actor = await current.GetAsync(ct);
        Incidents = await IncidentAccess.ListAsync(db, Actor, Status, Kind, 500, ct);
        AccountNames = await IncidentAccess.AccountNamesAsync(db, Incidents.SelectMany(i => i.AccountIds), ct);
    }
}
