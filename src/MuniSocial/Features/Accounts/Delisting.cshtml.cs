using System.Globalization;
using MuniSocial.Domain.Forms;

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

    /// <summary>The account's version the check page showed, posted back by its button.</summary>
    [BindProperty]
    public int? Version { get; set; }

    /// <summary>Set once the form's answers pass the rules: the page shows them to check (様式4 is issued only by the button there).</summary>
    public CheckAnswers? Answers { get; private set; }

    /// <summary>The form: its answers are checked against the rules (nothing is saved) and shown on the check page.</summary>
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
        if (ClosedOn() is not { } closedOn)
        {
            return Page();
        }
        var version = Input.Version ?? account.Version;
        // A dry run of the transition on this request's copy (never saved): a broken rule is the form's error.
        var outcome = await this.RunAsync(db, () =>
        {
            account.RequestDelisting(actor, closedOn, Input.CloseReason ?? "", Input.DeletedOnPlatform, clock.GetUtcNow());
            return Task.CompletedTask;
        });
        if (outcome == Outcome.Forbidden)
        {
            return Forbid();
        }
        if (outcome == Outcome.Saved)
        {
            var step = AccountStep.RequestDelisting;
            Answers = new CheckAnswers(step.Heading,
                [
                    new CheckRow("ソーシャルメディアの種類", Platform),
                    new CheckRow("アカウント名", $"{AccountName}（{AccountUrl}）"),
                    new CheckRow("閉鎖日", Wareki.Format(closedOn), $"/accounts/{id}/delisting", "閉鎖日"),
                    new CheckRow("閉鎖理由", (Input.CloseReason ?? "").Trim(), $"/accounts/{id}/delisting", "閉鎖理由"),
                    new CheckRow("ソーシャルメディア上での削除", "削除したことを確認済み"),
                ],
                $"{FormKinds.Name(FormKind.Form4)}（{FormKinds.Label(FormKind.Form4)}）を、この内容でPDFとWordで発行します。提出先: {step.IssuedTo}。",
                step.Irreversible, step.PostUrl(id), version, step.Button, $"/accounts/{id}", [],
                Carried:
                [
                    new("Input.ClosedOn", closedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                    new("Input.CloseReason", Input.CloseReason ?? ""),
                    new("Input.DeletedOnPlatform", Input.DeletedOnPlatform ? "true" : "false"),
                ]);
        }
        return Page();
    }

    /// <summary>The check page's button: 削除依頼 (様式4) with the answers shown there, held to the version shown there.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(Guid id, CancellationToken ct)
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
        Input.Version = Version ?? Input.Version;
        if (ClosedOn() is not { } closedOn)
        {
            return Page();
        }
        if (Input.Version is { } seen)
        {
            db.Entry(account).Property(a => a.Version).OriginalValue = seen;
        }
        var outcome = await this.SaveAsync(db,
            () => account.RequestDelisting(actor, closedOn, Input.CloseReason ?? "", Input.DeletedOnPlatform, clock.GetUtcNow()), ct: ct);
        return await this.AnswerAsync(outcome, () => Redirect(AccountStep.DoneUrl(id, AccountStep.RequestDelisting)),
            async () => Input.Version = await db.Accounts.AsNoTracking().Where(a => a.Id == id).Select(a => a.Version).FirstAsync(ct));
    }

    private DateOnly? ClosedOn()
    {
        if (string.IsNullOrWhiteSpace(Input.ClosedOn))
        {
            ModelState.AddModelError("Input.ClosedOn", "閉鎖日（ソーシャルメディア上でアカウントを削除した日）を入力してください。");
            return null;
        }
        if (!DateOnly.TryParseExact(Input.ClosedOn.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var closedOn))
        {
            ModelState.AddModelError("Input.ClosedOn", "閉鎖日は日付（例: 2026-04-01）で入力してください。");
            return null;
        }
        return closedOn;
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
