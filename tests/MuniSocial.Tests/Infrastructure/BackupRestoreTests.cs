using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Audit;
using MuniSocial.Features.Audit;
using MuniSocial.Infrastructure;
using MuniSocial.Infrastructure.Connectors;
using MuniSocial.Tests.Support;
using Npgsql;

namespace MuniSocial.Tests.Infrastructure;

/// <summary>
/// backup while the app writes, restore into an empty data folder and an empty database (SQLite file, or a second database on
/// the PostgreSQL test server through pg_dump/pg_restore) with the key folder kept apart: the same data, the documents' hashes,
/// the media files, the audit chain verifying up to the backup's head, a connector credential still decrypting.
/// </summary>
public sealed class BackupRestoreTests : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("munisocial-backup-test-").FullName;
    private readonly Source _app;

    public BackupRestoreTests() => _app = new Source(Path.Combine(_work, "keys"));

    public Task InitializeAsync() => _app.InitializeAsync();

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_app).DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold the restored file for a moment; the temp folder is cleaned by the OS.
        }
    }

    [Fact]
    public async Task A_backup_taken_while_the_app_writes_restores_the_same_data_documents_chain_and_secrets()
    {
        var listed = await _app.ListedAccountAsync(Given.Policy("バックアップ試験"));
        var line = await _app.AccountOnAsync(Platform.Line);
        var put = await (await _app.ApiAsync("demo-head")).PutAsJsonAsync($"/api/v1/accounts/{line}/connection",
            new { channelAccessToken = "line-token", channelSecret = "line-secret" });
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var data = _app.Services.GetRequiredService<DataFolder>();
        Directory.CreateDirectory(data.PathOf("post-media"));
        var media = RandomNumberGenerator.GetBytes(50_000);
        await File.WriteAllBytesAsync(data.PathOf("post-media", "backup-test.png"), media);
        var accounts = await _app.DbAsync(db => db.Accounts.AsNoTracking().Select(a => a.Id).OrderBy(a => a).ToListAsync());
        var documents = await _app.DbAsync(db => db.IssuedDocuments.AsNoTracking().Select(d => new { d.Id, d.Sha256Pdf, d.Sha256Docx }).ToListAsync());
        Assert.Contains(documents, d => d.Id != Guid.Empty);

        // The app keeps writing while the backup runs.
        using var stop = new CancellationTokenSource();
        var writes = 0;
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await _app.DbAsync(async db =>
                {
                    db.AddAudit(new AuditRecord("test.during-backup", "Test", writes.ToString(System.Globalization.CultureInfo.InvariantCulture), "system", "テスト", _app.Clock.GetUtcNow()));
                    await db.SaveChangesAsync();
                });
                writes++;
            }
        });
        var archive = Path.Combine(_work, "backup.zip");
        BackupManifest manifest;
        try
        {
            manifest = await Backup.CreateAsync(BackupSource.From(_app.Services.GetRequiredService<IConfiguration>(), data), archive, _app.Clock);
        }
        finally
        {
            await stop.CancelAsync();
            await writer;
        }
        Assert.True(writes > 0);
        Assert.Contains(manifest.Files, f => f.Path == "files/post-media/backup-test.png" && f.Sha256 == Convert.ToHexStringLower(SHA256.HashData(media)));
        Assert.NotNull(manifest.AuditHeadSequence);
        Assert.DoesNotContain(manifest.Files, f => f.Path.Contains("keys", StringComparison.Ordinal));

        // Restore into an empty folder and an empty database.
        var folder = Path.Combine(_work, "restored");
        var connection = await EmptyDatabaseAsync(folder);
        var target = new BackupSource(AppFactory.UsePostgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite, connection, folder);
        await Backup.RestoreAsync(target, archive);

        await using var restored = new Restored(_app.Keys, folder, connection);
        await restored.InitializeAsync();
        Assert.Equal(accounts, await restored.DbAsync(db => db.Accounts.AsNoTracking().Select(a => a.Id).OrderBy(a => a).ToListAsync()));
        foreach (var document in documents)
        {
            var copy = await restored.DbAsync(db => db.IssuedDocuments.AsNoTracking().SingleAsync(d => d.Id == document.Id));
            Assert.Equal(document.Sha256Pdf, copy.Sha256Pdf);
            Assert.Equal(document.Sha256Pdf, Convert.ToHexStringLower(SHA256.HashData(copy.Pdf)));
            Assert.Equal(document.Sha256Docx, Convert.ToHexStringLower(SHA256.HashData(copy.Docx)));
        }
        Assert.Equal(media, await File.ReadAllBytesAsync(restored.Services.GetRequiredService<DataFolder>().PathOf("post-media", "backup-test.png")));
        var report = await restored.DbAsync(db => AuditQuery.VerifyAsync(db, CancellationToken.None, new AuditAnchor(manifest.AuditHeadSequence, manifest.AuditHeadHash!)));
        Assert.True(report.IsIntact, report.Problem);
        var stored = await restored.DbAsync(db => db.AccountConnections.AsNoTracking().SingleAsync(c => c.AccountId == line));
        Assert.Equal("line-secret", restored.Services.GetRequiredService<ConnectionSecrets>().CredentialsOf(stored).Secrets["channelSecret"]);
        Assert.Contains(listed, accounts);

        // The restored app works: a page through the front door.
        var client = await restored.SignInAsync("demo-operator");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/accounts/{listed}")).StatusCode);

        // A second restore into the now non-empty folder is refused, and nothing is changed.
        var again = await Assert.ThrowsAsync<BackupException>(() => Backup.RestoreAsync(target, archive));
        Assert.Contains("が空ではありません", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_archive_is_refused_before_anything_is_written()
    {
        var archive = Path.Combine(_work, "backup.zip");
        await Backup.CreateAsync(BackupSource.From(_app.Services.GetRequiredService<IConfiguration>(), _app.Services.GetRequiredService<DataFolder>()), archive, _app.Clock);
        using (var zip = System.IO.Compression.ZipFile.Open(archive, System.IO.Compression.ZipArchiveMode.Update))
        {
            var database = zip.Entries.Single(e => e.FullName.StartsWith("database/", StringComparison.Ordinal));
            var name = database.FullName;
            database.Delete();
            await using var writer = zip.CreateEntry(name).Open();
            await writer.WriteAsync(new byte[] { 1, 2, 3 });
        }
        var folder = Path.Combine(_work, "damaged");
        var target = new BackupSource(AppFactory.UsePostgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite, "Data Source=" + Path.Combine(folder, "x.db"), folder);
        var refused = await Assert.ThrowsAsync<BackupException>(() => Backup.RestoreAsync(target, archive));
        Assert.Contains("SHA-256がマニフェストと一致しません", refused.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
    }

    /// <summary>An empty database: a SQLite file path in the restore folder, or a new database on the test server.</summary>
    private async Task<string> EmptyDatabaseAsync(string folder)
    {
        if (!AppFactory.UsePostgres)
        {
            return $"Data Source={Path.Combine(folder, "munisocial.db")};Default Timeout=30";
        }
        var name = "ms_restore_" + Guid.NewGuid().ToString("N");
        var server = new NpgsqlConnectionStringBuilder(_app.ConnectionString) { Database = "postgres", Pooling = false };
        await using (var admin = new NpgsqlConnection(server.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(_app.ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>The app with its key folder apart from the data (as in production: not in the backup).</summary>
    private sealed class Source(string keys) : AppFactory
    {
        public string Keys { get; } = keys;

        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Keys:Folder"] = Keys };
    }

    /// <summary>A new install on the restored folder and database, given the separately kept key folder.</summary>
    private sealed class Restored(string keys, string folder, string connection) : AppFactory
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Keys:Folder"] = keys };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("DataFolder", folder);
            builder.UseSetting("ConnectionStrings:Default", connection);
        }
    }
}
