using MuniSocial.Tests.Features.Accounts;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Features.Posts;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Posts;

/// <summary>One concurrency contract on every posts resource that can change: ETag on read, optional If-Match on change, body version deprecated but honoured.</summary>
public sealed class PostsApiConcurrencyTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static string ETagOf(HttpResponseMessage r) => r.Headers.ETag?.Tag ?? throw new Xunit.Sdk.XunitException($"no ETag on {(int)r.StatusCode} {r.RequestMessage?.RequestUri}");

    private static HttpRequestMessage Send(HttpMethod method, string url, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return request;
    }

    private static async Task AssertConcurrencyAsync(HttpResponseMessage r)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.Conflict, $"expected 409, got {(int)r.StatusCode}: {body}");
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal("concurrency", problem.GetProperty("rule").GetString());
        Assert.Contains("他の職員が同時に", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private Task<int> AuditCountAsync(string entityId) => app.DbAsync(db => db.AuditEntries.CountAsync(e => e.EntityId == entityId));

    [Fact]
    public async Task A_post_answers_its_ETag_and_refuses_a_stale_If_Match()
    {
        var account = await app.ListedAccountAsync();
        var op = await app.ApiAsync("demo-operator");
        var created = await op.PostAsJsonAsync("/api/v1/posts", new { accountId = account, text = "流氷の便りです。" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var read = await op.GetAsync($"/api/v1/posts/{id}");
        var etag = ETagOf(read);
        Assert.Equal(ETagOf(created), etag);
        var version = (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32();
        Assert.Equal($"\"{version}\"", etag);

        // Someone else's change since: a stale If-Match is refused and nothing changes.
        var audits = await AuditCountAsync(id.ToString());
        await AssertConcurrencyAsync(await op.SendAsync(Send(HttpMethod.Put, $"/api/v1/posts/{id}", new { text = "上書き" }, $"\"{version + 5}\"")));
        await AssertConcurrencyAsync(await op.SendAsync(Send(HttpMethod.Post, $"/api/v1/posts/{id}/submit", new { acknowledged = Array.Empty<string>() }, "\"not-a-version\"")));
        await AssertConcurrencyAsync(await op.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/posts/{id}/media/{Guid.NewGuid()}") { Headers = { { "If-Match", $"\"{version + 1}\"" } } }));
        var unchanged = await app.DbAsync(db => db.Posts.AsNoTracking().SingleAsync(p => p.Id == id));
        Assert.Equal(("流氷の便りです。", version), (unchanged.Text, unchanged.Version));
        Assert.Equal(audits, await AuditCountAsync(id.ToString()));

        // The matching ETag (weak or strong): the change goes through and answers the new ETag.
        var changed = await op.SendAsync(Send(HttpMethod.Put, $"/api/v1/posts/{id}", new { text = "流氷の便りです（紋別）。" }, etag));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal($"\"{version + 1}\"", ETagOf(changed));
        Assert.Equal(version + 1, (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        var again = await op.SendAsync(Send(HttpMethod.Put, $"/api/v1/posts/{id}", new { text = "流氷の便りです（網走）。" }, "W/" + ETagOf(changed)));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal($"\"{version + 2}\"", ETagOf(again));
    }

    [Fact]
    public async Task The_body_version_is_still_honoured()
    {
        var account = await app.ListedAccountAsync();
        var op = await app.ApiAsync("demo-operator");
        var created = await (await op.PostAsJsonAsync("/api/v1/posts", new { accountId = account, text = "花火大会のお知らせ。" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        var version = created.GetProperty("version").GetInt32();

        await AssertConcurrencyAsync(await op.PutAsJsonAsync($"/api/v1/posts/{id}", new { text = "上書き", version = version - 1 }));
        await AssertConcurrencyAsync(await op.PostAsJsonAsync($"/api/v1/posts/{id}/submit", new { acknowledged = Array.Empty<string>(), version = version + 1 }));
        // Body and header must both match when both are sent.
        await AssertConcurrencyAsync(await op.SendAsync(Send(HttpMethod.Put, $"/api/v1/posts/{id}", new { text = "上書き", version = version - 1 }, $"\"{version}\"")));
        Assert.Equal("花火大会のお知らせ。", await app.DbAsync(db => db.Posts.Where(p => p.Id == id).Select(p => p.Text).SingleAsync()));

        var ok = await op.PutAsJsonAsync($"/api/v1/posts/{id}", new { text = "花火大会のお知らせです。", version });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal($"\"{version + 1}\"", ETagOf(ok));
    }

    [Fact]
    public async Task Section_settings_answer_an_ETag_and_refuse_a_stale_If_Match()
    {
        var head = await app.ApiAsync("demo-head2");
        var section = (await app.ActorAsync("demo-head2")).SectionId!.Value;
        var read = await head.GetAsync($"/api/v1/sections/{section}/post-settings");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var etag = ETagOf(read);
        var version = (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32();
        Assert.Equal($"\"{version}\"", etag);
        var audits = await AuditCountAsync(section.ToString());

        await AssertConcurrencyAsync(await head.SendAsync(Send(HttpMethod.Put, $"/api/v1/sections/{section}/post-settings", new { preApproved = new[] { "A" }, secondCheck = "Optional" }, $"\"{version + 1}\"")));
        Assert.Equal(audits, await AuditCountAsync(section.ToString()));
        Assert.Equal(version, await app.DbAsync(async db => (await db.SectionSettingsAsync(section)).Version));

        var saved = await head.SendAsync(Send(HttpMethod.Put, $"/api/v1/sections/{section}/post-settings", new { preApproved = new[] { "A" }, secondCheck = "Optional" }, etag));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal($"\"{version + 1}\"", ETagOf(saved));
        Assert.Equal(audits + 1, await AuditCountAsync(section.ToString()));
    }

    [Fact]
    public async Task Content_check_settings_answer_an_ETag_and_refuse_a_stale_If_Match_or_version()
    {
        var pr = await app.ApiAsync("demo-pr");
        var read = await pr.GetAsync("/api/v1/content-check/settings");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var etag = ETagOf(read);
        var settings = await read.Content.ReadFromJsonAsync<JsonElement>();
        var version = settings.GetProperty("version").GetInt32();
        Assert.Equal($"\"{version}\"", etag);
        object Body(string extra, int? v = null) => new
        {
            expressions = settings.GetProperty("expressions").GetString() + "\n" + extra,
            confidentialMarkers = settings.GetProperty("confidentialMarkers").GetString(),
            decisionMarkers = settings.GetProperty("decisionMarkers").GetString(),
            exceptions = settings.GetProperty("exceptions").GetString(),
            shortenerHosts = settings.GetProperty("shortenerHosts").GetString(),
            ownDomains = settings.GetProperty("ownDomains").GetString(),
            errorKinds = settings.GetProperty("errorKinds").EnumerateArray().Select(k => k.GetString()).ToArray(),
            version = v,
        };

        await AssertConcurrencyAsync(await pr.SendAsync(Send(HttpMethod.Put, "/api/v1/content-check/settings", Body("ちんぷんかん"), $"\"{version + 3}\"")));
        await AssertConcurrencyAsync(await pr.PutAsJsonAsync("/api/v1/content-check/settings", Body("ちんぷんかん", version + 3)));
        Assert.DoesNotContain("ちんぷんかん", await app.DbAsync(async db => (await db.CheckSettingsAsync()).Expressions), StringComparison.Ordinal);

        var saved = await pr.SendAsync(Send(HttpMethod.Put, "/api/v1/content-check/settings", Body("ちんぷんかん"), etag));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal($"\"{version + 1}\"", ETagOf(saved));
        Assert.Contains("ちんぷんかん", await app.DbAsync(async db => (await db.CheckSettingsAsync()).Expressions), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_has_schemas_for_the_post_and_settings_bodies_and_marks_the_body_version_deprecated()
    {
        var doc = await app.Anonymous().GetJsonAsync("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        var schemas = doc.GetProperty("components").GetProperty("schemas");

        // A named schema ($ref), also when the body is optional (oneOf null or the schema); never an empty object.
        JsonElement Resolve(JsonElement schema)
        {
            if (schema.TryGetProperty("oneOf", out var choices))
            {
                schema = choices.EnumerateArray().Single(c => c.TryGetProperty("$ref", out _));
            }
            Assert.True(schema.TryGetProperty("$ref", out var r) || schema.TryGetProperty("items", out _), $"an inline schema: {schema}");
            return r.ValueKind == JsonValueKind.String ? schemas.GetProperty(r.GetString()!.Split('/').Last()) : schema;
        }
        JsonElement ResponseSchema(string path, string method, string code) =>
            Resolve(paths.GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty(code).GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        JsonElement RequestSchema(string path, string method) =>
            Resolve(paths.GetProperty(path).GetProperty(method).GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));

        var detail = ResponseSchema("/api/v1/posts/{id}", "get", "200");
        foreach (var field in new[] { "id", "status", "version", "text", "findings", "media", "rounds", "author" })
        {
            Assert.True(detail.GetProperty("properties").TryGetProperty(field, out _), $"PostDetail has no {field}");
        }
        Assert.True(ResponseSchema("/api/v1/posts/{id}/review", "post", "200").GetProperty("properties").TryGetProperty("statusLabel", out _));
        Assert.True(ResponseSchema("/api/v1/sections/{sectionId}/post-settings", "get", "200").GetProperty("properties").TryGetProperty("preApproved", out _));
        Assert.True(ResponseSchema("/api/v1/sections/{sectionId}/post-settings", "put", "200").GetProperty("properties").TryGetProperty("secondCheck", out _));
        Assert.True(ResponseSchema("/api/v1/content-check/settings", "get", "200").GetProperty("properties").TryGetProperty("errorKinds", out _));
        Assert.True(ResponseSchema("/api/v1/content-check", "post", "200").GetProperty("properties").TryGetProperty("findings", out _));
        Assert.True(ResponseSchema("/api/v1/posts", "get", "200").TryGetProperty("items", out _));
        Assert.True(paths.GetProperty("/api/v1/posts/{id}/media").GetProperty("post").GetProperty("responses").TryGetProperty("201", out _));

        foreach (var (path, method) in new[] { ("/api/v1/posts/{id}", "put"), ("/api/v1/posts/{id}/submit", "post"), ("/api/v1/posts/{id}/review", "post"),
                     ("/api/v1/posts/{id}/publish", "post"), ("/api/v1/sections/{sectionId}/post-settings", "put"), ("/api/v1/content-check/settings", "put") })
        {
            var version = RequestSchema(path, method).GetProperty("properties").GetProperty("version");
            Assert.True(version.TryGetProperty("deprecated", out var deprecated) && deprecated.GetBoolean(), $"{method} {path}: body version is not marked deprecated");
            Assert.Contains("If-Match", version.GetProperty("description").GetString(), StringComparison.Ordinal);
            var operation = paths.GetProperty(path).GetProperty(method);
            Assert.True(operation.TryGetProperty("operationId", out _), $"{method} {path} has no operationId");
            Assert.True(operation.GetProperty("responses").TryGetProperty("409", out _), $"{method} {path} does not document 409");
        }
    }
}
