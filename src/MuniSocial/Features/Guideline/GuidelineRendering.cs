using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.AspNetCore.Html;
using MuniSocial.Domain.Guideline;

namespace MuniSocial.Features.Guideline;

/// <summary>One entry of the guideline's table of contents: a clause (or form) heading and the clauses under it.</summary>
public sealed record GuidelineTocEntry(string Id, string Title, IReadOnlyList<GuidelineTocEntry> Children);

/// <summary>A guideline version as HTML: the text with a heading per clause, its table of contents, and the §6 box.</summary>
public sealed record GuidelineView(IHtmlContent Body, IReadOnlyList<GuidelineTocEntry> Toc, IHtmlContent? ConductRules);

/// <summary>
/// The guideline as structured HTML. A version's text is Markdown when its first line is a Markdown heading
/// (<c># 名寄市ソーシャルメディアガイドライン</c>; the seeded version 1 is such a file, transcribed from the PDF with its
/// tables), otherwise plain text as pasted from the PDF, which <see cref="ToMarkdown"/> turns into Markdown by the
/// guideline's own numbering (１ / （１）・⑴ / ア / （ア）, ・ for lists) and by joining the PDF's mid-sentence line breaks.
/// Both are rendered by Markdig with raw HTML off and pipe tables on; every clause heading (and every ア / （ア） item)
/// gets a stable ASCII id (<c>s5</c>, <c>s5-2</c>, <c>s5-2-c</c>, <c>s5-2-c-a</c>, <c>form1</c>; see <see cref="GuidelineLinks"/>).
/// The text is entered by staff: links other than http(s), mailto and relative ones lose their link, images become their
/// alternative text, and the only element the text itself can produce beyond Markdown's is <c>&lt;br&gt;</c> (a line
/// break inside a table cell).
/// </summary>
public static partial class GuidelineRendering
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().DisableHtml().Build();

    /// <summary>
    /// The full text (headings from <paramref name="topLevel"/>, with anchors and contents) and the §6 box (no anchors; its
    /// clauses from h3, since every page puts the box under an h2 of its own).
    /// </summary>
    public static GuidelineView Render(string text, int topLevel = 2)
    {
        var markdown = ToMarkdown(text);
        var (body, toc) = RenderMarkdown(markdown, topLevel, anchors: true);
        var conduct = GuidelineText.ConductRules(markdown) is { } rules ? RenderMarkdown(rules, 3, anchors: false).Html : null;
        return new GuidelineView(body, toc, conduct);
    }

    /// <summary>Whether a version's text is Markdown: its first non-blank line is a Markdown heading (<c>#</c> to <c>######</c> and a space).</summary>
    public static bool IsMarkdown(string text) =>
        MarkdownHeading().IsMatch(GuidelineVersion.NormalizeText(text).Split('\n', 2)[0]);

    // ---- plain text → Markdown ---------------------------------------------------------------------------

    /// <summary>
    /// Plain text (the PDF's lines) as Markdown: a short numbered line is a heading of its level (１ → ##, （１）/⑴ → ###,
    /// ア → ####, （ア） → #####; 様式N → ##), a long or sentence-ending numbered line an item paragraph, a ・ line a list item;
    /// any other line continues the previous one (Japanese joins without a space) unless that one ended a sentence (。) or a
    /// blank line follows a short line. Every character of the text is escaped, so nothing in it is Markdown or HTML.
    /// Markdown is returned as it is.
    /// </summary>
    public static string ToMarkdown(string text)
    {
        if (IsMarkdown(text))
        {
            return GuidelineVersion.NormalizeText(text);
        }
        var output = new StringBuilder();
        var current = new StringBuilder();
        var currentIsItem = false;
        var lastWasItem = false;
        var previous = "";
        var first = true;

        void Flush()
        {
            if (current.Length == 0)
            {
                return;
            }
            if (currentIsItem)
            {
                output.Append(lastWasItem ? "" : "\n").Append("- ").Append(Escape(current.ToString())).Append('\n');
            }
            else
            {
                output.Append('\n').Append(Escape(current.ToString())).Append('\n');
            }
            lastWasItem = currentIsItem;
            current.Clear();
        }

        void Block(string markdown)
        {
            Flush();
            output.Append('\n').Append(markdown).Append('\n');
            lastWasItem = false;
        }

        foreach (var raw in GuidelineVersion.NormalizeText(text).Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                // A blank line inside a sentence that ran to the end of a full line is the PDF's page break, not a paragraph's end.
                if (!(previous.Length >= ShortLine && !EndsSentence(previous)))
                {
                    Flush();
                }
                continue;
            }
            if (first)
            {
                first = false;
                if (!IsLabelled(line) && IsShort(line))
                {
                    Block("# " + Escape(line));
                    previous = line;
                    continue;
                }
            }
            if (HeadingLevel(line) is > 0 and var level)
            {
                Block(new string('#', level) + " " + Escape(line));
            }
            else if (line[0] == '・')
            {
                Flush();
                current.Append(line.AsSpan(1).TrimStart());
                currentIsItem = true;
            }
            else if (IsLabelled(line) || line.StartsWith('※') || line.StartsWith("（※）", StringComparison.Ordinal) || current.Length == 0 || EndsSentence(previous))
            {
                Flush();
                current.Append(line);
                currentIsItem = false;
            }
            else
            {
                current.Append(line);
            }
            previous = line;
        }
        Flush();
        return output.ToString().Trim();
    }

    /// <summary>A PDF line shorter than this did not run to the page's edge: a heading, a form's label, the end of a paragraph.</summary>
    private const int ShortLine = 30;

    private static bool IsShort(string line) => line.Length <= ShortLine && !line.Contains('。', StringComparison.Ordinal) && !line.EndsWith('、');

    private static bool EndsSentence(string line) => line.EndsWith('。') || line.EndsWith('．');

    private static int HeadingLevel(string line) =>
        !IsShort(line) ? 0
        : FormHeading().IsMatch(line) || Level1().IsMatch(line) ? 2
        : Level2().IsMatch(line) ? 3
        : Level3().IsMatch(line) ? 4
        : Level4().IsMatch(line) ? 5
        : 0;

    private static bool IsLabelled(string line) =>
        Level1().IsMatch(line) || Level2().IsMatch(line) || Level3().IsMatch(line) || Level4().IsMatch(line) || LetterItem().IsMatch(line) || FormHeading().IsMatch(line);

    /// <summary>Every ASCII punctuation character backslash-escaped: plain text stays text.</summary>
    private static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is ' ' || c > '~' || c < ' ')
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('\\').Append(c);
            }
        }
        return sb.ToString();
    }

    // ---- Markdown → HTML ------------------------------------------------------------------------------

    private static (IHtmlContent Html, IReadOnlyList<GuidelineTocEntry> Toc) RenderMarkdown(string markdown, int topLevel, bool anchors)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        MakeLinksSafe(document);
        var toc = Structure(document, topLevel, anchors);
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.ObjectRenderers.RemoveAll(r => r is HtmlTableRenderer);
        renderer.ObjectRenderers.Add(new GuidelineTableRenderer());
        renderer.Render(document);
        writer.Flush();
        // The one element the text may write itself: a line break inside a table cell (raw HTML is escaped by the parser).
        var html = writer.ToString().Replace("&lt;br&gt;", "<br>", StringComparison.OrdinalIgnoreCase);
        return (new HtmlString(html), toc);
    }

    /// <summary>
    /// Drops the document's title (the page has its own), sets each heading's level from <paramref name="topLevel"/>
    /// (<c>##</c> is the top), gives clause headings and ア / （ア） items their ids, and lists the top two levels.
    /// </summary>
    private static List<GuidelineTocEntry> Structure(MarkdownDocument document, int topLevel, bool anchors)
    {
        var toc = new List<(GuidelineTocEntry Entry, List<GuidelineTocEntry> Children)>();
        var stack = new List<(int Level, string? Part)>();
        string? lastItem = null;
        var used = new HashSet<string>(StringComparer.Ordinal);
        var blocks = document.ToList();
        if (blocks.FirstOrDefault() is HeadingBlock { Level: 1 } title && ClausePart(PlainText(title.Inline)) is null)
        {
            document.Remove(title);
            blocks.RemoveAt(0);
        }
        foreach (var block in blocks)
        {
            if (block is HeadingBlock heading)
            {
                var text = PlainText(heading.Inline);
                var markdownLevel = heading.Level;
                heading.Level = Math.Clamp(topLevel + markdownLevel - 2, topLevel, 6);
                stack.RemoveAll(s => s.Level >= markdownLevel);
                stack.Add((markdownLevel, ClausePart(text)));
                lastItem = null;
                if (!anchors || stack[^1].Part is null)
                {
                    continue;
                }
                var id = Unique(IdOf(stack.Select(s => s.Part)), used);
                heading.GetAttributes().Id = id;
                if (heading.Level == topLevel)
                {
                    toc.Add((new GuidelineTocEntry(id, text, []), []));
                }
                else if (heading.Level == topLevel + 1 && toc.Count > 0)
                {
                    toc[^1].Children.Add(new GuidelineTocEntry(id, text, []));
                }
            }
            else if (block is ParagraphBlock paragraph && anchors)
            {
                var text = PlainText(paragraph.Inline);
                if (Level3().Match(text) is { Success: true } item)
                {
                    lastItem = Letter(item.Groups[1].Value[0]);
                    paragraph.GetAttributes().Id = Unique(IdOf(stack.Select(s => s.Part).Append(lastItem)), used);
                }
                else if (Level4().Match(text) is { Success: true } sub)
                {
                    paragraph.GetAttributes().Id = Unique(IdOf(stack.Select(s => s.Part).Append(lastItem).Append(Letter(sub.Groups[1].Value[0]))), used);
                }
            }
        }
        return toc.Select(t => t.Entry with { Children = t.Children }).ToList();
    }

    /// <summary>The id part of a clause heading: １ → "1", （２）/⑵ → "2", ウ → "c", （ア） → "a", 様式１ → "form1"; null for an unnumbered one.</summary>
    internal static string? ClausePart(string heading)
    {
        heading = heading.Trim();
        if (FormHeading().Match(heading) is { Success: true } form)
        {
            return "form" + Number(form.Groups[1].Value);
        }
        if (Level1().Match(heading) is { Success: true } l1)
        {
            return Number(l1.Groups[1].Value);
        }
        if (Level2().Match(heading) is { Success: true } l2)
        {
            return l2.Groups[1].Success ? Number(l2.Groups[1].Value) : (l2.Groups[2].Value[0] - '⑴' + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (Level3().Match(heading) is { Success: true } l3)
        {
            return Letter(l3.Groups[1].Value[0]);
        }
        return Level4().Match(heading) is { Success: true } l4 ? Letter(l4.Groups[1].Value[0]) : null;
    }

    /// <summary>s5-2-c from ["5", "2", "c"]; form1-1 from ["form1", "1"]; unnumbered levels are skipped; null when nothing is numbered.</summary>
    private static string? IdOf(IEnumerable<string?> parts)
    {
        var list = parts.OfType<string>().ToList();
        if (list.Count == 0)
        {
            return null;
        }
        var id = string.Join('-', list);
        return char.IsAsciiDigit(id[0]) ? "s" + id : id;
    }

    private static string Unique(string? id, HashSet<string> used)
    {
        id ??= "clause";
        var unique = id;
        for (var n = 2; !used.Add(unique); n++)
        {
            unique = $"{id}-{n}";
        }
        return unique;
    }

    internal static string Number(string digits) =>
        int.Parse(digits.Normalize(NormalizationForm.FormKC), System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The katakana of the guideline's items in their order (ア, イ, ウ …) as a, b, c …</summary>
    internal static string Letter(char katakana)
    {
        const string Order = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン";
        var i = Order.IndexOf(katakana, StringComparison.Ordinal);
        return i < 0 ? "k" + ((int)katakana).ToString("x", System.Globalization.CultureInfo.InvariantCulture)
            : i < 26 ? ((char)('a' + i)).ToString() : "k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string PlainText(ContainerInline? inline)
    {
        var sb = new StringBuilder();
        foreach (var node in inline?.Descendants<LiteralInline>() ?? [])
        {
            sb.Append(node.Content.ToString());
        }
        return sb.ToString();
    }

    /// <summary>Links keep only http(s), mailto and relative addresses; images are shown as their alternative text.</summary>
    private static void MakeLinksSafe(MarkdownDocument document)
    {
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            if (link.IsImage || !IsSafeUrl(link.Url))
            {
                var inner = link.FirstChild;
                while (inner is not null)
                {
                    var next = inner.NextSibling;
                    inner.Remove();
                    link.InsertBefore(inner);
                    inner = next;
                }
                link.Remove();
            }
        }
        foreach (var auto in document.Descendants<AutolinkInline>().ToList())
        {
            if (!IsSafeUrl(auto.IsEmail ? "mailto:" + auto.Url : auto.Url))
            {
                auto.ReplaceBy(new LiteralInline(auto.Url));
            }
        }
    }

    /// <summary>http:, https:, mailto: or no scheme at all (a relative address or #fragment); control characters and spaces ignored as a browser does.</summary>
    internal static bool IsSafeUrl(string? url)
    {
        var clean = new string((url ?? "").Where(c => c > ' ' && c != '\u007f').ToArray());
        var colon = clean.IndexOf(':', StringComparison.Ordinal);
        var firstDelimiter = clean.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (firstDelimiter >= 0 && firstDelimiter < colon))
        {
            return true;
        }
        var scheme = clean[..colon];
        return scheme.Equals("http", StringComparison.OrdinalIgnoreCase) || scheme.Equals("https", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("mailto", StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"^#{1,6}[ \t]")]
    private static partial Regex MarkdownHeading();

    [GeneratedRegex(@"^様式([0-9０-９]+)")]
    private static partial Regex FormHeading();

    [GeneratedRegex(@"^([0-9０-９]{1,2})[ 　]+\S")]
    private static partial Regex Level1();

    [GeneratedRegex(@"^(?:[（(]([0-9０-９]{1,2})[）)]|([⑴-⒇]))")]
    private static partial Regex Level2();

    [GeneratedRegex(@"^([ア-ン])[ 　]+\S")]
    private static partial Regex Level3();

    [GeneratedRegex(@"^[（(]([ア-ン])[）)]")]
    private static partial Regex Level4();

    [GeneratedRegex(@"^[Ａ-Ｚ][ 　]+\S")]
    private static partial Regex LetterItem();

    /// <summary>
    /// A table as the staff pages show tables: in a labelled scroll box that takes the focus (as TableScrollTagHelper does
    /// for the pages' own tables), header cells <c>th scope="col"</c>, the first cell of each row <c>th scope="row"</c>
    /// (the form's label, the feature's name).
    /// </summary>
    private sealed class GuidelineTableRenderer : HtmlObjectRenderer<Table>
    {
        private int count;

        protected override void Write(HtmlRenderer renderer, Table table)
        {
            var headings = table.OfType<TableRow>().Where(r => r.IsHeader).SelectMany(r => r.OfType<TableCell>())
                .Select(c => string.Concat(c.Descendants<LiteralInline>().Select(l => l.Content.ToString()))).Where(h => h.Length > 0).ToList();
            count++;
            var label = (headings.Count > 0 ? "表: " + string.Join("・", headings) : "表") + $"（ガイドラインの表{count}）";
            renderer.Write("<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"").WriteEscape(label).Write("\">");
            renderer.Write("<table class=\"guideline-table\">");
            var inHead = false;
            var inBody = false;
            foreach (var row in table.OfType<TableRow>())
            {
                if (row.IsHeader && !inHead)
                {
                    renderer.Write("<thead>");
                    inHead = true;
                }
                else if (!row.IsHeader && !inBody)
                {
                    renderer.Write(inHead ? "</thead><tbody>" : "<tbody>");
                    inHead = false;
                    inBody = true;
                }
                renderer.Write("<tr>");
                var index = 0;
                foreach (var cell in row.OfType<TableCell>())
                {
                    var tag = row.IsHeader || index == 0 ? "th" : "td";
                    renderer.Write('<').Write(tag).Write(row.IsHeader ? " scope=\"col\">" : index == 0 ? " scope=\"row\">" : ">");
                    var implicitParagraph = renderer.ImplicitParagraph;
                    renderer.ImplicitParagraph = true;
                    renderer.Write(cell);
                    renderer.ImplicitParagraph = implicitParagraph;
                    renderer.Write("</").Write(tag).Write('>');
                    index++;
                }
                renderer.Write("</tr>");
            }
            renderer.Write(inHead ? "</thead>" : inBody ? "</tbody>" : "");
            renderer.Write("</table></div>");
        }
    }
}

/// <summary>
/// Links to a clause of the guideline from other pages: <c>GuidelineLinks.Clause("5(2)ウ")</c> is
/// <c>/guideline#s5-2-c</c>, the id the guideline page gives that clause (<see cref="GuidelineRendering"/>).
/// Half- or full-width digits and brackets: 5(5)ア(イ), ５（５）ア（イ）.
/// </summary>
public static partial class GuidelineLinks
{
    public const string Page = "/guideline";

    /// <summary>The address of a clause on the guideline page.</summary>
    public static string Clause(string clause) => $"{Page}#{Id(clause)}";

    /// <summary>The clause's id on the guideline page (s5, s5-2, s5-2-c, s5-5-a-b).</summary>
    public static string Id(string clause)
    {
        var m = ClausePattern().Match(clause.Trim());
        if (!m.Success)
        {
            throw new ArgumentException($"「{clause}」はガイドラインの項番として読めません（例: 5(2)ウ）。", nameof(clause));
        }
        var parts = new List<string> { GuidelineRendering.Number(m.Groups[1].Value) };
        if (m.Groups[2].Success)
        {
            parts.Add(GuidelineRendering.Number(m.Groups[2].Value));
        }
        if (m.Groups[3].Success)
        {
            parts.Add(GuidelineRendering.Letter(m.Groups[3].Value[0]));
        }
        if (m.Groups[4].Success)
        {
            parts.Add(GuidelineRendering.Letter(m.Groups[4].Value[0]));
        }
        return "s" + string.Join('-', parts);
    }

    [GeneratedRegex(@"^([0-9０-９]{1,2})(?:[（(]([0-9０-９]{1,2})[）)])?([ア-ン])?(?:[（(]([ア-ン])[）)])?$")]
    private static partial Regex ClausePattern();
}
