namespace MuniSocial.Features.Comments;

/// <summary>A page about one account's comments: the account loaded with access checked (another section's is a 404).</summary>
public abstract class AccountCommentPage(AppDbContext db, CurrentActor current) : PageModel
{
    public Actor Actor { get; private set; } = null!;
    public SocialAccount Account { get; private set; } = null!;
    public string AccountName => Account.CurrentPolicy.AccountName ?? "";
    public Platform Platform => Account.AcceptedPolicy?.Platform ?? Account.CurrentPolicy.Platform ?? Platform.Other;

    protected AppDbContext Db => db;

    protected async Task<bool> LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        Actor = await current.GetAsync(ct);
        var account = await db.FindVisibleAsync(id, Actor, ct);
        if (account is null)
        {
            return false;
        }
        Account = account;
        return true;
    }
}
