using MuniSocial.Domain.Accounts;

namespace MuniSocial.Domain.Forms;

/// <summary>The 運用ポリシー fields a form prints (a frozen copy of one policy version).</summary>
public sealed record PolicyFields(
    int Number,
    string? UnitName,
    OwnerKind OwnerKind,
    string? RelatedOrganisationName,
    Platform? Platform,
    string? OtherPlatformName,
    string? AccountName,
    string? AccountUrl,
    string? Content,
    string? Purpose,
    DateOnly? PeriodStart,
    DateOnly? PeriodEnd,
    string HoursText,
    ReplyPolicyKind? ReplyPolicy,
    string? ReplyWording,
    string? Remarks)
{
    /// <summary>この他のアドレス of the account, printed small under the URL.</summary>
    public IReadOnlyList<string> AlternateUrls { get; init; } = [];

    public static PolicyFields From(PolicyVersion p, string? unitName) => new(p.Number, unitName, p.OwnerKind, p.RelatedOrganisationName,
        p.Platform, p.OtherPlatformName, p.AccountName, p.AccountUrl, p.Content, p.Purpose, p.PeriodStart, p.PeriodEnd,
        p.HoursText, p.ReplyPolicy, p.ReplyWording, p.Remarks)
    { AlternateUrls = p.AlternateUrls };
}

/// <summary>The standard terms printed on 様式1 (その他).</summary>
public sealed record TermsFields(int Number, IReadOnlyList<string> Notices, string IntellectualProperty, IReadOnlyList<string> Disclaimers);

/// <summary>
/// Everything one form prints. A blank form (for a section that needs paper) has no date, no policy
/// and empty names.
/// </summary>
public sealed record FormData
{
    public required FormKind Kind { get; init; }
    public required OfficeValues Office { get; init; }

    /// <summary>The date printed (Tokyo day of the transition); null on a blank form.</summary>
    public DateOnly? Date { get; init; }
    public string? DocumentNumber { get; init; }
    public string DepartmentName { get; init; } = "";
    public string SectionName { get; init; } = "";
    public string SectionHeadTitle { get; init; } = "課長";

    /// <summary>担当 — the account's operators.</summary>
    public string ContactNames { get; init; } = "";
    public PolicyFields? Policy { get; init; }
    public TermsFields? Terms { get; init; }
    public DateOnly? ClosedOn { get; init; }
    public string? CloseReason { get; init; }

    public bool IsBlank => Date is null;
}
