using MuniSocial.Domain.Comments;

namespace MuniSocial.Features.Comments;

/// <summary>What both inboxes (one account, and across the sections the user sees) show: the filter and the rows.</summary>
public abstract class InboxPage(AppDbContext db, CurrentActor current) : PageModel
{
    public const int PageSize = 300;

    public Actor Actor { get; private set; } = null!;

    /// <summary>The statuses ticked (none: the open ones).</summary>
    [BindProperty(SupportsGet = true)]
    public List<CommentStatus> Status { get; set; } = [];

    public List<Comment> Comments { get; private set; } = [];
    public Dictionary<Guid, string> AccountNames { get; private set; } = [];
    public Dictionary<Guid, string?> PostUrls { get; private set; } = [];

    public IReadOnlyList<CommentStatus> Shown => Status.Count > 0 ? Status : Comment.OpenStatuses;

    protected AppDbContext Db => db;

    protected async Task LoadAsync(Guid? accountId)
    {
        var ct = HttpContext.RequestAborted;
        Actor = await current.GetAsync(ct);
        Comments = await db.InboxAsync(Actor, accountId, [.. Status.Where(Enum.IsDefined)], PageSize, ct);
        var accountIds = Comments.Select(c => c.AccountId).Distinct().ToList();
        AccountNames = await db.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.CurrentPolicy.AccountName ?? "", ct);
        var postIds = Comments.Where(c => c.PostId is not null).Select(c => c.PostId!.Value).Distinct().ToList();
        PostUrls = await db.Posts.AsNoTracking().Where(p => postIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.PublishedUrl, ct);
    }

    protected CurrentActor Current => current;
}
