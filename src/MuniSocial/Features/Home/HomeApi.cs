using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MuniSocial.Features.Home;

/// <summary>GET /api/v1/me/work: what waits for the token's user — the same items as the home page, most urgent first.</summary>
public sealed record MyWorkView(
    [property: Description("利用者ID")] string UserId,
    [property: Description("件数")] int Count,
    IReadOnlyList<MyWorkItem> Items);

public sealed record MyWorkItem(
    [property: Description("種類（PostAwaitingApproval, DailyCheckDue, ListingRequest など）")] string Kind,
    [property: Description("見出し（ホーム画面の区分）")] string Heading,
    [property: Description("件名")] string Title,
    [property: Description("作業する画面のURL（サイト内の相対URL）")] string Url,
    [property: Description("緊急度: Trouble（トラブル）/ Overdue（期限超過）/ DueToday（本日）/ Waiting（待ち）")] string Urgency,
    [property: Description("いつから待っているか")] DateTimeOffset Since,
    [property: Description("期限（あれば）")] DateOnly? Due);

public static class HomeApi
{
    public static void MapHomeApi(this RouteGroupBuilder api) =>
        api.MapGroup("/me").WithTags("Home")
            .MapGet("/work", GetAsync)
            .WithName("GetMyWork")
            .WithSummary("自分を待っている作業（職員ホームと同じ一覧。緊急のもの・新しいものが先）");

    private static async Task<Ok<MyWorkView>> GetAsync(WaitingWork work, [AsParameters] ApiContext c)
    {
        var actor = await c.ActorAsync();
        var list = await work.ForAsync(actor, c.Ct);
        return TypedResults.Ok(new MyWorkView(actor.UserId, list.Items.Count,
            [.. list.Items.Select(i => new MyWorkItem(i.Kind.ToString(), i.Heading, i.Title, i.Url, i.Urgency.ToString(), i.Since, i.Due))]));
    }
}
