using MuniSocial.Domain.Comments;
using MuniSocial.Features.Posts;

namespace MuniSocial.Features.Comments;

/// <summary>A comment entered by hand: staff paste its link, and what the link says is filled in.</summary>
public sealed class NewModel(AppDbContext db, CurrentActor current, TimeProvider clock) : AccountCommentPage(db, current)
{
    public sealed class InputModel
    {
        public string? Url { get; set; }
        public CommentKind Kind { get; set; } = CommentKind.Comment;
        public string? AuthorHandle { get; set; }
        public string? ReceivedAt { get; set; }
        public string? Text { get; set; }
        public string? PlatformCommentId { get; set; }
        public Guid? PostId { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public Guid? ExistingId { get; private set; }
    public CommentLinkInfo? Parsed { get; private set; }
    public List<(Guid Id, string Label)> Posts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        Input.ReceivedAt = PostPages.ToLocal(clock.GetUtcNow());
        await LoadPostsAsync();
        return Page();
    }

    /// <summary>「URLから読み取る」: fills in what the link says, saves nothing.</summary>
    public async Task<IActionResult> OnPostReadAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        ModelState.Clear();
        Parsed = CommentLink.Parse(Input.Url, out var error);
        if (Parsed is null)
        {
            ModelState.AddModelError("Input.Url", error!);
        }
        else
        {
            Input.Url = Parsed.NormalizedUrl;
            Input.AuthorHandle ??= Parsed.AuthorHandle;
            Input.PlatformCommentId ??= Parsed.PlatformCommentId;
            if (Parsed.Platform != Platform)
            {
                ModelState.AddModelError("Input.Url", $"このURLは{Parsed.PlatformName}の書込みですが、アカウントは{Labels.Of(Platform)}です。アカウントを確かめてください。");
            }
        }
        await LoadPostsAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        var ct = HttpContext.RequestAborted;
        var received = PostPages.FromLocal(Input.ReceivedAt);
        if (!string.IsNullOrWhiteSpace(Input.ReceivedAt) && received is null)
        {
            ModelState.AddModelError("Input.ReceivedAt", "受信日時の形式が正しくありません。");
            await LoadPostsAsync();
            return Page();
        }
        CommentUseCases.Recorded? recorded = null;
        var input = new CommentInput(Input.Kind, Input.AuthorHandle, Input.Text, Input.Url, received, Input.PlatformCommentId, Input.PostId);
        var outcome = await this.RunAsync(Db, async () => recorded = await CommentUseCases.RecordAsync(Db, Actor, Account, input, CommentSource.Manual, clock.GetUtcNow(), ct));
        if (outcome == Outcome.Saved && recorded!.Created is null)
        {
            ExistingId = recorded.ExistingId;
            ModelState.AddModelError(string.Empty, CommentUseCases.DuplicateMessage + "同じ書込みを二重に記録することはできません。");
            await LoadPostsAsync();
            return Page();
        }
        return await this.AnswerAsync(outcome, () => this.FlashAndRedirect("書込みを記録しました。", $"/comments/{recorded!.Id}"), LoadPostsAsync);
    }

    private async Task LoadPostsAsync()
    {
        var accountId = Account.Id;
        var posts = await Db.Posts.AsNoTracking().Where(p => p.AccountId == accountId && p.Status == Domain.Posts.PostStatus.Published)
            .OrderByDescending(p => p.PublishedAt).Take(50).Select(p => new { p.Id, p.Text, p.PublishedAt }).ToListAsync(HttpContext.RequestAborted);
        Posts = [.. posts.Select(p => (p.Id, $"{PostPages.When(p.PublishedAt)} {(p.Text.Length > 30 ? p.Text[..30] + "…" : p.Text)}"))];
    }
}
