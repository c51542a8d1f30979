using System.Globalization;
using MuniSocial.Domain.Accounts;

namespace MuniSocial.Domain.Posts;

/// <summary>
/// The length limit of a text post on each platform, as the platforms document it:
/// X — 280 "weighted" characters (twitter-text v3: code points in U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F and
/// U+2032–U+2037 weigh 1, all others — CJK, kana, emoji — weigh 2; every URL counts as 23; an emoji sequence counts once);
/// LINE — 5,000 characters per text message (Messaging API); Facebook — 63,206 characters; Instagram — 2,200 characters
/// per caption; YouTube — 5,000 characters of description. "Other" platforms have no limit known to the system.
/// </summary>
public static class PlatformLimits
{
    public const int XMaxWeighted = 280;
    public const int XUrlWeight = 23;

    public static int? LimitOf(Platform platform) => platform switch
    {
        Platform.X => XMaxWeighted,
        Platform.Line => 5000,
        Platform.Facebook => 63206,
        Platform.Instagram => 2200,
        Platform.YouTube => 5000,
        _ => null,
    };

    public static string UnitOf(Platform platform) => platform == Platform.X ? "（全角文字は2文字として計算）" : "";

    /// <summary>
    /// The counted length and the UTF-16 index at which the limit is first exceeded (null if within).
    /// <paramref name="urls"/> are the spans of URLs in the text (X counts each as 23).
    /// </summary>
    public static (int Count, int? OverflowAt) Measure(Platform platform, string text, IReadOnlyList<(int Start, int Length)> urls)
    {
        var limit = LimitOf(platform);
        if (platform != Platform.X)
        {
            // LINE, Facebook, Instagram and YouTube count characters as UTF-16 code units / text elements alike for Japanese text.
            var count = platform == Platform.Line ? text.Length : new StringInfo(text).LengthInTextElements;
            int? at = null;
            if (limit is { } l && count > l)
            {
                at = platform == Platform.Line ? l : StringInfo.ParseCombiningCharacters(text)[l];
            }
            return (count, at);
        }
        var weighted = 0;
        int? overflow = null;
        var urlIndex = 0;
        for (var i = 0; i < text.Length;)
        {
            if (urlIndex < urls.Count && urls[urlIndex].Start == i)
            {
                weighted += XUrlWeight;
                if (overflow is null && weighted > XMaxWeighted)
                {
                    overflow = i;
                }
                i += urls[urlIndex].Length;
                urlIndex++;
                continue;
            }
            var rune = System.Text.Rune.GetRuneAt(text, i);
            var width = rune.Utf16SequenceLength;
            var weight = WeightOf(rune.Value);
            // Joiners, variation selectors and skin-tone modifiers belong to the emoji before them: the sequence counts once.
            if (rune.Value is 0x200D or (>= 0xFE00 and <= 0xFE0F) or (>= 0x1F3FB and <= 0x1F3FF) || (i > 0 && text[i - 1] == '\u200D'))
            {
                weight = 0;
            }
            weighted += weight;
            if (overflow is null && weighted > XMaxWeighted)
            {
                overflow = i;
            }
            i += width;
            while (urlIndex < urls.Count && urls[urlIndex].Start < i)
            {
                urlIndex++;
            }
        }
        return (weighted, overflow);
    }

    private static int WeightOf(int codePoint) => codePoint switch
    {
        <= 0x10FF => 1,
        >= 0x2000 and <= 0x200D => 1,
        >= 0x2010 and <= 0x201F => 1,
        >= 0x2032 and <= 0x2037 => 1,
        _ => 2,
    };
}
