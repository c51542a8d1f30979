using MuniSocial.Domain.Incidents;
using MuniSocial.Domain.Operations;
using MuniSocial.Domain.Posts;
using MuniSocial.Features.Posts;

namespace MuniSocial.Features.Incidents;

/// <summary>
/// /incidents/{id}: the summary, the accounts and posts concerned, the kind's playbook as a checklist (each item done
/// by whom and when, or the form that does it), the timeline (newest last), who was told, and closing for the PR office.
/// Every POST runs one of <see cref="IncidentUseCases"/> through PageActions.
/// </summary>
public sealed class DetailModel(AppDbContext db, CurrentActor current, TimeProvider clock) : PageModel
{
    public sealed class StepForm
    {
        public IncidentStepKind? Kind { get; set; }
        public string? PlaybookItem { get; set; }
        public string? Text { get; set; }
        public string? Reference { get; set; }
        public DateOnly? OccurredOn { get; set; }
        public string? Answer { get; set; }
    }

    public sealed class LinkForm
    {
        public Guid? PostId { get; set; }
        public Guid? AccountId { get; set; }
    }

    public sealed class DraftForm
    {
        public Guid? OriginalPostId { get; set; }
        public Guid? AccountId { get; set; }
        public string? Text { get; set; }
        public string? Link { get; set; }
    }

    public sealed class ResetForm
    {
        public List<Guid> Holders { get; set; } = [];
        public bool PasswordChanged { get; set; }
        public string? Note { get; set; }
    }

    public sealed class CloseForm
    {
        public string? Note { get; set; }
        public string? OpenItemsReason { get; set; }
    }

    public sealed record LinkedPost(Guid Id, string AccountName, PostKind Kind, PostStatus Status, string Text, string? PublishedUrl);

    public Actor Actor { get; private set; } = null!;
    public Incident Incident { get; private set; } = null!;
    public Dictionary<Guid, string> AccountNames { get; private set; } = [];
    public List<LinkedPost> Posts { get; private set; } = [];
    public List<LinkedPost> Candidates { get; private set; } = [];
    public List<(Guid Id, string Name)> LinkableAccounts { get; private set; } = [];
    public List<AccessHolder> Holders { get; private set; } = [];
    public AccountTwoFactor? TwoFactor { get; private set; }
    public Guid? HijackedAccountId { get; private set; }
    public int MailsSent { get; private set; }
    public int MailsPending { get; private set; }

    [BindProperty]
    public int Version { get; set; }

    [BindProperty]
    public StepForm Step { get; set; } = new();

    [BindProperty]
    public LinkForm Link { get; set; } = new();

    [BindProperty]
    public DraftForm Draft { get; set; } = new();

    [BindProperty]
    public ResetForm Reset { get; set; } = new();

    [BindProperty]
    public CloseForm Close { get; set; } = new();

    public bool CanHandle => Incident.IsOpen && Incident.CanHandle(Actor);
    public bool CanClose => Incident.IsOpen && Actor.Is(Role.PrOffice);

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public Task<IActionResult> OnPostStepAsync(Guid id) => ActAsync(id, "Step", "経過を記録しました。", (actor, version, now, ct) =>
        IncidentUseCases.AddStepAsync(db, actor, Incident, new StepInput(Step.Kind, Step.PlaybookItem, Step.Text, null, null, Step.Reference, Step.OccurredOn, Step.Answer),
            version, now, ct));

    public Task<IActionResult> OnPostLinkAsync(Guid id) => ActAsync(id, "Link", "インシデントに追加しました。", (actor, version, now, ct) =>
        IncidentUseCases.LinkAndSaveAsync(db, actor, Incident, Link.AccountId is { } a ? [a] : [], Link.PostId is { } p ? [p] : [], version, now, ct));

    public Task<IActionResult> OnPostCorrectionAsync(Guid id) => ActAsync(id, "Draft", "訂正の投稿の下書きを作成しました。", (actor, version, now, ct) =>
        IncidentUseCases.DraftCorrectionAsync(db, actor, Incident, Draft.OriginalPostId, Draft.Text, version, now, ct));

    public Task<IActionResult> OnPostCorrectInformationAsync(Guid id) => ActAsync(id, "Draft", "正しい情報の投稿の下書きを作成しました。", (actor, version, now, ct) =>
        IncidentUseCases.DraftCorrectInformationAsync(db, actor, Incident, Draft.AccountId, Draft.Text, Draft.Link, version, now, ct));

    public Task<IActionResult> OnPostAccessResetAsync(Guid id) => ActAsync(id, "Reset", "アクセスの回復を記録しました。", (actor, version, now, ct) =>
        IncidentUseCases.RecordAccessResetAsync(db, actor, Incident, null, Reset.Holders, Reset.PasswordChanged, Reset.Note, version, now, ct));

    public Task<IActionResult> OnPostCloseAsync(Guid id) => ActAsync(id, "Close", "インシデントを終了しました。", (actor, version, now, ct) =>
        IncidentUseCases.CloseAsync(db, actor, Incident, Close.Note, Close.OpenItemsReason, version, now, ct));

    private async Task<IActionResult> ActAsync(Guid id, string prefix, string done, Func<Actor, int, DateTimeOffset, CancellationToken, Task> useCase)
    {
        var posted = Version;
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        var outcome = await this.RunAsync(db, () => useCase(Actor, posted, clock.GetUtcNow(), HttpContext.RequestAborted), prefix);
        if (outcome == Outcome.Refused && ModelState.TryGetValue(string.Empty, out var general) && general.Errors.Any(e => e.ErrorMessage == Concurrency.Message))
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        return await this.AnswerAsync(outcome, () => this.FlashAndRedirect(done, $"/incidents/{id}"), async () => await LoadAsync(id));
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        Actor = await current.GetAsync(ct);
        var incident = await db.FindVisibleIncidentAsync(id, Actor, ct);
        if (incident is null)
        {
            return false;
        }
        Incident = incident;
        Version = incident.Version;
        AccountNames = await IncidentAccess.AccountNamesAsync(db, incident.AccountIds, ct);
        var accountIds = incident.AccountIds.ToList();
        var linked = incident.Posts.Select(p => p.PostId).ToList();
        var posts = await db.Posts.AsNoTracking().VisibleTo(Actor)
            .Where(p => linked.Contains(p.Id) || (accountIds.Contains(p.AccountId) && p.Status == PostStatus.Published)).ToListAsync(ct);
        LinkedPost View(Post p) => new(p.Id, AccountNames.GetValueOrDefault(p.AccountId) ?? "", p.Kind, p.Status, p.Text, p.PublishedUrl);
        Posts = posts.Where(p => linked.Contains(p.Id)).OrderBy(p => linked.IndexOf(p.Id)).Select(View).ToList();
        Candidates = posts.Where(p => !linked.Contains(p.Id)).OrderByDescending(p => p.PublishedAt).Take(50).Select(View).ToList();
        LinkableAccounts = (await db.Accounts.AsNoTracking().VisibleTo(Actor).Where(a => !accountIds.Contains(a.Id)
                && (a.Status == AccountStatus.Listed || a.Status == AccountStatus.DelistingRequested || a.Status == AccountStatus.Closed)).ToListAsync(ct))
            .Select(a => (a.Id, a.CurrentPolicy.AccountName ?? "")).OrderBy(a => a.Item2, StringComparer.Ordinal).ToList();
        if (incident.Kind == IncidentKind.Hijack && IncidentUseCases.HijackedAccountId(incident) is { } hijacked)
        {
            HijackedAccountId = hijacked;
            Holders = (await db.AccessHolders.AsNoTracking().Where(h => h.AccountId == hijacked && h.RemovedAt == null).ToListAsync(ct))
                .OrderBy(h => h.Kind).ThenBy(h => h.UserName, StringComparer.Ordinal).ToList();
            TwoFactor = await db.AccountTwoFactors.AsNoTracking().FirstOrDefaultAsync(t => t.AccountId == hijacked, ct);
        }
        var topic = $"incident:{incident.Id}";
        var mails = await db.OutboxMails.AsNoTracking().Where(m => m.Topic == topic).Select(m => m.SentAt).ToListAsync(ct);
        MailsSent = mails.Count(m => m is not null);
        MailsPending = mails.Count(m => m is null);
        return true;
    }
}
