using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Data;
using MuniSocial.Domain.Accounts;

namespace MuniSocial.Features.Accounts;

/// <summary>
/// The 運用ポリシー form (様式1) as posted. Every value is bound as text and parsed here, so that a
/// malformed date or an unknown choice gets a Japanese message naming the field instead of the
/// framework's English binding error. Property names match the domain's field names (PolicyContent.Problems).
/// </summary>
public sealed class PolicyFormInput
{
    public string? UnitId { get; set; }
    public string? OwnerKind { get; set; } = nameof(Domain.Accounts.OwnerKind.City);
    public string? RelatedOrganisationName { get; set; }
    public string? Platform { get; set; }
    public string? OtherPlatformName { get; set; }
    public string? AccountName { get; set; }
    public string? AccountUrl { get; set; }
    public string? Content { get; set; }
    public string? Purpose { get; set; }
    public string? PeriodStart { get; set; }
    public string? PeriodEnd { get; set; }
    public string[]? OperatingDays { get; set; }
    public string? HoursStart { get; set; }
    public string? HoursEnd { get; set; }
    public bool ExcludeHolidays { get; set; } = true;
    public string? HoursNote { get; set; }
    public string? ReplyPolicy { get; set; }
    public string? ReplyWording { get; set; }
    public string? Remarks { get; set; }
    public string[]? Operators { get; set; }

    /// <summary>The account's version when the form was opened: a save over someone else's change is refused.</summary>
    public int? Version { get; set; }

    public static readonly DayOfWeek[] Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    /// <summary>A new policy: weekdays, holidays excluded, 様式1's first 記載例 for the reply wording.</summary>
    public static PolicyFormInput Blank() => new()
    {
        OperatingDays = Week.Take(5).Select(d => d.ToString()).ToArray(),
        ReplyPolicy = nameof(ReplyPolicyKind.NoReply),
        ReplyWording = Labels.DefaultReplyWording(ReplyPolicyKind.NoReply),
    };

    public static PolicyFormInput From(PolicyVersion p, IEnumerable<string> operatorIds, int version) => new()
    {
        UnitId = p.UnitId?.ToString(),
        OwnerKind = p.OwnerKind.ToString(),
        RelatedOrganisationName = p.RelatedOrganisationName,
        Platform = p.Platform?.ToString(),
        OtherPlatformName = p.OtherPlatformName,
        AccountName = p.AccountName,
        AccountUrl = p.AccountUrl,
        Content = p.Content,
        Purpose = p.Purpose,
        PeriodStart = p.PeriodStart?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        PeriodEnd = p.PeriodEnd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        OperatingDays = Week.Where(d => PolicyContent.Includes(p.OperatingDays, d)).Select(d => d.ToString()).ToArray(),
        HoursStart = p.HoursStart?.ToString("HH:mm", CultureInfo.InvariantCulture),
        HoursEnd = p.HoursEnd?.ToString("HH:mm", CultureInfo.InvariantCulture),
        ExcludeHolidays = p.ExcludeHolidays,
        HoursNote = p.HoursNote,
        ReplyPolicy = p.ReplyPolicy?.ToString(),
        ReplyWording = string.IsNullOrWhiteSpace(p.ReplyWording) && p.ReplyPolicy is { } k ? Labels.DefaultReplyWording(k) : p.ReplyWording,
        Remarks = p.Remarks,
        Operators = operatorIds.ToArray(),
        Version = version,
    };

    public bool HasDay(DayOfWeek day) => OperatingDays?.Contains(day.ToString()) == true;

    /// <summary>
    /// The content to hand to the domain, or null when something could not be read (the reason is
    /// added to <paramref name="modelState"/> under the field). Whether it is complete is the domain's call.
    /// </summary>
    public PolicyContent? ToContent(ModelStateDictionary modelState, IReadOnlyCollection<Guid> sectionUnits, string prefix = "Input")
    {
        var ok = true;
        void Error(string field, string message)
        {
            modelState.AddModelError($"{prefix}.{field}", message);
            ok = false;
        }
        T? ParseEnum<T>(string field, string? value, string label) where T : struct, Enum
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
        DateOnly? ParseDate(string field, string? value, string label)
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
        TimeOnly? ParseTime(string field, string? value, string label)
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
                Error(nameof(UnitId), "係は、この所属の係から選んでください。");
            }
        }
        var owner = ParseEnum<OwnerKind>(nameof(OwnerKind), OwnerKind, "アカウントの名義") ?? Domain.Accounts.OwnerKind.City;
        var platform = ParseEnum<Platform>(nameof(Platform), Platform, "利用するソーシャルメディアの種類");
        var start = ParseDate(nameof(PeriodStart), PeriodStart, "運用期間の開始日");
        var end = ParseDate(nameof(PeriodEnd), PeriodEnd, "運用期間の終了日");
        var hoursStart = ParseTime(nameof(HoursStart), HoursStart, "運用時間の開始時刻");
        var hoursEnd = ParseTime(nameof(HoursEnd), HoursEnd, "運用時間の終了時刻");
        var reply = ParseEnum<ReplyPolicyKind>(nameof(ReplyPolicy), ReplyPolicy, "投稿に対する返信");
        var days = Domain.Accounts.OperatingDays.None;
        foreach (var value in OperatingDays ?? [])
        {
            if (ParseEnum<DayOfWeek>(nameof(OperatingDays), value, "運用する曜日") is { } day)
            {
                days |= (Domain.Accounts.OperatingDays)(1 << Array.IndexOf(Week, day));
            }
        }
        if (!ok)
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
            ReplyWording = WordingFor(reply),
            Remarks = Remarks,
        };
    }

    /// <summary>
    /// The form starts with 様式1's wording for 返信しない. When the section switches the choice but keeps
    /// the other choice's standard wording (or leaves it blank), the chosen choice's standard wording is used,
    /// so that the public page never shows a wording that contradicts the choice.
    /// </summary>
    private string? WordingFor(ReplyPolicyKind? reply)
    {
        if (reply is not { } chosen)
        {
            return ReplyWording;
        }
        var text = ReplyWording?.Trim() ?? "";
        var standard = Enum.GetValues<ReplyPolicyKind>().Select(Labels.DefaultReplyWording);
        return text.Length == 0 || (standard.Contains(text) && text != Labels.DefaultReplyWording(chosen))
            ? Labels.DefaultReplyWording(chosen)
            : ReplyWording;
    }
}

/// <summary>The choices the form offers: the section's units (係) and staff (operators).</summary>
public sealed record PolicyFormOptions(string SectionName, IReadOnlyList<(Guid Id, string Name)> Units, IReadOnlyList<StaffMember> Staff)
{
    public static async Task<PolicyFormOptions> LoadAsync(AppDbContext db, Guid sectionId, CancellationToken ct)
    {
        var section = await db.Sections.AsNoTracking().Where(s => s.Id == sectionId)
            .Select(s => s.Department.Name + " " + s.Name).FirstOrDefaultAsync(ct) ?? "";
        var units = await db.Units.AsNoTracking().Where(u => u.SectionId == sectionId).OrderBy(u => u.Name)
            .Select(u => new { u.Id, u.Name }).ToListAsync(ct);
        var staff = await db.SectionStaffAsync(sectionId, ct);
        return new PolicyFormOptions(section, units.Select(u => (u.Id, u.Name)).ToList(), staff);
    }
}

/// <summary>The new-account page and the edit page share the form partial through this base.</summary>
public abstract class PolicyFormPageModel : PageModel
{
    [BindProperty]
    public PolicyFormInput Input { get; set; } = new();

    public PolicyFormOptions Options { get; protected set; } = new("", [], []);

    /// <summary>Whether the form edits a Listed account's revision (operators change at once, the policy after review).</summary>
    public bool IsRevision { get; protected set; }
}
