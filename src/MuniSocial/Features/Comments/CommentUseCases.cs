using MuniSocial.Domain.Comments;
using MuniSocial.Domain.Incidents;
using MuniSocial.Domain.Posts;

namespace MuniSocial.Features.Comments;

/// <summary>
/// Every change to a user's comment, shared by the pages and the API: the caller loads with access checked
/// (<see cref="CommentAccess.FindVisibleCommentAsync"/>), one function here calls the domain and saves once,
/// the audit records in the same save. A broken rule is a <see cref="DomainRuleException"/>.
/// </summary>
public static class CommentUseCases
{
    /// <summary>A comment recorded, or the one already recorded with the same identity (nothing added).</summary>
    public sealed record Recorded(Comment? Created, Guid? ExistingId)
    {
        public Guid Id => Created?.Id ?? ExistingId!.Value;
    }

    public const string DuplicateMessage = "この書込みは既に記録されています。";

    /// <summary>Records a comment by hand or through the API; the same comment again adds nothing and answers the existing one.</summary>
    public static async Task<Recorded> RecordAsync(AppDbContext db, Actor actor, SocialAccount account, CommentInput input, CommentSource source,
        DateTimeOffset now, CancellationToken ct)
    {
        await RequirePostOfAccountAsync(db, account, input.PostId, ct);
        var prepared = Comment.Prepare(account, input, now);
        if (await ExistingAsync(db, account.Id, prepared.IdentityKey, ct) is { } existing)
        {
            return new Recorded(null, existing);
        }
        var comment = Comment.Create(actor, account, prepared, source, now);
        db.Comments.Add(comment);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone recorded the same comment at the same moment: answer theirs.
            db.ChangeTracker.Clear();
            if (await ExistingAsync(db, account.Id, prepared.IdentityKey, ct) is { } raced)
            {
                return new Recorded(null, raced);
            }
            throw;
        }
        return new Recorded(comment, null);
    }

    public static async Task StartHandlingAsync(AppDbContext db, Actor actor, Comment comment, int? expectedVersion, DateTimeOffset now, CancellationToken ct)
    {
        Concurrency.RequireVersion(comment.Version, expectedVersion);
        comment.StartHandling(actor, now);
        await Concurrency.SaveAsync(db, ct);
    }

    public static async Task NoActionNeededAsync(AppDbContext db, Actor actor, Comment comment, string? reason, int? expectedVersion, DateTimeOffset now, CancellationToken ct)
    {
        Concurrency.RequireVersion(comment.Version, expectedVersion);
        comment.MarkNoActionNeeded(actor, reason, now);
        await Concurrency.SaveAsync(db, ct);
    }

    public static async Task ReopenAsync(AppDbContext db, Actor actor, Comment comment, int? expectedVersion, DateTimeOffset now, CancellationToken ct)
    {
        Concurrency.RequireVersion(comment.Version, expectedVersion);
        comment.Reopen(actor, now);
        await Concurrency.SaveAsync(db, ct);
    }

    public static async Task ModerateAsync(AppDbContext db, Actor actor, Comment comment, IReadOnlyCollection<ModerationCategory> categories, string? note,
        ModerationAction action, int? expectedVersion, DateTimeOffset now, CancellationToken ct)
    {
        Concurrency.RequireVersion(comment.Version, expectedVersion);
        comment.Moderate(actor, categories, note, action, now);
        await RecordOnOpenIncidentsAsync(db, actor, comment, categories, action, now, ct);
        await Concurrency.SaveAsync(db, ct);
    }

    /// <summary>
    /// On a bad day the moderation is part of the incident's trail (§5(5)ウ(イ)): every open incident of the comment's account
    /// records it in the same save — the comment's id and the categories, never its text (kept only for the retention period);
    /// for false information it is the playbook's 「悪質な投稿を…非表示・削除した」.
    /// </summary>
    private static async Task RecordOnOpenIncidentsAsync(AppDbContext db, Actor actor, Comment comment, IReadOnlyCollection<ModerationCategory> categories,
        ModerationAction action, DateTimeOffset now, CancellationToken ct)
    {
        var open = await db.Incidents.Where(i => i.Status == IncidentStatus.Open && i.Accounts.Any(a => a.AccountId == comment.AccountId)).ToListAsync(ct);
        var marks = string.Concat(categories.Distinct().Order().Select(ModerationCategories.Mark));
        var what = action == ModerationAction.Delete ? "削除" : "非表示";
        foreach (var incident in open)
        {
            incident.AddSystemStep(actor, incident.Kind == IncidentKind.FalseInformation ? "malicious-moderated" : null,
                $"利用者の書込みを運用ポリシーの注意事項{marks}により{what}にしました（/comments/{comment.Id}）。", now);
        }
    }

    /// <summary>
    /// 「返信を作成」/「暫定回答を作成」: a draft reply post linked to the comment (its URL, else a quotation, as ReplyTo), which then
    /// goes through the normal check and approval; refused on a 返信しない account (rule replies-not-offered).
    /// </summary>
    public static async Task<Post> CreateReplyAsync(AppDbContext db, Actor actor, Comment comment, string? text, bool interim, DateOnly? formalDueOn,
        int? expectedVersion, DateTimeOffset now, CancellationToken ct)
    {
        Concurrency.RequireVersion(comment.Version, expectedVersion);
        var account = await db.Accounts.Include(a => a.Policies).FirstAsync(a => a.Id == comment.AccountId, ct);
        var offered = account.OffersReplies;
        // The comment's rule speaks first (replies-not-offered, the state, who may reply).
        comment.EnsureCan(actor, interim ? CommentAction.InterimAnswer : CommentAction.Reply, offered);
        var replyTo = comment.Url ?? Quote(comment);
        var post = Post.Create(actor, account, PostKind.Reply, new PostInput(text, null, null, null, replyTo, comment.Id, interim, formalDueOn), now);
        comment.LinkReply(actor, post, offered, now);
        db.Posts.Add(post);
        await Concurrency.SaveAsync(db, ct);
        return post;
    }

    /// <summary>The PR office or the admin sets how long the personal data of closed comments is kept.</summary>
    public static async Task<CommentSettings> SaveSettingsAsync(AppDbContext db, Actor actor, int? retentionDays, int? expectedVersion, DateTimeOffset now, CancellationToken ct)
    {
        var settings = await db.CommentSettings.FirstOrDefaultAsync(s => s.Id == CommentSettings.SingletonId, ct);
        var isNew = settings is null;
        settings ??= CommentSettings.CreateDefault();
        Concurrency.RequireVersion(settings.Version, expectedVersion);
        settings.Update(actor, retentionDays, now);
        if (isNew)
        {
            db.CommentSettings.Add(settings);
        }
        await Concurrency.SaveAsync(db, ct);
        return settings;
    }

    /// <summary>Called by the posts workflow when a reply post is recorded as published: the comment it answers follows, in the same save.</summary>
    public static async Task FollowPublishedReplyAsync(AppDbContext db, Actor actor, Post post, DateTimeOffset now, CancellationToken ct)
    {
        if (post.Kind != PostKind.Reply || post.CommentId is not { } commentId)
        {
            return;
        }
        var comment = await db.Comments.FirstOrDefaultAsync(c => c.Id == commentId, ct);
        comment?.RecordAnswerPublished(actor, post, now);
    }

    public static string Quote(Comment comment)
    {
        var text = comment.Text.Replace('\n', ' ');
        return $"{comment.AuthorHandle}さんの書込み（{Wareki.Format(comment.ReceivedAt)}）「{(text.Length > 200 ? text[..200] + "…" : text)}」";
    }

    internal static async Task RequirePostOfAccountAsync(AppDbContext db, SocialAccount account, Guid? postId, CancellationToken ct)
    {
        if (postId is { } id && !await db.Posts.AnyAsync(p => p.Id == id && p.AccountId == account.Id && p.Status == PostStatus.Published, ct))
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["postId"] = ["対象の投稿は、このアカウントの公開済みの投稿から選んでください。"] });
        }
    }

    internal static Task<Guid?> ExistingAsync(AppDbContext db, Guid accountId, string key, CancellationToken ct) =>
        db.Comments.AsNoTracking().Where(c => c.AccountId == accountId && c.IdentityKey == key).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
}
