using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Design;

namespace MuniSocial.Data;

// Used only by `dotnet ef migrations add`; each provider keeps its own migrations folder.
// Identity reads its store schema version (3: with the passkeys table) from the application's IdentityOptions, so the
// design-time context gets the same setting as IdentitySetup gives the running app.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=design-time.db")
            .UseApplicationServiceProvider(DesignTimeIdentity.Services).Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=localhost;Database=design_time")
            .UseApplicationServiceProvider(DesignTimeIdentity.Services).Options);
}

/// <summary>The services Identity's store reads its schema version from, for a context made outside the app (migrations, MigrationTests).</summary>
internal static class DesignTimeIdentity
{
    public static readonly IServiceProvider Services = new ServiceCollection()
        .Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3)
        .BuildServiceProvider();
}
