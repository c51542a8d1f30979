using Microsoft.EntityFrameworkCore;
using MuniSocial.Data;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Infrastructure;

/// <summary>
/// The app's schema comes from migrations (one set per provider); the feature tests use EnsureCreated.
/// These tests keep the two honest: the migrations apply on a fresh database of the provider under test
/// and describe the whole current model.
/// </summary>
public sealed class MigrationTests
{
    // The context gets Identity's store schema version as the app and `dotnet ef` do (DesignTimeIdentity).
    [Fact]
    public async Task Migrations_apply_to_a_fresh_database_and_match_the_model()
    {
        var folder = Path.Combine(Path.GetTempPath(), "munisocial-migrations", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        AppDbContext db = AppFactory.UsePostgres
            ? new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>()
                .UseNpgsql($"{Environment.GetEnvironmentVariable("MUNISOCIAL_TEST_PG") ?? "Host=127.0.0.1;Port=55432;Username=postgres"};Database=ms_mig_{Guid.NewGuid():N}")
                .UseApplicationServiceProvider(DesignTimeIdentity.Services).Options)
            : new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>()
                .UseSqlite($"Data Source={Path.Combine(folder, "m.db")}").UseApplicationServiceProvider(DesignTimeIdentity.Services).Options);
        await using (db)
        {
            try
            {
                Assert.False(db.Database.HasPendingModelChanges(), "the model has changes that no migration describes: add a migration for both providers");
                await db.Database.MigrateAsync();
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
                Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
                // The schema works: the audit table and the accounts table answer queries.
                Assert.Equal(0, await db.AuditEntries.CountAsync());
                Assert.Equal(0, await db.Accounts.CountAsync());
            }
            finally
            {
                await db.Database.EnsureDeletedAsync();
            }
        }
    }
}
