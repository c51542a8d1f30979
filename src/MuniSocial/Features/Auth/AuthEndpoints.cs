using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using MuniSocial.Infrastructure;
using MuniSocial.Infrastructure.Identity;

namespace MuniSocial.Features.Auth;

public static class AuthEndpoints
{
    public sealed record TokenRequest([property: Required] string UserName, [property: Required] string Password);

    public static void MapAuth(this WebApplication app)
    {
        // Issues a bearer token ({"accessToken","expiresIn",…}) for API clients; the same lockout as the sign-in page.
        app.MapPost("/api/v1/auth/token", async Task<IResult> (TokenRequest? request, SignInManager<AppUser> signIn) =>
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
            var result = await signIn.PasswordSignInAsync(request.UserName.Trim(), request.Password, isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded)
            {
                return TypedResults.Empty; // the bearer handler has written the token response
            }
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "認証に失敗しました",
                detail: result.IsLockedOut ? "ログインに続けて失敗したため、一時的にロックされています。" : "ユーザー名またはパスワードが正しくありません。");
        }).AllowAnonymous().WithTags("Auth").WithName("IssueToken").DisableAntiforgery();
    }
}
