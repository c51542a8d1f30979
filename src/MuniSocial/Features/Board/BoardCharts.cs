using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace MuniSocial.Features.Board;

/// <summary>
/// The board's small charts, drawn on the server as inline SVG (no script, no library): a bar per business day of the
/// daily checks' completion (0–100 %; a hollow circle where nothing was due, 対象なし), and a line with a dot per day of
/// the accounts overdue. Each is <c>role="img"</c> named by its <c>&lt;title&gt;</c> (<c>aria-labelledby</c>) and described
/// by the sentence the page shows under it (<c>aria-describedby</c>); the page's table of values is the full text
/// alternative. Colours are the site's (accent #0b4f9c, danger #a30000, grey #767676): 3:1 or more on white. The
/// viewBox scales to the width (100 %), so the chart is as readable at 390 px as on a desktop.
/// </summary>
public static class BoardCharts
{
    private const int Width = 360, Height = 140, Left = 46, Right = 6, Top = 10, Bottom = 24;
    private const double PlotWidth = Width - Left - Right, PlotHeight = Height - Top - Bottom;
    private const string Accent = "#0b4f9c", Danger = "#a30000", Grey = "#767676", Ink = "#1a1a1a", Grid = "#c8d0da";

    /// <summary>「5月29日」.</summary>
    public static string Day(DateOnly day) => $"{day.Month}月{day.Day}日";

    /// <summary>「5月29日（金）」.</summary>
    public static string DayWithWeekday(DateOnly day) => $"{Day(day)}（{"日月火水木金土"[(int)day.DayOfWeek]}）";

    /// <summary>The text alternative of the completion chart: the average over the period and the lowest day.</summary>
    public static string CompletionSummary(SectionHistory s) =>
        s.AveragePercent is { } average && s.Lowest is { } low
            ? $"過去{s.Days.Count}営業日の確認実施率は平均{average}％、最低は{Day(low.Day)}の{low.Percent}％でした。"
              + (s.Days.Count(d => d.Percent is null) is > 0 and var none ? $"確認が必要なアカウントがなかった日（対象なし）が{none}日あります。" : "")
            : $"過去{s.Days.Count}営業日に確認が必要なアカウントはありませんでした（対象なし）。";

    /// <summary>The text alternative of the overdue chart: the first and the last day, and the day with the most.</summary>
    public static string OverdueSummary(SectionHistory s)
    {
        if (s.Days.Count == 0 || s.Days.All(d => d.Overdue == 0))
        {
            return $"過去{s.Days.Count}営業日に期限超過等のアカウントはありませんでした。";
        }
        var (first, last, most) = (s.Days[0], s.Days[^1], s.MostOverdue!);
        return $"過去{s.Days.Count}営業日の期限超過等のアカウントは、{Day(first.Day)}に{first.Overdue}件、{Day(last.Day)}に{last.Overdue}件で、"
            + $"最も多かったのは{Day(most.Day)}の{most.Overdue}件でした。";
    }

    /// <summary>Bars of done ÷ due per day.</summary>
    public static IHtmlContent Completion(SectionHistory s, string id, string describedBy)
    {
        var svg = Open(id, describedBy, $"{s.SectionName}の確認実施率（過去{s.Days.Count}営業日）");
        foreach (var p in new[] { 0, 50, 100 })
        {
            var y = Y(p / 100.0);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"{(p == 0 ? Grey : Grid)}\" stroke-width=\"1\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 4}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{p}%</text>");
        }
        var slot = PlotWidth / Math.Max(1, s.Days.Count);
        var barWidth = Math.Max(2, slot * 0.7);
        for (var i = 0; i < s.Days.Count; i++)
        {
            var d = s.Days[i];
            var x = Left + (slot * i) + ((slot - barWidth) / 2);
            if (d.Percent is null)
            {
                svg.Append(CultureInfo.InvariantCulture,
                    $"<circle class=\"none\" cx=\"{x + (barWidth / 2):0.##}\" cy=\"{Y(0) - 5:0.##}\" r=\"2.5\" fill=\"none\" stroke=\"{Grey}\" stroke-width=\"1.2\"><title>{DayWithWeekday(d.Day)}: 対象なし</title></circle>");
                continue;
            }
            var ratio = (double)d.Done / d.Due;
            var height = Math.Max(ratio > 0 ? 1 : 0, PlotHeight * ratio);
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect class=\"bar\" x=\"{x:0.##}\" y=\"{Y(0) - height:0.##}\" width=\"{barWidth:0.##}\" height=\"{height:0.##}\" fill=\"{Accent}\"><title>{DayWithWeekday(d.Day)}: {d.Done}/{d.Due}（{d.Percent}%）</title></rect>");
        }
        return Close(svg, s);
    }

    /// <summary>A line with a dot per day of the accounts overdue (期限超過等).</summary>
    public static IHtmlContent Overdue(SectionHistory s, string id, string describedBy)
    {
        var svg = Open(id, describedBy, $"{s.SectionName}の期限超過等のアカウント数の推移（過去{s.Days.Count}営業日）");
        var max = Math.Max(2, s.Days.Count == 0 ? 0 : s.Days.Max(d => d.Overdue));
        max += max % 2; // an even top, so that the middle line is a whole number
        foreach (var n in new[] { 0, max / 2, max })
        {
            var y = Top + (PlotHeight * (1 - ((double)n / max)));
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"{(n == 0 ? Grey : Grid)}\" stroke-width=\"1\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 4}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{n}件</text>");
        }
        var slot = PlotWidth / Math.Max(1, s.Days.Count);
        var points = s.Days.Select((d, i) => (d, X: Left + (slot * i) + (slot / 2), Y: Top + (PlotHeight * (1 - ((double)d.Overdue / max))))).ToList();
        svg.Append("<polyline fill=\"none\" stroke=\"").Append(Danger).Append("\" stroke-width=\"1.5\" points=\"")
            .AppendJoin(' ', points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.X:0.##},{p.Y:0.##}")))
            .Append("\"/>");
        foreach (var (d, x, y) in points)
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"<circle class=\"dot\" cx=\"{x:0.##}\" cy=\"{y:0.##}\" r=\"2.5\" fill=\"{Danger}\"><title>{DayWithWeekday(d.Day)}: {d.Overdue}件</title></circle>");
        }
        return Close(svg, s);
    }

    private const int SparkWidth = 120, SparkHeight = 28;

    /// <summary>
    /// The overview's small chart of a section's completion: a bar per day on a 0–100 % scale, a grey tick where nothing
    /// was due. Named by <paramref name="label"/>; the row's cells (average, lowest day) and the section's own page
    /// (its full charts and the table of every day) are the text alternative. No tooltip per bar, to keep the board small
    /// with a hundred sections.
    /// </summary>
    public static IHtmlContent CompletionSpark(SectionHistory s, string label)
    {
        var svg = OpenSpark(label);
        var slot = (double)SparkWidth / Math.Max(1, s.Days.Count);
        for (var i = 0; i < s.Days.Count; i++)
        {
            var d = s.Days[i];
            var x = (slot * i) + (slot * 0.15);
            if (d.Percent is null)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{SparkHeight - 2}\" width=\"{slot * 0.7:0.#}\" height=\"2\" fill=\"{Grey}\"/>");
                continue;
            }
            var height = Math.Max(d.Done > 0 ? 1 : 0, (SparkHeight - 2) * ((double)d.Done / d.Due));
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{SparkHeight - height:0.#}\" width=\"{slot * 0.7:0.#}\" height=\"{height:0.#}\" fill=\"{Accent}\"/>");
        }
        return new HtmlString(svg.Append("</svg>").ToString());
    }

    /// <summary>The overview's small chart of a section's overdue accounts: a line over the days, the scale from 0 to the period's most.</summary>
    public static IHtmlContent OverdueSpark(SectionHistory s, string label)
    {
        var svg = OpenSpark(label);
        var max = Math.Max(1, s.Days.Count == 0 ? 0 : s.Days.Max(d => d.Overdue));
        var slot = (double)SparkWidth / Math.Max(1, s.Days.Count);
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"0\" x2=\"{SparkWidth}\" y1=\"{SparkHeight - 1}\" y2=\"{SparkHeight - 1}\" stroke=\"{Grid}\" stroke-width=\"1\"/>");
        svg.Append("<polyline fill=\"none\" stroke=\"").Append(Danger).Append("\" stroke-width=\"1.5\" points=\"")
            .AppendJoin(' ', s.Days.Select((d, i) => string.Create(CultureInfo.InvariantCulture,
                $"{(slot * i) + (slot / 2):0.#},{1 + ((SparkHeight - 3) * (1 - ((double)d.Overdue / max))):0.#}")))
            .Append("\"/>");
        return new HtmlString(svg.Append("</svg>").ToString());
    }

    private static StringBuilder OpenSpark(string label) =>
        new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"<svg class=\"spark\" role=\"img\" aria-label=\"{WebUtility.HtmlEncode(label)}\" viewBox=\"0 0 {SparkWidth} {SparkHeight}\" width=\"{SparkWidth}\" height=\"{SparkHeight}\" xmlns=\"http://www.w3.org/2000/svg\">");

    private static double Y(double ratio) => Top + (PlotHeight * (1 - ratio));

    private static StringBuilder Open(string id, string describedBy, string title) =>
        new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" id=\"{id}\" role=\"img\" aria-labelledby=\"{id}-title\" aria-describedby=\"{WebUtility.HtmlEncode(describedBy)}\" ")
            .Append(CultureInfo.InvariantCulture, $"viewBox=\"0 0 {Width} {Height}\" width=\"100%\" preserveAspectRatio=\"xMidYMid meet\" font-size=\"12\" fill=\"{Ink}\" xmlns=\"http://www.w3.org/2000/svg\">")
            .Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{WebUtility.HtmlEncode(title)}</title>");

    /// <summary>The first and the last day under the axis, and the end of the markup.</summary>
    private static HtmlString Close(StringBuilder svg, SectionHistory s)
    {
        if (s.Days.Count > 0)
        {
            var y = Height - 6;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{y}\" text-anchor=\"start\">{s.Days[0].Day.Month}/{s.Days[0].Day.Day}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right}\" y=\"{y}\" text-anchor=\"end\">{s.Days[^1].Day.Month}/{s.Days[^1].Day.Day}</text>");
        }
        return new HtmlString(svg.Append("</svg>").ToString());
    }
}
