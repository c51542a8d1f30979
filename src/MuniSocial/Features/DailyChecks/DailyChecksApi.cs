using Microsoft.EntityFrameworkCore;
using MuniSocial.Data;
using MuniSocial.Domain;
using MuniSocial.Domain.Operations;
using MuniSocial.Infrastructure.Api;
using MuniSocial.Infrastructure.Identity;
using MuniSocial.Features.Offsite;

namespace MuniSocial.Features.DailyChecks;

public sealed record DailyCheckRequest(bool CheckedPosts, bool CheckedComments, string? Found, string? ActionTaken, string? Note, string? OffsiteReason);

public sealed record DailyCheckDto(Guid Id, Guid AccountId, DateOnly Day, string UserId, string UserName, bool CheckedPosts, bool CheckedComments,
    string? Found, string? ActionTaken, string? Note, DateTimeOffset At, string? OffsiteReason)
{
    public static DailyCheckDto Of(DailyCheck c) => new(c.Id, c.AccountId, c.Day, c.UserId, c.UserName, c.CheckedPosts, c.CheckedComments,
        c.Found, c.ActionTaken, c.Note, c.At, c.OffsiteReason);
}

public static class DailyChecksApi
{
    public static void MapDailyChecksApi(this RouteGroupBuilder api)
    {
        var checks = api.MapGroup("/accounts/{id:guid}/daily-checks").WithTags("DailyChecks");
        checks.MapPost("", RecordAsync);
        checks.MapGet("", ListAsync);
    }

    private static async Task<IResult> RecordAsync(Guid id, DailyCheckRequest? body, AppDbContext db, CurrentActor current, TimeProvider clock,
        OfficeNetworks networks, HttpContext http, CancellationToken ct)
    {
        if (body is null)
        {
            return Problems.BadRequest("body", "確認記録の内容（JSON）を送ってください。");
        }
        try
        {
            var actor = await current.GetAsync(ct);
            var account = await db.FindVisibleAsync(id, actor, ct);
            if (account is null)
            {
                return Problems.NotFound();
            }
            var input = new CheckInput(body.CheckedPosts, body.CheckedComments, body.Found, body.ActionTaken, body.Note);
            var offsite = await networks.RequireReasonAsync(http, body.OffsiteReason, ct);
            var check = await DailyCheckUseCases.RecordAsync(db, actor, account, input, clock.GetUtcNow(), offsite, ct);
            return TypedResults.Created($"/api/v1/accounts/{id}/daily-checks/{check.Id}", DailyCheckDto.Of(check));
        }
        catch (DomainRuleException ex)
        {
            return ex.ToProblem();
        }
    }

    private static async Task<IResult> ListAsync(Guid id, DateOnly? from, DateOnly? to, AppDbContext db, CurrentActor current, TimeProvider clock, CancellationToken ct)
    {
        try
        {
            var actor = await current.GetAsync(ct);
            if (!await db.Accounts.VisibleTo(actor).AnyAsync(a => a.Id == id, ct))
            {
                return Problems.NotFound();
            }
            var until = to ?? Wareki.TodayIn(clock.GetUtcNow());
            var since = from ?? until.AddDays(-30);
            if (since > until)
            {
                return Problems.BadRequest("from", "from は to 以前の日付を指定してください。");
            }
            if (until.DayNumber - since.DayNumber > 400)
            {
                return Problems.BadRequest("from", "一度に取得できる期間は400日までです。");
            }
            var list = await db.Set<DailyCheck>().AsNoTracking().Where(c => c.AccountId == id && c.Day >= since && c.Day <= until).ToListAsync(ct);
            return TypedResults.Ok(list.OrderByDescending(c => c.Day).ThenBy(c => c.At).Select(DailyCheckDto.Of));
        }
        catch (DomainRuleException ex)
        {
            return ex.ToProblem();
        }
    }
}

/// <summary>Recording a check, shared by the page and the API: one rule, one save.</summary>
public static class DailyCheckUseCases
{
    public static async Task<DailyCheck> RecordAsync(AppDbContext db, Actor actor, Domain.Accounts.SocialAccount account, CheckInput input,
        DateTimeOffset at, string? offsiteReason, CancellationToken ct)
    {
        var day = Wareki.TodayIn(at);
        var already = await db.Set<DailyCheck>().AnyAsync(c => c.AccountId == account.Id && c.Day == day && c.UserId == actor.UserId, ct);
        var check = DailyCheck.Record(actor, account, input, at, already, offsiteReason);
        db.Add(check);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex)
        {
            db.ChangeTracker.Clear();
            if (await db.Set<DailyCheck>().AnyAsync(c => c.AccountId == account.Id && c.Day == day && c.UserId == actor.UserId, ct))
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
