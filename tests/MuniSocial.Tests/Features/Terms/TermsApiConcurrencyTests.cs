using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Tests.Support;
using static MuniSocial.Tests.Support.IfMatch;

namespace MuniSocial.Tests.Features.Terms;

/// <summary>The standard terms: GET answers the current version number as ETag, so two PR officers do not both publish "N+1" blindly.</summary>
public sealed class TermsApiConcurrencyTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static object Terms(string notice) => new { notices = new[] { notice }, intellectualProperty = "著作権は名寄市に帰属します。", disclaimers = new[] { "掲載情報の正確性には万全を期しています。" } };

    private Task<int> AuditCountAsync() => app.DbAsync(db => db.AuditEntries.CountAsync());

    [Fact]
    public async Task A_new_version_over_a_stale_If_Match_is_refused_and_nothing_is_published()
    {
        var pr = await app.ApiAsync("demo-pr");
        var read = await pr.GetAsync("/api/v1/terms");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var number = (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("current").GetProperty("version").GetInt32();
        var etag = ETagOf(read);
        Assert.Equal($"\"{number}\"", etag);

        // The first officer publishes N+1 over the version both read.
        var first = await pr.SendAsync(Request(HttpMethod.Post, "/api/v1/terms", Terms("一人目の注意事項です。"), etag));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal($"\"{number + 1}\"", ETagOf(first));

        // The second, still holding version N, is refused: no version N+2, no audit.
        var other = await app.ApiAsync("demo-pr2"); // issuing the token is itself audited (security.token-issued)
        var audits = await AuditCountAsync();
        await AssertConcurrencyAsync(await other.SendAsync(Request(HttpMethod.Post, "/api/v1/terms", Terms("二人目の注意事項です。"), etag)));
        Assert.Equal(number + 1, await app.DbAsync(db => db.TermsVersions.MaxAsync(t => t.Number)));
        Assert.Equal(audits, await AuditCountAsync());

        var again = await other.GetAsync("/api/v1/terms");
        Assert.Equal(ETagOf(first), ETagOf(again));
        var second = await other.SendAsync(Request(HttpMethod.Post, "/api/v1/terms", Terms("二人目の注意事項です。"), ETagOf(again)));
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal($"\"{number + 2}\"", ETagOf(second));
    }
}
