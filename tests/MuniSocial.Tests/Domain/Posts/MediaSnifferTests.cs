using MuniSocial.Domain.Posts;

namespace MuniSocial.Tests.Domain.Posts;

/// <summary>Issue 14 (ASVS 5.2.x): the type comes from the content, and the name a file is kept under follows that type.</summary>
public sealed class MediaSnifferTests
{
    [Theory]
    [InlineData("x.html", "image/png", "x.png")]
    [InlineData("snow", "image/png", "snow.png")]
    [InlineData("snow.PNG", "image/png", "snow.PNG")]
    [InlineData("写真.jpeg", "image/jpeg", "写真.jpeg")]
    [InlineData("photo.png", "image/jpeg", "photo.jpg")]
    [InlineData("clip.mov", "video/mp4", "clip.mp4")]
    [InlineData("../../etc/passwd", "image/gif", "passwd.gif")]
    [InlineData("C:\\Users\\me\\雪まつり.html", "image/png", "雪まつり.png")]
    [InlineData("a\u202Egnp.exe", "image/png", "agnp.png")]
    [InlineData("re\u200Bport\u0000\r\n.png", "image/png", "report.png")]
    [InlineData(".htaccess", "image/png", "htaccess.png")]
    [InlineData("x.php.", "image/png", "x.png")]
    [InlineData("", "image/png", "file.png")]
    [InlineData(null, "image/gif", "file.gif")]
    [InlineData("\u202E...", "image/png", "file.png")]
    [InlineData("a\"b<c>d|e?.gif", "image/gif", "abcde.gif")]
    public void The_name_follows_the_type_found(string? sent, string contentType, string kept) =>
        Assert.Equal(kept, MediaSniffer.NameFor(sent, contentType));

    [Fact]
    public void A_decomposed_name_is_kept_composed_and_a_long_one_is_cut_keeping_the_extension()
    {
        Assert.Equal("ガイド.png", MediaSniffer.NameFor("ガイド.html", "image/png"));
        var cut = MediaSniffer.NameFor(new string('雪', 300) + ".html", "image/png");
        Assert.Equal(MediaSniffer.MaxNameLength, cut.Length);
        Assert.EndsWith("雪.png", cut, StringComparison.Ordinal);
        var emoji = MediaSniffer.NameFor("a" + string.Concat(Enumerable.Repeat("😀", 150)) + ".gif", "image/gif");
        Assert.False(char.IsHighSurrogate(emoji[^5]), "a surrogate pair is not cut in half");
        Assert.EndsWith(".gif", emoji, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }, "image/png")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, (byte)'<', (byte)'h', (byte)'t', (byte)'m', (byte)'l', (byte)'>', 0, 0 }, null)]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE1, 0, 0 }, "image/jpeg")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, (byte)'<', (byte)'s' }, null)]
    [InlineData(new byte[] { 0, 0, 0, 0x20, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m' }, "video/mp4")]
    [InlineData(new byte[] { 0, 0, 0, 0x20, (byte)'f', (byte)'t', (byte)'y', (byte)'p', 0, 1, 2, 3 }, null)]
    [InlineData(new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a', 1, 0 }, "image/gif")]
    public void A_signature_counts_only_with_what_the_format_puts_after_it(byte[] head, string? contentType) =>
        Assert.Equal(contentType, MediaSniffer.Sniff(head)?.ContentType);
}
