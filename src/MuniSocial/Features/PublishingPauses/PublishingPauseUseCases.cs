using MuniSocial.Domain.Incidents;
using MuniSocial.Domain.Posts;

namespace MuniSocial.Features.PublishingPauses;

/// <summary>What a lift found: the pause as it now is and the approved posts it held.</summary>
public sealed record LiftResult(PublishingPause Pause, IReadOnlyList<HeldPost> Held);

/// <summary>
/// The crisis switch (§5(5)), shared by the page <c>/publishing-pause</c> and <c>/api/v1/publishing-pause</c>: the PR
/// office pauses one account or all with a reason, and lifts a pause (not while its hijack incident is open). The
/// lift records the approved posts that were waiting on the accounts it covered (<see cref="HeldPost"/>), for the
/// section head to release or cancel. One domain call and one save each; the domain writes the audit records.
/// </summary>
public static class PublishingPauseUseCases
{
    /// <summary>Pauses one account (<paramref name="accountId"/>) or all (null). An account that does not exist is a field error; a scope already paused is 409 <c>already-paused</c>.</summary>
    public static async Task<PublishingPause> PauseAsync(AppDbContext db, Actor actor, Guid? accountId, string? reason, DateTimeOffset now, CancellationToken ct)
    {
        if (accountId is { } id && !await db.Accounts.AnyAsync(a => a.Id == id, ct))
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["accountId"] = ["指定のアカウントが見つかりません。一覧から選んでください（すべてのアカウントを停止するときは指定なし）。"] });
        }
        var active = await db.ActivePausesAsync(ct);
        var pause = PublishingPause.Pause(actor, accountId, reason, now, active);
        db.PublishingPauses.Add(pause);
        await db.SaveChangesAsync(ct);
        return pause;
    }

    /// <summary>Lifts the pause and records what it held; <paramref name="expectedVersion"/> is the version the person saw (null: whatever it is now).</summary>
    public static async Task<LiftResult> LiftAsync(AppDbContext db, Actor actor, Guid pauseId, string? note, int? expectedVersion, DateTimeOffset now, CancellationToken ct)
    {
        var pause = await db.PublishingPauses.FirstOrDefaultAsync(p => p.Id == pauseId, ct) ?? throw new DomainNotFoundException("一時停止");
        Concurrency.RequireVersion(pause.Version, expectedVersion);
        var incident = pause.IncidentId is { } incidentId ? await db.Incidents.FirstOrDefaultAsync(i => i.Id == incidentId, ct) : null;
        pause.Lift(actor, note, incident, now);
        var others = await db.PublishingPauses.Where(p => p.LiftedAt == null && p.Id != pause.Id).ToListAsync(ct);
        var posts = pause.AccountId is { } account
            ? await db.Posts.Where(p => p.Status == PostStatus.Approved && p.AccountId == account).ToListAsync(ct)
            : await db.Posts.Where(p => p.Status == PostStatus.Approved).ToListAsync(ct);
        var held = HeldPost.Of(pause, posts, others, now);
        db.HeldPosts.AddRange(held);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (Problems.IsConcurrencyConflict(ex))
        {
            db.ChangeTracker.Clear();
            throw Concurrency.Conflict();
        }
        return new LiftResult(pause, held);
    }

    /// <summary>The pauses in force now (the banner, the post page and the transitions ask for these).</summary>
    public static Task<List<PublishingPause>> ActivePausesAsync(this AppDbContext db, CancellationToken ct) =>
        db.PublishingPauses.AsNoTracking().Where(p => p.LiftedAt == null).ToListAsync(ct);

    /// <summary>The pauses in force now that apply to one account (its own, or of all accounts).</summary>
    public static Task<List<PublishingPause>> PausesOnAsync(this AppDbContext db, Guid accountId, CancellationToken ct) =>
        db.PublishingPauses.AsNoTracking().Where(p => p.LiftedAt == null && (p.AccountId == null || p.AccountId == accountId)).ToListAsync(ct);

    /// <summary>The open holds of one post (a lift recorded it and the head has not yet decided).</summary>
    public static Task<List<HeldPost>> OpenHoldsAsync(this AppDbContext db, Guid postId, CancellationToken ct) =>
        db.HeldPosts.Where(h => h.PostId == postId && h.Outcome == null).ToListAsync(ct);

    /// <summary>Account names by id, for the pages, the banner and the API (the scope "all" has no id).</summary>
    public static async Task<Dictionary<Guid, string>> AccountNamesAsync(this AppDbContext db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return [];
        }
        var accounts = await db.Accounts.AsNoTracking().Where(a => wanted.Contains(a.Id)).ToListAsync(ct);
        return accounts.ToDictionary(a => a.Id, a => a.CurrentPolicy.AccountName ?? "");
    }

    /// <summary>「○○」 for one account, 「すべてのアカウント」 for all.</summary>
    public static string ScopeName(Guid? accountId, IReadOnlyDictionary<Guid, string> names) =>
        accountId is { } id ? names.GetValueOrDefault(id, "（不明なアカウント）") : "すべてのアカウント";
}
