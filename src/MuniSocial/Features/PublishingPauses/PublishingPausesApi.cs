using Microsoft.AspNetCore.Http.HttpResults;
using MuniSocial.Domain.Incidents;

namespace MuniSocial.Features.PublishingPauses;

/// <summary>
/// The crisis switch over the API (§5(5)): the pauses in force and recent, pause one account or all, lift with the
/// posts it held. The same use cases as <c>/publishing-pause</c>; a broken rule is ProblemDetails (409
/// <c>already-paused</c>, <c>incident-open</c>, <c>pause-lifted</c>).
/// </summary>
public static class PublishingPausesApi
{
    private const string PrOnly = "発信の一時停止・解除は市広報担当が行います。";

    public static void MapPublishingPausesApi(this RouteGroupBuilder api)
    {
        var pauses = api.MapGroup("/publishing-pause").WithTags("PublishingPause");

        pauses.MapGet("", async Task<Ok<PausesOverview>> ([AsParameters] ApiContext c) =>
            {
                var all = await c.Db.PublishingPauses.AsNoTracking().ToListAsync(c.Ct);
                var names = await c.Db.AccountNamesAsync(all.Where(p => p.AccountId is not null).Select(p => p.AccountId!.Value), c.Ct);
                var active = all.Where(p => p.IsActive).OrderByDescending(p => p.PausedAt).Select(p => PauseViews.View(p, names)).ToList();
                var recent = all.Where(p => !p.IsActive).OrderByDescending(p => p.LiftedAt).Take(50).Select(p => PauseViews.View(p, names)).ToList();
                return TypedResults.Ok(new PausesOverview(active, recent));
            })
            .RequireAuthorization(Policies.StaffOrPr)
            .WithName("ListPublishingPauses")
            .WithSummary("発信の一時停止: 停止中のものと、最近解除されたもの（50件まで）")
            .WithProblems();

        pauses.MapGet("/{id:guid}", async Task<Results<Ok<PauseDetail>, ProblemHttpResult>> (Guid id, [AsParameters] ApiContext c) =>
            {
                await c.ActorInRoleAsync(PrOnly, Role.PrOffice);
                var pause = await c.Db.PublishingPauses.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, c.Ct);
                return pause is null ? Problems.NotFound("一時停止") : TypedResults.Ok(await DetailAsync(c, pause));
            })
            .RequireAuthorization(Policies.PrOffice)
            .WithName("GetPublishingPause")
            .WithSummary("一時停止の詳細と、解除のときに保留されていた発信（所属長の再開・取りやめの状況）")
            .WithDescription("ETag は一時停止の版です。解除（DELETE）の If-Match に付けると、その間に他の職員が解除していた場合は 409 になります。")
            .WithProblems(StatusCodes.Status404NotFound);

        pauses.MapPost("", async Task<Results<Created<PauseDetail>, ProblemHttpResult>> (PauseRequest? request, [AsParameters] ApiContext c) =>
            {
                var actor = await c.ActorInRoleAsync(PrOnly, Role.PrOffice);
                if (request is null)
                {
                    return Problems.BadRequest("reason", "reason（一時停止の理由）を指定してください。すべてのアカウントを停止するときは accountId を省きます。");
                }
                if (request.AccountId is { } accountId && !await c.Db.Accounts.AnyAsync(a => a.Id == accountId, c.Ct))
                {
                    return Problems.NotFound();
                }
                var pause = await PublishingPauseUseCases.PauseAsync(c.Db, actor, request.AccountId, request.Reason, c.Now, c.Ct);
                return TypedResults.Created($"/api/v1/publishing-pause/{pause.Id}", await DetailAsync(c, pause));
            })
            .RequireAuthorization(Policies.PrOffice)
            .WithName("PausePublishing")
            .WithSummary("発信を一時停止する（市広報担当）: accountId のアカウント、省略するとすべてのアカウント")
            .WithDescription("停止中は、そのアカウントの投稿の承認・公開の記録が 409（rule: publishing-paused）になります。既に停止中の範囲は 409（rule: already-paused）、存在しないアカウントは 404。")
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        pauses.MapDelete("/{id:guid}", async Task<Results<Ok<PauseDetail>, ProblemHttpResult>> (Guid id, string? note, [FromBody] LiftRequest? request, [AsParameters] ApiContext c) =>
            {
                var actor = await c.ActorInRoleAsync(PrOnly, Role.PrOffice);
                var pause = await c.Db.PublishingPauses.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, c.Ct);
                if (pause is null)
                {
                    return Problems.NotFound("一時停止");
                }
                c.RequireIfMatch(pause.Version);
                var lifted = await PublishingPauseUseCases.LiftAsync(c.Db, actor, id, request?.Note ?? note, null, c.Now, c.Ct);
                return TypedResults.Ok(await DetailAsync(c, lifted.Pause));
            })
            .RequireAuthorization(Policies.PrOffice)
            .WithName("LiftPublishingPause")
            .WithSummary("一時停止を解除する（市広報担当）: 保留されていた承認済みの発信を一覧で返す")
            .WithDescription("note（解除のメモ）は本文 {\"note\": …} またはクエリで指定できます（省略可）。乗っ取りのインシデントが対応中の間は 409（rule: incident-open）。"
                + "保留されていた発信は、所属長が投稿の画面で再開または取りやめを判断します。")
            .WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static async Task<PauseDetail> DetailAsync(ApiContext c, PublishingPause pause)
    {
        var held = await c.Db.HeldPosts.AsNoTracking().Where(h => h.PauseId == pause.Id).ToListAsync(c.Ct);
        var postIds = held.Select(h => h.PostId).ToList();
        var posts = await c.Db.Posts.AsNoTracking().Where(p => postIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, c.Ct);
        var accountIds = held.Select(h => h.AccountId).Concat(pause.AccountId is { } a ? [a] : []);
        var names = await c.Db.AccountNamesAsync(accountIds, c.Ct);
        c.SetETag(pause.Version);
        return new PauseDetail(PauseViews.View(pause, names), [.. held.Select(h => PauseViews.Held(h, posts[h.PostId], names))]);
    }
}
