using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using MuniSocial.Infrastructure.Identity;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Auth;

/// <summary>
/// Password guessing is throttled (ASVS 6.3.x, 2.4) on POST /login and POST /api/v1/auth/token together, per client
/// address and per account name: over the limit, 429 with Retry-After — a Japanese page for /login, ProblemDetails for
/// the API — and a rate-limited security event. Here 3 attempts per name and 6 per address, in a window longer than the test.
/// </summary>
public sealed class SignInThrottleTests(SignInThrottleTests.ThrottledFactory app) : IClassFixture<SignInThrottleTests.ThrottledFactory>
{
    public sealed class ThrottledFactory : AppFactory
    {
        public LogSink Log { get; } = new();

        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Auth:SignInPermitsPerAddressPerMinute"] = "6",
            ["Auth:SignInPermitsPerAccountPerMinute"] = "3",
            ["Auth:SignInWindow"] = "01:00:00",
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(l => l.AddProvider(Log));
            PeerFromHeader.AddTo(builder);
        }
    }

    private HttpClient From(string peer)
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Add(PeerFromHeader.Header, peer);
        return client;
    }

    private static Task<HttpResponseMessage> TryAsync(HttpClient client, string name) =>
        client.PostFormAsync("/login", new() { ["Input.UserName"] = name, ["Input.Password"] = "not-the-password-123" });

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    [Fact]
    public async Task One_account_name_tried_from_many_addresses_is_held_back_with_a_Japanese_page()
    {
        var name = Unique("target");
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await TryAsync(From($"203.0.113.{i}"), name)).StatusCode);
        }
        var refused = await TryAsync(From("203.0.113.4"), name.ToUpperInvariant());
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("no-store", refused.Headers.CacheControl?.ToString());
        var page = await Html.ParseAsync(refused);
        Assert.Equal("ja", page.DocumentElement.GetAttribute("lang"));
        Assert.Contains("ログインの試行が多すぎます", page.Text(), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("a[href='/login']"));

        // Another name from the same address still goes on; the refusal is a security event naming the account.
        Assert.Equal(HttpStatusCode.OK, (await TryAsync(From("203.0.113.4"), Unique("other"))).StatusCode);
        Assert.Contains(app.Log.Entries, e => e.EventId.Id == 4100 && Equals(e.Values["Action"], "security.rate-limited")
            && Equals(e.Values["UserName"], name.ToUpperInvariant()) && Equals(e.Values["ClientAddress"], "203.0.113.4"));
    }

    [Fact]
    public async Task One_address_trying_many_names_is_held_back_and_the_token_answers_ProblemDetails()
    {
        var attacker = From("192.0.2.66");
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await TryAsync(attacker, Unique("spray"))).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await TryAsync(attacker, Unique("spray"))).StatusCode);

        var token = await attacker.PostAsJsonAsync("/api/v1/auth/token", new { userName = Unique("spray"), password = "x" });
        Assert.Equal(HttpStatusCode.TooManyRequests, token.StatusCode);
        Assert.True(token.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", token.Content.Headers.ContentType?.MediaType);
        var problem = await token.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal(SignInThrottle.Rule, problem.GetProperty("rule").GetString());

        // Someone else, from another address, signs in as usual.
        var colleague = From("192.0.2.77");
        Assert.Equal(HttpStatusCode.Redirect, (await colleague.PostFormAsync("/login", new() { ["Input.UserName"] = "demo-operator", ["Input.Password"] = AppFactory.Password })).StatusCode);
    }

    [Fact]
    public async Task The_token_counts_against_the_same_account_limit_by_its_JSON_name()
    {
        var name = Unique("apiuser");
        var client = From("198.51.100.90");
        for (var i = 0; i < 3; i++)
        {
            var attempt = await client.PostAsJsonAsync("/api/v1/auth/token", new { UserName = name, password = "wrong-password-1" });
            Assert.Equal(HttpStatusCode.Unauthorized, attempt.StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await TryAsync(From("198.51.100.91"), name)).StatusCode);
    }
}
