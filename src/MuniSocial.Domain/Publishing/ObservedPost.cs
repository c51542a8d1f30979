using System.Text.Json;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Audit;

namespace MuniSocial.Domain.Publishing;

/// <summary>What the watch made of a post it read on a connected account.</summary>
public enum ObservedVerdict
{
    /// <summary>A post MuniSocial sent or recorded, with the text that was approved.</summary>
    Matched,

    /// <summary>Posted before the account was connected: history, not watched.</summary>
    BeforeConnection,

    /// <summary>未承認の投稿: MuniSocial did not send it and nobody recorded it.</summary>
    Unapproved,

    /// <summary>A post MuniSocial sent whose text on the platform differs from what was approved (edited there, or by someone else).</summary>
    TextDiffers,
}

/// <summary>What the PR office decided about an unapproved post or a differing text.</summary>
public enum ObservedResolution
{
    None,

    /// <summary>Posted outside the system by staff (who, why): it enters the archive.</summary>
    RecordedOutside,

    /// <summary>Not ours: a hijack incident was opened from it.</summary>
    HijackIncident,
}

/// <summary>A post as read back from the platform by the watch (plain text after the platform's rewriting undone).</summary>
public sealed record ObservedInput(string PlatformPostId, string? Url, string Text, DateTimeOffset? PostedAt);

/// <summary>
/// One post the watch read on a connected account, compared with the archive by the platform's post id and by its
/// text (§5(2)ウ: every post is approved; none of the anchors watches this). An unapproved post or a differing text
/// stays open — red on the board, e-mailed to the head and the PR office at once — until the PR office records it as
/// posted outside the system or opens a hijack incident from it. One row per (account, platform post id).
/// </summary>
public sealed class ObservedPost : AuditedEntity
{
    public const int MaxText = 70_000;

    private ObservedPost() { }

    public Guid Id { get; private set; }
    public Guid AccountId { get; private set; }
    public Guid SectionId { get; private set; }
    public Platform Platform { get; private set; }
    public string PlatformPostId { get; private set; } = "";
    public string? Url { get; private set; }
    public string Text { get; private set; } = "";
    public DateTimeOffset? PostedAt { get; private set; }
    public DateTimeOffset FirstSeenAt { get; private set; }
    public DateTimeOffset LastSeenAt { get; private set; }
    public ObservedVerdict Verdict { get; private set; }

    /// <summary>The archived post it matched (Matched, TextDiffers), or the one recorded from it (RecordedOutside).</summary>
    public Guid? PostId { get; private set; }

    /// <summary>For TextDiffers: the text that was approved and sent.</summary>
    public string? ApprovedText { get; private set; }
    public ObservedResolution Resolution { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }
    public string? ResolvedById { get; private set; }
    public string? ResolvedByName { get; private set; }

    /// <summary>Who posted it and why, as the PR office recorded (RecordedOutside).</summary>
    public string? OutsideAuthor { get; private set; }
    public string? OutsideReason { get; private set; }
    public Guid? IncidentId { get; private set; }
    public int Version { get; private set; }

    /// <summary>An unapproved post or a differing text nobody has decided about yet.</summary>
    public bool IsOpen => Verdict is ObservedVerdict.Unapproved or ObservedVerdict.TextDiffers && Resolution == ObservedResolution.None;

    public static ObservedPost Create(Guid accountId, Guid sectionId, Platform platform, ObservedInput input, ObservedVerdict verdict, Guid? postId,
        string? approvedText, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(input);
        var observed = new ObservedPost
        {
            Id = Guid.CreateVersion7(),
            AccountId = accountId,
            SectionId = sectionId,
            Platform = platform,
            PlatformPostId = input.PlatformPostId,
            Url = input.Url,
            Text = input.Text.Length > MaxText ? input.Text[..MaxText] : input.Text,
            PostedAt = input.PostedAt,
            FirstSeenAt = at,
            LastSeenAt = at,
            Verdict = verdict,
            PostId = postId,
            ApprovedText = verdict == ObservedVerdict.TextDiffers ? approvedText : null,
        };
        if (observed.IsOpen)
        {
            observed.Audit(new AuditRecord(verdict == ObservedVerdict.Unapproved ? "watch.unapproved-post" : "watch.text-differs", nameof(ObservedPost),
                observed.Id.ToString(), "system", SystemName, at, null,
                JsonSerializer.Serialize(new { accountId, platform = platform.ToString(), input.PlatformPostId, input.Url, postId })));
        }
        return observed;
    }

    public const string SystemName = "自動処理（発信の監視）";

    /// <summary>PR office roles only: records who posted it outside the system and why.</summary>
    public void RecordOutside(Actor by, string? author, string? reason, Guid recordedPostId, DateTimeOffset at)
    {
        RequireOpen(by);
        var errors = new Dictionary<string, string[]>();
        var who = author?.Trim() ?? "";
        var why = reason?.Trim() ?? "";
        if (who.Length == 0)
        {
            errors["author"] = ["投稿した人（所属・氏名）を入力してください。"];
        }
        else if (who.Length > 200)
        {
            errors["author"] = ["投稿した人は200文字以内で入力してください。"];
        }
        if (why.Length == 0)
        {
            errors["reason"] = ["システムを通さずに投稿した理由を入力してください。"];
        }
        else if (why.Length > 2000)
        {
            errors["reason"] = ["理由は2000文字以内で入力してください。"];
        }
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }
        Resolution = ObservedResolution.RecordedOutside;
        OutsideAuthor = who;
        OutsideReason = why;
        PostId = recordedPostId;
        Resolve(by, at, "watch.recorded-outside", JsonSerializer.Serialize(new { author = who, reason = why, postId = recordedPostId }));
    }

    /// <summary>Not ours: a hijack incident was opened from it (in the same save).</summary>
    public void LinkHijackIncident(Actor by, Guid incidentId, DateTimeOffset at)
    {
        RequireOpen(by);
        Resolution = ObservedResolution.HijackIncident;
        IncidentId = incidentId;
        Resolve(by, at, "watch.hijack-incident", JsonSerializer.Serialize(new { incidentId }));
    }

    /// <summary>Read again: the text on the platform now (a later edit of a matched post makes it TextDiffers, returned true).</summary>
    public bool SeenAgain(string text, string? approvedText, DateTimeOffset at)
    {
        LastSeenAt = at;
        var trimmed = text.Length > MaxText ? text[..MaxText] : text;
        if (trimmed == Text)
        {
            return false;
        }
        Text = trimmed;
        if (Verdict == ObservedVerdict.Matched && approvedText is not null && !PublishedText.Same(approvedText, trimmed))
        {
            Verdict = ObservedVerdict.TextDiffers;
            ApprovedText = approvedText;
            Version++;
            Audit(new AuditRecord("watch.text-differs", nameof(ObservedPost), Id.ToString(), "system", SystemName, at, null,
                JsonSerializer.Serialize(new { AccountId, platform = Platform.ToString(), PlatformPostId, Url, PostId })));
            return true;
        }
        return false;
    }

    public static string Label(ObservedVerdict v) => v switch
    {
        ObservedVerdict.Matched => "承認済みの投稿",
        ObservedVerdict.BeforeConnection => "接続前の投稿",
        ObservedVerdict.Unapproved => "未承認の投稿",
        ObservedVerdict.TextDiffers => "承認と異なる本文",
        _ => v.ToString(),
    };

    public static string Label(ObservedResolution r) => r switch
    {
        ObservedResolution.RecordedOutside => "システム外の投稿として記録",
        ObservedResolution.HijackIncident => "乗っ取りとしてインシデント登録",
        _ => "未対応",
    };

    private void RequireOpen(Actor by)
    {
        if (!by.Is(Role.PrOffice))
        {
            throw new DomainForbiddenException("未承認の投稿の扱いを決めるのは市広報担当です。");
        }
        if (!IsOpen)
        {
            throw new DomainRuleException($"この投稿は既に対応済みです（{Label(Resolution)}）。", "already-resolved");
        }
    }

    private void Resolve(Actor by, DateTimeOffset at, string action, string after)
    {
        ResolvedAt = at;
        ResolvedById = by.UserId;
        ResolvedByName = by.Name;
        Version++;
        Audit(new AuditRecord(action, nameof(ObservedPost), Id.ToString(), by.UserId, by.Name, at, null, after));
    }
}
