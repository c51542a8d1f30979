using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace MuniSocial.Features.Guideline;

/// <summary>The guideline version in force.</summary>
public sealed record GuidelineVersionSummary(int Number, DateOnly EffectiveFrom, string Summary);

/// <summary>One user and whether they have confirmed the current guideline.</summary>
public sealed record AcknowledgementUser(string UserId, string UserName, string DisplayName, Guid? SectionId, string Section, EmploymentType EmploymentType,
    string Employment, IReadOnlyList<Role> Roles, bool AcknowledgedCurrent, int? AcknowledgedVersion, DateTimeOffset? AcknowledgedAt)
{
    public static AcknowledgementUser Of(AcknowledgementRow r) => new(r.UserId, r.UserName, r.DisplayName, r.SectionId, r.SectionName, r.EmploymentType,
        r.EmploymentLabel, r.Roles, r.AcknowledgedCurrent, r.AcknowledgedVersion, r.AcknowledgedAt);
}

/// <summary>GET /api/v1/guideline/acknowledgements: who has (not) confirmed the current guideline, not confirmed first.</summary>
public sealed record AcknowledgementsView(DateOnly Date, GuidelineVersionSummary? CurrentVersion, int NotAcknowledged, IReadOnlyList<AcknowledgementUser> Users);

/// <summary>GET /api/v1/guideline/acknowledgements: who has (not) confirmed the current guideline (PR office; a read model, no ETag).</summary>
public static class GuidelineApi
{
    public static void MapGuidelineApi(this RouteGroupBuilder api) =>
        api.MapGroup("/guideline").WithTags("Guideline").RequireAuthorization(Policies.PrOffice)
            .MapGet("/acknowledgements", AcknowledgementsAsync)
            .WithName("ListGuidelineAcknowledgements")
            .WithSummary("現行ガイドラインの確認状況（未確認の職員が先。section で所属を絞り込み）")
            .WithProblems();

    /// <summary>The PR office's list of who has (not) confirmed the current guideline, not confirmed first.</summary>
    private static async Task<Ok<AcknowledgementsView>> AcknowledgementsAsync(Guid? section, IOptions<DemoOptions> demo, [AsParameters] ApiContext c)
    {
        // The role as the database has it now (the token's may be older).
        await c.ActorInRoleAsync("ガイドラインの確認状況は市広報担当が利用します。", Role.PrOffice);
        var version = await c.Db.CurrentVersionAsync(c.Today, c.Ct);
        var rows = await c.Db.AcknowledgementsAsync(version, demo.Value.Enabled, section, c.Ct);
        return TypedResults.Ok(new AcknowledgementsView(c.Today,
            version is null ? null : new GuidelineVersionSummary(version.Number, version.EffectiveFrom, version.Summary),
            rows.Count(r => !r.AcknowledgedCurrent), rows.Select(AcknowledgementUser.Of).ToList()));
    }
}
