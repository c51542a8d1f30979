using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace MuniSocial.BrowserTests.Support;

/// <summary>axe-core in the page, limited to WCAG 2.0 A and AA (= JIS X 8341-3:2016 level AA).</summary>
public static class Axe
{
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa"] },
        });
        var problems = result.Violations
            .SelectMany(v => v.Nodes.Select(n => $"{v.Id} ({v.Impact}): {v.Help} — {n.Target} {n.Html}: " +
                string.Join("; ", n.Any.Concat(n.All).Concat(n.None).Select(c => c.Message))))
            .ToList();
        Assert.True(problems.Count == 0, $"axe found on {page.Url}:\n" + string.Join("\n", problems));
        // A run that checked nothing would pass vacuously.
        Assert.NotEmpty(result.Passes);
    }
}
