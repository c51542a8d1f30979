using MuniSocial.Domain;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Operations;
using MuniSocial.Tests.Support;
using static MuniSocial.Tests.Support.TableData;

namespace MuniSocial.Tests.Domain.DailyChecks;

/// <summary>
/// §5(2)ア 「複数の職員が１日１回以上確認」: a person may record a later check the same day (an additional record of its own,
/// the first untouched), two different people still make a day, and a finding is marked handled only by the head or the PR office.
/// </summary>
public sealed class DailyCheckRuleTests
{
    private static SocialAccount Listed() =>
        TableData.ListedAccount("名寄市確認テスト", "https://x.com/nayoro_check_rule", T0.AddDays(-10));

    private static readonly CheckInput Finding = new(true, true, "なりすましと思われるアカウントを発見。", "市広報担当へ報告。", null);

    [Fact]
    public void A_second_check_by_the_same_person_the_same_day_is_an_additional_record_and_counts_once()
    {
        var account = Listed();
        var first = DailyCheck.Record(Operator, account, CheckInput.NothingToReport, T0, alreadyRecordedToday: false);
        var second = DailyCheck.Record(Operator, account, Finding, T0.AddHours(5), alreadyRecordedToday: true);
        Assert.False(first.Additional);
        Assert.True(second.Additional);
        Assert.Null(first.Found);
        Assert.Equal(first.Day, second.Day);
        Assert.Contains("\"additional\":true", Assert.Single(second.PendingAudit).After, StringComparison.Ordinal);

        var calendar = new BusinessCalendar();
        var day = first.Day;
        List<(string, string)> Who(params DailyCheck[] checks) => [.. checks.Select(c => (c.UserId, c.UserName))];
        var operators = new List<(string, string)> { (Operator.UserId, Operator.Name), (Operator2.UserId, Operator2.Name) };
        var byOneTwice = CheckRule.Missed([day], day.AddDays(-10), calendar, CheckSchedule.BusinessDaysOnly, new Dictionary<DateOnly, List<(string UserId, string Name)>> { [day] = Who(first, second) }, operators);
        Assert.Equal([Operator.Name], Assert.Single(byOneTwice).CheckedBy);

        var byTwo = DailyCheck.Record(Operator2, account, CheckInput.NothingToReport, T0.AddHours(1), alreadyRecordedToday: false);
        Assert.Empty(CheckRule.Missed([day], day.AddDays(-10), calendar, CheckSchedule.BusinessDaysOnly, new Dictionary<DateOnly, List<(string UserId, string Name)>> { [day] = Who(first, second, byTwo) }, operators));
    }

    [Theory]
    [InlineData("head", true)]
    [InlineData("pr", true)]
    [InlineData("operator", false)]
    [InlineData("other-head", false)]
    [InlineData("admin", false)]
    public void Only_the_head_or_the_pr_office_marks_a_finding_handled_once_and_audited(string who, bool allowed)
    {
        var account = Listed();
        var check = DailyCheck.Record(Operator, account, Finding, T0, alreadyRecordedToday: false);
        check.ClearPendingAudit();
        var actor = who switch { "head" => Head, "pr" => Pr, "operator" => Operator2, "other-head" => OtherHead, _ => Admin };
        if (!allowed)
        {
            Assert.Throws<DomainForbiddenException>(() => check.MarkFindingHandled(actor, account, T1));
            Assert.Null(check.FindingHandledAt);
            Assert.Empty(check.PendingAudit);
            return;
        }
        check.MarkFindingHandled(actor, account, T1);
        Assert.Equal((T1, actor.Name), (check.FindingHandledAt, check.FindingHandledByName));
        Assert.Equal("daily-check.finding-handled", Assert.Single(check.PendingAudit).Action);
        Assert.Equal("finding-handled", Assert.Throws<DomainRuleException>(() => check.MarkFindingHandled(actor, account, T1)).Rule);
    }

    [Fact]
    public void A_check_without_a_finding_has_nothing_to_mark_handled()
    {
        var account = Listed();
        var check = DailyCheck.Record(Operator, account, CheckInput.NothingToReport, T0, alreadyRecordedToday: false);
        Assert.Equal("no-finding", Assert.Throws<DomainRuleException>(() => check.MarkFindingHandled(Head, account, T1)).Rule);
    }
}
