using MuniSocial.Domain.Forms;

namespace MuniSocial.Features.Accounts;

/// <summary>
/// The account's one-way steps that issue a form (§5(3), 様式2・3・5): each has a "check your answers" page
/// (<c>/accounts/{id}/check/{key}</c>, changes nothing) whose button posts to the transition's handler, and a
/// confirmation page (<c>/accounts/{id}/done/{key}</c>) with the files the transition issued.
/// </summary>
public sealed record AccountStep(
    string Key,
    AccountAction Action,
    string AuditAction,
    string Heading,
    string Button,
    string Handler,
    string IssuedTo,
    string Irreversible,
    string DoneTitle,
    IReadOnlyList<string> Next,
    bool ByPrOffice)
{
    public static readonly AccountStep RequestListing = new(
        "request-listing", AccountAction.RequestListing, "account.listing-requested",
        "掲載依頼の内容を確認してください", "掲載依頼を提出する", "/accounts/{0}?handler=RequestListing",
        "市広報担当（提出先）",
        "提出すると、市広報担当の審査が終わるまで運用ポリシーを編集できません。提出した掲載依頼書（様式2）と運用ポリシー（様式1）は取り消せません（差し戻された場合は、直して再び提出します）。",
        "掲載依頼を提出しました",
        ["市広報担当が内容を確認して掲載します。掲載されるとメールでお知らせします。", "差し戻された場合は、このアカウントの画面に差戻し理由が表示されます。直してから、所属長が再度提出してください。"],
        ByPrOffice: false);

    public static readonly AccountStep RequestDelisting = new(
        "request-delisting", AccountAction.RequestDelisting, "account.delisting-requested",
        "削除依頼の内容を確認してください", "削除依頼を提出する", "/accounts/{0}/delisting?handler=Confirm",
        "市広報担当（提出先）",
        "提出すると、このアカウントは市広報担当が一覧から削除するまで「削除依頼中」になり、提出した削除依頼書（様式4）は取り消せません。",
        "削除依頼を提出しました",
        ["市広報担当が一覧から削除すると、運用終了になります。削除されるとメールでお知らせし、削除通知書（様式5）がこのアカウントの画面に表示されます。", "提出した削除依頼書（様式4）は、アカウントの画面の「発行した様式」からいつでもダウンロードできます。"],
        ByPrOffice: false);

    public static readonly AccountStep List = new(
        "list", AccountAction.List, "account.listed",
        "掲載の内容を確認してください", "一覧に掲載する", "/review/{0}?handler=List",
        "主管課（掲載依頼をした所属）",
        "掲載すると、名寄市ソーシャルメディア一覧と公開ページにすぐ表示されます。取り消す操作はありません（運用を終えるときは、主管課の削除依頼（様式4）によります）。",
        "一覧に掲載しました",
        ["掲載通知書（様式3）をダウンロードして、主管課へ送付してください。", "主管課のアカウントの画面は「掲載中」になり、公開ページで運用ポリシーが公開されています。"],
        ByPrOffice: true);

    public static readonly AccountStep Delist = new(
        "delist", AccountAction.Delist, "account.delisted",
        "一覧からの削除を確認してください", "一覧から削除する（運用終了）", "/review/{0}?handler=Delist",
        "主管課（削除依頼をした所属）",
        "一覧から削除すると、このアカウントは運用終了となり、元に戻せません。公開ページは「運用を終了したアカウント」に移ります。",
        "一覧から削除しました（運用終了）",
        ["削除通知書（様式5）をダウンロードして、主管課へ送付してください。", "運用を終了したアカウントの一覧（/closed）に、閉鎖日と閉鎖理由が表示されます。"],
        ByPrOffice: true);

    public static IReadOnlyList<AccountStep> All { get; } = [RequestListing, RequestDelisting, List, Delist];

    /// <summary>Whether the step takes what was typed on its own form first (削除依頼: its check page is that form's second state).</summary>
    public bool HasForm => this == RequestDelisting;

    public static AccountStep? Find(string key) => All.FirstOrDefault(s => s.Key == key);

    public IReadOnlyList<FormKind> Issues => FormKinds.IssuedBy(AuditAction);

    public string PostUrl(Guid id) => string.Format(System.Globalization.CultureInfo.InvariantCulture, Handler, id);

    public static string CheckUrl(Guid id, AccountStep step) => $"/accounts/{id}/check/{step.Key}";

    public static string DoneUrl(Guid id, AccountStep step) => $"/accounts/{id}/done/{step.Key}";
}
