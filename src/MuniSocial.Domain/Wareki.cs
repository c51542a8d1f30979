using System.Globalization;

namespace MuniSocial.Domain;

/// <summary>
/// Dates as the city prints them (和暦, e.g. 令和7年4月1日) and the Asia/Tokyo day of an instant.
/// The explicit "ggy年M月d日" pattern is used because the standard "D" pattern drops the era.
/// </summary>
public static class Wareki
{
    private static readonly CultureInfo JapaneseCulture = CreateCulture();

    public static TimeZoneInfo Tokyo { get; } = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    // Pages such as the board print the same few hundred dates thousands of times; the era calendar is slow to format.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<DateOnly, string> Formatted = new();

    public static string Format(DateOnly date) =>
        Formatted.TryGetValue(date, out var text) ? text
        : Formatted.Count < 50_000 ? Formatted.GetOrAdd(date, Compute)
        : Compute(date);

    private static string Compute(DateOnly date) => date.ToDateTime(TimeOnly.MinValue).ToString("ggy年M月d日", JapaneseCulture);

    public static string Format(DateTimeOffset instant) => Format(TodayIn(instant));

    /// <summary>和暦 date and Tokyo time, e.g. 令和7年4月1日 9:05.</summary>
    public static string FormatDateTime(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, Tokyo);
        return $"{Format(DateOnly.FromDateTime(local.DateTime))} {local:H:mm}";
    }

    public static DateOnly TodayIn(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Tokyo).DateTime);

    public static DateTimeOffset ToTokyo(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Tokyo);

    private static CultureInfo CreateCulture()
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo("ja-JP").Clone();
        culture.DateTimeFormat.Calendar = new JapaneseCalendar();
        return CultureInfo.ReadOnly(culture);
    }
}
