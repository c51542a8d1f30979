
namespace MuniSocial.Features.Offsite;

/// <summary>
/// A page on which staff record something about one account (the daily check, 運用状況の確認, access holders):
/// the account as the viewer may see it, whether the request comes from the office networks, and the record
/// itself, which from outside them needs the 即時性 reason (§5(2)イ) before the use case runs.
/// </summary>
public abstract class AccountRecordPageModel(AppDbContext db, CurrentActor current, OfficeNetworks networks) : PageModel
{
    public Actor Actor { get; private set; } = null!;
    public SocialAccount Account { get; private set; } = null!;
    public bool InsideOffice { get; private set; } = true;

    protected AppDbContext Db => db;

    /// <summary>Who is asking, and from where.</summary>
    protected async Task LoadViewerAsync(CancellationToken ct)
    {
        Actor = await current.GetAsync(ct);
        InsideOffice = await networks.IsInsideAsync(HttpContext, ct);
    }

    /// <summary>False when the account does not exist or belongs to a section the viewer may not see (the page answers 404).</summary>
    protected async Task<bool> LoadAccountAsync(Guid id, CancellationToken ct)
    {
        await LoadViewerAsync(ct);
        var account = await db.FindVisibleAsync(id, Actor, ct);
        if (account is null)
        {
            return false;
        }
        Account = account;
        return true;
    }

    /// <summary>Checks the reason (outside the office networks) and runs the use case with it, through <see cref="PageActions"/>.</summary>
    /// <param name="authorize">A domain check of who may record, made before the reason is asked for (one who may not gets a 403, not a form error).</param>
    protected Task<Outcome> RecordAsync(string? offsiteReason, Func<string?, CancellationToken, Task> record,
        Func<string, string>? fieldKey = null, Action? authorize = null) =>
        this.RunAsync(db, async () =>
        {
            var ct = HttpContext.RequestAborted;
            authorize?.Invoke();
            await record(await networks.RequireReasonAsync(HttpContext, offsiteReason, ct), ct);
        }, fieldKey ?? PageActions.Prefixed("Input"));
}
