using System.Text.Json;
using MuniSocial.Domain.Audit;

namespace MuniSocial.Domain.Incidents;

/// <summary>What a public warning tells citizens about.</summary>
public enum WarningKind
{
    /// <summary>A fake account pretending to be the city's (§5(5)イ(イ)): verify answers "impersonation" for its URL.</summary>
    Impersonation,
    /// <summary>An official account someone else controls: verify answers "compromised" for it.</summary>
    Compromised,
}

/// <summary>
/// A warning the PR office publishes from an incident (市公式ホームページで公開, §5(5)イ(イ)). Nothing is public before
/// it is published; a withdrawal keeps the record and is audited.
/// </summary>
public sealed class PublicWarning : AuditedEntity
{
    public const int MaxTitle = 200;
    public const int MaxBody = 4000;

    private PublicWarning() { }

    public Guid Id { get; private set; }
    public Guid IncidentId { get; private set; }
    public WarningKind Kind { get; private set; }
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";

    /// <summary>Impersonation: the fake account (as entered and normalised).</summary>
    public string? FakeUrl { get; private set; }
    public string? FakeUrlNormalized { get; private set; }

    /// <summary>Compromised: the official account concerned, and since when.</summary>
    public Guid? AccountId { get; private set; }
    public DateTimeOffset? CompromisedSince { get; private set; }

    public DateTimeOffset PublishedAt { get; private set; }
    public string PublishedByName { get; private set; } = "";
    public DateTimeOffset? WithdrawnAt { get; private set; }
    public string? WithdrawnByName { get; private set; }
    public string? WithdrawalReason { get; private set; }

    public bool IsPublished => WithdrawnAt is null;

    /// <summary>The PR office publishes a warning from an open impersonation or hijack incident.</summary>
    public static PublicWarning Publish(Actor by, Incident incident, string? title, string? body, DateTimeOffset at)
    {
        if (!by.Is(Role.PrOffice))
        {
            throw new DomainForbiddenException("注意喚起を公開できるのは市広報担当です。");
        }
        var kind = incident.Kind switch
        {
            IncidentKind.Impersonation => WarningKind.Impersonation,
            IncidentKind.Hijack => WarningKind.Compromised,
            _ => throw new DomainRuleException($"公開の注意喚起は「なりすまし」と「乗っ取り」のインシデントから作成します（このインシデント: {Incident.Label(incident.Kind)}）。", "warning-kind"),
        };
        if (!incident.IsOpen)
        {
            throw new DomainRuleException("終了したインシデントから注意喚起は公開できません。", "incident-closed");
        }
        var errors = new Dictionary<string, string[]>();
        var t = title?.Trim() ?? "";
        var b = body?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim() ?? "";
        if (t.Length is 0 or > MaxTitle)
        {
            errors["title"] = [$"注意喚起の見出しを{MaxTitle}文字以内で入力してください。"];
        }
        if (b.Length is 0 or > MaxBody)
        {
            errors["body"] = [$"注意喚起の本文を{MaxBody}文字以内で入力してください。"];
        }
        if (kind == WarningKind.Compromised && !incident.AccountIds.Any())
        {
            errors["accountId"] = ["乗っ取られたアカウントがインシデントに登録されていません。"];
        }
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }
        var warning = new PublicWarning
        {
            Id = Guid.CreateVersion7(),
            IncidentId = incident.Id,
            Kind = kind,
            Title = t,
            Body = b,
            FakeUrl = kind == WarningKind.Impersonation ? incident.FakeUrl : null,
            FakeUrlNormalized = kind == WarningKind.Impersonation ? incident.FakeUrlNormalized : null,
            AccountId = kind == WarningKind.Compromised ? incident.AccountIds.First() : null,
            CompromisedSince = kind == WarningKind.Compromised ? incident.CompromisedSince ?? incident.OpenedAt : null,
            PublishedAt = at,
            PublishedByName = by.Name,
        };
        warning.Audit(new AuditRecord("warning.published", nameof(PublicWarning), warning.Id.ToString(), by.UserId, by.Name, at, null, warning.Snapshot()));
        incident.AddSystemStep(by, "public-warning", $"注意喚起を公開しました:「{t}」", at);
        return warning;
    }

    /// <summary>The PR office withdraws a published warning, with a reason; the record stays.</summary>
    public void Withdraw(Actor by, string? reason, DateTimeOffset at)
    {
        if (!by.Is(Role.PrOffice))
        {
            throw new DomainForbiddenException("注意喚起を取り下げられるのは市広報担当です。");
        }
        if (!IsPublished)
        {
            throw new DomainRuleException("この注意喚起は既に取り下げられています。", "warning-withdrawn");
        }
        var text = reason?.Trim() ?? "";
        if (text.Length is 0 or > 1000)
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["reason"] = ["取り下げの理由を1000文字以内で入力してください。"] });
        }
        var before = Snapshot();
        WithdrawnAt = at;
        WithdrawnByName = by.Name;
        WithdrawalReason = text;
        Audit(new AuditRecord("warning.withdrawn", nameof(PublicWarning), Id.ToString(), by.UserId, by.Name, at, before, Snapshot(), text));
    }

    private string Snapshot() => JsonSerializer.Serialize(new
    {
        incidentId = IncidentId,
        kind = Kind.ToString(),
        title = Title,
        fakeUrl = FakeUrl,
        accountId = AccountId,
        publishedAt = PublishedAt,
        withdrawnAt = WithdrawnAt,
    });
}
