using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;

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

    /// <summary>この他のアドレス, one a line.</summary>
    public string? AlternateUrls { get; set; }
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

    public static IReadOnlyList<DayOfWeek> Week => PolicyEntry.Week;

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
        AlternateUrls = string.Join('\n', p.AlternateUrls),
        Content = p.Content,
        Purpose = p.Purpose,
        PeriodStart = p.PeriodStart?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        PeriodEnd = p.PeriodEnd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        OperatingDays = [.. PolicyEntry.DayNames(p.OperatingDays)],
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
    /// added to <paramref name="modelState"/> under the field). The reading is the domain's
    /// (<see cref="PolicyEntry"/>, shared with the API); only the field names are the form's.
    /// Whether it is complete is the domain's call.
    /// </summary>
    public PolicyContent? ToContent(ModelStateDictionary modelState, IReadOnlyCollection<Guid> sectionUnits, string prefix = "Input")
    {
        var content = ToEntry().TryRead(sectionUnits, out var problems);
        foreach (var (field, messages) in problems)
        {
            foreach (var message in messages)
            {
                modelState.AddModelError($"{prefix}.{char.ToUpperInvariant(field[0])}{field[1..]}", message);
            }
        }
        return content;
    }

    private PolicyEntry ToEntry() => new()
    {
        UnitId = UnitId,
        OwnerKind = OwnerKind,
        RelatedOrganisationName = RelatedOrganisationName,
        Platform = Platform,
        OtherPlatformName = OtherPlatformName,
        AccountName = AccountName,
        AccountUrl = AccountUrl,
        AlternateUrls = (AlternateUrls ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        Content = Content,
        Purpose = Purpose,
        PeriodStart = PeriodStart,
        PeriodEnd = PeriodEnd,
        OperatingDays = OperatingDays,
        HoursStart = HoursStart,
        HoursEnd = HoursEnd,
        ExcludeHolidays = ExcludeHolidays,
        HoursNote = HoursNote,
        ReplyPolicy = ReplyPolicy,
        ReplyWording = ReplyWording,
        Remarks = Remarks,
    };
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
