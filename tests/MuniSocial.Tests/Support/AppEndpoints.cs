using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Infrastructure.Identity;

namespace MuniSocial.Tests.Support;

/// <summary>
/// What the app maps, read from its <see cref="EndpointDataSource"/>: every route endpoint once per HTTP method (a Razor page
/// once, as PAGE, with its POST handlers from the compiled page). Shared by the access matrix and the hostile-input test.
/// </summary>
public static partial class AppEndpoints
{
    public sealed record Mapped(string Key, string Method, string Route, bool IsPage, Endpoint Endpoint)
    {
        public bool IsApi => Route.StartsWith("/api/", StringComparison.Ordinal);
    }

    public static List<Mapped> All(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e =>
            {
                var route = AccessTable.Normalise(e.RoutePattern.RawText ?? "");
                if (e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
                {
                    return [new Mapped($"{AccessTable.PageMethod} {route}", AccessTable.PageMethod, route, true, e)];
                }
                var methods = e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"];
                return methods.Select(m => new Mapped($"{m} {route}", m, route, false, e));
            })
            .ToList();

    /// <summary>The compiled page behind a page endpoint (its handler methods and bound properties).</summary>
    public static async Task<CompiledPageActionDescriptor> CompiledAsync(IServiceProvider services, Endpoint page)
    {
        var descriptor = page.Metadata.GetRequiredMetadata<PageActionDescriptor>();
        if (descriptor is CompiledPageActionDescriptor compiled)
        {
            return compiled;
        }
        return await services.GetRequiredService<PageLoader>().LoadAsync(descriptor, EndpointMetadataCollection.Empty);
    }

    /// <summary>The page's POST handlers by name (null: the default OnPost), as the <c>?handler=</c> of a form's action.</summary>
    public static async Task<List<string?>> PostHandlersAsync(IServiceProvider services, Endpoint page) =>
        (await CompiledAsync(services, page)).HandlerMethods
            .Where(h => string.Equals(h.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase))
            .Select(h => h.Name)
            .Distinct()
            .ToList();

    /// <summary>The URL with <c>?handler=</c> for a named handler.</summary>
    public static string WithHandler(string url, string? handler) => handler is null ? url : $"{url}?handler={Uri.EscapeDataString(handler)}";

    /// <summary>The URL of the route for one section's entities; a parameter the matrix does not know fails the test (say in AppEndpoints.Url what fills it).</summary>
    public static string Url(string route, Given.SectionWorld w)
    {
        var none = "00000000-0000-0000-0000-000000000001";
        var segments = route.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var before = i > 0 ? segments[i - 1] : "";
            segments[i] = ParameterRegex().Replace(segments[i], p => (p.Groups["n"].Value, before) switch
            {
                ("id", "accounts" or "operations" or "review" or "policies") or ("accountId", _) => w.Account.ToString(),
                ("id", "posts") => w.Post.ToString(),
                ("id", "comments") => w.Comment.ToString(),
                ("id", "incidents") => w.Incident.ToString(),
                ("id", "unapproved-posts") => w.Unapproved.ToString(),
                ("id", "publishing-pause") => w.Pause.ToString(),
                ("id", "sections") or ("sectionId", _) => w.Section.ToString(),
                ("id", "departments") => w.Department.ToString(),
                ("id", "units") => w.Unit.ToString(),
                ("id", "users") => w.User,
                ("docId", _) => w.Document.ToString(),
                ("reviewId" or "holderId" or "mediaId", _) => none, // none of these exists: the answer shows who may ask
                ("version" or "n", _) => "1",
                ("code", _) => "400",
                ("documentName", _) => "v1",
                ("step", _) => "list",
                ("kind", _) => "sections", // /admin/organisation/{kind}/{id}/delete: a section of the world (in use)
                var (name, _) => throw new InvalidOperationException($"AppEndpoints.Url does not know how to fill {{{name}}} in {route}"),
            });
        }
        return string.Join('/', segments);
    }

    [GeneratedRegex(@"\{(?<n>\w+)(:(?<c>\w+))?\}")]
    public static partial Regex ParameterRegex();
}
