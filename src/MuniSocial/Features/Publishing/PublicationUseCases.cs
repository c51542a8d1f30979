using MuniSocial.Domain.Incidents;
using MuniSocial.Domain.Operations;
using MuniSocial.Domain.Posts;
using MuniSocial.Domain.Publishing;
using MuniSocial.Features.PublishingPauses;
using MuniSocial.Infrastructure.Connectors;

namespace MuniSocial.Features.Publishing;

/// <summary>A warning that does not stop the action (運用時間外): shown before the button, answered by the API.</summary>
public sealed record PublishWarning(string Code, string Message);

/// <summary>
/// Publishing an approved post through the account's connector (the outbox), shared by the post page and the API: the
/// caller loads the post with access checked, one domain call, one save; the <see cref="PublicationSender"/> then sends
/// it exactly once. A person resends a 送信失敗 / 要確認 entry, or records that a 要確認 entry did go out.
/// </summary>
public static class PublicationUseCases
{
    /// <summary>Raised after a save that queued an entry, so that the sender does not wait for its next poll.</summary>
    internal static event Action? Queued;

    /// <summary>The account's connection, or null when it has none.</summary>
    public static Task<AccountConnection?> ConnectionOfAsync(this AppDbContext db, Guid accountId, CancellationToken ct) =>
        db.AccountConnections.FirstOrDefaultAsync(c => c.AccountId == accountId, ct);

    /// <summary>The post's outbox entry (one per post), or null.</summary>
    public static Task<Publication?> PublicationOfAsync(this AppDbContext db, Guid postId, CancellationToken ct) =>
        db.Publications.FirstOrDefaultAsync(p => p.PostId == postId, ct);

    /// <summary>Queues the post to go out now or at its scheduled time; the entry is saved with the publish step.</summary>
    public static async Task<Publication> PublishAsync(AppDbContext db, ConnectorRegistry registry, Actor actor, Post post, int? expectedVersion,
        DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(post);
        Concurrency.RequireVersion(post.Version, expectedVersion);
        var connection = await db.ConnectionOfAsync(post.AccountId, ct);
        var existing = await db.PublicationOfAsync(post.Id, ct);
        var target = post.Kind == PostKind.Reply ? await ReplyTargetAsync(db, post, ct) : null;
        var mediaSupported = registry.For(post.Platform)?.SupportsMedia ?? false;
        var publication = post.RequestPublish(actor, connection, existing, target, mediaSupported, now,
            await db.PausesOnAsync(post.AccountId, ct), await db.OpenHoldsAsync(post.Id, ct));
        if (existing is not null)
        {
            // A called-off entry is replaced in the same save: one entry per post.
            db.Publications.Remove(existing);
        }
        db.Publications.Add(publication);
        db.SavedChanges += WakeOnce;
        await Concurrency.SaveAsync(db, ct);
        return publication;

        void WakeOnce(object? sender, SavedChangesEventArgs e)
        {
            db.SavedChanges -= WakeOnce;
            Queued?.Invoke();
        }
    }

    /// <summary>Staff of the section send a 送信失敗 or 要確認 entry again (a 要確認 one after checking that it did not go out).</summary>
    public static async Task RetryAsync(AppDbContext db, Actor actor, Post post, int? expectedVersion, DateTimeOffset now, CancellationToken ct)
    {
        var publication = await RequirePublicationAsync(db, post, ct);
        Concurrency.RequireVersion(publication.Version, expectedVersion);
        PublishingPause.EnsureNotPaused(await db.PausesOnAsync(post.AccountId, ct), post.AccountId, "再送");
        publication.Retry(actor, now);
        db.SavedChanges += WakeOnce;
        await Concurrency.SaveAsync(db, ct);

        void WakeOnce(object? sender, SavedChangesEventArgs e)
        {
            db.SavedChanges -= WakeOnce;
            Queued?.Invoke();
        }
    }

    /// <summary>要確認 → 送信済: staff found the post on the platform; it is recorded with the URL they found, and the post becomes Published.</summary>
    public static async Task ConfirmSentAsync(AppDbContext db, Actor actor, Post post, string? platformUrl, string? platformPostId, int? expectedVersion,
        DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(post);
        var publication = await RequirePublicationAsync(db, post, ct);
        Concurrency.RequireVersion(publication.Version, expectedVersion);
        var url = platformUrl?.Trim() ?? "";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || url.Length > 1000)
        {
            throw new DomainValidationException(new Dictionary<string, string[]>
            {
                ["platformUrl"] = ["プラットフォームで見つけた投稿のURLを https:// で始まる形で入力してください（1000文字以内）。"],
            });
        }
        var id = string.IsNullOrWhiteSpace(platformPostId) ? uri.AbsolutePath.TrimEnd('/').Split('/')[^1] : platformPostId.Trim();
        if (id.Length is 0 or > 500)
        {
            throw new DomainValidationException(new Dictionary<string, string[]>
            {
                ["platformPostId"] = ["投稿のIDをURLから読み取れません。platformPostId（500文字以内）を指定してください。"],
            });
        }
        publication.ConfirmSent(actor, id, url, now);
        post.RecordSent(publication, now);
        await Comments.CommentUseCases.FollowPublishedReplyAsync(db, actor, post, now, ct);
        await Concurrency.SaveAsync(db, ct);
    }

    /// <summary>
    /// The warnings about publishing the post now (or at its scheduled time when later): outside the account's 運用時間
    /// (§5(1)カ) per its accepted 運用ポリシー.
    /// </summary>
    public static async Task<IReadOnlyList<PublishWarning>> WarningsAsync(AppDbContext db, BusinessCalendar calendar, Post post, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(post);
        var account = await db.Accounts.AsNoTracking().Include(a => a.Policies).FirstOrDefaultAsync(a => a.Id == post.AccountId, ct);
        var scheduled = post.ScheduledAt is { } s && s > now;
        var at = scheduled ? post.ScheduledAt!.Value : now;
        return OperatingHours.Warning(account?.AcceptedPolicy, at, calendar, scheduled) is { } message
            ? [new PublishWarning(OperatingHours.WarningCode, message)]
            : [];
    }

    /// <summary>Whether the account's connector can send this post (a reply's thread known, its files carried); else it is posted by hand and recorded.</summary>
    public static async Task<bool> ConnectorCanSendAsync(AppDbContext db, ConnectorRegistry registry, Post post, CancellationToken ct) =>
        post.ConnectorCanSend(post.Kind == PostKind.Reply ? await ReplyTargetAsync(db, post, ct) : null, registry.For(post.Platform)?.SupportsMedia ?? false);

    /// <summary>For a reply: the thread of the recorded comment it answers (null when the platform cannot be told where).</summary>
    internal static async Task<ReplyTarget?> ReplyTargetAsync(AppDbContext db, Post post, CancellationToken ct)
    {
        if (post.CommentId is not { } commentId)
        {
            return null;
        }
        var comment = await db.Comments.AsNoTracking().FirstOrDefaultAsync(c => c.Id == commentId, ct);
        if (comment is null || (comment.PlatformCommentId is null && post.Platform != Platform.Line))
        {
            return null;
        }
        return new ReplyTarget(comment.PlatformCommentId, comment.AuthorHandle, comment.Url);
    }

    private static async Task<Publication> RequirePublicationAsync(AppDbContext db, Post post, CancellationToken ct) =>
        await db.PublicationOfAsync(post.Id, ct)
        ?? throw new DomainRuleException("この投稿はMuniSocialから発信されていません。", "not-queued");
}
