using Microsoft.Playwright;
using MuniSocial.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace MuniSocial.BrowserTests;

/// <summary>
/// Issue 10's pages as the PR office and a citizen see them on a bad day, on the demo data, with axe-core on each:
/// the comments inbox and a comment with its moderation form, the incidents and the open impersonation; the PR office
/// publishes its warning, and a citizen who checks the fake account's address is told it is an impersonation; the crisis
/// switch paused and the banner on staff pages, then lifted.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BadDayPagesTests(BrowserApp app)
{
    private const string FakeAccount = "https://x.com/nayoro_kanko_dem0";

    [Fact]
    public async Task The_inbox_the_incident_the_warning_the_verdict_and_the_pause_read_well_and_pass_axe()
    {
        var pr = await app.SignedInPageAsync("demo-pr");

        // The comments inbox across the sections, and one comment with the 12 categories to choose from.
        await pr.GotoAsync("/comments");
        await Expect(pr.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("利用者の書込み");
        await BrowserApp.ScreenshotAsync(pr, "badday-01-comments");
        await Axe.AssertAccessibleAsync(pr);
        await pr.Locator("main table a[href^='/comments/']").First.ClickAsync();
        await pr.WaitForURLAsync("**/comments/*");
        await BrowserApp.ScreenshotAsync(pr, "badday-02-comment");
        await Axe.AssertAccessibleAsync(pr);

        // The incidents, and the open impersonation of the demo data.
        await pr.GotoAsync("/incidents");
        await Axe.AssertAccessibleAsync(pr);
        await pr.Locator("main tr", new() { HasText = "なりすまし" }).Locator("a[href^='/incidents/']").First.ClickAsync();
        await pr.WaitForURLAsync("**/incidents/*");
        await Expect(pr.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("なりすまし");
        await Axe.AssertAccessibleAsync(pr);
        var incidentUrl = pr.Url;

        // Before the PR office publishes, a citizen is not told it is a fake.
        var citizen = await app.NewPageAsync();
        await citizen.GotoAsync("/verify?url=" + Uri.EscapeDataString("x.com/nayoro_kanko_dem0"));
        await Expect(citizen.Locator("main")).Not.ToContainTextAsync("なりすましアカウントです");

        // The PR office publishes the warning from the incident.
        await pr.GotoAsync(incidentUrl + "/warning");
        await BrowserApp.ScreenshotAsync(pr, "badday-03-warning-form");
        await Axe.AssertAccessibleAsync(pr);
        await pr.GetByRole(AriaRole.Button, new() { Name = "公開する" }).ClickAsync();
        await Expect(pr.GetByRole(AriaRole.Button, new() { Name = "取り下げる" })).ToBeVisibleAsync();

        // A citizen checks the address as pasted (no https://) and reads the warning; the list of fakes has it, as text.
        await citizen.GotoAsync("/verify?url=" + Uri.EscapeDataString("x.com/nayoro_kanko_dem0"));
        await Expect(citizen.Locator("main")).ToContainTextAsync("なりすましアカウントです");
        await BrowserApp.ScreenshotAsync(citizen, "badday-04-verify-impersonation");
        await Axe.AssertAccessibleAsync(citizen);
        await citizen.GotoAsync("/impersonation");
        await Expect(citizen.Locator("main")).ToContainTextAsync(FakeAccount);
        await Expect(citizen.Locator($"main a[href='{FakeAccount}']")).ToHaveCountAsync(0);
        await BrowserApp.ScreenshotAsync(citizen, "badday-05-impersonation-list");
        await Axe.AssertAccessibleAsync(citizen);

        // The crisis switch: all accounts paused; every staff page says so; lifted again.
        await pr.GotoAsync("/publishing-pause");
        await Axe.AssertAccessibleAsync(pr);
        await pr.GetByLabel("理由").FillAsync("なりすましの拡散状況を確認するまで、すべての発信を止める。");
        await pr.GetByRole(AriaRole.Button, new() { Name = "発信を一時停止する" }).ClickAsync();
        await pr.GotoAsync("/home");
        await Expect(pr.Locator("body")).ToContainTextAsync("発信を一時停止中");
        await BrowserApp.ScreenshotAsync(pr, "badday-06-paused-home");
        await Axe.AssertAccessibleAsync(pr);
        await pr.GotoAsync("/publishing-pause");
        await pr.GetByRole(AriaRole.Button, new() { Name = "一時停止を解除する" }).First.ClickAsync();
        await pr.GotoAsync("/home");
        await Expect(pr.Locator("body")).Not.ToContainTextAsync("発信を一時停止中");

        // The warning withdrawn again (the demo's other tests keep their verdicts).
        await pr.GotoAsync(incidentUrl + "/warning");
        await pr.GetByLabel("取り下げの理由").FillAsync("試験のため取り下げる。");
        await pr.GetByRole(AriaRole.Button, new() { Name = "取り下げる" }).ClickAsync();
        await Expect(pr.GetByRole(AriaRole.Button, new() { Name = "公開する" })).ToBeVisibleAsync();

        await pr.Context.CloseAsync();
        await citizen.Context.CloseAsync();
    }
}
