using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace MuniSocial.Infrastructure.Connectors;

/// <summary>A link in a Bluesky post: its place as UTF-8 byte offsets (end exclusive) and its address.</summary>
public sealed record LinkFacet(int ByteStart, int ByteEnd, string Uri);

/// <summary>
/// What a Bluesky post's text needs before it goes out: the length rule of <c>app.bsky.feed.post</c> (300 graphemes,
/// 3000 bytes — https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/feed/post.json), the link facets
/// (https://docs.bsky.app/docs/advanced-guides/post-richtext: offsets count UTF-8 bytes, so Japanese text before a link
/// moves it three bytes a character), and a record key that is the same for every attempt of one publication.
/// </summary>
public static partial class BlueskyText
{
    public const int MaxGraphemes = 300;
    public const int MaxBytes = 3000;

    private const string Base32Sortable = "234567abcdefghijklmnopqrstuvwxyz";

    public static int Graphemes(string text) => new StringInfo(text ?? "").LengthInTextElements;

    /// <summary>The post's problem with the length rule in Japanese, or null when it fits.</summary>
    public static string? LengthProblem(string text)
    {
        var graphemes = Graphemes(text);
        if (graphemes > MaxGraphemes)
        {
            return $"Blueskyの投稿は{MaxGraphemes}文字までです。この本文は{graphemes}文字あります（絵文字などは見た目の1文字を1文字と数えます）。本文を短くして承認し直してください。";
        }
        var bytes = Encoding.UTF8.GetByteCount(text ?? "");
        return bytes > MaxBytes ? $"Blueskyの投稿は{MaxBytes}バイトまでです。この本文は{bytes}バイトあります。本文を短くして承認し直してください。" : null;
    }

    /// <summary>
    /// The http(s) links of the text as facets. A link is made of the ASCII characters of an address (Japanese text or
    /// white space ends it), and trailing punctuation that ends a sentence (.,;:!?) is left out, as the reference's
    /// detector does. A link may follow Japanese text directly.
    /// </summary>
    public static IReadOnlyList<LinkFacet> LinkFacets(string text)
    {
        var facets = new List<LinkFacet>();
        foreach (Match m in Link().Matches(text ?? ""))
        {
            var uri = m.Value.TrimEnd('.', ',', ';', ':', '!', '?');
            if (uri.EndsWith(')') && !uri.Contains('(', StringComparison.Ordinal))
            {
                uri = uri[..^1];
            }
            if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || !parsed.Host.Contains('.', StringComparison.Ordinal) && parsed.Host != "localhost")
            {
                continue;
            }
            var start = Encoding.UTF8.GetByteCount(text.AsSpan(0, m.Index));
            facets.Add(new LinkFacet(start, start + Encoding.UTF8.GetByteCount(uri), uri));
        }
        return facets;
    }

    /// <summary>
    /// A record key (a TID, https://atproto.com/specs/tid) that every attempt of one publication uses, so that a resend
    /// cannot make a second post: a repository holds one record per key. Its time part is the publication's own (a
    /// version 7 id carries the millisecond it was queued), the microseconds and the clock id come from the idempotency
    /// key (a publication retried after a failure gets a new key, and so a new record key).
    /// </summary>
    public static string RecordKey(Guid publicationId, string idempotencyKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{publicationId:N}/{idempotencyKey}"));
        var random = BitConverter.ToUInt64(hash, 0);
        ulong micros;
        if (publicationId.Version == 7)
        {
            var bytes = publicationId.ToByteArray(bigEndian: true);
            ulong ms = 0;
            for (var i = 0; i < 6; i++)
            {
                ms = ms << 8 | bytes[i];
            }
            micros = ms * 1000 + random % 1000;
        }
        else
        {
            micros = random >> 11; // 53 bits
        }
        var clockId = (ulong)(hash[8] << 8 | hash[9]) & 0x3FF;
        var value = (micros & ((1UL << 53) - 1)) << 10 | clockId;
        Span<char> tid = stackalloc char[13];
        for (var i = 0; i < 13; i++)
        {
            tid[i] = Base32Sortable[(int)(value >> (5 * (12 - i)) & 31)];
        }
        return new string(tid);
    }

    // The reference's detector (post-richtext): the characters of an address are ASCII, so Japanese text right after a link ends it.
    [GeneratedRegex(@"(?<![A-Za-z0-9_@.\-/])https?://[-a-zA-Z0-9()@:%_+.~#?&/=]+", RegexOptions.IgnoreCase)]
    private static partial Regex Link();
}
