namespace MuniSocial.Features.PublicList;

/// <summary>
/// Everything the public side shows, taken at one moment: the listed accounts with their accepted policies, the closed
/// accounts and the published warnings. Every public page, the public API and verify answer from a snapshot, never from
/// a query of their own, so that one place decides how fresh it is and where it comes from.
/// </summary>
public sealed record PublicSnapshot(
    DateTimeOffset TakenAt,
    IReadOnlyList<PublicAccount> Listed,
    IReadOnlyList<ClosedAccount> Closed,
    IReadOnlyList<PublicWarningView> Warnings)
{
    /// <summary>
    /// What changed on the public side, newest first, at most <see cref="MaxChanges"/> (the Atom feed): listings, accepted
    /// policy revisions, closing requests, closings and published warnings.
    /// </summary>
    public IReadOnlyList<PublicChange> Changes { get; init; } = [];

    /// <summary>The city's name of the office settings (every page's header, staff pages too); null in a snapshot kept from before it was held.</summary>
    public string? CityName { get; init; }

    public const int MaxChanges = 100;

    /// <summary>
    /// The Japan date the snapshot was taken on. What it says about 運用期間 (<see cref="PublicAccount.PeriodEnded"/>) is true
    /// for this date only: whoever keeps a snapshot must take a new one when <see cref="IsOutdatedAt"/> says the date moved on.
    /// </summary>
    public DateOnly Date => JapanDate(TakenAt);

    /// <summary>The date in Japan (Asia/Tokyo) at <paramref name="instant"/>: the day a 運用期間 is measured against.</summary>
    public static DateOnly JapanDate(DateTimeOffset instant) => Wareki.TodayIn(instant);

    /// <summary>True when the Japan date at <paramref name="now"/> is not the snapshot's: its "period ended" marks may be wrong.</summary>
    public bool IsOutdatedAt(DateTimeOffset now) => JapanDate(now) != Date;

    public PublicAccount? FindListed(Guid id) => Listed.FirstOrDefault(a => a.Id == id);

    public ClosedAccount? FindClosed(Guid id) => Closed.FirstOrDefault(a => a.Id == id);
}

/// <summary>
/// One change citizens can follow (an Atom entry). <paramref name="Key"/> is stable and unique (e.g.
/// <c>account/{id}/policy/3</c>); <paramref name="Path"/> is the public page it concerns, relative to the site.
/// Kinds: listed, revised, closing, closed, warning.
/// </summary>
public sealed record PublicChange(string Key, string Kind, DateTimeOffset At, Guid? AccountId, string Title, string Summary, string Path);

/// <summary>Where the public side gets its snapshot.</summary>
public interface IPublicSnapshotSource
{
    ValueTask<PublicSnapshot> CurrentAsync(CancellationToken ct = default);
}
