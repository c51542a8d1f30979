using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Infrastructure.PublicSite;

/// <summary>
/// Issue 12 item 3: verify (the page with an address, and the API) is limited per client address
/// (<c>PublicSite:VerifyPermitsPerMinute</c>, here 3): the fourth check in a minute is 429 with Retry-After and a
/// Japanese answer; another client is not affected; X-Forwarded-For counts only from a configured known proxy. The
/// test server has no TCP peer, so each request names its peer in a test-only header read before the pipeline.
/// </summary>
public sealed class PublicVerifyRateLimitTests(PublicVerifyRateLimitTests.LimitedFactory app) : IClassFixture<PublicVerifyRateLimitTests.LimitedFactory>
{
    private const string KnownProxy = "10.0.0.1";

    private HttpClient From(string peer, string? forwardedFor = null)
    {
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Add(LimitedFactory.PeerHeader, peer);
        if (forwardedFor is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }
        return client;
    }

    private static string Check(int i) => "/api/public/verify?url=" + Uri.EscapeDataString($"https://x.com/limit_{i}");

    [Fact]
    public async Task The_fourth_check_in_a_minute_is_429_with_retry_after_and_another_client_is_not_affected()
    {
        var client = From("192.0.2.10");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Check(i))).StatusCode);
        }
        var refused = await client.GetAsync(Check(3));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 and <= 60 }, $"Retry-After: {refused.Headers.RetryAfter}");
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal("rate-limited", problem.GetProperty("rule").GetString());
        Assert.Contains("秒ほど待ってから", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The page is limited by the same count, and says so in Japanese.
        var page = await client.GetAsync("/verify?url=" + Uri.EscapeDataString("@nayoro"));
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.NotNull(page.Headers.RetryAfter);
        Assert.Contains("確認の回数が多すぎます", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The form itself, the list and the other public pages are not verify checks.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/verify")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/public/accounts")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await From("192.0.2.11").GetAsync(Check(0))).StatusCode);
    }

    [Fact]
    public async Task A_forwarded_address_from_an_unknown_peer_does_not_escape_the_limit()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await From("192.0.2.20", $"198.51.100.{i}").GetAsync(Check(i))).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await From("192.0.2.20", "198.51.100.99").GetAsync(Check(9))).StatusCode);
    }

    [Fact]
    public async Task Behind_a_known_proxy_each_forwarded_address_has_its_own_limit()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await From(KnownProxy, "203.0.113.5").GetAsync(Check(i))).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await From(KnownProxy, "203.0.113.5").GetAsync(Check(3))).StatusCode);
        // Another citizen behind the same proxy still gets answers.
        Assert.Equal(HttpStatusCode.OK, (await From(KnownProxy, "203.0.113.6").GetAsync(Check(0))).StatusCode);
    }

    public sealed class LimitedFactory : AppFactory
    {
        public const string PeerHeader = "X-Test-Peer";

        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["PublicSite:VerifyPermitsPerMinute"] = "3",
            ["ForwardedHeaders:KnownProxies:0"] = KnownProxy,
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddTransient<IStartupFilter, PeerFromHeader>());
        }

        private sealed class PeerFromHeader : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Use(async (HttpContext context, RequestDelegate following) =>
                {
                    if (context.Request.Headers.TryGetValue(PeerHeader, out var peer))
                    {
                        context.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
                    }
                    await following(context);
                });
                next(app);
            };
        }
    }
}
