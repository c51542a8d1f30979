using System.Text.Json;
using MuniSocial.Features.PublicList;

namespace MuniSocial.Infrastructure.PublicSite;

/// <summary>
/// One edition of the public side: the snapshot every public answer is made from, the database token it was taken at,
/// and whether the database could be reached when it was last checked. A new edition replaces the old one whole, and the
/// pre-rendered answers of the old one are dropped with it (<see cref="PublicResponseCache"/>).
/// </summary>
public sealed record PublicSiteEdition(
    long Number,
    PublicSnapshot Snapshot,
    Guid Token,
    DateTimeOffset LastChangedAt,
    DateTimeOffset LastModified,
    DateTimeOffset ConfirmedAt,
    DateTimeOffset? DatabaseDownSince)
{
    /// <summary>Disaster mode: the database cannot be reached; the public side answers from this (last) snapshot.</summary>
    public bool Degraded => DatabaseDownSince is not null;

    /// <summary>The line citizens read in disaster mode.</summary>
    public string DegradedNotice => $"この一覧は{Wareki.FormatDateTime(ConfirmedAt).Replace(":", "時", StringComparison.Ordinal)}分時点の情報です（システムの障害のため最新でない可能性があります）";
}

/// <summary>What is kept on local disk: the snapshot and the token it was taken at.</summary>
public sealed record StoredSnapshot(PublicSnapshot Snapshot, Guid Token, DateTimeOffset LastChangedAt, DateTimeOffset ConfirmedAt);

/// <summary>
/// The public side's one snapshot, held in memory and kept on local disk (<c>PublicSite:SnapshotPath</c>). It is taken
/// from the database at start, again after every save of public data on this instance (<see cref="Invalidate"/>, taken
/// by the next reader or by the watcher, whichever comes first), and when the watcher sees that another instance changed
/// the token. When the database cannot be reached the last snapshot stays (from memory, else from disk) and the edition
/// says since when: the public side keeps answering, with a line saying how old it is.
/// </summary>
public sealed class PublicSiteState(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration, DataFolder data, ILogger<PublicSiteState> log)
    : IPublicSnapshotSource, IDisposable
{
    private static readonly JsonSerializerOptions DiskJson = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly DateTimeOffset _startedAt = clock.GetUtcNow();
    private PublicSiteEdition? _edition;
    private long _changes;
    private long _changesTaken = -1;
    private long _editions;

    /// <summary>Raised after a new edition replaced the old one.</summary>
    public event Action<PublicSiteEdition>? Changed;

    /// <summary>The current edition, or null before the first snapshot.</summary>
    public PublicSiteEdition? Current => Volatile.Read(ref _edition);

    /// <summary>Where the snapshot is kept on disk.</summary>
    public string SnapshotPath { get; } = configuration["PublicSite:SnapshotPath"] is { Length: > 0 } p ? Path.GetFullPath(p) : data.PathOf("public-snapshot.json");

    /// <summary>Whether a save on this instance changed public data since the current snapshot was taken.</summary>
    public bool Dirty => Volatile.Read(ref _changes) != Volatile.Read(ref _changesTaken);

    public async ValueTask<PublicSnapshot> CurrentAsync(CancellationToken ct = default) => (await EditionAsync(ct)).Snapshot;

    /// <summary>
    /// The edition to answer from: the current one, or a new one first when this instance saved a change since. In
    /// disaster mode the current one at once (the watcher finds out when the database is back).
    /// </summary>
    public async ValueTask<PublicSiteEdition> EditionAsync(CancellationToken ct = default)
    {
        var edition = Current;
        if (edition is not null && (edition.Degraded || !Dirty))
        {
            return edition;
        }
        await RefreshAsync(force: false, ct);
        return Current ?? throw new DatabaseUnavailableException("公開用のスナップショットがなく、データベースにも接続できません。");
    }

    /// <summary>Tells this instance that public data changed (after the save).</summary>
    public void Invalidate() => Interlocked.Increment(ref _changes);

    /// <summary>
    /// Takes a new snapshot from the database (unless one is already being taken that covers every change so far, and
    /// <paramref name="force"/> is not set). On failure the edition stays and goes into disaster mode.
    /// </summary>
    public async Task RefreshAsync(bool force, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var changes = Volatile.Read(ref _changes);
            if (!force && Current is { Degraded: false } && changes == _changesTaken)
            {
                return;
            }
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                // The token first: a change saved between the two reads leaves the old token here, so the watcher takes
                // the snapshot again; never a new token with an old snapshot.
                var version = await ReadVersionAsync(db, ct);
                var now = clock.GetUtcNow();
                var snapshot = await scope.ServiceProvider.GetRequiredService<PublicQueries>().SnapshotAsync(now, ct);
                var previous = Current;
                // Last-Modified moves with the data, and also when this process starts or the database comes back (the pages
                // may differ then even though the data did not).
                var lastModified = Max(version.ChangedAt, previous is null ? _startedAt : previous.Degraded ? now : previous.LastModified);
                Publish(new PublicSiteEdition(Interlocked.Increment(ref _editions), snapshot, version.Token, version.ChangedAt, lastModified, now, null));
                _changesTaken = changes;
                await WriteToDiskAsync(new StoredSnapshot(snapshot, version.Token, version.ChangedAt, now));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                EnterDisasterMode(ex);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The watcher's check: the database's token, and a new snapshot if it is not the one held.</summary>
    public async Task CheckAsync(CancellationToken ct)
    {
        PublicSiteVersion version;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            version = await ReadVersionAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            await _gate.WaitAsync(ct);
            try
            {
                EnterDisasterMode(ex);
            }
            finally
            {
                _gate.Release();
            }
            return;
        }
        var current = Current;
        // A new Japan date changes what the pages say (運用期間を過ぎています) without any save: a new snapshot then too.
        var stale = current is null || current.Degraded || current.Token != version.Token || current.Snapshot.IsOutdatedAt(clock.GetUtcNow());
        if (current is null || stale || Dirty)
        {
            await RefreshAsync(force: stale, ct);
        }
        else
        {
            // Still the same data: only the time it was last confirmed moves on (kept in memory; the disk keeps the time
            // of the last snapshot taken).
            Volatile.Write(ref _edition, current with { ConfirmedAt = clock.GetUtcNow() });
        }
    }

    /// <summary>Called by the error handler when a request found the database down before the watcher did.</summary>
    public void ReportDatabaseDown(Exception ex)
    {
        if (Current is { Degraded: true } || !_gate.Wait(0))
        {
            return;
        }
        try
        {
            EnterDisasterMode(ex);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<PublicSiteVersion> ReadVersionAsync(AppDbContext db, CancellationToken ct) =>
        await db.PublicSiteVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == PublicSiteVersion.SingletonId, ct)
        ?? new PublicSiteVersion { Token = Guid.Empty, ChangedAt = DateTimeOffset.UnixEpoch };

    private void EnterDisasterMode(Exception ex)
    {
        var now = clock.GetUtcNow();
        var current = Current;
        if (current is { Degraded: true })
        {
            return;
        }
        log.LogError(ex, "The public snapshot could not be taken from the database; the public side answers from the last snapshot.");
        if (current is null && ReadFromDisk() is { } stored)
        {
            Publish(new PublicSiteEdition(Interlocked.Increment(ref _editions), stored.Snapshot, stored.Token, stored.LastChangedAt, now, stored.ConfirmedAt, now));
        }
        else if (current is not null)
        {
            Publish(current with { Number = Interlocked.Increment(ref _editions), DatabaseDownSince = now, LastModified = now });
        }
    }

    private void Publish(PublicSiteEdition edition)
    {
        Volatile.Write(ref _edition, edition);
        if (edition.Degraded)
        {
            log.LogWarning("Public side in disaster mode since {Since}: answering from the snapshot of {ConfirmedAt}.", edition.DatabaseDownSince, edition.ConfirmedAt);
        }
        Changed?.Invoke(edition);
    }

    /// <summary>Atomic: a temporary file beside it, then a rename, so a reader never sees half a file.</summary>
    private async Task WriteToDiskAsync(StoredSnapshot stored)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(SnapshotPath)!);
            var temp = $"{SnapshotPath}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            await using (var file = File.Create(temp))
            {
                await JsonSerializer.SerializeAsync(file, stored, DiskJson);
            }
            File.Move(temp, SnapshotPath, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.LogWarning(ex, "The public snapshot could not be written to {Path}.", SnapshotPath);
        }
    }

    /// <summary>The snapshot kept on disk, or null when there is none (or it cannot be read).</summary>
    public StoredSnapshot? ReadFromDisk()
    {
        try
        {
            using var file = File.OpenRead(SnapshotPath);
            return JsonSerializer.Deserialize<StoredSnapshot>(file, DiskJson);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            log.LogWarning(ex, "No public snapshot could be read from {Path}.", SnapshotPath);
            return null;
        }
    }

    public void Dispose() => _gate.Dispose();

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}

/// <summary>The database cannot be reached and there is nothing to answer from.</summary>
public sealed class DatabaseUnavailableException(string message) : Exception(message);
