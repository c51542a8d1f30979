using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace MuniSocial.Tests.Infrastructure.Connectors;

/// <summary>An account made on the reference PDS: its DID, handle, password and an app password for the adapter.</summary>
public sealed record PdsAccount(string Did, string Handle, string Password, string AppPassword, string AccessJwt);

/// <summary>
/// The real AT Protocol reference server (@atproto/dev-env's PDS) that ./test starts and names in MUNISOCIAL_TEST_PDS.
/// A test that needs it fails with a clear message when the variable is missing: it is never skipped.
/// </summary>
public static class ReferencePds
{
    public static Uri Url
    {
        get
        {
            var url = Environment.GetEnvironmentVariable("MUNISOCIAL_TEST_PDS");
            if (string.IsNullOrWhiteSpace(url))
            {
                Assert.Fail("MUNISOCIAL_TEST_PDS is not set: the Bluesky adapter is tested against the reference PDS that ./test starts " +
                    "(or start it by hand: bash tests/bluesky-pds/install.sh, then node tests/bluesky-pds/start.mjs, and set MUNISOCIAL_TEST_PDS to the PDS_URL it prints).");
            }
            return new Uri(url.TrimEnd('/') + "/");
        }
    }

    public static Dictionary<string, string?> Settings() => new() { ["Connectors:Bluesky:ApiBase"] = Url.ToString() };

    /// <summary>com.atproto.server.createAccount, then com.atproto.server.createAppPassword (the reference PDS has it).</summary>
    public static async Task<PdsAccount> CreateAccountAsync()
    {
        using var http = new HttpClient { BaseAddress = Url };
        var handle = $"n{Guid.NewGuid().ToString("N")[..10]}.test";
        var password = "pw-" + Guid.NewGuid().ToString("N");
        using var created = await http.PostAsJsonAsync("xrpc/com.atproto.server.createAccount", new { handle, email = $"{handle}@example.com", password });
        var account = await Json(created);
        var access = account.GetProperty("accessJwt").GetString()!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "xrpc/com.atproto.server.createAppPassword") { Content = JsonContent.Create(new { name = "munisocial" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access);
        using var appPassword = await http.SendAsync(request);
        return new PdsAccount(account.GetProperty("did").GetString()!, handle, password, (await Json(appPassword)).GetProperty("password").GetString()!, access);
    }

    /// <summary>A post made straight on the PDS by <paramref name="author"/> (a citizen's post or reply): its uri and cid.</summary>
    public static async Task<(string Uri, string Cid)> PostAsync(PdsAccount author, string text)
    {
        using var http = new HttpClient { BaseAddress = Url };
        using var request = new HttpRequestMessage(HttpMethod.Post, "xrpc/com.atproto.repo.createRecord")
        {
            Content = JsonContent.Create(new Dictionary<string, object>
            {
                ["repo"] = author.Did,
                ["collection"] = "app.bsky.feed.post",
                ["record"] = new Dictionary<string, object> { ["$type"] = "app.bsky.feed.post", ["text"] = text, ["createdAt"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture) },
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", author.AccessJwt);
        using var answer = await http.SendAsync(request);
        var json = await Json(answer);
        return (json.GetProperty("uri").GetString()!, json.GetProperty("cid").GetString()!);
    }

    /// <summary>com.atproto.repo.listRecords of the account's posts, as the PDS has them.</summary>
    public static async Task<IReadOnlyList<JsonElement>> PostsOfAsync(string did)
    {
        using var http = new HttpClient { BaseAddress = Url };
        using var answer = await http.GetAsync($"xrpc/com.atproto.repo.listRecords?repo={Uri.EscapeDataString(did)}&collection=app.bsky.feed.post&limit=100");
        return [.. (await Json(answer)).GetProperty("records").EnumerateArray()];
    }

    private static async Task<JsonElement> Json(HttpResponseMessage answer)
    {
        var body = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.IsSuccessStatusCode, $"{answer.RequestMessage?.RequestUri}: {(int)answer.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
