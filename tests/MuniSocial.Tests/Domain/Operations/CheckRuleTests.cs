using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Operations;

namespace MuniSocial.Tests.Domain.Operations;

/// <summary>§5(2)ア「少なくとも1日1回」: one function says whether a check is due for an account on a day.</summary>
public sealed class CheckRuleTests
{
    private static readonly BusinessCalendar Calendar = new();
    private static readonly DateOnly Listed = new(2026, 1, 5);

    public static TheoryData<string, OperatingDays, bool, string, bool> Days() => new()
    {
        // schedule, days, exclude holidays, day, due
        { "平日のみ", OperatingDays.Weekdays, true, "2026-06-05", true },    // Friday
        { "平日のみ", OperatingDays.Weekdays, true, "2026-06-06", false },   // Saturday
        { "平日のみ", OperatingDays.Weekdays, true, "2026-07-20", false },   // Monday, 海の日
        { "平日のみ", OperatingDays.Weekdays, true, "2026-12-30", false },   // 年末年始
        { "毎日・祝日も", OperatingDays.EveryDay, false, "2026-06-06", true },
        { "毎日・祝日も", OperatingDays.EveryDay, false, "2026-06-07", true },
        { "毎日・祝日も", OperatingDays.EveryDay, false, "2026-07-20", true },
        { "毎日・祝日も", OperatingDays.EveryDay, false, "2026-12-31", true },
        { "毎日・祝日除く", OperatingDays.EveryDay, true, "2026-06-06", true },
        { "毎日・祝日除く", OperatingDays.EveryDay, true, "2026-07-20", false },
        { "毎日・祝日除く", OperatingDays.EveryDay, true, "2025-11-23", false }, // 勤労感謝の日 on a Sunday
        { "毎日・祝日除く", OperatingDays.EveryDay, true, "2025-11-24", false }, // its 振替休日
        { "平日・祝日も", OperatingDays.Weekdays, false, "2026-07-20", true },  // a Monday holiday is run
        { "平日・祝日も", OperatingDays.Weekdays, false, "2025-11-23", false }, // a Sunday is not a weekday
        { "土日のみ", OperatingDays.Saturday | OperatingDays.Sunday, true, "2026-06-06", true },
        { "土日のみ", OperatingDays.Saturday | OperatingDays.Sunday, true, "2026-06-05", true }, // business days are always due
    };

    [Theory]
    [MemberData(nameof(Days))]
    public void A_check_is_due_on_business_days_and_on_the_days_the_policy_runs_the_account(string label, OperatingDays days, bool excludeHolidays, string day, bool due)
    {
        var schedule = new CheckSchedule(days, excludeHolidays);
        Assert.True(due == CheckRule.IsDue(Calendar, schedule, DateOnly.ParseExact(day, "yyyy-MM-dd"), Listed), $"{label} {day}");
    }

    [Fact]
    public void Not_on_or_before_the_listing_day()
    {
        var schedule = new CheckSchedule(OperatingDays.EveryDay, false);
        Assert.False(CheckRule.IsDue(Calendar, schedule, Listed, Listed));
        Assert.True(CheckRule.IsDue(Calendar, schedule, Listed.AddDays(1), Listed));
    }

    [Fact]
    public void Missed_days_of_an_account_run_at_weekends_include_the_weekend()
    {
        // Fri 6/5 – Mon 6/8 2026, nobody checked.
        var days = Enumerable.Range(0, 4).Select(i => new DateOnly(2026, 6, 5).AddDays(i)).ToList();
        var none = new Dictionary<DateOnly, List<(string UserId, string Name)>>();
        var weekend = CheckRule.Missed(days, Listed, Calendar, new CheckSchedule(OperatingDays.EveryDay, false), none, [("u1", "北 ひかり")]);
        var weekdays = CheckRule.Missed(days, Listed, Calendar, CheckSchedule.BusinessDaysOnly, none, [("u1", "北 ひかり")]);
        Assert.Equal(days, weekend.Select(m => m.Day));
        Assert.Equal([new DateOnly(2026, 6, 5), new DateOnly(2026, 6, 8)], weekdays.Select(m => m.Day));
    }
}
