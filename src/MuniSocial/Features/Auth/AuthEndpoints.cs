using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MuniSocial.Features.Guideline;

namespace MuniSocial.Features.Auth;

public static class AuthEndpoints
{
    /// <param name="Code">The 6-digit code of the user's authenticator app; required when the user has set up MFA.</param>
    public sealed record TokenRequest([property: Required] string UserName, [property: Required] string Password, string? Code = null);

    public static void MapAuthApi(this RouteGroupBuilder api)
    {
        // Issues a bearer token ({"accessToken","expiresIn",…}) for API clients; the same lockout as the sign-in page.
        api.MapPost("/auth/token", async Task<Results<EmptyHttpResult, ProblemHttpResult>> (TokenRequest? request, AppSignInManager signIn, AppDbContext db, TimeProvider clock, Mfa mfa, SecurityEvents events, HttpContext http, IOptions<AuthOptions> auth) =>
        {
            if (request is null || string.IsNullOrWhiteSpace(request.UserName))
            {
                return Problems.BadRequest("userName", "userName を指定してください。");
            }
            if (string.IsNullOrEmpty(request.Password))
            {
                return Problems.BadRequest("password", "password を指定してください。");
            }
            signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
            // The password (with its lockout) is checked before anything else is said about the user; an unknown name costs the
            // same hash verification and gets the same answer as a wrong password or a locked user (AppSignInManager).
            var (user, result) = await signIn.CheckPasswordByNameAsync(request.UserName.Trim(), request.Password);
            if (!result.Succeeded)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "認証に失敗しました", detail: LoginModel.FailedMessage);
            }
            // ASVS 6.3.3: a user with a second factor sends its code too; a user who must have one and has none enrols on the web first.
            if (await signIn.UserManager.GetTwoFactorEnabledAsync(user!))
            {
                var code = Mfa.CleanCode(request.Code);
                if (code.Length == 0)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "認証コードが必要です",
                        detail: "この利用者は二要素認証を設定しています。認証アプリの6桁のコードを code に指定してください。",
                        extensions: new Dictionary<string, object?> { ["rule"] = "mfa-code-required" });
                }
                if (!await signIn.UserManager.VerifyTwoFactorTokenAsync(user!, signIn.Options.Tokens.AuthenticatorTokenProvider, code))
                {
                    await signIn.UserManager.AccessFailedAsync(user!);
                    await events.RecordAsync(SecurityEventKind.TokenRefused, user!.Id, user.UserName, "mfa-code-wrong");
                    return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "認証に失敗しました",
                        detail: "認証コード（code）が正しくないか、期限が切れています。認証アプリに表示されている最新のコードを指定してください。",
                        extensions: new Dictionary<string, object?> { ["rule"] = "mfa-code-wrong" });
                }
            }
            else if (mfa.IsRequired(user!.IsDemo, user.RequireMfa, await SignInGate.RolesAsync(db, user.Id, default)))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "二要素認証の設定が必要です",
                    detail: "この利用者は二要素認証が必須です。Webの画面（/me/security）で認証アプリを設定してから、もう一度お試しください。",
                    extensions: new Dictionary<string, object?> { ["rule"] = Mfa.RequiredRule });
            }
            if (user!.MustChangePassword)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "パスワードの変更が必要です",
                    detail: "システム管理者が設定したパスワードのままです。Webの画面（/me/password）でパスワードを変更してから、もう一度お試しください。",
                    extensions: new Dictionary<string, object?> { ["rule"] = Mfa.PasswordChangeRule });
            }
            // §2, §6: no API access until the current guideline has been confirmed on the web (GuidelineSetup).
            if (await db.MustAcknowledgeAsync(user!.Id, Wareki.TodayIn(clock.GetUtcNow())))
            {
                await events.RecordAsync(SecurityEventKind.TokenRefused, user.Id, user.UserName, GuidelineSetup.NotAcknowledgedRule);
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "ガイドラインの確認が必要です",
                    detail: GuidelineSetup.NotAcknowledgedMessage, extensions: new Dictionary<string, object?> { ["rule"] = GuidelineSetup.NotAcknowledgedRule });
            }
            // The token carries a session of its own, so that logout (and the person's /me/sessions) ends it at once.
            var session = await UserSessions.StartApiSessionAsync(http, db, user.Id, clock.GetUtcNow(), auth.Value.BearerLifetime);
            await signIn.SignInWithClaimsAsync(user, isPersistent: false, [session]);
            await events.RecordAsync(SecurityEventKind.TokenIssued, user.Id, user.UserName);
            return TypedResults.Empty; // the bearer handler has written the token response
        })
        .AllowAnonymous()
        .WithTags("Auth")
        .WithName("IssueToken")
        .WithSummary("API のアクセストークンを発行する（ログイン画面と同じロックアウト）")
        .WithDescription("応答の accessToken を Authorization: Bearer で送ります。二要素認証を設定した利用者は code（認証アプリの6桁）も送ります（無い・誤り → 401）。二要素認証が必須なのに未設定の利用者は 403（rule: mfa-enrolment-required）、管理者が設定したパスワードのままの利用者は 403（rule: password-change-required）。現行ガイドラインを Web の画面で確認していない利用者は 403（rule: guideline-not-acknowledged）。")
        // The bearer handler writes the body, so the document is told its shape.
        .Produces<AccessTokenResponse>(StatusCodes.Status200OK)
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .DisableAntiforgery();

        // Ends the presented token's session: the token stops working at once (BearerStamp checks the session on every request).
        api.MapPost("/auth/logout", async Task<NoContent> (ClaimsPrincipal user, AppDbContext db, TimeProvider clock, SecurityEvents events) =>
        {
            if (user.FindFirstValue(UserSessions.ClaimType) is { } id)
            {
                await UserSessions.EndAsync(db, id, clock.GetUtcNow());
            }
            await events.RecordAsync(SecurityEventKind.SignedOut, user.FindFirstValue(ClaimTypes.NameIdentifier), user.Identity?.Name, "api-token");
            return TypedResults.NoContent();
        })
        .WithTags("Auth")
        .WithName("Logout")
        .WithSummary("API のアクセストークンを無効にする（ログアウト）")
        .WithDescription("送ったアクセストークンのセッションを終了します。以後、そのトークンは使えません（401）。応答は 204。トークンが無い・無効なときは 401。")
        .DisableAntiforgery();
    }
}
