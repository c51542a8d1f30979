using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MuniSocial.Domain.Operations;
using MuniSocial.Features.Board;
using MuniSocial.Features.Offsite;

namespace MuniSocial.Features.AccountReviews;

public sealed record ReviewItemRequest(string? Key, ReviewAnswer? Answer, string? Comment);

/// <summary>POST /api/v1/accounts/{id}/reviews: an answer per checklist item (keys as in GET's "checklist"), 所見 and 改善措置.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ReviewRequest(IReadOnlyList<ReviewItemRequest>? Items, string? Findings, string? Action, string? OffsiteReason);

public sealed record ReviewItemDto(string Key, string Title, ReviewAnswer Answer, string AnswerLabel, string? Comment);

public sealed record ReviewDto(Guid Id, Guid AccountId, DateOnly ReviewedOn, DateTimeOffset At, string ReviewerId, string ReviewerName,
    int PolicyVersion, DateOnly PeriodFrom, DateOnly PeriodTo, int DueCheckDays, int MissedCheckDays, bool HasNonConformity,
    IReadOnlyList<ReviewItemDto> Items, string? Findings, string? Action, string? OffsiteReason)
{
    public static ReviewDto Of(AccountReview r) => new(r.Id, r.AccountId, r.ReviewedOn, r.At, r.ReviewerId, r.ReviewerName, r.PolicyVersionNumber,
        r.PeriodFrom, r.PeriodTo, r.DueCheckDays, r.MissedCheckDays, r.HasNonConformity,
        r.Items.OrderBy(i => Order(i.Key)).Select(i => new ReviewItemDto(i.Key, ReviewChecklist.Find(i.Key)?.Title ?? i.Key, i.Answer, ReviewChecklist.Label(i.Answer), i.Comment)).ToList(),
        r.Findings, r.Action, r.OffsiteReason);

    private static int Order(string key)
    {
        var index = ReviewChecklist.Items.Select(d => d.Key).ToList().IndexOf(key);
        return index < 0 ? int.MaxValue : index;
    }
}

public sealed record ReviewScheduleDto(DateOnly? LastReviewOn, DateOnly DueOn, DateOnly OverdueFrom, bool Due, bool Overdue, int IntervalMonths);

/// <summary>GET /api/v1/accounts/{id}/reviews: the account's schedule, the checklist and every review, newest first.</summary>
public sealed record ReviewOverview(Guid AccountId, ReviewScheduleDto Schedule, IReadOnlyList<ReviewItemDefinition> Checklist, IReadOnlyList<ReviewDto> Reviews);

/// <summary>
/// /api/v1/accounts/{id}/reviews: 運用状況の確認 (the section head's periodic review). A review is recorded once and
/// never changed, so it has no ETag.
/// </summary>
public static class AccountReviewsApi
{
    public static void MapAccountReviewsApi(this RouteGroupBuilder api)
    {
        var reviews = api.MapGroup("/accounts/{id:guid}/reviews").WithTags("Reviews").RequireAuthorization(Policies.StaffOrPr);
        reviews.MapGet("", ListAsync)
            .WithName("ListReviews")
            .WithSummary("運用状況の確認の予定（期限・超過）、確認項目、これまでの確認（新しい順）")
            .WithProblems(StatusCodes.Status404NotFound);
        reviews.MapGet("/{reviewId:guid}", GetAsync)
            .WithName("GetReview")
            .WithSummary("運用状況の確認の記録")
            .WithProblems(StatusCodes.Status404NotFound);
        reviews.MapPost("", RecordAsync)
            .WithName("RecordReview")
            .WithSummary("運用状況の確認を記録する（所属長）")
            .WithDescription("items の key は GET の checklist のとおりです。職場のネットワーク外からは offsiteReason が必要です。")
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    /// <summary>Like the pages (StaffOrPr), with the roles as the database has them now: a user with neither role (the admin) is refused, not shown an empty world.</summary>
    private static Task<Actor> StaffOrPrAsync(this ApiContext c) =>
        c.ActorInRoleAsync("運用状況の確認は、所属の職員と市広報担当が利用します。", Role.Operator, Role.SectionHead, Role.PrOffice);

    private static async Task<Results<Ok<ReviewOverview>, ProblemHttpResult>> ListAsync(Guid id, IOptions<OperationsOptions> options, [AsParameters] ApiContext c)
    {
        var actor = await c.StaffOrPrAsync();
        var account = await c.Db.Accounts.VisibleTo(actor).AsNoTracking().Where(a => a.Id == id)
            .Select(a => new { a.Id, a.Status, a.ListedAt }).FirstOrDefaultAsync(c.Ct);
        if (account is null)
        {
            return Problems.NotFound();
        }
        var today = c.Today;
        var history = await AccountReviewUseCases.HistoryAsync(c.Db, id, c.Ct);
        var status = AccountReviewUseCases.StatusOf(history.Count > 0 ? history[0].ReviewedOn : null,
            account.ListedAt is { } l ? Wareki.TodayIn(l) : today, today, options.Value, account.Status == Domain.Accounts.AccountStatus.Listed);
        return TypedResults.Ok(new ReviewOverview(id,
            new ReviewScheduleDto(status.LastReviewOn, status.DueOn, status.OverdueFrom, status.Due, status.Overdue, options.Value.ReviewIntervalMonths),
            ReviewChecklist.Items, history.Select(ReviewDto.Of).ToList()));
    }

    private static async Task<Results<Ok<ReviewDto>, ProblemHttpResult>> GetAsync(Guid id, Guid reviewId, [AsParameters] ApiContext c)
    {
        var actor = await c.StaffOrPrAsync();
        if (!await c.Db.Accounts.VisibleTo(actor).AnyAsync(a => a.Id == id, c.Ct))
        {
            return Problems.NotFound();
        }
        var review = await c.Db.AccountReviews.AsNoTracking().FirstOrDefaultAsync(r => r.Id == reviewId && r.AccountId == id, c.Ct);
        return review is null ? Problems.NotFound("運用状況の確認") : TypedResults.Ok(ReviewDto.Of(review));
    }

    private static async Task<Results<Created<ReviewDto>, ProblemHttpResult>> RecordAsync(Guid id, ReviewRequest? body, BusinessCalendar calendar,
        OfficeNetworks networks, [AsParameters] ApiContext c)
    {
        if (body is null)
        {
            return Problems.BadRequest("body", "運用状況の確認の内容（JSON）を送ってください。");
        }
        await c.StaffOrPrAsync();
        if (await c.AccountWorkAsync(networks, id, body.OffsiteReason) is not { } work)
        {
            return Problems.NotFound();
        }
        var input = new ReviewInput((body.Items ?? []).Select(i => new ReviewItemInput(i?.Key, i?.Answer, i?.Comment)).ToList(), body.Findings, body.Action);
        var review = await AccountReviewUseCases.RecordAsync(c.Db, calendar, work.Actor, work.Account, input, c.Now, work.OffsiteReason, c.Ct);
        return TypedResults.Created($"/api/v1/accounts/{id}/reviews/{review.Id}", ReviewDto.Of(review));
    }

}
