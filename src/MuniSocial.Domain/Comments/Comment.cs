using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Audit;
using MuniSocial.Domain.Posts;

namespace MuniSocial.Domain.Comments;

/// <summary>What a user wrote to the account: a comment under a post, a reply to one of ours, or a direct message.</summary>
public enum CommentKind
{
    Comment,
    Reply,
    DirectMessage,
}

public enum CommentStatus
{
    /// <summary>未対応.</summary>
    Open,
    /// <summary>確認中.</summary>
    InProgress,
    /// <summary>暫定回答済: その旨を回答し、後日正式に回答 (§5(4)ア).</summary>
    InterimAnswered,
    /// <summary>回答済.</summary>
    Answered,
    /// <summary>対応不要 (with its reason).</summary>
    NoActionNeeded,
    /// <summary>非表示・削除 (§5(5)ウ(イ), with its categories).</summary>
    Moderated,
}

/// <summary>How the comment came in.</summary>
public enum CommentSource
{
    Manual,
    Csv,
    Connector,
}

public enum ModerationAction
{
    Hide,
    Delete,
}

/// <summary>What can be done with a comment; the page's buttons and the rules both read <see cref="Comment.RefusalOf"/>.</summary>
public enum CommentAction
{
    StartHandling,
    NoActionNeeded,
    Reply,
    InterimAnswer,
    Moderate,
    Reopen,
}

/// <summary>What staff enter for a comment (by hand, a CSV row, the API).</summary>
public sealed record CommentInput(
    CommentKind Kind,
    string? AuthorHandle,
    string? Text,
    string? Url,
    DateTimeOffset? ReceivedAt,
    string? PlatformCommentId = null,
    Guid? PostId = null);

/// <summary>
/// A user's comment on an official account (§5(4)ア), from receipt to its answer, or to 対応不要 or moderation.
/// One comment has one identity per account (<see cref="IdentityKey"/>): the platform's id, else the normalised
/// URL, else the SHA-256 of (account, author, time, text) — so the same comment entered twice is found, not added.
/// Its audit records carry its id and the SHA-256 of its text, never the text, the author or the URL: the personal
/// data is redacted after the retention period without touching the audit chain.
/// </summary>
public sealed class Comment : AuditedEntity
{
    public const int MaxTextLength = 10_000;
    public const int MaxHandleLength = 200;
    public const int MaxReasonLength = 2000;

    private Comment() { }

    public Guid Id { get; private set; }
    public Guid AccountId { get; private set; }
    public Guid SectionId { get; private set; }
    public Platform Platform { get; private set; }
    public CommentKind Kind { get; private set; }
    public string AuthorHandle { get; private set; } = "";
    public DateTimeOffset ReceivedAt { get; private set; }
    public string Text { get; private set; } = "";
    public string? Url { get; private set; }

    /// <summary>The published post of ours the comment answers, if known.</summary>
    public Guid? PostId { get; private set; }
    public string? PlatformCommentId { get; private set; }

    /// <summary>SHA-256 (hex) of the identity basis; unique per account.</summary>
    public string IdentityKey { get; private set; } = "";

    /// <summary>SHA-256 (hex) of the text as received; kept after redaction.</summary>
    public string TextSha256 { get; private set; } = "";
    public CommentStatus Status { get; private set; }
    public CommentSource Source { get; private set; }
    public string EnteredById { get; private set; } = "";
    public string EnteredByName { get; private set; } = "";
    public DateTimeOffset EnteredAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; private set; }
    public string? NoActionReason { get; private set; }

    /// <summary>The reply posts linked to it (drafts included), newest last; the interim and the formal answer published.</summary>
    public Guid? ReplyPostId { get; private set; }
    public Guid? InterimPostId { get; private set; }
    public DateOnly? FormalDueOn { get; private set; }
    public Guid? AnsweredPostId { get; private set; }

    /// <summary>When it was closed (answered, no action needed, moderated): the retention period counts from here.</summary>
    public DateTimeOffset? ClosedAt { get; private set; }
    public DateTimeOffset? RedactedAt { get; private set; }

    // The moderation decision (§5(5)ウ(イ)): kept for good, never redacted.
    public ModerationAction? Moderation { get; private set; }

    /// <summary>The categories ⑴–⑿ as numbers, comma-separated ("5,9").</summary>
    public string? ModerationCategoryNumbers { get; private set; }
    public string? ModerationNote { get; private set; }
    public string? ModeratedById { get; private set; }
    public string? ModeratedByName { get; private set; }
    public DateTimeOffset? ModeratedAt { get; private set; }

    public IReadOnlyList<ModerationCategory> ModerationCategoryList =>
        [.. (ModerationCategoryNumbers ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(n => (ModerationCategory)int.Parse(n, System.Globalization.CultureInfo.InvariantCulture))];

    public bool IsClosed => Status is CommentStatus.Answered or CommentStatus.NoActionNeeded or CommentStatus.Moderated;

    public bool IsRedacted => RedactedAt is not null;

    /// <summary>The statuses the inbox shows by default: still to be dealt with.</summary>
    public static IReadOnlyList<CommentStatus> OpenStatuses { get; } = [CommentStatus.Open, CommentStatus.InProgress, CommentStatus.InterimAnswered];

    /// <summary>
    /// §5(4)ア: a formal answer promised by an interim one is overdue from the day after its date (the date itself is still
    /// in time). One rule for the reminder mails, the waiting work on the home page and its notices.
    /// </summary>
    public static System.Linq.Expressions.Expression<Func<Comment, bool>> FormalAnswerOverdue(DateOnly today) =>
        c => c.Status == CommentStatus.InterimAnswered && c.FormalDueOn != null && c.FormalDueOn < today;

    /// <summary>What staff still have to do something about on <paramref name="today"/>: 未対応 and 対応中 (answer or decide), and formal answers due by today.</summary>
    public static System.Linq.Expressions.Expression<Func<Comment, bool>> NeedsStaff(DateOnly today) =>
        c => c.Status == CommentStatus.Open || c.Status == CommentStatus.InProgress
            || (c.Status == CommentStatus.InterimAnswered && c.FormalDueOn != null && c.FormalDueOn <= today);

    /// <summary>In memory, the same as <see cref="FormalAnswerOverdue"/>.</summary>
    public static bool IsFormalAnswerOverdue(CommentStatus status, DateOnly? formalDueOn, DateOnly today) =>
        status == CommentStatus.InterimAnswered && formalDueOn is { } due && due < today;

    /// <summary>
    /// The identity of a comment on <paramref name="accountId"/>: the platform's id, else the normalised URL, else the
    /// SHA-256 of (account, author, time, text). The URL's id is read from the URL when none is given.
    /// </summary>
    public static string IdentityOf(Guid accountId, string? platformCommentId, string? normalizedUrl, string authorHandle, DateTimeOffset receivedAt, string text)
    {
        var basis = !string.IsNullOrWhiteSpace(platformCommentId) ? "id\n" + platformCommentId.Trim()
            : !string.IsNullOrWhiteSpace(normalizedUrl) ? "url\n" + normalizedUrl
            : string.Join('\n', "content", accountId.ToString("N"), authorHandle, receivedAt.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture), text);
        return Sha256(basis);
    }

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// Reads the input as a comment of <paramref name="account"/> (the URL parsed, the platform checked against the
    /// account's), without creating it: the caller looks the identity up first. Throws <see cref="DomainValidationException"/>.
    /// </summary>
    public static Prepared Prepare(SocialAccount account, CommentInput input, DateTimeOffset at) =>
        TryPrepare(account, input, at, out var problems) ?? throw new DomainValidationException(problems);

    /// <summary>
    /// <see cref="Prepare"/> for a batch (the CSV import): null and the problems per field instead of an exception, so
    /// that one bad row is reported and the others kept.
    /// </summary>
    public static Prepared? TryPrepare(SocialAccount account, CommentInput input, DateTimeOffset at, out IReadOnlyDictionary<string, string[]> problems)
    {
        var errors = new Dictionary<string, string[]>();
        problems = errors;
        var platform = account.AcceptedPolicy?.Platform ?? account.CurrentPolicy.Platform ?? Platform.Other;
        var text = (input.Text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (text.Length == 0)
        {
            errors["text"] = ["書込みの本文を入力してください。"];
        }
        else if (text.Length > MaxTextLength)
        {
            errors["text"] = [$"本文は{MaxTextLength:N0}文字以内で入力してください（現在{text.Length:N0}文字）。"];
        }
        CommentLinkInfo? link = null;
        if (!string.IsNullOrWhiteSpace(input.Url))
        {
            link = CommentLink.Parse(input.Url, out var linkError);
            if (link is null)
            {
                errors["url"] = [linkError!];
            }
            else if (!LinkFits(link.Platform, platform))
            {
                errors["url"] = [$"このURLは{link.PlatformName}の書込みですが、アカウントは{Labels.Of(platform)}です。アカウントを確かめてください。"];
            }
        }
        var handle = !string.IsNullOrWhiteSpace(input.AuthorHandle) ? input.AuthorHandle.Trim() : link?.AuthorHandle ?? "";
        if (handle.Length == 0)
        {
            errors["authorHandle"] = ["投稿者（アカウント名・ハンドル）を入力してください。URLから読み取れない媒体です。"];
        }
        else if (handle.Length > MaxHandleLength)
        {
            errors["authorHandle"] = [$"投稿者は{MaxHandleLength}文字以内で入力してください。"];
        }
        var received = input.ReceivedAt ?? at;
        if (received > at.AddMinutes(5))
        {
            errors["receivedAt"] = ["受信日時に未来の日時は入力できません。"];
        }
        if (!Enum.IsDefined(input.Kind))
        {
            errors["kind"] = ["種別は コメント・返信・ダイレクトメッセージ のいずれかです。"];
        }
        var commentId = !string.IsNullOrWhiteSpace(input.PlatformCommentId) ? CommentLink.Clean(input.PlatformCommentId) : link?.PlatformCommentId;
        if (commentId is { Length: > 200 })
        {
            errors["platformCommentId"] = ["コメントIDは200文字以内で入力してください。"];
        }
        if (errors.Count > 0)
        {
            return null;
        }
        var key = IdentityOf(account.Id, commentId, link?.NormalizedUrl, handle, received, text);
        return new Prepared(input.Kind, platform, handle, text, link?.NormalizedUrl, received.ToUniversalTime(), commentId, input.PostId, key);
    }

    /// <summary>
    /// Whether a link read as <paramref name="link"/>'s platform may be a comment on an account of <paramref name="account"/>:
    /// the same platform; on an その他 account (among them those stored as その他（Bluesky）・その他（Mastodon） before these
    /// were platforms of their own) any link not of a platform with a box of its own; on a Mastodon account also a link
    /// of another shape (each server is its own host, and not every one writes https://host/@user/id).
    /// </summary>
    private static bool LinkFits(Platform link, Platform account) =>
        link == account
        || (account == Platform.Other && link is Platform.Other or Platform.Bluesky or Platform.Mastodon)
        || (account == Platform.Mastodon && link == Platform.Other);

    /// <summary>A comment read and checked, with its identity; <see cref="Create"/> makes it.</summary>
    public sealed record Prepared(CommentKind Kind, Platform Platform, string AuthorHandle, string Text, string? Url, DateTimeOffset ReceivedAt,
        string? PlatformCommentId, Guid? PostId, string IdentityKey);

    /// <summary>The actor of comments a connector brings in (a LINE message, a reply read back by the watch).</summary>
    public static readonly Actor ConnectorActor = Actor.System("自動処理（媒体から取得）");

    /// <summary>A comment the account's connector brought in: recorded by the system for the connected account, source Connector.</summary>
    public static Comment FromConnector(SocialAccount account, Prepared input, DateTimeOffset at) =>
        CreateChecked(ConnectorActor, account, input, CommentSource.Connector, at);

    /// <summary>Staff of the account's section or the PR office record a comment received.</summary>
    public static Comment Create(Actor by, SocialAccount account, Prepared input, CommentSource source, DateTimeOffset at)
    {
        if (!MayHandle(by, account.SectionId))
        {
            throw new DomainForbiddenException("利用者の書込みを記録できるのは、アカウントの所属の職員または市広報担当です。");
        }
        return CreateChecked(by, account, input, source, at);
    }

    private static Comment CreateChecked(Actor by, SocialAccount account, Prepared input, CommentSource source, DateTimeOffset at)
    {
        if (account.Status is AccountStatus.Draft or AccountStatus.ListingRequested)
        {
            throw new DomainRuleException($"掲載前のアカウントには書込みを記録できません（「{account.CurrentPolicy.AccountName}」は{Labels.Of(account.Status)}）。", "account-not-listed");
        }
        var comment = new Comment
        {
            Id = Guid.CreateVersion7(),
            AccountId = account.Id,
            SectionId = account.SectionId,
            Platform = input.Platform,
            Kind = input.Kind,
            AuthorHandle = input.AuthorHandle,
            ReceivedAt = input.ReceivedAt,
            Text = input.Text,
            Url = input.Url,
            PostId = input.PostId,
            PlatformCommentId = input.PlatformCommentId,
            IdentityKey = input.IdentityKey,
            TextSha256 = Sha256(input.Text),
            Status = CommentStatus.Open,
            Source = source,
            EnteredById = by.UserId,
            EnteredByName = by.Name,
            EnteredAt = at,
            UpdatedAt = at,
        };
        comment.Record(by, at, "comment.recorded", null, comment.Snapshot(), source switch
        {
            CommentSource.Csv => "CSVから取込み",
            CommentSource.Connector => "媒体から取得",
            _ => "手入力",
        });
        return comment;
    }

    private const string ReplyersOnly = "返信を作成できるのは、アカウントの所属の担当者または所属長です。";

    public static bool MayHandle(Actor by, Guid sectionId) => by.IsStaffOf(sectionId) || by.Is(Role.PrOffice);

    /// <summary>
    /// Why <paramref name="by"/> may not do <paramref name="action"/> now, or null. <paramref name="repliesOffered"/>:
    /// the account's accepted policy replies (§5(1)キ).
    /// </summary>
    public string? RefusalOf(Actor by, CommentAction action, bool repliesOffered = true)
    {
        if (!MayHandle(by, SectionId))
        {
            return "利用者の書込みに対応できるのは、アカウントの所属の職員と市広報担当です。";
        }
        var now = $"（現在: {Label(Status)}）";
        return action switch
        {
            CommentAction.StartHandling when Status != CommentStatus.Open => "確認中にできるのは未対応の書込みだけです" + now + "。",
            CommentAction.NoActionNeeded when Status is not (CommentStatus.Open or CommentStatus.InProgress) => "対応不要にできるのは未対応・確認中の書込みだけです" + now + "。",
            CommentAction.Reply or CommentAction.InterimAnswer when !repliesOffered =>
                "このアカウントの運用ポリシーは「返信しない」です。返信はできません（ガイドライン5(1)キ）。",
            CommentAction.Reply or CommentAction.InterimAnswer when !by.IsStaffOf(SectionId) => ReplyersOnly,
            CommentAction.Reply or CommentAction.InterimAnswer when Status is not (CommentStatus.Open or CommentStatus.InProgress or CommentStatus.InterimAnswered) =>
                "返信を作成できるのは、未対応・確認中・暫定回答済の書込みだけです" + now + "。",
            CommentAction.InterimAnswer when Status == CommentStatus.InterimAnswered => "暫定回答は済んでいます。正式な回答を作成してください。",
            CommentAction.Moderate when Status == CommentStatus.Moderated => "この書込みは既に非表示・削除として記録されています。",
            CommentAction.Moderate when IsRedacted => "保存期間を過ぎて内容を消去した書込みは、非表示・削除を記録できません。",
            CommentAction.Reopen when Status != CommentStatus.NoActionNeeded => "未対応に戻せるのは対応不要にした書込みだけです" + now + "。",
            CommentAction.Reopen when IsRedacted => "保存期間を過ぎて内容を消去した書込みは、未対応に戻せません。",
            _ => null,
        };
    }

    public bool Can(Actor by, CommentAction action, bool repliesOffered = true) => RefusalOf(by, action, repliesOffered) is null;

    /// <summary>The actions open to <paramref name="by"/> now: the page shows these buttons and no others.</summary>
    public IReadOnlyList<CommentAction> AllowedActions(Actor by, bool repliesOffered) =>
        [.. Enum.GetValues<CommentAction>().Where(a => Can(by, a, repliesOffered))];

    public void StartHandling(Actor by, DateTimeOffset at)
    {
        EnsureCan(by, CommentAction.StartHandling);
        Change(by, at, "comment.in-progress", () => Status = CommentStatus.InProgress);
    }

    public void MarkNoActionNeeded(Actor by, string? reason, DateTimeOffset at)
    {
        EnsureCan(by, CommentAction.NoActionNeeded);
        var text = reason?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["reason"] = ["対応不要とする理由を入力してください（例: 感想のため回答不要）。"] });
        }
        if (text.Length > MaxReasonLength)
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["reason"] = [$"理由は{MaxReasonLength}文字以内で入力してください。"] });
        }
        Change(by, at, "comment.no-action-needed", () =>
        {
            Status = CommentStatus.NoActionNeeded;
            NoActionReason = text;
            ClosedAt = at;
        }, text);
    }

    public void Reopen(Actor by, DateTimeOffset at)
    {
        EnsureCan(by, CommentAction.Reopen);
        Change(by, at, "comment.reopened", () =>
        {
            Status = CommentStatus.Open;
            ClosedAt = null;
        });
    }

    /// <summary>A reply post (a draft) was made for this comment: linked, and the comment is being handled.</summary>
    public void LinkReply(Actor by, Post reply, bool repliesOffered, DateTimeOffset at)
    {
        EnsureCan(by, reply.Interim ? CommentAction.InterimAnswer : CommentAction.Reply, repliesOffered);
        if (reply.Kind != PostKind.Reply || reply.AccountId != AccountId || reply.CommentId != Id)
        {
            throw new DomainRuleException("返信の投稿は、この書込みのアカウントの返信として作成してください。", "reply-mismatch");
        }
        Change(by, at, "comment.reply-linked", () =>
        {
            ReplyPostId = reply.Id;
            if (Status == CommentStatus.Open)
            {
                Status = CommentStatus.InProgress;
            }
        }, (reply.Interim ? "暫定回答" : "返信") + $"の投稿 {reply.Id}");
    }

    /// <summary>
    /// The reply post answering this comment was recorded as published (the posts workflow calls this in the same save):
    /// an interim answer → 暫定回答済 with the due date of the formal answer; a formal answer → 回答済.
    /// </summary>
    public void RecordAnswerPublished(Actor by, Post reply, DateTimeOffset at)
    {
        if (reply.CommentId != Id || reply.Status != PostStatus.Published)
        {
            throw new DomainRuleException("この書込みへの返信として公開された投稿ではありません。", "reply-mismatch");
        }
        if (reply.Interim)
        {
            if (Status is CommentStatus.Answered or CommentStatus.Moderated)
            {
                return;
            }
            Change(by, at, "comment.interim-answered", () =>
            {
                Status = CommentStatus.InterimAnswered;
                InterimPostId = reply.Id;
                FormalDueOn = reply.FormalDueOn;
                ClosedAt = null;
            }, $"暫定回答 {reply.PublishedUrl}（正式回答の期限 {reply.FormalDueOn:yyyy-MM-dd}）");
            return;
        }
        Change(by, at, "comment.answered", () =>
        {
            Status = CommentStatus.Answered;
            AnsweredPostId = reply.Id;
            ClosedAt = at;
        }, $"回答 {reply.PublishedUrl}");
    }

    /// <summary>
    /// §5(5)ウ(イ): hidden or deleted on the platform as one or more of the categories ⑴–⑿, with a note. The decision
    /// is kept for good; the text only for the retention period.
    /// </summary>
    public void Moderate(Actor by, IReadOnlyCollection<ModerationCategory> categories, string? note, ModerationAction action, DateTimeOffset at)
    {
        EnsureCan(by, CommentAction.Moderate);
        var errors = new Dictionary<string, string[]>();
        var chosen = categories.Distinct().Order().ToList();
        if (chosen.Count == 0)
        {
            errors["categories"] = ["非表示・削除の理由として、運用ポリシーの注意事項⑴〜⑿から1つ以上選んでください（ガイドライン5(5)ウ(イ)）。"];
        }
        else if (chosen.Any(c => !Enum.IsDefined(c)))
        {
            errors["categories"] = ["注意事項の番号は1から12です。"];
        }
        var text = note?.Trim() ?? "";
        if (text.Length == 0)
        {
            errors["note"] = ["非表示・削除の判断の内容（どの部分が該当するか）を入力してください。"];
        }
        else if (text.Length > MaxReasonLength)
        {
            errors["note"] = [$"メモは{MaxReasonLength}文字以内で入力してください。"];
        }
        if (!Enum.IsDefined(action))
        {
            errors["action"] = ["非表示（Hide）か削除（Delete）かを選んでください。"];
        }
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }
        Change(by, at, "comment.moderated", () =>
        {
            Status = CommentStatus.Moderated;
            Moderation = action;
            ModerationCategoryNumbers = string.Join(',', chosen.Select(c => (int)c));
            ModerationNote = text;
            ModeratedById = by.UserId;
            ModeratedByName = by.Name;
            ModeratedAt = at;
            ClosedAt = at;
        }, $"{(action == ModerationAction.Hide ? "非表示" : "削除")}: {string.Join("", chosen.Select(ModerationCategories.Mark))}");
    }

    /// <summary>Whether the retention period of <paramref name="retentionDays"/> after closing has passed.</summary>
    public bool IsDueForRedaction(int retentionDays, DateTimeOffset now) =>
        !IsRedacted && IsClosed && ClosedAt is { } closed && closed.AddDays(retentionDays) <= now;

    /// <summary>
    /// The retention period is over: the text, the author, the URL and the platform's id go; the id, account, kind, time, status, the
    /// moderation decision and the SHA-256 of the text stay. Idempotent.
    /// </summary>
    public bool Redact(Actor by, int retentionDays, DateTimeOffset at)
    {
        if (!IsDueForRedaction(retentionDays, at))
        {
            return false;
        }
        Text = "";
        AuthorHandle = "";
        Url = null;
        // A Bluesky or Mastodon id names its author; the identity (a SHA-256) still finds the comment if it is entered again.
        PlatformCommentId = null;
        RedactedAt = at;
        Version++;
        UpdatedAt = at;
        Record(by, at, "comment.redacted", null, Snapshot(), $"保存期間（終了後{retentionDays}日）経過により本文・投稿者・URLを消去");
        return true;
    }

    public static string Label(CommentStatus s) => s switch
    {
        CommentStatus.Open => "未対応",
        CommentStatus.InProgress => "確認中",
        CommentStatus.InterimAnswered => "暫定回答済",
        CommentStatus.Answered => "回答済",
        CommentStatus.NoActionNeeded => "対応不要",
        CommentStatus.Moderated => "非表示・削除",
        _ => s.ToString(),
    };

    public static string Label(CommentKind k) => k switch
    {
        CommentKind.Comment => "コメント",
        CommentKind.Reply => "返信",
        CommentKind.DirectMessage => "ダイレクトメッセージ",
        _ => k.ToString(),
    };

    public static string Label(CommentSource s) => s switch
    {
        CommentSource.Manual => "手入力",
        CommentSource.Csv => "CSV取込み",
        CommentSource.Connector => "媒体から取得",
        _ => s.ToString(),
    };

    public static string Label(ModerationAction a) => a == ModerationAction.Hide ? "非表示" : "削除";

    public static string Label(CommentAction a) => a switch
    {
        CommentAction.StartHandling => "確認中にする",
        CommentAction.NoActionNeeded => "対応不要にする",
        CommentAction.Reply => "返信を作成",
        CommentAction.InterimAnswer => "暫定回答を作成",
        CommentAction.Moderate => "非表示・削除を記録",
        CommentAction.Reopen => "未対応に戻す",
        _ => a.ToString(),
    };

    /// <summary>Throws the refusal of <see cref="RefusalOf"/>: 403 for who acts, replies-not-offered, or invalid-state.</summary>
    public void EnsureCan(Actor by, CommentAction action, bool repliesOffered = true)
    {
        if (!MayHandle(by, SectionId))
        {
            throw new DomainForbiddenException(RefusalOf(by, action, repliesOffered)!);
        }
        if (RefusalOf(by, action, repliesOffered) is { } refusal)
        {
            if (!repliesOffered && action is CommentAction.Reply or CommentAction.InterimAnswer)
            {
                throw new DomainRuleException(refusal, "replies-not-offered");
            }
            throw refusal == ReplyersOnly ? new DomainForbiddenException(refusal) : new DomainRuleException(refusal, "invalid-state");
        }
    }

    private void Change(Actor by, DateTimeOffset at, string action, Action change, string? reason = null)
    {
        var before = Snapshot();
        change();
        Version++;
        UpdatedAt = at;
        Record(by, at, action, before, Snapshot(), reason);
    }

    /// <summary>What the audit keeps of a comment: no text, no author, no URL — the SHA-256 of the text stands for it.</summary>
    private string Snapshot() => JsonSerializer.Serialize(new
    {
        id = Id,
        accountId = AccountId,
        kind = Kind.ToString(),
        status = Status.ToString(),
        receivedAt = ReceivedAt,
        textSha256 = TextSha256,
        postId = PostId,
        replyPostId = ReplyPostId,
        formalDueOn = FormalDueOn,
        moderation = Moderation?.ToString(),
        categories = ModerationCategoryNumbers,
        redacted = IsRedacted,
    });

    private void Record(Actor by, DateTimeOffset at, string action, string? before, string? after, string? reason = null) =>
        Audit(new AuditRecord(action, nameof(Comment), Id.ToString(), by.UserId, by.Name, at, before, after, reason));
}
