using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Domain;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Publishing;
using MuniSocial.Features.Audit;
using MuniSocial.Infrastructure.Connectors;
using MuniSocial.Infrastructure.Identity;
using MuniSocial.Jobs;
using MuniSocial.Tests.Support;
using Xunit.Abstractions;

namespace MuniSocial.Tests.Infrastructure;

/// <summary>
/// Two app instances behind a real nginx, as the city deploys it (PostgreSQL only: two servers share one PostgreSQL
/// database; SQLite is one instance). Each instance is the whole app on real Kestrel on a loopback port of its own, in the
/// Production environment, with a data folder of its own, the same database, the same two keys from the environment, its
/// own scheduler and outbox sender; <c>ForwardedHeaders:KnownProxies</c> names nginx's address only. nginx terminates TLS
/// and balances round-robin over the two. Each answer says which instance gave it (<c>X-Test-Instance</c>, set by the
/// test host only), so each check shows that the requests really landed on both.
/// <para>What stays in process (<see cref="TwoInstancesTests"/>): the audit save's lock on both providers at the
/// DbContext level, and <c>JobRunner.RunOnceAsync</c> raced six times on the two instances.</para>
/// </summary>
public sealed class BehindNginxTests(BehindNginxTests.Site site, ITestOutputHelper output) : IClassFixture<BehindNginxTests.Site>
{
    private const string SkipReason = "PostgreSQL only (MUNISOCIAL_TEST_DB=postgres): two app servers share one PostgreSQL database; SQLite is one instance.";
    private const string InstanceHeader = "X-Test-Instance";

    private bool Skipped()
    {
        if (AppFactory.UsePostgres)
        {
            return false;
        }
        output.WriteLine("skipped: " + SkipReason);
        return true;
    }

    private static string InstanceOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues(InstanceHeader, out var values) ? values.Single() : throw new InvalidOperationException("an answer without " + InstanceHeader);

    [Fact]
    public async Task A_sign_in_form_from_one_instance_is_accepted_by_the_other_and_the_cookie_works_on_both()
    {
        if (Skipped())
        {
            return;
        }
        using var browser = site.Nginx.Client();

        var form = await browser.GetAsync("/login");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var token = (await Html.ParseAsync(form)).QuerySelector<IHtmlInputElement>("form[method=post] input[name=__RequestVerificationToken]")?.Value;
        Assert.False(string.IsNullOrEmpty(token));
        var signedIn = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = "demo-operator",
            ["Input.Password"] = AppFactory.Password,
            ["__RequestVerificationToken"] = token!,
        }));

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode); // the antiforgery token and cookie of the other instance were good
        Assert.NotEqual(InstanceOf(form), InstanceOf(signedIn));
        var pages = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            pages.Add(await browser.GetAsync("/home"));
        }
        Assert.All(pages, p => Assert.Equal(HttpStatusCode.OK, p.StatusCode));
        Assert.Equal([Site.First, Site.Second], pages.Select(InstanceOf).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_bearer_token_issued_by_one_instance_is_accepted_by_the_other()
    {
        if (Skipped())
        {
            return;
        }
        using var api = site.Nginx.Client(cookies: false);
        var issued = await api.PostAsJsonAsync("/api/v1/auth/token", new { userName = "demo-admin", password = AppFactory.Password });
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var token = (await issued.Content.ReadFromJsonAsync<AppFactory.TokenResponse>())!.AccessToken;
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await api.GetAsync("/api/v1/audit/anchor"));
        }

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal([Site.First, Site.Second], answers.Select(InstanceOf).Distinct().Order(StringComparer.Ordinal));
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/audit")).StatusCode);
    }

    [Fact]
    public async Task The_forwarded_proto_and_address_are_believed_from_nginx_and_not_from_a_client()
    {
        if (Skipped())
        {
            return;
        }
        // Through nginx (TLS there, plain HTTP to the instance): the app sees HTTPS — absolute redirects to https, HSTS,
        // __Host- cookies that are Secure.
        using var browser = site.Nginx.Client();
        var toLogin = await browser.GetAsync("/home");
        Assert.Equal(HttpStatusCode.Redirect, toLogin.StatusCode);
        Assert.StartsWith(new Uri(site.Nginx.BaseUri, "/login").ToString(), toLogin.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(SecurityHeaders.StrictTransportSecurity, string.Join(",", toLogin.Headers.GetValues("Strict-Transport-Security")));
        var form = await browser.GetAsync("/login");
        var cookie = form.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-" + IdentitySetup.AntiforgeryCookieName + "=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie.Split(';').Select(p => p.Trim().ToLowerInvariant()));

        // Straight to an instance from 127.0.0.1, which is not a known proxy: the same headers, sent by the client, are not believed.
        using var direct = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = site.FirstApp.Address };
        direct.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        direct.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        var plain = await direct.GetAsync("/home");
        Assert.Equal(HttpStatusCode.Redirect, plain.StatusCode);
        Assert.StartsWith("http://", plain.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));

        // The client's address is the one nginx saw (127.0.0.1), not nginx's own (127.0.0.2) nor what the client claimed.
        using var claiming = site.Nginx.Client();
        claiming.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        var page = await claiming.GetAsync("/login");
        var token = (await Html.ParseAsync(page)).QuerySelector<IHtmlInputElement>("form[method=post] input[name=__RequestVerificationToken]")!.Value;
        var signedIn = await claiming.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = "demo-operator2",
            ["Input.Password"] = AppFactory.Password,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var user = await site.FirstApp.UserAsync("demo-operator2");
        var action = SecurityEvents.ActionOf(SecurityEventKind.SignInSucceeded);
        var entry = await site.FirstApp.DbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == action && e.EntityId == user.Id).OrderByDescending(e => e.Sequence).FirstAsync());
        Assert.Contains("\"address\":\"127.0.0.1\"", entry.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forty_changes_in_parallel_through_both_instances_all_land_and_the_audit_chain_verifies()
    {
        if (Skipped())
        {
            return;
        }
        var account = await site.FirstApp.AccountOnAsync(Platform.X);
        using var api = await ApiAsync("demo-operator");
        var before = await site.FirstApp.DbAsync(db => db.AuditEntries.CountAsync());

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            api.PostAsJsonAsync("/api/v1/posts", new { accountId = account, text = $"並行して作る下書き{i}です。名寄のひまわり畑のお知らせ。" })));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode)); // no 409 from the chain's sequence
        var byInstance = answers.GroupBy(InstanceOf).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.Equal(20, byInstance[Site.First]);
        Assert.Equal(20, byInstance[Site.Second]);
        Assert.True(await site.FirstApp.DbAsync(db => db.AuditEntries.CountAsync()) >= before + 40);
        var report = await site.SecondApp.DbAsync(db => AuditQuery.VerifyAsync(db, CancellationToken.None));
        Assert.True(report.IsIntact, report.Problem);
    }

    [Fact]
    public async Task Posts_published_through_nginx_are_each_sent_once_while_both_instances_senders_run()
    {
        if (Skipped())
        {
            return;
        }
        var account = await site.FirstApp.ConnectedAccountAsync(Platform.X, PublishingAppFactory.XFields);
        var posts = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            posts.Add(await site.FirstApp.ApprovedPostAsync(account, $"二台の発信{i}。名寄のひまわりが見ごろです。{Guid.NewGuid():N}"));
        }
        using var api = await ApiAsync("demo-operator");

        var requested = new List<HttpResponseMessage>();
        foreach (var post in posts)
        {
            requested.Add(await api.PostAsync($"/api/v1/posts/{post}/publish", null));
        }

        Assert.All(requested, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        Assert.Equal(2, requested.Select(InstanceOf).Distinct().Count());
        var publications = await WaitAsync(async () =>
        {
            var all = await site.FirstApp.DbAsync(db => db.Publications.AsNoTracking().Where(p => posts.Contains(p.PostId)).ToListAsync());
            return all.Count == posts.Count && all.All(p => p.State == PublicationState.Sent) ? all : null;
        }, "every publication sent by one of the two senders");
        Assert.All(publications, p =>
        {
            Assert.Single(site.X.CallsOf(p.Id));
            Assert.Single(site.X.PostsOf(p.Id));
        });
    }

    [Fact]
    public async Task When_the_day_comes_on_both_instances_at_once_each_daily_job_runs_once()
    {
        if (Skipped())
        {
            return;
        }
        var next = Wareki.TodayIn(site.FirstApp.Clock.GetUtcNow()).AddDays(1);
        var from = new DateTimeOffset(next.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(9));
        // 08:00 in Tokyo the next day, past Jobs:DailyAt (07:30): both schedulers wake on the same tick.
        var to = from.AddHours(8).ToUniversalTime();
        await Task.WhenAll(Task.Run(() => site.FirstApp.Clock.SetUtcNow(to)), Task.Run(() => site.SecondApp.Clock.SetUtcNow(to)));

        string[] daily = [DailyReminderJob.Name, CommentRetentionJob.Name];
        var runs = await WaitAsync(async () =>
        {
            var all = (await site.FirstApp.DbAsync(db => db.JobRuns.AsNoTracking().Where(r => daily.Contains(r.Job)).ToListAsync()))
                .Where(r => r.StartedAt >= from).ToList();
            return daily.All(j => all.Any(r => r.Job == j && r.FinishedAt is not null)) ? all : null;
        }, "the daily jobs of the next day finished");

        foreach (var job in daily)
        {
            var run = Assert.Single(runs, r => r.Job == job);
            Assert.Equal("succeeded", run.Outcome);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /// <summary>An API client through nginx with a bearer token from POST /api/v1/auth/token (issued by whichever instance).</summary>
    private async Task<HttpClient> ApiAsync(string userName)
    {
        var api = site.Nginx.Client(cookies: false);
        var issued = await api.PostAsJsonAsync("/api/v1/auth/token", new { userName, password = AppFactory.Password });
        issued.EnsureSuccessStatusCode();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await issued.Content.ReadFromJsonAsync<AppFactory.TokenResponse>())!.AccessToken);
        return api;
    }

    /// <summary>Polls until <paramref name="probe"/> answers (the background services of two servers take their time); fails after a minute.</summary>
    private static async Task<T> WaitAsync<T>(Func<Task<T?>> probe, string what) where T : class
    {
        var until = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            if (await probe() is { } done)
            {
                return done;
            }
            Assert.True(DateTime.UtcNow < until, "not seen within a minute: " + what);
            await Task.Delay(200);
        }
    }

    /// <summary>nginx and the two instances behind it, started once for the class (nothing on SQLite), stopped at the end even on failure.</summary>
    public sealed class Site : IAsyncLifetime
    {
        public const string First = "app-1";
        public const string Second = "app-2";

        private readonly Dictionary<string, string?> _settings = new()
        {
            ["ForwardedHeaders:KnownProxies:0"] = Nginx.ProxyAddress,
            // As production has them: from the environment, the same on every server.
            ["Audit:ChainKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["DataProtection:KeyEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Jobs:Enabled"] = "true",
            ["Connectors:SendPollSeconds"] = "1",
            ["Logging:LogLevel:Default"] = "Warning",
        };

        private KestrelInstance? _first;
        private KestrelInstance? _second;
        private Nginx? _nginx;

        public KestrelInstance FirstApp => _first!;
        public KestrelInstance SecondApp => _second!;
        public Nginx Nginx => _nginx!;

        /// <summary>The platform both instances send to (one fake, shared): it counts every send.</summary>
        public TestPlatform X { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            if (!AppFactory.UsePostgres)
            {
                return;
            }
            try
            {
                X = new TestPlatform(Platform.X, () => _first!.Clock.GetUtcNow());
                _first = new KestrelInstance(First, null, _settings, X);
                await _first.StartAsync();
                _second = new KestrelInstance(Second, _first, _settings, X);
                await _second.StartAsync();
                _nginx = await Nginx.StartAsync([_first.Address, _second.Address]);
            }
            catch
            {
                await DisposeAsync();
                throw;
            }
        }

        public async Task DisposeAsync()
        {
            if (_nginx is not null)
            {
                await _nginx.DisposeAsync();
            }
            if (_second is not null)
            {
                await ((IAsyncLifetime)_second).DisposeAsync();
            }
            if (_first is not null)
            {
                await ((IAsyncLifetime)_first).DisposeAsync();
            }
        }
    }

    /// <summary>The app on real Kestrel (127.0.0.1, a free port) in Production; with <c>sameDatabaseAs</c> a second server on that database.</summary>
    public sealed class KestrelInstance : AppFactory
    {
        private readonly string _name;
        private readonly IDictionary<string, string?> _settings;
        private readonly TestPlatform _x;

        public KestrelInstance(string name, AppFactory? sameDatabaseAs, IDictionary<string, string?> settings, TestPlatform x) : base(sameDatabaseAs, sameFolder: false)
        {
            _name = name;
            _settings = settings;
            _x = x;
            UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        }

        public Uri Address { get; private set; } = null!;

        protected override IDictionary<string, string?> ExtraSettings => _settings;

        public async Task StartAsync()
        {
            await InitializeAsync();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            Address = new Uri(address.TrimEnd('/') + "/");
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            builder.ConfigureServices(s =>
            {
                s.AddSingleton<IStartupFilter>(new NamedInstance(_name));
                s.AddSingleton<IPlatformConnector>(_x);
            });
        }
    }

    /// <summary>Puts the instance's name on every answer (the test's own header; the app has none).</summary>
    private sealed class NamedInstance(string name) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, inner) =>
            {
                context.Response.Headers[InstanceHeader] = name;
                return inner(context);
            });
            next(app);
        };
    }
}
