using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Infrastructure.PublicSite;

/// <summary>
/// Disaster mode on SQLite: the database file is replaced by one that cannot be read (as a broken disk would leave it);
/// the public side answers from the snapshot with its line, staff pages answer 503, and when the file is back all
/// recovers by itself. Only on SQLite (the PostgreSQL case is <see cref="DisasterModeTests"/>).
/// </summary>
public sealed class SqliteDisasterModeTests : IAsyncLifetime
{
    private const string Notice = "システムの障害のため最新でない可能性があります";
    private readonly FastPollFactory _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task With_the_database_file_unreadable_the_public_side_answers_from_the_snapshot_then_recovers()
    {
        if (AppFactory.UsePostgres)
        {
            return; // This case is about the SQLite file; DisasterModeTests stops a PostgreSQL server.
        }
        var policy = Given.Policy("ファイル障害テスト" + Guid.NewGuid().ToString("N")[..6]);
        var id = await _app.ListedAccountAsync(policy);
        var citizen = _app.Anonymous();
        var staff = await _app.SignInAsync("demo-pr");
        Assert.DoesNotContain(Notice, await citizen.GetStringAsync("/"), StringComparison.Ordinal);

        var file = new SqliteConnectionStringBuilder(_app.ConnectionString).DataSource;
        var aside = file + ".aside";
        string[] suffixes = ["", "-wal", "-shm"];
        SqliteConnection.ClearAllPools();
        foreach (var s in suffixes.Where(s => File.Exists(file + s)))
        {
            File.Move(file + s, aside + s);
        }
        await File.WriteAllBytesAsync(file, Enumerable.Repeat((byte)0x5A, 8192).ToArray());
        try
        {
            Assert.True(await EventuallyAsync(async () =>
            {
                SqliteConnection.ClearAllPools();
                return (await citizen.GetStringAsync("/")).Contains(Notice, StringComparison.Ordinal);
            }), "the list did not go into disaster mode");
            Assert.Contains(policy.AccountName!, await citizen.GetStringAsync("/"), StringComparison.Ordinal);
            Assert.Contains(Notice, await citizen.GetStringAsync($"/policies/{id}"), StringComparison.Ordinal);
            Assert.Contains("名寄市の公式アカウントです", await citizen.GetStringAsync("/verify?url=" + Uri.EscapeDataString(policy.AccountUrl!)), StringComparison.Ordinal);
            var staffPage = await staff.GetAsync("/accounts");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, staffPage.StatusCode);
            Assert.Contains("データベースに接続できません", await staffPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
            foreach (var s in suffixes.Where(s => File.Exists(aside + s)))
            {
                File.Move(aside + s, file + s, overwrite: true);
            }
            SqliteConnection.ClearAllPools();
        }
        Assert.True(await EventuallyAsync(async () =>
        {
            SqliteConnection.ClearAllPools();
            return !(await citizen.GetStringAsync("/")).Contains(Notice, StringComparison.Ordinal);
        }), "the list did not recover");
        Assert.True(await EventuallyAsync(async () => (await staff.GetAsync("/accounts")).StatusCode == HttpStatusCode.OK), "the staff pages did not recover");
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (await condition())
            {
                return true;
            }
            await Task.Delay(100);
        }
        return false;
    }

    private sealed class FastPollFactory : AppFactory
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["PublicSite:PollInterval"] = "00:00:00.2" };
    }
}
