using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;
using MuniSocial.Domain.Posts;

namespace MuniSocial.Features.Posts;

/// <summary>Small helpers the post pages share.</summary>
public static class PostPages
{
    /// <summary>A piece of the text, marked when a finding points at it.</summary>
    public sealed record Segment(string Text, Finding? Finding, int Number);

    /// <summary>The text cut into plain and marked pieces (overlapping findings: the first one wins the overlap).</summary>
    public static List<Segment> Segments(string text, IReadOnlyList<Finding> findings)
    {
        var result = new List<Segment>();
        var at = 0;
        var number = 0;
        foreach (var f in findings.Where(f => f.Length > 0).OrderBy(f => f.Start))
        {
            number++;
            if (f.Start < at || f.Start + f.Length > text.Length)
            {
                continue;
            }
            if (f.Start > at)
            {
                result.Add(new Segment(text[at..f.Start], null, 0));
            }
            result.Add(new Segment(text.Substring(f.Start, f.Length), f, number));
            at = f.Start + f.Length;
        }
        if (at < text.Length)
        {
            result.Add(new Segment(text[at..], null, 0));
        }
        return result;
    }

    /// <summary>A URL in a post's text, as the preview finds it (up to white space or Japanese punctuation).</summary>
    private static readonly Regex UrlPattern = new(@"https?://[^\s\u3000<>""「」『』（）、。]+", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>The spans of the URLs in <paramref name="text"/>.</summary>
    public static IReadOnlyList<(int Start, int Length)> UrlSpans(string text) =>
        [.. UrlPattern.Matches(text).Select(m => (m.Index, m.Length))];

    /// <summary>
    /// A URL as the platform shows it in a post: X, Mastodon and Bluesky show it without the scheme and "www.", shortened
    /// with "…"; the others show it whole.
    /// </summary>
    public static string DisplayUrl(Platform platform, string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        int? max = platform switch
        {
            Platform.X => 23,
            Platform.Bluesky => 26,
            Platform.Mastodon => 30,
            _ => null,
        };
        if (max is not { } limit)
        {
            return url;
        }
        var shown = Regex.Replace(url, "^https?://(www\\.)?", "", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return shown.Length > limit ? shown[..(limit - 1)] + "…" : shown;
    }

    /// <summary>The text's length as the platform counts it, and its limit: 「120 / 280文字（…）」, or null where no limit is known.</summary>
    public static string? LengthLine(Platform platform, string text)
    {
        if (PlatformLimits.LimitOf(platform) is not { } limit)
        {
            return null;
        }
        var (count, over) = PlatformLimits.Measure(platform, text, UrlSpans(text));
        var how = platform == Platform.X ? "（全角文字は2文字、URLは1つ23文字として数えます）" : "";
        return $"{Publishing.PublicationSender.NameOf(platform)}の数え方で {count:N0} / {limit:N0}文字{how}{(over is null ? "" : "。上限を超えています")}";
    }

    /// <summary>
    /// The text as it will look on the platform, as HTML: line breaks kept (the container keeps white space), URLs shown
    /// as the platform shows them (<see cref="DisplayUrl"/>), each finding's part marked with &lt;mark&gt; without breaking
    /// the text, its number linking to the finding in the list below (<c>#finding-n</c>) and said in words for screen
    /// readers (the kind's Japanese label — never the internal key).
    /// </summary>
    public static IHtmlContent Preview(string text, IReadOnlyList<Finding> findings, Platform platform)
    {
        ArgumentNullException.ThrowIfNull(text);
        var html = new HtmlContentBuilder();
        foreach (var seg in Segments(text, findings))
        {
            if (seg.Finding is not { } f)
            {
                AppendWithUrls(html, seg.Text, platform);
                continue;
            }
            var kind = f.Severity == Severity.Error ? "error" : "warning";
            html.AppendHtml($"<mark class=\"finding-{kind}\">");
            AppendWithUrls(html, seg.Text, platform);
            html.AppendHtml("</mark>");
            html.AppendHtml($"<sup class=\"finding-ref\"><a href=\"#finding-{seg.Number}\">[{seg.Number}]<span class=\"visually-hidden\">");
            html.Append($"（指摘{seg.Number}: {FindingKinds.Label(f.Kind)}、{SeverityLabel(f.Severity)}）");
            html.AppendHtml("</span></a></sup>");
        }
        return html;
    }

    private static void AppendWithUrls(HtmlContentBuilder html, string text, Platform platform)
    {
        var at = 0;
        foreach (var (start, length) in UrlSpans(text))
        {
            html.Append(text[at..start]);
            var url = text.Substring(start, length);
            html.AppendHtml($"<a href=\"{HtmlEncoder.Default.Encode(url)}\" rel=\"noopener noreferrer\">");
            html.Append(DisplayUrl(platform, url));
            html.AppendHtml("</a>");
            at = start + length;
        }
        html.Append(text[at..]);
    }

    /// <summary>A datetime-local value (Tokyo) to an instant.</summary>
    public static DateTimeOffset? FromLocal(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || !DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }
        return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Wareki.Tokyo.GetUtcOffset(local));
    }

    public static string ToLocal(DateTimeOffset? instant) =>
        instant is { } i ? Wareki.ToTokyo(i).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture) : "";

    public static string When(DateTimeOffset? instant) => instant is { } i ? Wareki.FormatDateTime(i) : "";

    /// <summary>
    /// An acknowledged warning as a reader says it: its kind's label and, where it points at part of the text, that part
    /// (the stored key is <c>code:text</c>, e.g. <c>outside-hours:</c> → 運用時間外の発信).
    /// </summary>
    public static string AcknowledgedLabel(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        var code = colon < 0 ? key : key[..colon];
        var part = colon < 0 ? "" : key[(colon + 1)..];
        var label = FindingKinds.FromCode(code) is { } kind ? FindingKinds.Label(kind) : code;
        return part.Length > 0 ? $"{label}「{part}」" : label;
    }

    public static string SeverityLabel(Severity s) => s == Severity.Error ? "エラー（発信不可）" : "要確認";
}
