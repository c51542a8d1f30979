using MuniSocial.Domain.Posts;
using MuniSocial.Features.PublishingPauses;

namespace MuniSocial.Features.Posts;

/// <summary>
/// Every change to a post or to the posting settings, shared by the pages and the API: the caller loads with
/// access checked (<see cref="PostAccess.FindVisiblePostAsync"/>), then one function here calls one domain
/// method and saves once, the audit record in the same save. A broken rule is a <see cref="DomainRuleException"/>:
/// the page shows it as form errors (PageActions.SaveAsync), the API as ProblemDetails (DomainProblemFilter).
/// </summary>
/// <remarks>
/// <c>expectedVersion</c> is the version the person saw (the page's hidden field, the API's If-Match or body
/// version); null means "whatever it is now". A mismatch, or a save that lost a race, is the rule "concurrency".
/// </remarks>
public static class PostUseCases
{
    public static async Task<Post> CreateAsync(AppDbContext db, Actor actor, SocialAccount account, PostKind kind, PostInput input, DateTimeOffset now, CancellationToken ct)
    {
        var post = Post.Create(actor, account, kind, input, now);
        db.Posts.Add(post);
        await Concurrency.SaveAsync(db, ct);
        return post;
    }

    /// <summary>§5(5)ア(イ): a correction of a published post, linked to it.</summary>
    /// <param name="sameSave">What the caller records about the new correction in the same save (an incident links it).</param>
    public static async Task<Post> CorrectAsync(AppDbContext db, Actor actor, SocialAccount account, Post original, PostInput input, DateTimeOffset now, CancellationToken ct,
        Action<Post>? sameSave = null)
    {
        var post = Post.CreateCorrection(actor, account, original, input, now);
        db.Posts.Add(post);
        sameSave?.Invoke(post);
        await Concurrency.SaveAsync(db, ct);
        return post;
    }

    public static async Task UpdateAsync(AppDbContext db, Actor actor, Post post, PostInput input, int? expectedVersion, DateTimeOffset now, CancellationToken ct)
    {
        Expect(post.Version, expectedVersion);
        post.Update(actor, input, now);
        await Concurrency.SaveAsync(db, ct);
    }

    /// <summary>Submits with the content check and the route as they are now.</summary>
    public static async Task SubmitAsync(AppDbContext db, ContentChecks checks, Actor actor, Post post, IReadOnlyCollection<string> acknowledged, bool requestCheck,
        int? expectedVersion, DateTimeOffset now, CancellationToken ct)
    {
        Expect(post.Version, expectedVersion);
        var findings = await checks.CheckPostAsync(post, now, ct);
        var route = await db.RouteAsync(post, ct);
        post.Submit(actor, findings, acknowledged, route, requestCheck, now, await db.PausesOnAsync(post.AccountId, ct));
        await Concurrency.SaveAsync(db, ct);
    }

    /// <summary>A colleague's check or the head's decision; the content check runs again at the decision.</summary>
    public static async Task ReviewAsync(AppDbContext db, ContentChecks checks, Actor actor, Post post, ReviewDecision decision, string? comment, int? expectedVersion,
        DateTimeOffset now, CancellationToken ct)
    {
        Expect(post.Version, expectedVersion);
        var findings = await checks.CheckPostAsync(post, now, ct);
        post.Review(actor, decision, comment, findings, now, await db.PausesOnAsync(post.AccountId, ct));
        await Concurrency.SaveAsync(db, ct);
    }

    public static async Task RecordPublishedAsync(AppDbContext db, Infrastructure.Connectors.ConnectorRegistry registry, Actor actor, Post post, string? publishedUrl,
        DateTimeOffset? publishedAt, int? expectedVersion, DateTimeOffset now, CancellationToken ct)
    {
        Expect(post.Version, expectedVersion);
        // A connected account publishes through its connector: a record by hand only while the connection is broken
        // (asked once who acts and the state are right, so that those refusals keep their own answers).
        if (post.Status == PostStatus.Approved && actor.IsStaffOf(post.SectionId))
        {
            Post.EnsureManualRecordAllowed(await db.AccountConnections.AsNoTracking().FirstOrDefaultAsync(c => c.AccountId == post.AccountId, ct),
                await db.Publications.AsNoTracking().FirstOrDefaultAsync(p => p.PostId == post.Id, ct),
                await Publishing.PublicationUseCases.ConnectorCanSendAsync(db, registry, post, ct));
        }
        post.RecordPublished(actor, publishedUrl, publishedAt, now, await db.PausesOnAsync(post.AccountId, ct));
        // A reply to a recorded comment: the comment becomes 暫定回答済 / 回答済 in the same save.
        await Comments.CommentUseCases.FollowPublishedReplyAsync(db, actor, post, now, ct);
        await Concurrency.SaveAsync(db, ct);
    }

    /// <summary>
    /// Whether an incident refers to the draft (a correction drafted from an incident), so that removing it would break a
    /// record. The other references need a submitted or published post (the outbox, a pause hold, a correction, a comment
    /// answered), which <see cref="Post.DiscardRefusal"/> already refuses; a reply's comment link is on the post itself.
    /// </summary>
    public static Task<bool> HasRecordsAsync(this AppDbContext db, Guid postId, CancellationToken ct) =>
        db.Set<Domain.Incidents.IncidentPost>().AnyAsync(i => i.PostId == postId, ct);

    /// <summary>
    /// 下書きの破棄 (issue 13 item 4): the one use case the page and <c>DELETE /api/v1/posts/{id}</c> call. The post row
    /// goes (lists no longer show it); its audit record "post.discarded" keeps what it was, in the same save. Its files
    /// are deleted once the removal is saved.
    /// </summary>
    public static async Task DiscardAsync(AppDbContext db, MediaStore store, Actor actor, Post post, int? expectedVersion, DateTimeOffset now, CancellationToken ct)
    {
        Expect(post.Version, expectedVersion);
        post.Discard(actor, now, await db.HasRecordsAsync(post.Id, ct));
        var files = post.Media.Select(m => m.StoredName).ToList();
        db.Posts.Remove(post);
        await Concurrency.SaveAsync(db, ct);
        foreach (var file in files)
        {
            store.Delete(file);
        }
    }

    /// <summary>After a pause is lifted, the section head lets a held post go out as approved (recorded in its history).</summary>
    public static async Task ReleaseHeldAsync(AppDbContext db, Actor actor, Post post, int? expectedVersion, DateTimeOffset now, CancellationToken ct)
    {
        Expect(post.Version, expectedVersion);
        post.ReleaseHeld(actor, await db.OpenHoldsAsync(post.Id, ct), await db.PausesOnAsync(post.AccountId, ct), now);
        await Concurrency.SaveAsync(db, ct);
    }

    /// <summary>After a pause is lifted, the section head calls off a held post (it becomes Rejected, 「一時停止中に保留された発信を取りやめ」).</summary>
    public static async Task CancelHeldAsync(AppDbContext db, Actor actor, Post post, string? reason, int? expectedVersion, DateTimeOffset now, CancellationToken ct)
    {
        Expect(post.Version, expectedVersion);
        post.CancelHeld(actor, await db.OpenHoldsAsync(post.Id, ct), reason, now);
        await Concurrency.SaveAsync(db, ct);
    }

    /// <summary>
    /// Rules first, then the file: a refused upload writes nothing, and a file written for a save that then
    /// failed is deleted again.
    /// </summary>
    public static async Task<PostMedia> UploadMediaAsync(AppDbContext db, MediaStore store, Actor actor, Post post, IFormFile? file,
        int? expectedVersion, DateTimeOffset now, CancellationToken ct)
    {
        Expect(post.Version, expectedVersion);
        post.EnsureCanAddMedia(actor);
        var saved = await store.SaveAsync(file, ct);
        try
        {
            var media = new PostMedia(post.Id, saved.Name, saved.StoredName, saved.ContentType, saved.Size, actor, now);
            post.AddMedia(actor, media, now);
            await Concurrency.SaveAsync(db, ct);
            return media;
        }
        catch
        {
            store.Delete(saved.StoredName);
            throw;
        }
    }

    /// <summary>§5(4)イ: the author confirms 肖像権・著作権・個人情報 for one file.</summary>
    public static async Task ConfirmMediaAsync(AppDbContext db, Actor actor, Post post, Guid mediaId, bool portrait, bool copyright, bool personalInfo,
        int? expectedVersion, DateTimeOffset now, CancellationToken ct)
    {
        Expect(post.Version, expectedVersion);
        post.ConfirmMedia(actor, mediaId, portrait, copyright, personalInfo, now);
        await Concurrency.SaveAsync(db, ct);
    }

    /// <summary>The file is deleted only once the removal is saved: a refused or lost save keeps the row and its file together.</summary>
    public static async Task RemoveMediaAsync(AppDbContext db, MediaStore store, Actor actor, Post post, Guid mediaId, int? expectedVersion,
        DateTimeOffset now, CancellationToken ct)
    {
        Expect(post.Version, expectedVersion);
        var removed = post.RemoveMedia(actor, mediaId, now);
        await Concurrency.SaveAsync(db, ct);
        store.Delete(removed.StoredName);
    }

    /// <summary>§5(2)ウ(イ)(ウ): the section head sets the pre-approved categories and whether a colleague's check is required.</summary>
    public static async Task<SectionPostSettings> SaveSectionSettingsAsync(AppDbContext db, Actor actor, Guid sectionId, PostCategories preApproved,
        SecondCheckSetting secondCheck, int? expectedVersion, string? categoryDScope, DateTimeOffset now, CancellationToken ct)
    {
        var settings = await db.SectionPostSettings.FirstOrDefaultAsync(s => s.SectionId == sectionId, ct);
        var isNew = settings is null;
        settings ??= SectionPostSettings.Defaults(sectionId);
        Expect(settings.Version, expectedVersion);
        settings.Update(actor, preApproved, secondCheck, now, categoryDScope);
        if (isNew)
        {
            db.SectionPostSettings.Add(settings);
        }
        await Concurrency.SaveAsync(db, ct);
        return settings;
    }

    /// <summary>The PR office keeps the content check's dictionaries and decides which kinds block.</summary>
    public static async Task<ContentCheckSettings> SaveCheckSettingsAsync(AppDbContext db, Actor actor, ContentCheckSettings.Input input, int? expectedVersion,
        DateTimeOffset now, CancellationToken ct)
    {
        var settings = await db.ContentCheckSettings.FirstOrDefaultAsync(s => s.Id == ContentCheckSettings.SingletonId, ct);
        var isNew = settings is null;
        settings ??= ContentCheckSettings.CreateDefault();
        Expect(settings.Version, expectedVersion);
        settings.Update(actor, input, now);
        if (isNew)
        {
            db.ContentCheckSettings.Add(settings);
        }
        await Concurrency.SaveAsync(db, ct);
        return settings;
    }

    /// <summary>The pre-approved categories as the flags the settings keep.</summary>
    public static PostCategories Flags(IEnumerable<PostCategory> categories) =>
        categories.Aggregate(PostCategories.None, (acc, c) => acc | PostRouting.Flag(c));

    private static void Expect(int actual, int? expected) => Concurrency.RequireVersion(actual, expected);
}
