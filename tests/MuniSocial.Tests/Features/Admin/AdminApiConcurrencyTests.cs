using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Tests.Support;
using static MuniSocial.Tests.Support.IfMatch;

namespace MuniSocial.Tests.Features.Admin;

/// <summary>
/// ETag / If-Match on the admin API: a user (Identity's ConcurrencyStamp) and the departments, sections and units
/// (a digest of their fields, as they have no version column). A stale If-Match changes nothing and writes no audit.
/// </summary>
public sealed class AdminApiConcurrencyTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static string Unique(string name) => $"{name}{Guid.NewGuid().ToString("N")[..6]}";

    private Task<int> AuditCountAsync() => app.DbAsync(db => db.AuditEntries.CountAsync());

    [Fact]
    public async Task A_user_answers_its_concurrency_stamp_and_a_stale_If_Match_changes_nothing()
    {
        var user = await app.NewUserAsync(displayName: "同時 編集");
        var admin = await app.ApiAsync("demo-admin");
        var read = await admin.GetAsync($"/api/v1/admin/users/{user.Id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var etag = ETagOf(read);
        Assert.Equal($"\"{(await app.UserAsync(user.UserName)).ConcurrencyStamp}\"", etag);

        // Another admin changes the user meanwhile: the first admin's If-Match is now stale.
        var other = await admin.SendAsync(Request(HttpMethod.Put, $"/api/v1/admin/users/{user.Id}", new { displayName = "同時 編集（先）" }, etag));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        var current = ETagOf(other);
        Assert.NotEqual(etag, current);

        var audits = await AuditCountAsync();
        await AssertConcurrencyAsync(await admin.SendAsync(Request(HttpMethod.Put, $"/api/v1/admin/users/{user.Id}",
            new { displayName = "同時 編集（後）", isActive = false }, etag)));
        var unchanged = await app.UserAsync(user.UserName);
        Assert.Equal(("同時 編集（先）", true), (unchanged.DisplayName, unchanged.IsActive));
        Assert.Equal(audits, await AuditCountAsync());

        var changed = await admin.SendAsync(Request(HttpMethod.Put, $"/api/v1/admin/users/{user.Id}", new { displayName = "同時 編集（後）" }, current));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("同時 編集（後）", (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("displayName").GetString());
        Assert.NotEqual(current, ETagOf(changed));
        Assert.Equal(ETagOf(changed), ETagOf(await admin.GetAsync($"/api/v1/admin/users/{user.Id}")));
    }

    [Fact]
    public async Task A_department_is_renamed_or_deleted_only_over_the_state_the_client_read()
    {
        var admin = await app.ApiAsync("demo-admin");
        var name = Unique("同時部");
        var created = await admin.PostAsJsonAsync("/api/v1/organisation/departments", new { name });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var url = $"/api/v1/organisation/departments/{id}";
        var read = await admin.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var etag = ETagOf(read);
        Assert.Equal(ETagOf(created), etag);

        var renamed = await admin.SendAsync(Request(HttpMethod.Put, url, new { name = name + "改" }, etag));
        Assert.Equal(HttpStatusCode.NoContent, renamed.StatusCode);
        Assert.NotEqual(etag, ETagOf(renamed));
        Assert.Equal(ETagOf(renamed), ETagOf(await admin.GetAsync(url)));

        var audits = await AuditCountAsync();
        await AssertConcurrencyAsync(await admin.SendAsync(Request(HttpMethod.Put, url, new { name = name + "上書き" }, etag)));
        await AssertConcurrencyAsync(await admin.SendAsync(Request(HttpMethod.Delete, url, null, etag)));
        Assert.Equal(name + "改", await app.DbAsync(db => db.Departments.Where(d => d.Id == id).Select(d => d.Name).SingleAsync()));
        Assert.Equal(audits, await AuditCountAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(Request(HttpMethod.Delete, url, null, ETagOf(renamed)))).StatusCode);
        Assert.False(await app.DbAsync(db => db.Departments.AnyAsync(d => d.Id == id)));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task A_section_and_a_unit_refuse_a_stale_If_Match_on_every_change()
    {
        var admin = await app.ApiAsync("demo-admin");
        var department = (await (await admin.PostAsJsonAsync("/api/v1/organisation/departments", new { name = Unique("係テスト部") }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var section = await admin.PostAsJsonAsync("/api/v1/organisation/sections", new { departmentId = department, name = "同時課", headTitle = "課長" });
        Assert.Equal(HttpStatusCode.Created, section.StatusCode);
        var sectionId = (await section.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var sectionUrl = $"/api/v1/organisation/sections/{sectionId}";
        var sectionTag = ETagOf(await admin.GetAsync(sectionUrl));
        Assert.Equal(ETagOf(section), sectionTag);
        var unit = await admin.PostAsJsonAsync("/api/v1/organisation/units", new { sectionId, name = "同時係" });
        Assert.Equal(HttpStatusCode.Created, unit.StatusCode);
        var unitUrl = $"/api/v1/organisation/units/{(await unit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()}";
        var unitTag = ETagOf(await admin.GetAsync(unitUrl));

        // The section's head title changes: the tag read before is stale for every change to the section.
        var retitled = await admin.SendAsync(Request(HttpMethod.Put, sectionUrl, new { headTitle = "室長" }, sectionTag));
        Assert.Equal(HttpStatusCode.NoContent, retitled.StatusCode);
        var renamedUnit = await admin.SendAsync(Request(HttpMethod.Put, unitUrl, new { name = "同時係改" }, unitTag));
        Assert.Equal(HttpStatusCode.NoContent, renamedUnit.StatusCode);

        var audits = await AuditCountAsync();
        await AssertConcurrencyAsync(await admin.SendAsync(Request(HttpMethod.Put, sectionUrl, new { name = "上書き課" }, sectionTag)));
        await AssertConcurrencyAsync(await admin.SendAsync(Request(HttpMethod.Post, $"{sectionUrl}/pr-office", null, sectionTag)));
        await AssertConcurrencyAsync(await admin.SendAsync(Request(HttpMethod.Delete, sectionUrl, null, sectionTag)));
        await AssertConcurrencyAsync(await admin.SendAsync(Request(HttpMethod.Put, unitUrl, new { name = "上書き係" }, unitTag)));
        await AssertConcurrencyAsync(await admin.SendAsync(Request(HttpMethod.Delete, unitUrl, null, unitTag)));
        var kept = await app.DbAsync(db => db.Sections.AsNoTracking().SingleAsync(s => s.Id == sectionId));
        Assert.Equal(("同時課", "室長", false), (kept.Name, kept.HeadTitle, kept.IsPrOffice));
        Assert.Equal(["同時係改"], await app.DbAsync(db => db.Units.Where(u => u.SectionId == sectionId).Select(u => u.Name).ToListAsync()));
        Assert.Equal(audits, await AuditCountAsync());

        // The current tags: the unit goes, then the section.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(Request(HttpMethod.Delete, unitUrl, null, ETagOf(renamedUnit)))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(Request(HttpMethod.Delete, sectionUrl, null, ETagOf(retitled)))).StatusCode);
        Assert.False(await app.DbAsync(db => db.Sections.AnyAsync(s => s.Id == sectionId)));
    }

    [Fact]
    public async Task A_removed_admin_role_is_refused_by_the_api_even_with_a_token_issued_before()
    {
        var user = await app.NewUserAsync("企画課", roles: ["Admin", "Operator"]);
        await app.SignInAndAcknowledgeAsync(user.UserName, Given.NewUserPassword);
        var token = await app.ApiAsync(user.UserName, Given.NewUserPassword);
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/v1/organisation")).StatusCode);

        var admin = await app.ApiAsync("demo-admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { roles = new[] { "Operator" } })).StatusCode);

        // The token still carries the Admin role, but the role change renewed the security stamp: the token is refused at once.
        Assert.Equal(HttpStatusCode.Unauthorized, (await token.GetAsync("/api/v1/organisation")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await token.PostAsJsonAsync("/api/v1/organisation/departments", new { name = Unique("不正部") })).StatusCode);
    }
}
