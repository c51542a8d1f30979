using System.Globalization;
using MuniSocial.Domain.Accounts;

namespace MuniSocial.Domain.Posts;

/// <summary>How a platform counts the text of its profile field.</summary>
public enum ProfileCounting
{
    /// <summary>Characters as a person sees them (text elements / graphemes).</summary>
    Characters,

    /// <summary>UTF-16 code units (LINE's counters).</summary>
    Utf16,

    /// <summary>twitter-text weighting: CJK and emoji 2, Latin 1, every URL 23 (<see cref="PlatformLimits"/>).</summary>
    XWeighted,
}

/// <summary>The free-text field of an account's profile (公式アカウントの自由に記載できる箇所, §5(4)エ) and its length limit.</summary>
public sealed record ProfileField(string Name, int? Limit, ProfileCounting Counting)
{
    public string LimitText => Limit is { } l ? $"{l:N0}{(Counting == ProfileCounting.XWeighted ? "（全角文字は2、URLは23として計算）" : "文字")}" : "上限なし";
}

/// <summary>
/// The length limit of the profile text on each platform, as their help pages give it (checked when written; the
/// platforms change them — update here and in ProfileTextTests together):
/// X — プロフィールの自己紹介 (bio) 160, counted like a post (help.x.com「プロフィールのカスタマイズ」);
/// Instagram — 自己紹介 150 (Instagram ヘルプセンター); Facebook — ページの「自己紹介（Intro）」255 (Facebook ヘルプセンター);
/// LINE — LINE公式アカウントのプロフィールの紹介文 500 (LINE for Business; the ステータスメッセージ is far shorter and
/// cannot hold the policy); YouTube — チャンネルの説明 1,000 (YouTube ヘルプ); TikTok — 自己紹介 80; Bluesky — プロフィールの説明 256
/// (graphemes, AT Protocol app.bsky.actor.profile); Mastodon — プロフィール 500 (the default of a Mastodon server).
/// TikTok, Bluesky and Mastodon are platforms of their own (printed in 様式1's 「その他（ ）」); an account stored before
/// they were (その他 with the name TikTok, Bluesky or Mastodon) gets the same limit; any other その他 platform has no limit known.
/// </summary>
public static class ProfileLimits
{
    public static ProfileField Of(Platform platform, string? otherName) => platform switch
    {
        Platform.X => new("自己紹介（bio）", 160, ProfileCounting.XWeighted),
        Platform.Instagram => new("自己紹介", 150, ProfileCounting.Characters),
        Platform.Facebook => new("ページの自己紹介（Intro）", 255, ProfileCounting.Characters),
        Platform.Line => new("プロフィールの紹介文", 500, ProfileCounting.Utf16),
        Platform.YouTube => new("チャンネルの説明", 1000, ProfileCounting.Characters),
        Platform.TikTok => TikTok,
        Platform.Bluesky => Bluesky,
        Platform.Mastodon => Mastodon,
        _ => OtherNamed(otherName),
    };

    private static readonly ProfileField TikTok = new("自己紹介", 80, ProfileCounting.Characters);
    private static readonly ProfileField Bluesky = new("プロフィールの説明", 256, ProfileCounting.Characters);
    private static readonly ProfileField Mastodon = new("プロフィール", 500, ProfileCounting.Characters);

    private static ProfileField OtherNamed(string? otherName)
    {
        var name = (otherName ?? "").Trim().Normalize(System.Text.NormalizationForm.FormKC).ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal);
        return name switch
        {
            "TIKTOK" or "ティックトック" => TikTok,
            "BLUESKY" or "ブルースカイ" => Bluesky,
            "MASTODON" or "マストドン" => Mastodon,
            _ => new("プロフィール（自由記載欄）", null, ProfileCounting.Characters),
        };
    }

    /// <summary>The length of <paramref name="text"/> as the platform counts it; <paramref name="urls"/> are the spans of URLs in it.</summary>
    public static int Count(ProfileField field, string text, IReadOnlyList<(int Start, int Length)> urls) => field.Counting switch
    {
        ProfileCounting.XWeighted => PlatformLimits.Measure(Platform.X, text, urls).Count,
        ProfileCounting.Utf16 => text.Length,
        _ => new StringInfo(text).LengthInTextElements,
    };
}
