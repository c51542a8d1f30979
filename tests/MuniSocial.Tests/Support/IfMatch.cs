using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MuniSocial.Tests.Support;

/// <summary>The API's concurrency contract as tests see it: the ETag a response answers, a request with If-Match, the one 409.</summary>
public static class IfMatch
{
    public static string ETagOf(HttpResponseMessage r) =>
        r.Headers.ETag?.Tag ?? throw new Xunit.Sdk.XunitException($"no ETag on {(int)r.StatusCode} {r.RequestMessage?.Method} {r.RequestMessage?.RequestUri}");

    /// <summary>A request with a JSON body (none when <paramref name="body"/> is null) and, when given, If-Match.</summary>
    public static HttpRequestMessage Request(HttpMethod method, string url, object? body, string? ifMatch)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return request;
    }

    /// <summary>409, rule "concurrency", the API's one message.</summary>
    public static async Task AssertConcurrencyAsync(HttpResponseMessage r)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.Conflict, $"expected 409, got {(int)r.StatusCode}: {body}");
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal("concurrency", problem.GetProperty("rule").GetString());
        Assert.Equal(MuniSocial.Infrastructure.Api.Concurrency.Message, problem.GetProperty("detail").GetString());
    }
}
