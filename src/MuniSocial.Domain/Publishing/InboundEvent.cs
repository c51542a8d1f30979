using MuniSocial.Domain.Accounts;

namespace MuniSocial.Domain.Publishing;

/// <summary>
/// One event a platform pushed to us (a LINE webhook event), stored raw before it is answered so that nothing the
/// platform delivered is lost, then turned into a comment in the inbox by the processor. One row per
/// (account, platform event id): a redelivered event is stored once.
/// </summary>
public sealed class InboundEvent
{
    public const int MaxRaw = 100_000;

    private InboundEvent() { }

    public InboundEvent(Guid accountId, Platform platform, string eventId, string rawJson, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        AccountId = accountId;
        Platform = platform;
        EventId = eventId;
        RawJson = rawJson;
        ReceivedAt = at;
    }

    public Guid Id { get; private set; }
    public Guid AccountId { get; private set; }
    public Platform Platform { get; private set; }

    /// <summary>The platform's id of the event (LINE <c>webhookEventId</c>).</summary>
    public string EventId { get; private set; } = "";
    public string RawJson { get; private set; } = "";
    public DateTimeOffset ReceivedAt { get; private set; }
    public DateTimeOffset? ProcessedAt { get; private set; }
    public int Attempts { get; private set; }
    public string? LastError { get; private set; }

    /// <summary>After a failure, when the processor tries it again (null: at once).</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }

    /// <summary>Whether the processor should take it now: not processed yet and not waiting after a failure.</summary>
    public bool IsDue(DateTimeOffset now) => ProcessedAt is null && (NextAttemptAt is null || NextAttemptAt <= now);

    /// <summary>The comment it became, if it was a user's message.</summary>
    public Guid? CommentId { get; private set; }

    public void MarkProcessed(Guid? commentId, DateTimeOffset at)
    {
        Attempts++;
        ProcessedAt = at;
        CommentId = commentId;
        LastError = null;
        NextAttemptAt = null;
    }

    /// <summary>
    /// Once processed, the user's message lives in the comment (and leaves with it under the comments' retention): the raw
    /// event keeps only what <paramref name="keptJson"/> holds (its type, id and time), enough to recognise a redelivery.
    /// </summary>
    public void ForgetContent(string keptJson)
    {
        if (ProcessedAt is null)
        {
            throw new InvalidOperationException("An event's content is kept until it has been processed.");
        }
        RawJson = keptJson;
    }

    public void MarkFailed(string error, DateTimeOffset at)
    {
        Attempts++;
        LastError = error.Length > 1000 ? error[..1000] : error;
        NextAttemptAt = at + Backoff(Attempts);
    }

    /// <summary>30 s, 1, 2, 4 … minutes after the n-th failure, at most an hour.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(30 * Math.Pow(2, Math.Max(0, attempts - 1)), 3600));
}
