using Microsoft.AspNetCore.Http.HttpResults;
using MuniSocial.Domain.Incidents;

namespace MuniSocial.Features.PublicWarnings;

public sealed record PublishWarningRequest(string? Title, string? Body);

public sealed record WithdrawWarningRequest(string? Reason);

/// <summary>A public warning as the PR office sees it (the record stays after a withdrawal).</summary>
public sealed record PublicWarningDto(Guid Id, Guid IncidentId, string Kind, string Title, string Body, string? FakeUrl, Guid? AccountId,
    DateTimeOffset? CompromisedSince, DateTimeOffset PublishedAt, string PublishedBy, DateTimeOffset? WithdrawnAt, string? WithdrawnBy,
    string? WithdrawalReason, bool Published, string Url)
{
    public static PublicWarningDto Of(PublicWarning w) => new(w.Id, w.IncidentId, PublicWarning.Code(w.Kind), w.Title, w.Body, w.FakeUrl, w.AccountId,
        w.CompromisedSince, w.PublishedAt, w.PublishedByName, w.WithdrawnAt, w.WithdrawnByName, w.WithdrawalReason, w.IsPublished, w.PublicUrl);
}

/// <summary>
/// POST/DELETE /api/v1/incidents/{id}/public-warning: the PR office publishes the warning of an impersonation or
/// hijack incident on the city's site (§5(5)イ(イ)) and withdraws it. The incident's ETag guards the change (If-Match).
/// </summary>
public static class PublicWarningsApi
{
    private const string Refusal = "注意喚起を公開・取り下げできるのは市広報担当です。";

    public static void MapPublicWarningsApi(this RouteGroupBuilder api)
    {
        var warning = api.MapGroup("/incidents/{id:guid}/public-warning").WithTags("PublicWarnings").RequireAuthorization(Policies.PrOffice);
        warning.MapPost("", PublishAsync)
            .WithName("PublishPublicWarning")
            .WithSummary("インシデント（なりすまし・乗っ取り）の注意喚起を市公式ホームページに公開する（市広報担当）")
            .WithDescription("なりすましは偽アカウントのURL、乗っ取りは乗っ取られたアカウントについて公開し、公式確認（/api/public/verify）の判定にも使われます。"
                + "炎上など他の種類のインシデントは 409（rule: warning-kind）、公開中のものがあれば 409（rule: warning-published）。応答の ETag はインシデントの版で、If-Match に使えます。")
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        warning.MapDelete("", WithdrawAsync)
            .WithName("WithdrawPublicWarning")
            .WithSummary("公開中の注意喚起を取り下げる（市広報担当、理由 reason が必要）")
            .WithDescription("reason はクエリまたは本文（{\"reason\": \"…\"}）で指定します。取り下げた注意喚起は公開ページと公式確認から直ちに消えます（記録は残ります）。公開中のものがなければ 409（rule: no-warning）。")
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Created<PublicWarningDto>, ProblemHttpResult>> PublishAsync(Guid id, PublishWarningRequest? body, [AsParameters] ApiContext c)
    {
        var actor = await c.ActorInRoleAsync(Refusal, Role.PrOffice);
        if (body is null)
        {
            return Problems.BadRequest("title", "注意喚起の見出し（title）と本文（body）を JSON で送ってください。");
        }
        if (await PublicWarningUseCases.FindIncidentAsync(c.Db, id, c.Ct) is not { } incident)
        {
            return Problems.NotFound();
        }
        c.RequireIfMatch(incident.Version);
        var warning = await PublicWarningUseCases.PublishAsync(c.Db, actor, incident, body.Title, body.Body, c.Now, c.Ct);
        c.SetETag(incident.Version);
        return TypedResults.Created($"/api/v1/incidents/{id}/public-warning", PublicWarningDto.Of(warning));
    }

    private static async Task<Results<Ok<PublicWarningDto>, ProblemHttpResult>> WithdrawAsync(Guid id, string? reason,
        [FromBody] WithdrawWarningRequest? body, [AsParameters] ApiContext c)
    {
        var actor = await c.ActorInRoleAsync(Refusal, Role.PrOffice);
        if (await PublicWarningUseCases.FindIncidentAsync(c.Db, id, c.Ct) is not { } incident)
        {
            return Problems.NotFound();
        }
        c.RequireIfMatch(incident.Version);
        var warning = await PublicWarningUseCases.WithdrawAsync(c.Db, actor, incident, reason ?? body?.Reason, c.Now, c.Ct);
        c.SetETag(incident.Version);
        return TypedResults.Ok(PublicWarningDto.Of(warning));
    }
}
