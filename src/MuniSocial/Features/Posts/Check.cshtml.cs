using MuniSocial.Domain.Operations;
using MuniSocial.Domain.Posts;
using MuniSocial.Features.Publishing;
using MuniSocial.Features.PublishingPauses;
using MuniSocial.Infrastructure.Connectors;

namespace MuniSocial.Features.Posts;

/// <summary>
/// "Check your answers" before a post's one-way step (発信する・公開を記録する): the post as it will go out, where,
/// when, what cannot be undone. Changes nothing: the step's rules are tried on this request's copy of the post (never
/// saved), and a refusal is shown here instead of the button. The button posts to the post page's handler with the
/// version shown here, so that a change made in between is refused.
/// </summary>
public sealed class CheckModel(AppDbContext db, CurrentActor current, TimeProvider clock, ConnectorRegistry registry, BusinessCalendar calendar) : PageModel
{
    public PostStep Step { get; private set; } = null!;
    public Post Post { get; private set; } = null!;
    public string AccountName { get; private set; } = "";
    public CheckAnswers? Answers { get; private set; }

    /// <summary>Why the step cannot be taken now (the rules' own messages); the page then offers the way back instead of the button.</summary>
    public IReadOnlyList<string> Problems { get; private set; } = [];

    /// <summary>公開の記録: the post's URL on the platform, typed on the post page.</summary>
    [FromQuery]
    public string? PublishedUrl { get; set; }

    /// <summary>公開の記録: when it was posted (datetime-local, Japan time).</summary>
    [FromQuery]
    public string? PublishedAt { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string step, CancellationToken ct)
    {
        if (PostStep.Find(step) is not { } found)
        {
            return NotFound();
        }
        Step = found;
        var actor = await current.GetAsync(ct);
        var post = await db.FindVisiblePostAsync(id, actor, ct);
        if (post is null)
        {
            return NotFound();
        }
        Post = post;
        var account = await db.Accounts.AsNoTracking().Include(a => a.Policies).FirstOrDefaultAsync(a => a.Id == post.AccountId, ct);
        AccountName = account?.CurrentPolicy.AccountName ?? "";
        var version = post.Version;
        var now = clock.GetUtcNow();
        var platform = PublicationSender.NameOf(post.Platform);
        var publishedAt = PostPages.FromLocal(PublishedAt);
        // The step's rules on this request's copy (nothing is saved): a refusal is this page's message.
        var outcome = await this.RunAsync(db, async () =>
        {
            if (found == PostStep.Send)
            {
                var target = post.Kind == PostKind.Reply ? await PublicationUseCases.ReplyTargetAsync(db, post, ct) : null;
                post.RequestPublish(actor, await db.ConnectionOfAsync(post.AccountId, ct), await db.PublicationOfAsync(post.Id, ct), target,
                    registry.For(post.Platform)?.SupportsMedia ?? false, now, await db.PausesOnAsync(post.AccountId, ct), await db.OpenHoldsAsync(post.Id, ct));
            }
            else
            {
                if (post.Status == PostStatus.Approved && actor.IsStaffOf(post.SectionId))
                {
                    Post.EnsureManualRecordAllowed(await db.AccountConnections.AsNoTracking().FirstOrDefaultAsync(c => c.AccountId == post.AccountId, ct),
                        await db.Publications.AsNoTracking().FirstOrDefaultAsync(p => p.PostId == post.Id, ct),
                        await PublicationUseCases.ConnectorCanSendAsync(db, registry, post, ct));
                }
                post.RecordPublished(actor, PublishedUrl, publishedAt, now, await db.PausesOnAsync(post.AccountId, ct));
            }
        }, prefix: "");
        if (outcome == Outcome.Forbidden)
        {
            return Forbid();
        }
        if (outcome == Outcome.Refused)
        {
            Problems = [.. ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).Distinct()];
            ModelState.Clear();
            return Page();
        }
        var scheduled = post.ScheduledAt is { } s && s > now ? s : (DateTimeOffset?)null;
        var rows = new List<CheckRow>
        {
            new("アカウント", $"{AccountName}（{platform}）"),
            new("本文", post.FullText, $"/posts/{id}", "本文（承認済みの内容は変更できません。変更するには差戻しが必要です）"),
            new("写真・動画", post.Media.Count == 0 ? "なし" : string.Join("\n", post.Media.Select(m => m.OriginalName))),
        };
        if (post.Kind == PostKind.Reply)
        {
            rows.Add(new CheckRow("返信先", post.ReplyTo ?? ""));
        }
        var warnings = new List<string>();
        List<KeyValuePair<string, string>>? carried = null;
        if (found == PostStep.Send)
        {
            rows.Add(new CheckRow("発信する日時", scheduled is { } at ? $"予約日時 {PostPages.When(at)}" : "すぐに（確定すると送信を始めます）"));
            warnings.AddRange((await PublicationUseCases.WarningsAsync(db, calendar, post, now, ct)).Select(w => w.Message));
        }
        else
        {
            rows.Add(new CheckRow("公開した投稿のURL", PublishedUrl?.Trim() ?? "", $"/posts/{id}#PublishedUrl", "公開した投稿のURL"));
            rows.Add(new CheckRow("公開日時", PostPages.When(publishedAt), $"/posts/{id}#PublishedAt", "公開日時"));
            carried = [new("PublishedUrl", PublishedUrl?.Trim() ?? ""), new("PublishedAt", PublishedAt ?? "")];
        }
        if (post.CommentId is not null)
        {
            warnings.Add(post.Interim ? "公開すると、回答した利用者の書込みは「暫定回答済」になります。" : "公開すると、回答した利用者の書込みは「回答済」になります。");
        }
        Answers = new CheckAnswers(found.Heading, rows, null, found.Irreversible, found.PostUrl(id), version,
            found == PostStep.Send ? (scheduled is null ? $"{platform}に発信する" : $"予約日時 {PostPages.When(scheduled)} に発信する") : found.Button,
            $"/posts/{id}", warnings, Carried: carried);
        return Page();
    }
}
