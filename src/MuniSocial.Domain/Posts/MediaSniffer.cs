using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace MuniSocial.Domain.Posts;

/// <summary>
/// The type of an uploaded file by its first bytes, never by its name: JPEG, PNG, GIF or MP4 only. Besides the
/// signature, the bytes right after it must be what that format puts there (a JPEG marker, the PNG header chunk, an
/// MP4 brand), so a signature glued to something else is refused. The name a file is kept and downloaded under
/// follows the type found (<see cref="NameFor"/>), never the name it was sent with.
/// </summary>
public static class MediaSniffer
{
    public const long MaxImageBytes = 10 * 1024 * 1024;
    public const long MaxVideoBytes = 100 * 1024 * 1024;

    /// <summary>How many first bytes <see cref="Sniff"/> needs.</summary>
    public const int HeadLength = 16;

    public const int MaxNameLength = 200;

    private static readonly (string ContentType, string Extension, string[] Aliases)[] Types =
    [
        ("image/jpeg", ".jpg", [".jpeg", ".jpe"]),
        ("image/png", ".png", []),
        ("image/gif", ".gif", []),
        ("video/mp4", ".mp4", []),
    ];

    /// <summary>(content type, extension) or null when the bytes are none of the accepted types.</summary>
    public static (string ContentType, string Extension)? Sniff(ReadOnlySpan<byte> head)
    {
        // JPEG: SOI, then the first segment's marker (APPn, DQT, SOFn, …: 0xC0–0xFE).
        if (head.Length >= 4 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF && head[3] is >= 0xC0 and < 0xFF)
        {
            return ("image/jpeg", ".jpg");
        }
        // PNG: the signature, then the IHDR chunk (length 13) that every PNG starts with.
        if (head.Length >= 16 && head[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })
            && head[8..12].SequenceEqual(new byte[] { 0, 0, 0, 13 }) && head[12..16].SequenceEqual("IHDR"u8))
        {
            return ("image/png", ".png");
        }
        if (head.Length >= 6 && (head[..6].SequenceEqual("GIF87a"u8) || head[..6].SequenceEqual("GIF89a"u8)))
        {
            return ("image/gif", ".gif");
        }
        // MP4: the ftyp box (16 bytes or more, in whole 4-byte brands) with a major brand of letters, digits and spaces.
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8) && IsBrand(head[8..12]) && IsFtypSize(BinaryPrimitives.ReadUInt32BigEndian(head)))
        {
            return ("video/mp4", ".mp4");
        }
        return null;
    }

    public static long LimitFor(string contentType) => contentType.StartsWith("video/", StringComparison.Ordinal) ? MaxVideoBytes : MaxImageBytes;

    /// <summary>The extension of one of the accepted types (".bin" for anything else, which is never stored).</summary>
    public static string ExtensionFor(string contentType) =>
        Types.FirstOrDefault(t => string.Equals(t.ContentType, contentType, StringComparison.OrdinalIgnoreCase)).Extension ?? ".bin";

    /// <summary>
    /// The name a file of <paramref name="contentType"/> is kept and downloaded under: the sent name without any
    /// folder part or control/format (bidi) characters, with its extension replaced by the type's (<c>x.html</c> →
    /// <c>x.png</c>; a name without one gets it; <c>写真.JPEG</c> stays, being a JPEG's), at most
    /// <see cref="MaxNameLength"/> characters; <c>file.png</c> when nothing is left.
    /// </summary>
    public static string NameFor(string? sentName, string contentType)
    {
        var type = Types.FirstOrDefault(t => string.Equals(t.ContentType, contentType, StringComparison.OrdinalIgnoreCase));
        var extension = type.Extension ?? ".bin";
        var name = CleanName(sentName);
        var dot = name.LastIndexOf('.');
        var stem = dot > 0 ? name[..dot] : name;
        var sentExtension = dot > 0 ? name[dot..] : "";
        if (type.Extension is not null && (string.Equals(sentExtension, type.Extension, StringComparison.OrdinalIgnoreCase)
            || type.Aliases.Contains(sentExtension, StringComparer.OrdinalIgnoreCase)))
        {
            extension = sentExtension;
        }
        stem = stem.TrimEnd('.', ' ');
        if (stem.Length == 0)
        {
            stem = "file";
        }
        if (stem.Length + extension.Length > MaxNameLength)
        {
            stem = stem[..(MaxNameLength - extension.Length)];
            if (char.IsHighSurrogate(stem[^1]))
            {
                stem = stem[..^1];
            }
        }
        return stem + extension;
    }

    /// <summary>
    /// A sent file name fit to show and keep: the last part after any <c>/</c> or <c>\</c>, without control, format
    /// (bidi overrides, zero-width), line/paragraph separator or lone surrogate characters, nor <c>"*:&lt;&gt;?|</c>,
    /// in NFC, without leading/trailing spaces and dots.
    /// </summary>
    public static string CleanName(string? sentName)
    {
        var name = sentName ?? "";
        var slash = name.LastIndexOfAny(['/', '\\']);
        if (slash >= 0)
        {
            name = name[(slash + 1)..];
        }
        var kept = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                var category = CharUnicodeInfo.GetUnicodeCategory(name, i);
                if (category is not (UnicodeCategory.Format or UnicodeCategory.PrivateUse))
                {
                    kept.Append(c).Append(name[i + 1]);
                }
                i++;
                continue;
            }
            if (char.IsSurrogate(c) || "\"*:<>?|".Contains(c, StringComparison.Ordinal))
            {
                continue;
            }
            if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse)
            {
                continue;
            }
            kept.Append(c);
        }
        return kept.ToString().Normalize(NormalizationForm.FormC).Trim().Trim('.').Trim();
    }

    private static bool IsFtypSize(uint size) => size is >= 16 and <= 1024 && size % 4 == 0;

    private static bool IsBrand(ReadOnlySpan<byte> brand)
    {
        foreach (var b in brand)
        {
            if (b is not ((byte)' ' or (>= (byte)'0' and <= (byte)'9') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z')))
            {
                return false;
            }
        }
        return true;
    }
}
