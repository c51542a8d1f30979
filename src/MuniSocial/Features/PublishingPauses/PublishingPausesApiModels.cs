using MuniSocial.Domain.Incidents;
using MuniSocial.Domain.Posts;

namespace MuniSocial.Features.PublishingPauses;

// The bodies of the publishing-pause API. Property names are the JSON names (camelCase).

/// <summary>Pause one account (<c>accountId</c>) or, without it, every account.</summary>
public sealed record PauseRequest(Guid? AccountId, string? Reason);

/// <summary>The note recorded with a lift (optional).</summary>
public sealed record LiftRequest(string? Note);

/// <summary>A pause; <c>scope</c> is the account's name or 「すべてのアカウント」; <c>version</c> is also its ETag.</summary>
public sealed record PauseView(Guid Id, Guid? AccountId, string Scope, string Reason, Guid? IncidentId, DateTimeOffset PausedAt, string PausedBy,
    bool Active, DateTimeOffset? LiftedAt, string? LiftedBy, string? LiftNote, int Version);

/// <summary>An approved post that was waiting to go out while the pause applied; <c>outcome</c> is null until the section head releases or cancels it.</summary>
public sealed record HeldPostView(Guid PostId, Guid AccountId, string AccountName, string Text, DateTimeOffset? ScheduledAt, string PostStatus,
    string? Outcome, string OutcomeLabel, DateTimeOffset? ResolvedAt, string? ResolvedBy, string Url);

/// <summary>A pause with the posts it held (listed once it is lifted).</summary>
public sealed record PauseDetail(PauseView Pause, IReadOnlyList<HeldPostView> Held);

/// <summary>The pauses in force and the recently lifted ones (newest first, up to 50).</summary>
public sealed record PausesOverview(IReadOnlyList<PauseView> Active, IReadOnlyList<PauseView> Recent);

public static class PauseViews
{
    public static PauseView View(PublishingPause p, IReadOnlyDictionary<Guid, string> names) =>
        new(p.Id, p.AccountId, PublishingPauseUseCases.ScopeName(p.AccountId, names), p.Reason, p.IncidentId, p.PausedAt, p.PausedByName,
            p.IsActive, p.LiftedAt, p.LiftedByName, p.LiftNote, p.Version);

    public static HeldPostView Held(HeldPost h, Post post, IReadOnlyDictionary<Guid, string> names) =>
        new(h.PostId, h.AccountId, names.GetValueOrDefault(h.AccountId, ""), post.Text.Length > 100 ? post.Text[..100] + "…" : post.Text, post.ScheduledAt,
            post.Status.ToString(), h.Outcome?.ToString(), HeldPost.Label(h.Outcome), h.ResolvedAt, h.ResolvedByName, $"/posts/{h.PostId}");
}
