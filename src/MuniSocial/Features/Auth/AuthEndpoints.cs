using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using MuniSocial.Features.Guideline;

namespace MuniSocial.Features.Auth;

public static class AuthEndpoints
{
    public sealed record TokenRequest([property: Required] string UserName, [property: Required] string Password);

    public static void MapAuthApi(this RouteGroupBuilder api)
    {
        // Issues a bearer token ({"accessToken","expiresIn",…}) for API clients; the same lockout as the sign-in page.
        api.MapPost("/auth/token", async Task<Results<EmptyHttpResult, ProblemHttpResult>> (TokenRequest? request, AppSignInManager signIn, AppDbContext db, TimeProvider clock, SecurityEvents events) =>
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
            // §2, §6: no API access until the current guideline has been confirmed on the web (GuidelineSetup).
            if (await db.MustAcknowledgeAsync(user!.Id, Wareki.TodayIn(clock.GetUtcNow())))
            {
                await events.RecordAsync(SecurityEventKind.TokenRefused, user.Id, user.UserName, GuidelineSetup.NotAcknowledgedRule);
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "ガイドラインの確認が必要です",
                    detail: GuidelineSetup.NotAcknowledgedMessage, extensions: new Dictionary<string, object?> { ["rule"] = GuidelineSetup.NotAcknowledgedRule });
            }
            await signIn.SignInAsync(user, isPersistent: false);
            await events.RecordAsync(SecurityEventKind.TokenIssued, user.Id, user.UserName);
            return TypedResults.Empty; // the bearer handler has written the token response
        })
        .AllowAnonymous()
        .WithTags("Auth")
        .WithName("IssueToken")
        .WithSummary("API のアクセストークンを発行する（ログイン画面と同じロックアウト）")
        .WithDescription("応答の accessToken を Authorization: Bearer で送ります。現行ガイドラインを Web の画面で確認していない利用者は 403（rule: guideline-not-acknowledged）。")
        // The bearer handler writes the body, so the document is told its shape.
        .Produces<AccessTokenResponse>(StatusCodes.Status200OK)
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .DisableAntiforgery();
    }
}
