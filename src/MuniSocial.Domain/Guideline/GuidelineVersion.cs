using System.Text.Json;
using MuniSocial.Domain.Audit;

namespace MuniSocial.Domain.Guideline;

/// <summary>
/// One version of 名寄市ソーシャルメディアガイドライン as the staff must read it (§2, §6). The PR office
/// registers a new version when the city revises the guideline; the newest version whose effective date
/// has come is the current one, and every staff user confirms it again (see <see cref="GuidelineAcknowledgement"/>).
/// Versions are never edited: a correction is a new version.
/// </summary>
public sealed class GuidelineVersion : AuditedEntity
{
    public const int SummaryMax = 2000;
    public const int TextMax = 200_000;

    private GuidelineVersion() { }

    public Guid Id { get; private set; }

    /// <summary>第N版, assigned in order (1, 2, …).</summary>
    public int Number { get; private set; }

    /// <summary>The day (Asia/Tokyo) from which this version applies.</summary>
    public DateOnly EffectiveFrom { get; private set; }

    /// <summary>What changed from the previous version (for v1: where the text comes from).</summary>
    public string Summary { get; private set; } = "";

    /// <summary>The full text of the guideline.</summary>
    public string Text { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedById { get; private set; } = "";
    public string CreatedByName { get; private set; } = "";

    /// <summary>Whether this version applies on <paramref name="today"/>.</summary>
    public bool IsEffectiveOn(DateOnly today) => EffectiveFrom <= today;

    /// <summary>Version 1: the city's published guideline, put in place by the system when the database is first set up.</summary>
    public static GuidelineVersion First(string text, DateOnly effectiveFrom, string summary, DateTimeOffset at)
    {
        var version = new GuidelineVersion
        {
            Id = Guid.CreateVersion7(),
            Number = 1,
            EffectiveFrom = effectiveFrom,
            Summary = summary,
            Text = text,
            CreatedAt = at,
            CreatedById = "system",
            CreatedByName = "システム（初期設定）",
        };
        version.AuditPublished(at);
        return version;
    }

    /// <summary>
    /// The PR office registers a revised guideline. <paramref name="latest"/> is the newest version so far:
    /// the new one gets the next number and may not apply before it (the order of versions is the order of dates).
    /// </summary>
    public static GuidelineVersion Publish(Actor by, GuidelineVersion? latest, DateOnly? effectiveFrom, string? summary, string? text, DateTimeOffset at)
    {
        if (!by.Is(Role.PrOffice))
        {
            throw new DomainForbiddenException("ガイドラインの改訂を登録できるのは市広報担当です。");
        }
        var errors = new Dictionary<string, string[]>();
        if (effectiveFrom is null)
        {
            errors["effectiveFrom"] = ["適用日を入力してください。"];
        }
        else if (latest is not null && effectiveFrom < latest.EffectiveFrom)
        {
            errors["effectiveFrom"] = [$"適用日は、第{latest.Number}版の適用日（{Wareki.Format(latest.EffectiveFrom)}）以降の日付にしてください。"];
        }
        var cleanSummary = summary?.Trim() ?? "";
        if (cleanSummary.Length == 0)
        {
            errors["summary"] = ["改訂の概要（変更点）を入力してください。"];
        }
        else if (cleanSummary.Length > SummaryMax)
        {
            errors["summary"] = [$"改訂の概要は{SummaryMax:N0}文字以内で入力してください（現在{cleanSummary.Length:N0}文字）。"];
        }
        var cleanText = NormalizeText(text);
        if (cleanText.Length == 0)
        {
            errors["text"] = ["ガイドラインの全文を入力してください。"];
        }
        else if (cleanText.Length > TextMax)
        {
            errors["text"] = [$"全文は{TextMax:N0}文字以内で入力してください（現在{cleanText.Length:N0}文字）。"];
        }
        else if (latest is not null && cleanText == NormalizeText(latest.Text))
        {
            errors["text"] = [$"全文が第{latest.Number}版と同じです。改訂後の全文を入力してください。"];
        }
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }
        var version = new GuidelineVersion
        {
            Id = Guid.CreateVersion7(),
            Number = (latest?.Number ?? 0) + 1,
            EffectiveFrom = effectiveFrom!.Value,
            Summary = cleanSummary,
            Text = cleanText,
            CreatedAt = at,
            CreatedById = by.UserId,
            CreatedByName = by.Name,
        };
        version.AuditPublished(at);
        return version;
    }

    /// <summary>Line ends as \n and no trailing blanks, so that the same text pasted twice compares equal.</summary>
    public static string NormalizeText(string? text) =>
        (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();

    private void AuditPublished(DateTimeOffset at) =>
        Audit(new AuditRecord("guideline.version-published", nameof(GuidelineVersion), Id.ToString(), CreatedById, CreatedByName, at, null,
            JsonSerializer.Serialize(new { number = Number, effectiveFrom = EffectiveFrom.ToString("yyyy-MM-dd"), summary = Summary, textLength = Text.Length },
                Accounts.PolicyVersion.SnapshotOptions)));
}

/// <summary>
/// A staff user's confirmation (§2, §6) that they have read version N of the guideline and its §6 conduct
/// rules and will follow them. One per user per version.
/// </summary>
public sealed class GuidelineAcknowledgement : AuditedEntity
{
    public const string ReadGuidelineMessage = "ガイドラインを読んだことを確認し、チェックを入れてください。";
    public const string ReadConductMessage = "「６ ソーシャルメディアを安全に利用するための留意点」を読み、遵守することを確認し、チェックを入れてください。";

    private GuidelineAcknowledgement() { }

    public Guid Id { get; private set; }
    public string UserId { get; private set; } = "";
    public string UserName { get; private set; } = "";
    public Guid VersionId { get; private set; }
    public int VersionNumber { get; private set; }
    public DateTimeOffset At { get; private set; }

    /// <summary>
    /// Records that <paramref name="by"/> read <paramref name="version"/> (both boxes ticked). <paramref name="alreadyAcknowledged"/>
    /// is whether this user has an acknowledgement of this version already.
    /// </summary>
    public static GuidelineAcknowledgement Record(Actor by, GuidelineVersion version, bool readGuideline, bool readConductRules,
        DateTimeOffset at, bool alreadyAcknowledged)
    {
        var errors = new Dictionary<string, string[]>();
        if (!readGuideline)
        {
            errors["readGuideline"] = [ReadGuidelineMessage];
        }
        if (!readConductRules)
        {
            errors["readConductRules"] = [ReadConductMessage];
        }
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }
        if (!version.IsEffectiveOn(Wareki.TodayIn(at)))
        {
            throw new DomainRuleException($"第{version.Number}版はまだ適用されていません（適用日: {Wareki.Format(version.EffectiveFrom)}）。", "guideline-not-effective");
        }
        if (alreadyAcknowledged)
        {
            throw new DomainRuleException($"ガイドライン第{version.Number}版は既に確認済みです。", "guideline-already-acknowledged");
        }
        return Create(by.UserId, by.Name, version, at, by.UserId, by.Name);
    }

    /// <summary>The demo users are set up as having read version 1, so that the demo can be used at once.</summary>
    public static GuidelineAcknowledgement ForDemoUser(string userId, string userName, GuidelineVersion version, DateTimeOffset at) =>
        Create(userId, userName, version, at, "system", "デモデータ");

    private static GuidelineAcknowledgement Create(string userId, string userName, GuidelineVersion version, DateTimeOffset at, string actorId, string actorName)
    {
        var ack = new GuidelineAcknowledgement
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            UserName = userName,
            VersionId = version.Id,
            VersionNumber = version.Number,
            At = at,
        };
        ack.Audit(new AuditRecord("guideline.acknowledged", nameof(GuidelineVersion), version.Id.ToString(), actorId, actorName, at, null,
            JsonSerializer.Serialize(new { version = version.Number, userId, userName, guidelineRead = true, conductRulesRead = true },
                Accounts.PolicyVersion.SnapshotOptions)));
        return ack;
    }
}
