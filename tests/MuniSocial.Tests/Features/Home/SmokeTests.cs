using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Home;

public sealed class SmokeTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Public_list_shows_listed_demo_accounts_only()
    {
        var doc = await app.Anonymous().GetDocumentAsync("/");
        var text = doc.Text();
        Assert.Contains("名寄市ソーシャルメディア一覧", text);
        Assert.Contains("名寄市観光情報（デモ）", text);
        Assert.DoesNotContain("作成中）", text); // the Draft demo account
        Assert.DoesNotContain("名寄市観光動画チャンネル", text); // ListingRequested
        Assert.DoesNotContain("ひまわりまつり", text); // Closed
    }

    [Fact]
    public async Task Token_endpoint_gives_a_bearer_token_and_rejects_a_wrong_password()
    {
        var client = app.Anonymous();
        var ok = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "demo-pr", password = AppFactory.Password });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var json = await ok.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrEmpty(json.GetProperty("accessToken").GetString()));
        Assert.True(json.GetProperty("expiresIn").GetInt32() > 0);

        var bad = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "demo-pr", password = "wrong-password-123" });
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
    }

    [Fact]
    public async Task Staff_home_needs_sign_in_and_shows_the_user()
    {
        var anonymous = await app.Anonymous().GetAsync("/home");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/login", anonymous.Headers.Location!.ToString());

        var client = await app.SignInAsync("demo-operator");
        var doc = await client.GetDocumentAsync("/home");
        Assert.Contains("北 ひかり", doc.Text());
    }
}
