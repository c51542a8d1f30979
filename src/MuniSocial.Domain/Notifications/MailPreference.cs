namespace MuniSocial.Domain.Notifications;

/// <summary>
/// The e-mails that tell a person that work has been handed to them (issue 13: work that finds you), and the ones about
/// trouble. A hand-off mail can be turned off by its recipient; a trouble mail cannot (§5(5): trouble must not sit unseen).
/// </summary>
public enum MailKind
{
    /// <summary>An account draft is ready: the head submits the listing request (様式2).</summary>
    AccountDraftReady,
    /// <summary>A post waits for the section head's 了承.</summary>
    PostAwaitingApproval,
    /// <summary>A post waits for a colleague's check (§5(2)ウ(ウ)).</summary>
    PostAwaitingCheck,
    /// <summary>A listing, revision or closing request reached the PR office's queue.</summary>
    RequestSubmitted,
    /// <summary>The account was listed or closed: the section gets the issued 様式3/様式5.</summary>
    AccountListedOrClosed,
    /// <summary>The author's post was sent back (差し戻し) or turned down.</summary>
    PostSentBack,
    /// <summary>The author's post was approved (了承).</summary>
    PostApproved,

    // Trouble: cannot be turned off.
    /// <summary>An incident was opened (§5(5)ア(ウ)).</summary>
    Incident,
    /// <summary>The watch found a post nobody approved (§5(2)ウ).</summary>
    UnapprovedPost,
    /// <summary>Publishing was paused (§5(5)).</summary>
    PublishingPause,
    /// <summary>A publication failed or needs checking.</summary>
    FailedSend,
}

public static class MailKinds
{
    public static readonly IReadOnlyList<MailKind> All = Enum.GetValues<MailKind>();

    /// <summary>Trouble mails are sent whatever the person chose.</summary>
    public static bool CanTurnOff(MailKind kind) => kind is not (MailKind.Incident or MailKind.UnapprovedPost or MailKind.PublishingPause or MailKind.FailedSend);

    public const string CannotTurnOffReason = "トラブルの連絡は、見落としを防ぐため止められません（ガイドライン5(5)）。";

    public static string Label(MailKind kind) => kind switch
    {
        MailKind.AccountDraftReady => "アカウントの下書きができた（所属長へ: 掲載依頼（様式2）の提出）",
        MailKind.PostAwaitingApproval => "投稿が了承を待っている（所属長へ）",
        MailKind.PostAwaitingCheck => "投稿が同僚の確認を待っている（所属の職員へ）",
        MailKind.RequestSubmitted => "掲載・改訂・削除の依頼が届いた（市広報担当へ）",
        MailKind.AccountListedOrClosed => "アカウントが掲載・削除された（所属へ: 様式3・様式5へのリンク付き）",
        MailKind.PostSentBack => "自分の投稿が差し戻された・取りやめになった（作成者へ）",
        MailKind.PostApproved => "自分の投稿が了承された（作成者へ）",
        MailKind.Incident => "インシデントが登録された",
        MailKind.UnapprovedPost => "未承認の投稿が見つかった",
        MailKind.PublishingPause => "発信が一時停止された",
        MailKind.FailedSend => "発信に失敗した・要確認になった",
        _ => kind.ToString(),
    };
}

/// <summary>One person's choice of the hand-off mails they do not want. One row per user; absent means every mail.</summary>
public sealed class MailPreference
{
    public const int MaxOff = 400;

    private MailPreference() { }

    public MailPreference(string userId)
    {
        UserId = userId;
    }

    public string UserId { get; private set; } = "";

    /// <summary>The kinds turned off, comma separated (e.g. "PostApproved,PostAwaitingCheck").</summary>
    public string Off { get; private set; } = "";

    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; private set; }

    public IReadOnlySet<MailKind> TurnedOff =>
        Off.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => Enum.TryParse<MailKind>(s, out var k) ? k : (MailKind?)null)
            .OfType<MailKind>().Where(MailKinds.CanTurnOff).ToHashSet();

    public bool Wants(MailKind kind) => !MailKinds.CanTurnOff(kind) || !TurnedOff.Contains(kind);

    /// <summary>Only the person themself chooses; a trouble mail cannot be turned off.</summary>
    public void Set(Actor by, IEnumerable<MailKind> off, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(by);
        ArgumentNullException.ThrowIfNull(off);
        if (by.UserId != UserId)
        {
            throw new DomainForbiddenException("ほかの人の通知の設定は変更できません。");
        }
        var kinds = off.Distinct().ToList();
        var trouble = kinds.Where(k => !MailKinds.CanTurnOff(k)).ToList();
        if (trouble.Count > 0)
        {
            throw new DomainRuleException($"「{MailKinds.Label(trouble[0])}」の通知は止められません。{MailKinds.CannotTurnOffReason}", "mail-trouble-always");
        }
        Off = string.Join(",", kinds.Order().Select(k => k.ToString()));
        UpdatedAt = at;
        Version++;
    }
}
