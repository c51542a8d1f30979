using Microsoft.AspNetCore.Http.HttpResults;
using MuniSocial.Domain.Publishing;
using MuniSocial.Features.PublishingPauses;
using MuniSocial.Infrastructure.Email;

namespace MuniSocial.Features.UnapprovedPosts;

/// <summary>
/// The posts the watch found on the accounts without MuniSocial (§5(2)ウ): the PR office lists and decides; section staff
/// read their own section's open ones. Another section's post is a 404. The decisions answer an ETag and honour If-Match.
/// </summary>
public static class UnapprovedPostsApi
{
    private const string Refusal = "未承認の投稿を確認できるのは、所属の職員と市広報担当です。";
    private const string Decides = "未承認の投稿の扱いを決めるのは市広報担当です。";
    private const string IfMatchNote = "応答の ETag を If-Match に付けると、その後に他の職員が対応していた場合は 409（rule: concurrency）になります。";

    public sealed record RecordOutsideRequest(string? Author, string? Reason);

    /// <summary>The decision and, for a post recorded outside the system, the archive post made from it.</summary>
    public sealed record DecisionView(UnapprovedPostView Post, Guid? RecordedPostId, Guid? IncidentId);

    public static void MapUnapprovedPostsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/unapproved-posts").WithTags("UnapprovedPosts");

        group.MapGet("", async Task<Results<Ok<List<UnapprovedPostView>>, ProblemHttpResult>> (string? state, Guid? account, [AsParameters] ApiContext c) =>
            {
                var actor = await c.ActorInRoleAsync(Refusal, Role.Operator, Role.SectionHead, Role.PrOffice);
                if (state is not (null or "open" or "all"))
                {
                    return Problems.BadRequest("state", "state は open / all のいずれかを指定してください。");
                }
                var list = await UnapprovedPostUseCases.ListAsync(c.Db, actor, state == "all", account, 1000, c.Ct);
                var names = await c.Db.AccountNamesAsync(list.Select(o => o.AccountId).Distinct(), c.Ct);
                return TypedResults.Ok(list.Select(o => UnapprovedPostView.Of(o, names.GetValueOrDefault(o.AccountId, ""))).ToList());
            })
            .RequireAuthorization(Policies.StaffOrPr)
            .WithName("ListUnapprovedPosts")
            .WithSummary("未承認の投稿（発信の監視が見つけた、MuniSocialを通していない投稿と承認と異なる本文）の一覧。未対応が先")
            .WithDescription("state=open（既定: 未対応のみ）/ all（対応済みも。市広報担当のみ）。account でアカウントを絞り込めます。担当者・所属長には自所属の未対応のものだけが見えます。")
            .WithProblems(StatusCodes.Status400BadRequest);

        group.MapGet("/{id:guid}", async Task<Results<Ok<UnapprovedPostView>, ProblemHttpResult>> (Guid id, [AsParameters] ApiContext c) =>
            {
                var actor = await c.ActorInRoleAsync(Refusal, Role.Operator, Role.SectionHead, Role.PrOffice);
                var observed = await c.Db.ObservedPosts.AsNoTracking().VisibleTo(actor).FirstOrDefaultAsync(o => o.Id == id, c.Ct);
                return observed is null ? NotFound() : TypedResults.Ok(await ViewAsync(c, observed));
            })
            .RequireAuthorization(Policies.StaffOrPr)
            .WithName("GetUnapprovedPost")
            .WithSummary("未承認の投稿の詳細（読み取った本文、承認された本文、URL、対応）")
            .WithDescription(IfMatchNote)
            .WithProblems(StatusCodes.Status404NotFound);

        group.MapPost("/{id:guid}/record-outside", async Task<Results<Ok<DecisionView>, ProblemHttpResult>> (Guid id, RecordOutsideRequest? request, [AsParameters] ApiContext c) =>
            {
                var (actor, observed) = await LoadAsync(c, id);
                if (observed is null)
                {
                    return NotFound();
                }
                var post = await UnapprovedPostUseCases.RecordOutsideAsync(c.Db, actor, observed, request?.Author, request?.Reason, c.Now, c.Ct);
                return TypedResults.Ok(new DecisionView(await ViewAsync(c, observed), post.Id, null));
            })
            .RequireAuthorization(Policies.PrOffice)
            .WithName("RecordUnapprovedPostOutside")
            .WithSummary("システム外の投稿として記録する（市広報担当。author に投稿した人（所属・氏名）、reason に理由）。投稿の記録に加わります")
            .WithDescription("既に対応済みなら 409（rule: already-resolved）。" + IfMatchNote)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        group.MapPost("/{id:guid}/hijack-incident", async Task<Results<Ok<DecisionView>, ProblemHttpResult>> (Guid id, MailSender mail, [AsParameters] ApiContext c) =>
            {
                var (actor, observed) = await LoadAsync(c, id);
                if (observed is null)
                {
                    return NotFound();
                }
                var incident = await UnapprovedPostUseCases.OpenHijackIncidentAsync(c.Db, actor, observed, mail.LinkBase, c.Now, c.Ct);
                return TypedResults.Ok(new DecisionView(await ViewAsync(c, observed), null, incident.Id));
            })
            .RequireAuthorization(Policies.PrOffice)
            .WithName("OpenHijackIncidentFromUnapprovedPost")
            .WithSummary("乗っ取りのインシデントを登録する（市広報担当）。アカウントの発信は一時停止し、投稿のURLと本文を経過に記録します")
            .WithDescription("既に対応済みなら 409（rule: already-resolved）。" + IfMatchNote)
            .WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static ProblemHttpResult NotFound() => Problems.NotFound("未承認の投稿");

    private static async Task<(Actor Actor, ObservedPost? Observed)> LoadAsync(ApiContext c, Guid id)
    {
        var actor = await c.ActorInRoleAsync(Decides, Role.PrOffice);
        var observed = await c.Db.FindVisibleObservedAsync(id, actor, c.Ct);
        if (observed is not null)
        {
            c.RequireIfMatch(observed.Version);
        }
        return (actor, observed);
    }

    private static async Task<UnapprovedPostView> ViewAsync(ApiContext c, ObservedPost observed)
    {
        c.SetETag(observed.Version);
        var names = await c.Db.AccountNamesAsync([observed.AccountId], c.Ct);
        return UnapprovedPostView.Of(observed, names.GetValueOrDefault(observed.AccountId, ""));
    }
}
