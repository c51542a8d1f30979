using MuniSocial.Domain.Posts;

namespace MuniSocial.Features.Posts;

/// <summary>下書きの破棄 (issue 13 item 4): the check page (what goes, what stays) and its one button.</summary>
public sealed class DiscardModel(AppDbContext db, CurrentActor current, TimeProvider clock, MediaStore store) : PageModel
{
    public Post Post { get; private set; } = null!;
    public string AccountName { get; private set; } = "";
    public CheckAnswers Answers { get; private set; } = null!;

    /// <summary>The post's version when the page was shown, posted back by the button.</summary>
    [BindProperty]
    public int? Version { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is not { } actor)
        {
            return NotFound();
        }
        switch (Post.DiscardRefusal(actor, await db.HasRecordsAsync(id, ct)))
        {
            case { Forbidden: true }:
                return Forbid();
            case { } refusal:
                this.Flash(refusal.Message);
                return Redirect($"/posts/{id}");
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var seen = Version;
        if (await LoadAsync(id, ct) is not { } actor)
        {
            return NotFound();
        }
        var outcome = await this.RunAsync(db, () => PostUseCases.DiscardAsync(db, store, actor, Post, seen, clock.GetUtcNow(), ct), prefix: "");
        return await this.AnswerAsync(outcome,
            () => this.FlashAndRedirect($"{Post.Label(Post.Kind)}の下書き（{AccountName}）を破棄しました。作成と破棄の記録は監査記録に残っています。", "/posts"),
            async () => await LoadAsync(id, ct));
    }

    private async Task<Actor?> LoadAsync(Guid id, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var post = await db.FindVisiblePostAsync(id, actor, ct);
        if (post is null)
        {
            return null;
        }
        Post = post;
        Version = post.Version;
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == post.AccountId, ct);
        AccountName = account?.CurrentPolicy.AccountName ?? "";
        Answers = new CheckAnswers("この下書きを破棄しますか",
            [
                new CheckRow("アカウント", AccountName),
                new CheckRow("種類", Post.Label(post.Kind)),
                new CheckRow("本文", post.FullText),
                new CheckRow("写真・動画", post.Media.Count == 0 ? "なし" : string.Join("\n", post.Media.Select(m => m.OriginalName))),
                new CheckRow("作成", $"{post.AuthorName} {PostPages.When(post.CreatedAt)}"),
            ],
            null,
            "破棄すると、この下書きは発信・返信の一覧から消え、元に戻せません（写真・動画のファイルも削除します）。作成と破棄の記録は操作の記録（監査記録）に残ります。",
            $"/posts/{id}/discard", post.Version, "下書きを破棄する", $"/posts/{id}", [], Danger: true);
        return actor;
    }
}
