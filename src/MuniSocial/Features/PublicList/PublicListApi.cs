
namespace MuniSocial.Features.PublicList;

public static class PublicListApi
{
    public static void AddPublicList(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PublicQueries>();
    }

    /// <summary>The anonymous, read-only API: the public list, one account, and "is this URL the city's?".</summary>
    public static void MapPublicList(this WebApplication app)
    {
        var api = app.MapGroup("/api/public").AllowAnonymous().WithTags("Public");
        api.MapGet("/accounts", async (IPublicSnapshotSource s, CancellationToken ct) => TypedResults.Ok((await s.CurrentAsync(ct)).Listed))
            .WithName("PublicAccounts").WithSummary("名寄市ソーシャルメディア一覧（掲載中のアカウントと公開中の運用ポリシー）");
        api.MapGet("/accounts/{id:guid}", async Task<IResult> (Guid id, IPublicSnapshotSource s, CancellationToken ct) =>
                await s.CurrentAsync(ct) is var snapshot && snapshot.FindListed(id) is { } a ? TypedResults.Ok(a)
                : snapshot.FindClosed(id) is { } closed ? PublicOpenData.Gone(closed)
                : Problems.NotFound())
            .WithName("PublicAccount")
            .Produces<PublicAccount>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone)
            .WithSummary("掲載中のアカウント1件と公開中の運用ポリシー（運用を終了したアカウントは 410 と closedOn）");
        api.MapGet("/closed-accounts", async (IPublicSnapshotSource s, CancellationToken ct) => TypedResults.Ok((await s.CurrentAsync(ct)).Closed))
            .WithName("ClosedAccounts").WithSummary("運用を終了したアカウント（市の公式ではなくなったもの）");
        api.MapGet("/impersonations", async (IPublicSnapshotSource s, CancellationToken ct) => TypedResults.Ok((await s.CurrentAsync(ct)).Warnings))
            .WithName("PublicWarnings").WithSummary("名寄市が公開しているなりすまし・乗っ取りの注意喚起（公開中のもののみ）");
        api.MapGet("/verify", async Task<IResult> (string? url, IPublicSnapshotSource s, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(url))
                {
                    return Problems.BadRequest("url", "確認するアカウントのURLを url に指定してください。");
                }
                return TypedResults.Ok(Verification.Check(url, await s.CurrentAsync(ct)));
            })
            .WithName("VerifyAccount").WithSummary("URLが名寄市の公式アカウントかどうかを確認する");
        api.MapPublicOpenData();
    }
}
