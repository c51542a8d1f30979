
namespace MuniSocial.Features.AccessHolders;

/// <summary>
/// 要削除の権限: every holding whose holder was transferred or left, across the accounts that still exist —
/// for the PR office (who answers for every account) and the admin (who makes the transfers).
/// </summary>
public sealed class ToRemoveModel(AppDbContext db, CurrentActor current) : PageModel
{
    public List<HoldingToRemove> Items { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var actor = await current.GetAsync(ct);
        Items = await AccessHolderUseCases.ToRemoveAsync(db, actor, ct);
    }
}
