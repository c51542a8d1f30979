using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MuniSocial.Domain.Audit;
using MuniSocial.Infrastructure.Identity;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Auth;

/// <summary>
/// Security events at every point (ASVS 16.3.1–16.3.3): sign-in success and failure, lockout, sign-out, token issued and
/// refused, 403s — with user, client address and time, in the structured log always and in the audit trail for the kinds
/// an auditor asks about; never the password.
/// </summary>
public sealed class SecurityEventTests(SecurityEventTests.LoggedFactory app) : IClassFixture<SecurityEventTests.LoggedFactory>
{
    private const string Peer = "198.51.100.23";
    private const string WrongPassword = "Wrong-Horse-Battery-Staple-42";

    public sealed class LoggedFactory : AppFactory
    {
        public LogSink Log { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(l => l.AddProvider(Log));
            PeerFromHeader.AddTo(builder);
        }
    }

    private HttpClient Client()
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Add(PeerFromHeader.Header, Peer);
        return client;
    }

    private Task<List<AuditEntry>> SecurityAuditAsync(string userId) => app.DbAsync(db =>
        db.AuditEntries.AsNoTracking().Where(e => e.EntityId == userId && e.Action.StartsWith("security.")).OrderBy(e => e.Sequence).ToListAsync());

    private List<LogSink.Entry> Events(SecurityEventKind kind) =>
        [.. app.Log.Entries.Where(e => e.EventId.Id == 4100 && Equals(e.Values.GetValueOrDefault("Action"), SecurityEvents.ActionOf(kind)))];

    private void AssertNoSecretLogged(params string[] secrets)
    {
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(app.Log.Entries, e => e.Message.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_sign_in_a_failure_and_a_sign_out_are_recorded_with_user_address_and_time_but_no_password()
    {
        var user = await app.NewUserAsync();
        var client = Client();
        Assert.Equal(HttpStatusCode.OK, (await client.PostFormAsync("/login", new() { ["Input.UserName"] = user.UserName, ["Input.Password"] = WrongPassword })).StatusCode);
        var failedAt = app.Clock.GetUtcNow();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync("/login", new() { ["Input.UserName"] = user.UserName, ["Input.Password"] = Given.NewUserPassword })).StatusCode);
        var signedInAt = app.Clock.GetUtcNow();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync("/logout", [])).StatusCode);

        var audit = await SecurityAuditAsync(user.Id);
        Assert.Equal(["security.sign-in-failed", "security.sign-in-succeeded", "security.signed-out"], audit.Select(e => e.Action));
        Assert.All(audit, e =>
        {
            Assert.Equal(user.Id, e.ActorId);
            Assert.Contains(Peer, e.After, StringComparison.Ordinal);
            Assert.DoesNotContain(WrongPassword, e.After, StringComparison.Ordinal);
            Assert.DoesNotContain(Given.NewUserPassword, e.After, StringComparison.Ordinal);
        });
        Assert.Equal(failedAt, audit[0].At);
        Assert.Equal(signedInAt, audit[1].At);

        var logged = Assert.Single(Events(SecurityEventKind.SignInSucceeded), e => Equals(e.Values["UserId"], user.Id));
        Assert.Equal(Peer, logged.Values["ClientAddress"]);
        Assert.Equal(user.UserName, logged.Values["UserName"]);
        Assert.Single(Events(SecurityEventKind.SignInFailed), e => Equals(e.Values["UserId"], user.Id) && Equals(e.Values["Detail"], "wrong-password"));
        Assert.Single(Events(SecurityEventKind.SignedOut), e => Equals(e.Values["UserId"], user.Id));
        AssertNoSecretLogged(WrongPassword, Given.NewUserPassword);
    }

    [Fact]
    public async Task An_unknown_name_is_logged_but_not_audited()
    {
        var name = $"nobody-{Guid.NewGuid():N}"[..20];
        var response = await Client().PostFormAsync("/login", new() { ["Input.UserName"] = name, ["Input.Password"] = WrongPassword });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var logged = Assert.Single(Events(SecurityEventKind.SignInFailed), e => Equals(e.Values["UserName"], name));
        Assert.Equal("-", logged.Values["UserId"]);
        Assert.Equal("unknown-user", logged.Values["Detail"]);
        Assert.Equal(Peer, logged.Values["ClientAddress"]);
        Assert.False(await app.DbAsync(db => db.AuditEntries.AnyAsync(e => e.ActorName == name)));
        AssertNoSecretLogged(WrongPassword);
    }

    [Fact]
    public async Task A_lockout_is_recorded_and_mailed_to_the_user_and_the_admins()
    {
        var user = await app.NewUserAsync();
        var client = Client();
        for (var i = 0; i < 5; i++)
        {
            await client.PostFormAsync("/login", new() { ["Input.UserName"] = user.UserName, ["Input.Password"] = WrongPassword + i });
        }
        var audit = await SecurityAuditAsync(user.Id);
        Assert.Single(audit, e => e.Action == "security.locked-out");
        Assert.Equal(5, audit.Count(e => e.Action == "security.sign-in-failed"));

        var mails = await app.DbAsync(db => db.OutboxMails.AsNoTracking().Where(m => m.Topic == "security.locked-out").ToListAsync());
        Assert.Contains(mails, m => m.To == $"{user.UserName}@example.invalid");
        var adminEmails = await app.DbAsync(db => db.Users.Where(u => u.UserName == "demo-admin").Select(u => u.Email).ToListAsync());
        Assert.All(adminEmails.Where(e => !string.IsNullOrEmpty(e)), e => Assert.Contains(mails, m => m.To == e && m.Body.Contains(user.UserName, StringComparison.Ordinal)));
        AssertNoSecretLogged(WrongPassword);
    }

    [Fact]
    public async Task Tokens_issued_and_refused_and_pages_refused_are_recorded()
    {
        var operatorId = await app.DbAsync(db => db.Users.Where(u => u.UserName == "demo-operator").Select(u => u.Id).SingleAsync());
        var api = await app.ApiAsync("demo-operator");
        Assert.Contains(await SecurityAuditAsync(operatorId), e => e.Action == "security.token-issued");

        var refusedPage = await (await app.SignInAsync("demo-operator")).GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Forbidden, refusedPage.StatusCode);
        var refusedApi = await api.GetAsync("/api/v1/admin/users");
        Assert.Equal(HttpStatusCode.Forbidden, refusedApi.StatusCode);
        var refusals = Events(SecurityEventKind.AccessRefused).Where(e => Equals(e.Values["UserId"], operatorId)).Select(e => (string)e.Values["Path"]!).ToList();
        Assert.Contains("/admin/users", refusals);
        Assert.Contains("/api/v1/admin/users", refusals);
        // Once per refusal, not again for the error page shown.
        Assert.Single(refusals, p => p == "/admin/users");

        var wrong = await app.Anonymous().PostAsJsonAsync("/api/v1/auth/token", new { userName = "demo-operator", password = WrongPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains(Events(SecurityEventKind.SignInFailed), e => Equals(e.Values["UserId"], operatorId) && Equals(e.Values["Path"], "/api/v1/auth/token"));
        AssertNoSecretLogged(WrongPassword, AppFactory.Password);
    }
}
