using MuniSocial.Domain.Audit;

namespace MuniSocial.Features.Accounts;

/// <summary>
/// One account as its section and the PR office see it: status, the policy being written or reviewed,
/// the accepted policy, operators, version history and audit trail, and the actions the actor may take.
/// </summary>
public sealed class DetailsModel(AppDbContext db, CurrentActor current, TimeProvider clock) : AccountPageModel(db, current, clock)
{
    public IReadOnlyList<AuditEntry> AuditTrail { get; private set; } = [];
    public IReadOnlyDictionary<Guid, int> TermsNumbers { get; private set; } = new Dictionary<Guid, int>();

    public PolicyVersion? Open => Account.OpenPolicy;
    public PolicyVersion? Accepted => Account.AcceptedPolicy;
    public bool IsStaff => Actor.IsStaffOf(Account.SectionId);
    public bool IsHead => Actor.IsHeadOf(Account.SectionId);

    public bool CanEdit => Allowed.Contains(AccountAction.EditPolicy);
    public bool CanRequestListing => Allowed.Contains(AccountAction.RequestListing);
    public bool CanStartRevision => Allowed.Contains(AccountAction.StartRevision);
    public bool CanSubmitRevision => Allowed.Contains(AccountAction.SubmitRevision);
    public bool CanDiscardRevision => Allowed.Contains(AccountAction.DiscardRevision);
    public bool CanRequestDelisting => Allowed.Contains(AccountAction.RequestDelisting);

    /// <summary>A draft never submitted, for its author or the head (the check page also looks for records that keep it).</summary>
    public bool CanDiscard => Account.DiscardRefusal(Actor, hasRecords: false) is null;

    /// <summary>A PR office member is sent to the review page while a request waits there.</summary>
    public bool CanReview => Actor.Is(Role.PrOffice) && Account.AwaitsPrOffice;
    public bool IsOverdue => Account.IsOverdue(Today);

    public bool HasActions => CanEdit || CanRequestListing || CanStartRevision || CanSubmitRevision || CanDiscardRevision || CanRequestDelisting || CanDiscard
        || Account.Status == AccountStatus.Listed || CanReview;

    /// <summary>What the open draft still lacks for a submission (shown as a checklist before the head submits).</summary>
    public IReadOnlyList<string> StillMissing { get; private set; } = [];

    /// <summary>§5(4)エ: the profile text drafted from the accepted policy (Listed accounts only).</summary>
    public ProfileDraft? Profile { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    /// <summary>掲載依頼 (様式2 with 様式1), confirmed on its check page (<see cref="AccountStep.RequestListing"/>).</summary>
    public Task<IActionResult> OnPostRequestListingAsync(Guid id, CancellationToken ct) =>
        StepAsync(id, AccountStep.RequestListing, async (account, actor, now) => account.RequestListing(actor, now, await Db.IsUrlTakenAsync(account, ct)), ct);

    public Task<IActionResult> OnPostStartRevisionAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, (account, actor, now) => account.StartRevision(actor, now), "改訂を作成しました。「運用ポリシーを編集」から変更してください。承認されるまで公開ページは現在の版のままです。", ct);

    public Task<IActionResult> OnPostSubmitRevisionAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, async (account, actor, now) => account.SubmitRevision(actor, now, await Db.IsUrlTakenAsync(account, ct)),
            "改訂を提出しました。市広報担当が承認すると公開ページに反映されます。", ct);

    public Task<IActionResult> OnPostDiscardRevisionAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, (account, actor, now) => Db.PolicyVersions.Remove(account.DiscardRevision(actor, now)), "改訂を破棄しました。公開中の運用ポリシーは変わりません。", ct);

    protected override string AfterAction(Guid id) => $"/accounts/{id}";

    protected override async Task LoadMoreAsync(CancellationToken ct)
    {
        var account = Account;
        var key = account.Id.ToString();
        AuditTrail = await Db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == nameof(SocialAccount) && e.EntityId == key)
            .OrderByDescending(e => e.Sequence).ToListAsync(ct);
        var termIds = account.Policies.Select(p => p.TermsVersionId).OfType<Guid>().Distinct().ToList();
        Profile = ProfileDisplay.Draft(Request, account);
        TermsNumbers = await Db.TermsVersions.AsNoTracking().Where(t => termIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Number, ct);
        if (Open is { Status: PolicyVersionStatus.Draft })
        {
            // The domain's list, the same the submission refuses with.
            StillMissing = account.SubmissionProblems(await Db.IsUrlTakenAsync(account, ct)).SelectMany(p => p.Value).ToList();
        }
    }
}
