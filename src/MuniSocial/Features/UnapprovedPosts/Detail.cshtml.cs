using MuniSocial.Domain.Publishing;
using MuniSocial.Features.PublishingPauses;
using MuniSocial.Infrastructure.Email;

namespace MuniSocial.Features.UnapprovedPosts;

/// <summary>
/// /unapproved-posts/{id}: one post the watch found — the account, the URL, the text read beside the approved text (for a
/// differing text) — and the PR office's two decisions: record it as posted outside the system (who and why), or open a
/// hijack incident from it with one click. Section staff read their own section's open ones.
/// </summary>
public sealed class DetailModel(AppDbContext db, CurrentActor current, MailSender mail, TimeProvider clock) : PageModel
{
    public sealed class InputModel
    {
        public string? Author { get; set; }
        public string? Reason { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty]
    public int Version { get; set; }

    public ObservedPost Observed { get; private set; } = null!;
    public string AccountName { get; private set; } = "";
    public bool MayDecide { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRecordOutsideAsync(Guid id, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var observed = await db.FindVisibleObservedAsync(id, actor, ct);
        if (observed is null)
        {
            return NotFound();
        }
        var outcome = await this.RunAsync(db, async () =>
        {
            Concurrency.RequireVersion(observed.Version, Version);
            await UnapprovedPostUseCases.RecordOutsideAsync(db, actor, observed, Input.Author, Input.Reason, clock.GetUtcNow(), ct);
        });
        return await this.AnswerAsync(outcome, () => this.FlashAndRedirect("システム外の投稿として記録しました。投稿の記録に加わりました。", $"/unapproved-posts/{id}"),
            async () => await LoadAsync(id, ct));
    }

    public async Task<IActionResult> OnPostHijackAsync(Guid id, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var observed = await db.FindVisibleObservedAsync(id, actor, ct);
        if (observed is null)
        {
            return NotFound();
        }
        Guid? incidentId = null;
        var outcome = await this.RunAsync(db, async () =>
        {
            Concurrency.RequireVersion(observed.Version, Version);
            incidentId = (await UnapprovedPostUseCases.OpenHijackIncidentAsync(db, actor, observed, mail.LinkBase, clock.GetUtcNow(), ct)).Id;
        }, prefix: "");
        return await this.AnswerAsync(outcome, () => this.FlashAndRedirect("乗っ取りのインシデントを登録し、このアカウントの発信を一時停止しました。", $"/incidents/{incidentId}"),
            async () => await LoadAsync(id, ct));
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var observed = await db.ObservedPosts.AsNoTracking().VisibleTo(actor).FirstOrDefaultAsync(o => o.Id == id, ct);
        if (observed is null)
        {
            return false;
        }
        Observed = observed;
        Version = observed.Version;
        MayDecide = actor.Is(Role.PrOffice) && observed.IsOpen;
        AccountName = (await db.AccountNamesAsync([observed.AccountId], ct)).GetValueOrDefault(observed.AccountId, "");
        return true;
    }
}
