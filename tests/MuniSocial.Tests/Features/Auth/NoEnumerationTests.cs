using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Infrastructure.Identity;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Auth;

/// <summary>
/// No user enumeration (ASVS 6.3.x): an unknown name, a wrong password and a locked user get the same answer, byte for
/// byte apart from the antiforgery token and the name as typed, and an unknown name still costs a password hash
/// verification (the dummy path is shown to run; no timing is measured).
/// </summary>
public sealed partial class NoEnumerationTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Typed = "typed-name";

    [GeneratedRegex("""name="__RequestVerificationToken" type="hidden" value="[^"]*"|value="[^"]*" name="__RequestVerificationToken"|<input[^>]*__RequestVerificationToken[^>]*>""")]
    private static partial Regex Token();

    private async Task<(HttpStatusCode Status, string Body)> LoginAsync(string name, string password)
    {
        var response = await app.Anonymous().PostFormAsync("/login", new() { ["Input.UserName"] = name, ["Input.Password"] = password });
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, Token().Replace(body, "TOKEN").Replace(name, Typed, StringComparison.Ordinal));
    }

    private async Task<(HttpStatusCode Status, string Body)> TokenAsync(string name, string password)
    {
        var response = await app.Anonymous().PostAsJsonAsync("/api/v1/auth/token", new { userName = name, password });
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        var fields = json.EnumerateObject().Where(p => p.Name != "traceId").Select(p => $"{p.Name}={p.Value}");
        return (response.StatusCode, string.Join("\n", fields));
    }

    private static string Unknown() => $"ghost-{Guid.NewGuid():N}"[..16];

    [Fact]
    public async Task The_sign_in_page_answers_an_unknown_name_as_it_answers_a_wrong_password()
    {
        var user = await app.NewUserAsync();
        var unknown = await LoginAsync(Unknown(), "Some-Password-Guess-1");
        var wrong = await LoginAsync(user.UserName, "Some-Password-Guess-1");
        Assert.Equal(HttpStatusCode.OK, unknown.Status);
        Assert.Equal(unknown.Status, wrong.Status);
        Assert.Contains(MuniSocial.Features.Auth.LoginModel.FailedMessage, unknown.Body, StringComparison.Ordinal);
        Assert.Equal(unknown.Body, wrong.Body);
    }

    [Fact]
    public async Task The_token_answers_an_unknown_name_as_it_answers_a_wrong_password()
    {
        var user = await app.NewUserAsync();
        var unknown = await TokenAsync(Unknown(), "Some-Password-Guess-1");
        var wrong = await TokenAsync(user.UserName, "Some-Password-Guess-1");
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.Status);
        Assert.Equal(unknown, wrong);
    }

    [Fact]
    public async Task A_locked_user_gets_the_answer_of_a_wrong_password_even_with_the_right_one()
    {
        var user = await app.NewUserAsync();
        for (var i = 0; i < 5; i++)
        {
            await LoginAsync(user.UserName, "Wrong-Password-Guess-" + i);
        }
        var locked = await LoginAsync(user.UserName, Given.NewUserPassword);
        var unknown = await LoginAsync(Unknown(), Given.NewUserPassword);
        Assert.Equal(unknown, locked);
        Assert.Equal(await TokenAsync(Unknown(), Given.NewUserPassword), await TokenAsync(user.UserName, Given.NewUserPassword));
    }

    [Fact]
    public async Task An_unknown_name_still_runs_a_password_hash_verification()
    {
        var dummy = app.Services.GetRequiredService<DummyPasswordHash>();
        var before = dummy.Checks;
        await LoginAsync(Unknown(), "Some-Password-Guess-1");
        Assert.Equal(before + 1, dummy.Checks);
        await TokenAsync(Unknown(), "Some-Password-Guess-1");
        Assert.Equal(before + 2, dummy.Checks);
        // A known name takes the user's own hash, not the dummy one.
        await LoginAsync("demo-operator", "Some-Password-Guess-1");
        Assert.Equal(before + 2, dummy.Checks);
    }
}
