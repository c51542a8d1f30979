using Microsoft.AspNetCore.Http.HttpResults;
using MuniSocial.Domain.Incidents;
using MuniSocial.Infrastructure.Email;

namespace MuniSocial.Features.Incidents;

/// <summary>
/// The incidents API (§5(5)): the same use cases as the pages (<see cref="IncidentUseCases"/>). Staff of the section
/// concerned and the PR office; another section's incident is a 404. What changes answers an ETag, and a change
/// sent with a stale If-Match is refused (409, rule concurrency).
/// </summary>
public static class IncidentsApi
{
    private const string IfMatchNote = "応答の ETag を変更操作の If-Match に付けると、その後に他の職員が変更していた場合は 409（rule: concurrency）になり、上書きを防げます。";
    private const string Refusal = "インシデントを扱えるのは、所属の職員と市広報担当です。";

    public sealed record OpenRequest(string? Kind, Guid? AccountId, Guid? PostId, string? Summary, string? FakeUrl, Guid? DailyCheckId, Guid? ReviewId);

    public sealed record StepRequest(string? Kind, string? PlaybookItem, string? Text, Guid[]? AccountIds, Guid[]? PostIds, string? Reference,
        DateOnly? OccurredOn, string? Answer);

    public sealed record ClosureRequest(string? Note, string? OpenItemsReason);

    public sealed record AccessResetRequest(Guid? AccountId, Guid[]? ReviewedHolderIds, bool PasswordChanged, string? Note);

    public sealed record CorrectionRequest(Guid? PostId, string? Text);

    public sealed record CorrectInformationRequest(Guid? AccountId, string? Text, string? Link);

    public static void MapIncidentsApi(this RouteGroupBuilder api)
    {
        var incidents = api.MapGroup("/incidents").WithTags("Incidents").RequireAuthorization(Policies.StaffOrPr);

        incidents.MapGet("", async Task<Results<Ok<List<IncidentSummary>>, ProblemHttpResult>> (string? status, string? kind, [AsParameters] ApiContext c) =>
            {
                var actor = await c.ActorInRoleAsync(Refusal, Role.Operator, Role.SectionHead, Role.PrOffice);
                IncidentStatus? s = null;
                if (!string.IsNullOrEmpty(status))
                {
                    if (!Enum.TryParse<IncidentStatus>(status, true, out var parsed) || !Enum.IsDefined(parsed))
                    {
                        return Problems.BadRequest("status", $"status は {string.Join(" / ", Enum.GetNames<IncidentStatus>())} のいずれかです。");
                    }
                    s = parsed;
                }
                IncidentKind? k = null;
                if (!string.IsNullOrEmpty(kind))
                {
                    if (ParseKind(kind) is not { } parsed)
                    {
                        return KindProblem();
                    }
                    k = parsed;
                }
                var list = await IncidentAccess.ListAsync(c.Db, actor, s, k, 500, c.Ct);
                return TypedResults.Ok(list.Select(IncidentViews.Summary).ToList());
            })
            .WithName("ListIncidents")
            .WithSummary("インシデントの一覧（対応中を先に、新しい順。担当者・所属長は自所属、市広報担当は全所属）")
            .WithDescription("status（Open / Closed）と kind（Flaming / Impersonation / FalseInformation / WrongPost / Hijack / Other）で絞り込めます。")
            .WithProblems(StatusCodes.Status400BadRequest);

        incidents.MapGet("/{id:guid}", async Task<Results<Ok<IncidentDetail>, ProblemHttpResult>> (Guid id, [AsParameters] ApiContext c) =>
            {
                var (_, incident) = await LoadAsync(c, id);
                return incident is null ? NotFound() : await AnswerAsync(c, incident);
            })
            .WithName("GetIncident")
            .WithSummary("インシデントの詳細（アカウント・投稿、対応手順のチェックリスト、経過）")
            .WithDescription(IfMatchNote)
            .WithProblems(StatusCodes.Status404NotFound);

        incidents.MapPost("", async Task<Results<Created<IncidentDetail>, ProblemHttpResult>> (OpenRequest? request, MailSender mail, [AsParameters] ApiContext c) =>
            {
                var actor = await c.ActorInRoleAsync(Refusal, Role.Operator, Role.SectionHead, Role.PrOffice);
                if (request is null)
                {
                    return Problems.BadRequest("kind", "kind（種類）と summary（概要）を指定してください。");
                }
                if (ParseKind(request.Kind) is not { } kind)
                {
                    return KindProblem();
                }
                var incident = await IncidentUseCases.OpenAsync(c.Db, actor,
                    new IncidentInput(kind, request.AccountId, request.PostId, request.Summary, request.FakeUrl, request.DailyCheckId, request.ReviewId), mail.LinkBase, c.Now, c.Ct);
                return TypedResults.Created($"/api/v1/incidents/{incident.Id}", await DetailAsync(c, incident));
            })
            .WithName("OpenIncident")
            .WithSummary("インシデントを登録する（アカウントの所属の職員・市広報担当）。市広報担当へ直ちにメールで通知し、乗っ取りはアカウントの発信を一時停止する")
            .WithDescription("kind は Flaming / Impersonation / FalseInformation / WrongPost / Hijack / Other（大文字小文字を区別しません）。なりすましは fakeUrl が必要です。")
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        incidents.MapPost("/{id:guid}/steps", async Task<Results<Created<IncidentDetail>, ProblemHttpResult>> (Guid id, StepRequest? request, [AsParameters] ApiContext c) =>
            {
                var (actor, incident) = await LoadAsync(c, id);
                if (incident is null)
                {
                    return NotFound();
                }
                if (request is null)
                {
                    return Problems.BadRequest("text", "text（経過）を指定してください。");
                }
                IncidentStepKind? kind = null;
                if (!string.IsNullOrEmpty(request.Kind))
                {
                    if (!Enum.TryParse<IncidentStepKind>(request.Kind, true, out var k) || !Enum.IsDefined(k) || k == IncidentStepKind.System)
                    {
                        return Problems.BadRequest("kind", "kind は Event（発生・経過）/ Action（対応）/ Notification（連絡）のいずれかです。");
                    }
                    kind = k;
                }
                var step = await IncidentUseCases.AddStepAsync(c.Db, actor, incident, new StepInput(kind, request.PlaybookItem, request.Text, request.AccountIds, request.PostIds,
                    request.Reference, request.OccurredOn, request.Answer), null, c.Now, c.Ct);
                return TypedResults.Created($"/api/v1/incidents/{incident.Id}#step-{step.Id}", await DetailAsync(c, incident));
            })
            .WithName("AddIncidentStep")
            .WithSummary("経過を記録する（playbookItem で対応手順の項目を実施済みにする。accountIds・postIds はインシデントに追加）")
            .WithDescription("削除依頼（platform-request）は occurredOn（依頼日）が必要で、reference（受付番号）と answer（運営者の回答）を記録できます。" + IfMatchNote)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        incidents.MapPost("/{id:guid}/access-reset", (Guid id, AccessResetRequest? request, [AsParameters] ApiContext c) =>
                ChangeAsync(c, id, (actor, incident) => IncidentUseCases.RecordAccessResetAsync(c.Db, actor, incident, request?.AccountId, request?.ReviewedHolderIds ?? [],
                    request?.PasswordChanged ?? false, request?.Note, null, c.Now, c.Ct)))
            .WithName("RecordIncidentAccessReset")
            .WithSummary("乗っ取り: アクセスの回復を記録する（パスワード変更、権限を持つ職員すべての見直し、登録後に記録した二要素認証、ガイドライン5(3)）")
            .WithDescription("reviewedHolderIds には GET /api/v1/accounts/{id}/access-holders の現在の権限者すべての id を指定します。" + IfMatchNote)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        incidents.MapPost("/{id:guid}/correction", (Guid id, CorrectionRequest? request, [AsParameters] ApiContext c) =>
                ChangeAsync(c, id, (actor, incident) => IncidentUseCases.DraftCorrectionAsync(c.Db, actor, incident, request?.PostId, request?.Text, null, c.Now, c.Ct)))
            .WithName("DraftIncidentCorrection")
            .WithSummary("インシデントに登録した公開済みの投稿の訂正（下書き）を作成し、インシデントに追加する（ガイドライン5(5)ア(イ)）")
            .WithDescription(IfMatchNote)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        incidents.MapPost("/{id:guid}/correct-information", (Guid id, CorrectInformationRequest? request, [AsParameters] ApiContext c) =>
                ChangeAsync(c, id, (actor, incident) => IncidentUseCases.DraftCorrectInformationAsync(c.Db, actor, incident, request?.AccountId, request?.Text, request?.Link, null, c.Now, c.Ct)))
            .WithName("DraftIncidentCorrectInformation")
            .WithSummary("正しい情報の投稿（下書き、正しい情報のページへのリンク付き）を作成し、インシデントに追加する（ガイドライン5(5)ウ(ア)）")
            .WithDescription(IfMatchNote)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        incidents.MapPost("/{id:guid}/closure", (Guid id, ClosureRequest? request, [AsParameters] ApiContext c) =>
                ChangeAsync(c, id, (actor, incident) => IncidentUseCases.CloseAsync(c.Db, actor, incident, request?.Note, request?.OpenItemsReason, null, c.Now, c.Ct)))
            .WithName("CloseIncident")
            .WithSummary("インシデントを終了する（市広報担当、note に収束の経緯）")
            .WithDescription("必須の対応手順が未実施なら openItemsReason（実施しなかった理由）が必要です（rule: playbook-incomplete）。乗っ取りはアクセスの回復の記録前には終了できません（rule: access-reset-required）。" + IfMatchNote)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static IncidentKind? ParseKind(string? kind) =>
        Enum.TryParse<IncidentKind>(kind, true, out var k) && Enum.IsDefined(k) && !int.TryParse(kind, out _) ? k : null;

    private static ProblemHttpResult KindProblem() =>
        Problems.BadRequest("kind", $"kind は {string.Join(" / ", Enum.GetNames<IncidentKind>())} のいずれかを指定してください。");

    private static ProblemHttpResult NotFound() => Problems.NotFound("インシデント");

    /// <summary>The incident if the actor may see it (null → 404); a change sent with a stale If-Match is refused here.</summary>
    private static async Task<(Actor Actor, Incident? Incident)> LoadAsync(ApiContext c, Guid id)
    {
        var actor = await c.ActorInRoleAsync(Refusal, Role.Operator, Role.SectionHead, Role.PrOffice);
        var incident = await c.Db.FindVisibleIncidentAsync(id, actor, c.Ct);
        if (incident is not null)
        {
            c.RequireIfMatch(incident.Version);
        }
        return (actor, incident);
    }

    private static async Task<Results<Ok<IncidentDetail>, ProblemHttpResult>> ChangeAsync<T>(ApiContext c, Guid id, Func<Actor, Incident, Task<T>> change)
    {
        var (actor, incident) = await LoadAsync(c, id);
        if (incident is null)
        {
            return NotFound();
        }
        await change(actor, incident);
        return await AnswerAsync(c, incident);
    }

    private static Task<Results<Ok<IncidentDetail>, ProblemHttpResult>> ChangeAsync(ApiContext c, Guid id, Func<Actor, Incident, Task> change) =>
        ChangeAsync(c, id, async (a, i) =>
        {
            await change(a, i);
            return true;
        });

    private static async Task<Ok<IncidentDetail>> AnswerAsync(ApiContext c, Incident incident) => TypedResults.Ok(await DetailAsync(c, incident));

    private static async Task<IncidentDetail> DetailAsync(ApiContext c, Incident incident)
    {
        c.SetETag(incident.Version);
        return IncidentViews.Detail(incident, await IncidentAccess.AccountNamesAsync(c.Db, incident.AccountIds, c.Ct));
    }
}
