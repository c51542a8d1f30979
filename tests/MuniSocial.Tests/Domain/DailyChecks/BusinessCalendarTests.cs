using MuniSocial.Domain.Operations;

namespace MuniSocial.Tests.Domain.DailyChecks;

public sealed class BusinessCalendarTests
{
    /// <summary>
    /// 内閣府「国民の祝日について」(syukujitsu.csv), 2019–2027: every 国民の祝日, 振替休日 and 休日 (国民の休日 and
    /// the special days of 2019), as published. Weekend dates are listed too, as in the official list.
    /// </summary>
    private static readonly string[] Official =
    [
        "2019-01-01 元日", "2019-01-14 成人の日", "2019-02-11 建国記念の日", "2019-03-21 春分の日", "2019-04-29 昭和の日",
        "2019-04-30 休日", "2019-05-01 休日（祝日扱い）", "2019-05-02 休日", "2019-05-03 憲法記念日", "2019-05-04 みどりの日",
        "2019-05-05 こどもの日", "2019-05-06 休日", "2019-07-15 海の日", "2019-08-11 山の日", "2019-08-12 休日", "2019-09-16 敬老の日",
        "2019-09-23 秋分の日", "2019-10-14 体育の日", "2019-10-22 休日（祝日扱い）", "2019-11-03 文化の日", "2019-11-04 休日",
        "2019-11-23 勤労感謝の日",
        "2020-01-01 元日", "2020-01-13 成人の日", "2020-02-11 建国記念の日", "2020-02-23 天皇誕生日", "2020-02-24 休日",
        "2020-03-20 春分の日", "2020-04-29 昭和の日", "2020-05-03 憲法記念日", "2020-05-04 みどりの日", "2020-05-05 こどもの日",
        "2020-05-06 休日", "2020-07-23 海の日", "2020-07-24 スポーツの日", "2020-08-10 山の日", "2020-09-21 敬老の日",
        "2020-09-22 秋分の日", "2020-11-03 文化の日", "2020-11-23 勤労感謝の日",
        "2021-01-01 元日", "2021-01-11 成人の日", "2021-02-11 建国記念の日", "2021-02-23 天皇誕生日", "2021-03-20 春分の日",
        "2021-04-29 昭和の日", "2021-05-03 憲法記念日", "2021-05-04 みどりの日", "2021-05-05 こどもの日", "2021-07-22 海の日",
        "2021-07-23 スポーツの日", "2021-08-08 山の日", "2021-08-09 休日", "2021-09-20 敬老の日", "2021-09-23 秋分の日",
        "2021-11-03 文化の日", "2021-11-23 勤労感謝の日",
        "2022-01-01 元日", "2022-01-10 成人の日", "2022-02-11 建国記念の日", "2022-02-23 天皇誕生日", "2022-03-21 春分の日",
        "2022-04-29 昭和の日", "2022-05-03 憲法記念日", "2022-05-04 みどりの日", "2022-05-05 こどもの日", "2022-07-18 海の日",
        "2022-08-11 山の日", "2022-09-19 敬老の日", "2022-09-23 秋分の日", "2022-10-10 スポーツの日", "2022-11-03 文化の日",
        "2022-11-23 勤労感謝の日",
        "2023-01-01 元日", "2023-01-02 休日", "2023-01-09 成人の日", "2023-02-11 建国記念の日", "2023-02-23 天皇誕生日",
        "2023-03-21 春分の日", "2023-04-29 昭和の日", "2023-05-03 憲法記念日", "2023-05-04 みどりの日", "2023-05-05 こどもの日",
        "2023-07-17 海の日", "2023-08-11 山の日", "2023-09-18 敬老の日", "2023-09-23 秋分の日", "2023-10-09 スポーツの日",
        "2023-11-03 文化の日", "2023-11-23 勤労感謝の日",
        "2024-01-01 元日", "2024-01-08 成人の日", "2024-02-11 建国記念の日", "2024-02-12 休日", "2024-02-23 天皇誕生日",
        "2024-03-20 春分の日", "2024-04-29 昭和の日", "2024-05-03 憲法記念日", "2024-05-04 みどりの日", "2024-05-05 こどもの日",
        "2024-05-06 休日", "2024-07-15 海の日", "2024-08-11 山の日", "2024-08-12 休日", "2024-09-16 敬老の日", "2024-09-22 秋分の日",
        "2024-09-23 休日", "2024-10-14 スポーツの日", "2024-11-03 文化の日", "2024-11-04 休日", "2024-11-23 勤労感謝の日",
        "2025-01-01 元日", "2025-01-13 成人の日", "2025-02-11 建国記念の日", "2025-02-23 天皇誕生日", "2025-02-24 休日",
        "2025-03-20 春分の日", "2025-04-29 昭和の日", "2025-05-03 憲法記念日", "2025-05-04 みどりの日", "2025-05-05 こどもの日",
        "2025-05-06 休日", "2025-07-21 海の日", "2025-08-11 山の日", "2025-09-15 敬老の日", "2025-09-23 秋分の日",
        "2025-10-13 スポーツの日", "2025-11-03 文化の日", "2025-11-23 勤労感謝の日", "2025-11-24 休日",
        "2026-01-01 元日", "2026-01-12 成人の日", "2026-02-11 建国記念の日", "2026-02-23 天皇誕生日", "2026-03-20 春分の日",
        "2026-04-29 昭和の日", "2026-05-03 憲法記念日", "2026-05-04 みどりの日", "2026-05-05 こどもの日", "2026-05-06 休日",
        "2026-07-20 海の日", "2026-08-11 山の日", "2026-09-21 敬老の日", "2026-09-22 休日", "2026-09-23 秋分の日",
        "2026-10-12 スポーツの日", "2026-11-03 文化の日", "2026-11-23 勤労感謝の日",
        "2027-01-01 元日", "2027-01-11 成人の日", "2027-02-11 建国記念の日", "2027-02-23 天皇誕生日", "2027-03-21 春分の日",
        "2027-03-22 休日", "2027-04-29 昭和の日", "2027-05-03 憲法記念日", "2027-05-04 みどりの日", "2027-05-05 こどもの日",
        "2027-07-19 海の日", "2027-08-11 山の日", "2027-09-20 敬老の日", "2027-09-23 秋分の日", "2027-10-11 スポーツの日",
        "2027-11-03 文化の日", "2027-11-23 勤労感謝の日",
    ];

    private static HashSet<DateOnly> OfficialDates() => Official.Select(s => DateOnly.ParseExact(s[..10], "yyyy-MM-dd")).ToHashSet();

    public static TheoryData<int> Years() => [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027];

    [Theory]
    [MemberData(nameof(Years))]
    public void Every_day_weekends_included_is_a_holiday_exactly_when_the_official_list_says_so(int year)
    {
        // Weekends too: an account that runs on holidays is due a check on a holiday that falls on a Sunday (§5(2)ア).
        var official = OfficialDates();
        var wrong = new List<string>();
        for (var d = new DateOnly(year, 1, 1); d.Year == year; d = d.AddDays(1))
        {
            if (JapaneseHolidays.IsHoliday(d) != official.Contains(d))
            {
                wrong.Add($"{d:yyyy-MM-dd} calendar={JapaneseHolidays.IsHoliday(d)} official={official.Contains(d)}");
            }
        }
        Assert.Empty(wrong);
    }

    [Theory]
    [MemberData(nameof(Years))]
    public void Business_days_are_weekdays_without_holidays_and_the_year_end_closure(int year)
    {
        var calendar = new BusinessCalendar();
        var official = OfficialDates();
        for (var d = new DateOnly(year, 1, 1); d.Year == year; d = d.AddDays(1))
        {
            var closure = (d.Month == 12 && d.Day >= 29) || (d.Month == 1 && d.Day <= 3);
            var expected = d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !official.Contains(d) && !closure;
            Assert.True(expected == calendar.IsBusinessDay(d), $"{d:yyyy-MM-dd}: expected business day = {expected}");
        }
    }

    [Theory]
    [InlineData("2019-04-30", false)] // 国民の休日 (天皇の即位)
    [InlineData("2019-05-01", false)] // 即位の日
    [InlineData("2019-05-02", false)]
    [InlineData("2019-10-22", false)] // 即位礼正殿の儀
    [InlineData("2019-12-23", true)]  // no 天皇誕生日 in 2019
    [InlineData("2020-07-20", true)]  // 海の日 moved to 7/23 for the Olympics
    [InlineData("2020-07-23", false)]
    [InlineData("2020-07-24", false)]
    [InlineData("2020-08-10", false)]
    [InlineData("2020-10-12", true)]
    [InlineData("2021-07-22", false)]
    [InlineData("2021-08-09", false)] // 山の日 8/8 was a Sunday
    [InlineData("2021-10-11", true)]
    [InlineData("2024-09-23", false)] // 秋分の日 on a Sunday: 振替休日
    [InlineData("2026-09-22", false)] // 国民の休日 between 敬老の日 and 秋分の日
    [InlineData("2026-12-28", true)]  // 御用納め
    [InlineData("2026-12-29", false)]
    [InlineData("2027-01-04", true)]  // 御用始め
    [InlineData("2027-03-22", false)] // 春分の日 on a Sunday
    public void Special_days(string date, bool businessDay) =>
        Assert.Equal(businessDay, new BusinessCalendar().IsBusinessDay(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void The_year_end_closure_is_configurable()
    {
        var calendar = new BusinessCalendar(new BusinessCalendarOptions { YearEndClosureStart = "12-28", YearEndClosureEnd = "01-04" });
        Assert.False(calendar.IsBusinessDay(new DateOnly(2026, 12, 28)));
        Assert.False(calendar.IsBusinessDay(new DateOnly(2027, 1, 4)));
        Assert.True(calendar.IsBusinessDay(new DateOnly(2027, 1, 5)));
        Assert.Throws<ArgumentException>(() => new BusinessCalendar(new BusinessCalendarOptions { YearEndClosureStart = "12/29" }));
    }

    [Fact]
    public void Previous_and_next_business_days_skip_holidays_and_the_closure()
    {
        var calendar = new BusinessCalendar();
        Assert.Equal(new DateOnly(2026, 12, 28), calendar.PreviousBusinessDay(new DateOnly(2027, 1, 4)));
        Assert.Equal(new DateOnly(2027, 1, 4), calendar.NextBusinessDay(new DateOnly(2026, 12, 28)));
        Assert.Equal(new DateOnly(2026, 5, 1), calendar.PreviousBusinessDay(new DateOnly(2026, 5, 7)));
        Assert.Equal([new DateOnly(2026, 9, 18), new DateOnly(2026, 9, 17)], calendar.BusinessDaysBefore(new DateOnly(2026, 9, 24), 2));
    }
}
