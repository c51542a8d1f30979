using System.Net.Http.Json;
using System.Text.Json;
using MuniSocial.Domain.Accounts;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.PublicList;

/// <summary>
/// A Facebook profile without a username is <c>facebook.com/profile.php?id=&lt;number&gt;</c>: the id is who it is. Verify
/// used to drop the query, so that one listed profile.php address made every profile.php address "official" — the worst
/// answer a citizen checking an impersonator can get.
/// </summary>
public sealed class VerifyFacebookProfileTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData("https://www.facebook.com/profile.php?id=100012345678901", "https://facebook.com/profile.php?id=100012345678901")]
    [InlineData("https://m.facebook.com/profile.php?id=100012345678901&ref=bookmarks", "https://facebook.com/profile.php?id=100012345678901")]
    [InlineData("facebook.com/profile.php?ref=share&id=100012345678901#posts", "https://facebook.com/profile.php?id=100012345678901")]
    [InlineData("ｆａｃｅｂｏｏｋ．ｃｏｍ／ｐｒｏｆｉｌｅ．ｐｈｐ？ｉｄ＝１０００１２３４５６７８９０１", "https://facebook.com/profile.php?id=100012345678901")]
    [InlineData("https://fb.com/NayoroCity", "https://facebook.com/nayorocity")]
    [InlineData("https://www.facebook.com/NayoroCity/?ref=page_internal", "https://facebook.com/nayorocity")]
    public void The_id_of_a_profile_is_kept_and_the_rest_of_the_address_is_normalised(string input, string expected)
    {
        Assert.True(AccountUrl.TryNormalize(input, Platform.Facebook, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("https://www.facebook.com/profile.php")]
    [InlineData("https://www.facebook.com/profile.php?id=")]
    [InlineData("https://www.facebook.com/profile.php?id=abc")]
    public void A_profile_address_without_a_numeric_id_names_nobody(string input) =>
        Assert.False(AccountUrl.TryNormalize(input, Platform.Facebook, out _));

    [Fact]
    public async Task Only_the_listed_profiles_id_is_official()
    {
        const string listedId = "100077700000001";
        await app.ListedAccountAsync(Given.Policy("名寄市プロフィール確認（試験）", $"https://www.facebook.com/profile.php?id={listedId}") with { Platform = Platform.Facebook });
        var client = app.Anonymous();

        async Task<string?> VerdictAsync(string url) =>
            (await client.GetFromJsonAsync<JsonElement>("/api/public/verify?url=" + Uri.EscapeDataString(url))).GetProperty("verdict").GetString();

        Assert.Equal("official", await VerdictAsync($"https://m.facebook.com/profile.php?id={listedId}&mibextid=abc"));
        Assert.Equal("unknown", await VerdictAsync("https://www.facebook.com/profile.php?id=100099999999999"));
        Assert.Equal("invalid", await VerdictAsync("https://www.facebook.com/profile.php"));
    }
}
