namespace MuniSocial.Domain.Accounts;

/// <summary>The lifecycle of DOMAIN.md. Stored as text.</summary>
public enum AccountStatus
{
    Draft,
    ListingRequested,
    Listed,
    DelistingRequested,
    Closed,
}

/// <summary>利用するソーシャルメディアの種類. 様式1 prints LINE / フェイスブック / ツイッター and その他（name）.</summary>
public enum Platform
{
    Line,
    Facebook,
    X,
    Instagram,
    YouTube,
    /// <summary>AT Protocol (bsky.app). 様式1 prints it as その他（Bluesky）.</summary>
    Bluesky,
    /// <summary>Any Mastodon server (the account's own instance). 様式1: その他（Mastodon）.</summary>
    Mastodon,
    /// <summary>様式1: その他（TikTok）. No connector.</summary>
    TikTok,
    Other,
}

/// <summary>§5(1)エ / §7: opened under a city organisation, a character, or a related organisation (実行委員会, 官民連携組織).</summary>
public enum OwnerKind
{
    City,
    Character,
    RelatedOrganisation,
}

/// <summary>投稿に対する返信 (§5(1)キ).</summary>
public enum ReplyPolicyKind
{
    NoReply,
    ReplyAsNeeded,
}

public enum PolicyVersionStatus
{
    /// <summary>Being written by the section; editable.</summary>
    Draft,
    /// <summary>Sent to the PR office (listing request or revision); frozen.</summary>
    Submitted,
    /// <summary>Accepted by the PR office: what the public page shows (the newest accepted one).</summary>
    Accepted,
    /// <summary>An accepted version replaced by a newer accepted one; kept as history.</summary>
    Superseded,
}

public static class Labels
{
    public static string Of(AccountStatus s) => s switch
    {
        AccountStatus.Draft => "下書き",
        AccountStatus.ListingRequested => "掲載依頼中",
        AccountStatus.Listed => "掲載中",
        AccountStatus.DelistingRequested => "削除依頼中",
        AccountStatus.Closed => "運用終了",
        _ => s.ToString(),
    };

    public static string Of(Platform p) => p switch
    {
        Platform.Line => "LINE",
        Platform.Facebook => "Facebook",
        Platform.X => "X（旧Twitter）",
        Platform.Instagram => "Instagram",
        Platform.YouTube => "YouTube",
        Platform.Bluesky => "Bluesky",
        Platform.Mastodon => "Mastodon",
        Platform.TikTok => "TikTok",
        Platform.Other => "その他",
        _ => p.ToString(),
    };

    public static string Of(ReplyPolicyKind k) => k switch
    {
        ReplyPolicyKind.NoReply => "返信しない",
        ReplyPolicyKind.ReplyAsNeeded => "必要に応じて返信する",
        _ => k.ToString(),
    };

    public static string Of(OwnerKind k) => k switch
    {
        OwnerKind.City => "所属など組織名",
        OwnerKind.Character => "キャラクター名",
        OwnerKind.RelatedOrganisation => "本市以外の組織名（関係団体）",
        _ => k.ToString(),
    };

    public static string Of(PolicyVersionStatus s) => s switch
    {
        PolicyVersionStatus.Draft => "作成中",
        PolicyVersionStatus.Submitted => "提出済（審査待ち）",
        PolicyVersionStatus.Accepted => "公開中",
        PolicyVersionStatus.Superseded => "旧版",
        _ => s.ToString(),
    };

    public static string Of(DayOfWeek d) => d switch
    {
        DayOfWeek.Monday => "月",
        DayOfWeek.Tuesday => "火",
        DayOfWeek.Wednesday => "水",
        DayOfWeek.Thursday => "木",
        DayOfWeek.Friday => "金",
        DayOfWeek.Saturday => "土",
        DayOfWeek.Sunday => "日",
        _ => d.ToString(),
    };

    /// <summary>Default wording of 様式1's 記載例 for each reply policy.</summary>
    public static string DefaultReplyWording(ReplyPolicyKind k) => k switch
    {
        ReplyPolicyKind.NoReply => "原則として行いません。個別の回答はできませんので、あらかじめ御了承ください。",
        _ => "運用者は必要に応じて回答を行います。ただし、運用者が全ての投稿を閲覧し投稿に対して回答することを保証するものではありません。",
    };
}
