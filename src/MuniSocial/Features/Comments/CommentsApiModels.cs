using MuniSocial.Domain.Comments;

namespace MuniSocial.Features.Comments;

// The bodies of the comments API. Property names are the JSON names (camelCase); enums go out as their names.

/// <summary>A comment in a list (the text cut at 100 characters; empty once redacted).</summary>
public sealed record CommentSummary(Guid Id, Guid AccountId, string Platform, string Kind, string AuthorHandle, DateTimeOffset ReceivedAt, string Text,
    string? Url, Guid? PostId, string Status, string StatusLabel, DateOnly? FormalDueOn, int Version);

public sealed record ModerationView(string Action, IReadOnlyList<int> Categories, string Note, string By, DateTimeOffset At);

/// <summary>A comment with what can be done with it now; <c>version</c> is also its ETag.</summary>
public sealed record CommentDetail(Guid Id, Guid AccountId, Guid SectionId, string Platform, string Kind, string AuthorHandle, DateTimeOffset ReceivedAt,
    string Text, string TextSha256, string? Url, string? PlatformCommentId, Guid? PostId, string Status, string StatusLabel, string Source, string EnteredBy,
    DateTimeOffset EnteredAt, string? NoActionReason, Guid? ReplyPostId, Guid? InterimPostId, DateOnly? FormalDueOn, Guid? AnsweredPostId,
    DateTimeOffset? ClosedAt, DateTimeOffset? RedactedAt, ModerationView? Moderation, bool RepliesOffered, IReadOnlyList<string> AllowedActions, int Version);

/// <summary>The answer to a reply or an interim answer: the draft reply post, to be checked and approved at /api/v1/posts/{id}.</summary>
public sealed record ReplyCreated(Guid PostId, Guid CommentId, bool Interim, DateOnly? FormalDueOn, string Status);

public static class CommentViews
{
    public static CommentSummary Summary(Comment c) =>
        new(c.Id, c.AccountId, c.Platform.ToString(), c.Kind.ToString(), c.AuthorHandle, c.ReceivedAt, c.Text.Length > 100 ? c.Text[..100] + "…" : c.Text,
            c.Url, c.PostId, c.Status.ToString(), Comment.Label(c.Status), c.FormalDueOn, c.Version);

    public static CommentDetail Detail(Comment c, Actor actor, bool repliesOffered) =>
        new(c.Id, c.AccountId, c.SectionId, c.Platform.ToString(), c.Kind.ToString(), c.AuthorHandle, c.ReceivedAt, c.Text, c.TextSha256, c.Url,
            c.PlatformCommentId, c.PostId, c.Status.ToString(), Comment.Label(c.Status), c.Source.ToString(), c.EnteredByName, c.EnteredAt, c.NoActionReason,
            c.ReplyPostId, c.InterimPostId, c.FormalDueOn, c.AnsweredPostId, c.ClosedAt, c.RedactedAt,
            c.Moderation is { } m ? new ModerationView(m.ToString(), [.. c.ModerationCategoryList.Select(x => (int)x)], c.ModerationNote ?? "", c.ModeratedByName ?? "", c.ModeratedAt!.Value) : null,
            repliesOffered, [.. c.AllowedActions(actor, repliesOffered).Select(a => a.ToString())], c.Version);
}
