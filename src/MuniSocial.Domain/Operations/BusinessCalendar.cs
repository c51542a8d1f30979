using System.Collections.Frozen;
using PublicHoliday;

namespace MuniSocial.Domain.Operations;

/// <summary>
/// Japanese national holidays (国民の祝日, 振替休日, 国民の休日) from the maintained <c>PublicHoliday</c>
/// package (JapanPublicHoliday), with the corrections it needs for 2019–2027 checked against the
/// Cabinet Office list (内閣府「国民の祝日」). The package follows the regular law only: it does not
/// know the one-off holidays of 2019 (天皇の即位), the Olympic moves of 2020/2021 and the September
/// 国民の休日 (e.g. 2026-09-22), and it still lists 2019-12-23 as 天皇誕生日. It also drops a holiday that
/// falls on a Sunday, listing only its 振替休日 (e.g. 2024-02-11 → only 2024-02-12; 23 days in 2019–2030):
/// <see cref="IsSundayHoliday"/> puts them back. When the Cabinet Office announces a special holiday, add it
/// to <see cref="Added"/> (and a test row).
/// </summary>
public static class JapaneseHolidays
{
    private static readonly JapanPublicHoliday Source = new();

    /// <summary>Holidays the package misses.</summary>
    public static IReadOnlyDictionary<DateOnly, string> Added { get; } = new Dictionary<DateOnly, string>
    {
        [new(2019, 4, 30)] = "休日（国民の休日）",
        [new(2019, 5, 1)] = "休日（天皇の即位の日）",
        [new(2019, 5, 2)] = "休日（国民の休日）",
        [new(2019, 10, 22)] = "休日（即位礼正殿の儀の行われる日）",
        // 東京オリンピック・パラリンピック特措法: 海の日・スポーツの日・山の日の移動.
        [new(2020, 7, 23)] = "海の日",
        [new(2020, 7, 24)] = "スポーツの日",
        [new(2020, 8, 10)] = "山の日",
        [new(2021, 7, 22)] = "海の日",
        [new(2021, 7, 23)] = "スポーツの日",
        [new(2021, 8, 8)] = "山の日",
        [new(2021, 8, 9)] = "休日（山の日の振替）",
    };

    /// <summary>Days the package wrongly gives as holidays.</summary>
    public static IReadOnlySet<DateOnly> Removed { get; } = new HashSet<DateOnly>
    {
        new(2019, 12, 23), // 天皇誕生日 moved to 2/23 from 2020; 2019 had none.
        new(2020, 7, 20), new(2020, 8, 11), new(2020, 10, 12), // moved for the Olympics
        new(2021, 7, 19), new(2021, 8, 11), new(2021, 10, 11),
    };

    // The package computes a whole year per question, and the board asks thousands of times: keep each year's days.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, FrozenSet<DateOnly>> ByYear = new();

    public static bool IsHoliday(DateOnly date) =>
        ByYear.GetOrAdd(date.Year, y => Enumerable.Range(0, DateTime.IsLeapYear(y) ? 366 : 365)
            .Select(i => new DateOnly(y, 1, 1).AddDays(i)).Where(Compute).ToFrozenSet()).Contains(date);

    private static bool Compute(DateOnly date)
    {
        if (Added.ContainsKey(date))
        {
            return true;
        }
        if (Removed.Contains(date))
        {
            return false;
        }
        return Source.IsPublicHoliday(date.ToDateTime(TimeOnly.MinValue)) || IsSeptemberCitizensHoliday(date) || IsSundayHoliday(date);
    }

    /// <summary>
    /// A national holiday that falls on a Sunday (祝日法2条): it is a holiday itself, and its 振替休日 follows (which the
    /// package lists). Only the fixed-date holidays and the equinoxes can fall on a Sunday — the Happy Monday days cannot.
    /// The moves of 2020/2021 are in <see cref="Added"/> / <see cref="Removed"/>, which are read first.
    /// </summary>
    private static bool IsSundayHoliday(DateOnly date)
    {
        if (date.DayOfWeek != DayOfWeek.Sunday)
        {
            return false;
        }
        var y = date.Year;
        var fixedDay = (date.Month, date.Day) switch
        {
            (1, 1) or (2, 11) or (4, 29) or (5, 3) or (5, 5) or (11, 3) or (11, 23) => true,
            (2, 23) => y >= 2020, // 天皇誕生日 since 2020
            (12, 23) => y is >= 1989 and <= 2018,
            (5, 4) => y >= 2007, // みどりの日
            (8, 11) => y >= 2016, // 山の日 (2020/2021 moved: see Removed)
            _ => false,
        };
        return fixedDay || date == Equinox(y, 20.8431) || date == Equinox(y, 23.2488);
    }

    /// <summary>春分日 (base 20.8431, March) and 秋分日 (base 23.2488, September) by the usual formula, valid 1980–2099.</summary>
    private static DateOnly Equinox(int year, double baseDay)
    {
        var day = (int)Math.Floor(baseDay + (0.242194 * (year - 1980)) - Math.Floor((year - 1980) / 4.0));
        return new DateOnly(year, baseDay < 22 ? 3 : 9, day);
    }

    /// <summary>
    /// 国民の休日 (祝日法3条3項): a day between two national holidays. Since 2007 this only happens between
    /// 敬老の日 and 秋分の日 (2026, 2032, 2037 …), which the package does not compute.
    /// </summary>
    private static bool IsSeptemberCitizensHoliday(DateOnly date)
    {
        if (date.Month != 9 || date.Year < 2007)
        {
            return false;
        }
        var aged = DateOnly.FromDateTime(JapanPublicHoliday.RespectForTheAgedDay(date.Year));
        var equinox = DateOnly.FromDateTime(JapanPublicHoliday.AutumnalEquinoxDay(date.Year));
        return equinox.DayNumber - aged.DayNumber == 2 && date == aged.AddDays(1);
    }
}

/// <summary>The year-end closure (年末年始休暇), by default 12/29–1/3, and other settings of the calendar.</summary>
public sealed class BusinessCalendarOptions
{
    /// <summary>First day of the closure, "MM-dd".</summary>
    public string YearEndClosureStart { get; set; } = "12-29";

    /// <summary>Last day of the closure (in the new year), "MM-dd".</summary>
    public string YearEndClosureEnd { get; set; } = "01-03";
}

/// <summary>
/// 開庁日: weekdays that are neither a national holiday nor in the year-end closure. Daily checks are
/// due on business days only (§5(2)ア), and reminders go out on business days.
/// </summary>
public sealed class BusinessCalendar
{
    private readonly (int Month, int Day) _closureStart;
    private readonly (int Month, int Day) _closureEnd;

    public BusinessCalendar() : this(new BusinessCalendarOptions()) { }

    public BusinessCalendar(BusinessCalendarOptions options)
    {
        _closureStart = Parse(options.YearEndClosureStart, nameof(options.YearEndClosureStart));
        _closureEnd = Parse(options.YearEndClosureEnd, nameof(options.YearEndClosureEnd));
    }

    public bool IsBusinessDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !JapaneseHolidays.IsHoliday(date) && !IsYearEndClosure(date);

    /// <summary>
    /// 祝日・年末年始: a national holiday or a day of the configured year-end closure, whatever the weekday. The
    /// content check reads 運用時間「祝日及び年末年始を除く」 with this, so the one setting feeds both.
    /// </summary>
    public bool IsHolidayOrClosure(DateOnly date) => IsYearEndClosure(date) || JapaneseHolidays.IsHoliday(date);

    /// <summary>Whether the day falls in 年末年始 (the closure spans the turn of the year).</summary>
    public bool IsYearEndClosure(DateOnly date)
    {
        var md = (date.Month, date.Day);
        return md.CompareTo(_closureStart) >= 0 || md.CompareTo(_closureEnd) <= 0;
    }

    /// <summary>The business days before <paramref name="date"/>, newest first, <paramref name="count"/> of them.</summary>
    public IReadOnlyList<DateOnly> BusinessDaysBefore(DateOnly date, int count)
    {
        var days = new List<DateOnly>(count);
        var d = date.AddDays(-1);
        while (days.Count < count)
        {
            if (IsBusinessDay(d))
            {
                days.Add(d);
            }
            d = d.AddDays(-1);
        }
        return days;
    }

    /// <summary>The last business day before <paramref name="date"/>.</summary>
    public DateOnly PreviousBusinessDay(DateOnly date) => BusinessDaysBefore(date, 1)[0];

    public DateOnly NextBusinessDay(DateOnly date)
    {
        var d = date.AddDays(1);
        while (!IsBusinessDay(d))
        {
            d = d.AddDays(1);
        }
        return d;
    }

    private static (int, int) Parse(string value, string name)
    {
        if (DateOnly.TryParseExact($"2000-{value}", "yyyy-MM-dd", out var d))
        {
            return (d.Month, d.Day);
        }
        throw new ArgumentException($"BusinessCalendar:{name} must be MM-dd, got '{value}'.", name);
    }
}
