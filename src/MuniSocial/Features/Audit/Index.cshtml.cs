using MuniSocial.Domain.Audit;
using MuniSocial.Features.Admin;

namespace MuniSocial.Features.Audit;

/// <summary>監査記録: who did what, when, with before/after, and a check that the hash chain is unbroken.</summary>
public sealed class IndexModel(CurrentActor current, AppDbContext db) : GatedPageModel(current)
{
    [BindProperty(SupportsGet = true, Name = "action")]
    public string? ActionFilter { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? EntityId { get; set; }

    [BindProperty(SupportsGet = true, Name = "user")]
    public string? UserFilter { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    // Not "page": Razor Pages keeps that name for its own route value.
    [BindProperty(SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    public AuditPage? Result { get; private set; }

    public IReadOnlyList<string> Actions { get; private set; } = [];

    public AuditChainReport? Verification { get; private set; }

    protected override bool Allows(Actor actor) => actor.Is(Role.Admin) || actor.Is(Role.PrOffice);

    public async Task OnGetAsync() => await LoadAsync();

    /// <summary>Runs over the whole chain; a POST because it is work on demand, not a page to be crawled or prefetched.</summary>
    public async Task OnPostVerifyAsync()
    {
        Verification = await AuditQuery.VerifyAsync(db, HttpContext.RequestAborted);
        await LoadAsync();
    }

    public string PageUrl(int page)
    {
        var query = new Dictionary<string, string?>
        {
            ["action"] = ActionFilter,
            ["entityId"] = EntityId,
            ["user"] = UserFilter,
            ["from"] = From,
            ["to"] = To,
            ["pageNumber"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/audit", query.Where(q => !string.IsNullOrWhiteSpace(q.Value)));
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        ModelState.Clear();
        Actions = await AuditQuery.ActionsAsync(db, ct);
        Result = await this.ReadAsync(() => AuditQuery.SearchAsync(db, new AuditFilter(ActionFilter, EntityId, UserFilter, From, To, Math.Max(1, PageNumber)), ct), prefix: "");
    }
}
