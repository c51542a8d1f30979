using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Accounts;

/// <summary>Shared steps for the API tests: a complete policy body, creating accounts, reading problems and audit rows.</summary>
internal static class AccountsApiKit
{
    public static Dictionary<string, object?> Policy(string url, string name = "API試験アカウント") => new()
    {
        ["platform"] = "X",
        ["accountName"] = name,
        ["accountUrl"] = url,
        ["content"] = "市の観光情報を発信します。",
        ["purpose"] = "観光客の増加のため。",
        ["periodStart"] = "2026-06-01",
        ["periodEnd"] = "2027-03-31",
        ["operatingDays"] = new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" },
        ["hoursStart"] = "08:45",
        ["hoursEnd"] = "17:30",
        ["replyPolicy"] = "NoReply",
    };

    public static string UniqueUrl() => $"https://x.com/api_test_{Guid.NewGuid():N}"[..40];

    public static async Task<string> UserIdAsync(this AppFactory app, string userName) => (await app.UserAsync(userName)).Id;

    /// <summary>Creates an account through the API as <paramref name="client"/>; asserts 201 and returns its id.</summary>
    public static async Task<Guid> CreateAsync(this AppFactory app, HttpClient client, Dictionary<string, object?> body)
    {
        var response = await client.PostAsJsonAsync("/api/v1/accounts", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create gave {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return json.GetProperty("id").GetGuid();
    }

    /// <summary>A complete Draft of 営業戦略室 with two operators (demo-operator, demo-operator3), created by demo-operator.</summary>
    public static async Task<Guid> CompleteDraftAsync(this AppFactory app, string? url = null)
    {
        var op = await app.ApiAsync("demo-operator");
        var body = Policy(url ?? UniqueUrl());
        body["operatorIds"] = new[] { await app.UserIdAsync("demo-operator"), await app.UserIdAsync("demo-operator3") };
        return await app.CreateAsync(op, body);
    }

    public static async Task<Guid> ListedAsync(this AppFactory app, string? url = null)
    {
        var id = await app.CompleteDraftAsync(url);
        await (await app.ApiAsync("demo-head")).OkAsync($"/api/v1/accounts/{id}/listing-request");
        await (await app.ApiAsync("demo-pr")).OkAsync($"/api/v1/accounts/{id}/listing");
        return id;
    }

    public static async Task<JsonElement> OkAsync(this HttpClient client, string url, object? body = null)
    {
        var response = body is null ? await client.PostAsync(url, null) : await client.PostAsJsonAsync(url, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {url} gave {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} gave {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Asserts a ProblemDetails answer with the status, the rule, and (when given) an error under the field; returns it.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? rule = null, string? field = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonSerializer.Deserialize<JsonElement>(text);
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        if (rule is not null)
        {
            Assert.Equal(rule, json.GetProperty("rule").GetString());
        }
        if (field is not null)
        {
            Assert.True(json.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out var messages) && messages.GetArrayLength() > 0,
                $"no error under '{field}': {text}");
        }
        return json;
    }

    public static Task<int> AuditCountAsync(this AppFactory app) => app.DbAsync(db => db.AuditEntries.CountAsync());
}
