using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace MuniSocial.Infrastructure.Seeding;

/// <summary>At every start: the reference data every database needs, then, in demo mode only, the demo data once.</summary>
public static partial class Seed
{
    [LoggerMessage(EventId = 4190, Level = LogLevel.Warning,
        Message = "Demo:Enabled is true but this database already has real (non-demo) users: the demo data is NOT added. Demo mode is for an empty evaluation database only; set Demo:Enabled=false for a real one.")]
    private static partial void DemoRefused(ILogger logger);

    public static async Task RunAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<AppDbContext>();
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
        await ReferenceData.EnsureAsync(db, sp.GetRequiredService<RoleManager<IdentityRole>>(), now);
        await AppUserStore.HashPlainCodesAsync(db); // recovery codes of an earlier version, kept in plain text
        if (sp.GetRequiredService<IOptions<DemoOptions>>().Value.Enabled && !await db.Users.AnyAsync(u => u.IsDemo))
        {
            // ASVS 6.3.2: demo users (one known password) never join a database that has real users.
            if (await db.Users.AnyAsync(u => !u.IsDemo))
            {
                DemoRefused(sp.GetRequiredService<ILoggerFactory>().CreateLogger("MuniSocial.Seed"));
                return;
            }
            await DemoData.SeedAsync(sp, db, now);
        }
    }
}
