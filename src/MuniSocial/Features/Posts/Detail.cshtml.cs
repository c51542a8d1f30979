using MuniSocial.Domain.Incidents;
using MuniSocial.Domain.Operations;
using MuniSocial.Domain.Posts;
using MuniSocial.Domain.Publishing;
using MuniSocial.Features.Accounts;
using MuniSocial.Features.Publishing;
using MuniSocial.Features.PublishingPauses;
using MuniSocial.Infrastructure.Connectors;

namespace MuniSocial.Features.Posts;

/// <summary>One post: its text with the findings next to it, files, the actions open to this user, and every round.</summary>
public sealed class DetailModel(AppDbContext db, CurrentActor current, TimeProvider clock, MediaStore store, ContentChecks checks,
    ConnectorRegistry registry, BusinessCalendar calendar) : PageModel
{
    public Actor Actor { get; private set; } = null!;
    public Post Post { get; private set; } = null!;
    public string AccountName { get; private set; } = "";
    public IReadOnlyList<Finding> Findings { get; private set; } = [];
    public PostRoute? Route { get; private set; }
    public List<Post> Corrections { get; private set; } = [];

    /// <summary>The publishing pause that applies to the post's account now, if any (§5(5)).</summary>
    public PublishingPause? Pause { get; private set; }

    /// <summary>Holds recorded when a pause was lifted, not yet released or cancelled by the head.</summary>
    public List<HeldPost> OpenHolds { get; private set; } = [];

    [BindProperty]
    public int Version { get; set; }

    /// <summary>The version of the outbox entry the person saw (its retry and confirm forms).</summary>
    [BindProperty]
    public int PublicationVersion { get; set; }

    /// <summary>要確認 → 送信済: the URL of the post found on the platform.</summary>
    [BindProperty]
    public string? PlatformUrl { get; set; }

    /// <summary>The clock's now (the page compares the scheduled time with it).</summary>
    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The account's connector, if it has one.</summary>
    public AccountConnection? Connection { get; private set; }

    /// <summary>The post's outbox entry, if it was sent (or is being sent) through the connector.</summary>
    public Publication? Publication { get; private set; }

    /// <summary>Warnings about publishing now or at the scheduled time (運用時間外).</summary>
    public IReadOnlyList<PublishWarning> PublishWarnings { get; private set; } = [];

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public string? Links { get; set; }

    [BindProperty]
    public PostCategory? Category { get; set; }

    [BindProperty]
    public string? ScheduledAt { get; set; }

    [BindProperty]
    public string? ReplyTo { get; set; }

    /// <summary>Category A: where the information is already public.</summary>
    [BindProperty]
    public string? PublicSourceUrl { get; set; }

    /// <summary>The section's written scope of D (null while D is not pre-approved).</summary>
    public string? CategoryDScope { get; private set; }

    [BindProperty]
    public List<string> Acknowledged { get; set; } = [];

    [BindProperty]
    public bool RequestCheck { get; set; }

    [BindProperty]
    public ReviewDecision? Decision { get; set; }

    [BindProperty]
    public string? Comment { get; set; }

    [BindProperty]
    public string? PublishedUrl { get; set; }

    [BindProperty]
    public string? PublishedAt { get; set; }

    [BindProperty]
    public Guid MediaId { get; set; }

    [BindProperty]
    public bool Portrait { get; set; }

    [BindProperty]
    public bool Copyright { get; set; }

    [BindProperty]
    public bool PersonalInfo { get; set; }

    public bool IsAuthor => Post.AuthorId == Actor.UserId;
    public bool CanEdit => IsAuthor && Post.Status == PostStatus.Draft;
    public bool CanCheck => Post.Status == PostStatus.AwaitingCheck && !IsAuthor && Actor.IsStaffOf(Post.SectionId);
    public bool CanApprove => Post.Status == PostStatus.AwaitingApproval && !IsAuthor && Actor.IsHeadOf(Post.SectionId) && !Post.CheckedThisRoundBy(Actor.UserId);
    public bool CanPublish => Post.Status == PostStatus.Approved && Actor.IsStaffOf(Post.SectionId) && !Post.IsHeldBy(PauseList);

    /// <summary>Whether the account publishes through its connector (a broken connection falls back to the record by hand).</summary>
    public bool IsConnected => Connection is { State: ConnectionState.Active };

    /// <summary>Whether the connector can send this post (a reply's thread known to the platform, its files carried).</summary>
    public bool ConnectorCanSend { get; private set; } = true;

    /// <summary>Connected, but this post cannot go out through the connector: it is posted by hand and recorded.</summary>
    public bool SendsByHand => IsConnected && !ConnectorCanSend;

    /// <summary>The record of a post made by hand: accounts without a working connector, with no entry of the outbox open.</summary>
    public bool CanRecordManually => CanPublish && (!IsConnected || !ConnectorCanSend) && Publication is not { IsOpen: true };

    /// <summary>「{platform}に発信する」: a connected account, no entry yet (or one called off), no hold awaiting the head.</summary>
    public bool CanSend => CanPublish && IsConnected && ConnectorCanSend && Publication is null or { State: PublicationState.Cancelled } && OpenHolds.Count == 0;

    /// <summary>Resend or confirm an entry that failed or needs a check (staff of the section).</summary>
    public bool CanResolve => Publication is { State: PublicationState.Failed or PublicationState.NeedsCheck } && Actor.IsStaffOf(Post.SectionId)
        && Post.Status == PostStatus.Approved;

    /// <summary>An Approve here would make the post Approved, which the pause withholds: the choice is not offered.</summary>
    public bool ApproveWithheld => Post.ApprovalMakesApproved && Post.IsHeldBy(PauseList);

    /// <summary>Whether the post waits for the head's release or cancellation after a lift, and this user is that head.</summary>
    public bool CanDecideHeld => OpenHolds.Count > 0 && Post.Status == PostStatus.Approved && Actor.IsHeadOf(Post.SectionId);

    private PublishingPause[] PauseList => Pause is null ? [] : [Pause];
    public bool CanCorrect => Post.Status == PostStatus.Published && Actor.IsStaffOf(Post.SectionId);

    /// <summary>下書きの破棄: a draft never submitted, for its author or the section head (the check page asks the rest).</summary>
    public bool CanDiscard => Post.DiscardRefusal(Actor, hasRecords: false) is null;

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        Text = Post.Text;
        Links = Post.Links;
        Category = Post.Category;
        ScheduledAt = PostPages.ToLocal(Post.ScheduledAt);
        ReplyTo = Post.ReplyTo;
        PublicSourceUrl = Post.PublicSourceUrl;
        PublishedAt = PostPages.ToLocal(clock.GetUtcNow());
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(Guid id) => ActAsync(id, (actor, version, now, ct) =>
    {
        var scheduled = PostPages.FromLocal(ScheduledAt);
        if (!string.IsNullOrWhiteSpace(ScheduledAt) && scheduled is null)
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["scheduledAt"] = ["予約日時の形式が正しくありません。"] });
        }
        return PostUseCases.UpdateAsync(db, actor, Post, new PostInput(Text, Post.SplitLinks(Links), Category, scheduled, ReplyTo, PublicSourceUrl: PublicSourceUrl), version, now, ct);
    });

    public Task<IActionResult> OnPostSubmitAsync(Guid id) => ActAsync(id, (actor, version, now, ct) =>
        PostUseCases.SubmitAsync(db, checks, actor, Post, Acknowledged, RequestCheck, version, now, ct));

    public Task<IActionResult> OnPostReviewAsync(Guid id) => ActAsync(id, (actor, version, now, ct) =>
    {
        if (Decision is not { } decision)
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["decision"] = ["判断（了承・差戻し・却下）を選んでください。"] });
        }
        return PostUseCases.ReviewAsync(db, checks, actor, Post, decision, Comment, version, now, ct);
    });

    /// <summary>公開の記録, confirmed on its check page (<see cref="PostStep.Record"/>): saved, it shows the confirmation page.</summary>
    public Task<IActionResult> OnPostPublishAsync(Guid id) => ActAsync(id, (actor, version, now, ct) =>
        PostUseCases.RecordPublishedAsync(db, registry, actor, Post, PublishedUrl, PostPages.FromLocal(PublishedAt), version, now, ct), PostStep.Record);

    /// <summary>発信, confirmed on its check page (<see cref="PostStep.Send"/>): saved, it shows the confirmation page.</summary>
    public Task<IActionResult> OnPostSendAsync(Guid id) => ActAsync(id, (actor, version, now, ct) =>
        PublicationUseCases.PublishAsync(db, registry, actor, Post, version, now, ct), PostStep.Send);

    // The entry's forms carry the entry's version (read before the page loads it again).
    public Task<IActionResult> OnPostRetryAsync(Guid id)
    {
        var seen = PublicationVersion;
        return ActAsync(id, (actor, _, now, ct) => PublicationUseCases.RetryAsync(db, actor, Post, seen, now, ct));
    }

    public Task<IActionResult> OnPostConfirmSentAsync(Guid id)
    {
        var seen = PublicationVersion;
        return ActAsync(id, (actor, _, now, ct) => PublicationUseCases.ConfirmSentAsync(db, actor, Post, PlatformUrl, null, seen, now, ct));
    }

    public Task<IActionResult> OnPostReleaseAsync(Guid id) => ActAsync(id, (actor, version, now, ct) =>
        PostUseCases.ReleaseHeldAsync(db, actor, Post, version, now, ct));

    public Task<IActionResult> OnPostCancelHeldAsync(Guid id) => ActAsync(id, (actor, version, now, ct) =>
        PostUseCases.CancelHeldAsync(db, actor, Post, Comment, version, now, ct));

    // The file forms carry no version: they act on one file, whatever else changed.
    public Task<IActionResult> OnPostConfirmAsync(Guid id) => ActAsync(id, (actor, _, now, ct) =>
        PostUseCases.ConfirmMediaAsync(db, actor, Post, MediaId, Portrait, Copyright, PersonalInfo, null, now, ct));

    public Task<IActionResult> OnPostRemoveMediaAsync(Guid id) => ActAsync(id, (actor, _, now, ct) =>
        PostUseCases.RemoveMediaAsync(db, store, actor, Post, MediaId, null, now, ct));

    public Task<IActionResult> OnPostUploadAsync(Guid id, IFormFile? file) => ActAsync(id, (actor, _, now, ct) =>
        PostUseCases.UploadMediaAsync(db, store, actor, Post, file, null, now, ct));

    public async Task<IActionResult> OnGetMediaAsync(Guid id, Guid mediaId)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        var media = Post.Media.FirstOrDefault(m => m.Id == mediaId);
        if (media is null || !System.IO.File.Exists(store.PathOf(media.StoredName)))
        {
            return NotFound();
        }
        return PhysicalFile(store.PathOf(media.StoredName), media.ContentType, MediaStore.DownloadName(media));
    }

    /// <summary>
    /// Loads the post with access checked, runs the use case with the version the form was drawn from, and
    /// redirects; a broken rule shows the page again with the message (409 when someone else changed it first).
    /// </summary>
    private async Task<IActionResult> ActAsync(Guid id, Func<Actor, int, DateTimeOffset, CancellationToken, Task> useCase, PostStep? step = null)
    {
        var postedVersion = Version;
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        switch (await this.SaveAsync(db, () => useCase(Actor, postedVersion, clock.GetUtcNow(), HttpContext.RequestAborted), prefix: "", HttpContext.RequestAborted))
        {
            case Outcome.Saved:
                return Redirect(step is null ? $"/posts/{id}" : PostStep.DoneUrl(id, step));
            case Outcome.Forbidden:
                return Forbid();
        }
        if (ModelState.TryGetValue(string.Empty, out var general) && general.Errors.Any(e => e.ErrorMessage == Concurrency.Message))
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        await LoadAsync(id);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        Actor = await current.GetAsync(ct);
        var post = await db.FindVisiblePostAsync(id, Actor, ct);
        if (post is null)
        {
            return false;
        }
        Post = post;
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == post.AccountId, ct);
        AccountName = account?.CurrentPolicy.AccountName ?? "";
        Findings = post.Status is PostStatus.Published or PostStatus.Rejected ? [] : await checks.CheckPostAsync(post, clock.GetUtcNow(), ct);
        Route = post.Status == PostStatus.Draft ? await db.RouteAsync(post, ct) : null;
        Corrections = await db.Posts.AsNoTracking().Where(p => p.CorrectsPostId == post.Id).ToListAsync(ct);
        CategoryDScope = (await db.SectionSettingsAsync(post.SectionId, ct)).CategoryDScopeShown;
        Pause = PublishingPause.Applying(await db.PausesOnAsync(post.AccountId, ct), post.AccountId);
        OpenHolds = await db.HeldPosts.AsNoTracking().Where(h => h.PostId == post.Id && h.Outcome == null).ToListAsync(ct);
        Connection = await db.AccountConnections.AsNoTracking().FirstOrDefaultAsync(c => c.AccountId == post.AccountId, ct);
        Publication = await db.Publications.AsNoTracking().FirstOrDefaultAsync(x => x.PostId == post.Id, ct);
        PublicationVersion = Publication?.Version ?? 0;
        ConnectorCanSend = post.Status != PostStatus.Approved || await PublicationUseCases.ConnectorCanSendAsync(db, registry, post, ct);
        PublishWarnings = post.Status == PostStatus.Approved ? await PublicationUseCases.WarningsAsync(db, calendar, post, clock.GetUtcNow(), ct) : [];
        Version = post.Version;
        return true;
    }
}
