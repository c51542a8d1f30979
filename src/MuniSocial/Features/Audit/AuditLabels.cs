namespace MuniSocial.Features.Audit;

/// <summary>
/// The audit trail in Japanese: every action code the code base writes (a test collects the codes from the sources and
/// fails on one without a label), the kinds of entity, and the field names of the before/after snapshots.
/// </summary>
public static class AuditLabels
{
    public static readonly IReadOnlyDictionary<string, string> Actions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["account.created"] = "アカウントの登録",
        ["account.discarded"] = "アカウントの下書きの破棄",
        ["account.policy-updated"] = "運用ポリシーの編集",
        ["account.operators-changed"] = "運用担当者の変更",
        ["account.listing-requested"] = "掲載依頼（様式2）",
        ["account.listed"] = "掲載（様式3）",
        ["account.returned"] = "差戻し",
        ["account.revision-started"] = "改訂の作成",
        ["account.revision-discarded"] = "改訂の破棄",
        ["account.revision-submitted"] = "改訂の提出",
        ["account.revision-accepted"] = "改訂の承認",
        ["account.delisting-requested"] = "削除依頼（様式4）",
        ["account.delisted"] = "掲載削除（様式5）",
        ["account-review.recorded"] = "運用状況の確認",
        ["access-holder.added"] = "アクセス権限者の登録",
        ["access-holder.removed"] = "アクセス権限の削除",
        ["access-holder.handed-over"] = "アクセス権限の引継ぎ",
        ["two-factor.set"] = "二段階認証の記録",
        ["daily-check.recorded"] = "本日の確認の記録",
        ["daily-check.finding-handled"] = "確認で見つかった事項の対応",
        ["user.created"] = "利用者の登録",
        ["user.updated"] = "利用者の変更",
        ["user.activated"] = "利用者の有効化",
        ["user.deactivated"] = "利用者の無効化",
        ["user.unlocked"] = "ロック解除",
        ["user.password-set"] = "パスワードの再設定",
        ["user.mail-preferences-changed"] = "メール通知の設定の変更",
        ["organisation.department-created"] = "部の追加",
        ["organisation.department-renamed"] = "部の名称変更",
        ["organisation.department-deleted"] = "部の削除",
        ["organisation.section-created"] = "課の追加",
        ["organisation.section-updated"] = "課の変更",
        ["organisation.section-deleted"] = "課の削除",
        ["organisation.pr-office-changed"] = "市広報担当の課の変更",
        ["organisation.unit-created"] = "係の追加",
        ["organisation.unit-renamed"] = "係の名称変更",
        ["organisation.unit-deleted"] = "係の削除",
        ["office.settings-changed"] = "市の設定（様式の発行者など）の変更",
        ["office-network.added"] = "庁内ネットワークの登録",
        ["office-network.removed"] = "庁内ネットワークの削除",
        ["terms.versioned"] = "注意事項等の改訂",
        ["guideline.version-published"] = "ガイドラインの改訂の登録",
        ["guideline.acknowledged"] = "ガイドラインの確認",
        ["post.created"] = "投稿の作成",
        ["post.updated"] = "投稿の編集",
        ["post.submitted"] = "投稿の提出",
        ["post.checked"] = "投稿の確認（ダブルチェック）",
        ["post.approved"] = "投稿を承認",
        ["post.sent-back"] = "投稿の差戻し",
        ["post.rejected"] = "投稿の却下",
        ["post.publish-requested"] = "投稿の発信の依頼",
        ["post.published"] = "投稿の公開の記録",
        ["post.recorded-outside"] = "システム外での投稿として記録",
        ["post.correction-created"] = "訂正の投稿の作成",
        ["post.held-cancelled"] = "保留中の投稿の取りやめ",
        ["post.held-released"] = "保留中の投稿の再開",
        ["post.media-added"] = "写真・動画の追加",
        ["post.media-confirmed"] = "写真・動画の確認",
        ["post.media-removed"] = "写真・動画の削除",
        ["post-settings.updated"] = "投稿の設定の変更",
        ["content-check.settings-updated"] = "投稿内容の点検の設定の変更",
        ["publication.sent"] = "プラットフォームへの送信",
        ["publication.failed"] = "プラットフォームへの送信の失敗",
        ["publication.retried"] = "送信の再試行",
        ["publication.cancelled"] = "送信の取りやめ",
        ["publication.needs-check"] = "送信結果の要確認",
        ["publication.confirmed-sent"] = "送信済みの確認",
        ["publishing.paused"] = "発信の一時停止",
        ["publishing.resumed"] = "発信の再開",
        ["connection.connected"] = "プラットフォームとの接続",
        ["connection.replaced"] = "接続情報の差し替え",
        ["connection.disconnected"] = "接続の解除",
        ["connection.broken"] = "接続の切断の検知",
        ["connection.token-refreshed"] = "接続の認証情報の更新",
        ["watch.unapproved-post"] = "未承認の投稿の検知",
        ["watch.text-differs"] = "発信した本文の相違の検知",
        ["watch.recorded-outside"] = "検知した投稿をシステム外の投稿として記録",
        ["watch.hijack-incident"] = "検知した投稿を乗っ取りのインシデントとして記録",
        ["comment.recorded"] = "利用者の書込みの記録",
        ["comment.in-progress"] = "書込みの対応開始",
        ["comment.answered"] = "書込みへの回答",
        ["comment.interim-answered"] = "書込みへの一次回答",
        ["comment.no-action-needed"] = "書込みを対応不要として記録",
        ["comment.moderated"] = "書込みの非表示・削除等の措置",
        ["comment.reopened"] = "書込みの対応の再開",
        ["comment.reply-linked"] = "書込みと返信の投稿の紐付け",
        ["comment.redacted"] = "書込みの保存期間経過による消去",
        ["comment.formal-answer-overdue"] = "正式回答の期限超過",
        ["comment-settings.updated"] = "書込みの保存期間の設定の変更",
        ["incident.opened"] = "インシデントの登録",
        ["incident.step-added"] = "インシデントの対応の記録",
        ["incident.account-linked"] = "インシデントとアカウントの紐付け",
        ["incident.post-linked"] = "インシデントと投稿の紐付け",
        ["incident.access-reset"] = "インシデントでの権限の再設定",
        ["incident.closed"] = "インシデントの終結",
        ["warning.published"] = "注意喚起の公開",
        ["warning.withdrawn"] = "注意喚起の取下げ",
    };

    /// <summary>The sign-in and rights events of <see cref="SecurityEvents"/>, by kind.</summary>
    public static readonly IReadOnlyDictionary<SecurityEventKind, string> SecurityKinds = new Dictionary<SecurityEventKind, string>
    {
        [SecurityEventKind.SignInSucceeded] = "ログイン",
        [SecurityEventKind.SignInFailed] = "ログインの失敗",
        [SecurityEventKind.LockedOut] = "アカウントのロック",
        [SecurityEventKind.SignedOut] = "ログアウト",
        [SecurityEventKind.TokenIssued] = "APIトークンの発行",
        [SecurityEventKind.TokenRefused] = "APIトークンの発行の拒否",
        [SecurityEventKind.MfaEnabled] = "二要素認証の有効化",
        [SecurityEventKind.MfaDisabled] = "二要素認証の無効化",
        [SecurityEventKind.MfaRecoveryCodesReset] = "回復コードの再発行",
        [SecurityEventKind.MfaRecoveryCodeUsed] = "回復コードでのログイン",
        [SecurityEventKind.PasskeyAdded] = "パスキーの登録",
        [SecurityEventKind.PasskeyRemoved] = "パスキーの削除",
        [SecurityEventKind.PasswordChanged] = "パスワードの変更",
        [SecurityEventKind.AccessRefused] = "アクセスの拒否",
        [SecurityEventKind.RateLimited] = "回数制限による拒否",
    };

    private static readonly Dictionary<string, string> SecurityActions =
        SecurityKinds.ToDictionary(k => SecurityEvents.ActionOf(k.Key), k => k.Value, StringComparer.Ordinal);

    /// <summary>Whether the action has a Japanese label.</summary>
    public static bool HasLabel(string action) => Actions.ContainsKey(action) || SecurityActions.ContainsKey(action);

    /// <summary>The action in Japanese; an unknown code is shown as it is, marked.</summary>
    public static string Action(string action) =>
        Actions.TryGetValue(action, out var label) ? label
        : SecurityActions.TryGetValue(action, out var security) ? security
        : $"その他の操作（{action}）";

    public static string Entity(string entityType) => entityType switch
    {
        "SocialAccount" => "アカウント",
        "Post" => "投稿",
        "Comment" => "利用者の書込み",
        "Incident" => "インシデント",
        "User" => "利用者",
        "Department" => "部",
        "Section" => "課",
        "Unit" => "係",
        "GuidelineVersion" => "ガイドライン",
        "TermsTemplate" => "注意事項等",
        "OfficeSettings" => "市の設定",
        "OfficeNetwork" => "庁内ネットワーク",
        "AccountConnection" => "プラットフォームとの接続",
        "ObservedPost" => "検知した投稿",
        "Publication" => "プラットフォームへの送信",
        "PublicWarning" => "注意喚起",
        "PublishingPause" => "発信の一時停止",
        "SectionPostSettings" => "課の投稿の設定",
        "ContentCheckSettings" => "投稿内容の点検の設定",
        "CommentSettings" => "書込みの保存期間の設定",
        _ => entityType,
    };

    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["status"] = "状態", ["policyVersion"] = "運用ポリシーの版", ["policyStatus"] = "運用ポリシーの状態", ["accountName"] = "アカウント名",
        ["closedOn"] = "運用終了日", ["round"] = "回", ["text"] = "本文", ["links"] = "リンク", ["category"] = "事前承認区分",
        ["publicSourceUrl"] = "公開済みの情報のURL", ["scheduledAt"] = "予定日時", ["commentId"] = "書込み", ["interim"] = "一次回答",
        ["formalDueOn"] = "正式回答の期限", ["publishedUrl"] = "公開URL", ["publishedAt"] = "公開日時", ["publishedVia"] = "発信の方法",
        ["platformPostId"] = "プラットフォームの投稿ID", ["accountId"] = "アカウント", ["accounts"] = "アカウント", ["answer"] = "回答",
        ["categories"] = "区分", ["closingNote"] = "終了の記録", ["comment"] = "コメント", ["confidentialMarkers"] = "秘密の表示",
        ["decisionMarkers"] = "意思決定過程の表示", ["displayName"] = "氏名", ["dueCheckDays"] = "確認の期限（日）", ["email"] = "メールアドレス",
        ["employmentType"] = "任用形態", ["errorKinds"] = "エラーの種類", ["exceptions"] = "例外", ["expressions"] = "表現", ["fake"] = "偽アカウント",
        ["fakeNormalized"] = "偽アカウント（正規化）", ["fakeUrl"] = "偽アカウントのURL", ["handedOverFrom"] = "引継ぎ元", ["handle"] = "ハンドル",
        ["holder"] = "権限者", ["holderId"] = "権限者", ["holders"] = "権限者", ["how"] = "方法", ["id"] = "ID", ["incidentId"] = "インシデント",
        ["input"] = "入力", ["isActive"] = "有効", ["items"] = "項目", ["kind"] = "種類", ["link"] = "リンク", ["missedCheckDays"] = "確認漏れの日数",
        ["moderation"] = "措置", ["next"] = "次", ["note"] = "メモ", ["occurredOn"] = "発生日", ["ownDomains"] = "市のドメイン", ["password"] = "パスワード",
        ["period"] = "期間", ["platformHandle"] = "プラットフォームのハンドル", ["platformRole"] = "プラットフォームでの権限", ["postId"] = "投稿",
        ["previous"] = "前", ["problems"] = "問題", ["query"] = "条件", ["receivedAt"] = "受信日時", ["redacted"] = "消去", ["reference"] = "参照",
        ["removal"] = "削除", ["replyPostId"] = "返信の投稿", ["result"] = "結果", ["reviewId"] = "確認", ["reviewedOn"] = "確認日", ["role"] = "役割",
        ["roles"] = "役割", ["scope"] = "範囲", ["shortenerHosts"] = "短縮URLのホスト", ["source"] = "出所", ["successor"] = "後任",
        ["successorHandle"] = "後任のハンドル", ["summary"] = "概要", ["textSha256"] = "本文のハッシュ（SHA-256）", ["title"] = "件名",
        ["twoFactorSetAt"] = "二段階認証の記録日時", ["userId"] = "利用者", ["userName"] = "ユーザー名", ["withdrawnAt"] = "取下げ日時",
        ["address"] = "接続元のアドレス", ["path"] = "画面", ["detail"] = "詳細", ["name"] = "名称", ["sectionId"] = "課", ["unitId"] = "係",
        ["departmentId"] = "部", ["sortOrder"] = "表示順", ["lockedOutUntil"] = "ロックの期限", ["network"] = "ネットワーク", ["cidr"] = "アドレス範囲",
        ["label"] = "名称", ["reason"] = "理由", ["version"] = "版", ["number"] = "版", ["checkedOn"] = "確認日", ["found"] = "見つかった事項",
        ["at"] = "日時", ["by"] = "操作した職員", ["platform"] = "媒体", ["url"] = "URL", ["retentionDays"] = "保存期間（日）",
    };

    /// <summary>A snapshot's field name in Japanese where known, else as written.</summary>
    public static string Field(string name) => Fields.TryGetValue(name, out var label) ? label : name;
}
