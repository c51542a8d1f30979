using MuniSocial.Domain.Posts;

namespace MuniSocial.Features.Posts;

public sealed class IndexModel(AppDbContext db, CurrentActor current) : PageModel
{
    public Actor Actor { get; private set; } = null!;
    public List<Post> Queue { get; private set; } = [];
    public List<Post> Mine { get; private set; } = [];
    public List<Post> Section { get; private set; } = [];
    public Dictionary<Guid, string> AccountNames { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        Actor = await current.GetAsync(ct);
        var actorId = Actor.UserId;
        Queue = await db.Posts.AsNoTracking().QueueFor(Actor).OrderBy(p => p.UpdatedAt).ToListAsync(ct);
        Mine = await db.Posts.VisibleTo(Actor).AsNoTracking().Where(p => p.AuthorId == actorId && p.Status != PostStatus.Published && p.Status != PostStatus.Rejected)
            .OrderByDescending(p => p.UpdatedAt).ToListAsync(ct);
        Section = await db.Posts.VisibleTo(Actor).AsNoTracking().OrderByDescending(p => p.UpdatedAt).Take(50).ToListAsync(ct);
        var ids = Queue.Concat(Mine).Concat(Section).Select(p => p.AccountId).Distinct().ToList();
        AccountNames = await db.Accounts.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.CurrentPolicy.AccountName ?? "", ct);
    }
}
