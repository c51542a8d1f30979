using System.Globalization;
using System.Text.Json.Serialization;

namespace MuniSocial.Features.Accounts;

/// <summary>
/// The fields of 運用ポリシー (様式1) as an API client sends them. A PUT replaces the whole draft, so an
/// omitted field is cleared. Unknown properties are refused (400 naming them) so that a misspelt field
/// is never silently dropped.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public record PolicyInput
{
    /// <summary>係 (optional): a unit of the owning section.</summary>
    public Guid? UnitId { get; init; }

    /// <summary>City (default), Character or RelatedOrganisation (§7).</summary>
    public OwnerKind? OwnerKind { get; init; }
    public string? RelatedOrganisationName { get; init; }
    public Platform? Platform { get; init; }
    public string? OtherPlatformName { get; init; }
    public string? AccountName { get; init; }

    /// <summary>https://… or @handle (X, Instagram, YouTube).</summary>
    public string? AccountUrl { get; init; }

    /// <summary>この他のアドレス: other addresses of the same account (an old handle, a LINE lin.ee link), at most 5; official once the PR office accepts the policy.</summary>
    public IReadOnlyList<string>? AlternateUrls { get; init; }
    public string? Content { get; init; }
    public string? Purpose { get; init; }

    /// <summary>運用期間 start, yyyy-MM-dd.</summary>
    public DateOnly? PeriodStart { get; init; }

    /// <summary>運用期間 end, yyyy-MM-dd.</summary>
    public DateOnly? PeriodEnd { get; init; }

    /// <summary>運用日; omitted = Monday to Friday.</summary>
    public IReadOnlyList<DayOfWeek>? OperatingDays { get; init; }

    /// <summary>HH:mm (Asia/Tokyo).</summary>
    public string? HoursStart { get; init; }

    /// <summary>HH:mm (Asia/Tokyo).</summary>
    public string? HoursEnd { get; init; }

    /// <summary>祝日及び年末年始を除く; omitted = true.</summary>
    public bool? ExcludeHolidays { get; init; }
    public string? HoursNote { get; init; }
    public ReplyPolicyKind? ReplyPolicy { get; init; }

    /// <summary>The wording shown to users; omitted = the 様式1 wording for the chosen reply policy.</summary>
    public string? ReplyWording { get; init; }
    public string? Remarks { get; init; }

    /// <summary>Whether the body carries any policy field at all (an empty revision body means "submit the draft as it is").</summary>
    public bool HasAnyField() =>
        UnitId is not null || OwnerKind is not null || RelatedOrganisationName is not null || Platform is not null
        || OtherPlatformName is not null || AccountName is not null || AccountUrl is not null || AlternateUrls is not null || Content is not null
        || Purpose is not null || PeriodStart is not null || PeriodEnd is not null || OperatingDays is not null
        || HoursStart is not null || HoursEnd is not null || ExcludeHolidays is not null || HoursNote is not null
        || ReplyPolicy is not null || ReplyWording is not null || Remarks is not null;

    /// <summary>
    /// The content for the domain. Input that can never be valid (a number where an enum name belongs, a
    /// time that is not HH:mm, a unit of another section) is a 400 naming the field. The reading is the
    /// domain's (<see cref="PolicyEntry"/>, shared with the page); only the API's defaults are set here.
    /// </summary>
    public async Task<PolicyContent> ToContentAsync(AppDbContext db, Guid sectionId, CancellationToken ct)
    {
        var units = UnitId is { } unit
            ? await db.Units.AsNoTracking().Where(u => u.Id == unit && u.SectionId == sectionId).Select(u => u.Id).ToListAsync(ct)
            : [];
        return new PolicyEntry
        {
            UnitId = UnitId?.ToString(),
            OwnerKind = OwnerKind?.ToString(),
            RelatedOrganisationName = RelatedOrganisationName,
            Platform = Platform?.ToString(),
            OtherPlatformName = OtherPlatformName,
            AccountName = AccountName,
            AccountUrl = AccountUrl,
            AlternateUrls = AlternateUrls,
            Content = Content,
            Purpose = Purpose,
            PeriodStart = PeriodStart?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            PeriodEnd = PeriodEnd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            OperatingDays = OperatingDays is null ? PolicyEntry.DayNames(Domain.Accounts.OperatingDays.Weekdays) : [.. OperatingDays.Select(d => d.ToString())],
            HoursStart = HoursStart,
            HoursEnd = HoursEnd,
            ExcludeHolidays = ExcludeHolidays ?? true,
            HoursNote = HoursNote,
            ReplyPolicy = ReplyPolicy?.ToString(),
            ReplyWording = ReplyWording,
            Remarks = Remarks,
        }.Read(units);
    }
}

/// <summary>POST /api/v1/accounts: the policy fields, the owning section and the operators.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateAccountRequest : PolicyInput
{
    /// <summary>The owning section; omitted = the caller's own section.</summary>
    public Guid? SectionId { get; init; }

    /// <summary>User ids of the section's staff named as operators (at least two before the listing request).</summary>
    public IReadOnlyList<string>? OperatorIds { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record OperatorsRequest(IReadOnlyList<string>? OperatorIds);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ReturnRequest(string? Reason);

/// <summary>削除依頼 (様式4).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DelistingRequest(DateOnly? ClosedOn, string? CloseReason, bool? DeletedOnPlatform);

public sealed record OperatorView(string UserId, string Name);

public sealed record AccountSummary(
    Guid Id,
    AccountStatus Status,
    string StatusLabel,
    Guid SectionId,
    string Section,
    string? AccountName,
    Platform? Platform,
    string? AccountUrl,
    DateOnly? PeriodStart,
    DateOnly? PeriodEnd,
    bool IsOverdue,
    PolicyVersionStatus? OpenPolicyStatus,
    string? ReturnReason,
    int Version);

public sealed record PolicyView(
    int Number,
    PolicyVersionStatus Status,
    string StatusLabel,
    Guid? UnitId,
    string? Unit,
    OwnerKind OwnerKind,
    string? RelatedOrganisationName,
    Platform? Platform,
    string? OtherPlatformName,
    string PlatformLabel,
    string? AccountName,
    string? AccountUrl,
    IReadOnlyList<string> AlternateUrls,
    string? Content,
    string? Purpose,
    DateOnly? PeriodStart,
    DateOnly? PeriodEnd,
    IReadOnlyList<DayOfWeek> OperatingDays,
    string? HoursStart,
    string? HoursEnd,
    bool ExcludeHolidays,
    string? HoursNote,
    string HoursText,
    ReplyPolicyKind? ReplyPolicy,
    string? ReplyWording,
    string? Remarks,
    int? TermsVersion,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? SubmittedAt,
    string? SubmittedBy,
    DateTimeOffset? AcceptedAt,
    string? AcceptedBy,
    string? ReturnReason,
    DateTimeOffset? ReturnedAt,
    string? ReturnedBy);

public sealed record PolicyVersionSummary(
    int Number,
    PolicyVersionStatus Status,
    string StatusLabel,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset? AcceptedAt,
    string? AcceptedBy,
    int? TermsVersion);

/// <summary>One account as its section or the PR office sees it.</summary>
public sealed record AccountDetail(
    Guid Id,
    AccountStatus Status,
    string StatusLabel,
    Guid SectionId,
    string Section,
    int Version,
    bool IsOverdue,
    string? ReturnReason,
    PolicyView CurrentPolicy,
    PolicyView? OpenPolicy,
    PolicyView? AcceptedPolicy,
    IReadOnlyList<PolicyVersionSummary> Versions,
    IReadOnlyList<OperatorView> Operators,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ListingRequestedAt,
    DateTimeOffset? ListedAt,
    string? ListedBy,
    DateOnly? ClosedOn,
    string? CloseReason,
    DateTimeOffset? DelistingRequestedAt,
    string? DelistingRequestedBy,
    DateTimeOffset? ClosedAt,
    string? ClosedBy,
    string? PublicPolicyUrl);

public sealed record StaffView(string UserId, string Name);

public sealed record UnitView(Guid Id, string Name);

public sealed record SectionStaff(Guid SectionId, string Section, IReadOnlyList<StaffView> Staff, IReadOnlyList<UnitView> Units);

internal static class ApiDays
{
    public static IReadOnlyList<DayOfWeek> FromFlags(OperatingDays days) => PolicyEntry.Week.Where(d => PolicyContent.Includes(days, d)).ToList();
}

/// <summary>Small explicit projections from the entities to what the API answers.</summary>
internal static class AccountViews
{
    public static async Task<AccountDetail> DetailAsync(AppDbContext db, SocialAccount a, DateOnly today, CancellationToken ct)
    {
        var section = await db.Sections.AsNoTracking().Where(s => s.Id == a.SectionId)
            .Select(s => s.Department.Name + " " + s.Name).FirstAsync(ct);
        var units = await db.Units.AsNoTracking().Where(u => u.SectionId == a.SectionId).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var termIds = a.Policies.Select(p => p.TermsVersionId).OfType<Guid>().Distinct().ToList();
        var terms = await db.TermsVersions.AsNoTracking().Where(t => termIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Number, ct);
        PolicyView? View(PolicyVersion? p) => p is null ? null : Policy(p, units, terms);
        var open = a.OpenPolicy;
        return new AccountDetail(
            a.Id, a.Status, Labels.Of(a.Status), a.SectionId, section, a.Version, a.IsOverdue(today),
            open is { Status: PolicyVersionStatus.Draft } ? open.ReturnReason : null,
            View(a.CurrentPolicy)!, View(open), View(a.AcceptedPolicy),
            a.Policies.OrderBy(p => p.Number).Select(p => new PolicyVersionSummary(p.Number, p.Status, Labels.Of(p.Status), p.CreatedAt,
                p.CreatedByName, p.SubmittedAt, p.AcceptedAt, p.AcceptedByName, TermsNumber(p, terms))).ToList(),
            a.Operators.OrderBy(o => o.Name, StringComparer.Ordinal).Select(o => new OperatorView(o.UserId, o.Name)).ToList(),
            a.CreatedAt, a.ListingRequestedAt, a.ListedAt, a.ListedByName, a.ClosedOn, a.CloseReason,
            a.DelistingRequestedAt, a.DelistingRequestedByName, a.ClosedAt, a.ClosedByName,
            a.Status == AccountStatus.Listed ? $"/policies/{a.Id}" : null);
    }

    public static async Task<List<AccountSummary>> SummariesAsync(AppDbContext db, IReadOnlyList<SocialAccount> accounts, DateOnly today, CancellationToken ct)
    {
        var sectionIds = accounts.Select(a => a.SectionId).Distinct().ToList();
        var sections = await db.Sections.AsNoTracking().Where(s => sectionIds.Contains(s.Id))
            .Select(s => new { s.Id, Name = s.Department.Name + " " + s.Name }).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        return accounts
            .Select(a =>
            {
                var p = a.CurrentPolicy;
                var open = a.OpenPolicy;
                return new AccountSummary(a.Id, a.Status, Labels.Of(a.Status), a.SectionId, sections.GetValueOrDefault(a.SectionId, ""),
                    p.AccountName, p.Platform, p.AccountUrl, p.PeriodStart, p.PeriodEnd, a.IsOverdue(today), open?.Status,
                    open is { Status: PolicyVersionStatus.Draft } ? open.ReturnReason : null, a.Version);
            })
            .OrderBy(s => s.Section, StringComparer.Ordinal).ThenBy(s => s.AccountName, StringComparer.Ordinal)
            .ToList();
    }

    private static int? TermsNumber(PolicyVersion p, Dictionary<Guid, int> terms) =>
        p.TermsVersionId is { } id && terms.TryGetValue(id, out var n) ? n : null;

    private static PolicyView Policy(PolicyVersion p, Dictionary<Guid, string> units, Dictionary<Guid, int> terms) => new(
        p.Number, p.Status, Labels.Of(p.Status), p.UnitId, p.UnitId is { } u ? units.GetValueOrDefault(u) : null,
        p.OwnerKind, p.RelatedOrganisationName, p.Platform, p.OtherPlatformName, p.PlatformLabel, p.AccountName, p.AccountUrl, p.AlternateUrls,
        p.Content, p.Purpose, p.PeriodStart, p.PeriodEnd, ApiDays.FromFlags(p.OperatingDays),
        p.HoursStart?.ToString("HH:mm", CultureInfo.InvariantCulture), p.HoursEnd?.ToString("HH:mm", CultureInfo.InvariantCulture),
        p.ExcludeHolidays, p.HoursNote, p.HoursText, p.ReplyPolicy, p.ReplyWording, p.Remarks, TermsNumber(p, terms),
        p.CreatedAt, p.CreatedByName, p.SubmittedAt, p.SubmittedByName, p.AcceptedAt, p.AcceptedByName,
        p.ReturnReason, p.ReturnedAt, p.ReturnedByName);
}
