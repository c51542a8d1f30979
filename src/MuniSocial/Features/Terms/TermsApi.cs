using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using MuniSocial.Domain.Terms;
using MuniSocial.Features.Accounts;

namespace MuniSocial.Features.Terms;

public sealed record TermsView(int Version, IReadOnlyList<string> Notices, string IntellectualProperty, IReadOnlyList<string> Disclaimers,
    DateTimeOffset CreatedAt, string CreatedBy);

public sealed record TermsVersionSummary(int Version, DateTimeOffset CreatedAt, string CreatedBy);

public sealed record TermsOverview(TermsView Current, IReadOnlyList<TermsVersionSummary> History);

/// <summary>A new version of the standard terms: 注意事項 and 免責事項 one item per array element.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TermsRequest(IReadOnlyList<string>? Notices, string? IntellectualProperty, IReadOnlyList<string>? Disclaimers);

/// <summary>
/// The standard policy terms (注意事項・知的財産権・免責事項) kept by the PR office, and the staff of a
/// section to choose operators from. Part of the account registry API.
/// </summary>
internal static class TermsApi
{
    public static void MapTermsApi(this RouteGroupBuilder api)
    {
        var terms = api.MapGroup("/terms").WithTags("Terms");

        terms.MapGet("", async Task<Ok<TermsOverview>> ([AsParameters] ApiContext c) =>
            {
                var all = await c.Db.TermsVersions.AsNoTracking().OrderByDescending(t => t.Number).ToListAsync(c.Ct);
                c.SetETag(all[0].Number);
                return TypedResults.Ok(new TermsOverview(View(all[0]),
                    all.Select(t => new TermsVersionSummary(t.Number, t.CreatedAt, t.CreatedByName)).ToList()));
            })
            .RequireAuthorization(Policies.StaffOrPr)
            .WithName("GetTerms")
            .WithSummary("標準規約（注意事項・知的財産権・免責事項）の現行版と履歴")
            .WithDescription("ETag は現行版の番号です。新しい版を保存するときに If-Match に付けると、その間に他の市広報担当が版を重ねていた場合は 409（rule: concurrency）になります。")
            .WithProblems();

        terms.MapGet("/{version:int}", async Task<Results<Ok<TermsView>, ProblemHttpResult>> (int version, [AsParameters] ApiContext c) =>
                await c.Db.TermsVersions.AsNoTracking().FirstOrDefaultAsync(t => t.Number == version, c.Ct) is { } t
                    ? TypedResults.Ok(View(t))
                    : Problems.NotFound("標準規約の版"))
            .RequireAuthorization(Policies.StaffOrPr)
            .WithName("GetTermsVersion")
            .WithSummary("標準規約の指定した版")
            .WithProblems(StatusCodes.Status404NotFound);

        terms.MapPost("", async Task<Results<Created<TermsView>, ProblemHttpResult>> (TermsRequest body, [AsParameters] ApiContext c) =>
            {
                var actor = await c.Current.GetAsync(c.Ct);
                var current = await c.Db.CurrentTermsAsync(c.Ct);
                // Two PR officers editing the same version: the second, sent with If-Match, does not publish "N+1" over the first's.
                c.RequireIfMatch(current.Number);
                var next = TermsTemplateVersion.Next(current, actor, body.Notices ?? [], body.IntellectualProperty ?? "", body.Disclaimers ?? [], c.Now);
                c.Db.TermsVersions.Add(next);
                try
                {
                    await c.Db.SaveChangesAsync(c.Ct);
                }
                catch (DbUpdateException)
                {
                    // Another PR officer saved a version with the same number at the same moment (unique index).
                    throw Concurrency.Conflict();
                }
                c.SetETag(next.Number);
                return TypedResults.Created($"/api/v1/terms/{next.Number}", View(next));
            })
            .RequireAuthorization(Policies.PrOffice)
            .WithName("CreateTermsVersion")
            .WithSummary("標準規約を編集する（市広報担当。編集ごとに新しい版になる）")
            .WithDescription("If-Match に GET /api/v1/terms の ETag（現行版の番号）を付けると、その後に他の市広報担当が新しい版を保存していた場合は 409（rule: concurrency）になり、何も保存しません。")
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);

        api.MapGet("/sections/{id:guid}/staff", async Task<Results<Ok<SectionStaff>, ProblemHttpResult>> (Guid id, [AsParameters] ApiContext c) =>
            {
                var actor = await c.Current.GetAsync(c.Ct);
                var section = await c.Db.Sections.AsNoTracking().Where(s => s.Id == id)
                    .Select(s => new { s.Id, Name = s.Department.Name + " " + s.Name }).FirstOrDefaultAsync(c.Ct);
                // Staff see their own section only; another section is a 404 like another section's account.
                if (section is null || !actor.CanSee(section.Id))
                {
                    return Problems.NotFound("所属");
                }
                var staff = await c.Db.SectionStaffAsync(id, c.Ct);
                var units = await c.Db.Units.AsNoTracking().Where(u => u.SectionId == id).OrderBy(u => u.Name)
                    .Select(u => new UnitView(u.Id, u.Name)).ToListAsync(c.Ct);
                return TypedResults.Ok(new SectionStaff(section.Id, section.Name, staff.Select(s => new StaffView(s.UserId, s.Name)).ToList(), units));
            })
            .RequireAuthorization(Policies.StaffOrPr)
            .WithTags("Sections")
            .WithName("GetSectionStaff")
            .WithSummary("所属の職員（運用担当者に指定できる担当者・所属長）と係")
            .WithProblems(StatusCodes.Status404NotFound);
    }

    private static TermsView View(TermsTemplateVersion t) =>
        new(t.Number, t.NoticeItems, t.IntellectualProperty, t.DisclaimerItems, t.CreatedAt, t.CreatedByName);
}
