using System.Globalization;
using System.Text;
using System.Text.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace MuniSocial.BrowserTests.Support;

/// <summary>
/// One state of one page for the crawler: a name (unique, used in the report and in <c>axe-reviewed.json</c>), the
/// address to open, optionally the user to sign in as first (through the real login form), and optionally an action
/// that brings the opened page into the state (fill a form and send it, so that its error shows). The action uses the
/// page as a person would and waits until the state is on screen; it must leave the page on the state to check.
/// </summary>
public sealed record PageState(string Name, string Url, string? SignInAs = null, Func<IPage, Task>? Reach = null)
{
    public override string ToString() => Name;
}

/// <summary>
/// The one accessibility crawler for the public and the staff side. Give it a list of <see cref="PageState"/>s and it
/// opens each in a fresh browser context at desktop (1280×800) and phone (390×844) width, runs axe-core with the
/// WCAG 2.0/2.1/2.2 A and AA rules and axe's best practices, and fails on any violation, on any "incomplete"
/// (axe could not decide) that a person has not reviewed in <c>axe-reviewed.json</c>, and on a page wider than the
/// window (it would scroll sideways: WCAG 1.4.10). It prints a table of states ×
/// widths (to the test output and to <c>screenshots/axe-&lt;name&gt;.md</c>) and takes a screenshot of each.
/// <see cref="HtmlAsync"/> returns each state's HTML as the server sent it, for the Nu Html Checker (<see cref="Vnu"/>).
/// <para>
/// To crawl the staff side: write a list of states per role, e.g.
/// <code>
/// public static readonly PageState[] PrOffice =
/// [
///     new("pr-home", "/home", SignInAs: "demo-pr"),
///     new("pr-review-error", "/review/…", SignInAs: "demo-pr", Reach: async p =&gt; { await p.GetByRole(AriaRole.Button, new() { Name = "…" }).ClickAsync(); await Expect(p.Locator(".errors")).ToBeVisibleAsync(); }),
/// ];
/// </code>
/// and call <c>await PageCrawl.AssertAccessibleAsync(app, PrOffice, output, "staff-pr")</c> from a test (see
/// <c>PublicCrawlTests</c>). States that change data belong in an app of their own (a class fixture deriving from
/// <see cref="BrowserApp"/>) so that other tests keep the demo data they expect.
/// </para>
/// </summary>
public static class PageCrawl
{
    /// <summary>
    /// Desktop and phone; MUNISOCIAL_CRAWL_WIDTHS=name:WxH,… crawls other sizes instead for a check by hand (e.g.
    /// <c>zoom200:640x400,narrow:320x568</c> — 1280×800 at 200 % zoom, and the 320 px of WCAG 1.4.10).
    /// </summary>
    public static readonly (string Name, int Width, int Height)[] Widths =
        Environment.GetEnvironmentVariable("MUNISOCIAL_CRAWL_WIDTHS") is { Length: > 0 } custom
            ? [.. custom.Split(',').Select(w => w.Split(':', 'x')).Select(w => (w[0], int.Parse(w[1], CultureInfo.InvariantCulture), int.Parse(w[2], CultureInfo.InvariantCulture)))]
            : [("desktop", 1280, 800), ("phone", 390, 844)];

    public static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

    /// <summary>Crawls <paramref name="states"/> on <paramref name="app"/>; fails listing every unreviewed finding.</summary>
    public static async Task AssertAccessibleAsync(BrowserApp app, IReadOnlyList<PageState> states, ITestOutputHelper output, string reportName)
    {
        var names = states.GroupBy(s => s.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(names.Count == 0, "state names must be unique: " + string.Join(", ", names));
        var reviewed = ReviewedIncomplete.Load();
        var rows = new List<Row>();
        var problems = new List<string>();
        var passed = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var state in states)
        {
            foreach (var (widthName, width, height) in Widths)
            {
                var page = await OpenAsync(app, state, width, height, reach: false);
                try
                {
                    if (state.Reach is { } reach)
                    {
                        try
                        {
                            await reach(page);
                        }
                        catch (PlaywrightException e)
                        {
                            // One state that does not open must not hide what the others find.
                            await BrowserApp.ScreenshotAsync(page, $"axe-{reportName}-{state.Name}-{widthName}-not-reached");
                            problems.Add($"{state.Name} ({widthName}) did not reach its state at {page.Url}: {e.Message.Split('\n')[0]}");
                            continue;
                        }
                    }
                    await BrowserApp.ScreenshotAsync(page, $"axe-{reportName}-{state.Name}-{widthName}");
                    var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. Tags] } });
                    Assert.True(result.Passes.Length > 0, $"{state.Name} ({widthName}): axe checked nothing on {page.Url}");
                    // WCAG 1.4.10 (reflow): at 390 px nothing may push the page sideways.
                    var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
                    if (overflow > 0)
                    {
                        // Name the widest elements outside a scroll box, so the failure says what to fix.
                        var culprits = await page.EvaluateAsync<string[]>(@"() => { const w = document.documentElement.clientWidth;
                            return [...document.querySelectorAll('body *')].filter(e => (!e.closest('.table-scroll') || getComputedStyle(e).position === 'absolute') && e.getBoundingClientRect().right > w + 1)
                              .slice(-3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).replace(/ /g, '.') : '') + ' «' + (e.textContent || '').trim().slice(0, 60) + '»'); }");
                        problems.Add($"{state.Name} ({widthName}) the page is {overflow} px wider than the window (scrolls sideways): {string.Join(" ; ", culprits)}");
                    }
                    var unreviewed = new List<(AxeResultItem Rule, AxeResultNode Node)>();
                    foreach (var rule in result.Incomplete)
                    {
                        foreach (var node in rule.Nodes)
                        {
                            if (!await reviewed.CoversAsync(rule.Id, state.Name, widthName, node.Target?.ToString() ?? "", page))
                            {
                                unreviewed.Add((rule, node));
                            }
                        }
                    }
                    foreach (var rule in result.Passes)
                    {
                        passed[rule.Id] = string.Join(" ", rule.Tags.Where(t => t.StartsWith("wcag", StringComparison.Ordinal) || t == "best-practice"));
                    }
                    rows.Add(new Row(state.Name, widthName, page.Url, result.Violations.Select(v => $"{v.Id}×{v.Nodes.Length}").ToList(),
                        result.Incomplete.Select(v => $"{v.Id}×{v.Nodes.Length}" + (unreviewed.Any(u => u.Rule.Id == v.Id) ? "" : "（確認済）")).ToList(),
                        result.Passes.Length, overflow));
                    problems.AddRange(result.Violations.SelectMany(v => v.Nodes.Select(n =>
                        $"{state.Name} ({widthName}) violation {v.Id} ({v.Impact}): {v.Help} — {n.Target} {n.Html} {Messages(n)}")));
                    problems.AddRange(unreviewed.Select(u =>
                        $"{state.Name} ({widthName}) incomplete {u.Rule.Id}: {u.Rule.Help} — {u.Node.Target} {u.Node.Html} {Messages(u.Node)} " +
                        "(look at it; if it is fine, add rule + state + reason to axe-reviewed.json)"));
                }
                finally
                {
                    await page.Context.CloseAsync();
                }
            }
        }
        var table = Table(rows) + "\nRules that passed on at least one state (id: tags):\n\n" +
            string.Join("\n", passed.Select(p => $"- {p.Key}: {p.Value}")) + "\n";
        output.WriteLine(table);
        await File.WriteAllTextAsync(Path.Combine(BrowserApp.ScreenshotFolder, $"axe-{reportName}.md"), table);
        Assert.True(problems.Count == 0, $"axe found {problems.Count} problem(s):\n" + string.Join("\n", problems) + "\n\n" + table);
    }

    /// <summary>Each state's HTML exactly as the server sent it (the last document the page loaded), at desktop width.</summary>
    public static async Task<List<(PageState State, string Html)>> HtmlAsync(BrowserApp app, IReadOnlyList<PageState> states)
    {
        var pages = new List<(PageState, string)>();
        foreach (var state in states)
        {
            IResponse? document = null;
            var page = await OpenAsync(app, state, Widths[0].Width, Widths[0].Height, p => p.Response += (_, r) =>
            {
                if (r.Request.IsNavigationRequest && r.Frame == p.MainFrame && r.Status is < 300 or >= 400)
                {
                    document = r;
                }
            });
            try
            {
                Assert.True(document is not null, $"{state.Name}: no document was loaded");
                pages.Add((state, await document.TextAsync()));
            }
            finally
            {
                await page.Context.CloseAsync();
            }
        }
        return pages;
    }

    /// <summary>
    /// Each user signs in once per server through the real login form; the crawl's later states of that user start
    /// from the cookies it got (a fresh context each time, so nothing else carries over).
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<BrowserApp, System.Collections.Concurrent.ConcurrentDictionary<string, string>> SignedIn = [];

    private static async Task<IPage> OpenAsync(BrowserApp app, PageState state, int width, int height, Action<IPage>? watch = null, bool reach = true)
    {
        IPage page;
        var signedIn = SignedIn.GetOrCreateValue(app); // per server: a later server may take a closed one's port, not its cookies
        if (state.SignInAs is { } user && signedIn.TryGetValue(user, out var cookies))
        {
            page = await app.NewPageAsync(cookies);
        }
        else
        {
            page = await app.NewPageAsync();
            if (state.SignInAs is { } first)
            {
                await BrowserApp.SignInAsync(page, first);
                signedIn[first] = await page.Context.StorageStateAsync();
            }
        }
        await page.SetViewportSizeAsync(width, height);
        watch?.Invoke(page);
        await page.GotoAsync(state.Url);
        if (reach && state.Reach is { } toState)
        {
            await toState(page);
        }
        return page;
    }

    private static string Messages(AxeResultNode n) =>
        string.Join("; ", n.Any.Concat(n.All).Concat(n.None).Select(c => c.Message));

    private sealed record Row(string State, string Width, string Url, List<string> Violations, List<string> Incomplete, int Passes, int Overflow);

    private static string Table(List<Row> rows)
    {
        var s = new StringBuilder();
        s.AppendLine($"axe-core {typeof(AxeResult).Assembly.GetName().Version} — tags: {string.Join(", ", Tags)}");
        s.AppendLine();
        s.AppendLine("| state | width | URL | violations | incomplete | rules passed | sideways overflow |");
        s.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            var path = new Uri(r.Url).PathAndQuery;
            s.AppendLine($"| {r.State} | {r.Width} | {path} | {(r.Violations.Count == 0 ? "0" : string.Join(", ", r.Violations))} | " +
                $"{(r.Incomplete.Count == 0 ? "0" : string.Join(", ", r.Incomplete))} | {r.Passes} | {(r.Overflow > 0 ? r.Overflow + " px" : "0")} |");
        }
        return s.ToString();
    }
}

/// <summary>
/// <c>axe-reviewed.json</c>: the "incomplete" results a person has looked at and found fine — rule id, state name
/// (or <c>*</c> for every state) and why, optionally only at one width (<c>width</c>) and only for nodes inside an element
/// matching a selector (<c>within</c>). Anything axe cannot decide that is not here fails the crawl.
/// </summary>
public sealed class ReviewedIncomplete
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private readonly List<Entry> _entries;

    private ReviewedIncomplete(List<Entry> entries) => _entries = entries;

    public static ReviewedIncomplete Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "axe-reviewed.json");
        var entries = JsonSerializer.Deserialize<List<Entry>>(File.ReadAllText(path), JsonOptions) ?? [];
        foreach (var e in entries)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Rule) || string.IsNullOrWhiteSpace(e.State) || string.IsNullOrWhiteSpace(e.Reason),
                "every entry of axe-reviewed.json names a rule, a state (or *) and the reason it was found fine");
        }
        return new ReviewedIncomplete(entries);
    }

    public bool Covers(string rule, string state) =>
        _entries.Any(e => e.Rule == rule && (e.State == "*" || e.State == state) && e.Width is null && e.Within is null);

    /// <summary>
    /// Whether one node's finding was reviewed: the rule and state match, the width if the entry names one, and, if the
    /// entry names a <c>within</c> selector, the node lies inside an element it matches (checked on the page itself).
    /// </summary>
    public async Task<bool> CoversAsync(string rule, string state, string width, string target, IPage page)
    {
        foreach (var e in _entries.Where(e => e.Rule == rule && (e.State == "*" || e.State == state) && (e.Width is null || e.Width == width)))
        {
            if (e.Within is null || (target.Length > 0 &&
                await page.EvaluateAsync<bool>("([t, w]) => { const n = document.querySelector(t); return !!(n && n.closest(w)); }", new[] { target, e.Within })))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>An entry: the rule, the state (or *), why it is fine; optionally only at one width, only inside elements matching a selector.</summary>
    private sealed record Entry(string Rule, string State, string Reason, string? Width = null, string? Within = null);
}
