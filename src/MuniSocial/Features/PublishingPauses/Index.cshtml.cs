using MuniSocial.Domain.Incidents;

namespace MuniSocial.Features.PublishingPauses;

/// <summary>
/// The PR office's crisis switch (§5(5)): the pauses in force with who, when and why, a form to pause one account or
/// all, a lift with a note for each, and the history of past pauses. A lift leads to its page with what it held.
/// </summary>
public sealed class IndexModel(AppDbContext db, CurrentActor current, TimeProvider clock) : PageModel
{
    public sealed class InputModel
    {
        /// <summary>The account to pause; empty = every account.</summary>
        public Guid? AccountId { get; set; }
        public string? Reason { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty]
    public Guid PauseId { get; set; }

    [BindProperty]
    public int Version { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    public List<PublishingPause> Active { get; private set; } = [];
    public List<PublishingPause> History { get; private set; } = [];
    public IReadOnlyDictionary<Guid, string> Names { get; private set; } = new Dictionary<Guid, string>();

    /// <summary>The accounts that can be paused (not closed), by name.</summary>
    public List<(Guid Id, string Name)> Accounts { get; private set; } = [];

    public string Scope(PublishingPause p) => PublishingPauseUseCases.ScopeName(p.AccountId, Names);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostPauseAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        PublishingPause? pause = null;
        var outcome = await this.RunAsync(db, async () => pause = await PublishingPauseUseCases.PauseAsync(db, actor, Input.AccountId, Input.Reason, clock.GetUtcNow(), ct));
        return await this.AnswerAsync(outcome, () => this.FlashAndRedirect(
            $"{(pause!.AccountId is null ? "すべてのアカウント" : "アカウント")}の発信を一時停止しました。解除するまで、承認と公開の記録はできません。", "/publishing-pause"),
            () => LoadAsync(ct));
    }

    public async Task<IActionResult> OnPostLiftAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        LiftResult? lifted = null;
        var outcome = await this.RunAsync(db, async () => lifted = await PublishingPauseUseCases.LiftAsync(db, actor, PauseId, Note, Version, clock.GetUtcNow(), ct), prefix: "");
        return await this.AnswerAsync(outcome, () => this.FlashAndRedirect(
            lifted!.Held.Count == 0
                ? "一時停止を解除しました。保留されていた発信はありません。"
                : $"一時停止を解除しました。保留されていた承認済みの発信が {lifted.Held.Count} 件あります。所属長が再開または取りやめを判断します。",
            $"/publishing-pause/{PauseId}"),
            () => LoadAsync(ct));
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var all = await db.PublishingPauses.AsNoTracking().ToListAsync(ct);
        Active = [.. all.Where(p => p.IsActive).OrderByDescending(p => p.PausedAt)];
        History = [.. all.Where(p => !p.IsActive).OrderByDescending(p => p.LiftedAt).Take(100)];
        var accounts = await db.Accounts.AsNoTracking().Where(a => a.Status != AccountStatus.Closed).ToListAsync(ct);
        Accounts = [.. accounts.Select(a => (a.Id, a.CurrentPolicy.AccountName ?? "")).OrderBy(a => a.Item2, StringComparer.Ordinal)];
        Names = await db.AccountNamesAsync(all.Where(p => p.AccountId is not null).Select(p => p.AccountId!.Value), ct);
    }
}
