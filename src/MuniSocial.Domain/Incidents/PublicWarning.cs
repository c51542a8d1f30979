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

    /// <summary>
    /// The PR office publishes a warning from an open impersonation or hijack incident. <paramref name="alreadyPublished"/>
    /// is whether the incident has a warning published and not withdrawn (one at a time: to change it, withdraw it first).
    /// </summary>
    public static PublicWarning Publish(Actor by, Incident incident, string? title, string? body, DateTimeOffset at, bool alreadyPublished = false)
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
        if (alreadyPublished)
        {
            throw new DomainRuleException("このインシデントの注意喚起は既に公開中です。内容を改めるときは、公開中のものを取り下げてから公開してください。", "warning-published");
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

    /// <summary>Where citizens read it: its entry on the public page of impersonation warnings.</summary>
    public string PublicUrl => PublicUrlOf(Id);

    public static string PublicUrlOf(Guid id) => $"/impersonation#warning-{id}";

    public static string Label(WarningKind kind) => kind switch
    {
        WarningKind.Impersonation => "なりすまし",
        WarningKind.Compromised => "乗っ取り",
        _ => kind.ToString(),
    };

    /// <summary>The API's and verify's name of the kind: "impersonation" or "compromised".</summary>
    public static string Code(WarningKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>
    /// What the PR office starts from (§5(5)イ(イ)): a title and body drafted from the incident, to edit before publishing.
    /// <paramref name="accountName"/>/<paramref name="accountUrl"/> name the hijacked official account.
    /// </summary>
    public static (string Title, string Body) Draft(Incident incident, string? accountName, string? accountUrl) => incident.Kind switch
    {
        IncidentKind.Hijack => (
            $"名寄市公式アカウント「{accountName}」が乗っ取られています",
            $"{Wareki.Format(Wareki.TodayIn(incident.CompromisedSince ?? incident.OpenedAt))}から、名寄市の公式アカウント「{accountName}」（{accountUrl}）が第三者に乗っ取られ、市が管理できない状態になっています。\n"
            + "このアカウントの投稿やメッセージを信用せず、記載されたリンクを開いたり、個人情報やパスワードを入力したりしないでください。\n"
            + "復旧しましたら、このページでお知らせします。"),
        _ => (
            "名寄市を名乗る偽アカウントにご注意ください",
            "名寄市を名乗る偽のアカウント（なりすまし）が確認されました。\n"
            + $"偽アカウントのアドレス：{incident.FakeUrl}\n"
            + "このアカウントは名寄市とは関係がありません。フォローしたり、メッセージに返信したり、個人情報やパスワードを入力したりしないでください。\n"
            + "名寄市の公式アカウントは「名寄市ソーシャルメディア一覧」に掲載しているものだけです。公式かどうかは「公式アカウントか確認する」で確かめられます。"),
    };

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
