using Microsoft.AspNetCore.Http.HttpResults;
using MuniSocial.Domain.Operations;
using MuniSocial.Features.Offsite;

namespace MuniSocial.Features.DailyChecks;

public sealed record DailyCheckRequest(bool CheckedPosts, bool CheckedComments, string? Found, string? ActionTaken, string? Note, string? OffsiteReason);

public sealed record DailyCheckDto(Guid Id, Guid AccountId, DateOnly Day, string UserId, string UserName, bool CheckedPosts, bool CheckedComments,
    string? Found, string? ActionTaken, string? Note, DateTimeOffset At, string? OffsiteReason, bool Additional, string? NewIncidentUrl)
{
    public static DailyCheckDto Of(DailyCheck c) => new(c.Id, c.AccountId, c.Day, c.UserId, c.UserName, c.CheckedPosts, c.CheckedComments,
        c.Found, c.ActionTaken, c.Note, c.At, c.OffsiteReason, c.Additional, c.Found is null ? null : DailyCheckUseCases.NewIncidentUrl(c));
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
            .WithDescription("職場のネットワーク外からは offsiteReason（即時性を要する理由）が必要です。同じ日に同じ職員が再び記録すると追加の確認（additional: true）として記録され、2人の確認には1人として数えます。発見した事項（found）があるときは newIncidentUrl にインシデント登録の画面を返します。")
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
    /// <summary>How many days back the home pages and the board show a finding that has no incident and is not handled.</summary>
    public const int FindingDays = 7;

    /// <summary>The incident form (built by the incidents feature) pre-filled from a check's finding (§5(5)).</summary>
    public static string NewIncidentUrl(DailyCheck c) => $"/incidents/new?accountId={c.AccountId}&dailyCheckId={c.Id}";

    /// <summary>The incidents opened from these checks: check id → incident id.</summary>
    public static async Task<Dictionary<Guid, Guid>> IncidentsFromAsync(AppDbContext db, IReadOnlyCollection<Guid> checkIds, CancellationToken ct)
    {
        if (checkIds.Count == 0)
        {
            return [];
        }
        return (await db.Incidents.AsNoTracking().Where(i => i.SourceDailyCheckId != null && checkIds.Contains(i.SourceDailyCheckId.Value))
                .Select(i => new { Check = i.SourceDailyCheckId!.Value, i.Id }).ToListAsync(ct))
            .GroupBy(x => x.Check).ToDictionary(g => g.Key, g => g.Min(x => x.Id));
    }

    /// <summary>
    /// Findings of the last <see cref="FindingDays"/> days on <paramref name="accounts"/> that no incident was opened from
    /// and nobody marked handled: what the head's and the PR office's home pages list and the board counts.
    /// </summary>
    public static IQueryable<DailyCheck> OpenFindings(AppDbContext db, IQueryable<Domain.Accounts.SocialAccount> accounts, DateOnly today)
    {
        var since = today.AddDays(-(FindingDays - 1));
        return db.DailyChecks.AsNoTracking()
            .Where(c => c.Found != null && c.FindingHandledAt == null && c.Day >= since && accounts.Any(a => a.Id == c.AccountId))
            .Where(c => !db.Incidents.Any(i => i.SourceDailyCheckId == c.Id));
    }

    /// <summary>The head or the PR office marks a finding as seen to (no incident needed): one rule, one save.</summary>
    public static async Task MarkFindingHandledAsync(AppDbContext db, Actor actor, Guid checkId, DateTimeOffset at, CancellationToken ct)
    {
        var check = await db.DailyChecks.FirstOrDefaultAsync(c => c.Id == checkId, ct);
        var account = check is null ? null : await db.Accounts.VisibleTo(actor).FirstOrDefaultAsync(a => a.Id == check.AccountId, ct);
        if (check is null || account is null)
        {
            throw new DomainNotFoundException("確認記録");
        }
        check.MarkFindingHandled(actor, account, at);
        await db.SaveChangesAsync(ct);
    }

    public static async Task<DailyCheck> RecordAsync(AppDbContext db, Actor actor, Domain.Accounts.SocialAccount account, CheckInput input,
        DateTimeOffset at, string? offsiteReason, CancellationToken ct)
    {
        var day = Wareki.TodayIn(at);
        var already = await db.DailyChecks.AnyAsync(c => c.AccountId == account.Id && c.Day == day && c.UserId == actor.UserId, ct);
        var check = DailyCheck.Record(actor, account, input, at, already, offsiteReason);
        db.Add(check);
        await db.SaveChangesAsync(ct);
        return check;
    }
}
