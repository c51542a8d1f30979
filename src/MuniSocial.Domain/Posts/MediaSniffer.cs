namespace MuniSocial.Domain.Posts;

/// <summary>The type of an uploaded file by its first bytes, never by its name: JPEG, PNG, GIF or MP4 only.</summary>
public static class MediaSniffer
{
    public const long MaxImageBytes = 10 * 1024 * 1024;
    public const long MaxVideoBytes = 100 * 1024 * 1024;

    /// <summary>(content type, extension) or null when the bytes are none of the accepted types.</summary>
    public static (string ContentType, string Extension)? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        {
            return ("image/jpeg", ".jpg");
        }
        if (head.Length >= 8 && head[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
        {
            return ("image/png", ".png");
        }
        if (head.Length >= 6 && (head[..6].SequenceEqual("GIF87a"u8) || head[..6].SequenceEqual("GIF89a"u8)))
        {
            return ("image/gif", ".gif");
        }
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            return ("video/mp4", ".mp4");
        }
        return null;
    }

    public static long LimitFor(string contentType) => contentType.StartsWith("video/", StringComparison.Ordinal) ? MaxVideoBytes : MaxImageBytes;
}
