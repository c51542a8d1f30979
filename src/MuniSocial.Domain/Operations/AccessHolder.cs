using System.Text.Json;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Audit;

namespace MuniSocial.Domain.Operations;

/// <summary>How a staff member can act on the platform for an account.</summary>
public enum AccessKind
{
    /// <summary>The staff member's personal platform account linked as page admin/editor (§2 個人アカウントと連携した場合, §4 その他).</summary>
    LinkedPersonalAccount,

    /// <summary>Keeps the ID/password of the account's login.</summary>
    CredentialKeeper,
}

/// <summary>The role a linked personal account has on the platform (Facebook page roles, LINE 公式アカウントの権限 …).</summary>
public enum PlatformRole
{
    Admin,
    Editor,
    Moderator,
    Analyst,
    Other,
}

/// <summary>How a holding ended.</summary>
public enum AccessRemoval
{
    /// <summary>「権限を削除した」: the access was taken away on the platform (or the password changed).</summary>
    Removed,

    /// <summary>「引き継いだ」: handed over to another staff member of the section, who becomes the holder.</summary>
    HandedOver,
}

/// <summary>Why a holding must be removed: its holder no longer belongs to the account's section.</summary>
public enum RemovalNeed
{
    None,
    Transferred,
    Left,
}

public static class AccessLabels
{
    public static string Of(AccessKind k) => k switch
    {
        AccessKind.LinkedPersonalAccount => "個人アカウントの連携（ページ管理者等）",
        AccessKind.CredentialKeeper => "ID・パスワードの保管",
        _ => k.ToString(),
    };

    public static string Of(PlatformRole r) => r switch
    {
        PlatformRole.Admin => "管理者",
        PlatformRole.Editor => "編集者・投稿者",
        PlatformRole.Moderator => "モデレーター・運営担当者",
        PlatformRole.Analyst => "閲覧・分析のみ",
        PlatformRole.Other => "その他",
        _ => r.ToString(),
    };

    public static string Of(AccessRemoval r) => r switch
    {
        AccessRemoval.Removed => "権限を削除した",
        AccessRemoval.HandedOver => "引き継いだ",
        _ => r.ToString(),
    };

    public static string Of(RemovalNeed n) => n switch
    {
        RemovalNeed.Transferred => "異動",
        RemovalNeed.Left => "退職・利用停止",
        _ => "",
    };
}

/// <summary>What the section enters for a new holder. Field names are the API's.</summary>
public sealed record AccessHolderInput(AccessKind? Kind, string? UserId, string? PlatformHandle, PlatformRole? PlatformRole, string? Note)
{
    public const int HandleMax = 200;
    public const int NoteMax = 1000;
}

/// <summary>What the section enters when a holding ends.</summary>
public sealed record AccessRemovalInput(AccessRemoval? How, string? SuccessorUserId, string? SuccessorHandle, string? Note);

/// <summary>
/// An access holder (§2 個人アカウントと連携した場合, §4 その他, §5(3)イ 乗っ取り等のリスク): a staff member who
/// can act on the platform for an account — through their personal account linked as page admin/editor, or
/// by keeping the account's ID/password. The holding stays until the section records that it was removed
/// or handed over; while the holder is no longer staff of the owning section (transferred, or left) it is
/// 「要削除」 — derived from the user as they are now, never stored, so that a transfer shows at once.
/// </summary>
public sealed class AccessHolder : AuditedEntity
{
    private AccessHolder() { }

    public Guid Id { get; private set; }
    public Guid AccountId { get; private set; }
    public AccessKind Kind { get; private set; }
    public string UserId { get; private set; } = "";

    /// <summary>The holder's name when recorded (the user's current name is shown where known).</summary>
    public string UserName { get; private set; } = "";

    /// <summary>The personal platform account (handle / URL / 表示名) that is linked; only for <see cref="AccessKind.LinkedPersonalAccount"/>.</summary>
    public string? PlatformHandle { get; private set; }
    public PlatformRole? PlatformRole { get; private set; }
    public string? Note { get; private set; }
    public DateTimeOffset AddedAt { get; private set; }
    public string AddedById { get; private set; } = "";
    public string AddedByName { get; private set; } = "";

    /// <summary>The holder this one took over from (a hand-over).</summary>
    public Guid? HandedOverFromId { get; private set; }

    public DateTimeOffset? RemovedAt { get; private set; }
    public string? RemovedById { get; private set; }
    public string? RemovedByName { get; private set; }
    public AccessRemoval? Removal { get; private set; }
    public string? RemovalNote { get; private set; }
    public Guid? SuccessorId { get; private set; }

    public bool IsCurrent => RemovedAt is null;

    /// <summary>
    /// 「要削除」: a current holding whose holder is no longer staff of the account's section — transferred
    /// (their section is now another) or left (deactivated).
    /// </summary>
    public static RemovalNeed NeedOf(bool current, Guid accountSectionId, Guid? userSectionId, bool userActive) =>
        !current ? RemovalNeed.None
        : !userActive ? RemovalNeed.Left
        : userSectionId != accountSectionId ? RemovalNeed.Transferred
        : RemovalNeed.None;

    /// <summary>
    /// Records a holder. <paramref name="holder"/> is the staff member named by <see cref="AccessHolderInput.UserId"/>
    /// if they are active staff of the account's section (null otherwise); <paramref name="current"/> the account's current holdings.
    /// </summary>
    public static AccessHolder Add(Actor by, SocialAccount account, AccessHolderInput input, StaffMember? holder,
        IReadOnlyCollection<AccessHolder> current, DateTimeOffset at, string? offsiteReason = null)
    {
        RequireStaff(by, account);
        if (account.Status == AccountStatus.Closed)
        {
            throw new DomainRuleException("運用終了したアカウントには権限を持つ職員を登録できません。", "account-closed");
        }
        var errors = new Dictionary<string, string[]>();
        if (input.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            errors["kind"] = ["権限の種類（個人アカウントの連携／ID・パスワードの保管）を選んでください。"];
            kind = AccessKind.CredentialKeeper;
        }
        if (string.IsNullOrWhiteSpace(input.UserId))
        {
            errors["userId"] = ["権限を持つ職員を選んでください。"];
        }
        else if (holder is null || holder.UserId != input.UserId || holder.SectionId != account.SectionId)
        {
            errors["userId"] = ["権限を持つ職員には、このアカウントの所属の職員（有効な利用者）を選んでください。"];
        }
        string? handle = null;
        PlatformRole? role = null;
        if (kind == AccessKind.LinkedPersonalAccount)
        {
            handle = Text(input.PlatformHandle, AccessHolderInput.HandleMax, "platformHandle", "連携する個人アカウント", errors);
            if (handle is null && !errors.ContainsKey("platformHandle"))
            {
                errors["platformHandle"] = ["連携している職員の個人アカウント（ユーザー名・URL等）を入力してください。"];
            }
            if (input.PlatformRole is not { } r || !Enum.IsDefined(r))
            {
                errors["platformRole"] = ["媒体上の権限（管理者・編集者など）を選んでください。"];
            }
            else
            {
                role = r;
            }
        }
        var note = Text(input.Note, AccessHolderInput.NoteMax, "note", "備考", errors);
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }
        if (current.Any(h => h.IsCurrent && h.AccountId == account.Id && h.Kind == kind && h.UserId == holder!.UserId
                && string.Equals(h.PlatformHandle, handle, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DomainRuleException($"{holder!.Name}さんは既にこのアカウントの「{AccessLabels.Of(kind)}」として登録されています。", "already-holder");
        }
        var created = Create(account.Id, kind, holder!, handle, role, note, by, at, null);
        created.Audit(new AuditRecord("access-holder.added", nameof(SocialAccount), account.Id.ToString(), by.UserId, by.Name, at, null,
            created.Snapshot(), OffsiteAuditReason(offsiteReason)));
        return created;
    }

    /// <summary>
    /// Records that the holding ended: 「権限を削除した」, or 「引き継いだ」 to <paramref name="successor"/> (active staff of
    /// the section, not the holder), who is returned as the new holder to be saved in the same save.
    /// </summary>
    public AccessHolder? RecordRemoval(Actor by, SocialAccount account, AccessRemovalInput input, StaffMember? successor,
        IReadOnlyCollection<AccessHolder> current, DateTimeOffset at, string? offsiteReason = null)
    {
        RequireStaff(by, account);
        if (account.Id != AccountId)
        {
            throw new DomainRuleException("この権限は別のアカウントのものです。", "wrong-account");
        }
        if (!IsCurrent)
        {
            throw new DomainRuleException($"{UserName}さんの権限は既に{Wareki.Format(Wareki.TodayIn(RemovedAt!.Value))}に「{AccessLabels.Of(Removal!.Value)}」と記録されています。", "already-removed");
        }
        var errors = new Dictionary<string, string[]>();
        if (input.How is not { } how || !Enum.IsDefined(how))
        {
            errors["how"] = ["「権限を削除した」か「引き継いだ」かを選んでください。"];
            how = AccessRemoval.Removed;
        }
        string? successorHandle = null;
        if (how == AccessRemoval.HandedOver)
        {
            if (string.IsNullOrWhiteSpace(input.SuccessorUserId))
            {
                errors["successorUserId"] = ["引き継ぐ職員を選んでください。"];
            }
            else if (input.SuccessorUserId == UserId)
            {
                errors["successorUserId"] = ["引き継ぐ職員には、今の権限者とは別の職員を選んでください。"];
            }
            else if (successor is null || successor.UserId != input.SuccessorUserId || successor.SectionId != account.SectionId)
            {
                errors["successorUserId"] = ["引き継ぐ職員には、このアカウントの所属の職員（有効な利用者）を選んでください。"];
            }
            if (Kind == AccessKind.LinkedPersonalAccount)
            {
                successorHandle = Text(input.SuccessorHandle, AccessHolderInput.HandleMax, "successorHandle", "引き継ぐ職員の個人アカウント", errors);
                if (successorHandle is null && !errors.ContainsKey("successorHandle"))
                {
                    errors["successorHandle"] = ["引き継ぐ職員の、連携する個人アカウント（ユーザー名・URL等）を入力してください。"];
                }
            }
        }
        var note = Text(input.Note, AccessHolderInput.NoteMax, "note", "備考", errors);
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }
        if (how == AccessRemoval.HandedOver && current.Any(h => h.IsCurrent && h.Id != Id && h.Kind == Kind && h.UserId == successor!.UserId
                && string.Equals(h.PlatformHandle, successorHandle, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DomainRuleException($"{successor!.Name}さんは既にこのアカウントの「{AccessLabels.Of(Kind)}」として登録されています。引き継ぎではなく「権限を削除した」を記録してください。", "already-holder");
        }
        var before = Snapshot();
        AccessHolder? next = null;
        if (how == AccessRemoval.HandedOver)
        {
            next = Create(AccountId, Kind, successor!, successorHandle, PlatformRole, Note, by, at, Id);
            SuccessorId = next.Id;
        }
        RemovedAt = at;
        RemovedById = by.UserId;
        RemovedByName = by.Name;
        Removal = how;
        RemovalNote = note;
        var action = how == AccessRemoval.HandedOver ? "access-holder.handed-over" : "access-holder.removed";
        Audit(new AuditRecord(action, nameof(SocialAccount), AccountId.ToString(), by.UserId, by.Name, at, before,
            JsonSerializer.Serialize(new
            {
                holder = UserName,
                kind = Kind.ToString(),
                platformHandle = PlatformHandle,
                removal = how.ToString(),
                note,
                successor = next is null ? null : new { next.UserName, next.PlatformHandle, holderId = next.Id },
            }, PolicyVersion.SnapshotOptions), OffsiteAuditReason(offsiteReason)));
        return next;
    }

    private static AccessHolder Create(Guid accountId, AccessKind kind, StaffMember holder, string? handle, PlatformRole? role, string? note,
        Actor by, DateTimeOffset at, Guid? from) => new()
        {
            Id = Guid.CreateVersion7(),
            AccountId = accountId,
            Kind = kind,
            UserId = holder.UserId,
            UserName = holder.Name,
            PlatformHandle = kind == AccessKind.LinkedPersonalAccount ? handle : null,
            PlatformRole = kind == AccessKind.LinkedPersonalAccount ? role : null,
            Note = note,
            AddedAt = at,
            AddedById = by.UserId,
            AddedByName = by.Name,
            HandedOverFromId = from,
        };

    public string Snapshot() => JsonSerializer.Serialize(new
    {
        holderId = Id,
        holder = UserName,
        userId = UserId,
        kind = Kind.ToString(),
        platformHandle = PlatformHandle,
        platformRole = PlatformRole?.ToString(),
        note = Note,
        handedOverFrom = HandedOverFromId,
        removal = Removal?.ToString(),
    }, PolicyVersion.SnapshotOptions);

    internal static void RequireStaff(Actor by, SocialAccount account)
    {
        if (!by.IsStaffOf(account.SectionId))
        {
            throw new DomainForbiddenException("アクセス権限の記録は、そのアカウントの所属の担当者または所属長が行います。");
        }
    }

    internal static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The audit reason of an action from outside the office networks: marked so that the head's offsite list finds it.</summary>
    internal static string? OffsiteAuditReason(string? offsiteReason) => Clean(offsiteReason) is { } r ? OffsiteWork.AuditReason(r) : null;

    private static string? Text(string? value, int max, string field, string label, Dictionary<string, string[]> errors)
    {
        var text = Clean(value);
        if (text is not null && text.Length > max)
        {
            errors[field] = [$"{label}は{max}文字以内で入力してください（現在{text.Length}文字）。"];
        }
        return text;
    }
}

/// <summary>
/// Whether the account's login is protected by two-factor authentication, and who receives the codes.
/// One row per account; absent = not recorded yet. Off (or not recorded) is a warning on the board.
/// </summary>
public sealed class AccountTwoFactor : AuditedEntity
{
    public const int RecipientMax = 200;

    private AccountTwoFactor() { }

    public Guid AccountId { get; private set; }
    public bool Enabled { get; private set; }

    /// <summary>Who receives the codes (a person, or the section's phone / authenticator app).</summary>
    public string? CodeRecipient { get; private set; }
    public DateTimeOffset SetAt { get; private set; }
    public string SetById { get; private set; } = "";
    public string SetByName { get; private set; } = "";

    /// <summary>Sets the state; <paramref name="existing"/> is the account's row if there is one (it is changed and returned).</summary>
    public static AccountTwoFactor Set(Actor by, SocialAccount account, AccountTwoFactor? existing, bool? enabled, string? codeRecipient,
        DateTimeOffset at, string? offsiteReason = null)
    {
        AccessHolder.RequireStaff(by, account);
        var errors = new Dictionary<string, string[]>();
        var recipient = AccessHolder.Clean(codeRecipient);
        if (enabled is null)
        {
            errors["enabled"] = ["二段階認証が有効か無効かを選んでください。"];
        }
        else if (enabled.Value && recipient is null)
        {
            errors["codeRecipient"] = ["二段階認証のコードを受け取る人・端末を入力してください。"];
        }
        if (recipient is not null && recipient.Length > RecipientMax)
        {
            errors["codeRecipient"] = [$"コードの受け取り先は{RecipientMax}文字以内で入力してください（現在{recipient.Length}文字）。"];
        }
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }
        var row = existing ?? new AccountTwoFactor { AccountId = account.Id };
        var before = existing is null ? null : row.Snapshot();
        row.Enabled = enabled!.Value;
        row.CodeRecipient = row.Enabled ? recipient : null;
        row.SetAt = at;
        row.SetById = by.UserId;
        row.SetByName = by.Name;
        var after = row.Snapshot();
        if (before == after)
        {
            throw new DomainRuleException("二段階認証の設定は変わっていません。", "no-change");
        }
        row.Audit(new AuditRecord("two-factor.set", nameof(SocialAccount), account.Id.ToString(), by.UserId, by.Name, at, before, after,
            AccessHolder.OffsiteAuditReason(offsiteReason)));
        return row;
    }

    public string Snapshot() => JsonSerializer.Serialize(new { enabled = Enabled, codeRecipient = CodeRecipient }, PolicyVersion.SnapshotOptions);
}
