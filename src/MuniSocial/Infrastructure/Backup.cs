using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace MuniSocial.Infrastructure;

/// <summary>Where the backup finds the database and the files, and the PostgreSQL tools (Backup:PgDump, Backup:PgRestore).</summary>
public sealed record BackupSource(DatabaseProvider Provider, string ConnectionString, string DataRoot, string PgDump = "pg_dump", string PgRestore = "pg_restore")
{
    public static BackupSource From(IConfiguration configuration, DataFolder data)
    {
        var (provider, connection) = StorageSetup.DatabaseOf(configuration, data);
        return new BackupSource(provider, connection, data.Root,
            configuration["Backup:PgDump"] is { Length: > 0 } dump ? dump : "pg_dump",
            configuration["Backup:PgRestore"] is { Length: > 0 } restore ? restore : "pg_restore");
    }
}

public sealed record BackupFileEntry(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("sha256")] string Sha256);

public sealed record BackupManifest(
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("createdAt")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("provider")] string Provider,
    [property: JsonPropertyName("database")] string Database,
    [property: JsonPropertyName("auditHeadSequence")] long? AuditHeadSequence,
    [property: JsonPropertyName("auditHeadHash")] string? AuditHeadHash,
    [property: JsonPropertyName("files")] IReadOnlyList<BackupFileEntry> Files)
{
    public const string CurrentFormat = "munisocial-backup-v1";
}

/// <summary>
/// <c>backup &lt;file&gt;</c> and <c>restore &lt;file&gt;</c>: one zip with the database (SQLite through its online backup API while
/// the app writes; PostgreSQL through <c>pg_dump</c> in custom format), the files of the data folder (the posts' media; issued
/// documents are in the database), and <c>manifest.json</c> (the SHA-256 of each file and the audit chain's head at the time).
/// Not in it, on purpose: the key folder (Audit:ChainKey, DataProtection:KeyEncryptionKey) — kept and restored separately; the
/// Data Protection key ring is in the database, encrypted under the key encryption key, so a backup alone does not open it.
/// Restore only into an empty data folder and an empty database.
/// </summary>
public static class Backup
{
    private const string ManifestName = "manifest.json";
    private const string FilesPrefix = "files/";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Files of the data folder that are not data: the SQLite database (copied through the backup API) and caches.</summary>
    private static bool IsDataFile(string relative) =>
        !relative.StartsWith("munisocial.db", StringComparison.Ordinal)
        && !relative.EndsWith(".db", StringComparison.Ordinal) && !relative.EndsWith(".db-wal", StringComparison.Ordinal) && !relative.EndsWith(".db-shm", StringComparison.Ordinal)
        && relative != "public-snapshot.json";

    public static async Task<BackupManifest> CreateAsync(BackupSource source, string archivePath, TimeProvider clock, CancellationToken ct = default)
    {
        var work = Directory.CreateTempSubdirectory("munisocial-backup-").FullName;
        try
        {
            string databaseName;
            (long Sequence, string Hash)? head;
            if (source.Provider == DatabaseProvider.Sqlite)
            {
                databaseName = "database/munisocial.db";
                var copy = Path.Combine(work, "munisocial.db");
                // The online backup API copies a consistent snapshot while other connections keep writing.
                await using (var live = new SqliteConnection(source.ConnectionString))
                await using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString()))
                {
                    await live.OpenAsync(ct);
                    await target.OpenAsync(ct);
                    live.BackupDatabase(target);
                }
                await using (var check = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString()))
                {
                    await check.OpenAsync(ct);
                    head = await HeadAsync(check, ct);
                }
                await CompactAsync(copy, ct);
            }
            else
            {
                databaseName = "database/postgres.dump";
                // pg_dump takes its own snapshot; the head read just before is therefore in the dump (it may hold later entries too).
                await using (var connection = new NpgsqlConnection(source.ConnectionString))
                {
                    await connection.OpenAsync(ct);
                    head = await HeadAsync(connection, ct);
                }
                await PgAsync(source.PgDump, source.ConnectionString, ["--format=custom", "--no-owner", "--no-privileges", "--file", Path.Combine(work, "postgres.dump")], ct);
            }

            var entries = new List<BackupFileEntry>();
            await using (var zipStream = new FileStream(archivePath, FileMode.CreateNew, FileAccess.Write))
            await using (var zip = new ZipArchive(zipStream, ZipArchiveMode.Create))
            {
                entries.Add(await AddAsync(zip, Path.Combine(work, Path.GetFileName(databaseName)), databaseName, ct));
                foreach (var file in Directory.EnumerateFiles(source.DataRoot, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    var relative = Path.GetRelativePath(source.DataRoot, file).Replace('\\', '/');
                    if (IsDataFile(relative))
                    {
                        entries.Add(await AddAsync(zip, file, FilesPrefix + relative, ct));
                    }
                }
                var manifest = new BackupManifest(BackupManifest.CurrentFormat, clock.GetUtcNow(), source.Provider.ToString(), databaseName,
                    head?.Sequence, head?.Hash, entries);
                await using var writer = zip.CreateEntry(ManifestName).Open();
                await JsonSerializer.SerializeAsync(writer, manifest, Json, ct);
                return manifest;
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// Restores <paramref name="archivePath"/> into <paramref name="target"/>: refuses a non-empty data folder or database, checks
    /// every file against the manifest before anything is written. Returns the manifest, or throws <see cref="BackupException"/>
    /// with a Japanese message.
    /// </summary>
    public static async Task<BackupManifest> RestoreAsync(BackupSource target, string archivePath, CancellationToken ct = default)
    {
        if (!File.Exists(archivePath))
        {
            throw new BackupException($"バックアップファイル {archivePath} がありません。");
        }
        await using var zip = await ZipFile.OpenReadAsync(archivePath, ct);
        var manifestEntry = zip.GetEntry(ManifestName) ?? throw new BackupException($"{archivePath} には {ManifestName} がありません（MuniSocial のバックアップではありません）。");
        BackupManifest manifest;
        await using (var stream = await manifestEntry.OpenAsync(ct))
        {
            manifest = await JsonSerializer.DeserializeAsync<BackupManifest>(stream, cancellationToken: ct)
                ?? throw new BackupException($"{ManifestName} を読めません。");
        }
        if (manifest.Format != BackupManifest.CurrentFormat)
        {
            throw new BackupException($"このバックアップの形式（{manifest.Format}）には対応していません。");
        }
        if (!string.Equals(manifest.Provider, target.Provider.ToString(), StringComparison.Ordinal))
        {
            throw new BackupException($"このバックアップは {manifest.Provider} のものです。復元先は {target.Provider} です。");
        }
        // Every file is checked before anything is written: a damaged archive leaves the target untouched.
        foreach (var file in manifest.Files)
        {
            var entry = zip.GetEntry(file.Path) ?? throw new BackupException($"{file.Path} がバックアップにありません。");
            await using var stream = await entry.OpenAsync(ct);
            var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
            if (hash != file.Sha256)
            {
                throw new BackupException($"{file.Path} のSHA-256がマニフェストと一致しません（バックアップが壊れているか、書き換えられています）。");
            }
        }
        if (Directory.Exists(target.DataRoot) && Directory.EnumerateFileSystemEntries(target.DataRoot).Any())
        {
            throw new BackupException($"復元先のデータフォルダ {target.DataRoot} が空ではありません。空のフォルダを指定してください（既存のデータは上書きしません）。");
        }
        if (target.Provider == DatabaseProvider.Sqlite)
        {
            var path = Path.GetFullPath(new SqliteConnectionStringBuilder(target.ConnectionString).DataSource);
            if (File.Exists(path) && new FileInfo(path).Length > 0)
            {
                throw new BackupException($"復元先のデータベース {path} が既にあります。空の場所を指定してください。");
            }
        }
        else
        {
            await using var connection = new NpgsqlConnection(target.ConnectionString);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", connection);
            if (Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) > 0)
            {
                throw new BackupException($"復元先のデータベース {connection.Database} にテーブルがあります。空のデータベースを指定してください。");
            }
        }

        Directory.CreateDirectory(target.DataRoot);
        foreach (var file in manifest.Files.Where(f => f.Path.StartsWith(FilesPrefix, StringComparison.Ordinal)))
        {
            var destination = Path.GetFullPath(Path.Combine(target.DataRoot, file.Path[FilesPrefix.Length..]));
            if (!destination.StartsWith(Path.GetFullPath(target.DataRoot) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new BackupException($"{file.Path} はデータフォルダの外を指しています。");
            }
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            await zip.GetEntry(file.Path)!.ExtractToFileAsync(destination, overwrite: false, ct);
        }
        var database = zip.GetEntry(manifest.Database) ?? throw new BackupException($"{manifest.Database} がバックアップにありません。");
        if (target.Provider == DatabaseProvider.Sqlite)
        {
            var path = Path.GetFullPath(new SqliteConnectionStringBuilder(target.ConnectionString).DataSource);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await database.ExtractToFileAsync(path, overwrite: true, ct);
        }
        else
        {
            var dump = Path.Combine(Path.GetTempPath(), "munisocial-restore-" + Guid.NewGuid().ToString("N") + ".dump");
            try
            {
                await database.ExtractToFileAsync(dump, ct);
                await PgAsync(target.PgRestore, target.ConnectionString, ["--no-owner", "--no-privileges", "--exit-on-error", dump], ct);
            }
            finally
            {
                File.Delete(dump);
            }
        }
        return manifest;
    }

    private static async Task<BackupFileEntry> AddAsync(ZipArchive zip, string file, string name, CancellationToken ct)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        await using var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var output = await entry.OpenAsync(ct))
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await input.ReadAsync(buffer, ct)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                await output.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        return new BackupFileEntry(name, input.Length, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    /// <summary>The copy is a single file (no WAL) so that it can be restored by copying it.</summary>
    private static async Task CompactAsync(string copy, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString());
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=DELETE;";
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<(long, string)?> HeadAsync(System.Data.Common.DbConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Sequence\", \"Hash\" FROM \"AuditEntries\" ORDER BY \"Sequence\" DESC LIMIT 1";
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.GetString(1)) : null;
    }

    /// <summary>Runs pg_dump / pg_restore with the connection's settings (the password through PGPASSWORD, never on the command line).</summary>
    private static async Task PgAsync(string tool, string connectionString, IEnumerable<string> arguments, CancellationToken ct)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("--host=" + (csb.Host ?? "localhost"));
        start.ArgumentList.Add("--port=" + csb.Port.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(csb.Username))
        {
            start.ArgumentList.Add("--username=" + csb.Username);
        }
        start.ArgumentList.Add("--dbname=" + csb.Database);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        if (!string.IsNullOrEmpty(csb.Password))
        {
            start.Environment["PGPASSWORD"] = csb.Password;
        }
        using var process = Process.Start(start) ?? throw new BackupException($"{tool} を起動できません。");
        var stderr = process.StandardError.ReadToEndAsync(ct);
        _ = process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new BackupException($"{Path.GetFileName(tool)} が失敗しました（終了コード {process.ExitCode}）: {(await stderr).Trim()}");
        }
    }
}

/// <summary>A backup or restore that cannot be done; the message (Japanese) says why.</summary>
public sealed class BackupException(string message) : Exception(message);
