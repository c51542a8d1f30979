using System.Globalization;
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
