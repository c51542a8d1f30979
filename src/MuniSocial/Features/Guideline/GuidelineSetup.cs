using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using MuniSocial.Data;
using MuniSocial.Domain;
using MuniSocial.Infrastructure;
using MuniSocial.Infrastructure.Identity;

namespace MuniSocial.Features.Guideline;

/// <summary>
/// §2, §6: every staff user confirms the current guideline before working. A signed-in user who has not is sent
/// to /guideline/acknowledge from every page that needs a sign-in; the API token endpoint refuses such a user.
/// </summary>
public static class GuidelineSetup
{
    public const string AcknowledgePath = "/guideline/acknowledge";
    public const string NotAcknowledgedRule = "guideline-not-acknowledged";
    public const string NotAcknowledgedMessage = "名寄市ソーシャルメディアガイドラインの最新版を確認していません。Webの画面にログインし、ガイドラインと「６ ソーシャルメディアを安全に利用するための留意点」を確認してから、もう一度お試しください。";

    // Pages a user who has not confirmed may still reach. Public pages, static files and error pages need no
    // sign-in and so are never stopped (see RequiresSignIn); /api has its own check when the token is issued.
    private static readonly string[] Exempt = [AcknowledgePath, "/guideline", "/logout", "/login", "/error", "/api"];

    /// <summary>Runs after authentication and authorization (UseWeb), before the page.</summary>
    public static void UseGuidelineGate(this WebApplication app) => app.Use(async (ctx, next) =>
    {
        if (ctx.User.Identity?.IsAuthenticated == true && RequiresSignIn(ctx.GetEndpoint()) && !IsExempt(ctx.Request.Path)
            && ctx.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId)
        {
            var db = ctx.RequestServices.GetRequiredService<AppDbContext>();
            var today = Wareki.TodayIn(ctx.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());
            if (await db.MustAcknowledgeAsync(userId, today, ctx.RequestAborted))
            {
                if (HttpMethods.IsGet(ctx.Request.Method) || HttpMethods.IsHead(ctx.Request.Method))
                {
                    var back = ctx.Request.PathBase + ctx.Request.Path + ctx.Request.QueryString;
                    ctx.Response.Redirect($"{AcknowledgePath}?returnUrl={Uri.EscapeDataString(back)}");
                }
                else
                {
                    // A form posted by a user who has not confirmed is not carried out.
                    ctx.Response.StatusCode = StatusCodes.Status303SeeOther;
                    ctx.Response.Headers.Location = AcknowledgePath;
                }
                return;
            }
        }
        await next(ctx);
    });

    public static void MapGuideline(this WebApplication app) =>
        app.MapGroup("/api/v1/guideline").RequireAuthorization(Policies.Api).WithTags("Guideline")
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

    private static bool RequiresSignIn(Endpoint? endpoint) =>
        endpoint is not null && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null && endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null;

    private static bool IsExempt(PathString path) =>
        Exempt.Any(e => e == "/guideline" ? path.Equals(e, StringComparison.OrdinalIgnoreCase) : path.StartsWithSegments(e, StringComparison.OrdinalIgnoreCase));
}
