using Microsoft.AspNetCore.Http.HttpResults;

namespace MuniSocial.Features.Board;

/// <summary>GET /api/v1/board: the PR office's board, one entry per account with its conditions, e.g. "overdue": true.</summary>
public sealed record BoardView(DateOnly Date, IReadOnlyList<BoardEntry> Accounts);

/// <summary>The board (a read model, nothing to change, no ETag) for the PR office.</summary>
public static class BoardApi
{
    public static void MapBoardApi(this RouteGroupBuilder api)
    {
        api.MapGroup("/board").WithTags("Board").RequireAuthorization(Policies.PrOffice)
            .MapGet("", GetAsync)
            .WithName("GetBoard")
            .WithSummary("運用状況ボード（アカウントごとの状態: 期間超過、確認漏れ、要削除の権限など。超過が先）")
            .WithDescription($"section で所属を、sort（{string.Join(" / ", BoardSort.Keys)}）で並び順を、review（{string.Join(" / ", BoardReview.Filters)}）で運用状況の確認の状態を指定できます。")
            .WithProblems(StatusCodes.Status400BadRequest);
    }

    /// <summary>One entry per account with its conditions, e.g. "overdue": true; overdue first.</summary>
    private static async Task<Results<Ok<BoardView>, ProblemHttpResult>> GetAsync(Guid? section, string? sort, string? review, AccountConditions conditions,
        [AsParameters] ApiContext c)
    {
        // The role as the database has it now (the token's may be older).
        var actor = await c.ActorInRoleAsync("運用状況ボードは市広報担当が利用します。", Role.PrOffice);
        if (sort is not null && !BoardSort.Keys.Contains(sort))
        {
            return Problems.BadRequest("sort", $"sort は {string.Join(" / ", BoardSort.Keys)} のいずれかを指定してください。");
        }
        if (review is not null && !BoardReview.Filters.Contains(review))
        {
            return Problems.BadRequest("review", $"review は {string.Join(" / ", BoardReview.Filters)} のいずれかを指定してください。");
        }
        var items = await conditions.ForAsync(actor, c.Today, section, c.Ct);
        return TypedResults.Ok(new BoardView(c.Today, BoardSort.Apply(BoardReview.Filter(items, review), sort).Select(BoardEntry.Of).ToList()));
    }
}
