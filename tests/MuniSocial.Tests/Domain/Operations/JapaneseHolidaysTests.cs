using System.Text.Json;
using MuniSocial.Domain.Operations;

namespace MuniSocial.Tests.Domain.Operations;

/// <summary>
/// The calendar against the data of @holiday-jp/holiday_jp (TestData/holiday_jp-holidays.json, MIT; it agrees with the
/// Cabinet Office list of BusinessCalendarTests for 2019–2027), every date of 2019–2030, Sundays included, both ways.
/// </summary>
public sealed class JapaneseHolidaysTests
{
    private static readonly Lazy<Dictionary<DateOnly, string>> Data = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Domain", "Operations", "TestData", "holiday_jp-holidays.json");
        var raw = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path))!;
        return raw.ToDictionary(kv => DateOnly.ParseExact(kv.Key, "yyyy-MM-dd"), kv => kv.Value);
    });

    public static TheoryData<int> Years() => [.. Enumerable.Range(2019, 12)];

    [Theory]
    [MemberData(nameof(Years))]
    public void No_holiday_is_missing_and_none_is_extra(int year)
    {
        var wrong = new List<string>();
        for (var d = new DateOnly(year, 1, 1); d.Year == year; d = d.AddDays(1))
        {
            var expected = Data.Value.TryGetValue(d, out var name);
            if (JapaneseHolidays.IsHoliday(d) != expected)
            {
                wrong.Add($"{d:yyyy-MM-dd} ({d.DayOfWeek}) calendar={JapaneseHolidays.IsHoliday(d)} holiday_jp={expected} {name}");
            }
        }
        Assert.Empty(wrong);
    }

    [Theory]
    [InlineData("2024-02-11", "2024-02-12")]
    [InlineData("2025-11-23", "2025-11-24")]
    [InlineData("2020-02-23", "2020-02-24")]
    [InlineData("2021-08-08", "2021-08-09")]
    [InlineData("2027-03-21", "2027-03-22")]
    [InlineData("2024-09-22", "2024-09-23")]
    public void A_holiday_on_a_Sunday_is_a_holiday_and_so_is_the_Monday_after(string sunday, string monday)
    {
        var s = DateOnly.ParseExact(sunday, "yyyy-MM-dd");
        Assert.Equal(DayOfWeek.Sunday, s.DayOfWeek);
        Assert.True(JapaneseHolidays.IsHoliday(s));
        Assert.True(JapaneseHolidays.IsHoliday(DateOnly.ParseExact(monday, "yyyy-MM-dd")));
        Assert.True(new BusinessCalendar().IsHolidayOrClosure(s));
    }

    [Fact]
    public void The_data_has_the_23_Sunday_holidays_of_2019_to_2030()
    {
        var sundays = Data.Value.Keys.Where(d => d.Year is >= 2019 and <= 2030 && d.DayOfWeek == DayOfWeek.Sunday).ToList();
        Assert.Equal(23, sundays.Count);
        Assert.All(sundays, d => Assert.True(JapaneseHolidays.IsHoliday(d), $"{d:yyyy-MM-dd}"));
    }
}
