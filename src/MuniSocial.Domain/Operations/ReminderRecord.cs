namespace MuniSocial.Domain.Operations;

/// <summary>The kinds of reminder (e-mail and the staff home page).</summary>
public static class ReminderKinds
{
    public const string OperatorDigest = "digest.operator";
    public const string HeadDigest = "digest.head";
    public const string PrSummary = "digest.pr";
    public const string PeriodEnd30 = "period-end.30";
    public const string PeriodEnd7 = "period-end.7";
    public const string PeriodEnd1 = "period-end.1";
    public const string Overdue = "overdue";

    /// <summary>A formal answer promised by an interim answer is past its due date (the occasion is the due date).</summary>
    public const string FormalAnswerOverdue = "comment.formal-answer-overdue";

    /// <summary>The period-end reminder due with <paramref name="daysLeft"/> days left: the smallest threshold reached.</summary>
    public static string? PeriodEndKind(int daysLeft) => daysLeft switch
    {
        < 0 => null,
        <= 1 => PeriodEnd1,
        <= 7 => PeriodEnd7,
        <= 30 => PeriodEnd30,
        _ => null,
    };
}

/// <summary>
/// One reminder occasion: (kind, account, recipient, date). The row is inserted — and its unique key
/// claimed — before the e-mail is sent, so that a job that runs twice, or on two servers at once,
/// sends each reminder once.
/// </summary>
public sealed class ReminderRecord
{
    private ReminderRecord() { }

    public ReminderRecord(string kind, Guid? accountId, string recipientUserId, DateOnly occasion, string subject, DateTimeOffset at)
    {
        Kind = kind;
        AccountId = accountId;
        RecipientUserId = recipientUserId;
        Occasion = occasion;
        Key = KeyOf(kind, accountId, recipientUserId, occasion);
        Subject = subject;
        CreatedAt = at;
        Outcome = "claimed";
    }

    /// <summary>The unique occasion key (primary key).</summary>
    public string Key { get; private set; } = "";
    public string Kind { get; private set; } = "";
    public Guid? AccountId { get; private set; }
    public string RecipientUserId { get; private set; } = "";

    /// <summary>The date the reminder is for: the day for daily ones, the period end for period-end ones.</summary>
    public DateOnly Occasion { get; private set; }
    public string Subject { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>claimed / sent / no-address / mail-off / failed: …</summary>
    public string Outcome { get; private set; } = "";

    public static string KeyOf(string kind, Guid? accountId, string recipientUserId, DateOnly occasion) =>
        $"{kind}|{(accountId is { } id ? id.ToString("N") : "-")}|{recipientUserId}|{occasion:yyyy-MM-dd}";

    public void MarkSent(DateTimeOffset at)
    {
        SentAt = at;
        Outcome = "sent";
    }

    public void MarkNotSent(string outcome) => Outcome = outcome.Length > 400 ? outcome[..400] : outcome;
}
