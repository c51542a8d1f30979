using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;

namespace MuniSocial.Infrastructure;

/// <summary>Where the app keeps its files: ./data, or the folder named by MUNISOCIAL_DATA.</summary>
public sealed class DataFolder
{
    public DataFolder(IConfiguration configuration)
    {
        var configured = Environment.GetEnvironmentVariable("MUNISOCIAL_DATA") is { Length: > 0 } env ? env : configuration["DataFolder"];
        Root = Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? Path.Combine(Directory.GetCurrentDirectory(), "data") : configured);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public static class StorageSetup
{
    /// <summary>SQLite file by default; PostgreSQL with Database__Provider=Postgres and ConnectionStrings__Default.</summary>
    /// <summary>
    /// The database the configuration names: <c>Database:Provider</c> (SQLite by default) and <c>ConnectionStrings:Default</c>
    /// (for SQLite, default <c>munisocial.db</c> in the data folder). The app and <c>backup</c>/<c>restore</c> ask here.
    /// </summary>
    public static (DatabaseProvider Provider, string ConnectionString) DatabaseOf(IConfiguration configuration, DataFolder data)
    {
        var provider = configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite);
        var connectionString = configuration.GetConnectionString("Default");
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return (provider, connectionString);
        }
        return provider == DatabaseProvider.Postgres
            ? throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Default is not set.")
            : (provider, new SqliteConnectionStringBuilder { DataSource = data.PathOf("munisocial.db"), DefaultTimeout = 30 }.ToString());
    }

    public static void AddStorage(this WebApplicationBuilder builder)
    {
        var data = new DataFolder(builder.Configuration);
        builder.Services.AddSingleton<PublicCacheInvalidation>();
        builder.Services.AddSingleton(data);
        // The audit chain key and the key ring's encryption key: outside the database and the data folder (see SecretKeys).
        var keys = Keys.SecretKeys.Load(builder.Configuration, builder.Environment, data);
        builder.Services.AddSingleton(keys);
        builder.Services.AddSingleton(keys.Chain);
        var (provider, connectionString) = DatabaseOf(builder.Configuration, data);
        if (provider == DatabaseProvider.Postgres)
        {
            builder.Services.AddDbContext<AppDbContext, PostgresAppDbContext>((sp, o) => o.UseNpgsql(connectionString, n => n.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)).AddInterceptors(sp.GetRequiredService<PublicCacheInvalidation>()));
            builder.Services.AddDbContext<DataProtectionKeysContext>(o => o.UseNpgsql(connectionString));
        }
        else
        {
            var sqlite = connectionString;
            builder.Services.AddDbContext<AppDbContext, SqliteAppDbContext>((sp, o) => o.UseSqlite(sqlite, n => n.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)).AddInterceptors(sp.GetRequiredService<PublicCacheInvalidation>()));
            builder.Services.AddDbContext<DataProtectionKeysContext>(o => o.UseSqlite(sqlite));
        }
        // The key ring lives in the database (the table of AppDbContext, written through its own small context), so that every app instance reads the connectors' secrets (and the
        // cookies) the others protected; a key ring in one instance's data folder would not be shared. Each key is encrypted at rest
        // under DataProtection:KeyEncryptionKey, which is not in the database (nor in a backup of it).
        builder.Services.AddDataProtection()
            .SetApplicationName("MuniSocial")
            .PersistKeysToDbContext<DataProtectionKeysContext>();
        builder.Services.Configure<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>(o =>
            o.XmlEncryptor = new Keys.KeyRingXmlEncryptor(keys));
    }

    /// <summary>Brings the schema up to date: migrations normally, EnsureCreated only when tests ask for it.</summary>
    public static async Task InitialiseDatabaseAsync(this IServiceProvider services, IConfiguration configuration)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (configuration.GetValue<bool>("Database:EnsureCreatedForTests"))
        {
            await db.Database.EnsureCreatedAsync();
        }
        else
        {
            await db.Database.MigrateAsync();
        }
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
    }
}
