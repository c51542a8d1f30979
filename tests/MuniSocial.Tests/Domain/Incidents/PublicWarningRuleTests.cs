using MuniSocial.Domain;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Incidents;
using MuniSocial.Tests.Support;
using static MuniSocial.Tests.Support.TableData;

namespace MuniSocial.Tests.Domain.Incidents;

/// <summary>
/// §5(5)イ(イ): who may publish and withdraw a public warning, from which incidents, and what each records. A refusal
/// changes nothing; a success queues exactly one audit record on the warning.
/// </summary>
public sealed class PublicWarningRuleTests
{
    private const string Fake = "https://x.com/nayoro_fake_rule";

    private static SocialAccount Listed() =>
        TableData.ListedAccount("名寄市注意喚起テスト", "https://x.com/nayoro_warning_rule");

    private static Incident Open(IncidentKind kind) => kind switch
    {
        IncidentKind.Impersonation => Incident.Open(Pr, kind, null, "偽アカウントを発見。", Fake, T0),
        _ => Incident.Open(Operator, kind, Listed(), "トラブルが発生。", null, T0),
    };

    public static TheoryData<string> NotPr => ["operator", "head", "admin", "other-head"];

    private static Actor Who(string who) => who switch
    {
        "operator" => Operator,
        "head" => Head,
        "admin" => Admin,
        _ => OtherHead,
    };

    [Theory]
    [MemberData(nameof(NotPr))]
    public void Only_the_pr_office_publishes_and_withdraws(string who)
    {
        var incident = Open(IncidentKind.Impersonation);
        var steps = incident.Steps.Count;
        var ex = Assert.Throws<DomainForbiddenException>(() => PublicWarning.Publish(Who(who), incident, "注意", "本文", T1));
        Assert.Equal("注意喚起を公開できるのは市広報担当です。", ex.Message);
        Assert.Equal(steps, incident.Steps.Count);

        var warning = PublicWarning.Publish(Pr, incident, "注意", "本文", T1);
        warning.ClearPendingAudit();
        Assert.Throws<DomainForbiddenException>(() => warning.Withdraw(Who(who), "理由", T1));
        Assert.True(warning.IsPublished);
        Assert.Empty(warning.PendingAudit);
    }

    [Theory]
    [InlineData(IncidentKind.Flaming)]
    [InlineData(IncidentKind.FalseInformation)]
    [InlineData(IncidentKind.WrongPost)]
    [InlineData(IncidentKind.Other)]
    public void Other_kinds_of_incident_have_no_public_warning(IncidentKind kind)
    {
        var incident = Open(kind);
        var ex = Assert.Throws<DomainRuleException>(() => PublicWarning.Publish(Pr, incident, "注意", "本文", T1));
        Assert.Equal("warning-kind", ex.Rule);
        Assert.Contains($"（このインシデント: {Incident.Label(kind)}）", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_impersonation_warning_carries_the_fake_and_a_hijack_warning_the_account_and_since_when()
    {
        var fake = PublicWarning.Publish(Pr, Open(IncidentKind.Impersonation), "偽アカウントにご注意ください", "本文", T1);
        Assert.Equal(WarningKind.Impersonation, fake.Kind);
        Assert.Equal(Fake, fake.FakeUrl);
        Assert.Equal(Incident.NormalizeFake(Fake), fake.FakeUrlNormalized);
        Assert.Null(fake.AccountId);
        var audit = Assert.Single(fake.PendingAudit);
        Assert.Equal("warning.published", audit.Action);

        var hijack = Open(IncidentKind.Hijack);
        var compromised = PublicWarning.Publish(Pr, hijack, "乗っ取られています", "本文", T1);
        Assert.Equal(WarningKind.Compromised, compromised.Kind);
        Assert.Equal(hijack.AccountIds.Single(), compromised.AccountId);
        Assert.Equal(T0, compromised.CompromisedSince);
        Assert.Null(compromised.FakeUrl);
        Assert.Contains(hijack.Steps, s => s.PlaybookItem == "public-warning");
    }

    [Fact]
    public void One_published_warning_at_a_time_and_none_from_a_closed_incident()
    {
        var incident = Open(IncidentKind.Impersonation);
        Assert.Equal("warning-published", Assert.Throws<DomainRuleException>(() => PublicWarning.Publish(Pr, incident, "注意", "本文", T1, alreadyPublished: true)).Rule);
        incident.Close(Pr, "偽アカウントが削除された。", T1, openItemsReason: "試験のため手順は省略した。");
        Assert.Equal("incident-closed", Assert.Throws<DomainRuleException>(() => PublicWarning.Publish(Pr, incident, "注意", "本文", T1)).Rule);
    }

    [Fact]
    public void Title_and_body_are_required_and_bounded()
    {
        var ex = Assert.Throws<DomainValidationException>(() => PublicWarning.Publish(Pr, Open(IncidentKind.Impersonation), " ", new string('あ', PublicWarning.MaxBody + 1), T1));
        Assert.Equal(["注意喚起の見出しを200文字以内で入力してください。"], ex.FieldErrors["title"]);
        Assert.Equal(["注意喚起の本文を4000文字以内で入力してください。"], ex.FieldErrors["body"]);
    }

    [Fact]
    public void A_withdrawal_needs_a_reason_is_audited_once_and_cannot_be_repeated()
    {
        var warning = PublicWarning.Publish(Pr, Open(IncidentKind.Impersonation), "注意", "本文", T0);
        warning.ClearPendingAudit();
        Assert.Equal(["取り下げの理由を1000文字以内で入力してください。"], Assert.Throws<DomainValidationException>(() => warning.Withdraw(Pr, "", T1)).FieldErrors["reason"]);
        Assert.True(warning.IsPublished);

        warning.Withdraw(Pr, "偽アカウントが削除されたため。", T1);
        Assert.False(warning.IsPublished);
        Assert.Equal(T1, warning.WithdrawnAt);
        var audit = Assert.Single(warning.PendingAudit);
        Assert.Equal(("warning.withdrawn", "偽アカウントが削除されたため。"), (audit.Action, audit.Reason));
        Assert.Equal("warning-withdrawn", Assert.Throws<DomainRuleException>(() => warning.Withdraw(Pr, "再度", T1)).Rule);
    }

    [Fact]
    public void The_draft_names_the_fake_or_the_hijacked_account_and_what_citizens_should_do()
    {
        var (title, body) = PublicWarning.Draft(Open(IncidentKind.Impersonation), null, null);
        Assert.Equal("名寄市を名乗る偽アカウントにご注意ください", title);
        Assert.Contains(Fake, body, StringComparison.Ordinal);
        Assert.Contains("個人情報やパスワードを入力したりしないでください", body, StringComparison.Ordinal);

        var (hijackTitle, hijackBody) = PublicWarning.Draft(Open(IncidentKind.Hijack), "名寄市注意喚起テスト", "https://x.com/nayoro_warning_rule");
        Assert.Equal("名寄市公式アカウント「名寄市注意喚起テスト」が乗っ取られています", hijackTitle);
        Assert.Contains("令和8年6月1日から", hijackBody, StringComparison.Ordinal);
    }
}
