using Microsoft.Extensions.Options;
using MuniSocial.Data;
using MuniSocial.Domain;
using MuniSocial.Infrastructure.Api;
using MuniSocial.Infrastructure.Identity;

namespace MuniSocial.Features.Guideline;

/// <summary>GET /api/v1/guideline/acknowledgements: who has (not) confirmed the current guideline (PR office).</summary>
public static class GuidelineApi
{
    public static void MapGuidelineApi(this RouteGroupBuilder api) =>
        api.MapGroup("/guideline").WithTags("Guideline")
            .MapGet("/acknowledgements", AcknowledgementsAsync);

    /// <summary>The PR office's list of who has (not) confirmed the current guideline, not confirmed first.</summary>
    private static async Task<IResult> AcknowledgementsAsync(Guid? section, CurrentActor current, AppDbContext db, TimeProvider clock,
        IOptions<DemoOptions> demo, CancellationToken ct)
    {
        try
        {
            var actor = await current.GetAsync(ct);
            if (!actor.Is(Role.PrOffice))
            {
                throw new DomainForbiddenException("ガイドラインの確認状況は市広報担当が利用します。");
            }
            var today = Wareki.TodayIn(clock.GetUtcNow());
            var version = await db.CurrentVersionAsync(today, ct);
            var rows = await db.AcknowledgementsAsync(version, demo.Value.Enabled, section, ct);
            return TypedResults.Ok(new
            {
                date = today,
                currentVersion = version is null ? null : new { number = version.Number, effectiveFrom = version.EffectiveFrom, summary = version.Summary },
                notAcknowledged = rows.Count(r => !r.AcknowledgedCurrent),
                users = rows.Select(r => new
                {
                    userId = r.UserId,
                    userName = r.UserName,
                    displayName = r.DisplayName,
                    sectionId = r.SectionId,
                    section = r.SectionName,
                    employmentType = r.EmploymentType,
                    employment = r.EmploymentLabel,
                    roles = r.Roles,
                    acknowledgedCurrent = r.AcknowledgedCurrent,
                    acknowledgedVersion = r.AcknowledgedVersion,
                    acknowledgedAt = r.AcknowledgedAt,
                }),
            });
        }
        catch (DomainRuleException ex)
        {
            return ex.ToProblem();
        }
    }
}
