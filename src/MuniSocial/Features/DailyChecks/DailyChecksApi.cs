using Microsoft.AspNetCore.Http.HttpResults;
using MuniSocial.Domain.Operations;
using MuniSocial.Features.Offsite;

namespace MuniSocial.Features.DailyChecks;

public sealed record DailyCheckRequest(bool CheckedPosts, bool CheckedComments, string? Found, string? ActionTaken, string? Note, string? OffsiteReason);

public sealed record DailyCheckDto(Guid Id, Guid AccountId, DateOnly Day, string UserId, string UserName, bool CheckedPosts, bool CheckedComments,
    string? Found, string? ActionTaken, string? Note, DateTimeOffset At, string? OffsiteReason)
{
    public static DailyCheckDto Of(DailyCheck c) => new(c.Id, c.AccountId, c.Day, c.UserId, c.UserName, c.CheckedPosts, c.CheckedComments,
        c.Found, c.ActionTaken, c.Note, c.At, c.OffsiteReason);
}

/// <summary>
/// GET/POST /api/v1/accounts/{id}/daily-checks: the day's check of posts and comments (§5(2)ウ). A check is
/// recorded once and never changed, so it has no ETag.
/// </summary>
public static class DailyChecksApi
{
    public static void MapDailyChecksApi(this RouteGroupBuilder api)
    {
        var checks = api.MapGroup("/accounts/{id:guid}/daily-checks").WithTags("DailyChecks");
        checks.MapPost("", RecordAsync)
            .WithName("RecordDailyCheck")
            .WithSummary("今日の確認（投稿・コメントの確認）を記録する（運用担当者）")
            .WithDescription("職場のネットワーク外からは offsiteReason（即時性を要する理由）が必要です。同じ日の2回目は 409（rule: already-checked）。")
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        checks.MapGet("", ListAsync)
            .WithName("ListDailyChecks")
            .WithSummary("アカウントの確認記録（from〜to、既定は直近30日、最大400日）")
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Created<DailyCheckDto>, ProblemHttpResult>> RecordAsync(Guid id, DailyCheckRequest? body, OfficeNetworks networks,
        [AsParameters] ApiContext c)
    {
        if (body is null)
        {
            return Problems.BadRequest("body", "確認記録の内容（JSON）を送ってください。");
        }
        if (await c.AccountWorkAsync(networks, id, body.OffsiteReason) is not { } work)
        {
            return Problems.NotFound();
        }
        var input = new CheckInput(body.CheckedPosts, body.CheckedComments, body.Found, body.ActionTaken, body.Note);
        var check = await DailyCheckUseCases.RecordAsync(c.Db, work.Actor, work.Account, input, c.Now, work.OffsiteReason, c.Ct);
        return TypedResults.Created($"/api/v1/accounts/{id}/daily-checks/{check.Id}", DailyCheckDto.Of(check));
    }

    private static async Task<Results<Ok<List<DailyCheckDto>>, ProblemHttpResult>> ListAsync(Guid id, DateOnly? from, DateOnly? to, [AsParameters] ApiContext c)
    {
        var actor = await c.ActorAsync();
        if (!await c.Db.Accounts.VisibleTo(actor).AnyAsync(a => a.Id == id, c.Ct))
        {
            return Problems.NotFound();
        }
        var until = to ?? c.Today;
        var since = from ?? until.AddDays(-30);
        if (since > until)
        {
            return Problems.BadRequest("from", "from は to 以前の日付を指定してください。");
        }
        if (until.DayNumber - since.DayNumber > 400)
        {
            return Problems.BadRequest("from", "一度に取得できる期間は400日までです。");
        }
        var list = await c.Db.DailyChecks.AsNoTracking().Where(d => d.AccountId == id && d.Day >= since && d.Day <= until).ToListAsync(c.Ct);
        return TypedResults.Ok(list.OrderByDescending(d => d.Day).ThenBy(d => d.At).Select(DailyCheckDto.Of).ToList());
    }

}

/// <summary>Recording a check, shared by the page and the API: one rule, one save.</summary>
public static class DailyCheckUseCases
{
    public static async Task<DailyCheck> RecordAsync(AppDbContext db, Actor actor, Domain.Accounts.SocialAccount account, CheckInput input,
        DateTimeOffset at, string? offsiteReason, CancellationToken ct)
    {
        var day = Wareki.TodayIn(at);
        var already = await db.DailyChecks.AnyAsync(c => c.AccountId == account.Id && c.Day == day && c.UserId == actor.UserId, ct);
        var check = DailyCheck.Record(actor, account, input, at, already, offsiteReason);
        db.Add(check);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex)
        {
            db.ChangeTracker.Clear();
            if (await db.DailyChecks.AnyAsync(c => c.AccountId == account.Id && c.Day == day && c.UserId == actor.UserId, ct))
            {
                // The unique index (account, day, user) caught a double click that raced the check above.
                throw new DomainRuleException($"{Wareki.Format(day)}のこのアカウントの確認は、既にあなたが記録しています。", "already-checked");
            }
            if (Problems.IsConcurrencyConflict(ex))
            {
                throw new DomainRuleException(Problems.ConcurrencyMessage, Concurrency.Rule);
            }
            throw;
        }
        return check;
    }
}
