using System.Net;
using System.Net.Http.Json;
using MuniSocial.Tests.Support;
using static MuniSocial.Tests.Features.Accounts.AccountsApiKit;

namespace MuniSocial.Tests.Features.Accounts;

/// <summary>
/// Every API endpoint × who calls it: no token 401, an admin 403 (no say in content), another section's
/// staff 404 (the account is not revealed), an operator on a head's or the PR office's action 403.
/// </summary>
public sealed class AccountsApiAccessTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Anonymous = "(no token)";

    public static TheoryData<string, string, int> Cases()
    {
        var data = new TheoryData<string, string, int>();
        string[] all =
        [
            "GET accounts", "GET account", "POST accounts", "PUT policy", "PUT operators", "POST listing-request", "POST listing",
            "POST return", "POST revision", "POST revision-acceptance", "POST delisting-request", "POST delisting",
            "POST revision-start", "POST revision-discard", "GET terms", "GET terms/1", "POST terms", "GET section-staff",
        ];
        foreach (var endpoint in all)
        {
            data.Add(endpoint, Anonymous, 401);
            data.Add(endpoint, "demo-admin", 403);
        }
        // Another section's staff: the account (or section) does not exist for them.
        foreach (var endpoint in new[] { "GET account", "PUT policy", "PUT operators", "POST revision-start", "POST revision-discard", "GET section-staff" })
        {
            data.Add(endpoint, "demo-operator2", 404);
        }
        foreach (var endpoint in new[] { "POST listing-request", "POST revision", "POST delisting-request", "GET account", "PUT policy" })
        {
            data.Add(endpoint, "demo-head2", 404);
        }
        // The section head's actions are not the operator's.
        foreach (var endpoint in new[] { "POST listing-request", "POST revision", "POST delisting-request" })
        {
            data.Add(endpoint, "demo-operator", 403);
        }
        // The PR office's actions are not the section's.
        foreach (var endpoint in new[] { "POST listing", "POST return", "POST revision-acceptance", "POST delisting", "POST terms" })
        {
            data.Add(endpoint, "demo-operator", 403);
            data.Add(endpoint, "demo-head", 403);
        }
        // Registering an account in another section is forbidden outright.
        data.Add("POST accounts", "demo-operator2", 403);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Endpoint_answers_by_role_and_section(string endpoint, string user, int expected)
    {
        var accountId = await app.CompleteDraftAsync();
        var sectionId = (await app.UserAsync("demo-operator")).SectionId!.Value;
        var client = user == Anonymous ? app.Anonymous() : await app.ApiAsync(user);
        var auditBefore = await app.AuditCountAsync();
        var a = $"/api/v1/accounts/{accountId}";
        var policy = Policy(UniqueUrl());
        var createBody = new Dictionary<string, object?>(policy) { ["sectionId"] = sectionId };

        var response = endpoint switch
        {
            "GET accounts" => await client.GetAsync("/api/v1/accounts"),
            "GET account" => await client.GetAsync(a),
            "POST accounts" => await client.PostAsJsonAsync("/api/v1/accounts", createBody),
            "PUT policy" => await client.PutAsJsonAsync($"{a}/policy", policy),
            "PUT operators" => await client.PutAsJsonAsync($"{a}/operators", new { operatorIds = Array.Empty<string>() }),
            "POST return" => await client.PostAsJsonAsync($"{a}/return", new { reason = "理由" }),
            "POST revision" => await client.PostAsJsonAsync($"{a}/revision", policy),
            "POST delisting-request" => await client.PostAsJsonAsync($"{a}/delisting-request", new { closedOn = "2026-06-01", closeReason = "終了", deletedOnPlatform = true }),
            "GET terms" => await client.GetAsync("/api/v1/terms"),
            "GET terms/1" => await client.GetAsync("/api/v1/terms/1"),
            "POST terms" => await client.PostAsJsonAsync("/api/v1/terms", new { notices = new[] { "a" }, intellectualProperty = "b", disclaimers = new[] { "c" } }),
            "GET section-staff" => await client.GetAsync($"/api/v1/sections/{sectionId}/staff"),
            _ when endpoint.StartsWith("POST ", StringComparison.Ordinal) => await client.PostAsync($"{a}/{endpoint[5..]}", null),
            _ => throw new ArgumentOutOfRangeException(nameof(endpoint)),
        };

        Assert.True((int)response.StatusCode == expected, $"{endpoint} as {user}: expected {expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        // Every refusal is a ProblemDetails; a 404 is exactly what an id that does not exist gives, so nothing reveals the account.
        var problem = await ProblemAsync(response, (HttpStatusCode)expected);
        if (expected == 404)
        {
            Assert.Equal("見つかりません", problem.GetProperty("title").GetString());
        }
        if (expected == 401)
        {
            Assert.Contains("/api/v1/auth/token", problem.GetProperty("detail").GetString());
        }
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        Assert.Equal(auditBefore, await app.AuditCountAsync());
    }

    [Fact]
    public async Task An_unknown_id_is_404_for_everyone_including_the_PR_office()
    {
        var response = await (await app.ApiAsync("demo-pr")).GetAsync($"/api/v1/accounts/{Guid.NewGuid()}");
        await ProblemAsync(response, HttpStatusCode.NotFound);
        var transition = await (await app.ApiAsync("demo-pr")).PostAsync($"/api/v1/accounts/{Guid.NewGuid()}/listing", null);
        await ProblemAsync(transition, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_PR_office_sees_every_section_but_cannot_edit_another_sections_draft()
    {
        var id = await app.CompleteDraftAsync();
        var pr = await app.ApiAsync("demo-pr");
        Assert.Equal(HttpStatusCode.OK, (await pr.GetAsync($"/api/v1/accounts/{id}")).StatusCode);
        // demo-pr is also an operator, but of 秘書広報課: the domain refuses the edit (403), nothing is saved.
        var before = await app.AuditCountAsync();
        await ProblemAsync(await pr.PutAsJsonAsync($"/api/v1/accounts/{id}/policy", Policy(UniqueUrl())), HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(before, await app.AuditCountAsync());
    }

    [Fact]
    public async Task A_cookie_session_is_not_an_API_credential()
    {
        var browser = await app.SignInAsync("demo-operator");
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/accounts")).StatusCode);
    }
}
