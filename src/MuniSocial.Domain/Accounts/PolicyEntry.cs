using System.Globalization;

namespace MuniSocial.Domain.Accounts;

/// <summary>
/// 運用ポリシー (様式1) as entered — on the page's form or in an API body — before it is read: every value as
/// text, so that one function reads both and a value that can never be valid (a malformed date or time, an
/// unknown choice, a 係 of another section) gets the same Japanese message naming the same field, whichever way
/// it came in. Field names are the domain's (camelCase, as in <see cref="PolicyContent.Problems"/>); a page
/// maps them to its form's names at the edge. Whether the policy is complete is <see cref="PolicyContent"/>'s call.
/// </summary>
public sealed record PolicyEntry
{
    public static readonly DayOfWeek[] Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public string? UnitId { get; init; }

    /// <summary>An <see cref="Accounts.OwnerKind"/> name; blank = City.</summary>
    public string? OwnerKind { get; init; }
    public string? RelatedOrganisationName { get; init; }

    /// <summary>A <see cref="Accounts.Platform"/> name.</summary>
    public string? Platform { get; init; }
    public string? OtherPlatformName { get; init; }
    public string? AccountName { get; init; }
    public string? AccountUrl { get; init; }

    /// <summary>この他のアドレス, one per item (a page's text area is split into lines).</summary>
    public IReadOnlyList<string>? AlternateUrls { get; init; }
    public string? Content { get; init; }
    public string? Purpose { get; init; }

    /// <summary>yyyy-MM-dd.</summary>
    public string? PeriodStart { get; init; }

    /// <summary>yyyy-MM-dd.</summary>
    public string? PeriodEnd { get; init; }

    /// <summary><see cref="DayOfWeek"/> names; none = no day.</summary>
    public IReadOnlyList<string>? OperatingDays { get; init; }

    /// <summary>HH:mm.</summary>
    public string? HoursStart { get; init; }

    /// <summary>HH:mm.</summary>
    public string? HoursEnd { get; init; }
    public bool ExcludeHolidays { get; init; } = true;
    public string? HoursNote { get; init; }

    /// <summary>A <see cref="ReplyPolicyKind"/> name.</summary>
    public string? ReplyPolicy { get; init; }
    public string? ReplyWording { get; init; }
    public string? Remarks { get; init; }

    /// <summary>The content, or the problems per field (never both) — for a page that shows them next to its fields.</summary>
    public PolicyContent? TryRead(IReadOnlyCollection<Guid> sectionUnits, out Dictionary<string, string[]> problems)
    {
        var errors = new Dictionary<string, List<string>>();
        void Error(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }
            list.Add(message);
        }
        T? Choice<T>(string field, string? value, string label) where T : struct, Enum
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }
            if (Enum.TryParse<T>(value, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed))
            {
                return parsed;
            }
            Error(field, $"{label}の選択肢が正しくありません。");
            return null;
        }
        DateOnly? Date(string field, string? value, string label)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }
            if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return d;
            }
            Error(field, $"{label}は日付（例: 2026-04-01）で入力してください。");
            return null;
        }
        TimeOnly? Time(string field, string? value, string label)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }
            if (TimeOnly.TryParseExact(value.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
            {
                return t;
            }
            Error(field, $"{label}は時刻（例: 08:45）で入力してください。");
            return null;
        }

        Guid? unit = null;
        if (!string.IsNullOrWhiteSpace(UnitId))
        {
            if (Guid.TryParse(UnitId, out var u) && sectionUnits.Contains(u))
            {
                unit = u;
            }
            else
            {
                Error("unitId", "係は、この所属の係から選んでください。");
            }
        }
        var owner = Choice<OwnerKind>("ownerKind", OwnerKind, "アカウントの名義") ?? Accounts.OwnerKind.City;
        var platform = Choice<Platform>("platform", Platform, "利用するソーシャルメディアの種類");
        var start = Date("periodStart", PeriodStart, "運用期間の開始日");
        var end = Date("periodEnd", PeriodEnd, "運用期間の終了日");
        var hoursStart = Time("hoursStart", HoursStart, "運用時間の開始時刻");
        var hoursEnd = Time("hoursEnd", HoursEnd, "運用時間の終了時刻");
        var reply = Choice<ReplyPolicyKind>("replyPolicy", ReplyPolicy, "投稿に対する返信");
        var days = Accounts.OperatingDays.None;
        foreach (var value in OperatingDays ?? [])
        {
            if (Choice<DayOfWeek>("operatingDays", value, "運用する曜日") is { } day)
            {
                days |= Flag(day);
            }
        }
        problems = errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
        if (problems.Count > 0)
        {
            return null;
        }
        return new PolicyContent
        {
            UnitId = unit,
            OwnerKind = owner,
            RelatedOrganisationName = RelatedOrganisationName,
            Platform = platform,
            OtherPlatformName = OtherPlatformName,
            AccountName = AccountName,
            AccountUrl = AccountUrl,
            AlternateUrls = [.. (AlternateUrls ?? []).Where(u => !string.IsNullOrWhiteSpace(u)).Select(u => u.Trim())],
            Content = Content,
            Purpose = Purpose,
            PeriodStart = start,
            PeriodEnd = end,
            OperatingDays = days,
            HoursStart = hoursStart,
            HoursEnd = hoursEnd,
            ExcludeHolidays = ExcludeHolidays,
            HoursNote = HoursNote,
            ReplyPolicy = reply,
            ReplyWording = ReplyWording,
            Remarks = Remarks,
        };
    }

    /// <summary>The content; a value that can never be valid is a <see cref="DomainValidationException"/> naming every such field.</summary>
    public PolicyContent Read(IReadOnlyCollection<Guid> sectionUnits) =>
        TryRead(sectionUnits, out var problems) ?? throw new DomainValidationException(problems);

    /// <summary>Days as their names, Monday first (what <see cref="OperatingDays"/> takes).</summary>
    public static IReadOnlyList<string> DayNames(OperatingDays days) =>
        Week.Where(d => PolicyContent.Includes(days, d)).Select(d => d.ToString()).ToList();

    private static OperatingDays Flag(DayOfWeek day) => (OperatingDays)(1 << Array.IndexOf(Week, day));
}
