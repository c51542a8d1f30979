using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using MuniSocial.BrowserTests.Support;

namespace MuniSocial.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class PublicPagesTests(BrowserApp app)
{
    [Fact]
    public async Task Public_list_has_no_axe_violations()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        await BrowserApp.ScreenshotAsync(page, "public-list");
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa"] } });
        Assert.Empty(result.Violations);
    }
}
