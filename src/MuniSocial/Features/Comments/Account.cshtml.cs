namespace MuniSocial.Features.Comments;

/// <summary>One account's inbox.</summary>
public sealed class AccountModel(AppDbContext db, CurrentActor current) : InboxPage(db, current)
{
    public Guid AccountId { get; private set; }
    public string AccountName { get; private set; } = "";
    public Platform Platform { get; private set; }
    public string ReplyLabel { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var actor = await Current.GetAsync(HttpContext.RequestAborted);
        var account = await Db.Accounts.VisibleTo(actor).AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, HttpContext.RequestAborted);
        if (account is null)
        {
            return NotFound();
        }
        AccountId = id;
        AccountName = account.CurrentPolicy.AccountName ?? "";
        Platform = account.AcceptedPolicy?.Platform ?? account.CurrentPolicy.Platform ?? Platform.Other;
        ReplyLabel = account.AcceptedPolicy?.ReplyPolicy is { } r ? Labels.Of(r) : "未設定";
        await LoadAsync(id);
        return Page();
    }
}
