using System.Text;

namespace MuniSocial.Domain.Posts;

/// <summary>
/// Text folded for matching — NFKC (full/half width), katakana to hiragana, ASCII lower case, dash
/// variants to '-' — with a map from every folded character back to the original text, so that findings
/// point at what the author wrote. Linear in the text length.
/// </summary>
public sealed class NormalizedText
{
    private NormalizedText(string original, string text, int[] starts, int[] ends)
    {
        Original = original;
        Text = text;
        _starts = starts;
        _ends = ends;
    }

    private readonly int[] _starts;
    private readonly int[] _ends;

    public string Original { get; }

    public string Text { get; }

    /// <summary>The original span (start, length) of the folded span [start, end).</summary>
    public (int Start, int Length) ToOriginal(int start, int end)
    {
        if (end <= start)
        {
            var at = start < _starts.Length ? _starts[start] : Original.Length;
            return (at, 0);
        }
        var s = _starts[start];
        var e = _ends[end - 1];
        return (s, e - s);
    }

    public static NormalizedText Of(string original)
    {
        var sb = new StringBuilder(original.Length);
        var starts = new List<int>(original.Length);
        var ends = new List<int>(original.Length);
        void Emit(char c, int from, int to)
        {
            sb.Append(c);
            starts.Add(from);
            ends.Add(to);
        }

        for (var i = 0; i < original.Length;)
        {
            var c = original[i];
            var width = char.IsHighSurrogate(c) && i + 1 < original.Length && char.IsLowSurrogate(original[i + 1]) ? 2 : 1;
            var end = i + width;
            if (width == 1 && Fold(c) is { } folded)
            {
                Emit(folded, i, end);
            }
            else if (width == 1 && c is >= '\uFF61' and <= '\uFF9F')
            {
                // Half-width katakana: NFKC with a following voiced mark composes into one character (ｶﾞ → ガ).
                var take = end < original.Length && original[end] is '\uFF9E' or '\uFF9F' ? 2 : 1;
                var composed = original.Substring(i, take).Normalize(NormalizationForm.FormKC);
                foreach (var ch in composed)
                {
                    Emit(Fold(ch) ?? ch, i, i + take);
                }
                end = i + take;
            }
            else
            {
                var normalized = original.Substring(i, width).Normalize(NormalizationForm.FormKC);
                foreach (var ch in normalized)
                {
                    Emit(Fold(ch) ?? ch, i, end);
                }
            }
            i = end;
        }
        return new NormalizedText(original, sb.ToString(), [.. starts], [.. ends]);
    }

    /// <summary>Folding for characters NFKC keeps as they are, or changes one-for-one; null when NFKC must decide.</summary>
    private static char? Fold(char c) => c switch
    {
        >= 'A' and <= 'Z' => (char)(c + 32),
        < '\u0080' => c,
        >= '\u30A1' and <= '\u30F6' => (char)(c - 0x60), // katakana → hiragana
        >= '\u3041' and <= '\u3096' => c,
        >= '\u4E00' and <= '\u9FFF' => c, // CJK ideographs are NFKC-stable
        '\u30FC' or '\u3001' or '\u3002' or '\u300C' or '\u300D' or '\u3010' or '\u3011' or '\u3014' or '\u3015' => c,
        >= '\uFF21' and <= '\uFF3A' => (char)(c - 0xFEE0 + 32), // full-width A–Z → a–z
        >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0), // full-width ASCII
        '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' or '\uFE63' or '\uFF0D' => '-',
        '\u3000' => ' ',
        >= '\u3280' and <= '\u32B0' => c, // circled ideographs (㊙) are markers in their own right: keep them
        _ => null,
    };
}
