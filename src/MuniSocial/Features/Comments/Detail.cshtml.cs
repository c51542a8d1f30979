using MuniSocial.Domain.Audit;
using MuniSocial.Domain.Comments;
using MuniSocial.Domain.Posts;
using MuniSocial.Features.Posts;

namespace MuniSocial.Features.Comments;

/// <summary>One comment: what was written, its history from the audit, the actions open to this user (from <see cref="Comment.AllowedActions"/>), moderation and reply.</summary>
public sealed class DetailModel(AppDbContext db, CurrentActor current, TimeProvider clock, ContentChecks checks) : PageModel
{
    public Actor Actor { get; private set; } = null!;
    public Comment Comment { get; private set; } = null!;
    public SocialAccount Account { get; private set; } = null!;
    public bool RepliesOffered { get; private set; }
    public IReadOnlyList<CommentAction> Allowed { get; private set; } = [];
    public List<AuditEntry> History { get; private set; } = [];
    public List<Post> Replies { get; private set; } = [];
    public Post? AnsweredPost { get; private set; }

    /// <summary>⑴–⑿ with the wording of the terms the account's policy was accepted with.</summary>
    public List<(ModerationCategory Category, string Label)> CategoryLabels { get; private set; } = [];
    public IReadOnlyList<ModerationCategory> Suggested { get; private set; } = [];

    [BindProperty]
    public int Version { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? ReplyText { get; set; }

    [BindProperty]
    public string? FormalDueOn { get; set; }

    [BindProperty]
    public List<int> Categories { get; set; } = [];

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public ModerationAction? Action { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public Task<IActionResult> OnPostStartAsync(Guid id) => ActAsync(id, "確認中にしました。", (v, now, ct) => CommentUseCases.StartHandlingAsync(db, Actor, Comment, v, now, ct));

    public Task<IActionResult> OnPostNoActionAsync(Guid id) => ActAsync(id, "対応不要にしました。", (v, now, ct) => CommentUseCases.NoActionNeededAsync(db, Actor, Comment, Reason, v, now, ct));

    public Task<IActionResult> OnPostReopenAsync(Guid id) => ActAsync(id, "未対応に戻しました。", (v, now, ct) => CommentUseCases.ReopenAsync(db, Actor, Comment, v, now, ct));

    public Task<IActionResult> OnPostModerateAsync(Guid id) => ActAsync(id, "非表示・削除を記録しました。", (v, now, ct) =>
    {
        if (Action is not { } action)
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["action"] = ["非表示にしたか、削除したかを選んでください。"] });
        }
        var chosen = Categories.Where(n => ModerationCategories.TryFromNumber(n, out _)).Select(n => (ModerationCategory)n).ToList();
        return CommentUseCases.ModerateAsync(db, Actor, Comment, chosen, Note, action, v, now, ct);
    });

    public Task<IActionResult> OnPostReplyAsync(Guid id) => ReplyAsync(id, interim: false);

    public Task<IActionResult> OnPostInterimAsync(Guid id) => ReplyAsync(id, interim: true);

    private async Task<IActionResult> ReplyAsync(Guid id, bool interim)
    {
        Post? post = null;
        DateOnly? due = null;
        if (interim && !string.IsNullOrWhiteSpace(FormalDueOn))
        {
            if (!DateOnly.TryParseExact(FormalDueOn, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var parsed))
            {
                if (!await LoadAsync(id))
                {
                    return NotFound();
                }
                ModelState.AddModelError(nameof(FormalDueOn), "正式な回答の予定日の形式が正しくありません。");
                return Page();
            }
            due = parsed;
        }
        var result = await ActAsync(id, interim ? "暫定回答の下書きを作成しました。内容を確認して提出してください。" : "返信の下書きを作成しました。内容を確認して提出してください。",
            async (v, now, ct) => post = await CommentUseCases.CreateReplyAsync(db, Actor, Comment, ReplyText, interim, due, v, now, ct));
        return post is not null ? this.FlashAndRedirect(interim ? "暫定回答の下書きを作成しました。提出して確認・了承を受けてください。" : "返信の下書きを作成しました。提出して確認・了承を受けてください。", $"/posts/{post.Id}") : result;
    }

    private async Task<IActionResult> ActAsync(Guid id, string done, Func<int, DateTimeOffset, CancellationToken, Task> useCase)
    {
        var posted = Version;
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        var outcome = await this.RunAsync(db, () => useCase(posted, clock.GetUtcNow(), HttpContext.RequestAborted), prefix: "");
        if (outcome == Outcome.Refused && ModelState.TryGetValue(string.Empty, out var general) && general.Errors.Any(e => e.ErrorMessage == Problems.ConcurrencyMessage))
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        return await this.AnswerAsync(outcome, () => this.FlashAndRedirect(done, $"/comments/{id}"), async () => await LoadAsync(id));
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        Actor = await current.GetAsync(ct);
        var comment = await db.FindVisibleCommentAsync(id, Actor, ct);
        if (comment is null)
        {
            return false;
        }
        Comment = comment;
        Version = comment.Version;
        Account = await db.Accounts.AsNoTracking().FirstAsync(a => a.Id == comment.AccountId, ct);
        RepliesOffered = Account.OffersReplies;
        Allowed = comment.AllowedActions(Actor, RepliesOffered);
        var key = id.ToString();
        History = await db.AuditEntries.AsNoTracking().Where(e => e.EntityType == nameof(Comment) && e.EntityId == key).OrderBy(e => e.Sequence).ToListAsync(ct);
        Replies = await db.Posts.AsNoTracking().Where(p => p.CommentId == id).OrderBy(p => p.CreatedAt).ToListAsync(ct);
        AnsweredPost = comment.PostId is { } pid ? await db.Posts.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pid, ct) : null;
        var termsId = Account.AcceptedPolicy?.TermsVersionId;
        var terms = termsId is { } t ? await db.TermsVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == t, ct) : null;
        var items = terms?.NoticeItems ?? [];
        CategoryLabels = [.. ModerationCategories.All.Select(c => (c, (int)c <= items.Count ? items[(int)c - 1] : ModerationCategories.Label(c)))];
        Suggested = comment.IsRedacted ? [] : await checks.SuggestModerationAsync(comment.Text, ct);
        return true;
    }
}
