using System.Net;
using System.Text;
using System.Text.Json;
using MuniSocial.Tests.Support;
using static MuniSocial.Tests.Features.Accounts.AccountsApiKit;

namespace MuniSocial.Tests.Features.Accounts;

/// <summary>Bad input is a 400 ProblemDetails naming the field (never a 500); the OpenAPI document; the public API's shape.</summary>
public sealed class AccountsApiContractTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    public static TheoryData<string, string> BadBodies() => new()
    {
        { "{\"platform\": \"X\", \"accountName\": ", "body" },
        { "[1, 2, 3]", "body" },
        { "{\"periodStart\": \"2026-13-45\"}", "periodStart" },
        { "{\"periodEnd\": \"令和8年4月1日\"}", "periodEnd" },
        { "{\"platform\": \"Myspace\"}", "platform" },
        { "{\"platform\": 99}", "platform" },
        { "{\"replyPolicy\": 7}", "replyPolicy" },
        { "{\"ownerKind\": true}", "ownerKind" },
        { "{\"operatingDays\": [\"Monday\", \"Funday\"]}", "operatingDays" },
        { "{\"operatingDays\": [12]}", "operatingDays" },
        { "{\"accountName\": 42}", "accountName" },
        { "{\"excludeHolidays\": \"yes\"}", "excludeHolidays" },
        { "{\"hoursStart\": \"25:00\"}", "hoursStart" },
        { "{\"hoursEnd\": \"5pm\"}", "hoursEnd" },
        { "{\"unitId\": \"not-a-guid\"}", "unitId" },
        { "{\"acountName\": \"綴り間違い\"}", "acountName" },
        { "{\"operatorIds\": \"abc\"}", "operatorIds" },
        { "{\"sectionId\": 5}", "sectionId" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_body_that_cannot_be_read_is_400_naming_the_field_and_saves_nothing(string body, string field)
    {
        var client = await app.ApiAsync("demo-operator");
        var before = await app.AuditCountAsync();
        var response = await client.PostAsync("/api/v1/accounts", Json(body));
        await ProblemAsync(response, HttpStatusCode.BadRequest, "validation", field);
        Assert.Equal(before, await app.AuditCountAsync());
    }

    [Fact]
    public async Task Bad_bodies_on_updates_and_transitions_are_400_too()
    {
        var id = await app.CompleteDraftAsync();
        var op = await app.ApiAsync("demo-operator");
        await ProblemAsync(await op.PutAsync($"/api/v1/accounts/{id}/policy", Json("{\"periodStart\": 20260601}")), HttpStatusCode.BadRequest, "validation", "periodStart");
        await ProblemAsync(await op.PutAsync($"/api/v1/accounts/{id}/policy", Json("")), HttpStatusCode.BadRequest, "validation", "body");
        await ProblemAsync(await op.PutAsync($"/api/v1/accounts/{id}/operators", Json("{\"operatorIds\": [1, 2]}")), HttpStatusCode.BadRequest, "validation", "operatorIds");
        var plain = await op.PutAsync($"/api/v1/accounts/{id}/policy", new StringContent("accountName=x", Encoding.UTF8, "text/plain"));
        Assert.True(plain.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType, $"got {(int)plain.StatusCode}");
        Assert.Equal("application/problem+json", plain.Content.Headers.ContentType?.MediaType);

        var listed = await app.ListedAsync();
        var head = await app.ApiAsync("demo-head");
        await ProblemAsync(await head.PostAsync($"/api/v1/accounts/{listed}/delisting-request", Json("{\"closedOn\": \"yesterday\", \"deletedOnPlatform\": true}")),
            HttpStatusCode.BadRequest, "validation", "closedOn");
        await ProblemAsync(await head.PostAsync($"/api/v1/accounts/{listed}/delisting-request", Json("{\"closedOn\": \"2026-06-01\", \"deletedOnPlatform\": \"はい\"}")),
            HttpStatusCode.BadRequest, "validation", "deletedOnPlatform");
        await ProblemAsync(await head.PostAsync($"/api/v1/accounts/{listed}/revision", Json("{\"purpose\": ")), HttpStatusCode.BadRequest, "validation", "body");
        await ProblemAsync(await (await app.ApiAsync("demo-pr")).PostAsync($"/api/v1/accounts/{listed}/return", Json("{\"reason\": [\"a\"]}")),
            HttpStatusCode.BadRequest, "validation", "reason");
    }

    [Fact]
    public async Task Bad_query_values_are_400_naming_the_parameter()
    {
        var pr = await app.ApiAsync("demo-pr");
        await ProblemAsync(await pr.GetAsync("/api/v1/accounts?status=Open"), HttpStatusCode.BadRequest, "validation", "status");
        await ProblemAsync(await pr.GetAsync("/api/v1/accounts?status=1"), HttpStatusCode.BadRequest, "validation", "status");
        await ProblemAsync(await pr.GetAsync("/api/v1/accounts?sectionId=abc"), HttpStatusCode.BadRequest, "validation", "sectionId");
        // A malformed id in the path matches no route at all.
        Assert.Equal(HttpStatusCode.NotFound, (await pr.GetAsync("/api/v1/accounts/not-a-guid")).StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_every_route_with_its_answers()
    {
        var doc = await app.Anonymous().GetJsonAsync("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        (string Path, string Method, int[] Codes)[] expected =
        [
            ("/api/v1/accounts", "get", [200, 400, 401, 403]),
            ("/api/v1/accounts", "post", [201, 400, 401, 403, 409]),
            ("/api/v1/accounts/{id}", "get", [200, 401, 403, 404]),
            ("/api/v1/accounts/{id}/policy", "put", [200, 400, 401, 403, 404, 409]),
            ("/api/v1/accounts/{id}/operators", "put", [200, 400, 401, 403, 404, 409]),
            ("/api/v1/accounts/{id}/listing-request", "post", [200, 401, 403, 404, 409]),
            ("/api/v1/accounts/{id}/listing", "post", [200, 401, 403, 404, 409]),
            ("/api/v1/accounts/{id}/return", "post", [200, 400, 401, 403, 404, 409]),
            ("/api/v1/accounts/{id}/revision", "post", [200, 400, 401, 403, 404, 409]),
            ("/api/v1/accounts/{id}/revision-acceptance", "post", [200, 401, 403, 404, 409]),
            ("/api/v1/accounts/{id}/delisting-request", "post", [200, 400, 401, 403, 404, 409]),
            ("/api/v1/accounts/{id}/delisting", "post", [200, 401, 403, 404, 409]),
            ("/api/v1/accounts/{id}/revision-start", "post", [200, 401, 403, 404, 409]),
            ("/api/v1/accounts/{id}/revision-discard", "post", [200, 401, 403, 404, 409]),
            ("/api/v1/terms", "get", [200, 401, 403]),
            ("/api/v1/terms", "post", [201, 400, 401, 403, 409]),
            ("/api/v1/terms/{version}", "get", [200, 401, 403, 404]),
            ("/api/v1/sections/{id}/staff", "get", [200, 401, 403, 404]),
            ("/api/public/accounts", "get", [200]),
            ("/api/public/accounts/{id}", "get", [200, 404, 410]),
            ("/api/public/accounts.csv", "get", [200]),
            ("/api/public/feed.atom", "get", [200]),
            ("/api/public/closed-accounts", "get", [200]),
            ("/api/public/verify", "get", [200]),
        ];
        foreach (var (path, method, codes) in expected)
        {
            var operation = default(JsonElement);
            Assert.True(paths.TryGetProperty(path, out var item) && item.TryGetProperty(method, out operation), $"{method.ToUpperInvariant()} {path} is not in the OpenAPI document");
            Assert.True(operation.TryGetProperty("operationId", out _), $"{method} {path} has no operationId (WithName)");
            var responses = operation.GetProperty("responses");
            foreach (var code in codes)
            {
                Assert.True(responses.TryGetProperty(code.ToString(System.Globalization.CultureInfo.InvariantCulture), out _), $"{method} {path} does not document {code}");
            }
        }
        var post = paths.GetProperty("/api/v1/accounts").GetProperty("post");
        Assert.True(post.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(paths.GetProperty("/api/v1/accounts/{id}").GetProperty("get").TryGetProperty("summary", out _));
        // How to authenticate: a bearer scheme, required on /api/v1 and not on the public API.
        Assert.Equal("bearer", doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
        Assert.True(paths.GetProperty("/api/v1/accounts/{id}/listing").GetProperty("post").TryGetProperty("security", out _));
        Assert.False(paths.GetProperty("/api/public/accounts").GetProperty("get").TryGetProperty("security", out _));
        // Enums are documented as their names.
        var status = doc.GetProperty("components").GetProperty("schemas").GetProperty("AccountStatus");
        Assert.Contains("ListingRequested", status.GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task The_public_list_has_the_policy_the_reply_policy_and_the_terms()
    {
        var id = await app.ListedAsync();
        var list = await app.Anonymous().GetJsonAsync("/api/public/accounts");
        var account = list.EnumerateArray().Single(a => a.GetProperty("id").GetGuid() == id);
        Assert.Equal($"/policies/{id}", account.GetProperty("policyUrl").GetString());
        Assert.Equal("返信しない", account.GetProperty("replyPolicy").GetString());
        Assert.Equal("NoReply", account.GetProperty("replyPolicyCode").GetString());
        Assert.False(string.IsNullOrEmpty(account.GetProperty("replyWording").GetString()));
        Assert.Equal("市の観光情報を発信します。", account.GetProperty("content").GetString());
        Assert.Equal("観光客の増加のため。", account.GetProperty("purpose").GetString());
        Assert.Equal("2026-06-01", account.GetProperty("periodStart").GetString());
        Assert.Contains("月曜日から金曜日まで", account.GetProperty("operatingHours").GetString());
        Assert.Equal("経済部 営業戦略室", account.GetProperty("owner").GetString());
        var terms = account.GetProperty("terms");
        Assert.Equal(12, terms.GetProperty("notices").GetArrayLength());
        Assert.Equal(2, terms.GetProperty("disclaimers").GetArrayLength());
        Assert.False(string.IsNullOrEmpty(terms.GetProperty("intellectualProperty").GetString()));
        Assert.True(terms.GetProperty("version").GetInt32() >= 1);
        // Drafts, requests and closed accounts are never in it.
        Assert.All(list.EnumerateArray(), a => Assert.DoesNotContain("作成中", a.GetProperty("accountName").GetString()));
    }

    [Fact]
    public async Task Verify_tells_official_closed_and_unknown_addresses_apart()
    {
        var client = app.Anonymous();
        async Task<string?> Verdict(string url) =>
            (await client.GetJsonAsync($"/api/public/verify?url={Uri.EscapeDataString(url)}")).GetProperty("verdict").GetString();

        Assert.Equal("official", await Verdict("https://twitter.com/Nayoro_Kanko_Demo"));
        Assert.Equal("official", await Verdict("@nayoro_kanko_demo"));
        Assert.Equal("closed", await Verdict("https://x.com/nayoro_himawari_demo"));
        Assert.Equal("unknown", await Verdict("https://x.com/nayoro_fake_official"));
        Assert.Equal("invalid", await Verdict("not a url"));
        var official = await client.GetJsonAsync($"/api/public/verify?url={Uri.EscapeDataString("https://x.com/nayoro_kanko_demo")}");
        Assert.Equal("名寄市観光情報（デモ）", official.GetProperty("account").GetProperty("accountName").GetString());
        await ProblemAsync(await client.GetAsync("/api/public/verify"), HttpStatusCode.BadRequest, "validation", "url");
    }

    [Fact]
    public async Task Token_endpoint_with_a_broken_body_is_400_not_500()
    {
        var response = await app.Anonymous().PostAsync("/api/v1/auth/token", Json("{\"userName\": "));
        await ProblemAsync(response, HttpStatusCode.BadRequest, "validation", "body");
    }
}
