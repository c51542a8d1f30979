namespace MuniSocial.Domain.Incidents;

/// <summary>One step of a kind's playbook: a stable code (API, timeline), what to do, and the clause it comes from.</summary>
public sealed record PlaybookItem(string Code, string Label, string Clause, bool Required = true);

/// <summary>
/// The guideline's playbooks (§5(5)) as checklists. An incident walks its kind's list; each item is done by a
/// timeline entry that names it. Items marked not required depend on the case (e.g. a press notice when the PR
/// office decides).
/// </summary>
public static class IncidentPlaybook
{
    public static IReadOnlyList<PlaybookItem> For(IncidentKind kind) => kind switch
    {
        IncidentKind.Flaming =>
        [
            new("no-rebuttal", "反論や抗弁を控え、冷静に対応する方針を担当者で確認した", "5(5)ア(ア)"),
            new("facts-checked", "批判・苦情の内容を確認し、本市の発信に誤りがあったか確かめた", "5(5)ア(イ)"),
            new("correction-post", "誤りがあった場合: 発信を削除せず、誤りを認めた訂正の投稿を作成した", "5(5)ア(イ)", Required: false),
            new("pr-consulted", "状況を市広報担当へ報告し、対応を協議した", "5(5)ア(ウ)"),
        ],
        IncidentKind.Impersonation =>
        [
            new("fake-recorded", "なりすましアカウントのプラットフォームとURL、発見日時を記録した", "5(5)イ(ア)"),
            new("platform-request", "プラットフォームの運営者へ削除を依頼した（依頼日・受付番号・回答）", "5(5)イ(ア)"),
            new("public-warning", "市公式ホームページで、なりすましの情報を公開した", "5(5)イ(イ)"),
            new("press-notice", "報道機関などへ情報提供した（市広報担当が必要と判断した場合）", "5(5)イ(イ)", Required: false),
        ],
        IncidentKind.FalseInformation =>
        [
            new("correct-info-post", "正しい情報を発信した（正しい情報のページへのリンクを添えて）", "5(5)ウ(ア)"),
            new("malicious-moderated", "悪質な投稿を運用ポリシーの注意事項に基づき非表示・削除した", "5(5)ウ(イ)", Required: false),
        ],
        IncidentKind.WrongPost =>
        [
            new("correction-post", "発信を削除せず、誤りを認めた訂正の投稿を作成した", "5(5)ア(イ)"),
            new("pr-consulted", "状況を市広報担当へ報告した", "5(5)ア(ウ)"),
        ],
        IncidentKind.Hijack =>
        [
            new("paused", "アカウントの発信を一時停止した", "5(5)"),
            new("access-reset", "パスワードを変更し、アクセスできる者と認証情報の管理者を見直し、二要素認証を確認した", "5(3)"),
            new("pr-notified", "市広報担当へ報告した", "5(5)ア(ウ)"),
            new("platform-contacted", "プラットフォームの運営者へ連絡した", "5(5)イ(ア)", Required: false),
            new("public-warning", "市公式ホームページで、乗っ取りの情報と注意を公開した", "5(5)イ(イ)"),
        ],
        _ => [],
    };

    public static PlaybookItem? Find(IncidentKind kind, string code) => For(kind).FirstOrDefault(i => i.Code == code);
}
