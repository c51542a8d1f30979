using System.Net;
using System.Net.Http.Json;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Comments;

/// <summary>
/// Every comments page and endpoint × who opens it: the section's operator and head and the PR office may; another
/// section's staff get 404 (the comment or account is not revealed); an admin-only user 403; anonymous the sign-in
/// page (pages) or 401 (API). The retention setting is the PR office's and the admin's.
/// </summary>
public sealed class CommentAccessTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Anonymous = "(anonymous)";

    private static readonly string[] Users = ["demo-operator", "demo-head", "demo-operator2", "demo-pr", "demo-admin", Anonymous];

    private static int Expected(string user, int ok, bool prMay = true) => user switch
    {
        "demo-operator" or "demo-head" => ok,
        "demo-pr" => prMay ? ok : 403,
        "demo-operator2" => 404,
        "demo-admin" => 403,
        _ => 0, // anonymous: sign-in redirect or 401
    };

    public static TheoryData<string, string> PageCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var page in new[] { "/accounts/{a}/comments", "/accounts/{a}/comments/new", "/accounts/{a}/comments/import", "/comments/{c}", "/comments", "/comments/settings" })
        {
            foreach (var user in Users)
            {
                data.Add(page, user);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PageCases))]
    public async Task Pages_of_the_inbox(string page, string user)
    {
        var account = await app.ListedAccountAsync(Given.ReplyingPolicy());
        var comment = await app.CommentAsync(account);
        var url = page.Replace("{a}", account.ToString(), StringComparison.Ordinal).Replace("{c}", comment.ToString(), StringComparison.Ordinal);
        var client = user == Anonymous ? app.Anonymous() : await app.SignInAsync(user);

        var response = await client.GetAsync(url);

        if (user == Anonymous)
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/login", response.Headers.Location!.ToString().Replace("http://localhost", "", StringComparison.Ordinal), StringComparison.Ordinal);
            return;
        }
        var expected = page switch
        {
            "/comments" => user == "demo-admin" ? 403 : 200, // the list of one's own sections: another section sees none
            "/comments/settings" => user is "demo-pr" or "demo-admin" ? 200 : 403,
            _ => Expected(user, 200),
        };
        Assert.Equal(expected, (int)response.StatusCode);
        if (page == "/comments" && user == "demo-operator2")
        {
            Assert.DoesNotContain($"/comments/{comment}", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    public static TheoryData<string, string> EndpointCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in new[] { "GET list", "POST record", "GET one", "POST reply", "POST interim-answer", "POST moderation", "POST status" })
        {
            foreach (var user in Users)
            {
                data.Add(endpoint, user);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EndpointCases))]
    public async Task Endpoints_of_the_api(string endpoint, string user)
    {
        var account = await app.ListedAccountAsync(Given.ReplyingPolicy());
        var comment = await app.CommentAsync(account);
        var client = user == Anonymous ? app.Anonymous() : await app.ApiAsync(user);

        var response = endpoint switch
        {
            "GET list" => await client.GetAsync($"/api/v1/accounts/{account}/comments"),
            "POST record" => await client.PostAsJsonAsync($"/api/v1/accounts/{account}/comments", new { text = "質問 " + Guid.NewGuid(), authorHandle = "@citizen" }),
            "GET one" => await client.GetAsync($"/api/v1/comments/{comment}"),
            "POST reply" => await client.PostAsJsonAsync($"/api/v1/comments/{comment}/reply", new { text = "回答します。" }),
            "POST interim-answer" => await client.PostAsJsonAsync($"/api/v1/comments/{comment}/interim-answer", new { text = "確認します。", formalDueOn = "2026-06-30" }),
            "POST moderation" => await client.PostAsJsonAsync($"/api/v1/comments/{comment}/moderation", new { categories = new[] { 5 }, note = "宣伝", action = "Delete" }),
            _ => await client.PostAsJsonAsync($"/api/v1/comments/{comment}/status", new { status = "InProgress" }),
        };

        var ok = endpoint switch
        {
            "POST record" or "POST reply" or "POST interim-answer" => 201,
            _ => 200,
        };
        var expected = user == Anonymous ? 401 : Expected(user, ok, prMay: endpoint is not ("POST reply" or "POST interim-answer"));
        Assert.True(expected == (int)response.StatusCode, $"{endpoint} as {user}: expected {expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
