
namespace MuniSocial.Features.Accounts;

/// <summary>One printed line of 様式1: the label and the value as staff read it.</summary>
public sealed record PolicyRow(string Key, string Label, string Value);

/// <summary>Section and unit names, loaded once per page.</summary>
public sealed record OrgNames(IReadOnlyDictionary<Guid, string> Sections, IReadOnlyDictionary<Guid, string> Units)
{
    public static async Task<OrgNames> LoadAsync(AppDbContext db, CancellationToken ct)
    {
        var sections = await db.Sections.AsNoTracking().Select(s => new { s.Id, Name = s.Department.Name + " " + s.Name }).ToListAsync(ct);
        var units = await db.Units.AsNoTracking().Select(u => new { u.Id, u.Name }).ToListAsync(ct);
        return new OrgNames(sections.ToDictionary(s => s.Id, s => s.Name), units.ToDictionary(u => u.Id, u => u.Name));
    }

    public string Section(Guid id) => Sections.TryGetValue(id, out var n) ? n : "";

    public string Unit(Guid? id) => id is { } u && Units.TryGetValue(u, out var n) ? n : "";
}

/// <summary>The fields of a policy version as rows (for the detail page and the side-by-side review of a revision).</summary>
public static class PolicyDisplay
{
    public const string Missing = "（未入力）";

    public static IReadOnlyList<PolicyRow> Rows(PolicyVersion p, Guid sectionId, OrgNames names)
    {
        static string V(string? s) => string.IsNullOrWhiteSpace(s) ? Missing : s;
        var unit = names.Unit(p.UnitId);
        var owner = p.OwnerKind == OwnerKind.RelatedOrganisation
            ? $"{Labels.Of(p.OwnerKind)}：{V(p.RelatedOrganisationName)}"
            : Labels.Of(p.OwnerKind);
        var platform = PlatformLabels.Described(p.Platform, p.OtherPlatformName, Missing);
        var period = p.PeriodStart is null && p.PeriodEnd is null
            ? Missing
            : $"{(p.PeriodStart is { } s ? Wareki.Format(s) : "（開始日未入力）")} ～ {(p.PeriodEnd is { } e ? Wareki.Format(e) : "（終了日未入力）")}";
        var hours = p.HoursText;
        return
        [
            new("section", "開設所属（部・課・係）", names.Section(sectionId) + (unit.Length > 0 ? " " + unit : "（係未選択）")),
            new("ownerKind", "アカウントの名義", owner),
            new("platform", "利用するソーシャルメディアの種類", platform),
            new("accountName", "アカウント名", V(p.AccountName)),
            new("accountUrl", "アカウントのURL", V(p.AccountUrl)),
            new("alternateUrls", "この他のアドレス", p.AlternateUrls.Count == 0 ? "なし" : string.Join('\n', p.AlternateUrls)),
            new("content", "発信する情報の内容", V(p.Content)),
            new("purpose", "開設・運用の目的", V(p.Purpose)),
            new("period", "運用期間", period),
            new("hours", "運用時間", V(hours)),
            new("replyPolicy", "投稿に対する返信", p.ReplyPolicy is { } r ? Labels.Of(r) : Missing),
            new("replyWording", "返信方針の文言（利用者に示す文）", V(p.ReplyWording)),
            new("remarks", "備考", string.IsNullOrWhiteSpace(p.Remarks) ? "なし" : p.Remarks),
        ];
    }

    /// <summary>The rows whose value differs between two versions: (label, before, after).</summary>
    public static IReadOnlyList<(string Label, string Before, string After)> Changes(IReadOnlyList<PolicyRow> before, IReadOnlyList<PolicyRow> after) =>
        before.Zip(after).Where(x => x.First.Value != x.Second.Value).Select(x => (x.First.Label, x.First.Value, x.Second.Value)).ToList();

    public static string AccountName(SocialAccount a) => a.CurrentPolicy.AccountName ?? "（アカウント名未入力）";

    public static string Period(PolicyVersion? p) => p is null || (p.PeriodStart is null && p.PeriodEnd is null)
        ? Missing
        : $"{(p.PeriodStart is { } s ? Wareki.Format(s) : "")} ～ {(p.PeriodEnd is { } e ? Wareki.Format(e) : "")}";

    /// <summary>Audit actions as the section reads them.</summary>
    public static string ActionLabel(string action) => action switch
    {
        "account.created" => "登録",
        "account.policy-updated" => "運用ポリシーを保存",
        "account.operators-changed" => "運用担当者を変更",
        "account.listing-requested" => "掲載依頼を提出",
        "account.listed" => "掲載",
        "account.returned" => "差戻し",
        "account.revision-started" => "改訂を作成",
        "account.revision-discarded" => "改訂を破棄",
        "account.revision-submitted" => "改訂を提出",
        "account.revision-accepted" => "改訂を承認",
        "account.delisting-requested" => "削除依頼を提出",
        "account.delisted" => "一覧から削除（運用終了）",
        "account.discarded" => "下書きを破棄",
        _ => action,
    };
}
