using MuniSocial.Domain.Publishing;
using MuniSocial.Features.PublishingPauses;

namespace MuniSocial.Features.UnapprovedPosts;

/// <summary>
/// /unapproved-posts: what the watch found on the accounts without MuniSocial (§5(2)ウ) — the open ones first, in red;
/// the decided ones below (PR office). Section staff see their own section's open ones, read-only.
/// </summary>
public sealed class IndexModel(AppDbContext db, CurrentActor current) : PageModel
{
    public List<ObservedPost> Open { get; private set; } = [];
    public List<ObservedPost> Resolved { get; private set; } = [];
    public IReadOnlyDictionary<Guid, string> Names { get; private set; } = new Dictionary<Guid, string>();
    public bool IsPrOffice { get; private set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Account { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        IsPrOffice = actor.Is(Role.PrOffice);
        var list = await UnapprovedPostUseCases.ListAsync(db, actor, IsPrOffice, Account, 500, ct);
        Open = [.. list.Where(o => o.IsOpen)];
        Resolved = [.. list.Where(o => !o.IsOpen)];
        Names = await db.AccountNamesAsync(list.Select(o => o.AccountId).Distinct(), ct);
    }

    public static string Excerpt(string text) => text.Length > 80 ? text[..80] + "…" : text;
}
