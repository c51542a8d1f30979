using Microsoft.AspNetCore.Http.HttpResults;
using MuniSocial.Domain.Comments;

namespace MuniSocial.Features.Comments;

/// <summary>
/// The comments API: the same use cases as the pages (<see cref="CommentUseCases"/>). Staff of the account's section
/// and the PR office; another section's comment is a 404. What can change answers an ETag; a stale If-Match is refused.
/// </summary>
public static class CommentsApi
{
    private const string IfMatchNote = "応答の ETag を変更操作の If-Match に付けると、その後に他の職員が変更していた場合は 409（rule: concurrency）になります。";

    public sealed record CommentRequest(string? Text, string? AuthorHandle, string? Kind, string? Url, Guid? PostId, string? PlatformCommentId, DateTimeOffset? ReceivedAt);

    public sealed record ReplyRequest(string? Text);

    public sealed record InterimAnswerRequest(string? Text, DateOnly? FormalDueOn);

    public sealed record ModerationRequest(int[]? Categories, string? Note, string? Action);

    public sealed record StatusRequest(string? Status, string? Reason);

    public static void MapCommentsApi(this RouteGroupBuilder api)
    {
        var accounts = api.MapGroup("/accounts").WithTags("Comments");
        var comments = api.MapGroup("/comments").WithTags("Comments");

        accounts.MapGet("/{id:guid}/comments", async Task<Results<Ok<List<CommentSummary>>, ProblemHttpResult>> (Guid id, string? status, [AsParameters] ApiContext c) =>
            {
                var actor = await c.ActorAsync();
                if (await c.Db.Accounts.VisibleTo(actor).AsNoTracking().AnyAsync(a => a.Id == id, c.Ct) is false)
                {
                    return Problems.NotFound();
                }
                var list = await c.Db.InboxAsync(actor, id, CommentAccess.ParseStatuses(status), 500, c.Ct);
                return TypedResults.Ok(list.Select(CommentViews.Summary).ToList());
            })
            .RequireAuthorization(Policies.StaffOrPr)
            .WithName("ListComments")
            .WithSummary("アカウントへの利用者の書込み（新しい順に500件まで）")
            .WithDescription("status（Open / InProgress / InterimAnswered / Answered / NoActionNeeded / Moderated をカンマ区切り、または all）で絞り込めます。既定は未対応・確認中・暫定回答済。")
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        accounts.MapPost("/{id:guid}/comments", async Task<Results<Created<CommentDetail>, ProblemHttpResult>> (Guid id, CommentRequest? request, [AsParameters] ApiContext c) =>
            {
                var actor = await c.ActorAsync();
                var account = await c.Db.FindVisibleAsync(id, actor, c.Ct);
                if (account is null)
                {
                    return Problems.NotFound();
                }
                var kind = CommentKind.Comment;
                if (!string.IsNullOrWhiteSpace(request?.Kind) && (!Enum.TryParse(request.Kind, true, out kind) || !Enum.IsDefined(kind) || int.TryParse(request.Kind, out _)))
                {
                    return Problems.BadRequest("kind", "kind は Comment（コメント）/ Reply（返信）/ DirectMessage（ダイレクトメッセージ）のいずれかです。");
                }
                var input = new CommentInput(kind, request?.AuthorHandle, request?.Text, request?.Url, request?.ReceivedAt, request?.PlatformCommentId, request?.PostId);
                var recorded = await CommentUseCases.RecordAsync(c.Db, actor, account, input, CommentSource.Manual, c.Now, c.Ct);
                if (recorded.Created is not { } comment)
                {
                    return TypedResults.Problem(detail: CommentUseCases.DuplicateMessage + $" 記録済みの書込み: /api/v1/comments/{recorded.ExistingId}",
                        statusCode: StatusCodes.Status409Conflict, title: "この操作はできません",
                        extensions: new Dictionary<string, object?> { ["rule"] = "comment-duplicate", ["existingId"] = recorded.ExistingId });
                }
                return TypedResults.Created($"/api/v1/comments/{comment.Id}", Answer(c, comment, actor, account.OffersReplies));
            })
            .RequireAuthorization(Policies.StaffOrPr)
            .WithName("RecordComment")
            .WithSummary("利用者の書込みを記録する（URL から媒体・投稿者・コメントIDを読み取ります）")
            .WithDescription("同じ書込み（同じコメントID、同じURL、または同じ投稿者・日時・本文）が記録済みなら何も追加せず 409（rule: comment-duplicate、existingId に記録済みの書込みの id）。")
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        comments.MapGet("/{id:guid}", async Task<Results<Ok<CommentDetail>, ProblemHttpResult>> (Guid id, [AsParameters] ApiContext c) =>
            {
                var (actor, comment, offered) = await LoadAsync(c, id);
                return comment is null ? NotFound() : TypedResults.Ok(Answer(c, comment, actor, offered));
            })
            .RequireAuthorization(Policies.StaffOrPr)
            .WithName("GetComment")
            .WithSummary("利用者の書込みの詳細（いまできる操作 allowedActions、非表示・削除の判断）")
            .WithDescription(IfMatchNote)
            .WithProblems(StatusCodes.Status404NotFound);

        comments.MapPost("/{id:guid}/reply", (Guid id, ReplyRequest? request, [AsParameters] ApiContext c) =>
                ReplyAsync(c, id, request?.Text, interim: false, null))
            .RequireAuthorization(Policies.StaffOrPr)
            .WithName("ReplyToComment")
            .WithSummary("返信を作成する: 書込みに結び付いた返信の投稿（下書き）を作り、通常の確認・了承に回す（ガイドライン5(4)ア）")
            .WithDescription("運用ポリシーが「返信しない」のアカウントでは 409（rule: replies-not-offered）。" + IfMatchNote)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        comments.MapPost("/{id:guid}/interim-answer", (Guid id, InterimAnswerRequest? request, [AsParameters] ApiContext c) =>
                ReplyAsync(c, id, request?.Text, interim: true, request?.FormalDueOn))
            .RequireAuthorization(Policies.StaffOrPr)
            .WithName("InterimAnswerToComment")
            .WithSummary("暫定回答を作成する: その旨を回答し、後日正式に回答（formalDueOn は正式な回答の予定日、過去不可）")
            .WithDescription("公開を記録すると書込みは暫定回答済になり、予定日を過ぎても正式な回答が公開されなければ作成者と所属長に通知します。" + IfMatchNote)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        comments.MapPost("/{id:guid}/moderation", async Task<Results<Ok<CommentDetail>, ProblemHttpResult>> (Guid id, ModerationRequest? request, [AsParameters] ApiContext c) =>
            {
                var (actor, comment, offered) = await LoadAsync(c, id);
                if (comment is null)
                {
                    return NotFound();
                }
                var action = ModerationAction.Hide;
                if (!string.IsNullOrWhiteSpace(request?.Action) && (!Enum.TryParse(request.Action, true, out action) || !Enum.IsDefined(action) || int.TryParse(request.Action, out _)))
                {
                    return Problems.BadRequest("action", "action は Hide（非表示）または Delete（削除）です。");
                }
                var categories = new List<ModerationCategory>();
                foreach (var n in request?.Categories ?? [])
                {
                    if (!ModerationCategories.TryFromNumber(n, out var category))
                    {
                        return Problems.BadRequest("categories", "categories は注意事項の番号 1〜12 です。");
                    }
                    categories.Add(category);
                }
                await CommentUseCases.ModerateAsync(c.Db, actor, comment, categories, request?.Note, action, null, c.Now, c.Ct);
                return TypedResults.Ok(Answer(c, comment, actor, offered));
            })
            .RequireAuthorization(Policies.StaffOrPr)
            .WithName("ModerateComment")
            .WithSummary("非表示・削除を記録する: 運用ポリシーの注意事項⑴〜⑿から1つ以上（categories）とメモ（ガイドライン5(5)ウ(イ)）")
            .WithDescription(IfMatchNote)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        comments.MapPost("/{id:guid}/status", async Task<Results<Ok<CommentDetail>, ProblemHttpResult>> (Guid id, StatusRequest? request, [AsParameters] ApiContext c) =>
            {
                var (actor, comment, offered) = await LoadAsync(c, id);
                if (comment is null)
                {
                    return NotFound();
                }
                var bad = Problems.BadRequest("status", "status は InProgress（確認中）/ NoActionNeeded（対応不要、reason に理由）/ Open（未対応に戻す）のいずれかです。");
                if (!Enum.TryParse<CommentStatus>(request?.Status, true, out var status) || int.TryParse(request?.Status, out _))
                {
                    return bad;
                }
                switch (status)
                {
                    case CommentStatus.InProgress:
                        await CommentUseCases.StartHandlingAsync(c.Db, actor, comment, null, c.Now, c.Ct);
                        break;
                    case CommentStatus.NoActionNeeded:
                        await CommentUseCases.NoActionNeededAsync(c.Db, actor, comment, request?.Reason, null, c.Now, c.Ct);
                        break;
                    case CommentStatus.Open:
                        await CommentUseCases.ReopenAsync(c.Db, actor, comment, null, c.Now, c.Ct);
                        break;
                    default:
                        return bad;
                }
                return TypedResults.Ok(Answer(c, comment, actor, offered));
            })
            .RequireAuthorization(Policies.StaffOrPr)
            .WithName("ChangeCommentStatus")
            .WithSummary("書込みの状態を変える: 確認中にする・対応不要にする（理由必須）・未対応に戻す")
            .WithDescription(IfMatchNote)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Created<ReplyCreated>, ProblemHttpResult>> ReplyAsync(ApiContext c, Guid id, string? text, bool interim, DateOnly? formalDueOn)
    {
        var (actor, comment, _) = await LoadAsync(c, id);
        if (comment is null)
        {
            return NotFound();
        }
        var post = await CommentUseCases.CreateReplyAsync(c.Db, actor, comment, text, interim, formalDueOn, null, c.Now, c.Ct);
        return TypedResults.Created($"/api/v1/posts/{post.Id}", new ReplyCreated(post.Id, comment.Id, post.Interim, post.FormalDueOn, post.Status.ToString()));
    }

    /// <summary>The comment if the actor may see it (null → 404), whether its account replies; a stale If-Match is refused here.</summary>
    private static async Task<(Actor Actor, Comment? Comment, bool RepliesOffered)> LoadAsync(ApiContext c, Guid id)
    {
        var actor = await c.ActorAsync();
        var comment = await c.Db.FindVisibleCommentAsync(id, actor, c.Ct);
        if (comment is null)
        {
            return (actor, null, false);
        }
        c.RequireIfMatch(comment.Version);
        var account = await c.Db.Accounts.AsNoTracking().Include(a => a.Policies).FirstAsync(a => a.Id == comment.AccountId, c.Ct);
        return (actor, comment, account.OffersReplies);
    }

    private static CommentDetail Answer(ApiContext c, Comment comment, Actor actor, bool repliesOffered)
    {
        c.SetETag(comment.Version);
        return CommentViews.Detail(comment, actor, repliesOffered);
    }

    private static ProblemHttpResult NotFound() => Problems.NotFound("書込み");
}
