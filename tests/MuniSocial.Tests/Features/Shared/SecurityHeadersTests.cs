using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Infrastructure.PublicSite;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Shared;

/// <summary>
/// The headers of every answer (ASVS 3.4.x): every GET the app maps without a route value is asked, signed in as the
/// admin (pages) or with the admin's token (API): staff pages, downloads and /api/v1 answers are <c>no-store</c>; the
/// public pages and /api/public/* keep their own cache headers (first render, the pre-rendered copy, and 304); all of
/// them carry the CSP, nosniff and the referrer policy, and no staff page has an inline script or style.
/// </summary>
public sealed partial class SecurityHeadersTests(AppFactory app) : IClassFixture<AppFactory>
{
    [GeneratedRegex("""<script(?![^>]*\bsrc=)[^>]*>|<style[\s>]|\sstyle="|\son[a-z]+=""", RegexOptions.IgnoreCase)]
    private static partial Regex Inline();

    private static void AssertCommonHeaders(string url, HttpResponseMessage response)
    {
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        foreach (var directive in new[] { "default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'" })
        {
            Assert.True(csp.Contains(directive, StringComparison.Ordinal), $"{url}: CSP lacks {directive}");
        }
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.True(response.Headers.Contains("Referrer-Policy"), $"{url}: no Referrer-Policy");
    }

    /// <summary>Every GET route without a route value (pages and endpoints).</summary>
    private List<string> PlainGetRoutes() =>
        [.. app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.Parameters.Count == 0)
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>() is not { } m || m.HttpMethods.Contains("GET"))
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Every_staff_page_download_and_API_answer_is_no_store_with_a_CSP_and_no_inline_code()
    {
        var browser = await app.SignInAsync("demo-admin");
        var api = await app.ApiAsync("demo-admin");
        var staff = PlainGetRoutes().Where(u => !PublicPaths.IsPublic(u) && !PublicPaths.IsStatic(u) && u != "/logout-now").ToList();
        Assert.Contains("/home", staff);
        Assert.Contains(staff, u => u.StartsWith("/api/v1/", StringComparison.Ordinal));
        var asked = 0;
        foreach (var url in staff)
        {
            var response = await (url.StartsWith("/api/", StringComparison.Ordinal) ? api : browser).GetAsync(url);
            Assert.True((int)response.StatusCode < 500, $"{url}: {(int)response.StatusCode}");
            Assert.True(response.Headers.CacheControl?.NoStore == true, $"{url} ({(int)response.StatusCode}): Cache-Control is '{response.Headers.CacheControl}'");
            AssertCommonHeaders(url, response);
            if (response.Content.Headers.ContentType?.MediaType == "text/html")
            {
                var html = await response.Content.ReadAsStringAsync();
                var inline = Inline().Match(html);
                Assert.False(inline.Success, $"{url}: inline code '{inline.Value}' (the CSP would block it)");
            }
            asked++;
        }
        Assert.True(asked > 30, $"only {asked} routes asked");
    }

    [Fact]
    public async Task The_public_side_keeps_its_cache_headers_and_gets_the_CSP_too()
    {
        var client = app.Anonymous();
        foreach (var (path, _) in PublicPaths.Exported)
        {
            var first = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var cached = await client.GetAsync(path);
            foreach (var response in new[] { first, cached })
            {
                Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
                Assert.NotNull(response.Headers.ETag);
                AssertCommonHeaders(path, response);
            }
            using var revalidate = new HttpRequestMessage(HttpMethod.Get, path);
            revalidate.Headers.IfNoneMatch.Add(cached.Headers.ETag!);
            var notModified = await client.SendAsync(revalidate);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            AssertCommonHeaders(path, notModified);
        }
    }

    [Fact]
    public async Task A_refused_staff_page_and_a_missing_one_are_no_store_too()
    {
        var client = await app.SignInAsync("demo-operator");
        foreach (var url in new[] { "/admin/users", "/no-such-page", "/api/v1/admin/users" })
        {
            var response = await client.GetAsync(url);
            Assert.True((int)response.StatusCode is 403 or 404 or 401, $"{url}: {(int)response.StatusCode}");
            Assert.True(response.Headers.CacheControl?.NoStore == true, $"{url}: '{response.Headers.CacheControl}'");
            AssertCommonHeaders(url, response);
        }
    }
}
