using MuniSocial.Domain.Operations;
using MuniSocial.Domain.Publishing;
using MuniSocial.Features.Offsite;

namespace MuniSocial.Features.AccessHolders;

/// <summary>
/// アクセス権限: who can act on the platform for one account — linked personal accounts and credential keepers —
/// with the 「要削除」 flag for holders who were transferred or left, the removal / hand-over, and two-factor
/// authentication. The section's staff record; the PR office reads.
/// </summary>
public sealed class AccessModel(AppDbContext db, CurrentActor current, OfficeNetworks networks, TimeProvider clock)
    : AccountRecordPageModel(db, current, networks)
{
    public List<HolderView> Holders { get; private set; } = [];
    public AccountTwoFactor? TwoFactor { get; private set; }
    public List<StaffMember> Staff { get; private set; } = [];

    /// <summary>Who holds the platform side through this system: the account's connector (issue 11), or null.</summary>
    public AccountConnection? Connection { get; private set; }

    [TempData]
    public string? Message { get; set; }

    [BindProperty]
    public AddInput Add { get; set; } = new();

    [BindProperty]
    public RemoveInput Remove { get; set; } = new();

    [BindProperty]
    public TwoFactorInput Tfa { get; set; } = new();

    [BindProperty]
    public string? OffsiteReason { get; set; }

    public sealed class AddInput
    {
        public AccessKind? Kind { get; set; }
        public string? UserId { get; set; }
        public string? PlatformHandle { get; set; }
        public PlatformRole? PlatformRole { get; set; }
        public string? Note { get; set; }
    }

    public sealed class RemoveInput
    {
        public Guid? HolderId { get; set; }
        public AccessRemoval? How { get; set; }
        public string? SuccessorUserId { get; set; }
        public string? SuccessorHandle { get; set; }
        public string? Note { get; set; }
    }

    public sealed class TwoFactorInput
    {
        public bool? Enabled { get; set; }
        public string? CodeRecipient { get; set; }
    }

    public bool CanRecord => Actor.IsStaffOf(Account.SectionId);
    public bool CanAdd => CanRecord && Account.Status != AccountStatus.Closed;
    public List<HolderView> Current => Holders.Where(h => h.Holder.IsCurrent).ToList();
    public List<HolderView> Past => Holders.Where(h => !h.Holder.IsCurrent).ToList();

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        Tfa = new TwoFactorInput { Enabled = TwoFactor?.Enabled, CodeRecipient = TwoFactor?.CodeRecipient };
        return Page();
    }

    public Task<IActionResult> OnPostAddAsync(Guid id) => ActAsync(id, "Add", async (offsite, ct) =>
    {
        var holder = await AccessHolderUseCases.AddAsync(Db, Actor, Account, new AccessHolderInput(Add.Kind, Add.UserId, Add.PlatformHandle, Add.PlatformRole, Add.Note),
            clock.GetUtcNow(), offsite, ct);
        return $"{holder.UserName}さんを「{AccessLabels.Of(holder.Kind)}」として登録しました。";
    });

    public Task<IActionResult> OnPostRemoveAsync(Guid id) => ActAsync(id, "Remove", async (offsite, ct) =>
    {
        var done = await AccessHolderUseCases.RemoveAsync(Db, Actor, Account, Remove.HolderId ?? Guid.Empty,
            new AccessRemovalInput(Remove.How, Remove.SuccessorUserId, Remove.SuccessorHandle, Remove.Note), clock.GetUtcNow(), offsite, ct)
            ?? throw new DomainRuleException("指定された権限が見つかりません。画面を読み込み直してください。", "holder-not-found");
        return done.Successor is { } next
            ? $"{done.Removed.UserName}さんの権限を{next.UserName}さんに引き継いだことを記録しました。"
            : $"{done.Removed.UserName}さんの権限を削除したことを記録しました。";
    });

    public Task<IActionResult> OnPostTwoFactorAsync(Guid id) => ActAsync(id, "Tfa", async (offsite, ct) =>
    {
        var row = await AccessHolderUseCases.SetTwoFactorAsync(Db, Actor, Account, Tfa.Enabled, Tfa.CodeRecipient, clock.GetUtcNow(), offsite, ct);
        return row.Enabled ? "二段階認証を「有効」と記録しました。" : "二段階認証を「無効」と記録しました。有効にすることを検討してください。";
    });

    private async Task<IActionResult> ActAsync(Guid id, string prefix, Func<string?, CancellationToken, Task<string>> act)
    {
        // A value that does not bind (an unknown kind, say) reaches the domain as "not chosen", which names the field.
        ModelState.Clear();
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        string? done = null;
        var outcome = await RecordAsync(OffsiteReason, async (offsite, ct) => done = await act(offsite, ct),
            field => field == "offsiteReason" ? nameof(OffsiteReason) : PageActions.Prefixed(prefix)(field),
            authorize: () => AccessHolder.RequireStaff(Actor, Account));
        return await this.AnswerAsync(outcome, () =>
        {
            Message = done;
            return Redirect($"/operations/{id}/access");
        }, () => LoadAsync(id));
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if (!await LoadAccountAsync(id, ct))
        {
            return false;
        }
        var account = Account;
        Holders = await AccessHolderUseCases.ForAccountAsync(Db, account, ct);
        TwoFactor = await AccessHolderUseCases.TwoFactorAsync(Db, id, ct);
        Connection = await Db.AccountConnections.AsNoTracking().FirstOrDefaultAsync(c => c.AccountId == id, ct);
        Staff = CanRecord ? await Db.SectionStaffAsync(account.SectionId, ct) : [];
        return true;
    }

    /// <summary>Errors of the removal form belong to the holder whose form was posted.</summary>
    public bool IsRemoving(AccessHolder h) => Remove.HolderId == h.Id;
}
