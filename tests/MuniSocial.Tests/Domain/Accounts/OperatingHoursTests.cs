using System.Globalization;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Operations;

namespace MuniSocial.Tests.Domain.Accounts;

/// <summary>運用時間 (§5(1)カ): days, hours (start inclusive, end exclusive, in Tokyo), holidays and the year-end closure.</summary>
public sealed class OperatingHoursTests
{
    private static readonly BusinessCalendar Calendar = new();

    [Theory]
    [InlineData("2026-06-01 09:00", true)] // Monday
    [InlineData("2026-06-01 08:44", false)] // a minute before the start
    [InlineData("2026-06-01 08:45", true)] // the first minute
    [InlineData("2026-06-01 17:29", true)] // the last minute
    [InlineData("2026-06-01 17:30", false)] // the end is not included
    [InlineData("2026-06-05 12:00", true)] // Friday
    [InlineData("2026-06-06 10:00", false)] // Saturday
    [InlineData("2026-06-07 10:00", false)] // Sunday
    [InlineData("2026-07-20 10:00", false)] // 海の日 (a Monday)
    [InlineData("2026-12-28 10:00", true)] // the last working day of the year
    [InlineData("2026-12-29 10:00", false)] // 年末年始 (a Tuesday)
    [InlineData("2027-01-04 10:00", true)] // the first working day
    public void Weekdays_from_845_to_1730_without_holidays(string tokyo, bool covered) =>
        Assert.Equal(covered, OperatingHours.Covers(OperatingDays.Weekdays, new TimeOnly(8, 45), new TimeOnly(17, 30), true, At(tokyo), Calendar));

    [Theory]
    [InlineData("2026-07-20 10:00", true)] // a holiday counts when the policy does not exclude it
    [InlineData("2026-12-30 10:00", true)]
    [InlineData("2026-06-06 10:00", false)] // still not a Saturday
    public void Holidays_count_when_the_policy_does_not_exclude_them(string tokyo, bool covered) =>
        Assert.Equal(covered, OperatingHours.Covers(OperatingDays.Weekdays, new TimeOnly(8, 45), new TimeOnly(17, 30), false, At(tokyo), Calendar));

    [Theory]
    [InlineData("2026-06-07 07:00", true)]
    [InlineData("2026-06-07 06:59", false)]
    [InlineData("2026-06-07 21:59", true)]
    [InlineData("2026-06-07 22:00", false)]
    public void Every_day_covers_the_weekend(string tokyo, bool covered) =>
        Assert.Equal(covered, OperatingHours.Covers(OperatingDays.EveryDay, new TimeOnly(7, 0), new TimeOnly(22, 0), false, At(tokyo), Calendar));

    [Fact]
    public void The_instant_is_judged_in_Tokyo_whatever_its_offset()
    {
        // 2026-06-01 23:50 UTC is Tuesday 08:50 in Tokyo.
        var utc = new DateTimeOffset(2026, 6, 1, 23, 50, 0, TimeSpan.Zero);
        Assert.True(OperatingHours.Covers(OperatingDays.Weekdays, new TimeOnly(8, 45), new TimeOnly(17, 30), true, utc, Calendar));
    }

    [Fact]
    public void A_policy_that_states_its_hours_only_as_a_note_is_never_warned_about() =>
        Assert.True(OperatingHours.Covers(OperatingDays.None, null, null, true, At("2026-06-06 03:00"), Calendar));

    private static DateTimeOffset At(string tokyo) =>
        new(DateTime.ParseExact(tokyo, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), TimeSpan.FromHours(9));
}
