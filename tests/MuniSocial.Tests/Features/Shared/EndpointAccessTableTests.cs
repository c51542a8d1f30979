using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Infrastructure.Identity;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Shared;

/// <summary>
/// Deny by default: every page and endpoint the app maps (read from its <see cref="EndpointDataSource"/>) has its
/// line in <see cref="AccessTable"/>, its authorization is the one written there (as the authorization middleware
/// combines it), and every line names something mapped. Then, over HTTP, an anonymous request is sent to the sign-in
/// (pages) or refused with 401 (API) wherever the table does not say anonymous, and let through where it does.
/// </summary>
public sealed class EndpointAccessTableTests(AppFactory app) : IClassFixture<AppFactory>
{
    private sealed record Mapped(string Method, string Route, Endpoint Endpoint)
    {
        public override string ToString() => $"{Method} {Route} ({Endpoint.DisplayName})";
    }

    /// <summary>Every route endpoint, once per HTTP method it answers; a Razor page once, as PAGE.</summary>
    private List<Mapped> MappedEndpoints() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e =>
            {
                var route = AccessTable.Normalise(e.RoutePattern.RawText ?? "");
                if (e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
                {
                    return [new Mapped(AccessTable.PageMethod, route, e)];
                }
                var methods = e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
                return methods.Count == 0 ? [new Mapped("*", route, e)] : methods.Select(m => new Mapped(m, route, e));
            })
            .ToList();

    private static Access? LineFor(Mapped m) => AccessTable.Entries.FirstOrDefault(a =>
        a.Method == m.Method && string.Equals(AccessTable.Normalise(a.Route), m.Route, StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void The_app_maps_pages_and_endpoints_the_test_can_see()
    {
        var mapped = MappedEndpoints();
        Assert.Contains(mapped, m => m.Method == AccessTable.PageMethod && m.Route == "/accounts");
        Assert.Contains(mapped, m => m.Method == "POST" && m.Route == "/api/v1/auth/token");
        Assert.Contains(mapped, m => m.Method == "GET" && m.Route == "/openapi/{documentName}.json");
        Assert.Equal(AccessTable.Entries.Count, mapped.Count);
    }

    [Fact]
    public void Every_mapped_page_and_endpoint_has_a_line_in_the_access_table()
    {
        var missing = MappedEndpoints().Where(m => LineFor(m) is null).Select(m => m.ToString()).ToList();
        Assert.True(missing.Count == 0,
            $"No line in AccessTable (src/MuniSocial/Infrastructure/Identity/AccessTable.cs) for:\n{string.Join("\n", missing)}");
    }

    [Fact]
    public void Every_line_of_the_access_table_names_a_mapped_page_or_endpoint_once()
    {
        var mapped = MappedEndpoints();
        var unmapped = AccessTable.Entries.Where(a => !mapped.Any(m => LineFor(m) == a)).Select(a => a.ToString()).ToList();
        Assert.True(unmapped.Count == 0, $"AccessTable lines for nothing the app maps:\n{string.Join("\n", unmapped)}");
        var twice = AccessTable.Entries.GroupBy(a => (a.Method, Route: AccessTable.Normalise(a.Route).ToLowerInvariant()))
            .Where(g => g.Count() > 1).Select(g => g.First().ToString()).ToList();
        Assert.True(twice.Count == 0, $"AccessTable lines written twice:\n{string.Join("\n", twice)}");
        Assert.All(AccessTable.Entries, a => Assert.NotEmpty(a.Policies));
        Assert.All(AccessTable.Entries, a => Assert.True(a.IsAnonymous || !a.Policies.Contains(AccessTable.Anonymous), $"{a}: anonymous and a policy"));
    }

    [Fact]
    public async Task Every_page_and_endpoint_is_authorized_as_its_line_says()
    {
        var provider = app.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        var wrong = new List<string>();
        foreach (var m in MappedEndpoints())
        {
            if (LineFor(m) is not { } line)
            {
                continue; // reported by Every_mapped_page_and_endpoint_has_a_line_in_the_access_table
            }
            var actual = await EffectiveAsync(provider, m.Endpoint);
            var expected = line.IsAnonymous
                ? AccessTable.Anonymous
                : Describe(await AuthorizationPolicy.CombineAsync(provider, line.Policies.Select(p => new AuthorizeAttribute(p)), []));
            if (actual != expected)
            {
                wrong.Add($"{m}: the table says {string.Join(" + ", line.Policies)} = {expected}; the endpoint has {actual}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>What the authorization middleware enforces for the endpoint, as text.</summary>
    private static async Task<string> EffectiveAsync(IAuthorizationPolicyProvider provider, Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return AccessTable.Anonymous;
        }
        var policy = await AuthorizationPolicy.CombineAsync(provider,
            endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(), endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>());
        var requirementData = endpoint.Metadata.GetOrderedMetadata<IAuthorizationRequirementData>();
        if (requirementData.Count > 0)
        {
            var builder = new AuthorizationPolicyBuilder();
            if (policy is not null)
            {
                builder.Combine(policy);
            }
            foreach (var data in requirementData)
            {
                builder.AddRequirements([.. data.GetRequirements()]);
            }
            policy = builder.Build();
        }
        return ReferenceEquals(policy, AccessTable.FallbackPolicy) ? "no policy of its own (the fallback)" : Describe(policy);
    }

    private static string Describe(AuthorizationPolicy? policy)
    {
        if (policy is null)
        {
            return "nothing (open to anyone, without saying so)";
        }
        var parts = policy.Requirements.Select(r => r switch
        {
            DenyAnonymousAuthorizationRequirement => "signed in",
            RolesAuthorizationRequirement roles => $"role {string.Join("|", roles.AllowedRoles.Order(StringComparer.Ordinal))}",
            _ => r.ToString() ?? r.GetType().Name,
        }).Concat(policy.AuthenticationSchemes.Select(s => $"scheme {s}")).Distinct().Order(StringComparer.Ordinal);
        return string.Join(", ", parts);
    }

    public static TheoryData<string, string> Lines()
    {
        var data = new TheoryData<string, string>();
        foreach (var line in AccessTable.Entries)
        {
            data.Add(line.Method, line.Route);
        }
        return data;
    }

    /// <summary>A URL for the route: made-up ids, so only the authorization decides (a public page may answer 404).</summary>
    private static string Url(string route)
    {
        var url = new StringBuilder();
        foreach (var segment in route.Split('/'))
        {
            url.Append(System.Text.RegularExpressions.Regex.Replace(segment, @"\{(\w+)(:(\w+))?\}", p => (p.Groups[1].Value, p.Groups[3].Value) switch
            {
                (_, "guid") => "00000000-0000-0000-0000-000000000001",
                ("code", _) => "404",
                (_, "int") => "1",
                ("documentName", _) => "v1",
                _ => "x",
            })).Append('/');
        }
        return "/" + url.ToString().Trim('/');
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public async Task An_anonymous_request_is_refused_unless_the_line_says_anonymous(string method, string route)
    {
        var line = AccessTable.Entries.Single(a => a.Method == method && a.Route == route);
        // Without a body: the authorization answers before anything reads one.
        var response = await app.Anonymous().SendAsync(new HttpRequestMessage(new HttpMethod(line.IsPage ? "GET" : method), Url(route)));
        var status = (int)response.StatusCode;
        var toLogin = status == 302 && response.Headers.Location is { } location
            && (location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString).StartsWith("/login", StringComparison.Ordinal);
        if (line.IsAnonymous)
        {
            Assert.False(toLogin || status is 401 or 403, $"{line}: anonymous, yet answered {status} {response.Headers.Location}");
        }
        else if (route.StartsWith("/api/", StringComparison.Ordinal))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        else
        {
            Assert.True(toLogin, $"{line}: answered {status} {response.Headers.Location}, not a redirect to /login");
        }
    }

    [Fact]
    public async Task The_fallback_needs_a_signed_in_user_on_an_endpoint_and_leaves_an_unknown_url_its_404()
    {
        var provider = app.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        Assert.Same(AccessTable.FallbackPolicy, await provider.GetFallbackPolicyAsync());
        Assert.Same(AccessTable.FallbackPolicy, await AuthorizationPolicy.CombineAsync(provider, [], []));

        var authorization = app.Services.GetRequiredService<IAuthorizationService>();
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity());
        var signedIn = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "someone")], "test"));
        var atEndpoint = new DefaultHttpContext();
        atEndpoint.SetEndpoint(MappedEndpoints().First(m => m.Route == "/accounts").Endpoint);
        var nowhere = new DefaultHttpContext();
        Assert.False((await authorization.AuthorizeAsync(anonymous, atEndpoint, AccessTable.FallbackPolicy)).Succeeded);
        Assert.True((await authorization.AuthorizeAsync(signedIn, atEndpoint, AccessTable.FallbackPolicy)).Succeeded);
        Assert.True((await authorization.AuthorizeAsync(anonymous, nowhere, AccessTable.FallbackPolicy)).Succeeded);

        var unknown = await app.Anonymous().GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
