using System.Data.Common;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Data;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Infrastructure.PublicSite;

/// <summary>
/// Issue 12 item 3: a flood of distinct addresses on verify (the page and the API) never reads the database — every
/// check is answered from the snapshot in memory. Counted with a command interceptor on the app's own DbContext; the
/// watcher's poll is set to an hour so that only requests could read.
/// </summary>
public sealed class PublicVerifyFloodTests : IAsyncLifetime
{
    private readonly CountingFactory _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task Two_hundred_distinct_verify_checks_read_the_database_zero_times()
    {
        var client = _app.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode); // the first snapshot is taken
        var before = _app.Commands.Count;
        for (var i = 0; i < 100; i++)
        {
            var api = await client.GetAsync("/api/public/verify?url=" + Uri.EscapeDataString($"https://x.com/flood_{i}_{Guid.NewGuid():N}"));
            Assert.Equal(HttpStatusCode.OK, api.StatusCode);
            var page = await client.GetAsync("/verify?url=" + Uri.EscapeDataString($"＠flood_page_{i}_{Guid.NewGuid():N}"));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
        Assert.Equal(before, _app.Commands.Count);

        // The counter counts: a change saved on this instance is read into a new snapshot on the next request.
        var policy = Given.Policy();
        await _app.ListedAccountAsync(policy);
        var afterChange = _app.Commands.Count;
        var verdict = await client.GetStringAsync("/api/public/verify?url=" + Uri.EscapeDataString(policy.AccountUrl!));
        Assert.Contains("\"official\"", verdict, StringComparison.Ordinal);
        Assert.True(_app.Commands.Count > afterChange);
    }

    private sealed class CommandCounter : DbCommandInterceptor
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    private sealed class CountingFactory : AppFactory
    {
        public CommandCounter Commands { get; } = new();

        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["PublicSite:PollInterval"] = "01:00:00" };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                services.ConfigureDbContext<SqliteAppDbContext>(o => o.AddInterceptors(Commands));
                services.ConfigureDbContext<PostgresAppDbContext>(o => o.AddInterceptors(Commands));
            });
        }
    }
}
