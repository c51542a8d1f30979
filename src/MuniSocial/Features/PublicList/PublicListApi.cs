using MuniSocial.Infrastructure;

namespace MuniSocial.Features.PublicList;

public static class PublicListApi
{
    public const string CachePolicy = "public";

    public static void AddPublicList(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PublicQueries>();
        builder.Services.AddSingleton<IPublicSnapshotSource, DatabasePublicSnapshotSource>();
        builder.Services.AddOutputCache(o =>
            o.AddPolicy(CachePolicy, p => p.Expire(TimeSpan.FromMinutes(10)).Tag(PublicCacheInvalidation.Tag).SetVaryByQuery("*")));
    }

    /// <summary>The anonymous, read-only API: the public list, one account, and "is this URL the city's?".</summary>
    public static void MapPublicList(this WebApplication app)
    {
        var api = app.MapGroup("/api/public").AllowAnonymous().CacheOutput(CachePolicy).WithTags("Public");
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

/// <summary>The warning a verdict rests on: where citizens read it.</summary>
public sealed record WarningReference(Guid Id, string Title, DateTimeOffset PublishedAt, string Url);

public sealed record VerificationResult(string Url, string Verdict, string Message, PublicAccount? Account, ClosedAccount? ClosedAccount,
    WarningReference? Warning = null, DateTimeOffset? CompromisedSince = null);

public static class Verification
{
    /// <summary>
    /// The verdict by the normalised address, the first that applies: invalid → impersonation (a fake under a published
    /// warning) → compromised (an official account under a published hijack warning) → official → closed → unknown.
    /// So a closed account's handle taken by a faker answers impersonation once its warning is published.
    /// </summary>
    public static VerificationResult Check(string url, PublicSnapshot snapshot)
    {
        var candidates = Enum.GetValues<Platform>()
            .Select(p => AccountUrl.TryNormalize(url, p, out var n) ? n : null).OfType<string>().ToHashSet();
        if (candidates.Count == 0)
        {
            return new(url, "invalid", "URLの形式ではありません。https:// で始まるアドレス、または @ユーザー名 を入力してください。", null, null);
        }
        bool Matches(string? accountUrl) => accountUrl is not null && Enum.GetValues<Platform>()
            .Any(p => AccountUrl.TryNormalize(accountUrl, p, out var n) && candidates.Contains(n));
        static WarningReference Ref(PublicWarningView w) => new(w.Id, w.Title, w.PublishedAt, w.Url);

        var warnings = snapshot.Warnings;
        var fake = warnings.FirstOrDefault(w => w.Kind == "impersonation"
            && ((w.FakeUrlNormalized is { } n && candidates.Contains(n)) || Matches(w.FakeUrl)));
        if (fake is not null)
        {
            return new(url, "impersonation",
                $"なりすましアカウントです。名寄市とは関係がありません。フォローや返信、個人情報の入力はしないでください（{fake.PublishedOnText}に市が注意喚起を公開）。",
                null, null, Ref(fake));
        }
        var listed = snapshot.Listed.FirstOrDefault(a => Matches(a.AccountUrl));
        var closed = listed is null ? snapshot.Closed.FirstOrDefault(c => Matches(c.AccountUrl)) : null;
        var compromised = warnings.FirstOrDefault(w => w.Kind == "compromised"
            && ((listed is not null && w.AccountId == listed.Id) || (closed is not null && w.AccountId == closed.Id) || Matches(w.AccountUrl)));
        if (compromised is not null)
        {
            var since = compromised.CompromisedSince is { } s ? $"（{Wareki.Format(s)}から）" : "";
            return new(url, "compromised",
                $"このアカウントは現在、第三者に乗っ取られています{since}。投稿を信用しないでください。記載されたリンクを開いたり、個人情報を入力したりしないでください。",
                listed, closed, Ref(compromised), compromised.CompromisedSince);
        }
        if (listed is not null)
        {
            return new(url, "official", $"名寄市の公式アカウントです（{listed.Owner}「{listed.AccountName}」）。", listed, null);
        }
        if (closed is not null)
        {
            return new(url, "closed", $"このアカウントは{closed.ClosedOnText}に運用を終了しています。現在は名寄市の公式アカウントではありません。", null, closed);
        }
        return new(url, "unknown", "名寄市ソーシャルメディア一覧に掲載されていないアカウントです。市の公式アカウントではない可能性があります（なりすましにご注意ください）。", null, null);
    }
}
