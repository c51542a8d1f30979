using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using MuniSocial.Domain.Operations;
using MuniSocial.Domain.Posts;
using MuniSocial.Features.Publishing;
using MuniSocial.Infrastructure.Connectors;

namespace MuniSocial.Features.Posts;

/// <summary>
/// The posts API: the same use cases as the pages (<see cref="PostUseCases"/>) — draft, check, submit, review,
/// publish record, correction, files, settings. A broken rule becomes ProblemDetails in the group's
/// DomainProblemFilter; what can change answers an ETag, and a change sent with a stale If-Match is refused.
/// </summary>
public static class PostsApi
{

    private const string IfMatchNote = "応答の ETag を変更操作の If-Match に付けると、その後に他の職員が変更していた場合は 409（rule: concurrency）になり、上書きを防げます。";

    public sealed record ContentCheckRequest(string? Text, string? Platform, Guid? AccountId, DateTimeOffset? ScheduledAt);

    public sealed record PostRequest(Guid? AccountId, string? Kind, string? Text, string[]? Links, string? Category, DateTimeOffset? ScheduledAt, string? ReplyTo,
        [property: Description("事前承認区分 A（情報が既に公開済である内容）のとき必須: その情報を公開しているページのURL（https、500文字以内）")] string? PublicSourceUrl,
        [property: ApiDeprecated(Concurrency.BodyVersionDeprecated)] int? Version);

    public sealed record SubmitRequest(string[]? Acknowledged, bool? RequestCheck, [property: ApiDeprecated(Concurrency.BodyVersionDeprecated)] int? Version);

    public sealed record ReviewRequest(string? Decision, string? Comment, [property: ApiDeprecated(Concurrency.BodyVersionDeprecated)] int? Version);

    public sealed record PublishRequest(string? PublishedUrl, DateTimeOffset? PublishedAt, [property: ApiDeprecated(Concurrency.BodyVersionDeprecated)] int? Version);

    /// <summary>A person's step on the post's outbox entry; <c>version</c> is the entry's (publication.version).</summary>
    public sealed record PublicationChangeRequest(int? Version);

    /// <summary>要確認 → 送信済: where the post was found on the platform.</summary>
    public sealed record ConfirmSentRequest(
        [property: Description("プラットフォームで見つけた投稿のURL（https）")] string? PlatformUrl,
        [property: Description("プラットフォームでの投稿のID（省略時は URL の最後の部分）")] string? PlatformPostId,
        int? Version);

    /// <summary>The head's decision on a post held by a lifted publishing pause: a reason is optional for a cancellation.</summary>
    public sealed record HeldDecisionRequest(string? Reason);

    public sealed record ConfirmMediaRequest(bool Portrait, bool Copyright, bool PersonalInfo);

    public sealed record SectionSettingsRequest(string[]? PreApproved, string? SecondCheck,
        [property: Description("D（その他、主管課で所属長の了承を不要と判断できる内容）の範囲。Dを事前承認にするには必須（1000文字以内）")] string? CategoryDScope,
        [property: ApiDeprecated(Concurrency.BodyVersionDeprecated)] int? Version);

    public sealed record CheckSettingsRequest(string? Expressions, string? ConfidentialMarkers, string? DecisionMarkers, string? Exceptions,
        string? ShortenerHosts, string? OwnDomains, string[]? ErrorKinds, [property: ApiDeprecated(Concurrency.BodyVersionDeprecated)] int? Version);

    public static void MapPostsApi(this RouteGroupBuilder api)
    {
        var posts = api.MapGroup("/posts").WithTags("Posts");
        var settings = api.MapGroup("").WithTags("Posts");
        MapCheck(settings);
        MapSettings(settings);
        MapQueries(posts);
        MapChanges(posts);
        MapMedia(posts);
    }

    private static void MapCheck(RouteGroupBuilder api) =>
        api.MapPost("/content-check", async Task<Results<Ok<ContentCheckResult>, ProblemHttpResult>> (ContentCheckRequest? request, ContentChecks checks, [AsParameters] ApiContext c) =>
            {
                var actor = await c.Current.GetAsync(c.Ct);
                if (request?.Text is null)
                {
                    return Problems.BadRequest("text", "text（チェックする本文）を指定してください。");
                }
                if (request.Text.Length > 200_000)
                {
                    return Problems.BadRequest("text", "text は200,000文字以内にしてください。");
                }
                Platform? platform = null;
                if (!string.IsNullOrWhiteSpace(request.Platform))
                {
                    if (!Enum.TryParse<Platform>(request.Platform, ignoreCase: true, out var p) || !Enum.IsDefined(p))
                    {
                        return Problems.BadRequest("platform", $"platform は {string.Join(" / ", Enum.GetNames<Platform>())} のいずれかを指定してください。");
                    }
                    platform = p;
                }
                SocialAccount? account = null;
                if (request.AccountId is { } accountId)
                {
                    account = await c.Db.Accounts.VisibleTo(actor).AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, c.Ct);
                    if (account is null)
                    {
                        return Problems.NotFound();
                    }
                }
                var findings = await checks.CheckAsync(request.Text, platform, account, request.ScheduledAt ?? c.Now, c.Ct);
                return TypedResults.Ok(new ContentCheckResult([.. findings.Select(f => PostViews.ToDto(f, request.Text))]));
            })
            .WithName("ContentCheck")
            .WithSummary("内容チェック: 本文の指摘（位置・ガイドラインの条項・警告の確認キー）を返す")
            .WithDescription("platform と accountId（運用時間・運用期間）、scheduledAt（発信予定日時）を指定すると、それに応じた指摘も返します。")
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

    private static void MapSettings(RouteGroupBuilder api)
    {
        api.MapGet("/content-check/settings", async Task<Results<Ok<ContentCheckSettingsView>, ProblemHttpResult>> ([AsParameters] ApiContext c) =>
            {
                var actor = await c.Current.GetAsync(c.Ct);
                if (!(actor.Is(Role.PrOffice) || actor.Is(Role.Operator) || actor.Is(Role.SectionHead)))
                {
                    throw new DomainForbiddenException();
                }
                return CheckSettingsAnswer(c, await c.Db.CheckSettingsAsync(c.Ct));
            })
            .WithName("GetContentCheckSettings")
            .WithSummary("内容チェックの設定（辞書と、発信不可とする指摘の種類）")
            .WithDescription(IfMatchNote)
            .WithProblems();

        api.MapPut("/content-check/settings", async Task<Results<Ok<ContentCheckSettingsView>, ProblemHttpResult>> (CheckSettingsRequest? request, [AsParameters] ApiContext c) =>
            {
                var actor = await c.Current.GetAsync(c.Ct);
                if (request is null)
                {
                    return Problems.BadRequest("expressions", "設定を指定してください。");
                }
                var kinds = new List<FindingKind>();
                foreach (var code in request.ErrorKinds ?? [])
                {
                    if (FindingKinds.FromCode(code) is not { } k)
                    {
                        return Problems.BadRequest("errorKinds", $"errorKinds の「{code}」は不明です。使える値: {string.Join(", ", FindingKinds.All.Select(FindingKinds.Code))}");
                    }
                    kinds.Add(k);
                }
                c.RequireIfMatch((await c.Db.CheckSettingsAsync(c.Ct)).Version);
                var input = new ContentCheckSettings.Input(request.Expressions, request.ConfidentialMarkers, request.DecisionMarkers, request.Exceptions,
                    request.ShortenerHosts, request.OwnDomains, kinds);
                return CheckSettingsAnswer(c, await PostUseCases.SaveCheckSettingsAsync(c.Db, actor, input, request.Version, c.Now, c.Ct));
            })
            .WithName("UpdateContentCheckSettings")
            .WithSummary("内容チェックの設定を保存する（市広報担当）")
            .WithDescription("本文の内容で設定全体を置き換えます。" + IfMatchNote)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);

        api.MapGet("/sections/{sectionId:guid}/post-settings", async Task<Results<Ok<SectionPostSettingsView>, ProblemHttpResult>> (Guid sectionId, [AsParameters] ApiContext c) =>
            {
                var actor = await c.Current.GetAsync(c.Ct);
                if (!actor.CanSee(sectionId))
                {
                    return SectionNotFound();
                }
                return SectionSettingsAnswer(c, await c.Db.SectionSettingsAsync(sectionId, c.Ct));
            })
            .WithName("GetSectionPostSettings")
            .WithSummary("所属の発信設定（事前承認の範囲 A〜D と、他の職員の確認の要否）")
            .WithDescription(IfMatchNote)
            .WithProblems(StatusCodes.Status404NotFound);

        api.MapPut("/sections/{sectionId:guid}/post-settings", async Task<Results<Ok<SectionPostSettingsView>, ProblemHttpResult>> (Guid sectionId, SectionSettingsRequest? request, [AsParameters] ApiContext c) =>
            {
                var actor = await c.Current.GetAsync(c.Ct);
                if (!actor.CanSee(sectionId))
                {
                    return SectionNotFound();
                }
                var categories = new List<PostCategory>();
                foreach (var name in request?.PreApproved ?? [])
                {
                    if (!Enum.TryParse<PostCategory>(name, true, out var category) || !Enum.IsDefined(category))
                    {
                        return Problems.BadRequest("preApproved", "preApproved には A・B・C・D を指定してください。");
                    }
                    categories.Add(category);
                }
                if (!Enum.TryParse<SecondCheckSetting>(request?.SecondCheck, true, out var second) || !Enum.IsDefined(second))
                {
                    return Problems.BadRequest("secondCheck", "secondCheck は Required（必須）または Optional（任意）を指定してください。");
                }
                c.RequireIfMatch((await c.Db.SectionSettingsAsync(sectionId, c.Ct)).Version);
                var settings = await PostUseCases.SaveSectionSettingsAsync(c.Db, actor, sectionId, PostUseCases.Flags(categories), second, request!.Version, request.CategoryDScope, c.Now, c.Ct);
                return SectionSettingsAnswer(c, settings);
            })
            .WithName("UpdateSectionPostSettings")
            .WithSummary("所属の発信設定を保存する（その所属の所属長、ガイドライン5(2)ウ(イ)(ウ)）")
            .WithDescription(IfMatchNote)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static void MapQueries(RouteGroupBuilder posts)
    {
        posts.MapGet("/", async Task<Results<Ok<List<PostSummary>>, ProblemHttpResult>> (string? status, Guid? accountId, [AsParameters] ApiContext c) =>
            {
                var actor = await c.Current.GetAsync(c.Ct);
                var q = c.Db.Posts.VisibleTo(actor).AsNoTracking();
                if (!string.IsNullOrEmpty(status))
                {
                    if (!Enum.TryParse<PostStatus>(status, true, out var s))
                    {
                        return Problems.BadRequest("status", $"status は {string.Join(" / ", Enum.GetNames<PostStatus>())} のいずれかです。");
                    }
                    q = q.Where(p => p.Status == s);
                }
                if (accountId is { } a)
                {
                    q = q.Where(p => p.AccountId == a);
                }
                var list = await q.OrderByDescending(p => p.UpdatedAt).Take(200).ToListAsync(c.Ct);
                return TypedResults.Ok(list.Select(PostViews.Summary).ToList());
            })
            .WithName("ListPosts")
            .WithSummary("投稿の一覧（担当者・所属長は自所属、市広報担当は全所属。新しい順に200件まで）")
            .WithDescription("status（Draft / AwaitingCheck / AwaitingApproval / Approved / Published / Rejected）と accountId で絞り込めます。")
            .WithProblems(StatusCodes.Status400BadRequest);

        posts.MapGet("/queue", async Task<Ok<List<PostSummary>>> ([AsParameters] ApiContext c) =>
            {
                var actor = await c.Current.GetAsync(c.Ct);
                var list = await c.Db.Posts.AsNoTracking().QueueFor(actor).OrderBy(p => p.UpdatedAt).ToListAsync(c.Ct);
                return TypedResults.Ok(list.Select(PostViews.Summary).ToList());
            })
            .WithName("PostQueue")
            .WithSummary("自分が確認・了承する投稿（同じ所属の他の職員の提出、所属長には了承待ち）")
            .WithProblems();

        posts.MapGet("/archive", async Task<Results<Ok<List<ArchiveEntryView>>, FileContentHttpResult, ProblemHttpResult>> (Guid? accountId, DateOnly? from, DateOnly? to, string? q, string? format, [AsParameters] ApiContext c) =>
            {
                var actor = await c.Current.GetAsync(c.Ct);
                if (!(actor.Is(Role.PrOffice) || actor.Is(Role.Operator) || actor.Is(Role.SectionHead)))
                {
                    throw new DomainForbiddenException();
                }
                var entries = await PostArchive.SearchAsync(c.Db, actor, new PostArchive.Query(accountId, from, to, q), 10_000, c.Ct);
                return format?.ToLowerInvariant() switch
                {
                    "csv" => TypedResults.File(PostArchive.ToCsv(entries), MuniSocial.Infrastructure.Export.CsvExport.ContentType, "posts-archive.csv"),
                    null or "" or "json" => TypedResults.Ok(entries.Select(PostArchive.ToJson).ToList()),
                    _ => Problems.BadRequest("format", "format は csv または json を指定してください。"),
                };
            })
            .WithName("PostArchive")
            .WithSummary("公開済みの投稿の記録（ガイドライン5(5)）: 検索し、JSON または CSV（BOM 付き UTF-8）で出力する")
            .WithProblems(StatusCodes.Status400BadRequest);

        posts.MapGet("/{id:guid}", async Task<Results<Ok<PostDetail>, ProblemHttpResult>> (Guid id, ContentChecks checks, [AsParameters] ApiContext c) =>
            {
                var (_, post) = await LoadAsync(c, id);
                return post is null ? Problems.NotFound("投稿") : await AnswerAsync(c, checks, post);
            })
            .WithName("GetPost")
            .WithSummary("投稿の詳細（現在の内容チェックの指摘、写真・動画、提出の回ごとの確認・了承の記録）")
            .WithDescription(IfMatchNote)
            .WithProblems(StatusCodes.Status404NotFound);
    }

    private static void MapChanges(RouteGroupBuilder posts)
    {
        posts.MapPost("/", async Task<Results<Created<PostDetail>, ProblemHttpResult>> (PostRequest? request, ContentChecks checks, [AsParameters] ApiContext c) =>
            {
                var actor = await c.Current.GetAsync(c.Ct);
                if (request?.AccountId is not { } accountId)
                {
                    return Problems.BadRequest("accountId", "accountId（発信するアカウント）を指定してください。");
                }
                var (kind, input) = Parse(request);
                var account = await c.Db.FindVisibleAsync(accountId, actor, c.Ct);
                if (account is null)
                {
                    return Problems.NotFound();
                }
                var post = await PostUseCases.CreateAsync(c.Db, actor, account, kind, input, c.Now, c.Ct);
                return TypedResults.Created($"/api/v1/posts/{post.Id}", await DetailAsync(c, checks, post));
            })
            .WithName("CreatePost")
            .WithSummary("投稿・返信の下書きを作成する（掲載中のアカウント、その所属の担当者・所属長）")
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        posts.MapPut("/{id:guid}", (Guid id, PostRequest? request, ContentChecks checks, [AsParameters] ApiContext c) =>
                ChangeAsync(c, checks, id, () => request is null ? Problems.BadRequest("text", "本文を指定してください。") : null,
                    (actor, post) => PostUseCases.UpdateAsync(c.Db, actor, post, Parse(request!).Input, request!.Version, c.Now, c.Ct)))
            .WithName("UpdatePost")
            .WithSummary("下書きを修正する（作成者のみ、下書きの間）")
            .WithDescription(IfMatchNote)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        posts.MapDelete("/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, MediaStore store, [AsParameters] ApiContext c) =>
            {
                var (actor, post) = await LoadAsync(c, id);
                if (post is null)
                {
                    return Problems.NotFound("投稿");
                }
                await PostUseCases.DiscardAsync(c.Db, store, actor, post, null, c.Now, c.Ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.Staff)
            .WithName("DiscardPostDraft")
            .WithSummary("提出したことのない投稿・返信の下書きを破棄する（作成した職員または所属長。監査記録は残る）")
            .WithDescription(IfMatchNote)
            .WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        posts.MapPost("/{id:guid}/submit", (Guid id, SubmitRequest? request, ContentChecks checks, [AsParameters] ApiContext c) =>
                ChangeAsync(c, checks, id, (actor, post) =>
                    PostUseCases.SubmitAsync(c.Db, checks, actor, post, request?.Acknowledged ?? [], request?.RequestCheck ?? false, request?.Version, c.Now, c.Ct)))
            .WithName("SubmitPost")
            .WithSummary("提出する: 内容チェックのエラーがなく、警告をすべて確認済み（acknowledged に確認キー）、写真・動画を確認済みであること")
            .WithDescription("提出できないときは 409（rule: submission-blocked、errors に項目名）。" + IfMatchNote)
            .WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        posts.MapPost("/{id:guid}/review", (Guid id, ReviewRequest? request, ContentChecks checks, [AsParameters] ApiContext c) =>
            {
                var decision = default(ReviewDecision);
                return ChangeAsync(c, checks, id,
                    () => Enum.TryParse(request?.Decision, true, out decision) && Enum.IsDefined(decision)
                        ? null
                        : Problems.BadRequest("decision", "decision は Approve（承認・確認済み）/ SendBack（差戻し）/ Reject（却下）のいずれかを指定してください。"),
                    (actor, post) => PostUseCases.ReviewAsync(c.Db, checks, actor, post, decision, request!.Comment, request.Version, c.Now, c.Ct));
            })
            .WithName("ReviewPost")
            .WithSummary("他の職員の確認・所属長の了承: 承認（確認済み）・差戻し・却下")
            .WithDescription(IfMatchNote)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        posts.MapPost("/{id:guid}/publish", async Task<Results<Ok<PostDetail>, Accepted<PostDetail>, ProblemHttpResult>> (Guid id, PublishRequest? request,
                ContentChecks checks, ConnectorRegistry registry, BusinessCalendar calendar, [AsParameters] ApiContext c) =>
            {
                var (actor, post) = await LoadAsync(c, id);
                if (post is null)
                {
                    return Problems.NotFound("投稿");
                }
                var connection = await c.Db.ConnectionOfAsync(post.AccountId, c.Ct);
                if (connection is null || request is { PublishedUrl: not null } or { PublishedAt: not null })
                {
                    // A record of a post made by hand (refused on a connected account unless its connection is broken).
                    await PostUseCases.RecordPublishedAsync(c.Db, registry, actor, post, request?.PublishedUrl, request?.PublishedAt, request?.Version, c.Now, c.Ct);
                    return await AnswerAsync(c, checks, post);
                }
                var warnings = await PublicationUseCases.WarningsAsync(c.Db, calendar, post, c.Now, c.Ct);
                await PublicationUseCases.PublishAsync(c.Db, registry, actor, post, request?.Version, c.Now, c.Ct);
                var detail = await DetailAsync(c, checks, post);
                return TypedResults.Accepted($"/api/v1/posts/{post.Id}", detail with { Warnings = [.. warnings.Select(w => new PublishWarningView(w.Code, w.Message))] });
            })
            .WithName("RecordPublished")
            .WithSummary("発信する: 接続したアカウントは MuniSocial から発信（202）、接続していないアカウントは発信した URL と日時を記録する（200）")
            .WithDescription("接続したアカウントでは body なし（または {}）で送ると、今（予約日時があればその日時）に送信する発信を受け付けて 202 を返します"
                + "（Location は投稿、publication に送信の状態、運用時間外なら warnings に outside-operating-hours）。"
                + "接続したアカウントに publishedUrl・publishedAt を送ると 409（rule: publish-through-connector）です（接続が使えない状態のときだけ記録できます）。"
                + "接続していないアカウントでは publishedUrl と publishedAt を指定して記録します。" + IfMatchNote)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        posts.MapPost("/{id:guid}/publication/retry", (Guid id, PublicationChangeRequest? request, ContentChecks checks, [AsParameters] ApiContext c) =>
                ChangeAsync(c, checks, id, (actor, post) => PublicationUseCases.RetryAsync(c.Db, actor, post, request?.Version, c.Now, c.Ct)))
            .WithName("RetryPublication")
            .WithSummary("発信を再送する: 送信失敗の原因を解消したあと、または要確認でプラットフォームに投稿されていなかったと確認したあと（所属の職員）")
            .WithDescription("version には publication.version を指定できます（違えば 409、rule: concurrency）。" + IfMatchNote)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        posts.MapPost("/{id:guid}/publication/confirm-sent", (Guid id, ConfirmSentRequest? request, ContentChecks checks, [AsParameters] ApiContext c) =>
                ChangeAsync(c, checks, id, (actor, post) =>
                    PublicationUseCases.ConfirmSentAsync(c.Db, actor, post, request?.PlatformUrl, request?.PlatformPostId, request?.Version, c.Now, c.Ct)))
            .WithName("ConfirmPublicationSent")
            .WithSummary("要確認の発信が投稿されていたことを記録する: プラットフォームで見つけた投稿の URL（所属の職員）。投稿は公開済みになります")
            .WithDescription("platformPostId を省くと URL の最後の部分を ID とします。version には publication.version を指定できます。" + IfMatchNote)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        posts.MapPost("/{id:guid}/held-release", (Guid id, ContentChecks checks, [AsParameters] ApiContext c) =>
                ChangeAsync(c, checks, id, (actor, post) => PostUseCases.ReleaseHeldAsync(c.Db, actor, post, null, c.Now, c.Ct)))
            .WithName("ReleaseHeldPost")
            .WithSummary("発信の一時停止の解除後: 保留されていた承認済みの投稿を発信してよいとする（所属長）")
            .WithDescription(IfMatchNote)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        posts.MapPost("/{id:guid}/held-cancel", (Guid id, HeldDecisionRequest? request, ContentChecks checks, [AsParameters] ApiContext c) =>
                ChangeAsync(c, checks, id, (actor, post) => PostUseCases.CancelHeldAsync(c.Db, actor, post, request?.Reason, null, c.Now, c.Ct)))
            .WithName("CancelHeldPost")
            .WithSummary("発信の一時停止の解除後: 保留されていた承認済みの投稿を取りやめる（所属長、却下として記録）")
            .WithDescription(IfMatchNote)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        posts.MapPost("/{id:guid}/corrections", async Task<Results<Created<PostDetail>, ProblemHttpResult>> (Guid id, PostRequest? request, ContentChecks checks, [AsParameters] ApiContext c) =>
            {
                var actor = await c.Current.GetAsync(c.Ct);
                var original = await c.Db.FindVisiblePostAsync(id, actor, c.Ct);
                if (original is null)
                {
                    return Problems.NotFound("投稿");
                }
                var account = await c.Db.FindVisibleAsync(original.AccountId, actor, c.Ct);
                if (account is null)
                {
                    return Problems.NotFound();
                }
                if (request is null)
                {
                    return Problems.BadRequest("text", "本文を指定してください。");
                }
                var (_, input) = Parse(request);
                var post = await PostUseCases.CorrectAsync(c.Db, actor, account, original, input, c.Now, c.Ct);
                return TypedResults.Created($"/api/v1/posts/{post.Id}", await DetailAsync(c, checks, post));
            })
            .WithName("CorrectPost")
            .WithSummary("訂正の投稿を作成する（公開済みの投稿について、誤りを明記して元の投稿にリンク、ガイドライン5(5)ア(イ)）")
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static void MapMedia(RouteGroupBuilder posts)
    {
        posts.MapPost("/{id:guid}/media", async Task<Results<Created<MediaUploaded>, ProblemHttpResult>> (Guid id, IFormFile? file, MediaStore store, [AsParameters] ApiContext c) =>
            {
                var (actor, post) = await LoadAsync(c, id);
                if (post is null)
                {
                    return Problems.NotFound("投稿");
                }
                var media = await PostUseCases.UploadMediaAsync(c.Db, store, actor, post, file, null, c.Now, c.Ct);
                return TypedResults.Created($"/api/v1/posts/{post.Id}/media/{media.Id}", PostViews.Uploaded(media));
            })
            .DisableAntiforgery()
            .WithName("UploadPostMedia")
            .WithSummary("写真・動画を追加する（multipart/form-data の file。JPEG・PNG・GIF・MP4 をファイルの中身で判定）")
            .WithDescription("投稿の版が上がります（投稿の ETag は GET で取り直してください）。" + IfMatchNote)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        posts.MapPost("/{id:guid}/media/{mediaId:guid}/confirm", (Guid id, Guid mediaId, ConfirmMediaRequest? request, ContentChecks checks, [AsParameters] ApiContext c) =>
                ChangeAsync(c, checks, id, () => request is null ? Problems.BadRequest("portrait", "portrait・copyright・personalInfo（それぞれ確認したか）を指定してください。") : null,
                    (actor, post) => PostUseCases.ConfirmMediaAsync(c.Db, actor, post, mediaId, request!.Portrait, request.Copyright, request.PersonalInfo, null, c.Now, c.Ct)))
            .WithName("ConfirmPostMedia")
            .WithSummary("写真・動画の肖像権・著作権・個人情報を確認したことを記録する（ガイドライン5(4)イ）")
            .WithDescription(IfMatchNote)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        posts.MapDelete("/{id:guid}/media/{mediaId:guid}", (Guid id, Guid mediaId, MediaStore store, ContentChecks checks, [AsParameters] ApiContext c) =>
                ChangeAsync(c, checks, id, (actor, post) => PostUseCases.RemoveMediaAsync(c.Db, store, actor, post, mediaId, null, c.Now, c.Ct)))
            .WithName("RemovePostMedia")
            .WithSummary("写真・動画を削除する（作成者のみ、下書きの間）")
            .WithDescription(IfMatchNote)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        posts.MapGet("/{id:guid}/media/{mediaId:guid}", async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> (Guid id, Guid mediaId, MediaStore store, [AsParameters] ApiContext c) =>
            {
                var (_, post) = await LoadAsync(c, id);
                var media = post?.Media.FirstOrDefault(m => m.Id == mediaId);
                if (media is null || !File.Exists(store.PathOf(media.StoredName)))
                {
                    return Problems.NotFound("写真・動画");
                }
                return TypedResults.PhysicalFile(store.PathOf(media.StoredName), media.ContentType, MediaStore.DownloadName(media), enableRangeProcessing: true);
            })
            .WithName("DownloadPostMedia")
            .WithSummary("写真・動画をダウンロードする")
            // The file result says nothing to the document: the body is the stored bytes, in the type they were uploaded as.
            .Produces<Stream>(StatusCodes.Status200OK, "image/jpeg", "image/png", "image/gif", "video/mp4")
            .WithProblems(StatusCodes.Status404NotFound);
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    /// <summary>The post if the actor may see it (null → 404); a change sent with a stale If-Match is refused here.</summary>
    private static async Task<(Actor Actor, Post? Post)> LoadAsync(ApiContext c, Guid id)
    {
        var actor = await c.Current.GetAsync(c.Ct);
        var post = await c.Db.FindVisiblePostAsync(id, actor, c.Ct);
        if (post is not null)
        {
            c.RequireIfMatch(post.Version);
        }
        return (actor, post);
    }

    private static (PostKind Kind, PostInput Input) Parse(PostRequest request)
    {
        var kind = PostKind.Post;
        if (!string.IsNullOrEmpty(request.Kind) && (!Enum.TryParse(request.Kind, true, out kind) || !Enum.IsDefined(kind)))
        {
            throw Invalid("kind", "kind は Post（投稿）または Reply（返信）を指定してください。");
        }
        PostCategory? category = null;
        if (!string.IsNullOrWhiteSpace(request.Category))
        {
            if (!Enum.TryParse<PostCategory>(request.Category, true, out var c) || !Enum.IsDefined(c))
            {
                throw Invalid("category", "category は A・B・C・D のいずれか、または指定なし（所属長の了承が必要）です。");
            }
            category = c;
        }
        return (kind, new PostInput(request.Text, request.Links, category, request.ScheduledAt, request.ReplyTo, PublicSourceUrl: request.PublicSourceUrl));
    }

    private static DomainValidationException Invalid(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>The post as it now is (its findings now, unless it is finished), with its ETag.</summary>
    private static async Task<Ok<PostDetail>> AnswerAsync(ApiContext c, ContentChecks checks, Post post) => TypedResults.Ok(await DetailAsync(c, checks, post));

    /// <summary>One use case on a post the actor may see: 404 when they may not see it, then 400 for a request the use case cannot read, else the post as it is after the change.</summary>
    private static async Task<Results<Ok<PostDetail>, ProblemHttpResult>> ChangeAsync(ApiContext c, ContentChecks checks, Guid id, Func<ProblemHttpResult?> invalid, Func<Actor, Post, Task> change)
    {
        var (actor, post) = await LoadAsync(c, id);
        if (post is null)
        {
            return Problems.NotFound("投稿");
        }
        if (invalid() is { } problem)
        {
            return problem;
        }
        await change(actor, post);
        return await AnswerAsync(c, checks, post);
    }

    private static Task<Results<Ok<PostDetail>, ProblemHttpResult>> ChangeAsync(ApiContext c, ContentChecks checks, Guid id, Func<Actor, Post, Task> change) =>
        ChangeAsync(c, checks, id, () => null, change);

    private static async Task<PostDetail> DetailAsync(ApiContext c, ContentChecks checks, Post post)
    {
        var findings = post.Status is PostStatus.Published or PostStatus.Rejected ? [] : await checks.CheckPostAsync(post, c.Now, c.Ct);
        c.Http.Response.Headers.ETag = Concurrency.ETag(post.Version);
        return PostViews.Detail(post, findings, await c.Db.Publications.AsNoTracking().FirstOrDefaultAsync(p => p.PostId == post.Id, c.Ct));
    }

    private static Ok<SectionPostSettingsView> SectionSettingsAnswer(ApiContext c, SectionPostSettings settings)
    {
        c.Http.Response.Headers.ETag = Concurrency.ETag(settings.Version);
        return TypedResults.Ok(PostViews.Settings(settings));
    }

    private static Ok<ContentCheckSettingsView> CheckSettingsAnswer(ApiContext c, ContentCheckSettings settings)
    {
        c.Http.Response.Headers.ETag = Concurrency.ETag(settings.Version);
        return TypedResults.Ok(PostViews.CheckSettings(settings));
    }



    private static ProblemHttpResult SectionNotFound() => Problems.NotFound("所属");
}
