using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Comments;
using MuniSocial.Domain.Forms;
using MuniSocial.Domain.Posts;
using MuniSocial.Infrastructure.Documents;
using MuniSocial.Tests.Features.Forms;
using static MuniSocial.Tests.Support.TableData;

namespace MuniSocial.Tests.Domain.Accounts;

/// <summary>
/// Bluesky, Mastodon and TikTok as platforms of their own (issue 11): their post and profile limits, their addresses
/// from a handle, links to their comments, and 様式1 printing them in 「その他（ ）」. Accounts stored before, as その他
/// with the name, keep working.
/// </summary>
public sealed class NewPlatformsTests
{
    [Theory]
    [InlineData(Platform.Bluesky, 300)]
    [InlineData(Platform.Mastodon, 500)]
    [InlineData(Platform.TikTok, 2200)]
    public void Each_has_its_post_limit(Platform platform, int limit)
    {
        Assert.Equal(limit, PlatformLimits.LimitOf(platform));
        Assert.Equal((limit, null), PlatformLimits.Measure(platform, new string('あ', limit), []));
        Assert.Equal((limit + 1, (int?)limit), PlatformLimits.Measure(platform, new string('あ', limit + 1), []));
    }

    [Fact]
    public void Bluesky_counts_graphemes_and_TikTok_UTF16_characters()
    {
        const string family = "👨‍👩‍👧‍👦"; // one grapheme, eleven UTF-16 characters
        Assert.Equal(1, PlatformLimits.Measure(Platform.Bluesky, family, []).Count);
        Assert.Equal(family.Length, PlatformLimits.Measure(Platform.TikTok, family, []).Count);
        var overBluesky = string.Concat(Enumerable.Repeat(family, 301));
        Assert.Equal(300 * family.Length, PlatformLimits.Measure(Platform.Bluesky, overBluesky, []).OverflowAt);
    }

    [Theory]
    [InlineData(Platform.TikTok, null, 80)]
    [InlineData(Platform.Bluesky, null, 256)]
    [InlineData(Platform.Mastodon, null, 500)]
    [InlineData(Platform.Other, "Bluesky", 256)]
    [InlineData(Platform.Other, "TikTok", 80)]
    [InlineData(Platform.Other, "note", null)]
    public void The_profile_limit_is_the_same_for_the_platform_and_for_an_old_sono_ta_account_of_that_name(Platform platform, string? other, int? limit) =>
        Assert.Equal(limit, ProfileLimits.Of(platform, other).Limit);

    [Theory]
    [InlineData("@city-nayoro.bsky.social", Platform.Bluesky, "https://bsky.app/profile/city-nayoro.bsky.social")]
    [InlineData("＠City-Nayoro.bsky.social", Platform.Bluesky, "https://bsky.app/profile/city-nayoro.bsky.social")]
    [InlineData("https://bsky.app/profile/city-nayoro.bsky.social/", Platform.Bluesky, "https://bsky.app/profile/city-nayoro.bsky.social")]
    [InlineData("@nayoro_city@mastodon.example.jp", Platform.Mastodon, "https://mastodon.example.jp/@nayoro_city")]
    [InlineData("@nayoro_city", Platform.TikTok, "https://tiktok.com/@nayoro_city")]
    [InlineData("https://www.tiktok.com/@nayoro_city", Platform.TikTok, "https://tiktok.com/@nayoro_city")]
    public void An_address_is_read_from_the_handle_as_each_platform_writes_it(string input, Platform platform, string expected)
    {
        Assert.True(AccountUrl.TryNormalize(input, platform, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("@city-nayoro", Platform.Bluesky)]
    [InlineData("@-bad-.bsky.social", Platform.Bluesky)]
    [InlineData("@nayoro_city", Platform.Mastodon)]
    [InlineData("@city-nayoro.bsky.social", Platform.Line)]
    public void A_handle_that_does_not_name_an_address_is_refused(string input, Platform platform) =>
        Assert.False(AccountUrl.TryNormalize(input, platform, out _));

    [Theory]
    [InlineData(Platform.Bluesky, null, "https://bsky.app/profile/someone.bsky.social/post/3kabc", true)]
    [InlineData(Platform.Other, "Bluesky", "https://bsky.app/profile/someone.bsky.social/post/3kabc", true)]
    [InlineData(Platform.Mastodon, null, "https://mstdn.jp/@someone/112233", true)]
    [InlineData(Platform.Mastodon, null, "https://social.example.org/users/someone/statuses/112233", true)]
    [InlineData(Platform.Other, "Mastodon", "https://mstdn.jp/@someone/112233", true)]
    [InlineData(Platform.X, null, "https://bsky.app/profile/someone.bsky.social/post/3kabc", false)]
    [InlineData(Platform.Bluesky, null, "https://mstdn.jp/@someone/112233", false)]
    [InlineData(Platform.Bluesky, null, "https://x.com/someone/status/1", false)]
    public void A_link_to_a_comment_is_taken_on_an_account_of_its_platform(Platform platform, string? other, string url, bool taken)
    {
        var account = ListedAccount("名寄市の新しい媒体", platform switch
        {
            Platform.Bluesky => "https://bsky.app/profile/city-nayoro.bsky.social",
            Platform.Mastodon => "https://mastodon.example.jp/@nayoro",
            Platform.X => "https://x.com/nayoro_new",
            _ => "https://bsky.app/profile/city-nayoro-old.bsky.social",
        }, platform: platform, otherName: other);
        var prepared = Comment.TryPrepare(account, new CommentInput(CommentKind.Comment, "@someone", "ありがとうございます", url, T0), T0, out var problems);
        Assert.Equal(taken, prepared is not null);
        if (!taken)
        {
            Assert.Contains($"アカウントは{Labels.Of(platform)}です", Assert.Single(problems["url"]), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(Platform.Bluesky, null, "■その他（Bluesky）")]
    [InlineData(Platform.Mastodon, null, "■その他（Mastodon）")]
    [InlineData(Platform.TikTok, null, "■その他（TikTok）")]
    [InlineData(Platform.Other, "Bluesky", "■その他（Bluesky）")]
    public void Form_1_prints_them_in_the_other_box_in_the_pdf_and_the_word_file(Platform platform, string? other, string printed)
    {
        Assert.EndsWith(printed, FormLayouts.Checkboxes(platform, other), StringComparison.Ordinal);
        var policy = new PolicyFields(1, null, OwnerKind.City, null, platform, other, "名寄市公式", "https://bsky.app/profile/city-nayoro.bsky.social",
            "市政情報", "周知のため。", new DateOnly(2026, 4, 1), new DateOnly(2028, 3, 31), "平日 8:45〜17:30", ReplyPolicyKind.NoReply,
            Labels.DefaultReplyWording(ReplyPolicyKind.NoReply), null);
        var files = new FormRendering(FormFonts.Load()).Render(new FormData { Kind = FormKind.Form1, Office = OfficeValues.Defaults, Policy = policy });
        Assert.Contains(FormsFixture.Squash(printed), FormsFixture.Squash(FormsFixture.PdfText(files.Pdf)), StringComparison.Ordinal);
        Assert.Contains(FormsFixture.Squash(printed), FormsFixture.Squash(FormsFixture.DocxText(files.Docx)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_platforms_are_offered_in_the_order_of_the_account_form() =>
        Assert.Equal([Platform.Line, Platform.Facebook, Platform.X, Platform.Instagram, Platform.YouTube, Platform.Bluesky, Platform.Mastodon, Platform.TikTok, Platform.Other],
            Enum.GetValues<Platform>());
}
