using MuniSocial.BrowserTests.Support;
using Xunit.Abstractions;

namespace MuniSocial.BrowserTests;

/// <summary>
/// Issue 12 item 9: machines find no accessibility fault on the public side. Every state of every public page
/// (<see cref="PublicPageStates"/>) through axe-core at desktop and phone width, and through the Nu Html Checker.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PublicCrawlTests(PublicCrawlApps apps, ITestOutputHelper output) : IClassFixture<PublicCrawlApps>
{
    [Fact]
    public async Task Axe_finds_no_violation_and_no_unreviewed_incomplete_on_any_public_page_state()
    {
        await PageCrawl.AssertAccessibleAsync(apps.Demo, PublicPageStates.OnDemoData, output, "public");
        await PageCrawl.AssertAccessibleAsync(apps.Empty, PublicPageStates.OnEmptySite, output, "public-empty");
    }

    [SkippableFact]
    public async Task Nu_Html_Checker_finds_no_error_on_any_public_page_state()
    {
        Skip.If(Vnu.Java is null, "Java is not installed here, so the Nu Html Checker cannot run (./test installs default-jre-headless and vnu-jar).");
        var documents = new Dictionary<string, string>();
        foreach (var (state, html) in await PageCrawl.HtmlAsync(apps.Demo, PublicPageStates.OnDemoData))
        {
            documents.Add(state.Name, html);
        }
        foreach (var (state, html) in await PageCrawl.HtmlAsync(apps.Empty, PublicPageStates.OnEmptySite))
        {
            documents.Add(state.Name, html);
        }
        // A document with a known error proves that the checker looked at the files (a run that read nothing would pass).
        documents.Add("canary", "<!DOCTYPE html><html lang=\"ja\"><head><title>canary</title></head><body><p>a</div></body></html>");

        var (version, errors) = await Vnu.CheckAsync(documents);

        output.WriteLine($"Nu Html Checker {version}: {documents.Count - 1} documents");
        Assert.Contains(errors, e => e.Document == "canary");
        var real = errors.Where(e => e.Document != "canary").Select(e => $"{e.Document}:{e.Line}:{e.Column} {e.Text} — {e.Extract}").ToList();
        Assert.True(real.Count == 0, $"the Nu Html Checker {version} found {real.Count} error(s):\n" + string.Join("\n", real));
    }
}
