using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MuniSocial.Tests.Support;

/// <summary>One request as a fake platform received it: exactly what went over the wire.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : null;
}

/// <summary>
/// A platform's API at the edge of the world: a real Kestrel server on 127.0.0.1 (a free port) that records every
/// request (method, path, query, headers, raw body) and answers through the routes a test maps, so that an adapter is
/// checked against the platform's documented wire contract. Each adapter's test file maps what the platform's reference
/// says (and cites it). Stopped when disposed.
/// <code>
/// await using var x = await FakePlatform.StartAsync(app => app.MapPost("/2/tweets", () => Results.Json(new { data = new { id = "1", text = "…" } }, statusCode: 201)));
/// // configure the app with Connectors:X:ApiBase = x.BaseUrl
/// </code>
/// </summary>
public sealed class FakePlatform : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakePlatform(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    /// <summary>The server's root, e.g. http://127.0.0.1:41234/ .</summary>
    public Uri BaseUri { get; }

    public string BaseUrl => BaseUri.ToString().TrimEnd('/');

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>The requests to <paramref name="path"/> (any method when null).</summary>
    public IReadOnlyList<RecordedRequest> To(string path, string? method = null) =>
        [.. Requests.Where(r => r.Path == path && (method is null || string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase)))];

    public static async Task<FakePlatform> StartAsync(Action<WebApplication> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakePlatform? fake = null;
        app.Use(async (context, next) =>
        {
            context.Request.EnableBuffering();
            using var reader = new StreamReader(context.Request.Body, leaveOpen: true);
            var body = await reader.ReadToEndAsync();
            context.Request.Body.Position = 0;
            var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            fake!.Requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "", headers, body));
            await next();
        });
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake = new FakePlatform(app, new Uri(address.TrimEnd('/') + "/"));
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
