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
public static class AppEndpoints
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
}
