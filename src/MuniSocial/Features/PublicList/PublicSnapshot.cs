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
    public PublicAccount? FindListed(Guid id) => Listed.FirstOrDefault(a => a.Id == id);
}

/// <summary>Where the public side gets its snapshot.</summary>
public interface IPublicSnapshotSource
{
    ValueTask<PublicSnapshot> CurrentAsync(CancellationToken ct = default);
}

/// <summary>Takes a snapshot from the database on each call.</summary>
public sealed class DatabasePublicSnapshotSource(IServiceScopeFactory scopes, TimeProvider clock) : IPublicSnapshotSource
{
    public async ValueTask<PublicSnapshot> CurrentAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var q = scope.ServiceProvider.GetRequiredService<PublicQueries>();
        return await q.SnapshotAsync(clock.GetUtcNow(), ct);
    }
}
