using System.Collections.Concurrent;
using PublicHoliday;

namespace MuniSocial.Domain.Posts;

/// <summary>The city's days off: 国民の祝日 (PublicHoliday's JapanPublicHoliday) and 年末年始 (12月29日–1月3日, as in the city's 休日条例).</summary>
public static class CityCalendar
{
    private static readonly JapanPublicHoliday Holidays = new();

    // The library computes a whole year per question; a content check asks on every call, so keep each year's set.
    private static readonly ConcurrentDictionary<int, HashSet<DateOnly>> ByYear = new();

    public static bool IsYearEndHoliday(DateOnly day) => (day.Month == 12 && day.Day >= 29) || (day.Month == 1 && day.Day <= 3);

    public static bool IsPublicHoliday(DateOnly day) =>
        ByYear.GetOrAdd(day.Year, y => [.. Holidays.PublicHolidays(y).Select(DateOnly.FromDateTime)]).Contains(day);

    public static bool IsHoliday(DateOnly day) => IsYearEndHoliday(day) || IsPublicHoliday(day);
}
