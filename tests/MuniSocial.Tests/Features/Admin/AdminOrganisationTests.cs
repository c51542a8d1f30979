using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Admin;

/// <summary>The organisation tree (部 › 課 › 係) on the admin page and through the admin API.</summary>
public sealed class AdminOrganisationTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static string Unique(string name) => $"{name}{Guid.NewGuid().ToString("N")[..6]}";

    private Task<Guid> SectionAsync(string name) => app.DbAsync(db => db.Sections.Where(s => s.Name == name).Select(s => s.Id).SingleAsync());

    private Task<Guid> DepartmentAsync(string name) => app.DbAsync(db => db.Departments.Where(d => d.Name == name).Select(d => d.Id).SingleAsync());

    private Task<List<string>> ActionsForAsync(Guid id) => app.DbAsync(db =>
        db.AuditEntries.AsNoTracking().Where(e => e.EntityId == id.ToString()).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());

    private static async Task<string> MessageAsync(HttpClient client, HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            var doc = await client.GetDocumentAsync(response.Headers.Location!.OriginalString);
            return doc.QuerySelector(".notice")?.TextContent ?? "";
        }
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Html.ParseAsync(response)).QuerySelector(".errors")?.TextContent ?? "";
    }

    [Fact]
    public async Task Only_the_admin_may_open_or_change_the_organisation()
    {
        var anonymous = await app.Anonymous().GetAsync("/admin/organisation");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        foreach (var user in new[] { "demo-operator", "demo-head", "demo-pr" })
        {
            var client = await app.SignInAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/organisation")).StatusCode);
            var api = await app.ApiAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsJsonAsync("/api/v1/organisation/departments", new { name = "不正部" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await api.PutAsJsonAsync($"/api/v1/organisation/sections/{await SectionAsync("企画課")}", new { name = "不正課" })).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostAsJsonAsync("/api/v1/organisation/departments", new { name = "不正部" })).StatusCode);
        Assert.False(await app.DbAsync(db => db.Departments.AnyAsync(d => d.Name == "不正部")));
        Assert.False(await app.DbAsync(db => db.Sections.AnyAsync(s => s.Name == "不正課")));
    }

    [Fact]
    public async Task Only_the_admin_may_read_one_department_section_or_unit_with_its_etag()
    {
        var section = await SectionAsync("企画課");
        var department = await DepartmentAsync("経済部");
        var unit = await app.DbAsync(db => db.Units.Select(u => u.Id).FirstAsync());
        var urls = new[] { $"/api/v1/organisation/departments/{department}", $"/api/v1/organisation/sections/{section}", $"/api/v1/organisation/units/{unit}" };
        foreach (var user in new[] { "demo-operator", "demo-head", "demo-pr" })
        {
            var api = await app.ApiAsync(user);
            foreach (var url in urls)
            {
                Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync(url)).StatusCode);
            }
        }
        var admin = await app.ApiAsync("demo-admin");
        foreach (var url in urls)
        {
            var response = await admin.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotNull(response.Headers.ETag);
            Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync(url)).StatusCode);
        }
    }

    [Fact]
    public async Task The_admin_builds_renames_and_removes_a_department_section_and_unit_on_the_page()
    {
        var client = await app.SignInAsync("demo-admin");
        var deptName = Unique("市民部");
        var response = await client.PostFormAsync("/admin/organisation", new() { ["name"] = deptName }, handler: "AddDepartment");
        Assert.Contains($"部「{deptName}」を追加しました。", await MessageAsync(client, response), StringComparison.Ordinal);
        var dept = await DepartmentAsync(deptName);

        response = await client.PostFormAsync("/admin/organisation", new() { ["departmentId"] = dept.ToString(), ["name"] = "市民課", ["headTitle"] = "室長" }, handler: "AddSection");
        Assert.Contains("課「市民課」を追加しました。", await MessageAsync(client, response), StringComparison.Ordinal);
        var section = await app.DbAsync(db => db.Sections.SingleAsync(s => s.DepartmentId == dept));
        Assert.Equal("室長", section.HeadTitle);
        Assert.False(section.IsPrOffice);

        response = await client.PostFormAsync("/admin/organisation", new() { ["sectionId"] = section.Id.ToString(), ["name"] = "窓口係" }, handler: "AddUnit");
        Assert.Contains("係「窓口係」を追加しました。", await MessageAsync(client, response), StringComparison.Ordinal);
        var unit = await app.DbAsync(db => db.Units.SingleAsync(u => u.SectionId == section.Id));

        // The tree shows 部 › 課 › 係.
        var page = await client.GetDocumentAsync("/admin/organisation");
        var block = page.QuerySelectorAll("section.org-department").Single(s => s.QuerySelector("h2")!.TextContent == deptName);
        Assert.Contains("市民課", block.TextContent, StringComparison.Ordinal);
        Assert.Contains(block.QuerySelectorAll("input"), i => i.GetAttribute("value") == "窓口係");

        // Rename the unit, rename the section and change its head's title, rename the department.
        await client.PostFormAsync("/admin/organisation", new() { ["id"] = unit.Id.ToString(), ["name"] = "総合窓口係" }, handler: "RenameUnit");
        await client.PostFormAsync("/admin/organisation", new()
        {
            ["id"] = section.Id.ToString(),
            ["name"] = "市民窓口課",
            ["headTitle"] = "課長",
            ["departmentId"] = dept.ToString(),
        }, handler: "UpdateSection");
        await client.PostFormAsync("/admin/organisation", new() { ["id"] = dept.ToString(), ["name"] = deptName + "改" }, handler: "RenameDepartment");
        Assert.Equal("総合窓口係", await app.DbAsync(db => db.Units.Where(u => u.Id == unit.Id).Select(u => u.Name).SingleAsync()));
        var renamed = await app.DbAsync(db => db.Sections.SingleAsync(s => s.Id == section.Id));
        Assert.Equal(("市民窓口課", "課長"), (renamed.Name, renamed.HeadTitle));
        Assert.Equal(deptName + "改", await app.DbAsync(db => db.Departments.Where(d => d.Id == dept).Select(d => d.Name).SingleAsync()));

        // A department with sections, and a section with units, are not deleted.
        response = await client.PostFormAsync("/admin/organisation", new() { ["id"] = dept.ToString() }, handler: "DeleteDepartment");
        Assert.Contains("には課（市民窓口課）があるため削除できません。", await MessageAsync(client, response), StringComparison.Ordinal);
        response = await client.PostFormAsync("/admin/organisation", new() { ["id"] = section.Id.ToString() }, handler: "DeleteSection");
        Assert.Contains("係（総合窓口係）があります", await MessageAsync(client, response), StringComparison.Ordinal);

        // Unused: unit, then section, then department go.
        response = await client.PostFormAsync("/admin/organisation", new() { ["id"] = unit.Id.ToString() }, handler: "DeleteUnit");
        Assert.Contains("係を削除しました。", await MessageAsync(client, response), StringComparison.Ordinal);
        response = await client.PostFormAsync("/admin/organisation", new() { ["id"] = section.Id.ToString() }, handler: "DeleteSection");
        Assert.Contains("課を削除しました。", await MessageAsync(client, response), StringComparison.Ordinal);
        response = await client.PostFormAsync("/admin/organisation", new() { ["id"] = dept.ToString() }, handler: "DeleteDepartment");
        Assert.Contains("部を削除しました。", await MessageAsync(client, response), StringComparison.Ordinal);
        Assert.False(await app.DbAsync(db => db.Departments.AnyAsync(d => d.Id == dept)));

        Assert.Equal(["organisation.department-created", "organisation.department-renamed", "organisation.department-deleted"], await ActionsForAsync(dept));
        Assert.Equal(["organisation.section-created", "organisation.section-updated", "organisation.section-deleted"], await ActionsForAsync(section.Id));
        Assert.Equal(["organisation.unit-created", "organisation.unit-renamed", "organisation.unit-deleted"], await ActionsForAsync(unit.Id));
        var update = await app.DbAsync(db => db.AuditEntries.SingleAsync(e => e.EntityId == section.Id.ToString() && e.Action == "organisation.section-updated"));
        Assert.Contains("室長", update.Before!, StringComparison.Ordinal);
        Assert.Contains("市民窓口課", update.After!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Things_in_use_are_not_deleted_and_the_message_says_why()
    {
        var client = await app.SignInAsync("demo-admin");
        var kanko = await SectionAsync("営業戦略室");
        var response = await client.PostFormAsync("/admin/organisation", new() { ["id"] = kanko.ToString() }, handler: "DeleteSection");
        var message = await MessageAsync(client, response);
        Assert.Contains("「経済部 営業戦略室」は使用中のため削除できません", message, StringComparison.Ordinal);
        Assert.Contains("利用者が3人所属しています", message, StringComparison.Ordinal);
        Assert.Contains("アカウントが", message, StringComparison.Ordinal);

        var unit = await app.DbAsync(db => db.Units.Where(u => u.Name == "観光振興係").Select(u => u.Id).SingleAsync());
        response = await client.PostFormAsync("/admin/organisation", new() { ["id"] = unit.ToString() }, handler: "DeleteUnit");
        Assert.Contains("件のアカウントの運用ポリシー（開設所属）で使われているため削除できません。", await MessageAsync(client, response), StringComparison.Ordinal);

        var pr = await SectionAsync("秘書広報課");
        response = await client.PostFormAsync("/admin/organisation", new() { ["id"] = pr.ToString() }, handler: "DeleteSection");
        Assert.Contains("市広報担当の課です", await MessageAsync(client, response), StringComparison.Ordinal);

        var keizai = await DepartmentAsync("経済部");
        response = await client.PostFormAsync("/admin/organisation", new() { ["id"] = keizai.ToString() }, handler: "DeleteDepartment");
        Assert.Contains("「経済部」には課", await MessageAsync(client, response), StringComparison.Ordinal);

        // Duplicates and empty names are refused too; a made-up id is "not found", not a crash.
        response = await client.PostFormAsync("/admin/organisation", new() { ["name"] = "経済部" }, handler: "AddDepartment");
        Assert.Contains("部「経済部」は既にあります。", await MessageAsync(client, response), StringComparison.Ordinal);
        response = await client.PostFormAsync("/admin/organisation", new() { ["departmentId"] = keizai.ToString(), ["name"] = "  ", ["headTitle"] = "課長" }, handler: "AddSection");
        Assert.Contains("課の名称を入力してください。", await MessageAsync(client, response), StringComparison.Ordinal);
        response = await client.PostFormAsync("/admin/organisation", new() { ["id"] = "not-a-guid" }, handler: "DeleteUnit");
        Assert.Contains("係が見つかりません。", await MessageAsync(client, response), StringComparison.Ordinal);

        Assert.True(await app.DbAsync(db => db.Sections.AnyAsync(s => s.Id == kanko)));
        Assert.True(await app.DbAsync(db => db.Units.AnyAsync(u => u.Id == unit)));
    }

    [Fact]
    public async Task Exactly_one_section_is_the_pr_office_and_a_section_can_move_to_another_department()
    {
        var client = await app.SignInAsync("demo-admin");
        var kikaku = await SectionAsync("企画課");
        var pr = await SectionAsync("秘書広報課");
        try
        {
            var response = await client.PostFormAsync("/admin/organisation", new() { ["id"] = kikaku.ToString() }, handler: "MarkPrOffice");
            Assert.Contains("市広報担当の課を変更しました。", await MessageAsync(client, response), StringComparison.Ordinal);
            var prOffices = await app.DbAsync(db => db.Sections.Where(s => s.IsPrOffice).Select(s => s.Id).ToListAsync());
            Assert.Equal([kikaku], prOffices);
            var audit = await app.DbAsync(db => db.AuditEntries.Where(e => e.Action == "organisation.pr-office-changed").OrderBy(e => e.Sequence).LastAsync());
            Assert.Contains("秘書広報課", audit.Before!, StringComparison.Ordinal);
            Assert.Contains("企画課", audit.After!, StringComparison.Ordinal);

            // Nothing offers to "unmark" it: the only way is to name another section.
            response = await client.PostFormAsync("/admin/organisation", new() { ["id"] = kikaku.ToString() }, handler: "MarkPrOffice");
            Assert.Contains("既に市広報担当の課です", await MessageAsync(client, response), StringComparison.Ordinal);
        }
        finally
        {
            await client.PostFormAsync("/admin/organisation", new() { ["id"] = pr.ToString() }, handler: "MarkPrOffice");
        }
        Assert.Equal([pr], await app.DbAsync(db => db.Sections.Where(s => s.IsPrOffice).Select(s => s.Id).ToListAsync()));

        // Move 産業振興課 from 経済部 to 教育部 and back.
        var sangyo = await SectionAsync("産業振興課");
        var kyoiku = await DepartmentAsync("教育部");
        var keizai = await DepartmentAsync("経済部");
        var move = await client.PostFormAsync("/admin/organisation", new()
        {
            ["id"] = sangyo.ToString(),
            ["name"] = "産業振興課",
            ["headTitle"] = "課長",
            ["departmentId"] = kyoiku.ToString(),
        }, handler: "UpdateSection");
        Assert.Equal(HttpStatusCode.Redirect, move.StatusCode);
        Assert.Equal(kyoiku, await app.DbAsync(db => db.Sections.Where(s => s.Id == sangyo).Select(s => s.DepartmentId).SingleAsync()));
        var moved = await app.DbAsync(db => db.AuditEntries.Where(e => e.EntityId == sangyo.ToString()).OrderBy(e => e.Sequence).LastAsync());
        Assert.Contains("経済部", moved.Before!, StringComparison.Ordinal);
        Assert.Contains("教育部", moved.After!, StringComparison.Ordinal);
        await client.PostFormAsync("/admin/organisation", new()
        {
            ["id"] = sangyo.ToString(),
            ["name"] = "産業振興課",
            ["headTitle"] = "課長",
            ["departmentId"] = keizai.ToString(),
        }, handler: "UpdateSection");
        Assert.Equal(keizai, await app.DbAsync(db => db.Sections.Where(s => s.Id == sangyo).Select(s => s.DepartmentId).SingleAsync()));
    }

    [Fact]
    public async Task The_organisation_api_mirrors_the_page()
    {
        var api = await app.ApiAsync("demo-admin");
        var tree = await api.GetFromJsonAsync<JsonElement>("/api/v1/organisation");
        var seisaku = tree.EnumerateArray().Single(d => d.GetProperty("name").GetString() == "総合政策部");
        var prSection = seisaku.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("isPrOffice").GetBoolean());
        Assert.Equal("秘書広報課", prSection.GetProperty("name").GetString());
        Assert.Contains(prSection.GetProperty("units").EnumerateArray(), u => u.GetProperty("name").GetString() == "広報広聴係");

        var deptName = Unique("環境部");
        var created = await api.PostAsJsonAsync("/api/v1/organisation/departments", new { name = deptName });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var dept = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/organisation/departments/{dept}", created.Headers.Location!.OriginalString);

        var section = await api.PostAsJsonAsync("/api/v1/organisation/sections", new { departmentId = dept, name = "環境生活課", headTitle = "課長" });
        Assert.Equal(HttpStatusCode.Created, section.StatusCode);
        var sectionId = (await section.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var unit = await api.PostAsJsonAsync("/api/v1/organisation/units", new { sectionId, name = "ごみ係" });
        Assert.Equal(HttpStatusCode.Created, unit.StatusCode);
        var unitId = (await unit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NoContent, (await api.PutAsJsonAsync($"/api/v1/organisation/departments/{dept}", new { name = deptName + "2" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.PutAsJsonAsync($"/api/v1/organisation/sections/{sectionId}", new { name = "環境課" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.PutAsJsonAsync($"/api/v1/organisation/units/{unitId}", new { name = "資源循環係" })).StatusCode);
        var renamed = await app.DbAsync(db => db.Sections.SingleAsync(s => s.Id == sectionId));
        Assert.Equal(("環境課", "課長"), (renamed.Name, renamed.HeadTitle)); // the title left out is kept

        // Bad input names the field; unknown ids are 404; things in use are 409.
        var empty = await api.PostAsJsonAsync("/api/v1/organisation/departments", new { name = "" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("部の名称を入力してください。", (await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var noDept = await api.PostAsJsonAsync("/api/v1/organisation/sections", new { name = "迷子課" });
        Assert.Equal(HttpStatusCode.BadRequest, noDept.StatusCode);
        Assert.True((await noDept.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("departmentId", out _));
        var duplicate = await api.PostAsJsonAsync("/api/v1/organisation/units", new { sectionId, name = "資源循環係" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal("duplicate-name", (await duplicate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await api.PutAsJsonAsync($"/api/v1/organisation/units/{Guid.NewGuid()}", new { name = "x" })).StatusCode);
        var inUse = await api.DeleteAsync($"/api/v1/organisation/sections/{await SectionAsync("こども未来課")}");
        Assert.Equal(HttpStatusCode.Conflict, inUse.StatusCode);
        Assert.Equal("in-use", (await inUse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/organisation/units/{unitId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/organisation/sections/{sectionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/organisation/departments/{dept}")).StatusCode);
        Assert.Equal(3, (await ActionsForAsync(dept)).Count);
    }

    [Fact]
    public async Task A_user_can_be_given_a_section_created_a_moment_ago()
    {
        var client = await app.SignInAsync("demo-admin");
        var keizai = await DepartmentAsync("経済部");
        var name = Unique("農務課");
        await client.PostFormAsync("/admin/organisation", new() { ["departmentId"] = keizai.ToString(), ["name"] = name, ["headTitle"] = "課長" }, handler: "AddSection");
        var form = await client.GetDocumentAsync("/admin/users/new");
        var options = form.QuerySelectorAll("#Input_SectionId option").Select(o => o.TextContent).ToList();
        Assert.Contains(name, options);
    }
}
