using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MuniSocial.Data;
using MuniSocial.Domain;
using MuniSocial.Domain.Operations;
using MuniSocial.Infrastructure.Api;
using MuniSocial.Infrastructure.Identity;
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

public static class AccountReviewsApi
{
    public static void MapAccountReviewsApi(this RouteGroupBuilder api)
    {
        var reviews = api.MapGroup("/accounts/{id:guid}/reviews").WithTags("Reviews");
        reviews.MapGet("", ListAsync);
        reviews.MapGet("/{reviewId:guid}", GetAsync);
        reviews.MapPost("", RecordAsync);
    }

    /// <summary>The account's schedule (due / overdue), the checklist and every review, newest first.</summary>
    /// <summary>Like the pages (StaffOrPr): a user with neither role (the admin) is refused, not shown an empty world.</summary>
    private static void RequireStaffOrPr(Actor actor)
    {
        if (!(actor.Is(Role.Operator) || actor.Is(Role.SectionHead) || actor.Is(Role.PrOffice)))
        {
            throw new DomainForbiddenException("運用状況の確認は、所属の職員と市広報担当が利用します。");
        }
    }

    private static async Task<IResult> ListAsync(Guid id, AppDbContext db, CurrentActor current, TimeProvider clock, IOptions<OperationsOptions> options, CancellationToken ct)
    {
        try
        {
            var actor = await current.GetAsync(ct);
            RequireStaffOrPr(actor);
            var account = await db.Accounts.VisibleTo(actor).AsNoTracking().Where(a => a.Id == id)
                .Select(a => new { a.Id, a.Status, a.ListedAt }).FirstOrDefaultAsync(ct);
            if (account is null)
            {
                return Problems.NotFound();
            }
            var today = Wareki.TodayIn(clock.GetUtcNow());
            var history = await AccountReviewUseCases.HistoryAsync(db, id, ct);
            var status = AccountReviewUseCases.StatusOf(history.Count > 0 ? history[0].ReviewedOn : null,
                account.ListedAt is { } l ? Wareki.TodayIn(l) : today, today, options.Value, account.Status == Domain.Accounts.AccountStatus.Listed);
            return TypedResults.Ok(new
            {
                accountId = id,
                schedule = new ReviewScheduleDto(status.LastReviewOn, status.DueOn, status.OverdueFrom, status.Due, status.Overdue, options.Value.ReviewIntervalMonths),
                checklist = ReviewChecklist.Items,
                reviews = history.Select(ReviewDto.Of),
            });
        }
        catch (DomainRuleException ex)
        {
            return ex.ToProblem();
        }
    }

    private static async Task<IResult> GetAsync(Guid id, Guid reviewId, AppDbContext db, CurrentActor current, CancellationToken ct)
    {
        try
        {
            var actor = await current.GetAsync(ct);
            RequireStaffOrPr(actor);
            if (!await db.Accounts.VisibleTo(actor).AnyAsync(a => a.Id == id, ct))
            {
                return Problems.NotFound();
            }
            var review = await db.Set<AccountReview>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == reviewId && r.AccountId == id, ct);
            return review is null ? Problems.NotFound("運用状況の確認") : TypedResults.Ok(ReviewDto.Of(review));
        }
        catch (DomainRuleException ex)
        {
            return ex.ToProblem();
        }
    }

    private static async Task<IResult> RecordAsync(Guid id, ReviewRequest? body, AppDbContext db, CurrentActor current, TimeProvider clock,
        BusinessCalendar calendar, OfficeNetworks networks, HttpContext http, CancellationToken ct)
    {
        if (body is null)
        {
            return Problems.BadRequest("body", "運用状況の確認の内容（JSON）を送ってください。");
        }
        try
        {
            var actor = await current.GetAsync(ct);
            RequireStaffOrPr(actor);
            var account = await db.FindVisibleAsync(id, actor, ct);
            if (account is null)
            {
                return Problems.NotFound();
            }
            var input = new ReviewInput((body.Items ?? []).Select(i => new ReviewItemInput(i?.Key, i?.Answer, i?.Comment)).ToList(), body.Findings, body.Action);
            var offsite = await networks.RequireReasonAsync(http, body.OffsiteReason, ct);
            var review = await AccountReviewUseCases.RecordAsync(db, calendar, actor, account, input, clock.GetUtcNow(), offsite, ct);
            return TypedResults.Created($"/api/v1/accounts/{id}/reviews/{review.Id}", ReviewDto.Of(review));
        }
        catch (DomainRuleException ex)
        {
            return ex.ToProblem();
        }
    }
}
