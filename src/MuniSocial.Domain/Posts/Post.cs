using System.Text.Json;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Audit;
using MuniSocial.Domain.Incidents;
using MuniSocial.Domain.Publishing;

namespace MuniSocial.Domain.Posts;

public enum PostKind
{
    Post,
    Reply,
    Correction,
}

public enum PostStatus
{
    /// <summary>Being written, or sent back for revision: the author edits it.</summary>
    Draft,
    /// <summary>Waiting for another staff member's check (§5(2)ウ(ウ)).</summary>
    AwaitingCheck,
    /// <summary>Waiting for the section head's 了承 (§5(2)ウ(ア)).</summary>
    AwaitingApproval,
    /// <summary>May be posted on the platform; then recorded as published.</summary>
    Approved,
    /// <summary>Posted; never edited or deleted (§5(5)ア(イ)).</summary>
    Published,
    /// <summary>Turned down; kept with its reasons.</summary>
    Rejected,
}

/// <summary>How a published post reached the platform.</summary>
public enum PublishedVia
{
    /// <summary>Posted by hand on the platform and recorded here (accounts without a connector).</summary>
    Manual,

    /// <summary>Sent by MuniSocial through the account's connector (the outbox).</summary>
    Connector,

    /// <summary>Found by the watch on the account without MuniSocial and recorded by the PR office as posted outside the system.</summary>
    OutsideSystem,
}

public enum ReviewStep
{
    Check,
    Approval,
}

public enum ReviewDecision
{
    Approve,
    SendBack,
    Reject,
}

/// <summary>What an author enters for a draft.</summary>
/// <param name="CommentId">For a reply: the recorded user's comment it answers (the comments inbox).</param>
/// <param name="Interim">For a reply: an interim answer (その旨を回答し、後日正式に回答), due formally on <paramref name="FormalDueOn"/>.</param>
public sealed record PostInput(string? Text, IReadOnlyList<string>? Links, PostCategory? Category, DateTimeOffset? ScheduledAt, string? ReplyTo = null,
    Guid? CommentId = null, bool Interim = false, DateOnly? FormalDueOn = null, string? PublicSourceUrl = null);

/// <summary>
/// A post or reply for one Listed account, from draft through check and approval to its publication record.
/// Every transition checks who acts and the state, throws a <see cref="DomainRuleException"/> a clerk can read,
/// bumps <see cref="Version"/> (the optimistic concurrency token) and queues its audit record.
/// </summary>
public sealed class Post : AuditedEntity
{
    public const int MaxTextLength = 63206;
    public const int MaxLinks = 10;
    public const int MaxComment = 2000;

    /// <summary>The reason recorded when the section head calls off a post held by a publishing pause.</summary>
    public const string HeldCancelReason = "一時停止中に保留された発信を取りやめ";

    private Post() { }

    public Guid Id { get; private set; }
    public Guid AccountId { get; private set; }
    public Guid SectionId { get; private set; }
    public Platform Platform { get; private set; }
    public PostKind Kind { get; private set; }
    public Guid? CorrectsPostId { get; private set; }

    /// <summary>For a reply: the user's comment being answered (its URL or a quotation).</summary>
    public string? ReplyTo { get; private set; }

    /// <summary>For a reply: the recorded comment it answers.</summary>
    public Guid? CommentId { get; private set; }

    /// <summary>For a reply: an interim answer, with the date by which the formal answer is due.</summary>
    public bool Interim { get; private set; }
    public DateOnly? FormalDueOn { get; private set; }
    public string Text { get; private set; } = "";

    /// <summary>Links, one a line, posted after the text.</summary>
    public string Links { get; private set; } = "";
    public PostCategory? Category { get; private set; }

    /// <summary>Category A (情報が既に公開済である内容): where the information is already public (https URL).</summary>
    public string? PublicSourceUrl { get; private set; }
    public DateTimeOffset? ScheduledAt { get; private set; }
    public PostStatus Status { get; private set; }
    public int Version { get; private set; }
    public string AuthorId { get; private set; } = "";
    public string AuthorName { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The current submission round (0 while never submitted).</summary>
    public int Round { get; private set; }
    public bool RequiresCheck { get; private set; }
    public bool RequiresApproval { get; private set; }
    public DateTimeOffset? ApprovedAt { get; private set; }
    public string? ApprovedByName { get; private set; }
    public string? PublishedUrl { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }
    public string? PublishedById { get; private set; }
    public string? PublishedByName { get; private set; }
    public DateTimeOffset? PublishRecordedAt { get; private set; }

    /// <summary>How it reached the platform; the platform's own id of the post when known (sent by a connector, or seen by the watch).</summary>
    public PublishedVia PublishedVia { get; private set; }
    public string? PlatformPostId { get; private set; }

    /// <summary>For a post recorded as posted outside the system: who posted it and why (the PR office's record).</summary>
    public string? OutsideNote { get; private set; }

    public List<PostRound> Rounds { get; private set; } = [];
    public List<PostReview> Reviews { get; private set; } = [];
    public List<PostMedia> Media { get; private set; } = [];

    public IReadOnlyList<string> LinkList => SplitLinks(Links);

    /// <summary>What goes out: the text, then the links, one a line. The content check runs on this.</summary>
    public string FullText => LinkList.Count == 0 ? Text : Text + "\n\n" + string.Join("\n", LinkList);

    public static IReadOnlyList<string> SplitLinks(string? links) =>
        [.. (links ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];

    public static Post Create(Actor by, SocialAccount account, PostKind kind, PostInput input, DateTimeOffset at)
    {
        if (!by.IsStaffOf(account.SectionId))
        {
            throw new DomainForbiddenException("発信の下書きを作成できるのは、アカウントの所属の担当者または所属長です。");
        }
        if (kind == PostKind.Correction)
        {
            throw new DomainRuleException("訂正の投稿は、公開済みの投稿から作成してください。", "correction-needs-original");
        }
        RequireListed(account);
        if (kind == PostKind.Reply && !account.OffersReplies)
        {
            // §5(1)キ: the account told its users it does not reply.
            throw new DomainRuleException($"「{account.CurrentPolicy.AccountName}」の運用ポリシーは「返信しない」です（{account.AcceptedPolicy!.ReplyWording}）。返信の投稿は作成できません（ガイドライン5(1)キ）。",
                "replies-not-offered");
        }
        var post = new Post
        {
            Id = Guid.CreateVersion7(),
            AccountId = account.Id,
            SectionId = account.SectionId,
            Platform = account.AcceptedPolicy?.Platform ?? Platform.Other,
            Kind = kind,
            CommentId = kind == PostKind.Reply ? input.CommentId : null,
            Status = PostStatus.Draft,
            AuthorId = by.UserId,
            AuthorName = by.Name,
            CreatedAt = at,
        };
        post.Apply(input, at);
        post.Record(by, at, "post.created", null, post.Snapshot());
        return post;
    }

    /// <summary>§5(5)ア(イ): a mistake is not deleted; a correction admits it and links to the original. Both stay.</summary>
    public static Post CreateCorrection(Actor by, SocialAccount account, Post original, PostInput input, DateTimeOffset at)
    {
        if (!by.IsStaffOf(original.SectionId))
        {
            throw new DomainForbiddenException("訂正の投稿を作成できるのは、元の投稿の所属の担当者または所属長です。");
        }
        if (original.Status != PostStatus.Published || original.PublishedUrl is null)
        {
            throw new DomainRuleException("訂正できるのは公開済みの投稿だけです。公開前の投稿は差戻しまたは修正してください。", "correction-needs-published");
        }
        if (account.Id != original.AccountId)
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["accountId"] = ["訂正は元の投稿と同じアカウントから発信してください。"] });
        }
        RequireListed(account);
        var text = input.Text?.Trim() ?? "";
        if (text.Length > 0 && !AdmitsError(text))
        {
            throw new DomainValidationException(new Dictionary<string, string[]>
            {
                ["text"] = ["訂正の投稿には、誤りがあったことを明記してください（例:「〇月〇日の投稿に誤りがありました。お詫びして訂正いたします。」ガイドライン5(5)ア(イ)）。"],
            });
        }
        var links = (input.Links ?? []).Where(l => !string.Equals(l.Trim(), original.PublishedUrl, StringComparison.Ordinal)).Prepend(original.PublishedUrl).ToList();
        var post = new Post
        {
            Id = Guid.CreateVersion7(),
            AccountId = account.Id,
            SectionId = account.SectionId,
            Platform = original.Platform,
            Kind = PostKind.Correction,
            CorrectsPostId = original.Id,
            Status = PostStatus.Draft,
            AuthorId = by.UserId,
            AuthorName = by.Name,
            CreatedAt = at,
        };
        // A correction is never within the pre-approved scope: the head approves it.
        post.Apply(input with { Links = links, Category = null }, at);
        post.Record(by, at, "post.correction-created", null, post.Snapshot(), $"訂正対象: {original.PublishedUrl}");
        return post;
    }

    public static bool AdmitsError(string text) =>
        text.Contains("訂正", StringComparison.Ordinal) || text.Contains("誤り", StringComparison.Ordinal) || text.Contains("誤って", StringComparison.Ordinal)
        || text.Contains("間違", StringComparison.Ordinal) || text.Contains("お詫び", StringComparison.Ordinal);

    public void Update(Actor by, PostInput input, DateTimeOffset at)
    {
        RequireAuthor(by, "下書きを編集");
        RequireStatus(PostStatus.Draft, "編集");
        if (Kind == PostKind.Correction)
        {
            if (input.Text is { Length: > 0 } t && !AdmitsError(t))
            {
                throw new DomainValidationException(new Dictionary<string, string[]> { ["text"] = ["訂正の投稿には、誤りがあったことを明記してください（ガイドライン5(5)ア(イ)）。"] });
            }
            var original = LinkList.Count > 0 ? LinkList[0] : null;
            var links = (input.Links ?? []).Where(l => l.Trim() != original).ToList();
            input = input with { Links = original is null ? links : links.Prepend(original).ToList(), Category = null };
        }
        // Whether a reply is an interim answer is decided when it is made from the comment; its due date may move.
        input = input with { Interim = Interim, FormalDueOn = input.FormalDueOn ?? FormalDueOn };
        var before = Snapshot();
        Apply(input, at);
        Touch(at);
        Record(by, at, "post.updated", before, Snapshot());
    }

    /// <summary>
    /// Why this draft may not be discarded by <paramref name="by"/> now (null when it may): a draft never submitted
    /// goes at the word of its author or the head of its section; once submitted it is a record and stays.
    /// </summary>
    /// <param name="hasRecords">Whether another record refers to the post (an incident, a comment, the outbox), so removing it would break that record.</param>
    public Refusal? DiscardRefusal(Actor by, bool hasRecords) =>
        !(by.UserId == AuthorId && by.IsStaffOf(SectionId)) && !by.IsHeadOf(SectionId)
            ? new Refusal("下書きを破棄できるのは、作成した職員またはその所属の所属長です。", "forbidden", Forbidden: true)
            : Status != PostStatus.Draft || Round > 0
                ? new Refusal("提出したことのある投稿は破棄できません。提出の記録として残します（差し戻された下書きは、直して再び提出するか、所属長が却下します）。", "post-discard-submitted")
                // A reply drafted from a user's comment is linked from that comment (its reply in progress).
                : hasRecords || CommentId is not null
                    ? new Refusal("この下書きは事案や利用者の書込みの記録から参照されているため、破棄できません。", "post-discard-has-records")
                    : null;

    /// <summary>
    /// 下書きの破棄 (issue 13 item 4): a draft never submitted is removed (the caller removes the entity and its files);
    /// the audit record "post.discarded" keeps what it was, so the audit trail still shows it.
    /// </summary>
    public void Discard(Actor by, DateTimeOffset at, bool hasRecords)
    {
        if (DiscardRefusal(by, hasRecords) is { } refusal)
        {
            throw refusal.ToException();
        }
        var before = Snapshot();
        Touch(at);
        Record(by, at, "post.discarded", before, null);
    }

    public const int MaxMedia = 4;

    /// <summary>The rules of <see cref="AddMedia"/>, checked before a file is written.</summary>
    public void EnsureCanAddMedia(Actor by)
    {
        RequireAuthor(by, "写真・動画を追加");
        RequireStatus(PostStatus.Draft, "写真・動画を追加");
        if (Media.Count >= MaxMedia)
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["file"] = [$"写真・動画は1件の投稿につき{MaxMedia}つまでです。"] });
        }
    }

    public void AddMedia(Actor by, PostMedia media, DateTimeOffset at)
    {
        EnsureCanAddMedia(by);
        Media.Add(media);
        Touch(at);
        Record(by, at, "post.media-added", null, JsonSerializer.Serialize(new { media.OriginalName, media.ContentType, media.Size }));
    }

    public PostMedia RemoveMedia(Actor by, Guid mediaId, DateTimeOffset at)
    {
        RequireAuthor(by, "写真・動画を削除");
        RequireStatus(PostStatus.Draft, "写真・動画の削除");
        var media = Media.FirstOrDefault(m => m.Id == mediaId) ?? throw new DomainValidationException(new Dictionary<string, string[]> { ["mediaId"] = ["指定の写真・動画はこの投稿にありません。"] });
        Media.Remove(media);
        Touch(at);
        Record(by, at, "post.media-removed", JsonSerializer.Serialize(new { media.OriginalName }), null);
        return media;
    }

    /// <summary>§5(4)イ: the author confirms 肖像権・著作権・個人情報 for each file.</summary>
    public void ConfirmMedia(Actor by, Guid mediaId, bool portrait, bool copyright, bool personalInfo, DateTimeOffset at)
    {
        RequireAuthor(by, "写真・動画の確認");
        RequireStatus(PostStatus.Draft, "写真・動画の確認");
        var media = Media.FirstOrDefault(m => m.Id == mediaId) ?? throw new DomainValidationException(new Dictionary<string, string[]> { ["mediaId"] = ["指定の写真・動画はこの投稿にありません。"] });
        media.Confirm(portrait, copyright, personalInfo, by, at);
        Touch(at);
        Record(by, at, "post.media-confirmed", null, JsonSerializer.Serialize(new { media.OriginalName, portrait, copyright, personalInfo }));
    }

    /// <summary>
    /// Submit for check/approval. The findings are the content check of <see cref="FullText"/> now; errors block,
    /// every warning must be in <paramref name="acknowledged"/> (by <see cref="Finding.Key"/>), every file confirmed.
    /// A submission that the pre-approved route would make Approved at once is refused while a publishing pause applies
    /// to the account (<paramref name="pauses"/>, rule <c>publishing-paused</c>, §5(5)).
    /// </summary>
    public void Submit(Actor by, IReadOnlyList<Finding> findings, IReadOnlyCollection<string> acknowledged, PostRoute route, bool requestCheck, DateTimeOffset at,
        IReadOnlyCollection<PublishingPause>? pauses = null)
    {
        RequireAuthor(by, "提出");
        RequireStatus(PostStatus.Draft, "提出");
        var errors = new Dictionary<string, string[]>();
        if (ScheduledAt is { } s && s < at)
        {
            errors["scheduledAt"] = ["予約日時が過去になっています。日時を変更してから提出してください。"];
        }
        var blocking = findings.Where(f => f.Severity == Severity.Error).ToList();
        if (blocking.Count > 0)
        {
            errors["text"] = [.. blocking.Select(f => f.Message)];
        }
        var text = FullText;
        var open = findings.Where(f => f.Severity == Severity.Warning && !acknowledged.Contains(f.Key(text))).ToList();
        if (open.Count > 0)
        {
            errors["acknowledged"] = [.. open.Select(f => "確認が必要です: " + f.Message)];
        }
        var unconfirmed = Media.Where(m => !m.IsConfirmed).ToList();
        if (unconfirmed.Count > 0)
        {
            errors["media"] = [.. unconfirmed.Select(m => $"「{m.OriginalName}」の肖像権・著作権・個人情報の確認がされていません（ガイドライン5(4)イ）。")];
        }
        if (errors.Count > 0)
        {
            throw new DomainRuleException("提出できません: " + string.Join(" / ", errors.SelectMany(e => e.Value)), "submission-blocked", errors);
        }
        if (!route.NeedsCheck(requestCheck) && !route.HeadApproval)
        {
            PublishingPause.EnsureNotPaused(pauses, AccountId, "事前承認の範囲の投稿を提出");
        }
        var before = Snapshot();
        Round++;
        RequiresCheck = route.NeedsCheck(requestCheck);
        RequiresApproval = route.HeadApproval;
        var acknowledgedNow = findings.Where(f => f.Severity == Severity.Warning).Select(f => f.Key(text)).Distinct().ToList();
        Rounds.Add(new PostRound(Id, Round, this, by, at, findings, acknowledgedNow));
        Status = RequiresCheck ? PostStatus.AwaitingCheck : RequiresApproval ? PostStatus.AwaitingApproval : PostStatus.Approved;
        if (Status == PostStatus.Approved)
        {
            ApprovedAt = at;
            ApprovedByName = null;
        }
        Touch(at);
        Record(by, at, "post.submitted", before, Snapshot(),
            acknowledgedNow.Count > 0 ? "確認済みの警告: " + string.Join("、", acknowledgedNow) : null);
    }

    /// <summary>
    /// A colleague's check or the head's decision on the current round. At approval the content check runs again
    /// (<paramref name="findingsNow"/>): an error that appeared since (e.g. the 運用期間 ended) blocks approval.
    /// An approval that makes the post Approved is refused while a publishing pause applies to the account
    /// (<paramref name="pauses"/>, rule <c>publishing-paused</c>); a check that leads to the head's approval, a send-back and a rejection are not.
    /// </summary>
    public void Review(Actor by, ReviewDecision decision, string? comment, IReadOnlyList<Finding> findingsNow, DateTimeOffset at,
        IReadOnlyCollection<PublishingPause>? pauses = null)
    {
        // Who may review comes before the state, so that someone from outside the section learns nothing of the post's state.
        if (!by.IsStaffOf(SectionId))
        {
            throw new DomainForbiddenException(Status == PostStatus.AwaitingApproval
                ? "発信の了承は、アカウントの所属の所属長が行います。"
                : "内容の確認は、アカウントの所属の職員が行います。");
        }
        var step = Status switch
        {
            PostStatus.AwaitingCheck => ReviewStep.Check,
            PostStatus.AwaitingApproval => ReviewStep.Approval,
            _ => throw new DomainRuleException($"この投稿は確認・承認を待っていません（現在: {Label(Status)}）。", "invalid-state"),
        };
        if (step == ReviewStep.Check && !by.IsStaffOf(SectionId))
        {
            throw new DomainForbiddenException("内容の確認は、アカウントの所属の職員が行います。");
        }
        if (step == ReviewStep.Approval && !by.IsHeadOf(SectionId))
        {
            throw new DomainForbiddenException("発信の了承は、アカウントの所属の所属長が行います。");
        }
        if (by.UserId == AuthorId)
        {
            throw new DomainRuleException("自分が作成した投稿を確認・承認することはできません。別の職員に依頼してください。", "own-draft");
        }
        // Maker–checker (issue 14 item 8): the colleague check and the approval of one round are two people, whichever came first.
        if (Reviews.Any(r => r.Round == Round && r.Step != step && r.Decision == ReviewDecision.Approve && r.ById == by.UserId))
        {
            throw new DomainRuleException(step == ReviewStep.Approval
                ? "この投稿の内容確認を行った人は、了承（承認）できません。別の所属長が了承してください。"
                : "この投稿を了承（承認）した人は、内容確認を行えません。別の職員が確認してください。", "checker-is-approver");
        }
        var text = comment?.Trim() ?? "";
        if (decision != ReviewDecision.Approve && text.Length == 0)
        {
            throw new DomainValidationException(new Dictionary<string, string[]>
            {
                ["comment"] = [decision == ReviewDecision.SendBack ? "差戻しの理由（直してほしい点）を入力してください。" : "却下の理由を入力してください。"],
            });
        }
        if (text.Length > MaxComment)
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["comment"] = [$"コメントは{MaxComment}文字以内で入力してください。"] });
        }
        if (decision == ReviewDecision.Approve && findingsNow.Where(f => f.Severity == Severity.Error).ToList() is { Count: > 0 } blocking)
        {
            throw new DomainRuleException("内容チェックでエラーがあるため承認できません: " + string.Join(" / ", blocking.Select(f => f.Message)) + " 差し戻して修正を依頼してください。",
                "content-check-errors", new Dictionary<string, string[]> { ["text"] = [.. blocking.Select(f => f.Message)] });
        }
        if (decision == ReviewDecision.Approve && ApprovalMakesApproved)
        {
            PublishingPause.EnsureNotPaused(pauses, AccountId, "承認");
        }
        var before = Snapshot();
        Reviews.Add(new PostReview(Id, Round, step, decision, text.Length == 0 ? null : text, by, at));
        Status = decision switch
        {
            ReviewDecision.SendBack => PostStatus.Draft,
            ReviewDecision.Reject => PostStatus.Rejected,
            _ when step == ReviewStep.Check && RequiresApproval => PostStatus.AwaitingApproval,
            _ => PostStatus.Approved,
        };
        if (Status == PostStatus.Approved)
        {
            ApprovedAt = at;
            ApprovedByName = step == ReviewStep.Approval ? by.Name : null;
        }
        Touch(at);
        var action = (step, decision) switch
        {
            (ReviewStep.Check, ReviewDecision.Approve) => "post.checked",
            (ReviewStep.Approval, ReviewDecision.Approve) => "post.approved",
            (_, ReviewDecision.SendBack) => "post.sent-back",
            _ => "post.rejected",
        };
        Audit(new AuditRecord(action, nameof(Post), Id.ToString(), by.UserId, by.Name, at, before, Snapshot(), text.Length == 0 ? null : text));
    }

    /// <summary>
    /// The person who posted it on the platform records where and when (until the connectors exist); refused while a
    /// publishing pause applies to the account (<paramref name="pauses"/>, rule <c>publishing-paused</c>).
    /// </summary>
    public void RecordPublished(Actor by, string? url, DateTimeOffset? publishedAt, DateTimeOffset at, IReadOnlyCollection<PublishingPause>? pauses = null)
    {
        if (!by.IsStaffOf(SectionId))
        {
            throw new DomainForbiddenException("発信の記録は、アカウントの所属の職員が行います。");
        }
        if (Status == PostStatus.Published)
        {
            throw new DomainRuleException("この投稿は既に公開済みとして記録されています。公開済みの投稿は変更できません。誤りがあれば訂正の投稿を作成してください。", "already-published");
        }
        RequireStatus(PostStatus.Approved, "公開を記録");
        PublishingPause.EnsureNotPaused(pauses, AccountId, "公開を記録");
        var errors = new Dictionary<string, string[]>();
        var trimmed = url?.Trim() ?? "";
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || trimmed.Length > 500)
        {
            errors["publishedUrl"] = ["公開した投稿のURLを https:// で始まる形で入力してください（500文字以内）。"];
        }
        if (publishedAt is null)
        {
            errors["publishedAt"] = ["公開した日時を入力してください。"];
        }
        else if (publishedAt > at.AddMinutes(5))
        {
            errors["publishedAt"] = ["公開日時に未来の日時は入力できません。"];
        }
        else if (ApprovedAt is { } approved && publishedAt < approved.AddMinutes(-1))
        {
            errors["publishedAt"] = ["公開日時が承認より前になっています。承認前に発信することはできません。"];
        }
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }
        var before = Snapshot();
        Status = PostStatus.Published;
        PublishedUrl = trimmed;
        PublishedAt = publishedAt!.Value.ToUniversalTime();
        PublishedById = by.UserId;
        PublishedByName = by.Name;
        PublishRecordedAt = at;
        Touch(at);
        Record(by, at, "post.published", before, Snapshot());
    }

    /// <summary>
    /// Publishing through the account's connector: an outbox entry is made, to go out now or at the post's scheduled time
    /// (whichever is later), in the same save as this step; the post stays Approved until the platform answers
    /// (<see cref="RecordSent"/>). Refused while a publishing pause applies or a lifted pause's hold awaits the head,
    /// when the connection is broken, when the post already has an open or sent entry (<paramref name="existing"/>), or
    /// when it carries files the connector cannot send.
    /// </summary>
    public Publication RequestPublish(Actor by, AccountConnection? connection, Publication? existing, ReplyTarget? target, bool mediaSupported,
        DateTimeOffset at, IReadOnlyCollection<PublishingPause>? pauses = null, IReadOnlyCollection<HeldPost>? holds = null)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (!by.IsStaffOf(SectionId))
        {
            throw new DomainForbiddenException("発信できるのは、アカウントの所属の職員です。");
        }
        if (Status == PostStatus.Published)
        {
            throw new DomainRuleException("この投稿は既に公開済みです。公開済みの投稿は変更できません。誤りがあれば訂正の投稿を作成してください。", "already-published");
        }
        RequireStatus(PostStatus.Approved, "発信");
        PublishingPause.EnsureNotPaused(pauses, AccountId, "発信");
        if (holds?.Any(h => h.PostId == Id && h.IsOpen) == true)
        {
            throw new DomainRuleException("この投稿は一時停止により保留されています。所属長が発信の再開を判断してから発信してください。", "held-by-pause");
        }
        if (connection is null || connection.AccountId != AccountId)
        {
            throw new DomainRuleException("このアカウントは発信の接続が登録されていません。プラットフォームで投稿してから公開を記録してください。", "not-connected");
        }
        if (connection.State == ConnectionState.Broken)
        {
            throw new DomainRuleException($"発信の接続が使えない状態です（{connection.LastError}）。所属長が接続情報を登録し直してから発信するか、プラットフォームで投稿して公開を記録してください。", "connection-broken");
        }
        if (existing is { State: not (PublicationState.Cancelled) })
        {
            throw new DomainRuleException($"この投稿は既に発信の手続き中です（{Publication.Label(existing.State)}）。二重に発信することはできません。", "already-queued");
        }
        if (Media.Count > 0 && !mediaSupported)
        {
            throw new DomainRuleException($"{Labels.Of(Platform)}の接続では写真・動画を自動で発信できません。写真・動画を外すか、プラットフォームで投稿して公開を記録してください。", "media-not-supported");
        }
        if (Kind == PostKind.Reply && target is null)
        {
            throw new DomainRuleException("返信先の書込みがプラットフォームで特定できないため、自動で返信できません。プラットフォームで返信して公開を記録してください。", "reply-target-unknown");
        }
        var notBefore = ScheduledAt is { } s && s > at ? s : at;
        var publication = Publication.Queue(this, by, Kind == PostKind.Reply ? target : null, notBefore, at);
        Touch(at);
        Record(by, at, "post.publish-requested", null, JsonSerializer.Serialize(new { publicationId = publication.Id, notBefore, platform = Platform.ToString() }));
        return publication;
    }

    /// <summary>The connector's send went through: the post is Published with the platform's id and URL (recorded by the system).</summary>
    public void RecordSent(Publication publication, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(publication);
        if (publication.PostId != Id || publication.State != PublicationState.Sent || publication.PlatformPostId is null)
        {
            throw new InvalidOperationException("RecordSent needs this post's sent publication.");
        }
        if (Status == PostStatus.Published)
        {
            return;
        }
        var before = Snapshot();
        Status = PostStatus.Published;
        PublishedVia = PublishedVia.Connector;
        PlatformPostId = publication.PlatformPostId;
        PublishedUrl = publication.PlatformUrl;
        PublishedAt = publication.SentAt ?? at;
        PublishedById = publication.RequestedById;
        PublishedByName = publication.RequestedByName;
        PublishRecordedAt = at;
        Touch(at);
        Audit(new AuditRecord("post.published", nameof(Post), Id.ToString(), "system", Publication.SystemName, at, before, Snapshot(),
            $"{Labels.Of(Platform)}へMuniSocialから発信（依頼: {publication.RequestedByName}、ID: {publication.PlatformPostId}）"));
    }

    /// <summary>
    /// Whether the account's connector can send this post: a reply needs the thread it goes to (<paramref name="target"/>),
    /// files need a connector that carries them. When it cannot, the post is posted by hand and recorded.
    /// </summary>
    public bool ConnectorCanSend(ReplyTarget? target, bool mediaSupported) =>
        (Kind != PostKind.Reply || target is not null) && (Media.Count == 0 || mediaSupported);

    /// <summary>
    /// A person's record of a post made by hand on the platform (<see cref="RecordPublished"/>) is refused on a connected
    /// account (rule <c>publish-through-connector</c>): the connector sends, and a record made beside it would bypass the
    /// outbox (and could send twice). Allowed while the connection is Broken (the platform refused its credentials), as
    /// long as no entry of the outbox is still open for the post.
    /// </summary>
    public static void EnsureManualRecordAllowed(AccountConnection? connection, Publication? publication, bool connectorCanSend = true)
    {
        if (publication is { IsOpen: true })
        {
            throw new DomainRuleException($"この投稿はMuniSocialからの発信の手続き中です（{Publication.Label(publication.State)}）。二重に発信しないよう、公開の記録はできません。", "already-queued");
        }
        if (connection is { State: ConnectionState.Active } && connectorCanSend)
        {
            throw new DomainRuleException($"このアカウントは{Labels.Of(connection.Platform)}に接続されています。発信はMuniSocialから行ってください（手で投稿して記録すると、承認の確認と二重発信の防止を通りません）。接続が使えない状態のときだけ、公開を記録できます。", "publish-through-connector");
        }
    }

    /// <summary>
    /// The PR office records a post the watch found on the account as posted outside the system by staff (§5(2)ウ: every
    /// post is approved — this one was not, and the archive says so): a Published post with the observed text, URL and
    /// platform id, <see cref="PublishedVia.OutsideSystem"/>, and who posted it and why. For a differing text it is a
    /// correction of the original (both stay, §5(5)ア(イ)). The caller resolves <paramref name="observed"/> in the same save.
    /// </summary>
    public static Post RecordedOutside(Actor prOffice, SocialAccount account, ObservedPost observed, Post? original, string who, string why, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(prOffice);
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(observed);
        if (!prOffice.Is(Role.PrOffice))
        {
            throw new DomainForbiddenException("システム外の投稿として記録できるのは市広報担当です。");
        }
        if (observed.AccountId != account.Id || (original is not null && original.AccountId != account.Id))
        {
            throw new InvalidOperationException("RecordedOutside needs the observed post's account (and its original).");
        }
        var text = observed.Text.Length > MaxTextLength ? observed.Text[..MaxTextLength] : observed.Text;
        var correction = observed.Verdict == ObservedVerdict.TextDiffers && original is not null;
        var post = new Post
        {
            Id = Guid.CreateVersion7(),
            AccountId = account.Id,
            SectionId = account.SectionId,
            Platform = observed.Platform,
            Kind = correction ? PostKind.Correction : PostKind.Post,
            CorrectsPostId = correction ? original!.Id : null,
            Text = text,
            Status = PostStatus.Published,
            AuthorId = prOffice.UserId,
            AuthorName = who.Trim(),
            CreatedAt = at,
            UpdatedAt = at,
            PublishedVia = PublishedVia.OutsideSystem,
            PlatformPostId = observed.PlatformPostId,
            PublishedUrl = observed.Url,
            PublishedAt = observed.PostedAt ?? observed.FirstSeenAt,
            PublishedById = prOffice.UserId,
            PublishedByName = who.Trim(),
            PublishRecordedAt = at,
            OutsideNote = $"{who.Trim()}／理由: {why.Trim()}／記録した市広報担当: {prOffice.Name}",
        };
        post.Record(prOffice, at, "post.recorded-outside", null, post.Snapshot(), post.OutsideNote);
        return post;
    }

    /// <summary>Whether <paramref name="userId"/> made the colleague check of the current round (then someone else approves it).</summary>
    public bool CheckedThisRoundBy(string userId) =>
        Reviews.Any(r => r.Round == Round && r.Step == ReviewStep.Check && r.Decision == ReviewDecision.Approve && r.ById == userId);

    /// <summary>Whether an Approve decision now makes the post Approved (the head's 了承, or a check with no approval after it).</summary>
    public bool ApprovalMakesApproved => Status == PostStatus.AwaitingApproval || (Status == PostStatus.AwaitingCheck && !RequiresApproval);

    /// <summary>
    /// What the post's page offers while <paramref name="pauses"/> are active: approving into Approved and recording the
    /// publication are withheld on a paused account (the transitions refuse them too); everything else is unaffected.
    /// </summary>
    public bool IsHeldBy(IEnumerable<PublishingPause>? pauses) => PublishingPause.Applying(pauses, AccountId) is not null;

    /// <summary>
    /// After a pause is lifted, the section head lets a held post go out as approved: nothing changes but the record
    /// (post history "post.held-released"), and the hold is closed. Not while another pause still applies.
    /// </summary>
    public void ReleaseHeld(Actor by, IReadOnlyCollection<HeldPost> held, IReadOnlyCollection<PublishingPause>? pauses, DateTimeOffset at)
    {
        var open = RequireHeld(by, held, "発信を再開");
        PublishingPause.EnsureNotPaused(pauses, AccountId, "発信を再開");
        foreach (var h in open)
        {
            h.Resolve(HeldOutcome.Released, by, at);
        }
        Touch(at);
        // Nothing of the post changes: the record says what was decided, as an addition to its history.
        Record(by, at, "post.held-released", null, JsonSerializer.Serialize(new { status = Status.ToString(), released = open.Select(h => h.PauseId) }),
            "一時停止の解除後、保留された発信を再開");
    }

    /// <summary>After a pause is lifted, the section head calls off a held post: it becomes Rejected with the reason, audited.</summary>
    public void CancelHeld(Actor by, IReadOnlyCollection<HeldPost> held, string? reason, DateTimeOffset at)
    {
        var open = RequireHeld(by, held, "発信を取りやめ");
        var text = reason?.Trim() ?? "";
        if (text.Length > MaxComment)
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["comment"] = [$"取りやめの理由は{MaxComment}文字以内で入力してください。"] });
        }
        var why = text.Length == 0 ? HeldCancelReason : $"{HeldCancelReason}: {text}";
        var before = Snapshot();
        foreach (var h in open)
        {
            h.Resolve(HeldOutcome.Cancelled, by, at);
        }
        Status = PostStatus.Rejected;
        Touch(at);
        Record(by, at, "post.held-cancelled", before, Snapshot(), why);
    }

    private List<HeldPost> RequireHeld(Actor by, IReadOnlyCollection<HeldPost> held, string what)
    {
        if (!by.IsHeadOf(SectionId))
        {
            throw new DomainForbiddenException("保留された発信の再開・取りやめは、アカウントの所属の所属長が判断します。");
        }
        if (Status == PostStatus.Published)
        {
            throw new DomainRuleException("この投稿は既に公開済みとして記録されています。公開済みの投稿は変更できません。誤りがあれば訂正の投稿を作成してください。", "already-published");
        }
        RequireStatus(PostStatus.Approved, what);
        var open = held.Where(h => h.PostId == Id && h.IsOpen).ToList();
        if (open.Count == 0)
        {
            throw new DomainRuleException("この投稿は一時停止による保留の対象ではないか、既に判断されています。", "not-held");
        }
        return open;
    }

    public static string Label(PostStatus s) => s switch
    {
        PostStatus.Draft => "下書き",
        PostStatus.AwaitingCheck => "確認待ち",
        PostStatus.AwaitingApproval => "所属長の了承待ち",
        PostStatus.Approved => "承認済み（発信待ち）",
        PostStatus.Published => "公開済み",
        PostStatus.Rejected => "却下",
        _ => s.ToString(),
    };

    public static string Label(PostKind k) => k switch
    {
        PostKind.Post => "投稿",
        PostKind.Reply => "返信",
        PostKind.Correction => "訂正の投稿",
        _ => k.ToString(),
    };

    public static string Label(ReviewDecision d, ReviewStep step) => (d, step) switch
    {
        (ReviewDecision.Approve, ReviewStep.Check) => "確認済み",
        (ReviewDecision.Approve, ReviewStep.Approval) => "了承",
        (ReviewDecision.SendBack, _) => "差戻し",
        _ => "却下",
    };

    private void Apply(PostInput input, DateTimeOffset at)
    {
        var errors = new Dictionary<string, string[]>();
        var text = (input.Text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (text.Length == 0)
        {
            errors["text"] = ["本文を入力してください。"];
        }
        else if (text.Length > MaxTextLength)
        {
            errors["text"] = [$"本文は{MaxTextLength:N0}文字以内で入力してください（現在{text.Length:N0}文字）。"];
        }
        var links = (input.Links ?? []).Select(l => l.Trim()).Where(l => l.Length > 0).Distinct().ToList();
        if (links.Count > MaxLinks)
        {
            errors["links"] = [$"リンクは{MaxLinks}件までです。"];
        }
        var badLinks = links.Where(l => !Uri.TryCreate(l, UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttps && u.Scheme != Uri.UriSchemeHttp) || l.Length > 500 || l.Any(char.IsWhiteSpace)).ToList();
        if (badLinks.Count > 0)
        {
            errors["links"] = [$"リンクは https:// または http:// で始まるURLを1行に1つ入力してください（{string.Join("、", badLinks.Take(3))}）。"];
        }
        if (input.ScheduledAt is { } s && s < at)
        {
            errors["scheduledAt"] = ["予約日時に過去の日時は指定できません。"];
        }
        var replyTo = input.ReplyTo?.Trim();
        if (Kind == PostKind.Reply && string.IsNullOrEmpty(replyTo))
        {
            errors["replyTo"] = ["返信する利用者の書込み（URLまたは内容）を入力してください。"];
        }
        else if (replyTo is { Length: > 1000 })
        {
            errors["replyTo"] = ["返信先は1000文字以内で入力してください。"];
        }
        var source = input.PublicSourceUrl?.Trim();
        source = string.IsNullOrEmpty(source) ? null : source;
        var category = Kind == PostKind.Correction ? null : input.Category;
        if (category == PostCategory.A && PublicSourceProblem(source) is { } problem)
        {
            errors["publicSourceUrl"] = [problem];
        }
        if (input.Interim && Kind != PostKind.Reply)
        {
            errors["interim"] = ["暫定回答にできるのは返信の投稿だけです。"];
        }
        else if (input.Interim && input.FormalDueOn is null)
        {
            errors["formalDueOn"] = ["暫定回答には、正式な回答の予定日を入力してください。"];
        }
        else if (input.Interim && input.FormalDueOn < Wareki.TodayIn(at))
        {
            errors["formalDueOn"] = ["正式な回答の予定日に過去の日付は指定できません。"];
        }
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }
        Interim = Kind == PostKind.Reply && input.Interim;
        FormalDueOn = Interim ? input.FormalDueOn : null;
        Text = text;
        PublicSourceUrl = category == PostCategory.A ? source : null;
        Links = string.Join("\n", links);
        Category = Kind == PostKind.Correction ? null : input.Category;
        ScheduledAt = input.ScheduledAt?.ToUniversalTime();
        ReplyTo = Kind == PostKind.Reply ? replyTo : null;
        UpdatedAt = at;
    }

    /// <summary>§5(2)ウ(イ)A: the link to where the information is already public — required, https, at most 500 characters.</summary>
    private static string? PublicSourceProblem(string? url) =>
        url is null ? "A「情報が既に公開済である内容」を選んだ場合は、その情報を公開しているページのURLを入力してください。"
        : !Uri.TryCreate(url, UriKind.Absolute, out var u) || u.Scheme != Uri.UriSchemeHttps || url.Length > 500 || url.Any(char.IsWhiteSpace)
            ? "公開済みの情報のURLは https:// で始まる形で入力してください（500文字以内）。"
            : null;

    private static void RequireListed(SocialAccount account)
    {
        if (account.Status != AccountStatus.Listed)
        {
            throw new DomainRuleException($"発信できるのは掲載中のアカウントだけです（「{account.CurrentPolicy.AccountName}」は{Labels.Of(account.Status)}）。", "account-not-listed");
        }
    }

    private void RequireAuthor(Actor by, string what)
    {
        if (!by.IsStaffOf(SectionId))
        {
            throw new DomainForbiddenException($"{what}できるのは、アカウントの所属の職員です。");
        }
        if (by.UserId != AuthorId)
        {
            throw new DomainForbiddenException($"{what}できるのは作成者（{AuthorName}）だけです。");
        }
    }

    private void RequireStatus(PostStatus expected, string what)
    {
        if (Status != expected)
        {
            var hint = Status == PostStatus.Published ? "公開済みの投稿は変更・削除できません。誤りがあれば訂正の投稿を作成してください（ガイドライン5(5)ア(イ)）。" : "";
            throw new DomainRuleException($"{what}できるのは「{Label(expected)}」の投稿だけです（現在: {Label(Status)}）。{hint}", "invalid-state");
        }
    }

    private void Touch(DateTimeOffset at)
    {
        Version++;
        UpdatedAt = at;
    }

    private string Snapshot() => JsonSerializer.Serialize(new
    {
        status = Status.ToString(),
        round = Round,
        text = Text,
        links = Links,
        category = Category?.ToString(),
        publicSourceUrl = PublicSourceUrl,
        scheduledAt = ScheduledAt,
        commentId = CommentId,
        interim = Interim,
        formalDueOn = FormalDueOn,
        publishedUrl = PublishedUrl,
        publishedAt = PublishedAt,
        publishedVia = PublishedVia.ToString(),
        platformPostId = PlatformPostId,
    });

    private void Record(Actor by, DateTimeOffset at, string action, string? before, string? after, string? reason = null) =>
        Audit(new AuditRecord(action, nameof(Post), Id.ToString(), by.UserId, by.Name, at, before, after, reason));
}

/// <summary>One submission: what was submitted, the findings at that time, the warnings acknowledged. Kept for ever.</summary>
public sealed class PostRound
{
    private PostRound() { }

    internal PostRound(Guid postId, int number, Post post, Actor by, DateTimeOffset at, IReadOnlyList<Finding> findings, IReadOnlyList<string> acknowledged)
    {
        Id = Guid.CreateVersion7();
        PostId = postId;
        Number = number;
        Text = post.Text;
        Links = post.Links;
        Category = post.Category;
        PublicSourceUrl = post.PublicSourceUrl;
        ScheduledAt = post.ScheduledAt;
        RequiresCheck = post.RequiresCheck;
        RequiresApproval = post.RequiresApproval;
        SubmittedAt = at;
        SubmittedById = by.UserId;
        SubmittedByName = by.Name;
        FindingsJson = JsonSerializer.Serialize(findings.Select(f => new { kind = FindingKinds.Code(f.Kind), severity = f.Severity.ToString(), f.Clause, f.Start, f.Length, f.Message }));
        AcknowledgedJson = JsonSerializer.Serialize(acknowledged);
        MediaJson = JsonSerializer.Serialize(post.Media.Select(m => new { m.OriginalName, m.PortraitConfirmed, m.CopyrightConfirmed, m.PersonalInfoConfirmed }));
    }

    public Guid Id { get; private set; }
    public Guid PostId { get; private set; }
    public int Number { get; private set; }
    public string Text { get; private set; } = "";
    public string Links { get; private set; } = "";
    public PostCategory? Category { get; private set; }
    public string? PublicSourceUrl { get; private set; }
    public DateTimeOffset? ScheduledAt { get; private set; }
    public bool RequiresCheck { get; private set; }
    public bool RequiresApproval { get; private set; }
    public DateTimeOffset SubmittedAt { get; private set; }
    public string SubmittedById { get; private set; } = "";
    public string SubmittedByName { get; private set; } = "";
    public string FindingsJson { get; private set; } = "[]";
    public string AcknowledgedJson { get; private set; } = "[]";
    public string MediaJson { get; private set; } = "[]";

    public IReadOnlyList<string> Acknowledged => JsonSerializer.Deserialize<List<string>>(AcknowledgedJson) ?? [];
}

/// <summary>A check or approval decision on a round.</summary>
public sealed class PostReview
{
    private PostReview() { }

    internal PostReview(Guid postId, int round, ReviewStep step, ReviewDecision decision, string? comment, Actor by, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        PostId = postId;
        Round = round;
        Step = step;
        Decision = decision;
        Comment = comment;
        ById = by.UserId;
        ByName = by.Name;
        At = at;
    }

    public Guid Id { get; private set; }
    public Guid PostId { get; private set; }
    public int Round { get; private set; }
    public ReviewStep Step { get; private set; }
    public ReviewDecision Decision { get; private set; }
    public string? Comment { get; private set; }
    public string ById { get; private set; } = "";
    public string ByName { get; private set; } = "";
    public DateTimeOffset At { get; private set; }
}

/// <summary>A photo or video attached to a post; the file lives outside the web root under a generated name.</summary>
public sealed class PostMedia
{
    private PostMedia() { }

    public PostMedia(Guid postId, string originalName, string storedName, string contentType, long size, Actor by, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        PostId = postId;
        OriginalName = originalName;
        StoredName = storedName;
        ContentType = contentType;
        Size = size;
        UploadedById = by.UserId;
        UploadedAt = at;
    }

    public Guid Id { get; private set; }
    public Guid PostId { get; private set; }
    public string OriginalName { get; private set; } = "";
    public string StoredName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long Size { get; private set; }
    public string UploadedById { get; private set; } = "";
    public DateTimeOffset UploadedAt { get; private set; }
    public bool PortraitConfirmed { get; private set; }
    public bool CopyrightConfirmed { get; private set; }
    public bool PersonalInfoConfirmed { get; private set; }
    public string? ConfirmedByName { get; private set; }
    public DateTimeOffset? ConfirmedAt { get; private set; }

    public bool IsConfirmed => PortraitConfirmed && CopyrightConfirmed && PersonalInfoConfirmed;

    internal void Confirm(bool portrait, bool copyright, bool personalInfo, Actor by, DateTimeOffset at)
    {
        PortraitConfirmed = portrait;
        CopyrightConfirmed = copyright;
        PersonalInfoConfirmed = personalInfo;
        ConfirmedByName = by.Name;
        ConfirmedAt = at;
    }
}
