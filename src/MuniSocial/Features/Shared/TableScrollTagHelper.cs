using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace MuniSocial.Features.Shared;

/// <summary>
/// Every table of the staff pages scrolls sideways inside its own box on a narrow screen (390 px), so that the page
/// itself never does and no column is squeezed to one character per line (WCAG 1.4.10). The box is a labelled region
/// that takes the keyboard focus, so it can be scrolled without a mouse (axe: scrollable-region-focusable); its name
/// is the table's caption (or the heading the table is labelled by). The public list's tables, which become cards on a
/// phone (<c>accounts</c>, <c>policy</c>) are left as they are.
/// </summary>
[HtmlTargetElement("table")]
public sealed partial class TableScrollTagHelper : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    private static readonly string[] CardTables = ["accounts", "policy"];

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var classes = output.Attributes.TryGetAttribute("class", out var c) ? c.Value?.ToString() ?? "" : "";
        if (classes.Split(' ').Intersect(CardTables).Any())
        {
            return;
        }
        string naming;
        if (output.Attributes.TryGetAttribute("aria-labelledby", out var labelledBy))
        {
            naming = $"aria-labelledby=\"{WebUtility.HtmlEncode(labelledBy.Value?.ToString())}\"";
        }
        else
        {
            // The caption; else the first column headings (「表: 日付・アカウント・確認者」); each name once on the page.
            var content = (await output.GetChildContentAsync()).GetContent();
            var label = CaptionPattern().Match(content) is { Success: true } m ? Text(m.Groups[1].Value) : "";
            if (label.Length == 0)
            {
                var headings = HeaderPattern().Matches(content).Select(h => Text(h.Groups[1].Value)).Where(h => h.Length > 0).Take(4).ToList();
                label = headings.Count > 0 ? "表: " + string.Join("・", headings) : "表";
            }
            var used = ViewContext.HttpContext.Items["table-scroll-names"] as HashSet<string> ?? [];
            ViewContext.HttpContext.Items["table-scroll-names"] = used;
            var unique = label;
            for (var n = 2; !used.Add(unique); n++)
            {
                unique = $"{label}（{n}）";
            }
            naming = $"aria-label=\"{WebUtility.HtmlEncode(unique)}\"";
        }
        output.PreElement.AppendHtml($"<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" {naming}>");
        output.PostElement.AppendHtml("</div>");
    }

    [GeneratedRegex(@"<caption[^>]*>(.*?)</caption>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex CaptionPattern();

    [GeneratedRegex(@"<th(?:\s[^>]*)?>(.*?)</th>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex HeaderPattern();

    private static string Text(string html) => WebUtility.HtmlDecode(TagPattern().Replace(html, "")).Trim();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();
}
