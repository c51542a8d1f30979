using System.Text.Json;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Audit;

namespace MuniSocial.Domain.Publishing;

/// <summary>Whether the connector can be used.</summary>
public enum ConnectionState
{
    /// <summary>Sends and reads.</summary>
    Active,

    /// <summary>The platform refused the credentials for good (expired or revoked token): nothing is sent until the head enters new ones.</summary>
    Broken,
}

/// <summary>
/// An account's connector: the platform's credentials (encrypted by the web app with ASP.NET Core Data Protection before
/// they reach this entity — the domain only ever holds the ciphertext), the non-secret identifiers shown on the page
/// (a page id, a handle, a server URL), and the state of sending and of the watch. Only the section head of the
/// account's section connects, replaces or disconnects (§5(2)ア: the head answers for the account); every change is
/// audited without the secrets. One connection per account.
/// </summary>
public sealed class AccountConnection : AuditedEntity
{
    private AccountConnection() { }

    public Guid Id { get; private set; }
    public Guid AccountId { get; private set; }
    public Guid SectionId { get; private set; }
    public Platform Platform { get; private set; }

    /// <summary>The secrets as a Data Protection ciphertext (JSON of name → value inside). Never shown, never audited.</summary>
    public string ProtectedSecrets { get; private set; } = "";

    /// <summary>The non-secret fields (JSON object name → value): pageId, userId, handle, instanceUrl.</summary>
    public string PublicJson { get; private set; } = "{}";

    public ConnectionState State { get; private set; }
    public string ConnectedById { get; private set; } = "";
    public string ConnectedByName { get; private set; } = "";
    public DateTimeOffset ConnectedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The platform's own message of the last permanent failure (shown to the operator and the head).</summary>
    public string? LastError { get; private set; }
    public DateTimeOffset? LastErrorAt { get; private set; }

    /// <summary>When the watch last read the account back, and what went wrong then (null when it worked).</summary>
    public DateTimeOffset? LastWatchedAt { get; private set; }
    public string? LastWatchError { get; private set; }
    public int Version { get; private set; }

    public IReadOnlyDictionary<string, string> Public => JsonSerializer.Deserialize<Dictionary<string, string>>(PublicJson) ?? [];

    /// <summary>Whether the watch can read the platform back (LINE's Messaging API does not list past broadcasts).</summary>
    public static bool WatchCovers(Platform platform) => platform is Platform.X or Platform.Facebook or Platform.Bluesky or Platform.Mastodon;

    /// <summary>
    /// Whether the platform deduplicates a resent request by a key of ours (LINE X-Line-Retry-Key, Mastodon Idempotency-Key,
    /// Bluesky: a record key derived from the publication, under which a repository holds one record only).
    /// </summary>
    public static bool HasIdempotencyKey(Platform platform) => platform is Platform.Line or Platform.Mastodon or Platform.Bluesky;

    /// <summary>Who may connect, replace or disconnect: the section head of the account's section.</summary>
    public static void EnsureMayManage(Actor by, SocialAccount account)
    {
        ArgumentNullException.ThrowIfNull(by);
        ArgumentNullException.ThrowIfNull(account);
        if (!by.IsHeadOf(account.SectionId))
        {
            throw new DomainForbiddenException("発信の接続情報を登録・変更・解除できるのは、アカウントの所属の所属長です。");
        }
    }

    /// <summary>
    /// Connects an account. <paramref name="publicFields"/> and <paramref name="protectedSecrets"/> come from
    /// <see cref="ConnectionFields.Validate"/> (the secrets then protected by the caller).
    /// </summary>
    public static AccountConnection Connect(Actor by, SocialAccount account, IReadOnlyDictionary<string, string> publicFields, string protectedSecrets, DateTimeOffset at)
    {
        EnsureMayManage(by, account);
        var platform = PlatformOf(account);
        if (account.Status == AccountStatus.Closed)
        {
            throw new DomainRuleException("運用を終了したアカウントには接続できません。", "account-closed");
        }
        var connection = new AccountConnection
        {
            Id = Guid.CreateVersion7(),
            AccountId = account.Id,
            SectionId = account.SectionId,
            Platform = platform,
            State = ConnectionState.Active,
            ConnectedAt = at,
        };
        connection.SetCredentials(by, publicFields, protectedSecrets, at);
        connection.Record(by, at, "connection.connected", null, connection.Snapshot());
        return connection;
    }

    /// <summary>The head enters new credentials (a new token after the old one expired): the connection is Active again.</summary>
    public void Replace(Actor by, SocialAccount account, IReadOnlyDictionary<string, string> publicFields, string protectedSecrets, DateTimeOffset at)
    {
        EnsureMayManage(by, account);
        ArgumentNullException.ThrowIfNull(account);
        if (account.Status == AccountStatus.Closed)
        {
            throw new DomainRuleException("運用を終了したアカウントの接続情報は変更できません。接続を解除してください。", "account-closed");
        }
        var before = Snapshot();
        SetCredentials(by, publicFields, protectedSecrets, at);
        State = ConnectionState.Active;
        LastError = null;
        LastErrorAt = null;
        Version++;
        Record(by, at, "connection.replaced", before, Snapshot());
    }

    /// <summary>The head disconnects: the caller removes the row in the same save; the audit keeps the fact.</summary>
    public void Disconnect(Actor by, SocialAccount account, DateTimeOffset at)
    {
        EnsureMayManage(by, account);
        Record(by, at, "connection.disconnected", Snapshot(), null);
    }

    /// <summary>A platform rotated the tokens (X's OAuth 2.0 refresh): stored at once so that the next call uses them. Audited as the system.</summary>
    public void RotateSecrets(string protectedSecrets, DateTimeOffset at)
    {
        ProtectedSecrets = protectedSecrets;
        UpdatedAt = at;
        Version++;
        Audit(new AuditRecord("connection.token-refreshed", nameof(AccountConnection), Id.ToString(), "system", "自動処理（発信の接続）", at, null,
            JsonSerializer.Serialize(new { platform = Platform.ToString() })));
    }

    /// <summary>A permanent refusal of the credentials: sending stops until <see cref="Replace"/>; the message is the platform's own.</summary>
    public void MarkBroken(string platformMessage, DateTimeOffset at)
    {
        if (State == ConnectionState.Broken && LastError == Trim(platformMessage))
        {
            return;
        }
        State = ConnectionState.Broken;
        LastError = Trim(platformMessage);
        LastErrorAt = at;
        UpdatedAt = at;
        Version++;
        Audit(new AuditRecord("connection.broken", nameof(AccountConnection), Id.ToString(), "system", "自動処理（発信の接続）", at, null,
            JsonSerializer.Serialize(new { platform = Platform.ToString(), error = LastError })));
    }

    /// <summary>A read-back by the watch; <paramref name="error"/> null when it worked.</summary>
    public void MarkWatched(DateTimeOffset at, string? error)
    {
        LastWatchedAt = at;
        LastWatchError = error is null ? null : Trim(error);
    }

    public static PlatformConnectability Connectability(SocialAccount account)
    {
        var platform = account.AcceptedPolicy?.Platform ?? account.CurrentPolicy.Platform;
        return platform is { } p && ConnectionFields.IsConnectable(p) ? PlatformConnectability.Connectable : PlatformConnectability.NotSupported;
    }

    /// <summary>
    /// The platform a connection of the account is for (the accepted policy's, else the draft's), or the refusal
    /// "platform-not-connectable": no platform chosen yet, or one without a connector (Instagram, YouTube, TikTok, その他).
    /// </summary>
    public static Platform PlatformOf(SocialAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var platform = account.AcceptedPolicy?.Platform ?? account.CurrentPolicy.Platform
            ?? throw new DomainRuleException("運用ポリシーで利用するソーシャルメディアを選んでから接続してください。", "platform-not-connectable");
        if (!ConnectionFields.IsConnectable(platform))
        {
            throw new DomainRuleException($"{Labels.Of(platform)}は自動発信に対応していません。発信はプラットフォームで行い、公開を記録してください。", "platform-not-connectable");
        }
        return platform;
    }

    private void SetCredentials(Actor by, IReadOnlyDictionary<string, string> publicFields, string protectedSecrets, DateTimeOffset at)
    {
        PublicJson = JsonSerializer.Serialize(publicFields);
        ProtectedSecrets = protectedSecrets;
        ConnectedById = by.UserId;
        ConnectedByName = by.Name;
        UpdatedAt = at;
    }

    private static string Trim(string text) => text.Length > 1000 ? text[..1000] : text;

    /// <summary>What the audit keeps: the platform and the public fields, never a secret.</summary>
    private string Snapshot() => JsonSerializer.Serialize(new { accountId = AccountId, platform = Platform.ToString(), fields = Public, state = State.ToString() });

    private void Record(Actor by, DateTimeOffset at, string action, string? before, string? after) =>
        Audit(new AuditRecord(action, nameof(AccountConnection), Id.ToString(), by.UserId, by.Name, at, before, after));
}

public enum PlatformConnectability
{
    Connectable,
    NotSupported,
}
