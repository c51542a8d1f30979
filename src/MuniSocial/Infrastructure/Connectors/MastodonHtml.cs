using System.Net;
using System.Text.RegularExpressions;

namespace MuniSocial.Infrastructure.Connectors;

/// <summary>
/// Mastodon's <c>content</c> (sanitised HTML, https://docs.joinmastodon.org/entities/Status/#content) back to the plain
/// text that was posted: paragraphs and <c>&lt;br&gt;</c> to line ends, links to their full text (Mastodon shortens a long
/// link on screen with <c>invisible</c> and <c>ellipsis</c> spans, whose text together is the whole address), mentions
/// and hashtags to their text, entities decoded. Mastodon writes a post "a\nb\n\nc" as <c>&lt;p&gt;a&lt;br /&gt;b&lt;/p&gt;&lt;p&gt;c&lt;/p&gt;</c>.
/// </summary>
public static partial class MastodonHtml
{
    public static string ToText(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return "";
        }
        var text = LineBreak().Replace(html, "\n");
        text = ParagraphBreak().Replace(text, "\n\n");
        text = AnyTag().Replace(text, "");
        text = WebUtility.HtmlDecode(text);
        return text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim('\n', ' ');
    }

    [GeneratedRegex(@"<br\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreak();

    [GeneratedRegex(@"</p>\s*<p(\s[^>]*)?>", RegexOptions.IgnoreCase)]
    private static partial Regex ParagraphBreak();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex AnyTag();
}
