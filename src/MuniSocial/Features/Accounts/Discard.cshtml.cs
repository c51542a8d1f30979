namespace MuniSocial.Features.Accounts;

/// <summary>下書きの破棄: the check page (what goes, what stays) and its one button.</summary>
public sealed class DiscardModel(AppDbContext db, CurrentActor current, TimeProvider clock) : AccountPageModel(db, current, clock)
{
    public CheckAnswers Answers { get; private set; } = null!;

    /// <summary>Why the draft may not be discarded now (null when it may).</summary>
    public Refusal? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (Refusal is { Forbidden: true })
        {
            return Forbid();
        }
        if (Refusal is { } refusal)
        {
            this.Flash(refusal.Message);
            return Redirect($"/accounts/{id}");
        }
        return Page();
    }

    public Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var name = "";
        return ActAsync(id, (account, actor, now) =>
        {
            name = PolicyDisplay.AccountName(account);
            return Db.DiscardAsync(account, actor, now, ct);
        }, () => this.FlashAndRedirect($"下書き「{name}」を破棄しました。登録と破棄の記録は監査記録に残っています。", AfterAction(id)), ct);
    }

    protected override string AfterAction(Guid id) => "/accounts";

    protected override async Task LoadMoreAsync(CancellationToken ct)
    {
        var id = Account.Id;
        Answers = new CheckAnswers("この下書きを破棄しますか", Rows(Account.CurrentPolicy)
                .Where(r => r.Key is "accountName" or "platform" or "accountUrl" or "section")
                .Select(r => new CheckRow(r.Label, r.Value))
                .Append(new CheckRow("登録", Wareki.FormatDateTime(Account.CreatedAt)))
                .ToList(),
            null,
            "破棄すると、この下書きはアカウントの一覧から消え、元に戻せません。登録と破棄の記録は操作の記録（監査記録）に残ります。",
            $"/accounts/{id}/discard", Version ?? Account.Version, "下書きを破棄する", $"/accounts/{id}", [], Danger: true);
        Refusal = Account.DiscardRefusal(Actor, await Db.HasRecordsAsync(id, ct));
    }
}
