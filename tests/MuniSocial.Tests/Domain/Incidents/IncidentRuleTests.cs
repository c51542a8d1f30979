using MuniSocial.Domain;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Incidents;
using MuniSocial.Domain.Operations;
using MuniSocial.Tests.Support;
using static MuniSocial.Tests.Support.TableData;

namespace MuniSocial.Tests.Domain.Incidents;

/// <summary>
/// The rules of <see cref="Incident"/> (§5(5)) × the roles of the tables: who opens, who adds to the timeline, who
/// closes and when — a refusal is the exact exception and message and changes nothing; a success bumps the version
/// and queues one audit record. A hijack is not closed before its access reset, which is checked against the account's
/// access holders and two-factor record.
/// </summary>
public sealed class IncidentRuleTests
{
    public enum Who
    {
        OperatorSameSection,
        HeadSameSection,
        OperatorOtherSection,
        HeadOtherSection,
        PrOffice,
        Admin,
    }

    private static Actor ActorOf(Who who) => who switch
    {
        Who.OperatorSameSection => Operator,
        Who.HeadSameSection => Head,
        Who.OperatorOtherSection => OtherOperator,
        Who.HeadOtherSection => OtherHead,
        Who.PrOffice => Pr,
        _ => Admin,
    };

    private static SocialAccount Listed() =>
        TableData.ListedAccount("名寄市インシデントテスト", "https://x.com/nayoro_incident_test");

    private static Incident Opened(IncidentKind kind = IncidentKind.Flaming, SocialAccount? account = null) =>
        Incident.Open(Operator, kind, account ?? Listed(), "批判が殺到しています。", kind == IncidentKind.Impersonation ? "https://x.com/nayoro_fake" : null, T0);

    [Theory]
    [InlineData(Who.OperatorSameSection, true)]
    [InlineData(Who.HeadSameSection, true)]
    [InlineData(Who.PrOffice, true)]
    [InlineData(Who.OperatorOtherSection, false)]
    [InlineData(Who.HeadOtherSection, false)]
    [InlineData(Who.Admin, false)]
    public void Open_is_for_the_section_and_the_pr_office(Who who, bool allowed)
    {
        var account = Listed();
        if (!allowed)
        {
            var ex = Assert.Throws<DomainForbiddenException>(() => Incident.Open(ActorOf(who), IncidentKind.Flaming, account, "批判が殺到しています。", null, T0));
            Assert.Equal("インシデントを登録できるのは、アカウントの所属の職員または市広報担当です。", ex.Message);
            return;
        }
        var incident = Incident.Open(ActorOf(who), IncidentKind.Flaming, account, "批判が殺到しています。", null, T0);
        Assert.Equal(IncidentStatus.Open, incident.Status);
        Assert.Equal(SectionA, incident.SectionId);
        Assert.Equal([account.Id], incident.AccountIds);
        Assert.Single(incident.Steps);
        Assert.Equal("incident.opened", Assert.Single(incident.PendingAudit).Action);
    }

    [Fact]
    public void Open_without_an_account_is_for_the_pr_office_only()
    {
        var ex = Assert.Throws<DomainForbiddenException>(() => Incident.Open(Operator, IncidentKind.Impersonation, null, "偽物", "https://x.com/fake_nayoro", T0));
        Assert.Equal("アカウントを指定しないインシデントを登録できるのは市広報担当です。", ex.Message);
        var incident = Incident.Open(Pr, IncidentKind.Impersonation, null, "偽物", "https://x.com/fake_nayoro", T0);
        Assert.Equal("https://x.com/fake_nayoro", incident.FakeUrl);
        Assert.NotNull(incident.FakeUrlNormalized);
    }

    [Theory]
    [InlineData(IncidentKind.Impersonation, "", null, "fakeUrl", "なりすましアカウントのURLを入力してください。")]
    [InlineData(IncidentKind.Impersonation, "偽物", "not a url", "fakeUrl", "なりすましアカウントのURLを https:// で始まる形（または @ユーザー名）で入力してください。")]
    [InlineData(IncidentKind.Flaming, "炎上", "https://x.com/fake", "fakeUrl", "なりすましアカウントのURLは、種類が「なりすまし」のときに入力します。")]
    [InlineData(IncidentKind.Flaming, "   ", null, "summary", "何が起きているか（概要）を入力してください。")]
    public void Open_names_the_field_of_bad_input(IncidentKind kind, string summary, string? fake, string field, string message)
    {
        var ex = Assert.Throws<DomainValidationException>(() => Incident.Open(Pr, kind, Listed(), summary, fake, T0));
        Assert.Contains(message, ex.FieldErrors[field]);
    }

    [Theory]
    [InlineData(Who.OperatorSameSection, true)]
    [InlineData(Who.HeadSameSection, true)]
    [InlineData(Who.PrOffice, true)]
    [InlineData(Who.OperatorOtherSection, false)]
    [InlineData(Who.HeadOtherSection, false)]
    [InlineData(Who.Admin, false)]
    public void AddStep_is_for_the_section_and_the_pr_office(Who who, bool allowed)
    {
        var incident = Opened();
        var audits = incident.PendingAudit.Count;
        var version = incident.Version;
        if (!allowed)
        {
            var ex = Assert.Throws<DomainForbiddenException>(() => incident.AddStep(ActorOf(who), IncidentStepKind.Action, "no-rebuttal", "反論しない方針を確認", T1));
            Assert.Equal("経過を記録できるのは、インシデントの所属の職員または市広報担当です。", ex.Message);
            Assert.Equal(version, incident.Version);
            Assert.Single(incident.Steps);
            Assert.Equal(audits, incident.PendingAudit.Count);
            return;
        }
        var step = incident.AddStep(ActorOf(who), IncidentStepKind.Action, "no-rebuttal", "反論しない方針を確認", T1);
        Assert.Equal(version + 1, incident.Version);
        Assert.Equal(step.Id, incident.Checklist().Single(c => c.Item.Code == "no-rebuttal").DoneBy!.Id);
        Assert.Equal(audits + 1, incident.PendingAudit.Count);
        Assert.Equal("incident.step-added", incident.PendingAudit[^1].Action);
    }

    [Fact]
    public void AddStep_refuses_items_of_another_playbook_a_request_without_its_date_and_the_access_reset()
    {
        var flaming = Opened();
        Assert.Contains("「platform-request」は批判・苦情の殺到（炎上）の対応手順にありません。",
            Assert.Throws<DomainValidationException>(() => flaming.AddStep(Operator, IncidentStepKind.Action, "platform-request", "依頼", T1)).FieldErrors["playbookItem"]);
        var fake = Opened(IncidentKind.Impersonation);
        Assert.Contains("プラットフォームの運営者へ削除を依頼した日（依頼日）を入力してください。",
            Assert.Throws<DomainValidationException>(() => fake.AddStep(Operator, IncidentStepKind.Action, "platform-request", "依頼", T1)).FieldErrors["occurredOn"]);
        var step = fake.AddStep(Operator, IncidentStepKind.Action, "platform-request", "削除を依頼", T1, new IncidentStepDetails(" X-123 ", new DateOnly(2026, 6, 1), "調査中"));
        Assert.Equal(("X-123", new DateOnly(2026, 6, 1), "調査中"), (step.Reference, step.OccurredOn, step.Answer));
        var hijack = Opened(IncidentKind.Hijack);
        Assert.True(Assert.Throws<DomainValidationException>(() => hijack.AddStep(Pr, IncidentStepKind.Action, "access-reset", "回復", T1)).FieldErrors.ContainsKey("playbookItem"));
    }

    [Theory]
    [InlineData(Who.OperatorSameSection)]
    [InlineData(Who.HeadSameSection)]
    [InlineData(Who.OperatorOtherSection)]
    [InlineData(Who.Admin)]
    public void Only_the_pr_office_closes(Who who)
    {
        var incident = Opened();
        var ex = Assert.Throws<DomainForbiddenException>(() => incident.Close(ActorOf(who), "収束しました。", T1));
        Assert.Equal("インシデントを終了できるのは市広報担当です。", ex.Message);
        Assert.True(incident.IsOpen);
    }

    [Fact]
    public void Closing_with_required_items_open_needs_the_reason_and_a_closed_incident_takes_no_more_steps()
    {
        var incident = Opened();
        var ex = Assert.Throws<DomainRuleException>(() => incident.Close(Pr, "収束しました。", T1));
        Assert.Equal("playbook-incomplete", ex.Rule);
        Assert.True(ex.FieldErrors.ContainsKey("openItemsReason"));
        Assert.True(incident.IsOpen);
        incident.Close(Pr, "収束しました。", T1, "批判は一日で収まり、協議は不要と判断した。");
        Assert.Equal(IncidentStatus.Closed, incident.Status);
        Assert.Contains("批判は一日で収まり", incident.ClosingNote, StringComparison.Ordinal);
        var closed = Assert.Throws<DomainRuleException>(() => incident.AddStep(Pr, IncidentStepKind.Event, null, "追記", T1));
        Assert.Equal("incident-closed", closed.Rule);
    }

    [Fact]
    public void A_hijack_is_not_closed_before_the_access_reset_even_with_a_reason()
    {
        var incident = Opened(IncidentKind.Hijack);
        var ex = Assert.Throws<DomainRuleException>(() => incident.Close(Pr, "回復しました。", T1, "理由"));
        Assert.Equal("access-reset-required", ex.Rule);
        Assert.True(incident.IsOpen);
    }

    [Fact]
    public void The_access_reset_needs_the_password_every_holder_reviewed_and_two_factor_recorded_after_opening()
    {
        var account = Listed();
        var incident = Opened(IncidentKind.Hijack, account);
        var keeper = AccessHolder.Add(Operator, account, new AccessHolderInput(AccessKind.CredentialKeeper, Operator2.UserId, null, null, null),
            new StaffMember(Operator2.UserId, Operator2.Name, SectionA), [], T0.AddMinutes(-5));
        var linked = AccessHolder.Add(Operator, account, new AccessHolderInput(AccessKind.LinkedPersonalAccount, Operator.UserId, "@kita", PlatformRole.Admin, null),
            new StaffMember(Operator.UserId, Operator.Name, SectionA), [keeper], T0.AddMinutes(-5));
        var before = AccountTwoFactor.Set(Operator, account, null, true, "所属の携帯", T0.AddMinutes(-10));
        var ex = Assert.Throws<DomainValidationException>(() => incident.RecordAccessReset(Operator, new AccessReset(account.Id, [keeper, linked], [keeper.Id], false, before, null), T1));
        Assert.Equal(["holders", "passwordChanged", "twoFactor"], ex.FieldErrors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("未確認: 北 一郎", ex.FieldErrors["holders"][0], StringComparison.Ordinal);
        Assert.False(incident.IsDone("access-reset"));

        var after = AccountTwoFactor.Set(Operator, account, before, true, "広報の端末", T1);
        Assert.Throws<DomainForbiddenException>(() => incident.RecordAccessReset(OtherOperator, new AccessReset(account.Id, [keeper, linked], [keeper.Id, linked.Id], true, after, null), T1));
        var step = incident.RecordAccessReset(Head, new AccessReset(account.Id, [keeper, linked], [keeper.Id, linked.Id], true, after, null), T1);
        Assert.Equal("access-reset", step.PlaybookItem);
        Assert.Contains("北 二郎", step.Text, StringComparison.Ordinal);
        Assert.True(incident.IsDone("access-reset"));
        incident.Close(Pr, "回復しました。", T1, "注意喚起は不要と判断した。");
        Assert.Equal(IncidentStatus.Closed, incident.Status);
    }
}
