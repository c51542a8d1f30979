namespace MuniSocial.Domain.Guideline;

/// <summary>Reading the guideline's text: the §6 conduct rules, shown prominently where staff confirm them.</summary>
public static class GuidelineText
{
    /// <summary>
    /// The text of 「６ ソーシャルメディアを安全に利用するための留意点」: from the line that starts with ６ (or 6)
    /// and a space up to the line that starts with ７, blank runs squeezed. Null when the text has no such heading.
    /// </summary>
    public static string? ConductRules(string text)
    {
        var lines = GuidelineVersion.NormalizeText(text).Split('\n');
        var start = Array.FindIndex(lines, l => IsHeading(l, '６', '6'));
        if (start < 0)
        {
            return null;
        }
        var end = Array.FindIndex(lines, start + 1, l => IsHeading(l, '７', '7'));
        var body = lines[start..(end < 0 ? lines.Length : end)].Select(l => l.TrimEnd()).ToList();
        var squeezed = body.Where((l, i) => l.Length > 0 || (i > 0 && body[i - 1].Length > 0));
        return string.Join('\n', squeezed).Trim();
    }

    private static bool IsHeading(string line, char wide, char narrow) =>
        line.Length > 2 && (line[0] == wide || line[0] == narrow) && line[1] is ' ' or '　' && !char.IsWhiteSpace(line[2]);
}
