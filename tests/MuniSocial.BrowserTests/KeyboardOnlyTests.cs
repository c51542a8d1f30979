using Microsoft.Playwright;
using MuniSocial.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace MuniSocial.BrowserTests;

/// <summary>
/// Issue 12 item 9: the verify form and the list work with the keyboard alone. Only Tab, Shift+Tab, Enter, the arrow
/// keys and typing — no clicks, no navigation by address except opening the site — and every element that takes the
/// focus on the way shows it (WCAG 2.1.1, 2.4.3, 2.4.7).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class KeyboardOnlyTests(BrowserApp app)
{
    /// <summary>What the focused element is, and whether a focus indicator is drawn (an outline or a box shadow).</summary>
    private const string Focused = """
        () => {
            const e = document.activeElement;
            const s = getComputedStyle(e);
            const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
            const shadow = s.boxShadow && s.boxShadow !== 'none';
            return { tag: e.tagName.toLowerCase(), id: e.id, href: e.getAttribute('href') || '', text: (e.innerText || e.value || '').trim(),
                     visible: outline || shadow, style: s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor + ' / ' + s.boxShadow };
        }
        """;

    public sealed class Focus
    {
        public string Tag { get; set; } = "";

        public string Id { get; set; } = "";

        public string Href { get; set; } = "";

        public string Text { get; set; } = "";

        public bool Visible { get; set; }

        public string Style { get; set; } = "";
    }

    [Fact]
    public async Task From_the_skip_link_to_a_verdict_and_from_a_platform_filter_to_a_policy_page_by_keyboard_alone()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");

        // The first Tab reaches the skip link; Enter moves on into the content.
        var skip = await TabUntilAsync(page, f => f.Href == "#main");
        Assert.Equal("本文へ移動", skip.Text);
        await page.Keyboard.PressAsync("Enter");
        // The fragment navigation happens after the key press returns: wait for it (Playwright's own timeout), then check.
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("#main$"));
        Assert.EndsWith("#main", page.Url, StringComparison.Ordinal);

        // From the content, the link to the verify page (in the impersonation notice), then Enter.
        await TabUntilAsync(page, f => f.Href == "/verify");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "公式アカウントか確認する" })).ToBeVisibleAsync();

        // Into the address field, type as a citizen would (no https://), send with Enter.
        await TabUntilAsync(page, f => f.Id == "url");
        await page.Keyboard.TypeAsync("x.com/nayoro_kanko_demo");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/verify?url=*");

        // The verdict has the focus when the page opens: a screen reader reads it out, the next Tab is inside it.
        await Expect(page.Locator("section.verdict")).ToBeFocusedAsync();
        await Expect(page.Locator("section.verdict")).ToHaveAccessibleNameAsync("確認結果：名寄市の公式アカウントです");
        await Expect(page.Locator("section.verdict")).ToBeInViewportAsync();
        var next = await TabUntilAsync(page, f => f.Tag == "a");
        Assert.Contains("運用ポリシーを見る", next.Text, StringComparison.Ordinal);
        await BrowserApp.ScreenshotAsync(page, "keyboard-01-verdict");

        // Back (Shift+Tab) to the breadcrumb link to the list, and Enter.
        await TabUntilAsync(page, f => f.Href == "/", backwards: true);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "名寄市ソーシャルメディア一覧" })).ToBeVisibleAsync();

        // The platform filter: arrow keys choose X in the closed select, Tab on to 表示する, Space sends.
        await TabUntilAsync(page, f => f.Id == "platform");
        for (var i = 0; i < 10 && await page.Locator("#platform").InputValueAsync() != "X"; i++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }
        Assert.Equal("X", await page.Locator("#platform").InputValueAsync());
        await TabUntilAsync(page, f => f.Tag == "button" && f.Text == "表示する");
        await page.Keyboard.PressAsync("Space");
        await page.WaitForURLAsync("**/?*platform=X*");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "名寄市観光情報（デモ）", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "なよろ子育て応援（デモ）", Exact = true })).ToHaveCountAsync(0);
        await BrowserApp.ScreenshotAsync(page, "keyboard-02-filtered");

        // On to the first account's policy page.
        var policy = await TabUntilAsync(page, f => f.Href.StartsWith("/policies/", StringComparison.Ordinal));
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**" + policy.Href);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("（デモ）");
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// Presses Tab (or Shift+Tab) until the focused element matches; every element passed on the way must show its
    /// focus, and no Tab may change the page. Fails after 60 presses, so a focus trap or a missing element cannot hang the test.
    /// </summary>
    private static async Task<Focus> TabUntilAsync(IPage page, Func<Focus, bool> wanted, bool backwards = false)
    {
        var path = new List<string>();
        var url = page.Url;
        for (var i = 0; i < 60; i++)
        {
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
            // Moving the focus never changes the page (WCAG 3.2.1).
            Assert.Equal(url, page.Url);
            var f = await page.EvaluateAsync<Focus>(Focused);
            path.Add($"{f.Tag}#{f.Id} {f.Href} {f.Text}");
            Assert.True(f.Visible, $"no visible focus on {f.Tag}#{f.Id} {f.Href} «{f.Text}» ({f.Style}) on {page.Url}");
            if (wanted(f))
            {
                return f;
            }
        }
        Assert.Fail("the keyboard never reached the element; focus went through:\n" + string.Join("\n", path));
        return null!;
    }
}
