using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace MuniSocial.Infrastructure.Seeding;

/// <summary>At every start: the reference data every database needs, then, in demo mode only, the demo data once.</summary>
public static class Seed
{
    public static async Task RunAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<AppDbContext>();
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
        await ReferenceData.EnsureAsync(db, sp.GetRequiredService<RoleManager<IdentityRole>>(), now);
        if (sp.GetRequiredService<IOptions<DemoOptions>>().Value.Enabled && !await db.Users.AnyAsync(u => u.IsDemo))
        {
            await DemoData.SeedAsync(sp, db, now);
        }
    }
}
