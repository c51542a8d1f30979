using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Data;
using MuniSocial.Domain.Audit;
using MuniSocial.Features.Audit;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Infrastructure;

/// <summary>
/// Saves from different contexts at the same moment — a request, the publication sender, the watch, the LINE processor —
/// each take the next places in the one audit chain: a save that lost the race for a sequence number chains again and
/// saves, instead of failing (before: UNIQUE constraint failed: AuditEntries.Sequence, a 500 or a lost job step).
/// </summary>
public sealed class AuditChainRaceTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Concurrent_saves_all_land_and_the_chain_still_verifies()
    {
        var before = await app.DbAsync(db => db.AuditEntries.CountAsync());
        var start = new TaskCompletionSource();
        var saves = Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            // Read the chain's end first, as every save does, then all write together.
            _ = await db.AuditEntries.CountAsync();
            await start.Task;
            db.AddAudit(new AuditRecord("test.race", "Test", i.ToString(System.Globalization.CultureInfo.InvariantCulture), "system", "テスト", app.Clock.GetUtcNow()));
            db.AddAudit(new AuditRecord("test.race", "Test", i + "-2", "system", "テスト", app.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        })).ToList();
        start.SetResult();
        await Task.WhenAll(saves);

        Assert.Equal(before + 24, await app.DbAsync(db => db.AuditEntries.CountAsync()));
        var report = await app.DbAsync(db => AuditQuery.VerifyAsync(db, CancellationToken.None));
        Assert.True(report.IsIntact, report.ToString());
    }
}
