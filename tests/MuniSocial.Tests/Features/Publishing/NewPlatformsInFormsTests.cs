using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Accounts;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Publishing;

/// <summary>Bluesky, Mastodon and TikTok are chosen like any platform: the account form's radio list and the API's enum values.</summary>
public sealed class NewPlatformsInFormsTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_account_form_offers_every_platform_in_order()
    {
        var doc = await (await app.SignInAsync("demo-operator")).GetDocumentAsync("/accounts/new");
        var radios = doc.QuerySelectorAll("input[name='Input.Platform']").Select(r => r.GetAttribute("value")).ToList();
        Assert.Equal(["Line", "Facebook", "X", "Instagram", "YouTube", "Bluesky", "Mastodon", "TikTok", "Other"], radios);
        var labels = radios.Select(v => doc.QuerySelector($"label[for='{doc.QuerySelector($"input[name='Input.Platform'][value='{v}']")!.Id}']")!.TextContent.Trim()).ToList();
        Assert.Contains(labels, l => l.Contains("Bluesky", StringComparison.Ordinal));
        Assert.Contains(labels, l => l.Contains("Mastodon", StringComparison.Ordinal));
        Assert.Contains(labels, l => l.Contains("TikTok", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Bluesky", "@nayoro-NEW.bsky.social", "https://bsky.app/profile/nayoro-new.bsky.social")]
    [InlineData("Mastodon", "https://mastodon.example.jp/@nayoro_new", "https://mastodon.example.jp/@nayoro_new")]
    [InlineData("TikTok", "https://www.tiktok.com/@nayoro_new", "https://www.tiktok.com/@nayoro_new")]
    public async Task The_API_takes_the_new_platforms_by_name(string platform, string url, string link)
    {
        var unique = Guid.NewGuid().ToString("N")[..6];
        url = url.Replace("new", unique, StringComparison.OrdinalIgnoreCase);
        var api = await app.ApiAsync("demo-operator");
        var created = await api.PostAsJsonAsync("/api/v1/accounts", new { platform, accountName = $"名寄市{platform}{unique}", accountUrl = url });
        var text = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, text);
        var detail = JsonDocument.Parse(text).RootElement;
        Assert.Equal(platform, detail.GetProperty("currentPolicy").GetProperty("platform").GetString());
        var id = detail.GetProperty("id").GetGuid();
        Assert.Equal(Enum.Parse<Platform>(platform), (await app.DbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == id))).CurrentPolicy.Platform);
        Assert.Equal(link.Replace("new", unique, StringComparison.OrdinalIgnoreCase), AccountUrl.ToLink(url, Enum.Parse<Platform>(platform)));
    }
}
