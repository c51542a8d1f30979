using System.Net;
using Microsoft.AspNetCore.Hosting;
using MuniSocial.Infrastructure.Identity;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Shared;

/// <summary>
/// Cookies and transport (ASVS 3.3.x, 3.4.x) in Production over HTTPS: the auth and antiforgery cookies are
/// <c>__Host-</c>, Secure, Path=/, without Domain; HSTS on HTTPS answers, also when a known TLS-terminating proxy says
/// <c>X-Forwarded-Proto: https</c> — and not when an unknown client says so.
/// </summary>
public sealed class TransportSecurityTests(TransportSecurityTests.ProductionFactory app) : IClassFixture<TransportSecurityTests.ProductionFactory>
{
    private const string Proxy = "10.0.0.5";

    public sealed class ProductionFactory : AppFactory
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["ForwardedHeaders:KnownProxies:0"] = Proxy,
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            PeerFromHeader.AddTo(builder);
        }
    }

    private static void AssertHostCookie(HttpResponseMessage response, string name)
    {
        var header = response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.SingleOrDefault(v => v.StartsWith("__Host-" + name + "=", StringComparison.Ordinal)) : null;
        Assert.True(header is not null, $"no __Host-{name} cookie in: {string.Join(" | ", values ?? [])}");
        var parts = header!.Split(';').Select(p => p.Trim().ToLowerInvariant()).ToList();
        Assert.Contains("secure", parts);
        Assert.Contains("path=/", parts);
        Assert.Contains("httponly", parts);
        Assert.DoesNotContain(parts, p => p.StartsWith("domain=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Over_HTTPS_the_cookies_are_Host_prefixed_and_Secure_and_the_sign_in_works()
    {
        var client = app.CreateClient(new() { BaseAddress = new Uri("https://sns.city.nayoro.example/"), AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetAsync("/login");
        AssertHostCookie(form, IdentitySetup.AntiforgeryCookieName);
        Assert.Equal(SecurityHeaders.StrictTransportSecurity, string.Join(",", form.Headers.GetValues("Strict-Transport-Security")));

        var signedIn = await client.PostFormAsync("/login", new() { ["Input.UserName"] = "demo-operator", ["Input.Password"] = AppFactory.Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        AssertHostCookie(signedIn, IdentitySetup.AuthCookieName);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/home")).StatusCode);
    }

    [Fact]
    public async Task HSTS_follows_the_forwarded_proto_of_a_known_proxy_only()
    {
        HttpClient From(string peer)
        {
            var client = app.CreateClient(new() { BaseAddress = new Uri("http://sns.city.nayoro.example/"), AllowAutoRedirect = false });
            client.DefaultRequestHeaders.Add(PeerFromHeader.Header, peer);
            client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
            client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.50");
            return client;
        }
        var viaProxy = await From(Proxy).GetAsync("/login");
        Assert.True(viaProxy.Headers.Contains("Strict-Transport-Security"), "no HSTS behind the known proxy");
        AssertHostCookie(viaProxy, IdentitySetup.AntiforgeryCookieName);

        var spoofed = await From("203.0.113.9").GetAsync("/login");
        Assert.False(spoofed.Headers.Contains("Strict-Transport-Security"), "HSTS on a plain-HTTP request that only claimed HTTPS");
    }
}
