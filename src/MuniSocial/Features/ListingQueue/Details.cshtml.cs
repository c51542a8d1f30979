using MuniSocial.Features.Accounts;

namespace MuniSocial.Features.ListingQueue;

/// <summary>One request in full, with the PR office's decisions: 掲載 (様式3), 差戻し, 改訂の承認, 一覧から削除 (様式5).</summary>
public sealed class DetailsModel(AppDbContext db, CurrentActor current, TimeProvider clock) : AccountPageModel(db, current, clock)
{
    public sealed class ReturnInput
    {
        public string? Reason { get; set; }
    }

    [BindProperty]
    public ReturnInput Input { get; set; } = new();

    public int CurrentTermsNumber { get; private set; }

    public bool IsListingRequest => Account.Status == AccountStatus.ListingRequested;
    public bool IsRevision => Account.HasRevisionUnderReview;
    public bool IsDelisting => Account.Status == AccountStatus.DelistingRequested;
    public bool HasRequest => Account.AwaitsPrOffice;

    /// <summary>Why this PR office member does not decide this request (maker–checker), or null: another member does.</summary>
    public Refusal? Involvement { get; private set; }

    public bool CanList => Allowed.Contains(AccountAction.List) && Involvement is null;
    public bool CanReturn => Allowed.Contains(AccountAction.Return);
    public bool CanAcceptRevision => Allowed.Contains(AccountAction.AcceptRevision) && Involvement is null;
    public bool CanDelist => Allowed.Contains(AccountAction.Delist) && Involvement is null;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostListAsync(Guid id, CancellationToken ct) =>
        StepAsync(id, AccountStep.List, async (a, actor, now) => a.List(actor, (await Db.CurrentTermsAsync(ct)).Id, now, await Db.AccessHolderIdsAsync(id, ct)), ct);

    public Task<IActionResult> OnPostReturnAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, (a, actor, now) => a.Return(actor, Input.Reason ?? "", now), "差し戻しました。主管課には差戻し理由が表示されます。", ct);

    public Task<IActionResult> OnPostAcceptRevisionAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, async (a, actor, now) => a.AcceptRevision(actor, (await Db.CurrentTermsAsync(ct)).Id, now, await Db.AccessHolderIdsAsync(id, ct)),
            "改訂を承認しました。公開ページは新しい運用ポリシーを表示しています。", ct);

    public Task<IActionResult> OnPostDelistAsync(Guid id, CancellationToken ct) =>
        StepAsync(id, AccountStep.Delist, async (a, actor, now) => a.Delist(actor, now, await Db.AccessHolderIdsAsync(id, ct)), ct);

    protected override string AfterAction(Guid id) => "/review";

    protected override async Task LoadMoreAsync(CancellationToken ct)
    {
        CurrentTermsNumber = (await Db.CurrentTermsAsync(ct)).Number;
        var action = IsDelisting ? AccountAction.Delist : IsRevision ? AccountAction.AcceptRevision : AccountAction.List;
        Involvement = HasRequest ? Account.InvolvementOf(action, Actor, await Db.AccessHolderIdsAsync(Account.Id, ct)) : null;
    }
}
