using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

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
    private static readonly string[] Exempt = [AcknowledgePath, "/guideline", "/logout", "/login", "/error", "/api", "/me/password", "/me/security"];

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

    private static bool RequiresSignIn(Endpoint? endpoint) =>
        endpoint is not null && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null && endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null;

    private static bool IsExempt(PathString path) =>
        Exempt.Any(e => e == "/guideline" ? path.Equals(e, StringComparison.OrdinalIgnoreCase) : path.StartsWithSegments(e, StringComparison.OrdinalIgnoreCase));
}
