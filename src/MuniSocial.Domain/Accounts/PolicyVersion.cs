using System.Text.Json;

namespace MuniSocial.Domain.Accounts;

/// <summary>
/// One version of an account's 運用ポリシー (様式1). The first is written with the account; a Listed
/// account's later versions are revisions that the PR office accepts before the public page shows them.
/// Accepted versions are never changed; they become Superseded when a newer one is accepted.
/// </summary>
public sealed class PolicyVersion
{
    private PolicyVersion() { }

    internal PolicyVersion(Guid accountId, int number, PolicyContent content, Actor by, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        AccountId = accountId;
        Number = number;
        Status = PolicyVersionStatus.Draft;
        CreatedAt = at;
        CreatedById = by.UserId;
        CreatedByName = by.Name;
        Apply(content, at);
    }

    public Guid Id { get; private set; }
    public Guid AccountId { get; private set; }
    public int Number { get; private set; }
    public PolicyVersionStatus Status { get; private set; }

    public Guid? UnitId { get; private set; }
    public OwnerKind OwnerKind { get; private set; }
    public string? RelatedOrganisationName { get; private set; }
    public Platform? Platform { get; private set; }
    public string? OtherPlatformName { get; private set; }
    public string? AccountName { get; private set; }
    public string? AccountUrl { get; private set; }
    public string? NormalizedUrl { get; private set; }

    /// <summary>この他のアドレス, one a line as entered (see <see cref="PolicyContent.AlternateUrls"/>).</summary>
    public string AlternateUrlsText { get; private set; } = "";

    public IReadOnlyList<string> AlternateUrls => AlternateUrlsText.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The canonical URLs of the account URL and the alternates: what another account may not use.</summary>
    public IEnumerable<string> NormalizedUrls() =>
        new[] { AccountUrl }.Concat(AlternateUrls).Select(u => Accounts.AccountUrl.For(u, Platform ?? Accounts.Platform.Other)?.Url).OfType<string>().Distinct();
    public string? Content { get; private set; }
    public string? Purpose { get; private set; }
    public DateOnly? PeriodStart { get; private set; }
    public DateOnly? PeriodEnd { get; private set; }
    public OperatingDays OperatingDays { get; private set; }
    public TimeOnly? HoursStart { get; private set; }
    public TimeOnly? HoursEnd { get; private set; }
    public bool ExcludeHolidays { get; private set; }
    public string? HoursNote { get; private set; }
    public ReplyPolicyKind? ReplyPolicy { get; private set; }
    public string? ReplyWording { get; private set; }
    public string? Remarks { get; private set; }

    /// <summary>The standard terms version this policy was accepted with (set on acceptance).</summary>
    public Guid? TermsVersionId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedById { get; private set; } = "";
    public string CreatedByName { get; private set; } = "";
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? SubmittedAt { get; private set; }
    public string? SubmittedById { get; private set; }
    public string? SubmittedByName { get; private set; }
    public DateTimeOffset? AcceptedAt { get; private set; }
    public string? AcceptedById { get; private set; }
    public string? AcceptedByName { get; private set; }

    /// <summary>Why the PR office returned it last (shown to the section until it is resubmitted).</summary>
    public string? ReturnReason { get; private set; }
    public DateTimeOffset? ReturnedAt { get; private set; }
    public string? ReturnedByName { get; private set; }

    public string PlatformLabel => PlatformLabels.Of(Platform, OtherPlatformName);

    public string HoursText => PolicyContent.DescribeHours(OperatingDays, HoursStart, HoursEnd, ExcludeHolidays, HoursNote);

    public PolicyContent ToContent() => new()
    {
        UnitId = UnitId,
        OwnerKind = OwnerKind,
        RelatedOrganisationName = RelatedOrganisationName,
        Platform = Platform,
        OtherPlatformName = OtherPlatformName,
        AccountName = AccountName,
        AccountUrl = AccountUrl,
        AlternateUrls = AlternateUrls,
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

    internal string Snapshot() => JsonSerializer.Serialize(ToContent(), SnapshotOptions);

    internal static readonly JsonSerializerOptions SnapshotOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    internal void Apply(PolicyContent content, DateTimeOffset at)
    {
        if (Status != PolicyVersionStatus.Draft)
        {
            throw new DomainRuleException("提出済みまたは公開済みの運用ポリシーは変更できません。改訂を作成してください。", "policy-frozen");
        }
        content = content.WithConsistentReplyWording();
        var problems = content.Problems(complete: false);
        if (problems.Count > 0)
        {
            throw new DomainValidationException(problems);
        }
        UnitId = content.UnitId;
        OwnerKind = content.OwnerKind;
        RelatedOrganisationName = Clean(content.OwnerKind == OwnerKind.RelatedOrganisation ? content.RelatedOrganisationName : null);
        Platform = content.Platform;
        OtherPlatformName = Clean(content.Platform == Accounts.Platform.Other ? content.OtherPlatformName : null);
        AccountName = Clean(content.AccountName);
        AccountUrl = Clean(content.AccountUrl);
        NormalizedUrl = AccountUrl is not null && Accounts.AccountUrl.TryNormalize(AccountUrl, Platform ?? Accounts.Platform.Other, out var n) ? n : null;
        AlternateUrlsText = string.Join('\n', content.AlternateUrls.Where(u => !string.IsNullOrWhiteSpace(u)).Select(u => u.Trim()));
        Content = Clean(content.Content);
        Purpose = Clean(content.Purpose);
        PeriodStart = content.PeriodStart;
        PeriodEnd = content.PeriodEnd;
        OperatingDays = content.OperatingDays;
        HoursStart = content.HoursStart;
        HoursEnd = content.HoursEnd;
        ExcludeHolidays = content.ExcludeHolidays;
        HoursNote = Clean(content.HoursNote);
        ReplyPolicy = content.ReplyPolicy;
        ReplyWording = Clean(content.ReplyWording);
        Remarks = Clean(content.Remarks);
        UpdatedAt = at;
    }

    internal void Submit(Actor by, DateTimeOffset at)
    {
        Status = PolicyVersionStatus.Submitted;
        SubmittedAt = at;
        SubmittedById = by.UserId;
        SubmittedByName = by.Name;
    }

    internal void SendBack(Actor by, string reason, DateTimeOffset at)
    {
        Status = PolicyVersionStatus.Draft;
        ReturnReason = reason;
        ReturnedAt = at;
        ReturnedByName = by.Name;
    }

    internal void Accept(Actor by, Guid termsVersionId, DateTimeOffset at)
    {
        Status = PolicyVersionStatus.Accepted;
        AcceptedAt = at;
        AcceptedById = by.UserId;
        AcceptedByName = by.Name;
        TermsVersionId = termsVersionId;
    }

    internal void Supersede() => Status = PolicyVersionStatus.Superseded;

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().ReplaceLineEndings("\n");
}
