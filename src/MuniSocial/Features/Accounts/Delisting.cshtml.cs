using System.Globalization;

namespace MuniSocial.Features.Accounts;

/// <summary>削除依頼 (様式4): the section head confirms the account was deleted on the platform and asks PR to delist it.</summary>
public sealed class DelistingModel(AppDbContext db, CurrentActor current, TimeProvider clock) : PageModel
{
    public sealed class InputModel
    {
        public string? ClosedOn { get; set; }
        public string? CloseReason { get; set; }
        public bool DeletedOnPlatform { get; set; }
        public int? Version { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public Guid Id { get; private set; }
    public string AccountName { get; private set; } = "";
    public string Platform { get; private set; } = "";
    public string AccountUrl { get; private set; } = "";
    public string? NotAvailable { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var (account, actor) = await LoadAsync(id, ct);
        if (account is null)
        {
            return NotFound();
        }
        if (account.RefusalOf(AccountAction.RequestDelisting, actor) is { Forbidden: true })
        {
            return Forbid();
        }
        Input.ClosedOn = Wareki.TodayIn(clock.GetUtcNow()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Input.Version = account.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var (account, actor) = await LoadAsync(id, ct);
        if (account is null)
        {
            return NotFound();
        }
        if (account.RefusalOf(AccountAction.RequestDelisting, actor) is { Forbidden: true })
        {
            return Forbid();
        }
        DateOnly closedOn = default;
        if (string.IsNullOrWhiteSpace(Input.ClosedOn))
        {
            ModelState.AddModelError("Input.ClosedOn", "閉鎖日（ソーシャルメディア上でアカウントを削除した日）を入力してください。");
        }
        else if (!DateOnly.TryParseExact(Input.ClosedOn.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out closedOn))
        {
            ModelState.AddModelError("Input.ClosedOn", "閉鎖日は日付（例: 2026-04-01）で入力してください。");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        if (Input.Version is { } seen)
        {
            db.Entry(account).Property(a => a.Version).OriginalValue = seen;
        }
        var outcome = await this.SaveAsync(db,
            () => account.RequestDelisting(actor, closedOn, Input.CloseReason ?? "", Input.DeletedOnPlatform, clock.GetUtcNow()), ct: ct);
        return await this.AnswerAsync(outcome,
            () => this.FlashAndRedirect("削除依頼（様式4）を提出しました。市広報担当が一覧から削除すると運用終了になります。", $"/accounts/{id}"));
    }

    private async Task<(SocialAccount? Account, Actor Actor)> LoadAsync(Guid id, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var account = await db.FindVisibleAsync(id, actor, ct);
        if (account is not null)
        {
            Id = account.Id;
            var p = account.AcceptedPolicy ?? account.CurrentPolicy;
            AccountName = p.AccountName ?? "";
            Platform = p.PlatformLabel;
            AccountUrl = p.AccountUrl ?? "";
            // The domain's reason, the same RequestDelisting refuses with (the head's role is checked by the handlers).
            NotAvailable = account.RefusalOf(AccountAction.RequestDelisting, actor) is { Forbidden: false } refusal ? refusal.Message : null;
        }
        return (account, actor);
    }
}
