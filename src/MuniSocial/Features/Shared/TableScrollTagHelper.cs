using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace MuniSocial.Features.Shared;

/// <summary>
/// Every table of the staff pages scrolls sideways inside its own box on a narrow screen (390 px), so that the page
/// itself never does and no column is squeezed to one character per line (WCAG 1.4.10). The box is a labelled region
/// that takes the keyboard focus, so it can be scrolled without a mouse (axe: scrollable-region-focusable); its name
/// is the table's caption (or the heading the table is labelled by). The public list's tables, which become cards on a
/// phone (<c>accounts</c>, <c>policy</c>), and a table marked <c>data-no-scroll</c> are left as they are.
/// </summary>
[HtmlTargetElement("table")]
public sealed partial class TableScrollTagHelper : TagHelper
{
    private static readonly string[] CardTables = ["accounts", "policy"];

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var classes = output.Attributes.TryGetAttribute("class", out var c) ? c.Value?.ToString() ?? "" : "";
        if (output.Attributes.ContainsName("data-no-scroll") || classes.Split(' ').Intersect(CardTables).Any())
        {
            output.Attributes.RemoveAll("data-no-scroll");
            return;
        }
        string naming;
        if (output.Attributes.TryGetAttribute("aria-labelledby", out var labelledBy))
        {
            naming = $"aria-labelledby=\"{WebUtility.HtmlEncode(labelledBy.Value?.ToString())}\"";
        }
        else
        {
            var content = (await output.GetChildContentAsync()).GetContent();
            var caption = CaptionPattern().Match(content) is { Success: true } m
                ? WebUtility.HtmlDecode(TagPattern().Replace(m.Groups[1].Value, "")).Trim()
                : "";
            naming = $"aria-label=\"{WebUtility.HtmlEncode(caption.Length > 0 ? caption : "表")}\"";
        }
        output.PreElement.AppendHtml($"<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" {naming}>");
        output.PostElement.AppendHtml("</div>");
    }

    [GeneratedRegex(@"<caption[^>]*>(.*?)</caption>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex CaptionPattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();
}
