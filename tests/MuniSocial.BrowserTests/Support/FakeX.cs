using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MuniSocial.BrowserTests.Support;

/// <summary>One request as the fake X received it.</summary>
public sealed record XCall(string Method, string Path, string Query, string? Authorization, string Body);

/// <summary>One post on the fake account's timeline.</summary>
public sealed record XTweet(string Id, string Text, DateTimeOffset CreatedAt);

/// <summary>
/// X API v2 at the edge of the world for the browser journeys (the browser test project cannot reference the main
/// suite's <c>FakePlatform</c>, so this is its small twin): a Kestrel app on 127.0.0.1 (a free port) that records every
/// call and answers what <c>XConnector</c> asks. <c>POST /2/tweets</c> → 201 <c>{"data":{"id","text"}}</c> and the post
/// joins the timeline; <c>GET /2/users/{id}/tweets</c> → the timeline newest first with <c>created_at</c>;
/// <c>GET /2/users/{id}/mentions</c> → none. Started at construction (before the app that calls it), stopped when disposed.
/// </summary>
public sealed class FakeX : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<XTweet> _timeline = new();
    private long _nextId = 1_950_000_000_000_000_000;

    public FakeX()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            Calls.Enqueue(new XCall(context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "",
                context.Request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null, body));
            context.Items["body"] = body;
            await next();
        });
        // https://docs.x.com/x-api/posts/create-post
        _app.MapPost("/2/tweets", (HttpContext context) =>
        {
            using var json = System.Text.Json.JsonDocument.Parse((string)context.Items["body"]!);
            var text = json.RootElement.GetProperty("text").GetString() ?? "";
            var tweet = Add(text, DateTimeOffset.UtcNow);
            return Results.Json(new { data = new { id = tweet.Id, text = tweet.Text } }, statusCode: 201);
        });
        // https://docs.x.com/x-api/users/get-posts
        _app.MapGet("/2/users/{id}/tweets", (string id) =>
        {
            var data = _timeline.OrderByDescending(t => t.CreatedAt)
                .Select(t => new { id = t.Id, text = t.Text, created_at = t.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) })
                .ToList();
            return data.Count == 0
                ? Results.Json(new { meta = new { result_count = 0 } })
                : Results.Json(new { data, meta = new { result_count = data.Count, newest_id = data[0].id, oldest_id = data[^1].id } });
        });
        // https://docs.x.com/x-api/users/get-mentions
        _app.MapGet("/2/users/{id}/mentions", (string id) => Results.Json(new { meta = new { result_count = 0 } }));
        _app.Start();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = address.TrimEnd('/');
    }

    /// <summary>The server's root, e.g. http://127.0.0.1:41234 (the app's <c>Connectors:X:ApiBase</c>).</summary>
    public string BaseUrl { get; }

    public ConcurrentQueue<XCall> Calls { get; } = new();

    /// <summary>The account's posts as X holds them, in the order they were made.</summary>
    public IReadOnlyList<XTweet> Timeline => [.. _timeline];

    /// <summary>The calls to <paramref name="path"/> with <paramref name="method"/>.</summary>
    public IReadOnlyList<XCall> To(string method, string path) =>
        [.. Calls.Where(c => c.Path == path && string.Equals(c.Method, method, StringComparison.OrdinalIgnoreCase))];

    /// <summary>A post on the account's timeline, as if someone had posted it on X at <paramref name="at"/>.</summary>
    public XTweet Add(string text, DateTimeOffset at)
    {
        var tweet = new XTweet(Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture), text, at);
        _timeline.Enqueue(tweet);
        return tweet;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
