using PublicHoliday;

namespace MuniSocial.Domain.Posts;

/// <summary>The city's days off: 国民の祝日 (PublicHoliday's JapanPublicHoliday) and 年末年始 (12月29日–1月3日, 名寄市の休日を定める条例 as in most municipalities).</summary>
public static class CityCalendar
{
    private static readonly JapanPublicHoliday Holidays = new();

    public static bool IsYearEndHoliday(DateOnly day) => (day.Month == 12 && day.Day >= 29) || (day.Month == 1 && day.Day <= 3);

    public static bool IsPublicHoliday(DateOnly day) => Holidays.IsPublicHoliday(day.ToDateTime(TimeOnly.MinValue));

    public static bool IsHoliday(DateOnly day) => IsYearEndHoliday(day) || IsPublicHoliday(day);
}
