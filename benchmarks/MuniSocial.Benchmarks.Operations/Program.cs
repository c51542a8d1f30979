using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using BenchmarkDotNet.Running;
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
using MuniSocial.Domain.Operations;
using MuniSocial.Domain.Organisation;
using MuniSocial.Infrastructure.Identity;
using MuniSocial.Jobs;

namespace MuniSocial.Benchmarks.Operations;

public static class BenchmarkMain
{
    /// <summary>In process (the app is hosted by WebApplicationFactory), with room for the setup of a year of checks.</summary>
    public static void Main(string[] args)
    {
        if (args is ["profile", ..])
        {
            OperationsBenchmarks.Profile();
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(OperationsBenchmarks).Assembly).Run(args,
        DefaultConfig.Instance.AddJob(Job.Default
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(40), logOutput: true))
            .WithMinIterationCount(10).WithMaxIterationCount(15)));
    }
}

/// <summary>
/// The board (GET /board, rendered HTML, signed in as the PR office) and the daily reminder job, on SQLite
/// with 2,000 Listed accounts in 100 sections, 400 staff and a year of daily checks (≈ 950,000 rows).
/// </summary>
[MemoryDiagnoser]
public class OperationsBenchmarks
{
    private BenchFactory _app = null!;
    private HttpClient _pr = null!;

    [GlobalSetup]
    public void Setup()
    {
        _app = new BenchFactory();
        SeedAsync().GetAwaiter().GetResult();
        _pr = SignInAsync("demo-pr").GetAwaiter().GetResult();
        var html = _pr.GetStringAsync("/board").GetAwaiter().GetResult();
        if (!html.Contains("ベンチ00-00", StringComparison.Ordinal) || !html.Contains("row-overdue", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("the board does not show the seeded accounts");
        }
    }

    /// <summary>`dotnet run -c Release -- profile`: where the board's time goes (no statistics; for looking, not for recording).</summary>
    public static void Profile()
    {
        var b = new OperationsBenchmarks();
        b.Setup();
        using (var scope = b._app.Services.CreateScope())
        {
            var conditions = scope.ServiceProvider.GetRequiredService<MuniSocial.Features.Board.AccountConditions>();
            var today = Wareki.TodayIn(b._app.Clock.GetUtcNow());
            for (var i = 0; i < 25; i++)
            {
                var sw = System.Diagnostics.Stopwatch.StartNew();
                var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
                var items = conditions.ForAsync(null, today).GetAwaiter().GetResult();
                Console.WriteLine($"// ForAsync {items.Count}: {sw.ElapsedMilliseconds} ms, cpu {(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:0} ms");
            }
            // The board's charts: 30 business days of every section (BoardHistory), as the PR office sees them.
            var history = scope.ServiceProvider.GetRequiredService<MuniSocial.Features.Board.BoardHistory>();
            var pr = new Actor("bench-pr", "広報", new HashSet<Role> { Role.PrOffice }, null);
            for (var i = 0; i < 15; i++)
            {
                var sw = System.Diagnostics.Stopwatch.StartNew();
                var sections = history.ForAsync(pr, today).GetAwaiter().GetResult();
                Console.WriteLine($"// BoardHistory {sections.Count} sections: {sw.ElapsedMilliseconds} ms");
            }
        }
        if (Environment.GetEnvironmentVariable("MUNISOCIAL_PROFILE_PARTS") is not null)
        {
            using var scope = b._app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            void Time(string name, Func<Task> work)
            {
                var times = new List<double>();
                for (var i = 0; i < 21; i++)
                {
                    var sw = System.Diagnostics.Stopwatch.StartNew();
                    work().GetAwaiter().GetResult();
                    times.Add(sw.Elapsed.TotalMilliseconds);
                }
                times.Sort();
                Console.WriteLine($"// part {name}: median {times[10]:0.0} ms, min {times[0]:0.0} ms");
            }
            Time("access", () => MuniSocial.Features.AccessHolders.AccessHolderUseCases.SummariesAsync(db, default));
            Time("operators", () => db.AccountOperators.AsNoTracking().Select(o => new { o.AccountId, o.UserId, o.Name }).ToListAsync());
            Time("holders-only", () => db.AccessHolders.AsNoTracking().Where(h => h.RemovedAt == null).Select(h => new { h.AccountId, h.Kind, h.UserId, h.UserName }).ToListAsync());
            Time("users", () => db.Users.AsNoTracking().Select(u => new { u.Id, u.DisplayName, u.SectionId, u.IsActive }).ToListAsync());
            Time("accounts", () => db.Accounts.AsNoTracking().Select(a => new { a.Id, a.SectionId, a.Status, a.ListedAt }).ToListAsync());
        }
        foreach (var url in new[] { "/board", "/board?attention=true" })
        {
            for (var i = 0; i < 25; i++)
            {
                var sw = System.Diagnostics.Stopwatch.StartNew();
                var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
                var length = b._pr.GetStringAsync(url).GetAwaiter().GetResult().Length;
                Console.WriteLine($"// {url}: {sw.ElapsedMilliseconds} ms, cpu {(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:0} ms, {length} chars");
            }
        }
        b.Cleanup();
    }

    [GlobalCleanup]
    public void Cleanup() => _app.Dispose();

    [Benchmark]
    public async Task<int> Board()
    {
        var html = await _pr.GetStringAsync("/board");
        return html.Length;
    }

    [IterationSetup(Target = nameof(ReminderJob))]
    public void ForgetReminders()
    {
        using var scope = _app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AppDbContext>().ReminderRecords.ExecuteDelete();
    }

    /// <summary>The whole job: conditions of 2,000 accounts, the reminders decided and claimed (e-mail off: delivery is the SMTP server's time).</summary>
    [Benchmark]
    public async Task<string> ReminderJob()
    {
        var run = await _app.Services.GetRequiredService<JobRunner>().RunAsync(DailyReminderJob.Name, "benchmark", CancellationToken.None);
        return run.Outcome == "succeeded" ? run.Summary! : throw new InvalidOperationException(run.Summary);
    }

    private async Task<HttpClient> SignInAsync(string user)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var page = await client.GetStringAsync("/login");
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = user,
            ["Input.Password"] = "MuniSocial-demo-2026",
            ["__RequestVerificationToken"] = token,
        }));
        return (int)response.StatusCode == 302 ? client : throw new InvalidOperationException("sign-in failed");
    }

    private async Task SeedAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var calendar = scope.ServiceProvider.GetRequiredService<BusinessCalendar>();
        var now = _app.Clock.GetUtcNow();
        var today = Wareki.TodayIn(now);
        var terms = await db.TermsVersions.OrderByDescending(t => t.Number).FirstAsync();
        var roles = await db.Roles.ToDictionaryAsync(r => r.Name!, r => r.Id);
        var prUser = await db.Users.SingleAsync(u => u.UserName == "demo-pr2");
        var pr = new Actor(prUser.Id, prUser.DisplayName, new HashSet<Role> { Role.PrOffice, Role.SectionHead }, prUser.SectionId);
        if (await db.Departments.AnyAsync(d => d.Name == "ベンチ部"))
        {
            Console.WriteLine("// reusing the seeded database");
            return;
        }
        var department = new Department("ベンチ部", 99);
        db.Add(department);
        var accounts = new List<(SocialAccount Account, Actor A, Actor B)>();
        var heads = new List<Actor>();
        var random = new Random(7);
        for (var s = 0; s < 100; s++)
        {
            var section = new Section(department, $"ベンチ課{s:00}");
            db.Add(section);
            Actor Staff(string name, Role role)
            {
                var user = new AppUser { UserName = $"bench-{s:00}-{name}", DisplayName = $"ベンチ{s:00} {name}", SectionId = section.Id, Email = $"bench-{s:00}-{name}@bench.invalid", IsActive = true, SecurityStamp = Guid.NewGuid().ToString() };
                db.Users.Add(user);
                db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roles[role.ToString()] });
                return new Actor(user.Id, user.DisplayName, new HashSet<Role> { role }, section.Id);
            }
            var head = Staff("head", Role.SectionHead);
            heads.Add(head);
            var ops = new[] { Staff("op1", Role.Operator), Staff("op2", Role.Operator), Staff("op3", Role.Operator) };
            // The forms issued with each transition read the section from the database.
            await db.SaveChangesAsync();
            for (var a = 0; a < 20; a++)
            {
                var n = s * 20 + a;
                var end = (n % 20) switch { 0 => today.AddDays(-10 - n % 7), 1 or 2 => today.AddDays(5 + n % 25), _ => today.AddYears(2) };
                var (x, y) = (ops[a % 3], ops[(a + 1) % 3]);
                var account = SocialAccount.Create(x, section.Id, new PolicyContent
                {
                    Platform = Platform.X,
                    AccountName = $"ベンチ{s:00}-{a:00}",
                    AccountUrl = $"https://x.com/bench_{n}",
                    Content = "ベンチマーク用",
                    Purpose = "ベンチマーク用",
                    PeriodStart = today.AddYears(-2),
                    PeriodEnd = end,
                    HoursStart = new TimeOnly(8, 45),
                    HoursEnd = new TimeOnly(17, 30),
                    ReplyPolicy = ReplyPolicyKind.NoReply,
                    ReplyWording = Labels.DefaultReplyWording(ReplyPolicyKind.NoReply),
                }, [new StaffMember(x.UserId, x.Name, section.Id), new StaffMember(y.UserId, y.Name, section.Id)], now.AddDays(-400));
                account.RequestListing(head, now.AddDays(-399), false);
                account.List(pr, terms.Id, now.AddDays(-398));
                db.Accounts.Add(account);
                accounts.Add((account, x, y));
            }
        }
        await db.SaveChangesAsync();

        // Access holders (branch access): per account a credential keeper and a linked page editor, 2FA recorded on
        // every other account; one holder in every 200 accounts' second operator transferred, so theirs are 要削除.
        var i2 = 0;
        foreach (var (account, a, b) in accounts)
        {
            foreach (var holder in new[]
            {
                AccessHolder.Add(a, account, new AccessHolderInput(AccessKind.CredentialKeeper, a.UserId, null, null, null), new StaffMember(a.UserId, a.Name, a.SectionId), [], now.AddDays(-300)),
                AccessHolder.Add(a, account, new AccessHolderInput(AccessKind.LinkedPersonalAccount, b.UserId, $"@{b.UserId[..8]}", PlatformRole.Editor, null), new StaffMember(b.UserId, b.Name, b.SectionId), [], now.AddDays(-300)),
            })
            {
                holder.ClearPendingAudit();
                db.Add(holder);
            }
            if (i2++ % 2 == 0)
            {
                var tfa = AccountTwoFactor.Set(a, account, null, true, "課の業務用携帯電話", now.AddDays(-300));
                tfa.ClearPendingAudit();
                db.Add(tfa);
            }
        }
        var moved = accounts.Where((_, i) => i % 200 == 0).Select(x => x.B.UserId).ToHashSet();
        foreach (var user in db.Users.Local.Where(u => moved.Contains(u.Id)))
        {
            user.SectionId = prUser.SectionId;
        }
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        db.ChangeTracker.AutoDetectChangesEnabled = false;

        // A year of checks: two people each business day, 3 % of days with one or none.
        var pending = 0;
        for (var day = today.AddDays(-365); day <= today; day = day.AddDays(1))
        {
            if (!calendar.IsBusinessDay(day))
            {
                continue;
            }
            var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(9));
            foreach (var (account, a, b) in accounts)
            {
                var roll = random.Next(100);
                foreach (var who in roll < 1 ? [] : roll < 3 ? new[] { a } : [a, b])
                {
                    if (day == today)
                    {
                        continue;
                    }
                    var check = DailyCheck.Record(who, account, CheckInput.NothingToReport, at, false);
                    check.ClearPendingAudit();
                    db.Add(check);
                    if (++pending == 20_000)
                    {
                        await db.SaveChangesAsync();
                        db.ChangeTracker.Clear();
                        pending = 0;
                    }
                }
            }
        }
        await db.SaveChangesAsync();
        // The head's monthly review (運用状況の確認) for a year; every 10th account's last one is overdue.
        var answers = ReviewChecklist.Items.Select(i => new ReviewItemInput(i.Key, ReviewAnswer.Conforms, null)).ToList();
        for (var i = 0; i < accounts.Count; i++)
        {
            var (account, _, _) = accounts[i];
            var head = heads[i / 20];
            for (var month = 12; month >= (i % 10 == 0 ? 3 : 1); month--)
            {
                var on = today.AddMonths(-month);
                var review = AccountReview.Record(head, account, new ReviewInput(answers, null, null),
                    new ReviewPeriod(on.AddMonths(-1), on.AddDays(-1), 20, []), new DateTimeOffset(on.ToDateTime(new TimeOnly(15, 0)), TimeSpan.FromHours(9)).ToUniversalTime());
                review.ClearPendingAudit();
                db.Add(review);
            }
        }
        await db.SaveChangesAsync();
        Console.WriteLine($"// seeded {accounts.Count} accounts, {await db.DailyChecks.CountAsync()} checks, {await db.AccountReviews.CountAsync()} reviews");
    }
}

/// <summary>The real app on a SQLite file, demo users for signing in, the scheduler off, a fixed clock.</summary>
public sealed class BenchFactory : WebApplicationFactory<Program>
{
    // MUNISOCIAL_BENCH_FOLDER keeps the seeded database between profile runs (the seed takes minutes).
    private readonly string _folder = Environment.GetEnvironmentVariable("MUNISOCIAL_BENCH_FOLDER")
        ?? Path.Combine(Path.GetTempPath(), "munisocial-bench", Guid.NewGuid().ToString("N"));

    public BenchFactory()
    {
        // The content root of the web project, found from the solution file (BenchmarkDotNet runs from its own folder).
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MuniSocial.slnx")))
        {
            dir = dir.Parent;
        }
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_MUNISOCIAL",
            Path.Combine(dir?.FullName ?? throw new InvalidOperationException("MuniSocial.slnx not found"), "src", "MuniSocial"));
    }

    /// <summary>Tue 2026-06-02 09:00 JST.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 6, 2, 0, 0, 0, TimeSpan.Zero));

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
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }
}
