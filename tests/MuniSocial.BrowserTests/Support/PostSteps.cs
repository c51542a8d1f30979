using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MuniSocial.BrowserTests.Support;

/// <summary>The steps of a post's page that several journeys take: a check or approval decision, and the publication record.</summary>
public static class PostSteps
{
    public static async Task ReviewAsync(IPage page, string id, string decision, string expectedStatus)
    {
        await page.GotoAsync($"/posts/{id}");
        await page.GetByLabel(decision, new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "記録する" }).ClickAsync();
        await Expect(page.Locator("main .status")).ToHaveTextAsync(expectedStatus);
    }

    /// <summary>Records the post as published now (Asia/Tokyo) at <paramref name="url"/>; the page then links to it.</summary>
    public static async Task PublishAsync(IPage page, string id, string url)
    {
        await page.GotoAsync($"/posts/{id}");
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        await page.GetByLabel("公開した投稿のURL", new() { Exact = true }).FillAsync(url);
        await page.GetByLabel("公開日時", new() { Exact = true }).FillAsync(now.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ（内容を確認する）" }).ClickAsync();
        // Check your answers, then the confirmation page; the post page then shows it published.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("公開の記録を確認してください");
        await page.GetByRole(AriaRole.Button, new() { Name = "公開を記録する", Exact = true }).ClickAsync();
        await page.WaitForURLAsync($"**/posts/{id}/done/record");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("公開を記録しました");
        await page.GetByRole(AriaRole.Link, new() { Name = "投稿の画面に戻る" }).ClickAsync();
        await Expect(page.Locator("main .status")).ToHaveTextAsync("公開済み");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = url, Exact = true })).ToHaveAttributeAsync("href", url);
    }
}
