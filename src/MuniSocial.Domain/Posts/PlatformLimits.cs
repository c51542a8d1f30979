using System.Globalization;
using MuniSocial.Domain.Accounts;

namespace MuniSocial.Domain.Posts;

/// <summary>
/// The length limit of a text post on each platform, as the platforms document it:
/// X — 280 "weighted" characters (twitter-text v3: code points in U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F and
/// U+2032–U+2037 weigh 1, all others — CJK, kana, emoji — weigh 2; every URL counts as 23; an emoji sequence counts once);
/// LINE — 5,000 characters per text message (Messaging API); Facebook — 63,206 characters; Instagram — 2,200 characters
/// per caption; YouTube — 5,000 characters of description; Bluesky — 300 graphemes per post (the AT Protocol lexicon
/// app.bsky.feed.post: <c>text</c> maxGraphemes 300, https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/feed/post.json);
/// Mastodon — 500 characters, the default of a Mastodon server (MAX_CHARS in app/validators/status_length_validator.rb,
/// https://docs.joinmastodon.org/user/posting/; a server may allow more; Mastodon counts every URL as 23, so a long URL
/// is counted here at its full length, which errs on the safe side); TikTok — a caption of 2,200 UTF-16 characters
/// (TikTok for Developers, Content Posting API: <c>post_info.title</c> "max length 2200 in UTF-16 runes",
/// https://developers.tiktok.com/doc/content-posting-api-reference-direct-post). "Other" platforms have no limit known to the system.
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
        Platform.Bluesky => 300,
        Platform.Mastodon => 500,
        Platform.TikTok => 2200,
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
            // LINE and TikTok count UTF-16 code units; Bluesky counts graphemes; Facebook, Instagram, YouTube and Mastodon
            // characters, which for Japanese text are the text elements alike.
            var utf16 = platform is Platform.Line or Platform.TikTok;
            var count = utf16 ? text.Length : new StringInfo(text).LengthInTextElements;
            int? at = null;
            if (limit is { } l && count > l)
            {
                at = utf16 ? l : StringInfo.ParseCombiningCharacters(text)[l];
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
