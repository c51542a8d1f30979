using MuniSocial.Infrastructure;

namespace MuniSocial.Features.PublicList;

public static class PublicListApi
{
    public const string CachePolicy = "public";

    public static void AddPublicList(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PublicQueries>();
        builder.Services.AddOutputCache(o =>
            o.AddPolicy(CachePolicy, p => p.Expire(TimeSpan.FromMinutes(10)).Tag(PublicCacheInvalidation.Tag).SetVaryByQuery("*")));
    }

    /// <summary>The anonymous, read-only API: the public list, one account, and "is this URL the city's?".</summary>
    public static void MapPublicList(this WebApplication app)
    {
        var api = app.MapGroup("/api/public").AllowAnonymous().CacheOutput(CachePolicy).WithTags("Public");
        api.MapGet("/accounts", async (PublicQueries q, CancellationToken ct) => TypedResults.Ok(await q.ListedAsync(ct)))
            .WithName("PublicAccounts").WithSummary("名寄市ソーシャルメディア一覧（掲載中のアカウントと公開中の運用ポリシー）");
        api.MapGet("/accounts/{id:guid}", async Task<IResult> (Guid id, PublicQueries q, CancellationToken ct) =>
                await q.FindListedAsync(id, ct) is { } a ? TypedResults.Ok(a) : Problems.NotFound())
            .WithName("PublicAccount").WithSummary("掲載中のアカウント1件と公開中の運用ポリシー");
        api.MapGet("/closed-accounts", async (PublicQueries q, CancellationToken ct) => TypedResults.Ok(await q.ClosedAsync(ct)))
            .WithName("ClosedAccounts").WithSummary("運用を終了したアカウント（市の公式ではなくなったもの）");
        api.MapGet("/verify", async Task<IResult> (string? url, PublicQueries q, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(url))
                {
                    return Problems.BadRequest("url", "確認するアカウントのURLを url に指定してください。");
                }
                return TypedResults.Ok(await Verification.CheckAsync(url, q, ct));
            })
            .WithName("VerifyAccount").WithSummary("URLが名寄市の公式アカウントかどうかを確認する");
    }
}

public sealed record VerificationResult(string Url, string Verdict, string Message, PublicAccount? Account, ClosedAccount? ClosedAccount);

public static class Verification
{
    /// <summary>official / closed / unknown, by the normalised address.</summary>
    public static async Task<VerificationResult> CheckAsync(string url, PublicQueries q, CancellationToken ct)
    {
        var candidates = Enum.GetValues<Platform>()
            .Select(p => AccountUrl.TryNormalize(url, p, out var n) ? n : null).OfType<string>().ToHashSet();
        if (candidates.Count == 0)
        {
            return new(url, "invalid", "URLの形式ではありません。https:// で始まるアドレス、または @ユーザー名 を入力してください。", null, null);
        }
        bool Matches(string accountUrl) => Enum.GetValues<Platform>()
            .Any(p => AccountUrl.TryNormalize(accountUrl, p, out var n) && candidates.Contains(n));
        var listed = (await q.ListedAsync(ct)).FirstOrDefault(a => Matches(a.AccountUrl));
        if (listed is not null)
        {
            return new(url, "official", $"名寄市の公式アカウントです（{listed.Owner}「{listed.AccountName}」）。", listed, null);
        }
        var closed = (await q.ClosedAsync(ct)).FirstOrDefault(c => Matches(c.AccountUrl));
        if (closed is not null)
        {
            return new(url, "closed", $"このアカウントは{closed.ClosedOnText}に運用を終了しています。現在は名寄市の公式アカウントではありません。", null, closed);
        }
        return new(url, "unknown", "名寄市ソーシャルメディア一覧に掲載されていないアカウントです。市の公式アカウントではない可能性があります（なりすましにご注意ください）。", null, null);
    }
}
