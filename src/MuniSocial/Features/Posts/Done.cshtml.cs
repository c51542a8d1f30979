using MuniSocial.Domain.Posts;
using MuniSocial.Domain.Publishing;
using MuniSocial.Features.Publishing;

namespace MuniSocial.Features.Posts;

/// <summary>The confirmation page after a post's one-way step: what happened, where it went, what comes next.</summary>
public sealed class DoneModel(AppDbContext db, CurrentActor current, TimeProvider clock) : PageModel
{
    public Confirmation Confirmation { get; private set; } = null!;
    public string AccountName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id, string step, CancellationToken ct)
    {
        if (PostStep.Find(step) is not { } found)
        {
            return NotFound();
        }
        var actor = await current.GetAsync(ct);
        var post = await db.Posts.AsNoTracking().VisibleTo(actor).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (post is null)
        {
            return NotFound();
        }
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == post.AccountId, ct);
        AccountName = account?.CurrentPolicy.AccountName ?? "";
        var platform = PublicationSender.NameOf(post.Platform);
        var next = new List<string>();
        string reference;
        var title = found.DoneTitle;
        if (found == PostStep.Send)
        {
            // Not taken (no entry of the outbox): back to the post.
            if (await db.Publications.AsNoTracking().FirstOrDefaultAsync(p => p.PostId == id, ct) is not { } publication)
            {
                return Redirect($"/posts/{id}");
            }
            reference = $"{AccountName}（{platform}）依頼: {publication.RequestedByName}";
            switch (publication.State)
            {
                case PublicationState.Sent:
                    next.Add($"{platform}に投稿されました（{PostPages.When(publication.SentAt)}）: {publication.PlatformUrl ?? publication.PlatformPostId}");
                    break;
                case PublicationState.Queued or PublicationState.Sending:
                    if (publication.NotBefore > clock.GetUtcNow())
                    {
                        title = "発信を予約しました";
                        next.Add($"予約日時 {PostPages.When(publication.NotBefore)} に、MuniSocialが{platform}へ送信します。");
                    }
                    else
                    {
                        next.Add($"MuniSocialが{platform}へ送信します（通常は1分以内）。");
                    }
                    next.Add("送信の結果は投稿の画面に表示されます。送信できなかったときは、所属の職員にメールでお知らせします。");
                    break;
                default:
                    next.Add($"状態: {Publication.Label(publication.State)}。投稿の画面で内容を確認してください。");
                    break;
            }
        }
        else
        {
            if (post.Status != PostStatus.Published)
            {
                return Redirect($"/posts/{id}");
            }
            reference = $"{AccountName}（{platform}）{PostPages.When(post.PublishedAt)} 記録: {post.PublishedByName}";
            next.Add($"公開した投稿: {post.PublishedUrl}");
            if (post.CommentId is not null)
            {
                next.Add(post.Interim ? "回答した利用者の書込みは「暫定回答済」になりました。正式な回答の予定日までに回答してください。" : "回答した利用者の書込みは「回答済」になりました。");
            }
        }
        next.Add("公開した投稿は変更・削除しません。誤りがあった場合は、投稿の画面から訂正の投稿を作成してください（ガイドライン5(5)ア(イ)）。");
        Confirmation = new Confirmation(title, reference, [], next, $"/posts/{id}", "投稿の画面に戻る");
        return Page();
    }
}
