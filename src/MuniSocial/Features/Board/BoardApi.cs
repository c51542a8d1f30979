using MuniSocial.Domain;
using MuniSocial.Infrastructure.Api;
using MuniSocial.Infrastructure.Identity;

namespace MuniSocial.Features.Board;

public static class BoardApi
{
    public static void MapBoardApi(this RouteGroupBuilder api)
    {
        api.MapGroup("/board").WithTags("Board")
            .MapGet("", GetAsync);
    }

    /// <summary>One entry per account with its conditions, e.g. "overdue": true; overdue first.</summary>
    private static async Task<IResult> GetAsync(Guid? section, string? sort, string? review, CurrentActor current, AccountConditions conditions, TimeProvider clock, CancellationToken ct)
    {
        try
        {
            var actor = await current.GetAsync(ct);
            if (!actor.Is(Role.PrOffice))
            {
                throw new DomainForbiddenException("運用状況ボードは市広報担当が利用します。");
            }
            if (sort is not null && !BoardSort.Keys.Contains(sort))
            {
                return Problems.BadRequest("sort", $"sort は {string.Join(" / ", BoardSort.Keys)} のいずれかを指定してください。");
            }
            if (review is not null && !BoardReview.Filters.Contains(review))
            {
                return Problems.BadRequest("review", $"review は {string.Join(" / ", BoardReview.Filters)} のいずれかを指定してください。");
            }
            var today = Wareki.TodayIn(clock.GetUtcNow());
            var items = await conditions.ForAsync(actor, today, section, ct);
            return TypedResults.Ok(new { date = today, accounts = BoardSort.Apply(BoardReview.Filter(items, review), sort).Select(BoardEntry.Of) });
        }
        catch (DomainRuleException ex)
        {
            return ex.ToProblem();
        }
    }
}
