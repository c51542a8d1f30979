using MuniSocial.Domain.Operations;

namespace MuniSocial.Domain.Accounts;

/// <summary>
/// 運用時間 (§5(1)カ): the days of the week and the hours of an account's 運用ポリシー, without holidays and the year-end
/// closure when the policy says so (「祝日及び年末年始を除く」). Publishing outside them is allowed but warned
/// (rule code <see cref="WarningCode"/>): the person sees it before pressing the button, the API answers it.
/// </summary>
public static class OperatingHours
{
    public const string WarningCode = "outside-operating-hours";

    /// <summary>
    /// Whether <paramref name="at"/> (any offset; judged in Asia/Tokyo) falls within the policy's 運用時間: an included day,
    /// not a holiday or closure day when excluded, from the start time (inclusive) to the end time (exclusive). A policy
    /// without days or hours (written only as a note) covers every moment: there is nothing to warn against.
    /// </summary>
    public static bool Covers(PolicyVersion policy, DateTimeOffset at, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(calendar);
        return Covers(policy.OperatingDays, policy.HoursStart, policy.HoursEnd, policy.ExcludeHolidays, at, calendar);
    }

    public static bool Covers(OperatingDays days, TimeOnly? start, TimeOnly? end, bool excludeHolidays, DateTimeOffset at, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (days == OperatingDays.None || start is null || end is null)
        {
            return true;
        }
        var local = Wareki.ToTokyo(at);
        var day = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        if (!PolicyContent.Includes(days, day.DayOfWeek) || (excludeHolidays && calendar.IsHolidayOrClosure(day)))
        {
            return false;
        }
        return time >= start.Value && time < end.Value;
    }

    /// <summary>The warning shown before the button and answered by the API, or null within 運用時間.</summary>
    /// <param name="scheduled">Whether <paramref name="at"/> is the post's scheduled time (not now).</param>
    public static string? Warning(PolicyVersion? policy, DateTimeOffset at, BusinessCalendar calendar, bool scheduled = false)
    {
        if (policy is null || Covers(policy, at, calendar))
        {
            return null;
        }
        var day = DateOnly.FromDateTime(Wareki.ToTokyo(at).DateTime);
        var reason = policy.ExcludeHolidays && calendar.IsHolidayOrClosure(day) ? "（祝日・年末年始）" : "";
        var hours = PolicyContent.DescribeHours(policy.OperatingDays, policy.HoursStart, policy.HoursEnd, policy.ExcludeHolidays, null);
        var when = scheduled ? "予約日時" : "発信日時";
        return $"{when}（{Wareki.FormatDateTime(at)}{reason}）はアカウントの運用時間外です。運用時間: {hours}（ガイドライン5(1)カ）。このまま発信することもできます。";
    }
}
