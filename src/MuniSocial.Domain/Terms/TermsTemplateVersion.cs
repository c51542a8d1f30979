using MuniSocial.Domain.Audit;

namespace MuniSocial.Domain.Terms;

/// <summary>
/// The city-wide standard terms printed on every operation policy (様式1 その他): 注意事項 (the
/// categories of posts that may be removed without notice), 知的財産権 and 免責事項. Kept by the PR
/// office; every edit is a new version and each accepted policy records the version it was accepted with.
/// </summary>
public sealed class TermsTemplateVersion : AuditedEntity
{
    public const int MaxItemLength = 500;

    private TermsTemplateVersion() { }

    public Guid Id { get; private set; }
    public int Number { get; private set; }

    /// <summary>注意事項: one category a line, printed ⑴…⑿.</summary>
    public string Notices { get; private set; } = "";
    public string IntellectualProperty { get; private set; } = "";

    /// <summary>免責事項: one item a line, printed ⑴⑵.</summary>
    public string Disclaimers { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedById { get; private set; } = "";
    public string CreatedByName { get; private set; } = "";

    public IReadOnlyList<string> NoticeItems => SplitLines(Notices);
    public IReadOnlyList<string> DisclaimerItems => SplitLines(Disclaimers);

    /// <summary>The first version, with the text of the guideline's 様式1.</summary>
    public static TermsTemplateVersion Standard(DateTimeOffset at) => new()
    {
        Id = Guid.CreateVersion7(),
        Number = 1,
        Notices = string.Join('\n', StandardNotices),
        IntellectualProperty = StandardIntellectualProperty,
        Disclaimers = string.Join('\n', StandardDisclaimers),
        CreatedAt = at,
        CreatedById = "system",
        CreatedByName = "初期設定（ガイドライン様式1）",
    };

    /// <summary>The PR office edits the terms: a new version follows <paramref name="current"/>.</summary>
    public static TermsTemplateVersion Next(TermsTemplateVersion current, Actor by, IEnumerable<string> notices,
        string intellectualProperty, IEnumerable<string> disclaimers, DateTimeOffset at)
    {
        if (!by.Is(Role.PrOffice))
        {
            throw new DomainForbiddenException("標準規約を編集できるのは市広報担当のみです。");
        }
        var noticeList = Clean(notices);
        var disclaimerList = Clean(disclaimers);
        var errors = new Dictionary<string, string[]>();
        if (noticeList.Count == 0)
        {
            errors["notices"] = ["注意事項を1項目以上入力してください。"];
        }
        if (noticeList.Count > 20)
        {
            errors["notices"] = ["注意事項は20項目以内にしてください。"];
        }
        if (string.IsNullOrWhiteSpace(intellectualProperty))
        {
            errors["intellectualProperty"] = ["知的財産権の文言を入力してください。"];
        }
        if (disclaimerList.Count == 0)
        {
            errors["disclaimers"] = ["免責事項を1項目以上入力してください。"];
        }
        if (noticeList.Concat(disclaimerList).Any(i => i.Length > MaxItemLength) || intellectualProperty.Length > 2000)
        {
            errors["text"] = [$"各項目は{MaxItemLength}文字以内、知的財産権は2000文字以内で入力してください。"];
        }
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }
        var next = new TermsTemplateVersion
        {
            Id = Guid.CreateVersion7(),
            Number = current.Number + 1,
            Notices = string.Join('\n', noticeList),
            IntellectualProperty = intellectualProperty.Trim(),
            Disclaimers = string.Join('\n', disclaimerList),
            CreatedAt = at,
            CreatedById = by.UserId,
            CreatedByName = by.Name,
        };
        if (next.Notices == current.Notices && next.IntellectualProperty == current.IntellectualProperty && next.Disclaimers == current.Disclaimers)
        {
            throw new DomainRuleException("標準規約の内容が変更されていません。", "terms-unchanged");
        }
        next.Audit(new AuditRecord("terms.versioned", "TermsTemplate", next.Id.ToString(), by.UserId, by.Name, at,
            Before: $"第{current.Number}版", After: $"第{next.Number}版"));
        return next;
    }

    /// <summary>⑴, ⑵ … ⒇ — the parenthesised numerals the guideline prints.</summary>
    public static string Numeral(int oneBased) => oneBased is >= 1 and <= 20
        ? ((char)(0x2474 + oneBased - 1)).ToString()
        : $"({oneBased})";

    private static List<string> Clean(IEnumerable<string> items) =>
        items.SelectMany(i => (i ?? "").Split('\n')).Select(i => i.Trim()).Where(i => i.Length > 0).ToList();

    private static string[] SplitLines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static readonly string[] StandardNotices =
    [
        "法律、法令等に違反する内容、または違反するおそれがあるもの",
        "本市、または第三者を誹謗中傷するもの",
        "政治、宗教活動を目的とするもの",
        "著作権、商標権、肖像権など本市、または第三者の知的所有権を侵害するもの",
        "広告、宣伝、勧誘、営業活動、その他営利を目的とするもの",
        "人種・思想・信条等の差別、または差別を助長させるもの",
        "公の秩序、または善良の風俗に反するもの",
        "虚偽や事実と異なる内容及び根拠のないもの",
        "本人の承諾なく個人情報を特定・開示・漏えいする等プライバシーを害するもの",
        "違法行為、または違法行為をあおるもの",
        "本ソーシャルメディアに全く関係しないもの",
        "その他本市が不適切と判断した情報",
    ];

    public const string StandardIntellectualProperty =
        "当ページに掲載している個々の情報（テキスト、画像等）に関する知的財産権は本市、または原著作者に帰属します。" +
        "また内容について「私的使用のための複製」や「引用」など著作権法上認められた場合を除き、無断で複製・転用することはできません。";

    public static readonly string[] StandardDisclaimers =
    [
        "本ソーシャルメディアを利用し生じた被害や、関連して生じた利用者間、または利用者と第三者間のトラブルについては、一切の責任を負いません。",
        "本ソーシャルメディアは、予告なしに運用ポリシーの変更や運用方法の見直し、運用の中止などをする場合があります。",
    ];
}
