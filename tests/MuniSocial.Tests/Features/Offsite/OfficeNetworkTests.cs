using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Offsite;

/// <summary>§5(2)イ: outside the office networks a check needs the reason (即時性), which is recorded.</summary>
public sealed class OfficeNetworkTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_network_already_listed_is_refused_on_the_page_and_nothing_is_saved()
    {
        var admin = await app.SignInAsync("demo-admin");
        var cidr = $"192.168.{Random.Shared.Next(1, 250)}.0/24";
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/admin/networks", new() { ["Label"] = "分庁舎", ["Cidr"] = cidr }, handler: "Add")).StatusCode);
        var before = await app.DbAsync(db => db.OfficeNetworks.CountAsync());
        var audited = await app.DbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "office-network.added"));

        var again = await admin.PostFormAsync("/admin/networks", new() { ["Label"] = "分庁舎（再）", ["Cidr"] = cidr }, handler: "Add");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains($"{cidr} は既に登録されています。", (await Html.ParseAsync(again)).Text());
        Assert.Equal(before, await app.DbAsync(db => db.OfficeNetworks.CountAsync()));
        Assert.Equal(audited, await app.DbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "office-network.added")));
        await admin.PostFormAsync("/admin/networks", new() { ["id"] = (await app.DbAsync(db => db.OfficeNetworks.SingleAsync(n => n.Cidr == cidr))).Id.ToString() }, handler: "Remove");
    }

    [Fact]
    public async Task Outside_the_office_networks_a_check_asks_for_the_reason_and_records_it()
    {
        var id = await app.ListedAccountAsync(Given.Policy("職場外テスト") with { PeriodEnd = new DateOnly(2028, 3, 31) });
        var admin = await app.SignInAsync("demo-admin");
        var bad = await admin.PostFormAsync("/admin/networks", new() { ["Label"] = "本庁舎", ["Cidr"] = "10.0.0.300/8" }, handler: "Add");
        Assert.Contains("CIDR形式", (await Html.ParseAsync(bad)).Text());
        // The test server's requests come from this machine, which is not in 10.0.0.0/8.
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/admin/networks", new() { ["Label"] = "本庁舎", ["Cidr"] = "10.0.0.0/8" }, handler: "Add")).StatusCode);
        Assert.Equal(1, await app.DbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "office-network.added")));

        var api = await app.ApiAsync("demo-operator");
        var refused = await api.PostAsJsonAsync($"/api/v1/accounts/{id}/daily-checks", new { checkedPosts = true, checkedComments = true });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("offsiteReason", out _));

        var ok = await api.PostAsJsonAsync($"/api/v1/accounts/{id}/daily-checks", new { checkedPosts = true, checkedComments = true, offsiteReason = "大雪による臨時休校の情報を至急確認するため" });
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        var check = await app.DbAsync(db => db.DailyChecks.SingleAsync(c => c.AccountId == id));
        Assert.Equal("大雪による臨時休校の情報を至急確認するため", check.OffsiteReason);

        // The head sees it in the account's check history.
        var head = await app.SignInAsync("demo-head");
        Assert.Contains("職場外（理由: 大雪による臨時休校の情報を至急確認するため）", (await head.GetDocumentAsync($"/operations/{id}")).Text());

        // The operations page asks for the reason next to the one-click button.
        var op3 = await app.SignInAsync("demo-operator3");
        var page = await op3.GetDocumentAsync("/operations");
        Assert.Contains("職場のネットワーク外からアクセスしています", page.Text());
        Assert.Equal(HttpStatusCode.Redirect, (await op3.PostFormAsync("/operations", new() { ["accountId"] = id.ToString(), ["OffsiteReason"] = "出張先から確認" }, handler: "Ok")).StatusCode);

        // Inside the networks (this machine added): no reason needed.
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/admin/networks", new() { ["Label"] = "この端末", ["Cidr"] = "127.0.0.0/8" }, handler: "Add")).StatusCode);
        var id2 = await app.ListedAccountAsync(Given.Policy("職場内テスト") with { PeriodEnd = new DateOnly(2028, 3, 31) });
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/v1/accounts/{id2}/daily-checks", new { checkedPosts = true, checkedComments = true })).StatusCode);
    }
}
