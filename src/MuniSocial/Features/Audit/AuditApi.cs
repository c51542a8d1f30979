using Microsoft.AspNetCore.Http.HttpResults;

namespace MuniSocial.Features.Audit;

/// <summary>
/// The audit API for the PR office and the administrator: the entries (newest first, filtered, paged) and
/// a verification of the hash chain. The AuditReader policy reads the token's roles; the handler reads them
/// again from the database on every call. The audit is append-only: nothing here has an ETag.
/// </summary>
public static class AuditApi
{
    public sealed record VerificationResult(bool Intact, long EntriesChecked, long? FirstBrokenSequence, string? Problem, string Message);

    public static void MapAuditApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/audit").WithTags("Audit").RequireAuthorization(Policies.AuditReader);
        group.MapGet("/", async Task<Ok<AuditPage>> (string? action, string? entityId, string? user, string? from, string? to, int? page, int? pageSize,
                [AsParameters] ApiContext c) =>
            {
                await c.AuditReaderAsync();
                return TypedResults.Ok(await AuditQuery.SearchAsync(c.Db,
                    new AuditFilter(action, entityId, user, from, to, page ?? 1, pageSize ?? AuditQuery.DefaultPageSize), c.Ct));
            })
            .WithName("ListAudit")
            .WithSummary("監査記録（新しい順。操作、対象、利用者、期間で絞り込み、ページ単位）")
            .WithProblems(StatusCodes.Status400BadRequest);

        group.MapPost("/verification", async Task<Ok<VerificationResult>> ([AsParameters] ApiContext c) =>
            {
                await c.AuditReaderAsync();
                var report = await AuditQuery.VerifyAsync(c.Db, c.Ct);
                return TypedResults.Ok(new VerificationResult(report.IsIntact, report.EntriesChecked, report.FirstBrokenSequence, report.Problem,
                    report.IsIntact
                        ? $"監査記録の連鎖は正常です（{report.EntriesChecked}件）。"
                        : $"監査記録の連鎖が壊れています: 最初の不整合は連番 {report.FirstBrokenSequence}。{report.Problem}"));
            })
            .WithName("VerifyAudit")
            .WithSummary("監査記録のハッシュ連鎖を検証する")
            .WithProblems()
            .DisableAntiforgery();

        group.MapGet("/anchor", async Task<Results<Ok<AuditAnchorFile>, NotFound>> ([AsParameters] ApiContext c) =>
            {
                await c.AuditReaderAsync();
                return await AuditAnchors.HeadAsync(c.Db, c.Clock, c.Ct) is { } anchor ? TypedResults.Ok(anchor) : TypedResults.NotFound();
            })
            .WithName("AuditAnchor")
            .WithSummary("監査記録の最新の連番とハッシュ（署名付きの控え。verify-audit --anchor で照合）")
            .WithProblems();
    }

    private static Task<Actor> AuditReaderAsync(this ApiContext c) =>
        c.ActorInRoleAsync("監査記録を見られるのは、市広報担当とシステム管理者です。", Role.PrOffice, Role.Admin);
}
