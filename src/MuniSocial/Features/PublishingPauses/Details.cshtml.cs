using MuniSocial.Domain.Incidents;
using MuniSocial.Domain.Posts;

namespace MuniSocial.Features.PublishingPauses;

/// <summary>
/// One pause and, once lifted, what it held: each approved post that was waiting to go out, with a link to it and
/// whether its section head has released or cancelled it yet (the lift's confirmation page).
/// </summary>
public sealed class DetailsModel(AppDbContext db) : PageModel
{
    public PublishingPause Pause { get; private set; } = null!;
    public string Scope { get; private set; } = "";
    public List<(HeldPost Hold, Post Post, string AccountName)> Held { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var pause = await db.PublishingPauses.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (pause is null)
        {
            return NotFound();
        }
        Pause = pause;
        var holds = await db.HeldPosts.AsNoTracking().Where(h => h.PauseId == id).ToListAsync(ct);
        var postIds = holds.Select(h => h.PostId).ToList();
        var posts = await db.Posts.AsNoTracking().Where(p => postIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var names = await db.AccountNamesAsync(holds.Select(h => h.AccountId).Concat(pause.AccountId is { } a ? [a] : []), ct);
        Scope = PublishingPauseUseCases.ScopeName(pause.AccountId, names);
        Held = [.. holds.Select(h => (h, posts[h.PostId], names.GetValueOrDefault(h.AccountId, ""))).OrderBy(x => x.Item3, StringComparer.Ordinal)];
        return Page();
    }
}
