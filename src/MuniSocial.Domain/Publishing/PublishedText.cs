using System.Text;

namespace MuniSocial.Domain.Publishing;

/// <summary>
/// Compares what was approved with what the platform shows, after the platform's own rewriting has been undone by the
/// adapter (shortened links expanded, HTML and facets turned to plain text): Unicode NFC, line ends, runs of white
/// space and trailing spaces do not count; everything else does.
/// </summary>
public static class PublishedText
{
    public static string Normalize(string? text)
    {
        var t = (text ?? "").Normalize(NormalizationForm.FormC).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var sb = new StringBuilder(t.Length);
        var space = false;
        foreach (var c in t)
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }
            if (space && sb.Length > 0)
            {
                sb.Append(' ');
            }
            space = false;
            sb.Append(c);
        }
        return sb.ToString();
    }

    public static bool Same(string? approved, string? observed) => string.Equals(Normalize(approved), Normalize(observed), StringComparison.Ordinal);
}
