using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using MuniSocial.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace MuniSocial.BrowserTests;

/// <summary>
/// Issue 13 item 1 in the browser: a post awaiting the head's 了承 (made through the API by the operator and checked by a
/// colleague) is on the head's home page under its heading, the navigation counts it, and the link opens the post;
/// each role's home page lists its own waiting work, or says there is none.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WaitingWorkTests(BrowserApp app)
{
    private async Task<HttpClient> ApiAsync(string userName)
    {
        var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var token = await (await client.PostAsJsonAsync("/api/v1/auth/token", new { userName, password = BrowserApp.Password })).Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>A post of demo-operator on the demo's listed 観光情報 account, submitted and checked by demo-operator3 until it waits for 了承.</summary>
    private async Task<string> PostAwaitingApprovalAsync(string text)
    {
        var op = await ApiAsync("demo-operator");
        var accounts = await op.GetFromJsonAsync<JsonElement>("/api/v1/accounts");
        var list = accounts.ValueKind == JsonValueKind.Array ? accounts : accounts.GetProperty("items");
        var account = list.EnumerateArray().First(a => a.GetProperty("status").GetString() == "Listed"
            && (a.GetProperty("accountName").GetString() ?? "").Contains("観光情報", StringComparison.Ordinal)).GetProperty("id").GetString();
        var created = await op.PostAsJsonAsync("/api/v1/posts", new { accountId = account, kind = "Post", text });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        // Every warning of the post's content check acknowledged, and 運用時間外 (the machine's hour may be outside them).
        var view = await op.GetFromJsonAsync<JsonElement>($"/api/v1/posts/{id}");
        var warnings = view.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("severity").GetString() == "Warning")
            .Select(f => f.GetProperty("key").GetString()).Append("outside-hours:").ToArray(); // the hour is checked at the submission
        var submitted = await op.PostAsJsonAsync($"/api/v1/posts/{id}/submit", new { acknowledged = warnings, requestCheck = true });
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
        if ((await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString() == "AwaitingCheck")
        {
            var colleague = await ApiAsync("demo-operator3");
            (await colleague.PostAsJsonAsync($"/api/v1/posts/{id}/review", new { decision = "Approve" })).EnsureSuccessStatusCode();
        }
        return id;
    }

    [Fact]
    public async Task The_heads_home_lists_the_post_awaiting_approval_with_a_count_in_the_navigation_and_the_link_opens_it()
    {
        var text = $"了承待ちの投稿（ブラウザ {Guid.NewGuid().ToString("N")[..6]}）";
        var post = await PostAwaitingApprovalAsync(text);

        var head = await app.SignedInPageAsync("demo-head");
        await head.GotoAsync("/home");
        var section = head.Locator("#waiting-work");
        await Expect(section.GetByRole(AriaRole.Heading, new() { Name = "了承を待っている投稿" })).ToBeVisibleAsync();
        var link = section.Locator($"ul[data-kind=PostAwaitingApproval] a[href='/posts/{post}']");
        await Expect(link).ToContainTextAsync(text[..10]);
        var onPosts = await section.Locator("ul[data-kind=PostAwaitingApproval] li, ul[data-kind=PublicationFailed] li").CountAsync();
        var badge = head.Locator("header nav a[href='/posts'] .work-badge");
        await Expect(badge).ToHaveTextAsync(onPosts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(head.Locator("header nav a[href='/posts']")).ToContainTextAsync($"対応待ち {onPosts}件");
        await BrowserApp.ScreenshotAsync(head, "work-01-head-home");
        await Axe.AssertAccessibleAsync(head);

        await link.ClickAsync();
        await head.WaitForURLAsync($"**/posts/{post}");
        await Expect(head.Locator("main")).ToContainTextAsync(text);

        // The author does not see it as work waiting for them; a colleague of another section does not see it at all.
        var other = await app.SignedInPageAsync("demo-head2");
        await other.GotoAsync("/home");
        await Expect(other.Locator("#waiting-work")).ToBeVisibleAsync();
        await Expect(other.Locator($"#waiting-work a[href='/posts/{post}']")).ToHaveCountAsync(0);
        await head.Context.CloseAsync();
        await other.Context.CloseAsync();
    }

    [Theory]
    [InlineData("demo-operator")]
    [InlineData("demo-pr")]
    [InlineData("demo-admin")]
    public async Task Each_roles_home_shows_its_waiting_work_under_headings_with_links(string user)
    {
        var page = await app.SignedInPageAsync(user);
        await page.GotoAsync("/home");
        var section = page.Locator("#waiting-work");
        await Expect(section.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToContainTextAsync("あなたを待っている作業");
        var items = await section.Locator("li.work-item").CountAsync();
        if (items == 0)
        {
            await Expect(section).ToContainTextAsync("いま、あなたを待っている作業はありません。");
        }
        else
        {
            await Expect(section.Locator("li.work-item a").First).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^/"));
            await Expect(page.Locator("header nav a[href='/home'] .work-badge")).ToHaveTextAsync(items.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        await BrowserApp.ScreenshotAsync(page, $"work-02-home-{user}");
        await Axe.AssertAccessibleAsync(page);
        await page.Context.CloseAsync();
    }
}
