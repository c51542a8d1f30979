namespace MuniSocial.Infrastructure.PublicSite;

/// <summary>
/// One row that says which version of the public data the database holds: every save that touches public data writes a
/// new <see cref="Token"/> in the same transaction (<see cref="PublicCacheInvalidation"/>), and every app instance polls it
/// to know when to take a new snapshot.
/// </summary>
public sealed class PublicSiteVersion
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public Guid Token { get; set; }

    /// <summary>When public data last changed (Last-Modified of the public answers).</summary>
    public DateTimeOffset ChangedAt { get; set; }
}
