using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using MuniSocial.Data;
using MuniSocial.Domain;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Organisation;
using MuniSocial.Domain.Publishing;
using MuniSocial.Infrastructure.Connectors;
using MuniSocial.Infrastructure.Identity;
using MuniSocial.Jobs;

namespace MuniSocial.Benchmarks.Watch;

/// <summary>
/// The watch over 2,000 connected accounts (run by hand: <c>dotnet run -c Release</c>): the real app in-process on a
/// SQLite file, every account's platform answering each read in 50 ms (three posts, one of them unapproved, and two
/// replies per account), the watch run as /admin/jobs runs it. Then a second run (everything seen again), and a run
/// with one platform that hangs for 30 s (the call timeout is 30 s). Prints the wall times.
/// </summary>
public static class WatchBenchmark
{
    public const int Sections = 100;
    public const int PerSection = 20;

    public static async Task<int> Main()
    {
        await using var app = new WatchBenchFactory();
        _ = app.Services;
        var seed = Stopwatch.StartNew();
        await SeedAsync(app);
        Console.WriteLine($"seed: {seed.Elapsed.TotalSeconds:0.0} s");
        var runner = app.Services.GetRequiredService<JobRunner>();

        async Task<TimeSpan> RunAsync(string label)
        {
            var sw = Stopwatch.StartNew();
            var run = await runner.RunAsync(WatchJob.Name, "bench", default);
            sw.Stop();
            Console.WriteLine($"{label}: {sw.Elapsed.TotalSeconds:0.00} s — {run.Outcome}: {run.Summary}");
            return sw.Elapsed;
        }

        var first = await RunAsync("first run (2,000 accounts, 6,000 new posts, 4,000 replies)");
        var second = await RunAsync("second run (everything seen again)");
        app.Platform.HangOne = true;
        var hanging = await RunAsync("third run (one platform hangs 30 s)");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"summary: first {first.TotalSeconds:0.0} s, second {second.TotalSeconds:0.0} s, with a hanging platform {hanging.TotalSeconds:0.0} s (+{(hanging - second).TotalSeconds:0.0} s); concurrency {app.Concurrency}, {Environment.ProcessorCount} cores"));
        return first < TimeSpan.FromMinutes(2) && hanging - second <= TimeSpan.FromSeconds(31) ? 0 : 1;
    }

    private static async Task SeedAsync(WatchBenchFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var secrets = scope.ServiceProvider.GetRequiredService<ConnectionSecrets>();
        var now = app.Clock.GetUtcNow();
        var today = Wareki.TodayIn(now);
        var terms = await db.TermsVersions.OrderByDescending(t => t.Number).FirstAsync();
        var roles = await db.Roles.ToDictionaryAsync(r => r.Name!, r => r.Id);
        var prUser = await db.Users.SingleAsync(u => u.UserName == "demo-pr2");
        var pr = new Actor(prUser.Id, prUser.DisplayName, new HashSet<Role> { Role.PrOffice, Role.SectionHead }, prUser.SectionId);
        var department = new Department("監視ベンチ部", 98);
        db.Add(department);
        var protectedSecrets = secrets.Protect(new Dictionary<string, string> { ["accessToken"] = "bench" });
        for (var s = 0; s < Sections; s++)
        {
            var section = new Section(department, $"監視ベンチ課{s:00}");
            db.Add(section);
            Actor Staff(string name, Role role)
            {
                var user = new AppUser { UserName = $"watch-{s:00}-{name}", DisplayName = $"監視{s:00} {name}", SectionId = section.Id, Email = $"watch-{s:00}-{name}@bench.invalid", IsActive = true, SecurityStamp = Guid.NewGuid().ToString() };
                db.Users.Add(user);
                db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roles[role.ToString()] });
                return new Actor(user.Id, user.DisplayName, new HashSet<Role> { role }, section.Id);
            }
            var head = Staff("head", Role.SectionHead);
            var op = Staff("op", Role.Operator);
            var op2 = Staff("op2", Role.Operator);
            await db.SaveChangesAsync();
            for (var a = 0; a < PerSection; a++)
            {
                var n = (s * PerSection) + a;
                var account = SocialAccount.Create(op, section.Id, new PolicyContent
                {
                    Platform = Platform.X,
                    AccountName = $"監視ベンチ{s:00}-{a:00}",
                    AccountUrl = $"https://x.com/watch_bench_{n}",
                    Content = "ベンチマーク用",
                    Purpose = "ベンチマーク用",
                    PeriodStart = today.AddYears(-1),
                    PeriodEnd = today.AddYears(2),
                    HoursStart = new TimeOnly(8, 45),
                    HoursEnd = new TimeOnly(17, 30),
                    ReplyPolicy = ReplyPolicyKind.ReplyAsNeeded,
                    ReplyWording = Labels.DefaultReplyWording(ReplyPolicyKind.ReplyAsNeeded),
                }, [new StaffMember(op.UserId, op.Name, section.Id), new StaffMember(op2.UserId, op2.Name, section.Id)], now.AddDays(-100));
                account.RequestListing(head, now.AddDays(-99), false);
                account.List(pr, terms.Id, now.AddDays(-98));
                db.Accounts.Add(account);
                db.AccountConnections.Add(AccountConnection.Connect(head, account, new Dictionary<string, string> { ["userId"] = n.ToString(CultureInfo.InvariantCulture) },
                    protectedSecrets, now.AddDays(-30)));
            }
            await db.SaveChangesAsync();
        }
    }
}

/// <summary>Every account's platform: 50 ms per read, three posts (two before the connection, one new), two replies; one account may hang 30 s.</summary>
public sealed class SlowPlatform(TimeProvider clock) : IPlatformConnector
{
    public static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(50);

    public bool HangOne { get; set; }
    private int _hung;

    public Platform Platform => Platform.X;
    public bool SupportsMedia => false;
    public bool CanReadBack => true;

    public Task<SentPost> PublishAsync(ConnectorCredentials credentials, OutgoingPost post, CancellationToken ct) => throw new NotSupportedException();

    public async Task<IReadOnlyList<ObservedInput>> ReadRecentPostsAsync(ConnectorCredentials credentials, CancellationToken ct)
    {
        if (HangOne && Interlocked.Exchange(ref _hung, 1) == 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
        }
        await Task.Delay(Latency, ct);
        var user = credentials.Public["userId"];
        var now = clock.GetUtcNow();
        return
        [
            new ObservedInput($"{user}003", $"https://x.com/u/status/{user}003", "システムを通さない投稿です。", now.AddHours(-1)),
            new ObservedInput($"{user}002", $"https://x.com/u/status/{user}002", "以前の投稿その2です。", now.AddDays(-40)),
            new ObservedInput($"{user}001", $"https://x.com/u/status/{user}001", "以前の投稿その1です。", now.AddDays(-60)),
        ];
    }

    public async Task<IReadOnlyList<ReadBackReply>> ReadRepliesAsync(ConnectorCredentials credentials, IReadOnlyList<string> ourPostIds, CancellationToken ct)
    {
        await Task.Delay(Latency, ct);
        var user = credentials.Public["userId"];
        var now = clock.GetUtcNow();
        return
        [
            new ReadBackReply($"{user}r1", $"{user}003", "citizen1", "駐車場はありますか？", $"https://x.com/c1/status/{user}r1", now.AddMinutes(-30)),
            new ReadBackReply($"{user}r2", $"{user}003", "citizen2", "何時からですか？", $"https://x.com/c2/status/{user}r2", now.AddMinutes(-20)),
        ];
    }
}

/// <summary>The real app on a SQLite file, the scheduler off, a fixed clock, the X adapter replaced by <see cref="SlowPlatform"/>.</summary>
public sealed class WatchBenchFactory : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "munisocial-watch-bench", Guid.NewGuid().ToString("N"));

    public WatchBenchFactory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MuniSocial.slnx")))
        {
            dir = dir.Parent;
        }
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_MUNISOCIAL",
            Path.Combine(dir?.FullName ?? throw new InvalidOperationException("MuniSocial.slnx not found"), "src", "MuniSocial"));
        Platform = new SlowPlatform(Clock);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 6, 2, 0, 0, 0, TimeSpan.Zero));
    public SlowPlatform Platform { get; }
    public int Concurrency => int.TryParse(Environment.GetEnvironmentVariable("WATCH_CONCURRENCY"), out var c) ? c : 32;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_folder);
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Default", $"Data Source={Path.Combine(_folder, "bench.db")};Default Timeout=30");
        builder.UseSetting("Database:EnsureCreatedForTests", "true");
        builder.UseSetting("Demo:Enabled", "true");
        builder.UseSetting("DataFolder", _folder);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Connectors:WatchConcurrency", Concurrency.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Connectors:CallTimeout", "00:00:30");
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IPlatformConnector>(Platform);
        });
    }
}
