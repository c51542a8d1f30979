using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Forms;
using MuniSocial.Infrastructure.Documents;
using MuniSocial.Tests.Features.Forms;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Domain.Accounts;

/// <summary>
/// Issue 12 items 5 and 6: addresses as citizens paste them → the platform and the canonical identity, or none. Each
/// platform's rule is data (<see cref="PlatformAddressRules"/>); this table is what it must answer.
/// </summary>
public sealed class PlatformAddressRulesTests
{
    private const string None = "none";

    /// <summary>(input, the account's platform when the input is a bare @handle or null, expected identity or "none").</summary>
    public static TheoryData<string, Platform?, string> Table => new()
    {
        // X: hosts, schemes, subdomains, tracking, posts, full width, @handle
        { "https://x.com/nayoro_city", null, "x:nayoro_city" },
        { "https://twitter.com/nayoro_city", null, "x:nayoro_city" },
        { "http://twitter.com/Nayoro_City", null, "x:nayoro_city" },
        { "https://mobile.twitter.com/nayoro_city", null, "x:nayoro_city" },
        { "https://www.x.com/nayoro_city/", null, "x:nayoro_city" },
        { "x.com/nayoro_city", null, "x:nayoro_city" },
        { "twitter.com/NAYORO_CITY?s=20&t=AbCdEfGh", null, "x:nayoro_city" },
        { "https://x.com/nayoro_city?utm_source=line&utm_medium=share", null, "x:nayoro_city" },
        { "https://x.com/nayoro_city#top", null, "x:nayoro_city" },
        { "https://x.com/nayoro_city/status/1862000000000000000", null, "x:nayoro_city" },
        { "https://twitter.com/nayoro_city/status/1862000000000000000?s=46&t=xyz", null, "x:nayoro_city" },
        { "https://x.com/nayoro_city/media", null, "x:nayoro_city" },
        { "https://x.com/@nayoro_city", null, "x:nayoro_city" },
        { "ｈｔｔｐｓ：／／ｘ．ｃｏｍ／ｎａｙｏｒｏ＿ｃｉｔｙ", null, "x:nayoro_city" },
        { "ｘ．ｃｏｍ／ｎａｙｏｒｏ＿ｃｉｔｙ", null, "x:nayoro_city" },
        { "  https://x.com/nayoro_city  ", null, "x:nayoro_city" },
        { "@nayoro_city", Platform.X, "x:nayoro_city" },
        { "＠ｎａｙｏｒｏ＿ｃｉｔｙ", Platform.X, "x:nayoro_city" },
        { "@Nayoro_City", Platform.X, "x:nayoro_city" },
        { "https://x.com/home", null, None },
        { "https://x.com/search?q=%E5%90%8D%E5%AF%84", null, None },
        { "https://x.com/explore", null, None },
        { "https://twitter.com/i/status/1862000000000000000", null, None },
        { "https://twitter.com/intent/tweet?text=hello", null, None },
        { "https://x.com/hashtag/名寄", null, None },
        { "https://x.com/", null, None },
        { "https://x.com/nayoro.city", null, None },
        { "https://x.com.evil.example/nayoro_city", null, "web:x.com.evil.example/nayoro_city" },
        { "https://x-com.example/nayoro_city", null, "web:x-com.example/nayoro_city" },
        { "@nayoro-city", Platform.X, None },

        // Facebook: pages, fb.com, m./web., profile.php?id, people/<name>/<id>
        { "https://www.facebook.com/NayoroCity", null, "facebook:page:nayorocity" },
        { "facebook.com/nayorocity/", null, "facebook:page:nayorocity" },
        { "https://fb.com/NayoroCity", null, "facebook:page:nayorocity" },
        { "https://m.facebook.com/nayorocity?ref=bookmarks", null, "facebook:page:nayorocity" },
        { "https://web.facebook.com/nayorocity/?_rdc=1&_rdr", null, "facebook:page:nayorocity" },
        { "https://www.facebook.com/nayoro.snowfes", null, "facebook:page:nayoro.snowfes" },
        { "https://www.facebook.com/nayorocity/posts/pfbid0abc", null, "facebook:page:nayorocity" },
        { "https://www.facebook.com/nayorocity/photos/a.123/456/", null, "facebook:page:nayorocity" },
        { "https://www.facebook.com/profile.php?id=100012345678901", null, "facebook:id:100012345678901" },
        { "https://m.facebook.com/profile.php?id=100012345678901&mibextid=ZbWKwL", null, "facebook:id:100012345678901" },
        { "facebook.com/profile.php?ref=share&id=100012345678901#posts", null, "facebook:id:100012345678901" },
        { "ｆａｃｅｂｏｏｋ．ｃｏｍ／ｐｒｏｆｉｌｅ．ｐｈｐ？ｉｄ＝１０００１２３４５６７８９０１", null, "facebook:id:100012345678901" },
        { "https://www.facebook.com/people/名寄市/100012345678901/", null, "facebook:id:100012345678901" },
        { "https://www.facebook.com/people/Nayoro-City/100012345678901/?mibextid=abc", null, "facebook:id:100012345678901" },
        { "https://www.facebook.com/pages/Nayoro-City/123456789012345", null, "facebook:id:123456789012345" },
        { "https://www.facebook.com/profile.php", null, None },
        { "https://www.facebook.com/profile.php?id=", null, None },
        { "https://www.facebook.com/profile.php?id=abc", null, None },
        { "https://www.facebook.com/groups/123456789", null, None },
        { "https://www.facebook.com/events/123456789", null, None },
        { "https://www.facebook.com/watch/?v=123", null, None },
        { "https://www.facebook.com/sharer/sharer.php?u=https://example.jp", null, None },
        { "https://faceb00k.com/nayorocity", null, "web:faceb00k.com/nayorocity" },
        { "https://facebook.com.login-check.example/nayorocity", null, "web:facebook.com.login-check.example/nayorocity" },
        { "https://fаcebook.com/nayorocity", null, "web:xn--fcebook-2fg.com/nayorocity" }, // Cyrillic а (IDN)

        // LINE: line.me/R/ti/p/@id, %40, page.line.me, @id, lin.ee (as registered)
        { "https://line.me/R/ti/p/@nayoro123", null, "line:@nayoro123" },
        { "https://line.me/R/ti/p/%40nayoro123", null, "line:@nayoro123" },
        { "https://line.me/R/ti/p/%40Nayoro123?from=page", null, "line:@nayoro123" },
        { "line.me/R/ti/p/@123abcde", null, "line:@123abcde" },
        { "https://line.me/ti/p/@123abcde", null, "line:@123abcde" },
        { "https://page.line.me/123abcde", null, "line:@123abcde" },
        { "https://page.line.me/123abcde?openQrModal=true", null, "line:@123abcde" },
        { "@123abcde", Platform.Line, "line:@123abcde" },
        { "＠１２３ａｂｃｄｅ", Platform.Line, "line:@123abcde" },
        { "https://lin.ee/AbC1dEf", null, "line:lin.ee/AbC1dEf" },
        { "lin.ee/nayoro-ski-demo", null, "line:lin.ee/nayoro-ski-demo" },
        { "https://line.me/R/", null, None },
        { "https://line.me/ja/", null, None },
        { "@city-nayoro.bsky.social", Platform.Line, None },

        // Instagram: /reels and ?igsh= dropped, /p/ alone is no account
        { "https://www.instagram.com/nayoro_city/", null, "instagram:nayoro_city" },
        { "https://instagram.com/Nayoro.City?igsh=MWx2d3R4bWd2", null, "instagram:nayoro.city" },
        { "https://www.instagram.com/nayoro_city/reels/", null, "instagram:nayoro_city" },
        { "https://www.instagram.com/@nayoro_city", null, "instagram:nayoro_city" },
        { "instagram.com/nayoro_city?utm_source=qr", null, "instagram:nayoro_city" },
        { "@nayoro.city", Platform.Instagram, "instagram:nayoro.city" },
        { "https://www.instagram.com/p/C0abcDEFghi/", null, None },
        { "https://www.instagram.com/reel/C0abcDEFghi/", null, None },
        { "https://www.instagram.com/explore/tags/名寄/", null, None },
        { "https://www.instagram.com/", null, None },

        // YouTube: @handle, /channel/ID (case kept), /c/, /user/, m., tabs; /watch and youtu.be are no account
        { "https://www.youtube.com/@NayoroCity", null, "youtube:@nayorocity" },
        { "https://m.youtube.com/@nayorocity/videos", null, "youtube:@nayorocity" },
        { "youtube.com/@nayorocity/featured?si=abc", null, "youtube:@nayorocity" },
        { "https://www.youtube.com/channel/UCa1B2c3D4e5F6g7H8i9J0kL", null, "youtube:channel:UCa1B2c3D4e5F6g7H8i9J0kL" },
        { "https://www.youtube.com/channel/UCa1B2c3D4e5F6g7H8i9J0kL/videos", null, "youtube:channel:UCa1B2c3D4e5F6g7H8i9J0kL" },
        { "https://www.youtube.com/c/NayoroCityOfficial", null, "youtube:c:nayorocityofficial" },
        { "https://www.youtube.com/user/nayorocity", null, "youtube:user:nayorocity" },
        { "@nayorocity", Platform.YouTube, "youtube:@nayorocity" },
        { "https://www.youtube.com/watch?v=dQw4w9WgXcQ", null, None },
        { "https://youtu.be/dQw4w9WgXcQ", null, None },
        { "https://www.youtube.com/results?search_query=名寄", null, None },
        { "https://www.youtube.com/channel/not-a-channel-id", null, None },

        // TikTok: /@name, video suffix → the account
        { "https://www.tiktok.com/@nayoro_city", null, "tiktok:@nayoro_city" },
        { "https://www.tiktok.com/@Nayoro_City/video/7300000000000000000?is_from_webapp=1", null, "tiktok:@nayoro_city" },
        { "tiktok.com/@nayoro_city?lang=ja-JP", null, "tiktok:@nayoro_city" },
        { "@nayoro_city", Platform.TikTok, "tiktok:@nayoro_city" },
        { "https://www.tiktok.com/discover/名寄", null, None },

        // Mastodon: https://instance/@user, @user@instance, /users/user
        { "https://mastodon.example.jp/@nayoro_city", null, "mastodon:nayoro_city@mastodon.example.jp" },
        { "https://mstdn.jp/@Nayoro_City/112233445566", null, "mastodon:nayoro_city@mstdn.jp" },
        { "@nayoro_city@mastodon.example.jp", null, "mastodon:nayoro_city@mastodon.example.jp" },
        { "＠ｎａｙｏｒｏ＿ｃｉｔｙ＠ｍｓｔｄｎ．ｊｐ", null, "mastodon:nayoro_city@mstdn.jp" },
        { "https://social.example.org/users/nayoro_city", null, "mastodon:nayoro_city@social.example.org" },
        { "@nayoro_city@not a host", null, None },

        // Bluesky: bsky.app/profile/<handle>, @handle
        { "https://bsky.app/profile/city-nayoro.bsky.social", null, "bluesky:city-nayoro.bsky.social" },
        { "https://bsky.app/profile/City-Nayoro.bsky.social/post/3kabcdefghi2x", null, "bluesky:city-nayoro.bsky.social" },
        { "bsky.app/profile/city.nayoro.hokkaido.jp", null, "bluesky:city.nayoro.hokkaido.jp" },
        { "@city-nayoro.bsky.social", Platform.Bluesky, "bluesky:city-nayoro.bsky.social" },
        { "https://bsky.app/profile/did:plc:abcdefghijklmnopqrstuvwx", null, "bluesky:did:plc:abcdefghijklmnopqrstuvwx" },
        { "https://bsky.app/search?q=名寄", null, None },
        { "@-bad-.bsky.social", Platform.Bluesky, None },

        // A web site that is no platform of the list (その他)
        { "https://www.city.nayoro.lg.jp/section/kikaku/", null, "web:city.nayoro.lg.jp/section/kikaku" },
        { "https://note.com/nayoro_city?ref=top", null, "web:note.com/nayoro_city" },
        { "https://名寄.example/アカウント", null, "web:xn--eqr82p.example/アカウント" },

        // Not addresses at all
        { "", null, None },
        { "   ", null, None },
        { "名寄市の公式アカウント", null, None },
        { "not a url", null, None },
        { "<script>alert(1)</script>", null, None },
        { "javascript:alert(1)", null, None },
        { "javascript://x.com/%0Aalert(1)", null, None },
        { "data:text/html,<script>alert(1)</script>", null, None },
        { "ftp://x.com/nayoro_city", null, None },
        { "https://user:pass@x.com/nayoro_city", null, None },
        { "https://192.168.0.1/nayoro_city", null, None },
        { "https://localhost/nayoro_city", null, None },
        { "@", null, None },
        { "@@", null, None },
        { "https://x.com/" + new string('a', 500), null, None },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void An_address_as_pasted_names_its_platform_and_identity(string input, Platform? platform, string expected)
    {
        var address = platform is { } p ? PlatformAddressRules.Read(input, p) : PlatformAddressRules.Read(input) is { Ok: true } r ? r.Candidates[0] : null;
        Assert.Equal(expected, address?.Identity ?? None);
        if (address is not null)
        {
            var expectedPlatform = expected[..expected.IndexOf(':', StringComparison.Ordinal)] switch
            {
                "web" => Platform.Other,
                "line" => Platform.Line,
                "facebook" => Platform.Facebook,
                "x" => Platform.X,
                "instagram" => Platform.Instagram,
                "youtube" => Platform.YouTube,
                "bluesky" => Platform.Bluesky,
                "mastodon" => Platform.Mastodon,
                "tiktok" => Platform.TikTok,
                var other => throw new InvalidOperationException(other),
            };
            Assert.Equal(expectedPlatform, address.Platform);
            // The canonical URL reads back as the same identity: it is what lists, CSV and duplicate detection use.
            Assert.Equal(address.Identity, PlatformAddressRules.Read(address.Url, address.Platform)?.Identity);
        }
    }

    [Fact]
    public void The_table_has_at_least_a_hundred_rows() => Assert.True(Table.Count >= 100, $"{Table.Count} rows");

    [Fact]
    public void A_bare_handle_without_a_platform_is_read_on_every_platform_that_writes_handles_so()
    {
        var reading = PlatformAddressRules.Read("@nayoro_city");
        Assert.Equal(["line:@nayoro_city", "x:nayoro_city", "instagram:nayoro_city", "youtube:@nayoro_city", "tiktok:@nayoro_city"],
            reading.Candidates.Select(c => c.Identity));
        Assert.Equal(Platform.X, PlatformAddressRules.Guess("@nayoro_city"));
        Assert.Equal(Platform.Facebook, PlatformAddressRules.Guess("fb.com/nayorocity"));
    }

    [Theory]
    [InlineData("https://x.com/home", Platform.X)]
    [InlineData("https://www.instagram.com/p/C0abcDEFghi/", Platform.Instagram)]
    [InlineData("https://www.youtube.com/watch?v=dQw4w9WgXcQ", Platform.YouTube)]
    [InlineData("https://www.facebook.com/groups/123456789", Platform.Facebook)]
    public void A_page_of_a_platform_that_is_no_account_says_so(string input, Platform platform)
    {
        var reading = PlatformAddressRules.Read(input);
        Assert.Equal((AddressProblem.NotAnAccount, (Platform?)platform), (reading.Problem, reading.ProblemPlatform));
    }

    [Theory]
    [InlineData("https://x.com/nayoro_city", Platform.X, "https://x.com/nayoro_city")]
    [InlineData("twitter.com/Nayoro_City/status/1?s=20", Platform.X, "https://x.com/nayoro_city")]
    [InlineData("@nayoro_city", Platform.X, "https://x.com/nayoro_city")]
    [InlineData("https://www.youtube.com/channel/UCa1B2c3D4e5F6g7H8i9J0kL", Platform.YouTube, "https://youtube.com/channel/UCa1B2c3D4e5F6g7H8i9J0kL")]
    [InlineData("https://page.line.me/123abcde", Platform.Line, "https://line.me/R/ti/p/@123abcde")]
    [InlineData("https://www.facebook.com/people/Nayoro/100012345678901/", Platform.Facebook, "https://facebook.com/profile.php?id=100012345678901")]
    [InlineData("https://www.city.nayoro.lg.jp/", Platform.Other, "https://city.nayoro.lg.jp")]
    public void The_canonical_url_is_the_normalised_address(string input, Platform platform, string expected)
    {
        Assert.True(AccountUrl.TryNormalize(input, platform, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("https://x.com/home", Platform.X)]
    [InlineData("https://www.youtube.com/watch?v=dQw4w9WgXcQ", Platform.YouTube)]
    [InlineData("@nayoro_city", Platform.Facebook)]
    [InlineData("@city-nayoro.bsky.social", Platform.Line)]
    [InlineData("javascript:alert(1)", Platform.Other)]
    public void A_page_that_is_no_account_or_a_handle_the_platform_does_not_write_is_no_account_address(string input, Platform platform) =>
        Assert.False(AccountUrl.TryNormalize(input, platform, out _));

    [Fact]
    public void Alternate_addresses_must_be_accounts_on_the_policys_platform_at_most_five_and_none_twice()
    {
        var policy = Given.Policy("名寄市", "https://x.com/nayoro_city");
        Assert.Empty((policy with { AlternateUrls = ["https://twitter.com/nayoro_old", "@nayoro_older"] }).Problems(complete: true));
        Assert.Contains("X（旧Twitter）のアカウントのアドレスとして読めません", Assert.Single((policy with { AlternateUrls = ["https://www.facebook.com/nayorocity"] }).Problems(true)["alternateUrls"]), StringComparison.Ordinal);
        Assert.Contains("読めません", Assert.Single((policy with { AlternateUrls = ["https://x.com/home"] }).Problems(true)["alternateUrls"]), StringComparison.Ordinal);
        Assert.Contains("同じアカウント", Assert.Single((policy with { AlternateUrls = ["twitter.com/Nayoro_City?s=20"] }).Problems(true)["alternateUrls"]), StringComparison.Ordinal);
        Assert.Contains("同じアカウント", Assert.Single((policy with { AlternateUrls = ["x.com/a_old", "@a_old"] }).Problems(true)["alternateUrls"]), StringComparison.Ordinal);
        Assert.Contains("5つまで", Assert.Single((policy with { AlternateUrls = ["@old_1", "@old_2", "@old_3", "@old_4", "@old_5", "@old_6"] }).Problems(true)["alternateUrls"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nayoro_city", "nayoro_c1ty", true)]   // digit for a letter
    [InlineData("nayoro_city", "nayoro__city", true)]  // _ doubled
    [InlineData("nayoro_city", "nayorocity", true)]    // _ dropped
    [InlineData("nayoro_city", "nayoro-city", true)]   // - for _
    [InlineData("nayoro_city", "nayoro_ctiy", true)]   // two swapped
    [InlineData("nayoro_city", "nayoro_cityy", true)]  // one inserted
    [InlineData("nayoro_city", "nay0ro_clty", true)]   // look-alikes only: 0/o and l/i
    [InlineData("kanko_demo", "kanko_dem0", true)]
    [InlineData("summer", "surnmer", true)]            // rn for m
    [InlineData("nayoro_city", "nayoro_city", false)]  // the same
    [InlineData("nayoro_city", "sapporo_city", false)]
    [InlineData("nayoro_city", "nayoro_town", false)]
    [InlineData("abc", "abd", false)]                  // too short to tell
    public void A_look_alike_handle_is_one_character_away(string official, string candidate, bool resembles) =>
        Assert.Equal(resembles, LookAlikeHandles.Resembles(official, candidate));

    [Fact]
    public void Form_1_prints_the_alternate_addresses_under_the_url()
    {
        var policy = new PolicyFields(1, null, OwnerKind.City, null, Platform.Line, null, "名寄市LINE", "https://line.me/R/ti/p/@nayoro123",
            "市政情報", "周知のため。", new DateOnly(2026, 4, 1), new DateOnly(2028, 3, 31), "平日 8:45〜17:30", ReplyPolicyKind.NoReply,
            Labels.DefaultReplyWording(ReplyPolicyKind.NoReply), null)
        { AlternateUrls = ["https://lin.ee/AbC1dEf"] };
        var files = new FormRendering(FormFonts.Load()).Render(new FormData { Kind = FormKind.Form1, Office = OfficeValues.Defaults, Policy = policy });
        var printed = FormsFixture.Squash("（この他のアドレス：https://lin.ee/AbC1dEf）");
        Assert.Contains(printed, FormsFixture.Squash(FormsFixture.PdfText(files.Pdf)), StringComparison.Ordinal);
        Assert.Contains(printed, FormsFixture.Squash(FormsFixture.DocxText(files.Docx)), StringComparison.Ordinal);
    }
}
