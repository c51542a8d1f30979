using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Infrastructure.PublicSite;

/// <summary>
/// Issue 12 item 4, disaster mode, on a PostgreSQL server of this test's own (initdb and pg_ctl under runuser, a loopback
/// port of its own), stopped mid-run with <c>pg_ctl stop -m immediate</c>: the public list, policy pages, /closed,
/// warnings and verify keep answering from the last snapshot with the line saying when it was taken; staff pages
/// answer a plain 503 page and /api/v1 a 503 ProblemDetails; when the server is back everything recovers by itself.
/// </summary>
public sealed class DisasterModeTests : IAsyncLifetime
{
    private const string Notice = "システムの障害のため最新でない可能性があります";
    private readonly PostgresServer _server = new();
    private DisasterFactory _app = null!;

    public async Task InitializeAsync()
    {
        await _server.StartAsync();
        _app = new DisasterFactory(_server.ConnectionString);
        await _app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_app).DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task With_the_database_stopped_the_public_side_answers_from_the_snapshot_and_staff_get_503_then_all_recovers()
    {
        var policy = Given.Policy("障害時テスト" + Guid.NewGuid().ToString("N")[..6]);
        var id = await _app.ListedAccountAsync(policy);
        var citizen = _app.Anonymous();
        var staff = await _app.SignInAsync("demo-pr");
        var api = await _app.ApiAsync("demo-pr");
        Assert.DoesNotContain(Notice, await citizen.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/accounts")).StatusCode);

        await _server.StopAsync();
        Assert.True(await EventuallyAsync(async () => (await citizen.GetStringAsync("/")).Contains(Notice, StringComparison.Ordinal)),
            "the list did not go into disaster mode");

        var verifyPage = "/verify?url=" + Uri.EscapeDataString(policy.AccountUrl!);
        foreach (var path in new[] { "/", $"/policies/{id}", "/closed", "/impersonation", "/verify", verifyPage })
        {
            var response = await citizen.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            var page = await Html.ParseAsync(response);
            Assert.Contains(Notice, page.QuerySelector(".snapshot-notice")?.TextContent ?? "", StringComparison.Ordinal);
            Assert.Matches(@"この一覧は令和\d+年\d+月\d+日 \d+時\d+分時点の情報です", page.QuerySelector(".snapshot-notice")!.TextContent);
        }
        Assert.Contains(policy.AccountName!, await citizen.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.Contains("名寄市の公式アカウントです", await citizen.GetStringAsync(verifyPage), StringComparison.Ordinal);

        var list = await citizen.GetAsync("/api/public/accounts");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.True(list.Headers.Contains("X-Public-Data-As-Of"));
        Assert.Contains(policy.AccountName!, await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var verdict = JsonDocument.Parse(await citizen.GetStringAsync("/api/public/verify?url=" + Uri.EscapeDataString(policy.AccountUrl!))).RootElement;
        Assert.Equal("official", verdict.GetProperty("verdict").GetString());
        Assert.True(verdict.GetProperty("stale").GetBoolean());
        Assert.True(verdict.TryGetProperty("dataAsOf", out _));
        Assert.Contains(Notice, verdict.GetProperty("notice").GetString(), StringComparison.Ordinal);

        // Staff: a plain 503 page, and the API a 503 ProblemDetails; never a 500.
        var staffPage = await staff.GetAsync("/accounts");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, staffPage.StatusCode);
        Assert.Contains("データベースに接続できません", await staffPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var apiAnswer = await api.GetAsync("/api/v1/accounts");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, apiAnswer.StatusCode);
        var problem = JsonDocument.Parse(await apiAnswer.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("データベースに接続できません", problem.GetProperty("title").GetString());
        Assert.Equal(503, problem.GetProperty("status").GetInt32());

        await _server.StartAgainAsync();
        Assert.True(await EventuallyAsync(async () => !(await citizen.GetStringAsync("/")).Contains(Notice, StringComparison.Ordinal)),
            "the list did not recover");
        Assert.True(await EventuallyAsync(async () => (await api.GetAsync("/api/v1/accounts")).StatusCode == HttpStatusCode.OK), "the API did not recover");
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/accounts")).StatusCode);
        var after = Given.Policy("復旧後テスト" + Guid.NewGuid().ToString("N")[..6]);
        await _app.ListedAccountAsync(after);
        Assert.Contains(after.AccountName!, await citizen.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.False(JsonDocument.Parse(await citizen.GetStringAsync("/api/public/verify?url=x")).RootElement.TryGetProperty("stale", out _));
    }

    /// <summary>Polls with a deadline (generous for a loaded machine); the watcher checks every 200 ms here.</summary>
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

    private sealed class DisasterFactory(string connectionString) : AppFactory
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Default"] = connectionString,
            ["PublicSite:PollInterval"] = "00:00:00.2",
        };
    }

    /// <summary>A throwaway PostgreSQL server as ./test starts one: initdb and pg_ctl as the postgres user, 127.0.0.1 only.</summary>
    private sealed class PostgresServer : IAsyncDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "munisocial-pg-" + Guid.NewGuid().ToString("N")[..12]);
        private readonly int _port = FreePort();
        private string _bin = "";

        public string ConnectionString => $"Host=127.0.0.1;Port={_port};Username=postgres;Database=ms_disaster;Timeout=5;Command Timeout=10";

        public async Task StartAsync()
        {
            _bin = Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                    .OrderBy(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).LastOrDefault() ?? ""
                : "";
            Assert.True(_bin.Length > 0, "PostgreSQL is not installed (./test installs the Debian package postgresql)");
            Directory.CreateDirectory(_folder);
            await RunAsync("chown", "postgres:postgres", _folder);
            await RunAsync("runuser", "-u", "postgres", "--", Path.Combine(_bin, "initdb"), "-D", Path.Combine(_folder, "data"), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8");
            await StartAgainAsync();
        }

        public Task StartAgainAsync() => RunAsync("runuser", "-u", "postgres", "--", Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_folder, "data"),
            "-l", Path.Combine(_folder, "log"), "-w", "-o", $"-p {_port} -c listen_addresses=127.0.0.1 -k {_folder} -c fsync=off", "start");

        public Task StopAsync() => RunAsync("runuser", "-u", "postgres", "--", Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_folder, "data"), "-m", "immediate", "stop");

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (_bin.Length > 0)
                {
                    await StopAsync();
                }
            }
            catch (InvalidOperationException)
            {
                // Already stopped.
            }
            Directory.Delete(_folder, recursive: true);
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private static async Task RunAsync(string file, params string[] args)
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in args)
            {
                start.ArgumentList.Add(a);
            }
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {await output}{await error}");
            }
        }
    }
}
