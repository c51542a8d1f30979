using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Tests.Support;
using static MuniSocial.Tests.Support.IfMatch;

namespace MuniSocial.Tests.Features.AccessHolders;

/// <summary>
/// The access-holder list is one resource for concurrency: its ETag (from the EF tokens RemovedAt and SetAt and the
/// holdings) changes with every addition, removal and two-factor change, and a change sent over a stale one is refused.
/// </summary>
public sealed class AccessHoldersApiConcurrencyTests(AppFactory app) : IClassFixture<AppFactory>
{
    private Task<int> AuditCountAsync() => app.DbAsync(db => db.AuditEntries.CountAsync());

    [Fact]
    public async Task Removal_and_two_factor_refuse_a_stale_If_Match_and_answer_the_lists_new_ETag()
    {
        var id = await app.ListedAccountAsync(Given.Policy("権限テスト同時") with { PeriodEnd = new DateOnly(2028, 3, 31) });
        var api = await app.ApiAsync("demo-operator");
        var op3 = await app.UserAsync("demo-operator3");
        var url = $"/api/v1/accounts/{id}/access-holders";
        var empty = ETagOf(await api.GetAsync(url));

        var added = await api.SendAsync(Request(HttpMethod.Post, url, new { kind = "CredentialKeeper", userId = op3.Id }, empty));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var holderId = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var withHolder = ETagOf(added);
        Assert.NotEqual(empty, withHolder);
        Assert.Equal(withHolder, ETagOf(await api.GetAsync(url)));

        // The list read before the holder was added is stale: nothing is removed or set, no audit is written.
        var audits = await AuditCountAsync();
        await AssertConcurrencyAsync(await api.SendAsync(Request(HttpMethod.Post, $"{url}/{holderId}/removal", new { how = "Removed" }, empty)));
        await AssertConcurrencyAsync(await api.SendAsync(Request(HttpMethod.Put, $"{url}/two-factor", new { enabled = true, codeRecipient = "課の携帯" }, empty)));
        await AssertConcurrencyAsync(await api.SendAsync(Request(HttpMethod.Post, url, new { kind = "CredentialKeeper", userId = op3.Id }, empty)));
        Assert.True(await app.DbAsync(db => db.AccessHolders.AnyAsync(h => h.Id == holderId && h.RemovedAt == null)));
        Assert.False(await app.DbAsync(db => db.AccountTwoFactors.AnyAsync(t => t.AccountId == id)));
        Assert.Equal(audits, await AuditCountAsync());

        var twoFactor = await api.SendAsync(Request(HttpMethod.Put, $"{url}/two-factor", new { enabled = true, codeRecipient = "課の携帯" }, withHolder));
        Assert.Equal(HttpStatusCode.OK, twoFactor.StatusCode);
        var withTwoFactor = ETagOf(twoFactor);
        Assert.NotEqual(withHolder, withTwoFactor);
        Assert.Equal(withTwoFactor, ETagOf(await api.GetAsync(url)));
        await AssertConcurrencyAsync(await api.SendAsync(Request(HttpMethod.Post, $"{url}/{holderId}/removal", new { how = "Removed" }, withHolder)));

        var removed = await api.SendAsync(Request(HttpMethod.Post, $"{url}/{holderId}/removal", new { how = "Removed" }, withTwoFactor));
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.NotEqual(withTwoFactor, ETagOf(removed));
        Assert.Equal(ETagOf(removed), ETagOf(await api.GetAsync(url)));
        Assert.False(await app.DbAsync(db => db.AccessHolders.AnyAsync(h => h.Id == holderId && h.RemovedAt == null)));
    }
}
