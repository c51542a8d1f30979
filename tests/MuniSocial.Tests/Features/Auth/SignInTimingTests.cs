using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Auth;

/// <summary>
/// No user enumeration by timing (ASVS 6.3.8): a refused sign-in by name — an unknown name, a wrong password, a locked user —
/// is answered no sooner than <c>Auth:FailedSignInMinimumTime</c> after it began, on the page and the token endpoint, so
/// the extra work behind a known name (failure counter, audit entry, lockout e-mail: ≈15 ms measured from outside) does not
/// show. Only lower bounds are asserted: a delay never ends early, whatever the machine's load.
/// </summary>
public sealed class SignInTimingTests(SignInTimingTests.FloorFactory app) : IClassFixture<SignInTimingTests.FloorFactory>
{
    public static readonly TimeSpan Floor = TimeSpan.FromMilliseconds(300);

    public sealed class FloorFactory : AppFactory
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Auth:FailedSignInMinimumTime"] = "00:00:00.3",
        };
    }

    private static async Task<(HttpResponseMessage Response, TimeSpan Took)> TimedAsync(Func<Task<HttpResponseMessage>> send)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await send();
        return (response, Stopwatch.GetElapsedTime(started));
    }

    private Task<(HttpResponseMessage Response, TimeSpan Took)> LoginAsync(string name, string password) =>
        TimedAsync(() => app.Anonymous().PostFormAsync("/login", new() { ["Input.UserName"] = name, ["Input.Password"] = password }));

    private Task<(HttpResponseMessage Response, TimeSpan Took)> TokenAsync(string name, string password) =>
        TimedAsync(() => app.Anonymous().PostAsJsonAsync("/api/v1/auth/token", new { userName = name, password }));

    [Fact]
    public async Task Unknown_names_wrong_passwords_and_locked_users_are_answered_alike_and_not_before_the_floor()
    {
        var user = await app.NewUserAsync();
        var cases = new[]
        {
            ("unknown", "nobody-" + Guid.NewGuid().ToString("N")[..8], "not-the-password-123"),
            ("wrong", user.UserName, "not-the-password-123"),
        };
        foreach (var (what, name, password) in cases)
        {
            var (page, pageTook) = await LoginAsync(name, password);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("ユーザー名またはパスワードが正しくありません", await page.Content.ReadAsStringAsync());
            Assert.True(pageTook >= Floor - TimeSpan.FromMilliseconds(5), $"{what} (/login) answered after {pageTook.TotalMilliseconds:0} ms, before the floor");

            var (token, tokenTook) = await TokenAsync(name, password);
            Assert.Equal(HttpStatusCode.Unauthorized, token.StatusCode);
            Assert.True(tokenTook >= Floor - TimeSpan.FromMilliseconds(5), $"{what} (token) answered after {tokenTook.TotalMilliseconds:0} ms, before the floor");
        }

        // Locked out (five failures above and below): the right password is refused alike, after the floor too.
        for (var i = 0; i < 3; i++)
        {
            await LoginAsync(user.UserName, "not-the-password-123");
        }
        var (locked, lockedTook) = await LoginAsync(user.UserName, Given.NewUserPassword);
        Assert.Contains("ユーザー名またはパスワードが正しくありません", await locked.Content.ReadAsStringAsync());
        Assert.True(lockedTook >= Floor - TimeSpan.FromMilliseconds(5), $"locked answered after {lockedTook.TotalMilliseconds:0} ms, before the floor");
    }
}
