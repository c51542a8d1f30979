using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Features.Guideline;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Guideline;

/// <summary>
/// Issue 13 item 9: /guideline as structured HTML — a heading with a stable id per clause, a table of contents, the
/// §4 table and the forms as tables, the PDF's broken lines joined — for the seeded Markdown version and for a version
/// pasted as plain text; nothing a staff member types becomes markup.
/// </summary>
public sealed class GuidelinePageTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_demo_version_has_a_heading_with_an_id_per_clause()
    {
        var page = await (await app.SignInAsync("demo-operator")).GetDocumentAsync("/guideline");
        var body = page.QuerySelector("div.guideline.guideline-text")!;
        Assert.Null(page.QuerySelector("main pre, main .pre.guideline-text"));

        AssertHeading(body, "h2", "s1", "１ 目的");
        AssertHeading(body, "h2", "s5", "５ 開設・運用の手続及び留意点");
        AssertHeading(body, "h3", "s5-2", "（２）開設の留意点");
        AssertHeading(body, "h4", "s5-2-c", "ウ 情報発信・返信の権限");
        AssertHeading(body, "h3", "s5-5", "（５）トラブル対応の留意点");
        AssertHeading(body, "h4", "s5-5-b", "イ なりすまし（※）が発生した場合");
        AssertHeading(body, "h2", "s6", "６ ソーシャルメディアを安全に利用するための留意点");
        AssertHeading(body, "h2", "s7", "７ その他の留意点");
        AssertHeading(body, "h2", "form1", "様式１ 運用ポリシー");
        AssertHeading(body, "h2", "form5", "様式５ 名寄市ソーシャルメディア一覧削除通知書");
        // The title is the page's h1, not repeated in the text.
        Assert.Empty(body.QuerySelectorAll("h1"));

        // Items of a clause get their ids too: 5(4)ア, 5(5)ア(イ), 6(1)ク.
        Assert.StartsWith("ア 利用者からの意見に対しては", page.GetElementById("s5-4-a")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("（イ）誤った情報を発信した場合には", page.GetElementById("s5-5-a-b")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("ク 業務として利用する場合を除き", page.GetElementById("s6-1-h")!.TextContent, StringComparison.Ordinal);
        // ・ lines are a list.
        var list = page.GetElementById("s6-1-g")!.NextElementSibling!;
        Assert.Equal("UL", list.TagName);
        Assert.Equal(5, list.QuerySelectorAll("li").Length);
        Assert.Equal("他者を侮辱する情報", list.QuerySelector("li")!.TextContent);

        // Every id once on the page (the §6 box repeats the text without ids).
        var ids = page.QuerySelectorAll("[id]").Select(e => e.Id!).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        var conduct = page.QuerySelector(".conduct-rules")!;
        Assert.Equal("h3", conduct.QuerySelector(".guideline h3")!.LocalName);
        Assert.Contains("６ ソーシャルメディアを安全に利用するための留意点", conduct.QuerySelector(".guideline h3")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("７ その他の留意点", conduct.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_contents_link_to_every_clause_and_every_link_on_the_page_resolves()
    {
        var page = await (await app.SignInAsync("demo-operator")).GetDocumentAsync("/guideline");
        var toc = page.QuerySelector("nav[aria-label='目次']")!;
        var links = toc.QuerySelectorAll("a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Contains("#s5", links);
        Assert.Contains("#s5-2", links);
        Assert.Contains("#s6-1", links);
        Assert.Contains("#form1", links);
        Assert.Contains("#form5", links);
        Assert.Equal("５ 開設・運用の手続及び留意点", toc.QuerySelector("a[href='#s5']")!.TextContent);
        foreach (var href in page.QuerySelectorAll("main a[href^='#']").Select(a => a.GetAttribute("href")!))
        {
            Assert.True(page.GetElementById(href[1..]) is not null, $"{href} has no target on the page");
        }
        // The clauses other pages link to (GuidelineLinks) exist.
        foreach (var clause in new[] { "2", "5", "6", "5(2)ア", "5(4)ア", "5(4)エ", "5(5)", "5(5)ア(イ)", "5(5)ア(ウ)", "5(5)ウ(イ)" })
        {
            Assert.True(page.GetElementById(GuidelineLinks.Id(clause)) is not null, $"{clause} → {GuidelineLinks.Id(clause)} is not on the page");
        }
        var incidents = await (await app.SignInAsync("demo-pr")).GetDocumentAsync("/incidents");
        Assert.NotNull(incidents.QuerySelector("a[href='/guideline#s5-5']"));
    }

    [Theory]
    [InlineData("5", "/guideline#s5")]
    [InlineData("5(2)", "/guideline#s5-2")]
    [InlineData("5(2)ウ", "/guideline#s5-2-c")]
    [InlineData("５（５）ア（イ）", "/guideline#s5-5-a-b")]
    [InlineData("6(1)キ", "/guideline#s6-1-g")]
    public void A_clause_is_linked_by_its_number(string clause, string href) => Assert.Equal(href, GuidelineLinks.Clause(clause));

    [Fact]
    public void A_clause_number_that_is_not_one_is_refused() =>
        Assert.Throws<ArgumentException>(() => GuidelineLinks.Clause("§5 の (2)"));

    [Fact]
    public async Task The_features_table_and_the_forms_are_tables()
    {
        var page = await (await app.SignInAsync("demo-operator")).GetDocumentAsync("/guideline");
        var body = page.QuerySelector("div.guideline.guideline-text")!;
        var features = body.QuerySelectorAll("table").Single(t => t.QuerySelectorAll("thead th").Select(th => th.TextContent).SequenceEqual(["特徴", "メリット", "デメリット"]));
        Assert.All(features.QuerySelectorAll("thead th"), th => Assert.Equal("col", th.GetAttribute("scope")));
        var rows = features.QuerySelectorAll("tbody tr").ToList();
        Assert.Equal(["即時性", "双方向性", "拡散性", "匿名性", "その他"], rows.Select(r => r.QuerySelector("th[scope=row]")!.TextContent));
        Assert.Contains("いつでもどこでも発信可能", rows[0].Children[1].TextContent, StringComparison.Ordinal);
        Assert.NotNull(rows[0].Children[1].QuerySelector("br")); // two points in one cell, one per line
        Assert.Contains("完全に削除することができない", rows[2].Children[2].TextContent, StringComparison.Ordinal);
        // Each table scrolls in its own labelled box on a phone.
        var box = features.ParentElement!;
        Assert.Equal("region", box.GetAttribute("role"));
        Assert.Equal("0", box.GetAttribute("tabindex"));
        Assert.Contains("特徴", box.GetAttribute("aria-label"), StringComparison.Ordinal);

        // 様式1: label column and value column, the checkboxes as text.
        var form1 = TableAfter(page, "form1");
        Assert.Equal(["項目", "記入欄"], form1.QuerySelectorAll("thead th").Select(th => th.TextContent));
        var labels = form1.QuerySelectorAll("tbody th[scope=row]").Select(th => th.TextContent).ToList();
        Assert.Equal(["開設所属", "発信する情報の内容", "開設・運用の目的", "利用するソーシャルメディアの種類", "アカウント名", "運用期間", "運用時間", "投稿に対する返信", "備考"], labels);
        Assert.Contains("□ＬＩＮＥ □フェイスブック □ツイッター", form1.TextContent, StringComparison.Ordinal);
        Assert.Contains("年 月 日 ～ 年 月 日", form1.TextContent, StringComparison.Ordinal);
        // The forms 2–5 are tables too; 様式4 with its own fields.
        foreach (var form in new[] { "form2", "form3", "form4", "form5" })
        {
            Assert.Contains("宛先", TableAfter(page, form).TextContent, StringComparison.Ordinal);
        }
        var form4Fields = page.GetElementById("form4")!.ParentElement!.QuerySelectorAll("table").Where(t => t.TextContent.Contains("閉鎖理由", StringComparison.Ordinal));
        Assert.Single(form4Fields);
    }

    [Fact]
    public async Task Every_line_of_the_pdf_text_is_on_the_page_and_its_broken_sentences_read_unbroken()
    {
        var page = await (await app.SignInAsync("demo-operator")).GetDocumentAsync("/guideline");
        var text = page.QuerySelector("main")!.TextContent;
        // Three places where the PDF broke a sentence across lines, a page or a table.
        Assert.Contains("利用者と双方向での情報共有を、より総体的、戦略的に推進する", text, StringComparison.Ordinal);
        Assert.Contains("職場で提供するパソコンでの運用とする。", text, StringComparison.Ordinal);
        Assert.Contains("利用者は「本市の投稿である」、「本市のホームページである」と捉える可能性があるため、慎重に行う。", text, StringComparison.Ordinal);

        // Nothing of the published text is lost in the transcription (spaces and the ・ of list items aside).
        var flat = Flat(text);
        var missing = File.ReadAllLines(Path.Combine(RepositoryRoot(), "src/MuniSocial/Features/Guideline/nayoro-social-media-guideline.txt"))
            .Select(Flat).Where(l => l.Length > 0 && !flat.Contains(l, StringComparison.Ordinal)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Nothing_typed_into_a_version_becomes_markup()
    {
        const string hostile = """
            # 名寄市ソーシャルメディアガイドライン

            ## １ 目的 <svg onload=alert(1)>

            <script>alert(1)</script>

            <img src=x onerror=alert(1)> <b onmouseover=alert(1)>太字</b>

            [a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c](java&#x09;script:alert(1)) [d](data:text/html,<script>x</script>) [e][ref] <vbscript:msgbox(1)>

            [ok](https://www.city.nayoro.lg.jp/) [mail](mailto:koho@example.jp) [here](#s1) [rel](/accounts)

            ![pic](https://evil.example/p.png) ![x](javascript:alert(1))

            [ref]: javascript:alert(2)

            <div onclick="alert(1)">raw block</div>

            <iframe src="https://evil.example/"></iframe>

            | 項目 | 記入欄 |
            | --- | --- |
            | <style>body{}</style> | <br onload=alert(1)> 改行<br>次の行 |

            ## ２ 適用範囲 {onclick=alert(1)}

            本文。
            """;
        foreach (var view in new[] { GuidelineRendering.Render(hostile), GuidelineRendering.Render(hostile.Replace("# ", "", StringComparison.Ordinal)) })
        {
            var html = Fragment(view.Body.ToString()!);
            AssertNoActiveContent(html);
            Assert.Contains("<script>alert(1)</script>", html.TextContent, StringComparison.Ordinal); // shown as text
            Assert.Contains("<img src=x onerror=alert(1)>", html.TextContent, StringComparison.Ordinal);
        }
        var markdown = Fragment(GuidelineRendering.Render(hostile).Body.ToString()!);
        Assert.Equal(["https://www.city.nayoro.lg.jp/", "mailto:koho@example.jp", "#s1", "/accounts"], markdown.QuerySelectorAll("a").Select(a => a.GetAttribute("href")!));
        Assert.Contains("pic", markdown.TextContent, StringComparison.Ordinal); // an image is its alternative text
        Assert.Equal("s2", markdown.QuerySelectorAll("h2")[1].Id);
        Assert.Single(markdown.QuerySelectorAll("td br")); // the one element the text may write: a line break in a cell
    }

    [Fact]
    public void A_version_pasted_as_plain_text_still_has_headings_lists_and_joined_lines()
    {
        var pdfText = File.ReadAllText(Path.Combine(RepositoryRoot(), "src/MuniSocial/Features/Guideline/nayoro-social-media-guideline.txt"));
        Assert.False(GuidelineRendering.IsMarkdown(pdfText));
        var view = GuidelineRendering.Render(pdfText);
        var html = Fragment(view.Body.ToString()!);
        AssertHeadingIn(html, "h2", "s5", "５ 開設・運用の手続及び留意点");
        AssertHeadingIn(html, "h3", "s5-2", "（２）開設の留意点");
        AssertHeadingIn(html, "h4", "s5-2-a", "ア 運用体制");
        AssertHeadingIn(html, "h4", "s5-5-b", "イ なりすまし（※）が発生した場合");
        AssertHeadingIn(html, "h2", "s6", "６ ソーシャルメディアを安全に利用するための留意点");
        Assert.StartsWith("ア 職員であることの自覚と責任を持ち", html.QuerySelector("#s6-1-a")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("他者を侮辱する情報", html.QuerySelectorAll("ul li").Select(li => li.TextContent));
        Assert.Contains("利用者と双方向での情報共有を、より総体的、戦略的に推進する", html.TextContent, StringComparison.Ordinal);
        Assert.Contains("慎重に行う。", html.TextContent, StringComparison.Ordinal);
        Assert.Contains("#s5", view.Toc.Select(t => "#" + t.Id));
        var conduct = Fragment(view.ConductRules!.ToString()!);
        Assert.Contains("就業時間中に利用してはならない", conduct.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("７ その他の留意点", conduct.TextContent, StringComparison.Ordinal);
        Assert.Empty(conduct.QuerySelectorAll("[id]"));
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static void AssertHeading(IElement body, string tag, string id, string text)
    {
        var heading = body.QuerySelector($"#{id}");
        Assert.True(heading is not null, $"no element with id {id}");
        Assert.Equal(tag, heading.LocalName);
        Assert.Equal(text, heading.TextContent);
    }

    private static void AssertHeadingIn(IElement html, string tag, string id, string text) => AssertHeading(html, tag, id, text);

    private static IElement TableAfter(IHtmlDocument page, string headingId)
    {
        for (var e = page.GetElementById(headingId)!.NextElementSibling; e is not null && e.LocalName != "h2"; e = e.NextElementSibling)
        {
            if (e.QuerySelector("table") is { } table)
            {
                return table;
            }
        }
        throw new Xunit.Sdk.XunitException($"no table after #{headingId}");
    }

    private static readonly string[] ActiveElements = ["script", "img", "iframe", "style", "svg", "object", "embed", "form", "input", "link", "meta", "base", "b", "video", "audio", "math"];

    private static void AssertNoActiveContent(IElement html)
    {
        foreach (var element in html.QuerySelectorAll("*"))
        {
            Assert.DoesNotContain(element.LocalName, ActiveElements);
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"{element.LocalName} has {attribute.Name}");
                Assert.Contains(attribute.Name, (string[])["id", "href", "title", "class", "role", "tabindex", "aria-label", "scope"]);
            }
            if (element.GetAttribute("href") is { } href)
            {
                Assert.True(href.StartsWith("https:", StringComparison.Ordinal) || href.StartsWith("mailto:", StringComparison.Ordinal)
                    || href.StartsWith('#') || href.StartsWith('/'), href);
            }
        }
    }

    private static IElement Fragment(string html)
    {
        var document = new HtmlParser().ParseDocument("<!doctype html><html><body><main></main></body></html>");
        var main = document.QuerySelector("main")!;
        main.InnerHtml = html;
        return main;
    }

    private static string Flat(string text) =>
        new(text.Where(c => !char.IsWhiteSpace(c) && c != '・').ToArray());

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MuniSocial.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("MuniSocial.slnx not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A database of its own: a version pasted as plain text, with hostile lines, becomes the current one.</summary>
public sealed class GuidelinePlainTextFactory : AppFactory;

/// <summary>A plain-text version registered by the PR office is shown structured on /guideline and on the confirmation page.</summary>
public sealed class GuidelinePlainTextVersionTests(GuidelinePlainTextFactory app) : IClassFixture<GuidelinePlainTextFactory>
{
    [Fact]
    public async Task A_plain_text_version_shows_headings_and_no_markup_from_its_text()
    {
        var v1 = await app.DbAsync(db => db.GuidelineVersions.AsNoTracking().SingleAsync());
        Assert.True(GuidelineRendering.IsMarkdown(v1.Text));
        const string text = """
            名寄市ソーシャルメディアガイドライン

            １ 目的
            本ガイドラインは、ソーシャルメディアを活用した迅速な情報発信や利用者と双方向での情報共有
            を、より総体的、戦略的に推進する。<script>alert(1)</script>
            ２ 適用範囲
            [x](javascript:alert(1)) <img src=x onerror=alert(1)> **太字ではない**
            ６ ソーシャルメディアを安全に利用するための留意点
            （１）基本的な留意点
            ア 職員であることの自覚と責任を持ち、公人の立場にて対応しなければならない。
            ７ その他の留意点
            本文。
            """;
        var pr = await app.SignInAsync("demo-pr");
        var ok = await pr.PostFormAsync("/guideline/versions", new() { ["Input.BaseNumber"] = "1", ["Input.EffectiveFrom"] = "2026-06-01", ["Input.Summary"] = "テキストで登録", ["Input.Text"] = text }, formAction: "/guideline/versions");
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);

        var op = await app.SignInAsync("demo-operator");
        var confirm = await op.GetDocumentAsync("/guideline/acknowledge");
        var scroll = confirm.QuerySelector(".guideline-scroll")!;
        Assert.Equal("１ 目的", scroll.QuerySelector("h3#s1")!.TextContent); // under the page's h2 「ガイドラインの全文」
        Assert.Contains("公人の立場にて対応しなければならない", confirm.QuerySelector(".conduct-rules")!.TextContent, StringComparison.Ordinal);
        await AppFactory.AcknowledgeGuidelineAsync(op);

        var page = await op.GetDocumentAsync("/guideline");
        var body = page.QuerySelector("div.guideline.guideline-text")!;
        Assert.Equal("１ 目的", body.QuerySelector("h2#s1")!.TextContent);
        Assert.Equal("（１）基本的な留意点", body.QuerySelector("h3#s6-1")!.TextContent);
        Assert.Contains("情報共有を、より総体的、戦略的に推進する。<script>alert(1)</script>", body.TextContent, StringComparison.Ordinal);
        Assert.Contains("**太字ではない**", body.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("main script, main img, main strong, main a[href^='javascript']"));
        Assert.Equal(["#s1", "#s2", "#s6", "#s7"], page.QuerySelectorAll("nav[aria-label='目次'] > ol > li > a").Select(a => a.GetAttribute("href")!).Where(h => h.StartsWith("#s", StringComparison.Ordinal)));
    }
}
