using MuniSocial.Data;
using MuniSocial.Domain;
using MuniSocial.Infrastructure.Api;
using MuniSocial.Infrastructure.Identity;

namespace MuniSocial.Features.Audit;

/// <summary>
/// The audit API for the PR office and the administrator: the entries (newest first, filtered, paged) and
/// a verification of the hash chain. Roles are read from the database on every call.
/// </summary>
public static class AuditApi
{
    public sealed record VerificationResult(bool Intact, long EntriesChecked, long? FirstBrokenSequence, string? Problem, string Message);

    public static void MapAuditApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/audit").WithTags("Audit");
        group.MapGet("/", async Task<IResult> (string? action, string? entityId, string? user, string? from, string? to, int? page, int? pageSize,
            CurrentActor current, AppDbContext db, CancellationToken ct) =>
        {
            if (await RefuseAsync(current, ct) is { } refused)
            {
                return refused;
            }
            try
            {
                return TypedResults.Ok(await AuditQuery.SearchAsync(db,
                    new AuditFilter(action, entityId, user, from, to, page ?? 1, pageSize ?? AuditQuery.DefaultPageSize), ct));
            }
            catch (DomainRuleException ex)
            {
                return ex.ToProblem();
            }
        }).WithName("ListAudit");

        group.MapPost("/verification", async Task<IResult> (CurrentActor current, AppDbContext db, CancellationToken ct) =>
        {
            if (await RefuseAsync(current, ct) is { } refused)
            {
                return refused;
            }
            var report = await AuditQuery.VerifyAsync(db, ct);
            return TypedResults.Ok(new VerificationResult(report.IsIntact, report.EntriesChecked, report.FirstBrokenSequence, report.Problem,
                report.IsIntact
                    ? $"監査記録の連鎖は正常です（{report.EntriesChecked}件）。"
                    : $"監査記録の連鎖が壊れています: 最初の不整合は連番 {report.FirstBrokenSequence}。{report.Problem}"));
        }).WithName("VerifyAudit").DisableAntiforgery();
    }

    private static async Task<IResult?> RefuseAsync(CurrentActor current, CancellationToken ct)
    {
        var actor = await current.FindAsync(ct);
        if (actor is null)
        {
            return new DomainForbiddenException("この利用者は無効化されているか、見つかりません。").ToProblem();
        }
        return actor.Is(Role.Admin) || actor.Is(Role.PrOffice)
            ? null
            : new DomainForbiddenException("監査記録を見られるのは、市広報担当とシステム管理者です。").ToProblem();
    }
}
