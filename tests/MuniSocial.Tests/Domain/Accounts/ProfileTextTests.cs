using System.Globalization;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain;

namespace MuniSocial.Tests.Domain.Accounts;

/// <summary>§5(4)エ: the profile text drafted from the policy, the reply policy first, cut to each platform's limit, the link whole.</summary>
public sealed class ProfileTextTests
{
    private const string Url = "https://sns.city.nayoro.lg.jp/policies/0195f000-0000-7000-8000-000000000123";
    private static readonly string Reply = Labels.DefaultReplyWording(ReplyPolicyKind.NoReply);
    private static readonly string ReplyLine = "返信: " + Reply;
    private const string Purpose = "名寄市の子育て支援の情報を、子育て中の保護者の皆さんへ迅速にお届けするため。";
    private const string Hours = "月曜日から金曜日までの8時45分から17時30分までとします（祝日及び年末年始を除く）。";

    // platform, その他 name, limit, field, whether the 76-character link fits beside the start of the reply
    public static TheoryData<Platform, string?, int?, string, bool> Platforms() => new()
    {
        { Platform.X, null, 160, "自己紹介（bio）", true },
        { Platform.Instagram, null, 150, "自己紹介", true },
        { Platform.Facebook, null, 255, "ページの自己紹介（Intro）", true },
        { Platform.Line, null, 500, "プロフィールの紹介文", true },
        { Platform.YouTube, null, 1000, "チャンネルの説明", true },
        { Platform.TikTok, null, 80, "自己紹介", false },
        { Platform.Bluesky, null, 256, "プロフィールの説明", true },
        { Platform.Mastodon, null, 500, "プロフィール", true },
        // Accounts stored as その他 with the name, before these were platforms of their own.
        { Platform.Other, "TikTok", 80, "自己紹介", false },
        { Platform.Other, "ＴｉｋＴｏｋ", 80, "自己紹介", false },
        { Platform.Other, "Bluesky", 256, "プロフィールの説明", true },
        { Platform.Other, "Mastodon", 500, "プロフィール", true },
        { Platform.Other, "マストドン", 500, "プロフィール", true },
        { Platform.Other, "note", null, "プロフィール（自由記載欄）", true },
    };

    [Theory]
    [MemberData(nameof(Platforms))]
    public void Each_platform_has_its_limit_and_the_draft_keeps_to_it_with_the_reply_first_and_the_link_whole(Platform platform, string? other, int? limit, string field, bool linkKept)
    {
        var longPurpose = string.Concat(Enumerable.Repeat(Purpose, 12));
        var draft = ProfileText.Draft(platform, other, Reply, longPurpose, Hours, Url);
        Assert.Equal(limit, draft.Field.Limit);
        Assert.Equal(field, draft.Field.Name);
        Assert.True(draft.Fits, $"{draft.Length} > {limit}");
        Assert.StartsWith(ReplyLine[..10], draft.Text, StringComparison.Ordinal);
        // The link is there whole, or not at all: never a part of it.
        Assert.True(draft.Text.Contains(Url, StringComparison.Ordinal) || !draft.Text.Contains("https://sns", StringComparison.Ordinal), draft.Text);
        Assert.Equal(linkKept, draft.Text.Contains(Url, StringComparison.Ordinal));
        Assert.Equal(!linkKept, draft.Dropped.Contains("運用ポリシーへのリンク"));
        if (limit is null)
        {
            Assert.Contains(longPurpose, draft.Text, StringComparison.Ordinal);
            Assert.Empty(draft.Dropped);
        }
    }

    [Fact]
    public void Everything_fits_on_YouTube_in_order_reply_purpose_hours_link()
    {
        var draft = ProfileText.Draft(Platform.YouTube, null, Reply, Purpose, Hours, Url);
        Assert.Equal($"{ReplyLine}\n目的: {Purpose}\n運用時間: {Hours}\n運用ポリシー: {Url}", draft.Text);
        Assert.Empty(draft.Dropped);
        Assert.False(draft.Shortened);
        Assert.Equal(new StringInfo(draft.Text).LengthInTextElements, draft.Length);
    }

    [Fact]
    public void X_counts_Japanese_as_2_and_the_link_as_23_and_drops_the_hours_then_the_purpose()
    {
        var draft = ProfileText.Draft(Platform.X, null, Reply, Purpose, Hours, Url);
        Assert.Equal(["運用時間", "開設・運用の目的"], draft.Dropped);
        Assert.False(draft.Shortened);
        Assert.Equal($"{ReplyLine}\n運用ポリシー: {Url}", draft.Text);
        // 返信 2×2, ": " 2, the wording 2 each, the new line 1, 運用ポリシー 6×2, ": " 2, the URL 23.
        Assert.Equal(4 + 2 + (Reply.Length * 2) + 1 + 12 + 2 + 23, draft.Length);
    }

    [Fact]
    public void X_shortens_a_long_reply_wording_with_an_ellipsis_before_the_link()
    {
        var reply = Labels.DefaultReplyWording(ReplyPolicyKind.ReplyAsNeeded);
        var draft = ProfileText.Draft(Platform.X, null, reply, Purpose, Hours, Url);
        Assert.Equal(["運用時間", "開設・運用の目的"], draft.Dropped);
        Assert.True(draft.Shortened);
        Assert.EndsWith("…\n運用ポリシー: " + Url, draft.Text, StringComparison.Ordinal);
        var replyPart = draft.Text[..draft.Text.IndexOf('\n', StringComparison.Ordinal)];
        // 2 per Japanese character (the reply part and the label), 1 for ": " and the new lines, 23 for the URL.
        // "返信: " is 返信 (2×2) and ": " (2×1); the rest of the reply part is Japanese (2 each), 「…」 2.
        var expected = 4 + 2 + ((replyPart.Length - 4 - 1) * 2) + 2 + 1 + ("運用ポリシー".Length * 2) + 2 + 23;
        Assert.Equal(expected, draft.Length);
        Assert.InRange(draft.Length, 159, 160); // as much of the reply as fits
    }

    [Fact]
    public void A_short_reply_on_Instagram_keeps_the_purpose_and_drops_only_the_hours()
    {
        var draft = ProfileText.Draft(Platform.Instagram, null, "返信はしていません。", "子育て情報の発信。", Hours, Url);
        Assert.Equal(["運用時間"], draft.Dropped);
        Assert.False(draft.Shortened);
        Assert.Equal($"返信: 返信はしていません。\n目的: 子育て情報の発信。\n運用ポリシー: {Url}", draft.Text);
    }

    [Fact]
    public void A_short_link_goes_bare_when_its_label_leaves_no_room_for_the_reply()
    {
        var shortUrl = "https://n.jp/p/" + new string('1', 40); // 55: with its label it leaves less than 20 characters of the reply
        var draft = ProfileText.Draft(Platform.Other, "TikTok", Reply, Purpose, Hours, shortUrl);
        Assert.Equal(80, draft.Length);
        Assert.True(draft.Shortened);
        Assert.Equal(ReplyLine[..(80 - shortUrl.Length - 2)] + "…\n" + shortUrl, draft.Text);
    }

    [Fact]
    public void On_TikTok_a_long_link_is_left_out_and_the_reply_is_shown_whole()
    {
        var draft = ProfileText.Draft(Platform.Other, "TikTok", Reply, Purpose, Hours, Url);
        Assert.Equal(ReplyLine, draft.Text);
        Assert.Equal(["運用ポリシーへのリンク", "運用時間", "開設・運用の目的"], draft.Dropped);
    }

    [Fact]
    public void A_link_that_can_never_fit_is_left_out_rather_than_cut()
    {
        var longUrl = "https://" + new string('a', 100) + ".example.jp/policies/1";
        var draft = ProfileText.Draft(Platform.Other, "TikTok", Reply, Purpose, Hours, longUrl);
        Assert.DoesNotContain("https://", draft.Text, StringComparison.Ordinal);
        Assert.Contains("運用ポリシーへのリンク", draft.Dropped);
        Assert.True(draft.Length <= 80);
        Assert.StartsWith(ReplyLine[..10], draft.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_policy_version_drafts_from_its_own_fields()
    {
        var account = SocialAccount.Create(new Actor("op", "北 一郎", new HashSet<Role> { Role.Operator }, Guid.Empty), Guid.Empty, new PolicyContent
        {
            Platform = Platform.YouTube,
            AccountName = "名寄市子育て",
            Purpose = Purpose,
            OperatingDays = OperatingDays.Weekdays,
            HoursStart = new TimeOnly(8, 45),
            HoursEnd = new TimeOnly(17, 30),
            ReplyPolicy = ReplyPolicyKind.ReplyAsNeeded,
            ReplyWording = Labels.DefaultReplyWording(ReplyPolicyKind.ReplyAsNeeded),
        }, [], DateTimeOffset.UnixEpoch);
        var draft = ProfileText.Draft(account.CurrentPolicy, Url);
        Assert.StartsWith("返信: " + Labels.DefaultReplyWording(ReplyPolicyKind.ReplyAsNeeded)[..10], draft.Text, StringComparison.Ordinal);
        Assert.Contains("運用時間: 月曜日から金曜日までの8時45分から17時30分までとします", draft.Text, StringComparison.Ordinal);
    }
}
