using System.Text;
using System.Text.RegularExpressions;
using MuniSocial.Infrastructure.Connectors;

namespace MuniSocial.Tests.Infrastructure.Connectors;

/// <summary>
/// Link facets with UTF-8 byte offsets (https://docs.bsky.app/docs/advanced-guides/post-richtext), the 300-grapheme rule of
/// app.bsky.feed.post, and the record key of a publication (a TID, https://atproto.com/specs/tid).
/// </summary>
public sealed partial class BlueskyTextTests
{
    [Theory]
    [InlineData("名寄市のお知らせ https://www.city.nayoro.lg.jp/ です", "https://www.city.nayoro.lg.jp/")]
    [InlineData("詳細はhttps://www.city.nayoro.lg.jp/kurashi/を参照", "https://www.city.nayoro.lg.jp/kurashi/")]
    [InlineData("（https://example.jp/a?b=1&c=2）をご覧ください。", "https://example.jp/a?b=1&c=2")]
    [InlineData("こちら: https://example.jp/path。", "https://example.jp/path")]
    [InlineData("see https://example.jp/x.", "https://example.jp/x")]
    public void A_link_is_found_with_its_utf8_byte_offsets(string text, string link)
    {
        var facet = Assert.Single(BlueskyText.LinkFacets(text));

        Assert.Equal(link, facet.Uri);
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.Equal(link, Encoding.UTF8.GetString(bytes, facet.ByteStart, facet.ByteEnd - facet.ByteStart));
        Assert.Equal(Encoding.UTF8.GetByteCount(text[..text.IndexOf(link, StringComparison.Ordinal)]), facet.ByteStart);
    }

    [Fact]
    public void Japanese_text_before_a_link_counts_three_bytes_a_character()
    {
        var facet = Assert.Single(BlueskyText.LinkFacets("除雪 https://a.jp"));

        Assert.Equal(7, facet.ByteStart); // 除 and 雪 are 3 bytes each, then a space
        Assert.Equal(7 + 12, facet.ByteEnd);
    }

    [Theory]
    [InlineData("リンクなし")]
    [InlineData("mailto:info@example.jp")]
    [InlineData("xhttps://example.jp")]
    public void Text_without_a_link_has_no_facet(string text) => Assert.Empty(BlueskyText.LinkFacets(text));

    [Fact]
    public void Two_links_give_two_facets_in_order()
    {
        var facets = BlueskyText.LinkFacets("一 https://a.jp/1 二 https://b.jp/2");

        Assert.Equal(["https://a.jp/1", "https://b.jp/2"], facets.Select(f => f.Uri));
        Assert.True(facets[0].ByteEnd < facets[1].ByteStart);
    }

    [Fact]
    public void Three_hundred_graphemes_fit_and_one_more_is_refused_with_the_count()
    {
        // 👨‍👩‍👧 is one grapheme of five UTF-16 code points and 18 bytes.
        var family = "👨‍👩‍👧";
        Assert.Null(BlueskyText.LengthProblem(new string('あ', 299) + family));
        Assert.Null(BlueskyText.LengthProblem(string.Concat(Enumerable.Repeat(family, 150))));

        Assert.Equal("Blueskyの投稿は300文字までです。この本文は301文字あります（絵文字などは見た目の1文字を1文字と数えます）。本文を短くして承認し直してください。",
            BlueskyText.LengthProblem(new string('あ', 300) + family));
        Assert.Equal("Blueskyの投稿は3000バイトまでです。この本文は3600バイトあります。本文を短くして承認し直してください。",
            BlueskyText.LengthProblem(string.Concat(Enumerable.Repeat(family, 200))));
    }

    [Fact]
    public void The_record_key_is_a_valid_tid_the_same_for_every_attempt_and_new_after_a_new_key()
    {
        var publication = Guid.CreateVersion7(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var key = Guid.NewGuid().ToString("D");

        var rkey = BlueskyText.RecordKey(publication, key);

        Assert.Matches(Tid(), rkey);
        Assert.Equal(rkey, BlueskyText.RecordKey(publication, key));
        Assert.NotEqual(rkey, BlueskyText.RecordKey(publication, Guid.NewGuid().ToString("D")));
        Assert.NotEqual(rkey, BlueskyText.RecordKey(Guid.CreateVersion7(), key));
        // The time part is the publication's: a key made a day later sorts after it.
        var later = BlueskyText.RecordKey(Guid.CreateVersion7(new DateTimeOffset(2026, 6, 2, 0, 0, 0, TimeSpan.Zero)), key);
        Assert.True(string.CompareOrdinal(rkey, later) < 0);
        Assert.Matches(Tid(), BlueskyText.RecordKey(Guid.NewGuid(), key));
    }

    [GeneratedRegex("^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")]
    private static partial Regex Tid();
}
