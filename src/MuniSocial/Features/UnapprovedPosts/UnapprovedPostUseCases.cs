using MuniSocial.Domain.Incidents;
using MuniSocial.Domain.Posts;
using MuniSocial.Domain.Publishing;
using MuniSocial.Features.Incidents;

namespace MuniSocial.Features.UnapprovedPosts;

/// <summary>
/// Who sees which posts the watch found (§5(2)ウ): the PR office every one, open or decided; the staff and head of a
/// section only their own section's open ones, read-only (the PR office decides). Matched and pre-connection posts are
/// the watch's own record and are not listed here.
/// </summary>
public static class ObservedPostAccess
{
    /// <summary>Unapproved posts and differing texts nobody has decided about.</summary>
    public static IQueryable<ObservedPost> OpenOnes(this IQueryable<ObservedPost> observed) =>
        observed.Where(o => (o.Verdict == ObservedVerdict.Unapproved || o.Verdict == ObservedVerdict.TextDiffers) && o.Resolution == ObservedResolution.None);

    public static IQueryable<ObservedPost> VisibleTo(this IQueryable<ObservedPost> observed, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var flagged = observed.Where(o => o.Verdict == ObservedVerdict.Unapproved || o.Verdict == ObservedVerdict.TextDiffers);
        if (actor.Is(Role.PrOffice))
        {
            return flagged;
        }
        return actor.SectionId is { } section && (actor.Is(Role.Operator) || actor.Is(Role.SectionHead))
            ? flagged.OpenOnes().Where(o => o.SectionId == section)
            : flagged.Where(_ => false);
    }

    public static Task<ObservedPost?> FindVisibleObservedAsync(this AppDbContext db, Guid id, Actor actor, CancellationToken ct) =>
        db.ObservedPosts.VisibleTo(actor).FirstOrDefaultAsync(o => o.Id == id, ct);
}

/// <summary>
/// The PR office's decisions about a post the watch found, shared by the pages and the API: record it as posted outside
/// the system (an archive post made in the same save), or open a hijack incident from it with one click (the incident
/// use case, which pauses the account; the observed URL and text in its timeline; linked in the same save).
/// </summary>
public static class UnapprovedPostUseCases
{
    /// <summary>The visible ones: open first (oldest found first), then the decided ones (newest first), at most <paramref name="max"/>.</summary>
    public static async Task<List<ObservedPost>> ListAsync(AppDbContext db, Actor actor, bool includeResolved, Guid? accountId, int max, CancellationToken ct)
    {
        var query = db.ObservedPosts.AsNoTracking().VisibleTo(actor);
        if (!includeResolved)
        {
            query = query.OpenOnes();
        }
        if (accountId is { } a)
        {
            query = query.Where(o => o.AccountId == a);
        }
        // DateTimeOffset ordering is done in memory (SQLite); the open ones are few, the decided ones capped.
        var open = await query.OpenOnes().ToListAsync(ct);
        var list = open.OrderBy(o => o.FirstSeenAt).ToList();
        if (includeResolved)
        {
            var resolved = await query.Where(o => o.Resolution != ObservedResolution.None).OrderByDescending(o => o.Id).Take(max).ToListAsync(ct);
            list.AddRange(resolved.OrderByDescending(o => o.ResolvedAt));
        }
        return [.. list.Take(max)];
    }

    /// <summary>Records the post as posted outside the system by <paramref name="author"/> for <paramref name="reason"/>: the archive post and the decision, one save.</summary>
    public static async Task<Post> RecordOutsideAsync(AppDbContext db, Actor actor, ObservedPost observed, string? author, string? reason, DateTimeOffset now,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var account = await db.Accounts.Include(a => a.Policies).SingleAsync(a => a.Id == observed.AccountId, ct);
        var original = observed.PostId is { } pid ? await db.Posts.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pid, ct) : null;
        var post = Post.RecordedOutside(actor, account, observed, original, author ?? "", reason ?? "", now);
        observed.RecordOutside(actor, author, reason, post.Id, now);
        db.Posts.Add(post);
        await SaveAsync(db, ct);
        return post;
    }

    /// <summary>Opens a hijack incident on the account from the post (the account is paused), with its URL and text in the timeline; one save.</summary>
    public static async Task<Incident> OpenHijackIncidentAsync(AppDbContext db, Actor actor, ObservedPost observed, string linkBase, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var summary = $"発信の監視で、MuniSocialで承認されていない投稿を検知しました（{observed.Url ?? observed.PlatformPostId}）。乗っ取りの疑いがあります。";
        var text = observed.Text.Length > 1500 ? observed.Text[..1500] + "…" : observed.Text;
        return await IncidentUseCases.OpenAsync(db, actor, new IncidentInput(IncidentKind.Hijack, observed.AccountId, null, summary, null), linkBase, now,
            incident =>
            {
                observed.LinkHijackIncident(actor, incident.Id, now);
                incident.AddSystemStep(actor, null,
                    $"発信の監視で検知した{ObservedPost.Label(observed.Verdict)}: {observed.Url ?? "（URL不明）"}（投稿 {(observed.PostedAt is { } at ? Wareki.FormatDateTime(at) : "日時不明")}・検知 {Wareki.FormatDateTime(observed.FirstSeenAt)}）\n本文: {text}",
                    now);
            }, ct);
    }

    private static async Task SaveAsync(AppDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (Problems.IsConcurrencyConflict(ex))
        {
            db.ChangeTracker.Clear();
            throw Concurrency.Conflict();
        }
    }
}

/// <summary>A post the watch found, as the API and the pages show it.</summary>
public sealed record UnapprovedPostView(
    Guid Id, Guid AccountId, string AccountName, Guid SectionId, string Platform, string Verdict, string VerdictLabel, bool Open, string? Url,
    string PlatformPostId, string Text, string? ApprovedText, Guid? PostId, DateTimeOffset? PostedAt, DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt,
    string Resolution, string ResolutionLabel, string? ResolvedByName, DateTimeOffset? ResolvedAt, string? OutsideAuthor, string? OutsideReason,
    Guid? IncidentId, int Version)
{
    public static UnapprovedPostView Of(ObservedPost o, string accountName)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new(o.Id, o.AccountId, accountName, o.SectionId, o.Platform.ToString(), o.Verdict.ToString(), ObservedPost.Label(o.Verdict), o.IsOpen, o.Url,
            o.PlatformPostId, o.Text, o.ApprovedText, o.PostId, o.PostedAt, o.FirstSeenAt, o.LastSeenAt, o.Resolution.ToString(), ObservedPost.Label(o.Resolution),
            o.ResolvedByName, o.ResolvedAt, o.OutsideAuthor, o.OutsideReason, o.IncidentId, o.Version);
    }
}
