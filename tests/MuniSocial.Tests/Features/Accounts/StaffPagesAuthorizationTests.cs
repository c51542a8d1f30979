using System.Net;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Accounts;

/// <summary>
/// Who may open and post every staff page of the account registry: anonymous → login, admin → 403,
/// another section's account → 404 (its existence is not revealed), head-only and PR-only actions → 403,
/// a post without the antiforgery token → 400. Only refusals are posted, so the demo data stays as it is.
/// </summary>
public sealed class StaffPagesAuthorizationTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly string[] PageUrls =
    [
        "/accounts", "/accounts/new", "/accounts/{listed}", "/accounts/{draft}/edit", "/accounts/{listed}/delisting",
        "/review", "/review/{requested}", "/terms", "/terms/edit",
    ];

    private static readonly string[] PostUrls =
    [
        "/accounts/new", "/accounts/{draft}/edit", "/accounts/{draft}?handler=RequestListing", "/accounts/{listed}?handler=StartRevision",
        "/accounts/{listed}?handler=SubmitRevision", "/accounts/{listed}?handler=DiscardRevision", "/accounts/{listed}/delisting",
        "/review/{requested}?handler=List", "/review/{requested}?handler=Return", "/review/{listed}?handler=AcceptRevision",
        "/review/{delisting}?handler=Delist", "/terms/edit",
    ];

    public static TheoryData<string, string, int> Pages()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var url in PageUrls)
        {
            data.Add("", url, 302);
            data.Add("demo-admin", url, 403);
        }
        // Another section's staff: the account does not exist for them; the PR pages are forbidden.
        data.Add("demo-operator2", "/accounts", 200);
        data.Add("demo-operator2", "/accounts/new", 200);
        data.Add("demo-operator2", "/accounts/{listed}", 404);
        data.Add("demo-operator2", "/accounts/{draft}/edit", 404);
        data.Add("demo-operator2", "/accounts/{listed}/delisting", 404);
        data.Add("demo-operator2", "/accounts/00000000-0000-0000-0000-000000000001", 404);
        foreach (var url in new[] { "/review", "/review/{requested}", "/terms", "/terms/edit" })
        {
            data.Add("demo-operator2", url, 403);
            data.Add("demo-operator", url, 403);
            data.Add("demo-head", url, 403);
            data.Add("demo-pr", url, 200);
        }
        // The section's own staff; the 削除依頼 is the head's.
        data.Add("demo-operator", "/accounts/{listed}", 200);
        data.Add("demo-operator", "/accounts/{draft}/edit", 200);
        data.Add("demo-operator", "/accounts/{listed}/delisting", 403);
        data.Add("demo-head", "/accounts/{listed}/delisting", 200);
        // The PR office sees every account but edits only its own section's.
        data.Add("demo-pr", "/accounts/{listed}", 200);
        data.Add("demo-pr", "/accounts/{draft}/edit", 403);
        data.Add("demo-pr", "/accounts/{listed}/delisting", 403);
        data.Add("demo-pr", "/review/00000000-0000-0000-0000-000000000001", 404);
        return data;
    }

    public static TheoryData<string, string, int> Posts()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var url in PostUrls)
        {
            data.Add("", url, 302);
            data.Add("demo-admin", url, 403);
            // Signed in as someone the page lets in, but without the token.
            data.Add(url.StartsWith("/accounts", StringComparison.Ordinal) ? "demo-head!notoken" : "demo-pr!notoken", url, 400);
        }
        foreach (var url in PostUrls.Where(u => u.Contains('{', StringComparison.Ordinal)))
        {
            data.Add("demo-operator2", url, url.StartsWith("/accounts", StringComparison.Ordinal) ? 404 : 403);
        }
        // Head-only and PR-only actions tried by an operator of the section.
        data.Add("demo-operator", "/accounts/{draft}?handler=RequestListing", 403);
        data.Add("demo-operator", "/accounts/{listed}?handler=SubmitRevision", 403);
        data.Add("demo-operator", "/accounts/{listed}/delisting", 403);
        data.Add("demo-operator", "/review/{requested}?handler=List", 403);
        data.Add("demo-operator", "/review/{requested}?handler=Return", 403);
        data.Add("demo-operator", "/review/{delisting}?handler=Delist", 403);
        data.Add("demo-operator", "/terms/edit", 403);
        data.Add("demo-head", "/review/{listed}?handler=AcceptRevision", 403);
        // The PR office does not act for another section.
        data.Add("demo-pr", "/accounts/{listed}?handler=StartRevision", 403);
        data.Add("demo-pr", "/accounts/{draft}/edit", 403);
        data.Add("demo-pr", "/accounts/{listed}/delisting", 403);
        return data;
    }

    private async Task<string> ResolveAsync(string url)
    {
        var names = new Dictionary<string, string>
        {
            ["{listed}"] = "名寄市観光情報（デモ）",
            ["{draft}"] = "なよろ もち米の里（デモ・作成中）",
            ["{requested}"] = "名寄市観光動画チャンネル（デモ）",
            ["{delisting}"] = "名寄ピヤシリスキー場（デモ）",
        };
        foreach (var (placeholder, name) in names)
        {
            if (url.Contains(placeholder, StringComparison.Ordinal))
            {
                url = url.Replace(placeholder, (await app.AccountIdAsync(name)).ToString(), StringComparison.Ordinal);
            }
        }
        return url;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_access(string user, string url, int expected)
    {
        var client = user.Length == 0 ? app.Anonymous() : await app.SignInAsync(user);
        var response = await client.GetAsync(await ResolveAsync(url));
        Assert.Equal(expected, (int)response.StatusCode);
        if (expected == 302)
        {
            Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Posts))]
    public async Task Post_access(string user, string url, int expected)
    {
        var withoutToken = user.EndsWith("!notoken", StringComparison.Ordinal);
        var userName = user.Replace("!notoken", "", StringComparison.Ordinal);
        var client = userName.Length == 0 ? app.Anonymous() : await app.SignInAsync(userName);
        var fields = new Dictionary<string, string> { ["Input.Reason"] = "権限の確認", ["Input.AccountName"] = "権限の確認" };
        if (userName.Length > 0 && !withoutToken)
        {
            fields["__RequestVerificationToken"] = await client.TokenAsync();
        }
        var target = await ResolveAsync(url);
        var before = await app.DbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.AuditEntries));
        var response = await client.PostAsync(target, new FormUrlEncodedContent(fields));
        Assert.Equal(expected, (int)response.StatusCode);
        if (expected == 302)
        {
            Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
        Assert.Equal(before, await app.DbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.AuditEntries)));
    }

    [Fact]
    public async Task A_refused_post_is_answered_with_a_status_not_a_crash()
    {
        var head = await app.SignInAsync("demo-head");
        var response = await head.PostAsync("/accounts/00000000-0000-0000-0000-000000000001?handler=RequestListing",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = await head.TokenAsync() }));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
