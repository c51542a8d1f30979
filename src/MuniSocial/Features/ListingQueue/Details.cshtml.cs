using MuniSocial.Domain.Forms;
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

    public bool CanList => Allowed.Contains(AccountAction.List);
    public bool CanReturn => Allowed.Contains(AccountAction.Return);
    public bool CanAcceptRevision => Allowed.Contains(AccountAction.AcceptRevision);
    public bool CanDelist => Allowed.Contains(AccountAction.Delist);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostListAsync(Guid id, CancellationToken ct) =>
        await WithNoticeLinkAsync(id, FormKind.Form3, await ActAsync(id, async (a, actor, now) => a.List(actor, (await Db.CurrentTermsAsync(ct)).Id, now),
            "名寄市ソーシャルメディア一覧に掲載しました。主管課へ掲載通知書（様式3）を送付してください（主管課の職員にはメールでも届いています）。", ct), ct);

    public Task<IActionResult> OnPostReturnAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, (a, actor, now) => a.Return(actor, Input.Reason ?? "", now), "差し戻しました。主管課には差戻し理由が表示されます。", ct);

    public Task<IActionResult> OnPostAcceptRevisionAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, async (a, actor, now) => a.AcceptRevision(actor, (await Db.CurrentTermsAsync(ct)).Id, now),
            "改訂を承認しました。公開ページは新しい運用ポリシーを表示しています。", ct);

    public async Task<IActionResult> OnPostDelistAsync(Guid id, CancellationToken ct) =>
        await WithNoticeLinkAsync(id, FormKind.Form5, await ActAsync(id, (a, actor, now) => a.Delist(actor, now),
            "一覧から削除しました（運用終了）。主管課へ削除通知書（様式5）を送付してください（主管課の職員にはメールでも届いています）。", ct), ct);

    /// <summary>After a listing or closing, the message links the notice just issued (様式3/様式5), so that it can be opened and sent.</summary>
    private async Task<IActionResult> WithNoticeLinkAsync(Guid id, FormKind form, IActionResult result, CancellationToken ct)
    {
        if (result is RedirectResult)
        {
            var issued = (await Db.IssuedDocuments.AsNoTracking().Where(d => d.AccountId == id && d.Form == form).Select(d => new { d.Id, d.IssuedAt }).ToListAsync(ct))
                .MaxBy(d => d.IssuedAt);
            if (issued is not null)
            {
                TempData["SuccessLink"] = $"/accounts/{id}/documents/{issued.Id}.pdf";
                TempData["SuccessLinkText"] = form == FormKind.Form3 ? "掲載通知書（様式3）を開く（PDF）" : "削除通知書（様式5）を開く（PDF）";
            }
        }
        return result;
    }

    protected override string AfterAction(Guid id) => "/review";

    protected override async Task LoadMoreAsync(CancellationToken ct) => CurrentTermsNumber = (await Db.CurrentTermsAsync(ct)).Number;
}
