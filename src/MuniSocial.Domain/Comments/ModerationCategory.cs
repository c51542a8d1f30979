using MuniSocial.Domain.Posts;

namespace MuniSocial.Domain.Comments;

/// <summary>
/// The 12 categories of 様式1 注意事項 ⑴–⑿: a user's comment may be hidden or deleted (§5(5)ウ(イ)) only
/// as one or more of them. The numbers are the policy's; the wording printed is the accepted policy's terms.
/// </summary>
public enum ModerationCategory
{
    /// <summary>⑴ 法律、法令等に違反する内容、または違反するおそれがあるもの</summary>
    Unlawful = 1,
    /// <summary>⑵ 本市、または第三者を誹謗中傷するもの</summary>
    Defamation = 2,
    /// <summary>⑶ 政治、宗教活動を目的とするもの</summary>
    PoliticalOrReligious = 3,
    /// <summary>⑷ 著作権、商標権、肖像権など本市、または第三者の知的所有権を侵害するもの</summary>
    IntellectualProperty = 4,
    /// <summary>⑸ 広告、宣伝、勧誘、営業活動、その他営利を目的とするもの</summary>
    Advertising = 5,
    /// <summary>⑹ 人種・思想・信条等の差別、または差別を助長させるもの</summary>
    Discrimination = 6,
    /// <summary>⑺ 公の秩序、または善良の風俗に反するもの</summary>
    PublicOrder = 7,
    /// <summary>⑻ 虚偽や事実と異なる内容及び根拠のないもの</summary>
    FalseInformation = 8,
    /// <summary>⑼ 本人の承諾なく個人情報を特定・開示・漏えいする等プライバシーを害するもの</summary>
    Privacy = 9,
    /// <summary>⑽ 違法行為、または違法行為をあおるもの</summary>
    IllegalActs = 10,
    /// <summary>⑾ 本ソーシャルメディアに全く関係しないもの</summary>
    Unrelated = 11,
    /// <summary>⑿ その他本市が不適切と判断した情報</summary>
    Other = 12,
}

public static class ModerationCategories
{
    public static IReadOnlyList<ModerationCategory> All { get; } = Enum.GetValues<ModerationCategory>();

    /// <summary>⑴ … ⑿ (the parenthesized digits the policy prints).</summary>
    public static string Mark(ModerationCategory c) => ((char)('⑴' + (int)c - 1)).ToString();

    /// <summary>The standard wording of 様式1 (TermsTemplateVersion.StandardNotices); a policy may print its own.</summary>
    public static string Label(ModerationCategory c) => c switch
    {
        ModerationCategory.Unlawful => "法律、法令等に違反する内容、または違反するおそれがあるもの",
        ModerationCategory.Defamation => "本市、または第三者を誹謗中傷するもの",
        ModerationCategory.PoliticalOrReligious => "政治、宗教活動を目的とするもの",
        ModerationCategory.IntellectualProperty => "著作権、商標権、肖像権など本市、または第三者の知的所有権を侵害するもの",
        ModerationCategory.Advertising => "広告、宣伝、勧誘、営業活動、その他営利を目的とするもの",
        ModerationCategory.Discrimination => "人種・思想・信条等の差別、または差別を助長させるもの",
        ModerationCategory.PublicOrder => "公の秩序、または善良の風俗に反するもの",
        ModerationCategory.FalseInformation => "虚偽や事実と異なる内容及び根拠のないもの",
        ModerationCategory.Privacy => "本人の承諾なく個人情報を特定・開示・漏えいする等プライバシーを害するもの",
        ModerationCategory.IllegalActs => "違法行為、または違法行為をあおるもの",
        ModerationCategory.Unrelated => "本ソーシャルメディアに全く関係しないもの",
        ModerationCategory.Other => "その他本市が不適切と判断した情報",
        _ => c.ToString(),
    };

    public static bool TryFromNumber(int number, out ModerationCategory category)
    {
        category = (ModerationCategory)number;
        return number is >= 1 and <= 12;
    }
}

/// <summary>
/// The content check's suggestion of which categories a user's comment may fall under. A suggestion only:
/// a person decides (§5(5)ウ(イ)).
/// </summary>
public static class ModerationSuggestions
{
    /// <summary>The finding kinds of the content check that point at a category of 注意事項.</summary>
    public static ModerationCategory? CategoryOf(FindingKind kind) => kind switch
    {
        FindingKind.Phone or FindingKind.Email or FindingKind.Address or FindingKind.MyNumber or FindingKind.NameWithDetails => ModerationCategory.Privacy,
        FindingKind.Expression => ModerationCategory.Defamation,
        FindingKind.PoliticalOrReligious => ModerationCategory.PoliticalOrReligious,
        FindingKind.Advertising or FindingKind.UrlShortener => ModerationCategory.Advertising,
        FindingKind.Discrimination => ModerationCategory.Discrimination,
        FindingKind.PublicOrder => ModerationCategory.PublicOrder,
        FindingKind.Incitement => ModerationCategory.IllegalActs,
        FindingKind.Security => ModerationCategory.Other,
        _ => null,
    };

    /// <summary>The categories suggested for <paramref name="text"/>, in ⑴–⑿ order, each once.</summary>
    public static IReadOnlyList<ModerationCategory> For(string text, ContentChecker checker)
    {
        var findings = checker.CheckComment(text);
        return [.. findings.Select(f => CategoryOf(f.Kind)).OfType<ModerationCategory>().Distinct().Order()];
    }
}
