namespace MuniSocial.Domain.Guideline;

/// <summary>Reading the guideline's text: the §6 conduct rules, shown prominently where staff confirm them.</summary>
public static class GuidelineText
{
    /// <summary>
    /// The text of 「６ ソーシャルメディアを安全に利用するための留意点」: from its heading up to the next heading of the
    /// same rank, blank runs squeezed. In Markdown (the heading written <c>## ６ …</c>) the next heading with as many or
    /// fewer <c>#</c>; in plain text (the PDF's lines, <c>６ …</c>) the next line that starts another top-level clause
    /// (<c>７ …</c>) or a form (<c>様式…</c>). Null when the text has no such heading.
    /// </summary>
    public static string? ConductRules(string text)
    {
        var lines = GuidelineVersion.NormalizeText(text).Split('\n');
        var start = Array.FindIndex(lines, l => IsClause(StripHashes(l), '６', '6'));
        if (start < 0)
        {
            return null;
        }
        var rank = Hashes(lines[start]);
        var end = Array.FindIndex(lines, start + 1, l => rank > 0
            ? Hashes(l) is > 0 and var h && h <= rank
            : IsTopLevel(l));
        var body = lines[start..(end < 0 ? lines.Length : end)].Select(l => l.TrimEnd()).ToList();
        var squeezed = body.Where((l, i) => l.Length > 0 || (i > 0 && body[i - 1].Length > 0));
        return string.Join('\n', squeezed).Trim();
    }

    /// <summary>The number of <c>#</c> of a Markdown heading line (<c>## ６ …</c> → 2); 0 for any other line.</summary>
    private static int Hashes(string line)
    {
        var n = 0;
        while (n < line.Length && line[n] == '#')
        {
            n++;
        }
        return n is > 0 and <= 6 && n < line.Length && line[n] is ' ' or '\t' ? n : 0;
    }

    private static string StripHashes(string line) => Hashes(line) is var n and > 0 ? line[n..].TrimStart() : line;

    private static bool IsClause(string line, char wide, char narrow) =>
        line.Length > 2 && (line[0] == wide || line[0] == narrow) && line[1] is ' ' or '　' && !char.IsWhiteSpace(line[2]);

    private static bool IsTopLevel(string line) =>
        line.StartsWith("様式", StringComparison.Ordinal)
        || (line.Length > 2 && (char.IsAsciiDigit(line[0]) || line[0] is >= '０' and <= '９') && line[1] is ' ' or '　' && !char.IsWhiteSpace(line[2]));
}
