using System.Collections.Concurrent;
using MuniSocial.Domain.Operations;

namespace MuniSocial.Domain.Posts;

/// <summary>
/// The city's days off for the content check: 国民の祝日 as the business-day calendar knows them (the PublicHoliday
/// package with its documented corrections, <see cref="JapaneseHolidays"/>) and 年末年始 (12月29日–1月3日).
/// </summary>
public static class CityCalendar
{
    // The library computes a whole year per question; a content check asks on every call, so keep each year's set.
    private static readonly ConcurrentDictionary<int, HashSet<DateOnly>> ByYear = new();

    public static bool IsYearEndHoliday(DateOnly day) => (day.Month == 12 && day.Day >= 29) || (day.Month == 1 && day.Day <= 3);

    public static bool IsPublicHoliday(DateOnly day) =>
        ByYear.GetOrAdd(day.Year, y => [.. Enumerable.Range(0, DateTime.IsLeapYear(y) ? 366 : 365)
            .Select(i => new DateOnly(y, 1, 1).AddDays(i)).Where(JapaneseHolidays.IsHoliday)]).Contains(day);

    public static bool IsHoliday(DateOnly day) => IsYearEndHoliday(day) || IsPublicHoliday(day);
}
