using System.Text.Json;
using MuniSocial.Domain;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Publishing;
using static MuniSocial.Tests.Support.TableData;

namespace MuniSocial.Tests.Domain.Publishing;

/// <summary>
/// Who may connect, replace and disconnect an account (the section head of its section, §5(2)ア), and when: not a closed
/// account, not a platform without a connector. A refusal names why and changes nothing; a change is audited once,
/// with the public fields and never the secrets.
/// </summary>
public sealed class AccountConnectionTests
{
    private const string Refusal = "発信の接続情報を登録・変更・解除できるのは、アカウントの所属の所属長です。";
    private static readonly Dictionary<string, string> LinePublic = [];
    private static readonly Dictionary<string, string> XPublic = new() { ["userId"] = "1234567890" };

    public static TheoryData<string> NotTheHead => ["operator", "pr", "admin", "other-head"];

    private static Actor Who(string who) => who switch
    {
        "operator" => Operator,
        "pr" => Pr,
        "admin" => Admin,
        "other-head" => OtherHead,
        _ => Head,
    };

    [Theory]
    [MemberData(nameof(NotTheHead))]
    public void Only_the_head_of_the_accounts_section_connects(string who)
    {
        var account = ListedAccount("名寄市X", "https://x.com/nayoro_conn");
        var ex = Assert.Throws<DomainForbiddenException>(() => AccountConnection.Connect(Who(who), account, XPublic, "cipher", T0));
        Assert.Equal(Refusal, ex.Message);
    }

    [Theory]
    [MemberData(nameof(NotTheHead))]
    public void Only_the_head_replaces_or_disconnects_and_a_refusal_changes_nothing(string who)
    {
        var account = ListedAccount("名寄市X", "https://x.com/nayoro_conn");
        var connection = AccountConnection.Connect(Head, account, XPublic, "cipher", T0);
        connection.ClearPendingAudit();
        Assert.Equal(Refusal, Assert.Throws<DomainForbiddenException>(() => connection.Replace(Who(who), account, new Dictionary<string, string> { ["userId"] = "9" }, "other", T1)).Message);
        Assert.Equal(Refusal, Assert.Throws<DomainForbiddenException>(() => connection.Disconnect(Who(who), account, T1)).Message);
        Assert.Equal("cipher", connection.ProtectedSecrets);
        Assert.Equal("1234567890", connection.Public["userId"]);
        Assert.Equal(0, connection.Version);
        Assert.Empty(connection.PendingAudit);
    }

    [Fact]
    public void The_head_connects_and_the_audit_keeps_the_public_fields_not_the_secrets()
    {
        var account = ListedAccount("名寄市X", "https://x.com/nayoro_conn");
        var connection = AccountConnection.Connect(Head, account, XPublic, "cipher-of-the-secrets", T0);
        Assert.Equal(ConnectionState.Active, connection.State);
        Assert.Equal(Platform.X, connection.Platform);
        Assert.Equal(account.Id, connection.AccountId);
        Assert.Equal(Head.Name, connection.ConnectedByName);
        Assert.Equal(T0, connection.ConnectedAt);
        var audit = Assert.Single(connection.PendingAudit);
        Assert.Equal("connection.connected", audit.Action);
        Assert.Null(audit.Before);
        Assert.Contains("1234567890", audit.After, StringComparison.Ordinal);
        Assert.DoesNotContain("cipher", audit.After, StringComparison.Ordinal);
    }

    [Fact]
    public void Replacing_makes_a_broken_connection_active_again_and_clears_the_error()
    {
        var account = ListedAccount("名寄市LINE", "https://lin.ee/nayoroconn", platform: Platform.Line);
        var connection = AccountConnection.Connect(Head, account, LinePublic, "old", T0);
        connection.MarkBroken("Authentication failed. Confirm that the access token in the authorization header is valid.", T0.AddHours(1));
        Assert.Equal(ConnectionState.Broken, connection.State);
        connection.ClearPendingAudit();
        connection.Replace(Head, account, LinePublic, "new", T1);
        Assert.Equal(ConnectionState.Active, connection.State);
        Assert.Null(connection.LastError);
        Assert.Null(connection.LastErrorAt);
        Assert.Equal("new", connection.ProtectedSecrets);
        var audit = Assert.Single(connection.PendingAudit);
        Assert.Equal("connection.replaced", audit.Action);
        Assert.Equal("Broken", JsonDocument.Parse(audit.Before!).RootElement.GetProperty("state").GetString());
        Assert.Equal("Active", JsonDocument.Parse(audit.After!).RootElement.GetProperty("state").GetString());
        Assert.DoesNotContain("new", audit.After, StringComparison.Ordinal);
    }

    [Fact]
    public void A_closed_account_is_neither_connected_nor_given_new_credentials_but_may_be_disconnected()
    {
        var account = ListedAccount("名寄市X", "https://x.com/nayoro_conn");
        var connection = AccountConnection.Connect(Head, account, XPublic, "cipher", T0);
        account.RequestDelisting(Head, new DateOnly(2026, 6, 1), "運用を終了したため。", true, T0.AddHours(5));
        account.Delist(Pr, T0.AddHours(6));
        var connect = Assert.Throws<DomainRuleException>(() => AccountConnection.Connect(Head, account, XPublic, "cipher", T1));
        Assert.Equal(("account-closed", "運用を終了したアカウントには接続できません。"), (connect.Rule, connect.Message));
        connection.ClearPendingAudit();
        var replace = Assert.Throws<DomainRuleException>(() => connection.Replace(Head, account, XPublic, "other", T1));
        Assert.Equal(("account-closed", "運用を終了したアカウントの接続情報は変更できません。接続を解除してください。"), (replace.Rule, replace.Message));
        Assert.Equal("cipher", connection.ProtectedSecrets);
        connection.Disconnect(Head, account, T1);
        Assert.Equal("connection.disconnected", Assert.Single(connection.PendingAudit).Action);
    }

    [Theory]
    [InlineData(Platform.Instagram, "Instagram")]
    [InlineData(Platform.YouTube, "YouTube")]
    [InlineData(Platform.TikTok, "TikTok")]
    public void A_platform_without_a_connector_is_refused(Platform platform, string label)
    {
        var account = ListedAccount("名寄市" + label, $"https://www.{label.ToLowerInvariant()}.com/@nayoroconn", platform: platform);
        Assert.Equal(PlatformConnectability.NotSupported, AccountConnection.Connectability(account));
        var ex = Assert.Throws<DomainRuleException>(() => AccountConnection.Connect(Head, account, new Dictionary<string, string>(), "cipher", T0));
        Assert.Equal(("platform-not-connectable", $"{label}は自動発信に対応していません。発信はプラットフォームで行い、公開を記録してください。"), (ex.Rule, ex.Message));
    }

    [Theory]
    [InlineData(Platform.Line, false, true)]
    [InlineData(Platform.X, true, false)]
    [InlineData(Platform.Facebook, true, false)]
    [InlineData(Platform.Bluesky, true, true)]
    [InlineData(Platform.Mastodon, true, true)]
    public void The_watch_and_idempotency_per_platform(Platform platform, bool watched, bool idempotencyKey)
    {
        Assert.Equal(watched, AccountConnection.WatchCovers(platform));
        Assert.Equal(idempotencyKey, AccountConnection.HasIdempotencyKey(platform));
    }
}
