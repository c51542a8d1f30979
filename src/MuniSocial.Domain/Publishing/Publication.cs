using System.Text.Json;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Audit;
using MuniSocial.Domain.Posts;

namespace MuniSocial.Domain.Publishing;

public enum PublicationState
{
    /// <summary>送信待ち: waiting for its time (<see cref="Publication.NotBefore"/>), for a retry, or held by a publishing pause.</summary>
    Queued,

    /// <summary>送信中: an attempt has begun; if the process dies now, the next attempt must find out whether it went out.</summary>
    Sending,

    /// <summary>送信済: the platform answered with its post id.</summary>
    Sent,

    /// <summary>要確認: it may have gone out and the platform cannot tell us; a person checks the account and says which.</summary>
    NeedsCheck,

    /// <summary>送信失敗: the platform refused for good (expired token, text refused); its message is shown to the operator and the head.</summary>
    Failed,

    /// <summary>取りやめ: the post was called off before it went out.</summary>
    Cancelled,
}

/// <summary>Where a reply goes: the thread of the comment it answers, never to everyone.</summary>
/// <param name="PlatformId">The comment's id on the platform (X tweet id, Mastodon status id, Bluesky at:// URI, Facebook comment id).</param>
/// <param name="AuthorId">The author's id on the platform (LINE user id, for a push message).</param>
/// <param name="Url">The comment's URL as recorded.</param>
public sealed record ReplyTarget(string? PlatformId, string? AuthorId, string? Url);

/// <summary>
/// The outbox entry of one post to be sent by a connector: written in the same save as the publish step, sent by the
/// publication sender exactly once. The idempotency key goes to platforms that honour one (LINE X-Line-Retry-Key,
/// Mastodon Idempotency-Key); for the others (X, Facebook) an attempt that may have gone out is resolved by reading the
/// account back before any resend, and marked 要確認 when that cannot tell. One per post.
/// </summary>
public sealed class Publication : AuditedEntity
{
    public const int MaxError = 2000;

    private Publication() { }

    public Guid Id { get; private set; }
    public Guid PostId { get; private set; }
    public Guid AccountId { get; private set; }
    public Guid SectionId { get; private set; }
    public Platform Platform { get; private set; }
    public PostKind Kind { get; private set; }

    /// <summary>A UUID, the same for every attempt of this entry.</summary>
    public string IdempotencyKey { get; private set; } = "";

    /// <summary>The exact text that goes out (the post's text and links, as approved).</summary>
    public string Text { get; private set; } = "";

    /// <summary>For a reply: where it goes (JSON of <see cref="ReplyTarget"/>).</summary>
    public string? ReplyTargetJson { get; private set; }
    public DateTimeOffset NotBefore { get; private set; }
    public PublicationState State { get; private set; }
    public string RequestedById { get; private set; } = "";
    public string RequestedByName { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }

    /// <summary>The sender that claimed it and until when (a claim that ran out is taken over: the process died).</summary>
    public string? LeaseOwner { get; private set; }
    public DateTimeOffset? LeaseUntil { get; private set; }

    /// <summary>When the first attempt began: from then on it may have gone out.</summary>
    public DateTimeOffset? FirstAttemptAt { get; private set; }
    public string? PlatformPostId { get; private set; }
    public string? PlatformUrl { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>The platform's own message of the last failure.</summary>
    public string? LastError { get; private set; }
    public DateTimeOffset? LastErrorAt { get; private set; }
    public string? ResolvedByName { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }
    public int Version { get; private set; }

    public ReplyTarget? ReplyTarget => ReplyTargetJson is null ? null : JsonSerializer.Deserialize<ReplyTarget>(ReplyTargetJson);

    /// <summary>Whether an attempt may already have reached the platform.</summary>
    public bool MayHaveGoneOut => FirstAttemptAt is not null;

    public bool IsOpen => State is PublicationState.Queued or PublicationState.Sending or PublicationState.NeedsCheck;

    internal static Publication Queue(Post post, Actor by, ReplyTarget? target, DateTimeOffset notBefore, DateTimeOffset at) => new()
    {
        Id = Guid.CreateVersion7(),
        PostId = post.Id,
        AccountId = post.AccountId,
        SectionId = post.SectionId,
        Platform = post.Platform,
        Kind = post.Kind,
        IdempotencyKey = Guid.NewGuid().ToString("D"),
        Text = post.FullText,
        ReplyTargetJson = target is null ? null : JsonSerializer.Serialize(target),
        NotBefore = notBefore,
        NextAttemptAt = notBefore,
        State = PublicationState.Queued,
        RequestedById = by.UserId,
        RequestedByName = by.Name,
        CreatedAt = at,
    };

    /// <summary>Saved before the platform is called: from now on it may have gone out.</summary>
    public void BeginAttempt(string leaseOwner, DateTimeOffset at, TimeSpan lease)
    {
        if (State is not (PublicationState.Queued or PublicationState.Sending))
        {
            throw new DomainRuleException($"この発信は送信できる状態ではありません（現在: {Label(State)}）。", "invalid-state");
        }
        State = PublicationState.Sending;
        Attempts++;
        FirstAttemptAt ??= at;
        LeaseOwner = leaseOwner;
        LeaseUntil = at + lease;
        Version++;
    }

    public void MarkSent(string platformPostId, string? platformUrl, DateTimeOffset at)
    {
        State = PublicationState.Sent;
        PlatformPostId = platformPostId;
        PlatformUrl = platformUrl;
        SentAt = at;
        LastError = null;
        ReleaseLease();
        Audit(new AuditRecord("publication.sent", nameof(Publication), Id.ToString(), "system", SystemName, at, null,
            JsonSerializer.Serialize(new { postId = PostId, platform = Platform.ToString(), platformPostId, platformUrl, attempts = Attempts })));
    }

    /// <summary>A transient failure (timeout, 429, 5xx): tried again after a backoff (30 s, 1, 2, 4 … minutes, at most 30 minutes).</summary>
    public void MarkRetry(string message, DateTimeOffset at, TimeSpan? retryAfter = null)
    {
        State = PublicationState.Queued;
        LastError = Trim(message);
        LastErrorAt = at;
        var backoff = TimeSpan.FromSeconds(Math.Min(30 * Math.Pow(2, Math.Max(0, Attempts - 1)), 30 * 60));
        NextAttemptAt = at + (retryAfter is { } r && r > backoff ? r : backoff);
        ReleaseLease();
    }

    /// <summary>A permanent refusal: shown with the platform's own message; a person retries after fixing the cause.</summary>
    public void MarkFailed(string platformMessage, DateTimeOffset at)
    {
        State = PublicationState.Failed;
        LastError = Trim(platformMessage);
        LastErrorAt = at;
        ReleaseLease();
        Audit(new AuditRecord("publication.failed", nameof(Publication), Id.ToString(), "system", SystemName, at, null,
            JsonSerializer.Serialize(new { postId = PostId, platform = Platform.ToString(), error = LastError, attempts = Attempts })));
    }

    /// <summary>It may have gone out and reading the account back cannot tell: 要確認 (nothing is resent until a person decides).</summary>
    public void MarkNeedsCheck(string reason, DateTimeOffset at)
    {
        State = PublicationState.NeedsCheck;
        LastError = Trim(reason);
        LastErrorAt = at;
        ReleaseLease();
        Audit(new AuditRecord("publication.needs-check", nameof(Publication), Id.ToString(), "system", SystemName, at, null,
            JsonSerializer.Serialize(new { postId = PostId, platform = Platform.ToString(), reason = LastError })));
    }

    /// <summary>Staff of the section send it again: after a permanent failure was fixed, or after checking that a 要確認 did not go out.</summary>
    public void Retry(Actor by, DateTimeOffset at)
    {
        RequireStaff(by);
        if (State is not (PublicationState.Failed or PublicationState.NeedsCheck))
        {
            throw new DomainRuleException($"再送できるのは「送信失敗」または「要確認」の発信だけです（現在: {Label(State)}）。", "invalid-state");
        }
        var before = State;
        State = PublicationState.Queued;
        NextAttemptAt = at;
        if (before == PublicationState.NeedsCheck)
        {
            // A person checked the account: it did not go out. A new key, so that nothing can tie it to the lost attempt.
            IdempotencyKey = Guid.NewGuid().ToString("D");
            FirstAttemptAt = null;
        }
        ResolvedByName = by.Name;
        ResolvedAt = at;
        Version++;
        Audit(new AuditRecord("publication.retried", nameof(Publication), Id.ToString(), by.UserId, by.Name, at,
            JsonSerializer.Serialize(new { state = before.ToString() }), JsonSerializer.Serialize(new { state = State.ToString() })));
    }

    /// <summary>Staff of the section found it on the platform (要確認 → 送信済): its address is recorded.</summary>
    public void ConfirmSent(Actor by, string platformPostId, string platformUrl, DateTimeOffset at)
    {
        RequireStaff(by);
        if (State != PublicationState.NeedsCheck)
        {
            throw new DomainRuleException($"送信されたことを確認済みにできるのは「要確認」の発信だけです（現在: {Label(State)}）。", "invalid-state");
        }
        State = PublicationState.Sent;
        PlatformPostId = platformPostId;
        PlatformUrl = platformUrl;
        SentAt = at;
        ResolvedByName = by.Name;
        ResolvedAt = at;
        Version++;
        Audit(new AuditRecord("publication.confirmed-sent", nameof(Publication), Id.ToString(), by.UserId, by.Name, at, null,
            JsonSerializer.Serialize(new { postId = PostId, platformPostId, platformUrl })));
    }

    /// <summary>Called off before it went out (a held post cancelled, the post no longer approved).</summary>
    public void Cancel(string actorId, string actorName, string reason, DateTimeOffset at)
    {
        if (State is PublicationState.Sent or PublicationState.Cancelled)
        {
            return;
        }
        State = PublicationState.Cancelled;
        LastError = Trim(reason);
        ReleaseLease();
        Version++;
        Audit(new AuditRecord("publication.cancelled", nameof(Publication), Id.ToString(), actorId, actorName, at, null,
            JsonSerializer.Serialize(new { postId = PostId }), reason));
    }

    public static string Label(PublicationState s) => s switch
    {
        PublicationState.Queued => "送信待ち",
        PublicationState.Sending => "送信中",
        PublicationState.Sent => "送信済",
        PublicationState.NeedsCheck => "要確認",
        PublicationState.Failed => "送信失敗",
        PublicationState.Cancelled => "取りやめ",
        _ => s.ToString(),
    };

    public const string SystemName = "自動処理（発信）";

    private void RequireStaff(Actor by)
    {
        if (!by.IsStaffOf(SectionId))
        {
            throw new DomainForbiddenException("発信の再送・確認は、アカウントの所属の職員が行います。");
        }
    }

    private void ReleaseLease()
    {
        LeaseOwner = null;
        LeaseUntil = null;
        Version++;
    }

    private static string Trim(string text) => text.Length > MaxError ? text[..MaxError] : text;
}
