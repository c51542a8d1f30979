using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Comments;

namespace MuniSocial.Tests.Domain.Comments;

/// <summary>Links to comments as staff paste them: what <see cref="CommentLink.Parse"/> reads from each.</summary>
public sealed class CommentLinkTests
{
    [Theory]
    // X / Twitter: with and without https, twitter.com and mobile, tracking parameters, a trailing slash, spaces, full-width.
    [InlineData("https://x.com/nayoro_taro/status/1790000000000000001", Platform.X, "https://x.com/nayoro_taro/status/1790000000000000001", "@nayoro_taro", "1790000000000000001")]
    [InlineData("x.com/nayoro_taro/status/1790000000000000001?s=20&t=abcDEF", Platform.X, "https://x.com/nayoro_taro/status/1790000000000000001", "@nayoro_taro", "1790000000000000001")]
    [InlineData("  https://twitter.com/nayoro_taro/status/1790000000000000001/  ", Platform.X, "https://x.com/nayoro_taro/status/1790000000000000001", "@nayoro_taro", "1790000000000000001")]
    [InlineData("https://mobile.twitter.com/nayoro_taro/status/1790000000000000001/photo/1", Platform.X, "https://x.com/nayoro_taro/status/1790000000000000001", "@nayoro_taro", "1790000000000000001")]
    [InlineData("ｈｔｔｐｓ：／／ｘ．ｃｏｍ／ｎａｙｏｒｏ＿ｔａｒｏ／ｓｔａｔｕｓ／１２３４５", Platform.X, "https://x.com/nayoro_taro/status/12345", "@nayoro_taro", "12345")]
    [InlineData("https://www.x.com/nayoro_taro/status/12345\u3000", Platform.X, "https://x.com/nayoro_taro/status/12345", "@nayoro_taro", "12345")]
    // Facebook: comment_id (reply_comment_id wins), tracking dropped, m. and www. are one host.
    [InlineData("https://www.facebook.com/nayoro.city/posts/pfbid02abc?comment_id=1234567890&__cft__[0]=AZX&__tn__=R]-R", Platform.Facebook, "https://facebook.com/nayoro.city/posts/pfbid02abc?comment_id=1234567890", null, "1234567890")]
    [InlineData("m.facebook.com/story.php?story_fbid=111&id=222&comment_id=333&reply_comment_id=444&mibextid=xyz", Platform.Facebook, "https://facebook.com/story.php?comment_id=333&id=222&reply_comment_id=444&story_fbid=111", null, "444")]
    // Instagram: /p/{code}/c/{id}, igsh tracking dropped.
    [InlineData("https://www.instagram.com/p/C7abcDEF123/c/18012345678901234/?igsh=MWx0", Platform.Instagram, "https://instagram.com/p/C7abcDEF123/c/18012345678901234", null, "18012345678901234")]
    [InlineData("instagram.com/reel/C7xyz/c/1801/", Platform.Instagram, "https://instagram.com/reel/C7xyz/c/1801", null, "1801")]
    // YouTube: lc= is the comment; youtu.be and watch are one address.
    [InlineData("https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgzABCdef123&si=tracking", Platform.YouTube, "https://youtube.com/watch?lc=UgzABCdef123&v=dQw4w9WgXcQ", null, "UgzABCdef123")]
    [InlineData("youtu.be/dQw4w9WgXcQ?lc=UgzABCdef123&si=abc", Platform.YouTube, "https://youtube.com/watch?lc=UgzABCdef123&v=dQw4w9WgXcQ", null, "UgzABCdef123")]
    // Bluesky and Mastodon, with the handle and an id unique across authors.
    [InlineData("https://bsky.app/profile/nayoro.bsky.social/post/3kabcdefg2x", Platform.Bluesky, "https://bsky.app/profile/nayoro.bsky.social/post/3kabcdefg2x", "@nayoro.bsky.social", "nayoro.bsky.social/3kabcdefg2x")]
    [InlineData("bsky.app/profile/nayoro.bsky.social", Platform.Bluesky, "https://bsky.app/profile/nayoro.bsky.social", null, null)]
    [InlineData("mstdn.jp/@nayoro_hanako/112233445566778899", Platform.Mastodon, "https://mstdn.jp/@nayoro_hanako/112233445566778899", "@nayoro_hanako@mstdn.jp", "mstdn.jp/112233445566778899")]
    // Anything else: the normalised address, tracking dropped, no id.
    [InlineData("https://example.jp/forum/thread?id=5&utm_source=line&fbclid=x", Platform.Other, "https://example.jp/forum/thread?id=5", null, null)]
    public void Reads_the_platform_the_author_and_the_comment_id_from_a_pasted_link(string pasted, Platform platform, string normalized, string? author, string? commentId)
    {
        var info = CommentLink.Parse(pasted, out var error);

        Assert.Null(error);
        Assert.NotNull(info);
        Assert.Equal(platform, info.Platform);
        Assert.Equal(normalized, info.NormalizedUrl);
        Assert.Equal(author, info.AuthorHandle);
        Assert.Equal(commentId, info.PlatformCommentId);
    }

    [Theory]
    [InlineData("", "URLを入力してください。")]
    [InlineData("   ", "URLを入力してください。")]
    [InlineData("ftp://x.com/a/status/1", "URLの形式が正しくありません（例: https://x.com/ユーザー名/status/123…）。")]
    [InlineData("駐車場について", "URLの形式が正しくありません（例: https://x.com/ユーザー名/status/123…）。")]
    public void Refuses_what_is_not_a_web_address_with_the_reason(string pasted, string message)
    {
        Assert.Null(CommentLink.Parse(pasted, out var error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void The_same_comment_pasted_two_ways_is_one_address()
    {
        var a = CommentLink.Parse("twitter.com/nayoro_taro/status/42?s=46", out _)!;
        var b = CommentLink.Parse("https://x.com/nayoro_taro/status/42", out _)!;

        Assert.Equal(a.NormalizedUrl, b.NormalizedUrl);
        Assert.Equal(a.PlatformCommentId, b.PlatformCommentId);
    }
}
