
namespace MuniSocial.Features.Accounts;

/// <summary>
/// A staff page about one account with buttons for its transitions (the section's details page, the PR office's
/// request page): the account as the viewer may see it, what the domain allows them now, the policy rows, and
/// the one way a button changes the account — held to the version the page showed, saved once through <see cref="PageActions"/>.
/// </summary>
public abstract class AccountPageModel(AppDbContext db, CurrentActor current, TimeProvider clock) : PageModel
{
    public SocialAccount Account { get; private set; } = null!;
    public Actor Actor { get; private set; } = null!;
    public OrgNames Names { get; private set; } = null!;
    public DateOnly Today { get; private set; }

    /// <summary>The account's version when the page was shown, posted back by every action form.</summary>
    [BindProperty]
    public int? Version { get; set; }

    /// <summary>What the actor may do now, as the domain's transitions decide it (a button is shown only for these).</summary>
    public IReadOnlySet<AccountAction> Allowed { get; private set; } = new HashSet<AccountAction>();

    public IReadOnlyList<PolicyRow> Rows(PolicyVersion p) => PolicyDisplay.Rows(p, Account.SectionId, Names);

    protected AppDbContext Db => db;

    /// <summary>False when there is no such account for this viewer (the page answers 404).</summary>
    protected async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        Actor = await current.GetAsync(ct);
        var account = await db.Accounts.AsNoTracking().VisibleTo(Actor).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (account is null)
        {
            return false;
        }
        Account = account;
        Version = account.Version;
        Allowed = account.AllowedActions(Actor);
        Names = await OrgNames.LoadAsync(db, ct);
        Today = Wareki.TodayIn(clock.GetUtcNow());
        await LoadMoreAsync(ct);
        return true;
    }

    /// <summary>What this page shows besides the account (audit trail, current terms …), once <see cref="Account"/> is set.</summary>
    protected virtual Task LoadMoreAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>Where a button's transition leads once it is saved (this page, or the page it was chosen from).</summary>
    protected abstract string AfterAction(Guid id);

    /// <summary>A transition that needs nothing read first: as <see cref="ActAsync(Guid, Func{SocialAccount, Actor, DateTimeOffset, Task}, string, CancellationToken)"/>.</summary>
    protected Task<IActionResult> ActAsync(Guid id, Action<SocialAccount, Actor, DateTimeOffset> change, string done, CancellationToken ct) =>
        ActAsync(id, (account, actor, now) =>
        {
            change(account, actor, now);
            return Task.CompletedTask;
        }, done, ct);

    /// <summary>One transition from a button: a broken rule shows the page again with the message, success flashes <paramref name="done"/> and goes to <see cref="AfterAction"/>.</summary>
    protected Task<IActionResult> ActAsync(Guid id, Func<SocialAccount, Actor, DateTimeOffset, Task> change, string done, CancellationToken ct) =>
        ActAsync(id, change, () =>
        {
            this.Flash(done);
            return Redirect(AfterAction(id));
        }, ct);

    /// <summary>A one-way step confirmed on its check page: success goes to the step's confirmation page.</summary>
    protected Task<IActionResult> StepAsync(Guid id, AccountStep step, Func<SocialAccount, Actor, DateTimeOffset, Task> change, CancellationToken ct) =>
        ActAsync(id, change, () => Redirect(AccountStep.DoneUrl(id, step)), ct);

    /// <summary>One transition from a button, answered by <paramref name="saved"/> once it is saved.</summary>
    protected async Task<IActionResult> ActAsync(Guid id, Func<SocialAccount, Actor, DateTimeOffset, Task> change, Func<IActionResult> saved, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var account = await db.FindVisibleAsync(id, actor, ct);
        if (account is null)
        {
            return NotFound();
        }
        if (Version is { } seen)
        {
            db.Entry(account).Property(a => a.Version).OriginalValue = seen;
        }
        switch (await this.SaveAsync(db, () => change(account, actor, clock.GetUtcNow()), ct: ct))
        {
            case Outcome.Forbidden:
                return Forbid();
            case Outcome.Refused:
                return await LoadAsync(id, ct) ? Page() : NotFound();
        }
        return saved();
    }
}
