using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Infrastructure.Connectors;

/// <summary>
/// A <see cref="FakePlatform"/> shared by the tests of one class, each test scripting its own answers under the token it
/// uses (the bearer token, the <c>access_token</c> or the <c>refresh_token</c> of the request): an answer per
/// (token, method, path), given in order, the last one repeated. A request nobody scripted gets a 404 problem.
/// </summary>
public sealed class ScriptedPlatform : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string Tenant, string Method, string Path), ConcurrentQueue<Func<HttpContext, Task>>> _answers = new();

    private ScriptedPlatform() { }

    public FakePlatform Fake { get; private set; } = null!;

    public static async Task<ScriptedPlatform> StartAsync()
    {
        var scripted = new ScriptedPlatform();
        scripted.Fake = await FakePlatform.StartAsync(app => app.Run(scripted.AnswerAsync));
        return scripted;
    }

    /// <summary>What the platform answers to <paramref name="tenant"/>'s next request to <paramref name="method"/> <paramref name="path"/>.</summary>
    public ScriptedPlatform On(string tenant, string method, string path, Func<HttpContext, Task> answer)
    {
        _answers.GetOrAdd((tenant, method, path), _ => new()).Enqueue(answer);
        return this;
    }

    public ScriptedPlatform On(string tenant, string method, string path, int status, string json, params (string Name, string Value)[] headers) =>
        On(tenant, method, path, Json(status, json, headers));

    /// <summary>The requests that carried <paramref name="tenant"/> (in a header, the query or the body), in order.</summary>
    public IReadOnlyList<RecordedRequest> Of(string tenant) =>
        [.. Fake.Requests.Where(r => r.Headers.Values.Any(v => v.Contains(tenant, StringComparison.Ordinal))
            || Uri.UnescapeDataString(r.Query).Contains(tenant, StringComparison.Ordinal)
            || r.Body.Contains(tenant, StringComparison.Ordinal) || Uri.UnescapeDataString(r.Body).Contains(tenant, StringComparison.Ordinal))];

    public static Func<HttpContext, Task> Json(int status, string json, params (string Name, string Value)[] headers) => async context =>
    {
        context.Response.StatusCode = status;
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(json, Encoding.UTF8);
    };

    /// <summary>A platform that does not answer in time: holds the request until the client gives up.</summary>
    public static Func<HttpContext, Task> Hang => async context =>
    {
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(2), context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // the client gave up, as it should
        }
    };

    /// <summary>The query of a request, decoded: name → value.</summary>
    public static Dictionary<string, string> QueryOf(RecordedRequest request) =>
        QueryHelpers.ParseQuery(request.Query).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);

    /// <summary>An application/x-www-form-urlencoded body, decoded: name → value, in the order sent.</summary>
    public static List<KeyValuePair<string, string>> FormOf(RecordedRequest request) =>
        [.. QueryHelpers.ParseQuery(request.Body).Select(p => new KeyValuePair<string, string>(p.Key, p.Value.ToString()))];

    private async Task AnswerAsync(HttpContext context)
    {
        var request = context.Request;
        var tenants = new List<string>();
        if (request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            tenants.Add(auth["Bearer ".Length..]);
        }
        if (request.Query.TryGetValue("access_token", out var queryToken))
        {
            tenants.Add(queryToken.ToString());
        }
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            tenants.AddRange(new[] { "access_token", "refresh_token" }.Where(form.ContainsKey).Select(k => form[k].ToString()));
        }
        var path = request.Path.Value ?? "";
        foreach (var tenant in tenants)
        {
            if (_answers.TryGetValue((tenant, request.Method, path), out var queue))
            {
                var answer = queue.Count > 1 && queue.TryDequeue(out var next) ? next : queue.TryPeek(out var last) ? last : null;
                if (answer is not null)
                {
                    await answer(context);
                    return;
                }
            }
        }
        await Json(404, """{"title":"Not Found Error","detail":"nothing scripted for this request","type":"about:blank","status":404}""")(context);
    }

    public ValueTask DisposeAsync() => Fake.DisposeAsync();
}
