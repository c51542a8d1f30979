using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Infrastructure.PublicSite;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Infrastructure.PublicSite;

/// <summary>
/// Issue 12 items 1–2: every public GET is answered from the snapshot as pre-rendered bytes, with a strong ETag and
/// Last-Modified, 304 on a conditional GET, and no cookie or antiforgery token; a change is in every answer at once
/// (with a new ETag), and the snapshot on disk is rewritten.
/// </summary>
public sealed class PublicServingTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static string[] PublicGets(Guid listed) =>
    [
        "/", "/?group=platform", "/closed", "/impersonation", "/verify", "/verify?url=" + Uri.EscapeDataString("https://x.com/someone"),
        $"/policies/{listed}", "/api/public/accounts", $"/api/public/accounts/{listed}", "/api/public/closed-accounts",
        "/api/public/impersonations", "/api/public/verify?url=" + Uri.EscapeDataString("@someone"),
    ];

    [Fact]
    public async Task Every_public_get_has_an_etag_and_last_modified_answers_304_when_unchanged_and_sets_no_cookie()
    {
        var listed = await app.ListedAccountAsync();
        var client = app.Anonymous();
        foreach (var path in PublicGets(listed))
        {
            var first = await client.GetAsync(path);
            Assert.True(first.StatusCode == HttpStatusCode.OK, $"{path}: {(int)first.StatusCode}");
            Assert.False(first.Headers.Contains("Set-Cookie"), $"{path} sets a cookie");
            var body = await first.Content.ReadAsStringAsync();
            Assert.DoesNotContain("__RequestVerificationToken", body, StringComparison.Ordinal);
            var etag = first.Headers.ETag;
            Assert.True(etag is { IsWeak: false }, $"{path} has no strong ETag");
            var lastModified = first.Content.Headers.LastModified;
            Assert.True(lastModified is not null, $"{path} has no Last-Modified");
            Assert.Equal("no-cache", first.Headers.CacheControl?.ToString());

            // The same bytes again (from memory), with the same tag.
            var again = await client.GetAsync(path);
            Assert.Equal(etag, again.Headers.ETag);
            Assert.Equal(body, await again.Content.ReadAsStringAsync());

            using var ifNoneMatch = new HttpRequestMessage(HttpMethod.Get, path);
            ifNoneMatch.Headers.IfNoneMatch.Add(etag!);
            var notModified = await client.SendAsync(ifNoneMatch);
            Assert.True(notModified.StatusCode == HttpStatusCode.NotModified, $"{path} If-None-Match: {(int)notModified.StatusCode}");
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
            Assert.Equal(etag, notModified.Headers.ETag);

            using var ifModifiedSince = new HttpRequestMessage(HttpMethod.Get, path);
            ifModifiedSince.Headers.IfModifiedSince = lastModified;
            Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(ifModifiedSince)).StatusCode);

            using var otherTag = new HttpRequestMessage(HttpMethod.Get, path);
            otherTag.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-else\""));
            otherTag.Headers.IfModifiedSince = lastModified;
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(otherTag)).StatusCode);
        }
    }

    [Fact]
    public async Task A_change_is_in_every_public_answer_at_once_with_a_new_etag_and_in_the_snapshot_on_disk()
    {
        var client = app.Anonymous();
        var before = new Dictionary<string, EntityTagHeaderValue>();
        foreach (var path in new[] { "/", "/api/public/accounts" })
        {
            before[path] = (await client.GetAsync(path)).Headers.ETag!;
        }
        var policy = Given.Policy("公開反映テスト" + Guid.NewGuid().ToString("N")[..6]);
        var id = await app.ListedAccountAsync(policy);

        foreach (var path in new[] { "/", "/api/public/accounts" })
        {
            using var conditional = new HttpRequestMessage(HttpMethod.Get, path);
            conditional.Headers.IfNoneMatch.Add(before[path]);
            var response = await client.SendAsync(conditional);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotEqual(before[path], response.Headers.ETag);
            Assert.Contains(policy.AccountName!, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/policies/{id}")).StatusCode);

        var site = app.Services.GetRequiredService<PublicSiteState>();
        var stored = site.ReadFromDisk();
        Assert.NotNull(stored);
        Assert.Contains(stored!.Snapshot.Listed, a => a.Id == id && a.AccountName == policy.AccountName);
        Assert.Equal(site.Current!.Token, stored.Token);
    }

    [Fact]
    public async Task Signed_in_staff_get_the_page_with_their_own_menu_and_citizens_never_get_it()
    {
        var staff = await app.SignInAsync("demo-pr");
        var page = await (await staff.GetAsync("/closed")).Content.ReadAsStringAsync();
        Assert.Contains("href=\"/home\"", page, StringComparison.Ordinal);
        var anonymous = await (await app.Anonymous().GetAsync("/closed")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("href=\"/home\"", anonymous, StringComparison.Ordinal);
        Assert.Contains("href=\"/login\"", anonymous, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_head_request_and_an_unknown_policy_are_answered_as_before()
    {
        var client = app.Anonymous();
        await client.GetAsync("/closed");
        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/closed"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.NotNull(head.Headers.ETag);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        var missing = await client.GetAsync($"/policies/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Null(missing.Headers.ETag);
        var problem = await client.GetAsync("/api/public/verify");
        Assert.Equal(HttpStatusCode.BadRequest, problem.StatusCode);
        Assert.Contains("url", (await JsonDocument.ParseAsync(await problem.Content.ReadAsStreamAsync())).RootElement.GetProperty("errors").ToString(), StringComparison.Ordinal);
    }
}
