using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Data;
using MuniSocial.Domain.Audit;
using MuniSocial.Features.Audit;
using MuniSocial.Jobs;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Infrastructure;

/// <summary>
/// Two app instances on one database in process (each with a data folder of its own, as two servers behind a load
/// balancer), at the level below HTTP: audit appends saved from both at once never clash (PostgreSQL: an advisory lock in
/// the save; SQLite: its single writer — so this runs on both providers), and <c>JobRunner.RunOnceAsync</c> raced on both
/// runs a job once. Through HTTP — two real Kestrel servers behind a real nginx: cookies, tokens and antiforgery tokens
/// across instances, forwarded headers, the outbox, the schedulers, audit appends through the API — see <see cref="BehindNginxTests"/>.
/// </summary>
public sealed class TwoInstancesTests : IAsyncLifetime
{
    private readonly AppFactory _first = new();
    private AppFactory _second = null!;

    public async Task InitializeAsync()
    {
        await _first.InitializeAsync();
        _second = new SecondInstance(_first);
        await _second.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_second).DisposeAsync();
        await ((IAsyncLifetime)_first).DisposeAsync();
    }

    [Fact]
    public async Task Concurrent_audit_saves_on_both_instances_all_land_and_the_chain_verifies()
    {
        var before = await _first.DbAsync(db => db.AuditEntries.CountAsync());
        var start = new TaskCompletionSource();
        var saves = Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            var app = i % 2 == 0 ? _first : _second;
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            _ = await db.AuditEntries.CountAsync();
            await start.Task;
            db.AddAudit(new AuditRecord("test.two-instances", "Test", i.ToString(System.Globalization.CultureInfo.InvariantCulture), "system", "テスト", app.Clock.GetUtcNow()));
            db.AddAudit(new AuditRecord("test.two-instances", "Test", i + "-2", "system", "テスト", app.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        })).ToList();
        start.SetResult();
        await Task.WhenAll(saves);

        Assert.Equal(before + 80, await _first.DbAsync(db => db.AuditEntries.CountAsync()));
        var report = await _second.DbAsync(db => AuditQuery.VerifyAsync(db, CancellationToken.None));
        Assert.True(report.IsIntact, report.Problem);
    }

    [Fact]
    public async Task A_daily_job_started_on_both_instances_at_once_runs_once()
    {
        if (!AppFactory.UsePostgres)
        {
            return; // SQLite is one instance (one file, one process): the lock between servers is PostgreSQL's advisory lock.
        }
        var today = MuniSocial.Domain.Wareki.TodayIn(_first.Clock.GetUtcNow());
        var runs = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() =>
            (i % 2 == 0 ? _first : _second).Services.GetRequiredService<JobRunner>().RunOnceAsync(CommentRetentionJob.Name, "schedule", today, CancellationToken.None))));
        Assert.Single(runs, r => r is not null);
        Assert.Equal(1, await _first.DbAsync(db => db.JobRuns.CountAsync(r => r.Job == CommentRetentionJob.Name)));
    }

    private sealed class SecondInstance(AppFactory first) : AppFactory(first, sameFolder: false);
}
