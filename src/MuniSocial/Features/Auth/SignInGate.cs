using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace MuniSocial.Features.Auth;

/// <summary>
/// What a signed-in user must do before anything else, checked on every request that needs a sign-in (pages and
/// /api/v1 alike, cookie or bearer):
/// a demo user outside demo mode is shut out at once — the cookie is removed, a bearer request is answered 401
/// (ASVS 6.3.2: not only new sign-ins); a password set by the admin is changed first (/me/password); a user who needs
/// a second factor and has none — neither the authenticator app nor a passkey — enrols first (/me/security; either
/// will do: a passkey is user-verified, so it is multi-factor by itself). API requests are refused with 403 and the rule code.
/// </summary>
public static class SignInGate
{
    public const string PasswordPath = "/me/password";
    public const string SecurityPath = "/me/security";

    // Pages a user with something to do may still reach (the login pages and error pages need no sign-in anyway).
    private static readonly string[] Exempt = [PasswordPath, SecurityPath, "/logout", "/login", "/error"];

    /// <summary>Runs after authentication and authorization (UseWeb), before the guideline gate.</summary>
    public static void UseSignInGate(this WebApplication app) => app.Use(async (ctx, next) =>
    {
        if (ctx.User.Identity?.IsAuthenticated == true && RequiresSignIn(ctx.GetEndpoint())
            && ctx.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId)
        {
            var db = ctx.RequestServices.GetRequiredService<AppDbContext>();
            var mfa = ctx.RequestServices.GetRequiredService<Mfa>();
            var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
                .Select(u => new { u.IsDemo, u.MustChangePassword, u.TwoFactorEnabled, u.RequireMfa, HasPasskey = db.UserPasskeys.Any(p => p.UserId == u.Id) })
                .FirstOrDefaultAsync(ctx.RequestAborted);
            var isApi = ctx.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
            if (user is not null && mfa.IsShutOut(user.IsDemo))
            {
                if (isApi)
                {
                    await WriteProblemAsync(ctx, StatusCodes.Status401Unauthorized, "デモ用ユーザーは使えません",
                        "デモモードが無効のため、デモ用ユーザーのログインとトークンはすべて無効です。", Mfa.DemoUserRule);
                }
                else
                {
                    await ctx.SignOutAsync(IdentityConstants.ApplicationScheme);
                    ctx.Response.StatusCode = StatusCodes.Status303SeeOther;
                    ctx.Response.Headers.Location = "/login";
                }
                return;
            }
            if (user is not null && !IsExempt(ctx.Request.Path))
            {
                var todo = user.MustChangePassword ? (PasswordPath, Mfa.PasswordChangeRule, "パスワードの変更が必要です",
                        "システム管理者が設定したパスワードのままです。Webの画面（/me/password）でパスワードを変更してから、もう一度お試しください。")
                    : !user.TwoFactorEnabled && !user.HasPasskey && mfa.IsRequired(user.IsDemo, user.RequireMfa, await RolesAsync(db, userId, ctx.RequestAborted))
                        ? (SecurityPath, Mfa.RequiredRule, "二要素認証の設定が必要です",
                            "この利用者は二要素認証が必須です。Webの画面（/me/security）で認証アプリかパスキーを設定してから、もう一度お試しください。")
                        : default;
                if (todo.Item1 is { } path)
                {
                    if (isApi)
                    {
                        await WriteProblemAsync(ctx, StatusCodes.Status403Forbidden, todo.Item3, todo.Item4, todo.Item2);
                    }
                    else if (HttpMethods.IsGet(ctx.Request.Method) || HttpMethods.IsHead(ctx.Request.Method))
                    {
                        var back = ctx.Request.PathBase + ctx.Request.Path + ctx.Request.QueryString;
                        ctx.Response.Redirect($"{path}?returnUrl={Uri.EscapeDataString(back)}");
                    }
                    else
                    {
                        // A form posted before the password is changed or the second factor set up is not carried out.
                        ctx.Response.StatusCode = StatusCodes.Status303SeeOther;
                        ctx.Response.Headers.Location = path;
                    }
                    return;
                }
            }
        }
        await next(ctx);
    });

    public static async Task<List<Role>> RolesAsync(AppDbContext db, string userId, CancellationToken ct)
    {
        var names = await db.UserRoles.Where(ur => ur.UserId == userId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToListAsync(ct);
        return names.Select(n => Enum.TryParse<Role>(n, out var r) ? r : (Role?)null).OfType<Role>().ToList();
    }

    private static Task WriteProblemAsync(HttpContext ctx, int status, string title, string detail, string rule) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: new Dictionary<string, object?> { ["rule"] = rule })
            .ExecuteAsync(ctx);

    private static bool RequiresSignIn(Endpoint? endpoint) =>
        endpoint is not null && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null && endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null;

    private static bool IsExempt(PathString path) => Exempt.Any(e => path.StartsWithSegments(e, StringComparison.OrdinalIgnoreCase));
}
