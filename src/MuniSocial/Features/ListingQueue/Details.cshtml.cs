using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Data;
using MuniSocial.Domain;
using MuniSocial.Domain.Accounts;
using MuniSocial.Features.Accounts;
using MuniSocial.Features.Shared;
using MuniSocial.Infrastructure.Identity;

namespace MuniSocial.Features.ListingQueue;

/// <summary>One request in full, with the PR office's decisions: 掲載 (様式3), 差戻し, 改訂の承認, 一覧から削除 (様式5).</summary>
public sealed class DetailsModel(AppDbContext db, CurrentActor current, TimeProvider clock) : PageModel
{
    public sealed class ReturnInput
    {
        public string? Reason { get; set; }
    }

    [BindProperty]
    public ReturnInput Input { get; set; } = new();

    [BindProperty]
    public int? Version { get; set; }

    public SocialAccount Account { get; private set; } = null!;
    public OrgNames Names { get; private set; } = null!;
    public int CurrentTermsNumber { get; private set; }
    public DateOnly Today { get; private set; }

    public IReadOnlyList<PolicyRow> Rows(PolicyVersion p) => PolicyDisplay.Rows(p, Account.SectionId, Names);

    public bool IsListingRequest => Account.Status == AccountStatus.ListingRequested;
    public bool IsRevision => Account.HasRevisionUnderReview;
    public bool IsDelisting => Account.Status == AccountStatus.DelistingRequested;
    public bool HasRequest => Account.AwaitsPrOffice;

    /// <summary>What the actor may decide now, as the domain's transitions decide it (a button is shown only for these).</summary>
    public IReadOnlySet<AccountAction> Allowed { get; private set; } = new HashSet<AccountAction>();

    public bool CanList => Allowed.Contains(AccountAction.List);
    public bool CanReturn => Allowed.Contains(AccountAction.Return);
    public bool CanAcceptRevision => Allowed.Contains(AccountAction.AcceptRevision);
    public bool CanDelist => Allowed.Contains(AccountAction.Delist);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostListAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, async (a, actor, now) => a.List(actor, (await db.CurrentTermsAsync(ct)).Id, now),
            "名寄市ソーシャルメディア一覧に掲載しました。主管課へ掲載通知書（様式3）を送付してください。", ct);

    public Task<IActionResult> OnPostReturnAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, (a, actor, now) =>
        {
            a.Return(actor, Input.Reason ?? "", now);
            return Task.CompletedTask;
        }, "差し戻しました。主管課には差戻し理由が表示されます。", ct);

    public Task<IActionResult> OnPostAcceptRevisionAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, async (a, actor, now) => a.AcceptRevision(actor, (await db.CurrentTermsAsync(ct)).Id, now),
            "改訂を承認しました。公開ページは新しい運用ポリシーを表示しています。", ct);

    public Task<IActionResult> OnPostDelistAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, (a, actor, now) =>
        {
            a.Delist(actor, now);
            return Task.CompletedTask;
        }, "一覧から削除しました（運用終了）。主管課へ削除通知書（様式5）を送付してください。", ct);

    private async Task<IActionResult> ActAsync(Guid id, Func<SocialAccount, Actor, DateTimeOffset, Task> change, string done, CancellationToken ct)
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
        var outcome = await this.SaveAsync(db, () => change(account, actor, clock.GetUtcNow()), ct: ct);
        switch (outcome)
        {
            case Outcome.Forbidden:
                return Forbid();
            case Outcome.Refused:
                return await LoadAsync(id, ct) ? Page() : NotFound();
        }
        this.Flash(done);
        return Redirect("/review");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var account = await db.Accounts.AsNoTracking().VisibleTo(actor).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (account is null)
        {
            return false;
        }
        Account = account;
        Version = account.Version;
        Allowed = account.AllowedActions(actor);
        Names = await OrgNames.LoadAsync(db, ct);
        CurrentTermsNumber = (await db.CurrentTermsAsync(ct)).Number;
        Today = Wareki.TodayIn(clock.GetUtcNow());
        return true;
    }
}
