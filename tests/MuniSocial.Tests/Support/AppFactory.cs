using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using AngleSharp.Dom;
using MuniSocial.Data;
using MuniSocial.Domain;
using MuniSocial.Infrastructure.Identity;

namespace MuniSocial.Tests.Support;

/// <summary>
/// The whole app over HTTP on a real database of its own: a SQLite file, or a fresh database on the
/// PostgreSQL server that ./test starts (MUNISOCIAL_TEST_DB=postgres, MUNISOCIAL_TEST_PG=connection string).
/// Demo data is seeded, so the demo users and sections exist. The clock is fake.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "MuniSocial-demo-2026";

    /// <summary>2026-06-01 09:00 in Tokyo, a Monday.</summary>
    public static readonly DateTimeOffset Start = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "munisocial-tests", Guid.NewGuid().ToString("N"));

    public FakeTimeProvider Clock { get; } = new(Start);

    public static bool UsePostgres => string.Equals(Environment.GetEnvironmentVariable("MUNISOCIAL_TEST_DB"), "postgres", StringComparison.OrdinalIgnoreCase);

    public string ConnectionString { get; }

    /// <summary>Extra configuration a test class needs (e.g. SMTP).</summary>
    protected virtual IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    public AppFactory() : this(null) { }

    /// <summary>Whether this factory made its database and folder (and so deletes them when disposed).</summary>
    private readonly bool _ownsStorage = true;
    private readonly bool _ownsFolder = true;

    /// <summary>
    /// With <paramref name="sameStorageAs"/>: another app instance on that one's database (which that one deletes) — a
    /// restart of the process (<paramref name="sameFolder"/>: the same data folder too), or a second server behind a load
    /// balancer (a data folder of its own).
    /// </summary>
    protected AppFactory(AppFactory? sameStorageAs, bool sameFolder = true)
    {
        if (sameStorageAs is not null)
        {
            _ownsStorage = false;
            _ownsFolder = !sameFolder;
            _folder = sameFolder ? sameStorageAs._folder : _folder;
            Directory.CreateDirectory(_folder);
            ConnectionString = sameStorageAs.ConnectionString;
            return;
        }
        Directory.CreateDirectory(_folder);
        if (UsePostgres)
        {
            var server = Environment.GetEnvironmentVariable("MUNISOCIAL_TEST_PG") ?? "Host=127.0.0.1;Port=55432;Username=postgres";
            ConnectionString = $"{server};Database=ms_{Guid.NewGuid():N}";
        }
        else
        {
            ConnectionString = $"Data Source={Path.Combine(_folder, "test.db")};Default Timeout=30";
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", UsePostgres ? "Postgres" : "Sqlite");
        builder.UseSetting("ConnectionStrings:Default", ConnectionString);
        builder.UseSetting("Database:EnsureCreatedForTests", "true");
        builder.UseSetting("Demo:Enabled", "true");
        builder.UseSetting("DataFolder", _folder);
        // The verify rate limit is off unless a test is about it (PublicSiteRateLimitTests turn it on).
        builder.UseSetting("PublicSite:VerifyPermitsPerMinute", "0");
        // The sign-in limits are off too unless a test is about them (SignInThrottleTests): tests sign in many times a minute.
        builder.UseSetting("Auth:SignInPermitsPerAddressPerMinute", "0");
        builder.UseSetting("Auth:SignInPermitsPerAccountPerMinute", "0");
        // Refused sign-ins answer at once (SignInTimingTests is about the floor that evens out their timing).
        builder.UseSetting("Auth:FailedSignInMinimumTime", "00:00:00");
        foreach (var (key, value) in ExtraSettings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    public Task InitializeAsync()
    {
        _ = Services; // builds the host: schema and seed
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (UsePostgres && _ownsStorage)
        {
            await using var scope = Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.EnsureDeletedAsync();
        }
        await DisposeAsync();
        if (!_ownsFolder)
        {
            return;
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }

    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>
    /// A browser-like client signed in through the real login form, and, for a user with a second factor, through
    /// /login/mfa with a code computed from the user's key. With <paramref name="setUp"/> (the default), a user created
    /// by the admin is first brought to the state of one who has done what the first sign-in asks
    /// (<see cref="CompleteAccountSetupAsync"/>); the tests in Features/Auth go through those pages themselves.
    /// </summary>
    public async Task<HttpClient> SignInAsync(string userName, string password = Password, bool setUp = true)
    {
        if (setUp)
        {
            await CompleteAccountSetupAsync(userName);
        }
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await client.PostFormAsync("/login", new() { ["Input.UserName"] = userName, ["Input.Password"] = password });
        if ((int)response.StatusCode == 302 && response.Headers.Location?.OriginalString.StartsWith("/login/mfa", StringComparison.Ordinal) == true)
        {
            response = await client.PostFormAsync(response.Headers.Location.OriginalString, new() { ["Input.Code"] = await TotpAsync(userName) });
        }
        if ((int)response.StatusCode != 302)
        {
            throw new InvalidOperationException($"sign-in of {userName} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        return client;
    }

    /// <summary>
    /// Signs in a user the admin created and confirms the current guideline through the real page
    /// (/guideline/acknowledge, both boxes ticked), as such a user must before any staff page opens.
    /// </summary>
    public async Task<HttpClient> SignInAndAcknowledgeAsync(string userName, string password = Password)
    {
        var client = await SignInAsync(userName, password);
        await AcknowledgeGuidelineAsync(client);
        return client;
    }

    /// <summary>Confirms the current guideline for the signed-in client through /guideline/acknowledge.</summary>
    public static async Task AcknowledgeGuidelineAsync(HttpClient client)
    {
        var page = await client.GetDocumentAsync("/guideline/acknowledge");
        var version = page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name='Input.VersionId']")?.Value
            ?? throw new InvalidOperationException("the acknowledgement page shows no form (already confirmed?)");
        var response = await client.PostFormAsync("/guideline/acknowledge", new()
        {
            ["Input.VersionId"] = version,
            ["Input.ReadGuideline"] = "true",
            ["Input.ReadConductRules"] = "true",
        }, formAction: "/guideline/acknowledge");
        if ((int)response.StatusCode != 302)
        {
            throw new InvalidOperationException($"acknowledging the guideline failed: {(int)response.StatusCode}");
        }
    }

    /// <summary>An API client with a bearer token from POST /api/v1/auth/token (with the TOTP code for a user who has MFA).</summary>
    public async Task<HttpClient> ApiAsync(string userName, string password = Password)
    {
        await CompleteAccountSetupAsync(userName);
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var code = (await UserOrNullAsync(userName))?.TwoFactorEnabled == true ? await TotpAsync(userName) : null;
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName, password, code });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    public sealed record TokenResponse(string AccessToken, int ExpiresIn);

    /// <summary>
    /// Stands in for what a new user does at the first sign-in, through the same UserManager calls the pages make:
    /// the admin-set password counts as changed, and a user who needs a second factor (Admin, PR office, or marked)
    /// has an authenticator enrolled (its key is read by <see cref="TotpAsync"/>). Demo users in demo mode need neither.
    /// </summary>
    public async Task CompleteAccountSetupAsync(string userName)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            return;
        }
        if (user.MustChangePassword)
        {
            user.MustChangePassword = false;
            await users.UpdateAsync(user);
        }
        var roles = (await users.GetRolesAsync(user)).Select(Enum.Parse<Role>);
        if (!user.TwoFactorEnabled && scope.ServiceProvider.GetRequiredService<Mfa>().IsRequired(user.IsDemo, user.RequireMfa, roles))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }
    }

    /// <summary>
    /// A code of the user's authenticator (RFC 6238, computed here from the shared key with Otp.NET) that the app will
    /// accept now on the fake clock: the current step's, or — when that step was already used (the app takes each step
    /// once) — the next step's (one step ahead is accepted); only when both were used is the clock moved on by a step.
    /// </summary>
    public async Task<string> TotpAsync(string userName)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
        var user = (await users.FindByNameAsync(userName))!;
        var key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException($"{userName} has no authenticator key");
        var last = await LastTotpStepAsync(user.Id);
        var now = MuniSocial.Infrastructure.Identity.Totp.StepAt(Clock.GetUtcNow());
        var step = last is { } l && l >= now ? l + 1 : now;
        if (step > now + 1)
        {
            Clock.Advance(MuniSocial.Infrastructure.Identity.Totp.Step * (step - now - 1));
        }
        return Totp(key, step);
    }

    /// <summary>The last step the app accepted for the user (AspNetUserTokens), or null.</summary>
    public Task<long?> LastTotpStepAsync(string userId) => DbAsync(async db =>
    {
        var value = await db.UserTokens.AsNoTracking()
            .Where(t => t.UserId == userId && t.LoginProvider == StepTotpProvider.LoginProvider && t.Name == StepTotpProvider.LastStepName)
            .Select(t => t.Value).FirstOrDefaultAsync();
        return value is null ? (long?)null : long.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
    });

    /// <summary>The TOTP code of a base-32 key (spaces allowed, as the enrolment page shows it) for a step (default: the fake clock's).</summary>
    public string Totp(string key, long? step = null) =>
        new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()))
            .ComputeTotp(DateTimeOffset.FromUnixTimeSeconds((step ?? MuniSocial.Infrastructure.Identity.Totp.StepAt(Clock.GetUtcNow())) * 30).UtcDateTime);

    private Task<AppUser?> UserOrNullAsync(string userName) => DbAsync(db => db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.UserName == userName));

    /// <summary>Run something against the database in a scope of its own.</summary>
    public async Task<T> DbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public Task DbAsync(Func<AppDbContext, Task> work) => DbAsync(async db =>
    {
        await work(db);
        return true;
    });

    /// <summary>The demo user as a domain actor (id, roles and section from the database).</summary>
    public Task<Actor> ActorAsync(string userName) => DbAsync(async db =>
    {
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == userName);
        var roles = await db.UserRoles.Where(ur => ur.UserId == user.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToListAsync();
        return new Actor(user.Id, user.DisplayName, roles.Select(Enum.Parse<Role>).ToHashSet(), user.SectionId);
    });

    /// <summary>An account's audit entries, oldest first.</summary>
    public Task<List<MuniSocial.Domain.Audit.AuditEntry>> AuditAsync(Guid accountId) => DbAsync(db =>
        db.AuditEntries.AsNoTracking().Where(e => e.EntityType == "SocialAccount" && e.EntityId == accountId.ToString())
            .OrderBy(e => e.Sequence).ToListAsync());

    public Task<AppUser> UserAsync(string userName) => DbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == userName));
}
