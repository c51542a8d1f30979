using System.ComponentModel;
using System.Text.Json;
using MuniSocial.Domain.Posts;
using MuniSocial.Domain.Publishing;

namespace MuniSocial.Features.Posts;

// The bodies of the posts API. Property names are the JSON names (camelCase); enums go out as their names, as strings.

/// <summary>One finding of the content check: where it is in the text, the clause, and the key to acknowledge a warning with.</summary>
public sealed record FindingDto(string Kind, string Severity, string Clause, int Start, int Length, string Message, string Key);

public sealed record ContentCheckResult(IEnumerable<FindingDto> Findings);

/// <summary>A post in a list (the text cut at 100 characters).</summary>
public sealed record PostSummary(Guid Id, Guid AccountId, string Kind, string Status, string Text, string Author, string? Category, DateTimeOffset UpdatedAt, int Version);

public sealed record PostAuthor(string Id, string Name);

public sealed record PostMediaView(Guid Id, string Name, string ContentType, long Size, bool Portrait, bool Copyright, bool PersonalInfo);

/// <summary>The answer to an upload: the stored file (its type as sniffed from its content).</summary>
public sealed record MediaUploaded(Guid Id, string Name, string ContentType, long Size);

public sealed record PostReviewView(string Step, string Decision, string? Comment, string By, DateTimeOffset At);

/// <summary>One submission as it was: the text, the findings at that time (as recorded) and the warnings acknowledged.</summary>
public sealed record PostRoundView(int Number, DateTimeOffset SubmittedAt, string SubmittedBy, string Text, bool RequiresCheck, bool RequiresApproval,
    [property: Description("提出時の内容チェックの結果（記録したままの形）")] JsonElement Findings,
    IReadOnlyList<string> Acknowledged, IEnumerable<PostReviewView> Reviews,
    [property: Description("提出時の事前承認区分と、A のときの公開済みの情報のURL")] string? Category = null, string? PublicSourceUrl = null);

/// <summary>A post with its findings now, its files and every round; <c>version</c> is also its ETag.</summary>
public sealed record PostDetail(
    Guid Id,
    Guid AccountId,
    Guid SectionId,
    string Platform,
    string Kind,
    string Status,
    string StatusLabel,
    int Version,
    string Text,
    IReadOnlyList<string> Links,
    string FullText,
    string? Category,
    DateTimeOffset? ScheduledAt,
    string? ReplyTo,
    Guid? CorrectsPostId,
    PostAuthor Author,
    bool RequiresCheck,
    bool RequiresApproval,
    DateTimeOffset? ApprovedAt,
    string? ApprovedBy,
    string? PublishedUrl,
    DateTimeOffset? PublishedAt,
    string? PublishedBy,
    IEnumerable<FindingDto> Findings,
    IEnumerable<PostMediaView> Media,
    IEnumerable<PostRoundView> Rounds,
    [property: Description("事前承認区分 A（情報が既に公開済である内容）のとき: その情報を公開しているページのURL")] string? PublicSourceUrl = null,
    [property: Description("返信のとき: 答える利用者の書込み（GET /api/v1/comments/{id}）")] Guid? CommentId = null,
    [property: Description("返信のとき: 暫定回答（後日正式に回答する）かどうか")] bool Interim = false,
    [property: Description("暫定回答のとき: 正式な回答の予定日")] DateOnly? FormalDueOn = null,
    [property: Description("どのように発信されたか: Manual（手で投稿して記録）/ Connector（MuniSocialから発信）/ OutsideSystem（システム外の投稿として記録）")] string? PublishedVia = null,
    [property: Description("プラットフォームでの投稿のID（MuniSocialから発信したとき、または監視で確認したとき）")] string? PlatformPostId = null,
    [property: Description("MuniSocialからの発信（接続したアカウント）: 送信の状態。接続していなければ null")] PublicationView? Publication = null,
    [property: Description("発信の依頼への応答のとき: 発信を止めない注意（code: outside-operating-hours = 運用時間外）")] IReadOnlyList<PublishWarningView>? Warnings = null);

/// <summary>The outbox entry of a post sent through the connector.</summary>
public sealed record PublicationView(
    [property: Description("Queued（送信待ち）/ Sending（送信中）/ Sent（送信済）/ NeedsCheck（要確認）/ Failed（送信失敗）/ Cancelled（取りやめ）")] string State,
    string Label,
    [property: Description("この日時より前には送信しない（予約日時）")] DateTimeOffset NotBefore,
    int Attempts,
    [property: Description("プラットフォームの応答（最後の失敗）、または要確認の理由")] string? LastError,
    string? PlatformPostId,
    string? PlatformUrl,
    [property: Description("状態の説明（プラットフォームの応答を含む日本語の文）")] string? Message,
    [property: Description("再送・送信済の確認のときに body の version に指定できる版")] int Version);

/// <summary>A warning that does not stop the action.</summary>
public sealed record PublishWarningView(string Code, string Message);

/// <summary>A section's posting rules; <c>version</c> is also its ETag.</summary>
public sealed record SectionPostSettingsView(Guid SectionId, IEnumerable<string> PreApproved, string SecondCheck, int Version, DateTimeOffset? UpdatedAt, string? UpdatedBy,
    [property: Description("D（その他、主管課で所属長の了承を不要と判断できる内容）の範囲（所属長が記入）")] string? CategoryDScope = null);

/// <summary>The content check's dictionaries (one entry a line) and the kinds that block; <c>version</c> is also its ETag.</summary>
public sealed record ContentCheckSettingsView(string Expressions, string ConfidentialMarkers, string DecisionMarkers, string Exceptions, string ShortenerHosts,
    string OwnDomains, IEnumerable<string> ErrorKinds, int Version, DateTimeOffset? UpdatedAt, string? UpdatedBy);

public sealed record ArchiveReviewView(string Step, string Decision, string? Comment, string By, DateTimeOffset At);

public sealed record ArchiveRoundView(int Number, DateTimeOffset SubmittedAt, string SubmittedBy, string Text,
    [property: Description("提出時の内容チェックの結果（記録したままの形）")] JsonElement Findings,
    IReadOnlyList<string> Acknowledged, IEnumerable<ArchiveReviewView> Reviews);

/// <summary>A published post in the archive (§5(5)), with the correction that followed it, if any, and its trail.</summary>
public sealed record ArchiveEntryView(Guid Id, Guid AccountId, string AccountName, string Kind, string Text, IReadOnlyList<string> Links, string? Category,
    string? PublishedUrl, DateTimeOffset? PublishedAt, string? PublishedBy, string Author, string? ApprovedBy, Guid? CorrectsPostId, Guid? CorrectedByPostId,
    IEnumerable<ArchiveRoundView> Rounds,
    [property: Description("事前承認区分 A のとき: 公開済みの情報のURL")] string? PublicSourceUrl = null,
    [property: Description("発信の方法: Manual（手動で記録）/ Connector（MuniSocialから発信）/ OutsideSystem（システム外の投稿として市広報担当が記録）")] string PublishedVia = "Manual",
    string? PublishedViaLabel = null,
    [property: Description("プラットフォームの投稿ID（接続から発信、または監視で検知したもの）")] string? PlatformPostId = null,
    [property: Description("実際に発信した本文（接続から発信したときは送信した本文そのもの）")] string? TextWentOut = null,
    [property: Description("システム外の投稿: 投稿した人と理由（市広報担当の記録）")] string? OutsideNote = null,
    IReadOnlyList<string>? Files = null);

/// <summary>The views of the API bodies, in one place.</summary>
public static class PostViews
{
    public static FindingDto ToDto(Finding f, string text) =>
        new(FindingKinds.Code(f.Kind), f.Severity == Severity.Error ? "error" : "warning", f.Clause, f.Start, f.Length, f.Message, f.Key(text));

    public static PostSummary Summary(Post p) =>
        new(p.Id, p.AccountId, p.Kind.ToString(), p.Status.ToString(), p.Text.Length > 100 ? p.Text[..100] + "…" : p.Text, p.AuthorName,
            p.Category?.ToString(), p.UpdatedAt, p.Version);

    public static PostDetail Detail(Post p, IReadOnlyList<Finding> findings, Publication? publication = null)
    {
        var full = p.FullText;
        return new PostDetail(p.Id, p.AccountId, p.SectionId, p.Platform.ToString(), p.Kind.ToString(), p.Status.ToString(), Post.Label(p.Status), p.Version,
            p.Text, p.LinkList, full, p.Category?.ToString(), p.ScheduledAt, p.ReplyTo, p.CorrectsPostId, new PostAuthor(p.AuthorId, p.AuthorName),
            p.RequiresCheck, p.RequiresApproval, p.ApprovedAt, p.ApprovedByName, p.PublishedUrl, p.PublishedAt, p.PublishedByName,
            [.. findings.Select(f => ToDto(f, full))],
            [.. p.Media.Select(m => new PostMediaView(m.Id, m.OriginalName, m.ContentType, m.Size, m.PortraitConfirmed, m.CopyrightConfirmed, m.PersonalInfoConfirmed))],
            [.. p.Rounds.OrderBy(r => r.Number).Select(r => new PostRoundView(r.Number, r.SubmittedAt, r.SubmittedByName, r.Text, r.RequiresCheck, r.RequiresApproval,
                JsonSerializer.Deserialize<JsonElement>(r.FindingsJson), r.Acknowledged,
                [.. p.Reviews.Where(v => v.Round == r.Number).OrderBy(v => v.At).Select(v => new PostReviewView(v.Step.ToString(), v.Decision.ToString(), v.Comment, v.ByName, v.At))],
                r.Category?.ToString(), r.PublicSourceUrl))],
            p.PublicSourceUrl, p.CommentId, p.Interim, p.FormalDueOn,
            p.Status == PostStatus.Published ? p.PublishedVia.ToString() : null, p.PlatformPostId, publication is null ? null : Of(publication));
    }

    public static PublicationView Of(Publication x) =>
        new(x.State.ToString(), Publication.Label(x.State), x.NotBefore, x.Attempts, x.LastError, x.PlatformPostId, x.PlatformUrl,
            Publishing.PublicationSender.Describe(x) is { Length: > 0 } m ? m : null, x.Version);

    public static MediaUploaded Uploaded(PostMedia m) => new(m.Id, m.OriginalName, m.ContentType, m.Size);

    public static SectionPostSettingsView Settings(SectionPostSettings s) =>
        new(s.SectionId, [.. Enum.GetValues<PostCategory>().Where(c => s.PreApproved.HasFlag(PostRouting.Flag(c))).Select(c => c.ToString())],
            s.SecondCheck.ToString(), s.Version, s.UpdatedAt, s.UpdatedByName, s.CategoryDScope);

    public static ContentCheckSettingsView CheckSettings(ContentCheckSettings s) =>
        new(s.Expressions, s.ConfidentialMarkers, s.DecisionMarkers, s.Exceptions, s.ShortenerHosts, s.OwnDomains,
            [.. s.ErrorKindSet.Select(FindingKinds.Code)], s.Version, s.UpdatedAt, s.UpdatedByName);
}
