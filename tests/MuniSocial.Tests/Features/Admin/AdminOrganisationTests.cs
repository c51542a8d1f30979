using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Features.Admin;
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

    /// <summary>The message a form answered with: the success message after the redirect, or the error summary of the form shown again.</summary>
    private static async Task<string> MessageAsync(HttpClient client, HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            var doc = await client.GetDocumentAsync(response.Headers.Location!.OriginalString);
            return doc.QuerySelector(".notice.success")?.TextContent ?? "";
        }
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Html.ParseAsync(response)).QuerySelector(".errors")?.TextContent ?? "";
    }

    /// <summary>A department with one section and one unit, added through the "add" pages; their ids.</summary>
    private async Task<(Guid Department, Guid Section, Guid Unit)> BuildAsync(HttpClient client, string deptName, string sectionName = "市民課", string unitName = "窓口係")
    {
        var response = await client.SubmitAsync("/admin/organisation/departments/new", new() { ["Input.Name"] = [deptName] });
        Assert.Contains($"部「{deptName}」を追加しました。", await MessageAsync(client, response), StringComparison.Ordinal);
        var dept = await DepartmentAsync(deptName);
        response = await client.SubmitAsync($"/admin/organisation/departments/{dept}/sections/new", new() { ["Input.Name"] = [sectionName], ["Input.HeadTitle"] = ["室長"] });
        Assert.Contains($"課「{sectionName}」を追加しました。", await MessageAsync(client, response), StringComparison.Ordinal);
        var section = await app.DbAsync(db => db.Sections.Where(s => s.DepartmentId == dept).Select(s => s.Id).SingleAsync());
        response = await client.SubmitAsync($"/admin/organisation/sections/{section}/units/new", new() { ["Input.Name"] = [unitName] });
        Assert.Contains($"係「{unitName}」を追加しました。", await MessageAsync(client, response), StringComparison.Ordinal);
        var unit = await app.DbAsync(db => db.Units.Where(u => u.SectionId == section).Select(u => u.Id).SingleAsync());
        return (dept, section, unit);
    }

    private static readonly string[] PageUrls =
    [
        "/admin/organisation", "/admin/organisation/departments/new",
    ];

    [Fact]
    public async Task Only_the_admin_may_open_or_change_the_organisation()
    {
        var section = await SectionAsync("企画課");
        var urls = PageUrls.Concat([$"/admin/organisation/sections/{section}", $"/admin/organisation/sections/{section}/delete", $"/admin/organisation/sections/{section}/units/new"]).ToList();
        foreach (var url in urls)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await app.Anonymous().GetAsync(url)).StatusCode);
        }
        foreach (var user in new[] { "demo-operator", "demo-head", "demo-pr" })
        {
            var client = await app.SignInAsync(user);
            foreach (var url in urls)
            {
                Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(url)).StatusCode);
            }
            var token = await client.TokenAsync();
            var post = await client.PostAsync($"/admin/organisation/sections/{section}",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Name"] = "不正課", ["__RequestVerificationToken"] = token }));
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
            var api = await app.ApiAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsJsonAsync("/api/v1/organisation/departments", new { name = "不正部" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await api.PutAsJsonAsync($"/api/v1/organisation/sections/{section}", new { name = "不正課" })).StatusCode);
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
    public async Task The_list_shows_each_department_its_sections_with_users_and_accounts_and_their_units_each_a_link()
    {
        var client = await app.SignInAsync("demo-admin");
        var page = await client.GetDocumentAsync("/admin/organisation");
        var keizai = await DepartmentAsync("経済部");
        var eigyo = await SectionAsync("営業戦略室");
        var kanko = await app.DbAsync(db => db.Units.Where(u => u.Name == "観光振興係").Select(u => u.Id).SingleAsync());
        var users = await app.DbAsync(db => db.Users.CountAsync(u => u.SectionId == eigyo));
        var accounts = await app.DbAsync(db => db.Accounts.CountAsync(a => a.SectionId == eigyo));

        var block = page.QuerySelectorAll("section.org-department").Single(s => s.QuerySelector("h2")!.TextContent == "経済部");
        Assert.Equal($"/admin/organisation/departments/{keizai}", block.QuerySelector("h2 a")!.GetAttribute("href"));
        var row = block.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("th")!.TextContent.Contains("営業戦略室", StringComparison.Ordinal));
        Assert.Equal($"/admin/organisation/sections/{eigyo}", row.QuerySelector("th a")!.GetAttribute("href"));
        var cells = row.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        var headTitle = await app.DbAsync(db => db.Sections.Where(s => s.Id == eigyo).Select(s => s.HeadTitle).SingleAsync());
        Assert.Equal([headTitle, $"{users}人", $"{accounts}件"], cells.Take(3));
        Assert.Contains(row.QuerySelectorAll("td a"), a => a.TextContent == "観光振興係" && a.GetAttribute("href") == $"/admin/organisation/units/{kanko}");
        var links = block.QuerySelectorAll("a");
        Assert.Equal($"/admin/organisation/departments/{keizai}/sections/new", links[links.Length - 1].GetAttribute("href"));

        // The PR office is marked; the list has no form that changes anything.
        var pr = page.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("th")!.TextContent.Contains("秘書広報課", StringComparison.Ordinal));
        Assert.Equal("市広報担当", pr.QuerySelector(".status")!.TextContent);
        Assert.Empty(page.QuerySelectorAll("main form"));
    }

    [Fact]
    public async Task The_admin_builds_renames_and_removes_a_department_section_and_unit_on_their_pages()
    {
        var client = await app.SignInAsync("demo-admin");
        var deptName = Unique("市民部");
        var (dept, section, unit) = await BuildAsync(client, deptName);
        var added = await app.DbAsync(db => db.Sections.SingleAsync(s => s.Id == section));
        Assert.Equal(("市民課", "室長", false), (added.Name, added.HeadTitle, added.IsPrOffice));

        // Rename the unit, rename the section and change its head's title, rename the department: each on its page.
        var response = await client.SubmitAsync($"/admin/organisation/units/{unit}", new() { ["Input.Name"] = ["総合窓口係"] });
        Assert.Contains("係の名称を「総合窓口係」にしました。", await MessageAsync(client, response), StringComparison.Ordinal);
        response = await client.SubmitAsync($"/admin/organisation/sections/{section}", new() { ["Input.Name"] = ["市民窓口課"], ["Input.HeadTitle"] = ["課長"] });
        Assert.Contains("課「市民窓口課」を変更しました。", await MessageAsync(client, response), StringComparison.Ordinal);
        response = await client.SubmitAsync($"/admin/organisation/departments/{dept}", new() { ["Input.Name"] = [deptName + "改"] });
        Assert.Contains($"部の名称を「{deptName}改」にしました。", await MessageAsync(client, response), StringComparison.Ordinal);
        Assert.Equal("総合窓口係", await app.DbAsync(db => db.Units.Where(u => u.Id == unit).Select(u => u.Name).SingleAsync()));
        var renamed = await app.DbAsync(db => db.Sections.SingleAsync(s => s.Id == section));
        Assert.Equal(("市民窓口課", "課長", dept), (renamed.Name, renamed.HeadTitle, renamed.DepartmentId));
        Assert.Equal(deptName + "改", await app.DbAsync(db => db.Departments.Where(d => d.Id == dept).Select(d => d.Name).SingleAsync()));

        // A department with sections, and a section with units: the check page says why, and offers no button.
        var check = await client.GetDocumentAsync($"/admin/organisation/departments/{dept}/delete");
        Assert.Equal("この部は削除できません", check.QuerySelector("h1")!.FirstChild!.TextContent);
        Assert.Contains("課（市民窓口課）があります", check.QuerySelector(".notice.warn")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(check.QuerySelectorAll("main form"));
        check = await client.GetDocumentAsync($"/admin/organisation/sections/{section}/delete");
        Assert.Contains("係（総合窓口係）があります", check.QuerySelector(".notice.warn")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(check.QuerySelectorAll("main form"));

        // Unused: unit, then section, then department go, each check page → confirmation page.
        foreach (var (segment, id, noun, name) in new[] { ("units", unit, "係", "総合窓口係"), ("sections", section, "課", "市民窓口課"), ("departments", dept, "部", deptName + "改") })
        {
            check = await client.GetDocumentAsync($"/admin/organisation/{segment}/{id}/delete");
            Assert.Equal($"この{noun}を削除しますか", check.QuerySelector("h1")!.FirstChild!.TextContent);
            Assert.Contains(name, check.QuerySelector(".summary-list")!.TextContent, StringComparison.Ordinal);
            Assert.Equal($"{noun}を削除する", check.QuerySelector("main form button.warning")!.TextContent);
            response = await client.SubmitAsync($"/admin/organisation/{segment}/{id}/delete");
            StaffPages.AssertRedirect(response, $"/admin/organisation/{segment}/{id}/deleted");
            var done = await client.GetDocumentAsync($"/admin/organisation/{segment}/{id}/deleted");
            Assert.Equal($"{noun}を削除しました", done.QuerySelector(".panel h1")!.TextContent);
            Assert.Contains(name, done.QuerySelector(".panel-body")!.TextContent, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/organisation/{segment}/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/organisation/{segment}/{id}/delete")).StatusCode);
        }
        Assert.False(await app.DbAsync(db => db.Departments.AnyAsync(d => d.Id == dept)));
        Assert.DoesNotContain(deptName, (await client.GetDocumentAsync("/admin/organisation")).Text(), StringComparison.Ordinal);

        Assert.Equal(["organisation.department-created", "organisation.department-renamed", "organisation.department-deleted"], await ActionsForAsync(dept));
        Assert.Equal(["organisation.section-created", "organisation.section-updated", "organisation.section-deleted"], await ActionsForAsync(section));
        Assert.Equal(["organisation.unit-created", "organisation.unit-renamed", "organisation.unit-deleted"], await ActionsForAsync(unit));
        var update = await app.DbAsync(db => db.AuditEntries.SingleAsync(e => e.EntityId == section.ToString() && e.Action == "organisation.section-updated"));
        Assert.Contains("室長", update.Before!, StringComparison.Ordinal);
        Assert.Contains("市民窓口課", update.After!, StringComparison.Ordinal);
        var unitGone = await app.DbAsync(db => db.AuditEntries.SingleAsync(e => e.EntityId == unit.ToString() && e.Action == "organisation.unit-deleted"));
        Assert.Contains("総合窓口係", unitGone.Before!, StringComparison.Ordinal);
        Assert.Equal("demo-admin", await app.DbAsync(db => db.Users.Where(u => u.Id == unitGone.ActorId).Select(u => u.UserName).SingleAsync()));
    }

    [Fact]
    public async Task A_rename_to_a_name_already_there_is_refused_beside_the_field_and_nothing_changes()
    {
        var client = await app.SignInAsync("demo-admin");
        var (_, section, _) = await BuildAsync(client, Unique("重複部"), "甲課");
        var dept = await app.DbAsync(db => db.Sections.Where(s => s.Id == section).Select(s => s.DepartmentId).SingleAsync());
        await client.SubmitAsync($"/admin/organisation/departments/{dept}/sections/new", new() { ["Input.Name"] = ["乙課"] });
        var audited = (await ActionsForAsync(section)).Count;

        var response = await client.SubmitAsync($"/admin/organisation/sections/{section}", new() { ["Input.Name"] = ["乙課"] });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.ParseAsync(response);
        var summary = page.QuerySelectorAll(".errors li").ToList();
        var item = Assert.Single(summary);
        Assert.Equal("この部には既に「乙課」があります。", item.TextContent);
        Assert.Equal("#Input_Name", item.QuerySelector("a")!.GetAttribute("href"));
        var field = page.QuerySelector("#Input_Name")!;
        Assert.Equal("乙課", field.GetAttribute("value"));
        Assert.Equal("true", field.GetAttribute("aria-invalid"));
        Assert.Equal("この部には既に「乙課」があります。", page.QuerySelector($"#{field.GetAttribute("aria-describedby")!.Split(' ').Last()}")!.TextContent);

        // An empty name is refused beside the field as well, in Japanese.
        response = await client.SubmitAsync($"/admin/organisation/sections/{section}", new() { ["Input.Name"] = [""] });
        page = await Html.ParseAsync(response);
        var empty = page.QuerySelector(".errors li a")!;
        Assert.Equal(("#Input_Name", "課の名称を入力してください。"), (empty.GetAttribute("href"), empty.TextContent));

        Assert.Equal("甲課", await app.DbAsync(db => db.Sections.Where(s => s.Id == section).Select(s => s.Name).SingleAsync()));
        Assert.Equal(audited, (await ActionsForAsync(section)).Count);
    }

    [Fact]
    public async Task A_change_made_by_another_admin_after_the_page_was_drawn_is_not_overwritten()
    {
        var client = await app.SignInAsync("demo-admin");
        var (_, _, unit) = await BuildAsync(client, Unique("同時部"));
        var stale = (await client.GetDocumentAsync($"/admin/organisation/units/{unit}")).QuerySelector<IHtmlInputElement>("input[name='Input.Tag']")!.Value;
        var staleDelete = (await client.GetDocumentAsync($"/admin/organisation/units/{unit}/delete")).QuerySelector<IHtmlInputElement>("main form input[name='Tag']")!.Value;
        var api = await app.ApiAsync("demo-admin");
        Assert.Equal(HttpStatusCode.NoContent, (await api.PutAsJsonAsync($"/api/v1/organisation/units/{unit}", new { name = "他の管理者の係" })).StatusCode);

        var response = await client.SubmitAsync($"/admin/organisation/units/{unit}", new() { ["Input.Name"] = ["私の係"], ["Input.Tag"] = [stale] });
        Assert.Contains("他の管理者が内容を変更しました", await MessageAsync(client, response), StringComparison.Ordinal);
        Assert.Equal("他の管理者の係", await app.DbAsync(db => db.Units.Where(u => u.Id == unit).Select(u => u.Name).SingleAsync()));

        // The same for a delete confirmed on a check page drawn before the change: the unit stays.
        response = await client.SubmitAsync($"/admin/organisation/units/{unit}/delete", new() { ["Tag"] = [staleDelete] });
        Assert.Contains("他の管理者が内容を変更しました", await MessageAsync(client, response), StringComparison.Ordinal);
        Assert.True(await app.DbAsync(db => db.Units.AnyAsync(u => u.Id == unit)));
    }

    [Fact]
    public async Task Deleting_a_section_with_users_shows_the_reasons_and_no_button_and_a_forced_post_is_refused()
    {
        var client = await app.SignInAsync("demo-admin");
        var eigyo = await SectionAsync("営業戦略室");
        var users = await app.DbAsync(db => db.Users.CountAsync(u => u.SectionId == eigyo));
        var check = await client.GetDocumentAsync($"/admin/organisation/sections/{eigyo}/delete");
        Assert.Equal("この課は削除できません", check.QuerySelector("h1")!.FirstChild!.TextContent);
        var reasons = check.QuerySelectorAll(".notice.warn li").Select(li => li.TextContent).ToList();
        Assert.Contains($"利用者が{users}人所属しています", reasons);
        Assert.Contains(reasons, r => r.StartsWith("アカウントが", StringComparison.Ordinal));
        Assert.Contains(check.QuerySelectorAll(".summary-list dd"), dd => dd.TextContent == $"{users}人");
        Assert.Empty(check.QuerySelectorAll("main form"));
        Assert.Empty(check.QuerySelectorAll("main button"));

        // Sent anyway (a page drawn before a user joined): the rule refuses it with its reason, and nothing is deleted.
        var tag = await app.DbAsync(async db => (await OrganisationAdministration.DeletionAsync(db, OrgKind.Section, eigyo, default))!.Tag);
        var token = await client.TokenAsync();
        var response = await client.PostAsync($"/admin/organisation/sections/{eigyo}/delete",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Tag"] = tag, ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = (await Html.ParseAsync(response)).QuerySelector(".errors")!.TextContent;
        Assert.Contains("「経済部 営業戦略室」は使用中のため削除できません", message, StringComparison.Ordinal);
        Assert.True(await app.DbAsync(db => db.Sections.AnyAsync(s => s.Id == eigyo)));
        Assert.DoesNotContain("organisation.section-deleted", await ActionsForAsync(eigyo));
        // Its confirmation page, without a deletion, goes back to the list.
        StaffPages.AssertRedirect(await client.GetAsync($"/admin/organisation/sections/{eigyo}/deleted"), "/admin/organisation");
    }

    [Fact]
    public async Task Things_in_use_are_not_deleted_and_the_check_page_says_why()
    {
        var client = await app.SignInAsync("demo-admin");
        var unit = await app.DbAsync(db => db.Units.Where(u => u.Name == "観光振興係").Select(u => u.Id).SingleAsync());
        var check = await client.GetDocumentAsync($"/admin/organisation/units/{unit}/delete");
        Assert.Contains("件のアカウントの運用ポリシー（開設所属）で使われています", check.QuerySelector(".notice.warn")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(check.QuerySelectorAll("main form"));

        var pr = await SectionAsync("秘書広報課");
        check = await client.GetDocumentAsync($"/admin/organisation/sections/{pr}/delete");
        Assert.Contains("市広報担当の課です", check.QuerySelector(".notice.warn")!.TextContent, StringComparison.Ordinal);

        var keizai = await DepartmentAsync("経済部");
        check = await client.GetDocumentAsync($"/admin/organisation/departments/{keizai}/delete");
        Assert.Contains("営業戦略室", check.QuerySelector(".notice.warn")!.TextContent, StringComparison.Ordinal);

        // Duplicates and empty names are refused on the add pages too; a made-up id or kind is "not found", not a crash.
        var response = await client.SubmitAsync("/admin/organisation/departments/new", new() { ["Input.Name"] = ["経済部"] });
        Assert.Contains("部「経済部」は既にあります。", await MessageAsync(client, response), StringComparison.Ordinal);
        response = await client.SubmitAsync($"/admin/organisation/departments/{keizai}/sections/new", new() { ["Input.Name"] = ["  "], ["Input.HeadTitle"] = ["課長"] });
        Assert.Contains("課の名称を入力してください。", await MessageAsync(client, response), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/organisation/units/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/organisation/sections/{Guid.NewGuid()}/delete")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/organisation/people/{pr}/delete")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/organisation/departments/{Guid.NewGuid()}/sections/new")).StatusCode);

        Assert.True(await app.DbAsync(db => db.Sections.AnyAsync(s => s.Id == pr)));
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
            var response = await client.SubmitAsync($"/admin/organisation/sections/{kikaku}", handler: "MarkPrOffice");
            Assert.Contains("市広報担当の課を「総合政策部 企画課」に変更しました。", await MessageAsync(client, response), StringComparison.Ordinal);
            var prOffices = await app.DbAsync(db => db.Sections.Where(s => s.IsPrOffice).Select(s => s.Id).ToListAsync());
            Assert.Equal([kikaku], prOffices);
            var audit = await app.DbAsync(db => db.AuditEntries.Where(e => e.Action == "organisation.pr-office-changed").OrderBy(e => e.Sequence).LastAsync());
            Assert.Contains("秘書広報課", audit.Before!, StringComparison.Ordinal);
            Assert.Contains("企画課", audit.After!, StringComparison.Ordinal);

            // Nothing offers to "unmark" it: the only way is to name another section.
            var page = await client.GetDocumentAsync($"/admin/organisation/sections/{kikaku}");
            Assert.Null(page.QuerySelector("form[action*='handler=MarkPrOffice']"));
        }
        finally
        {
            await client.SubmitAsync($"/admin/organisation/sections/{pr}", handler: "MarkPrOffice");
        }
        Assert.Equal([pr], await app.DbAsync(db => db.Sections.Where(s => s.IsPrOffice).Select(s => s.Id).ToListAsync()));

        // Move 産業振興課 from 経済部 to 教育部 and back.
        var sangyo = await SectionAsync("産業振興課");
        var kyoiku = await DepartmentAsync("教育部");
        var keizai = await DepartmentAsync("経済部");
        var move = await client.SubmitAsync($"/admin/organisation/sections/{sangyo}", new() { ["Input.DepartmentId"] = [kyoiku.ToString()] });
        Assert.Equal(HttpStatusCode.Redirect, move.StatusCode);
        Assert.Equal(kyoiku, await app.DbAsync(db => db.Sections.Where(s => s.Id == sangyo).Select(s => s.DepartmentId).SingleAsync()));
        var moved = await app.DbAsync(db => db.AuditEntries.Where(e => e.EntityId == sangyo.ToString()).OrderBy(e => e.Sequence).LastAsync());
        Assert.Contains("経済部", moved.Before!, StringComparison.Ordinal);
        Assert.Contains("教育部", moved.After!, StringComparison.Ordinal);
        await client.SubmitAsync($"/admin/organisation/sections/{sangyo}", new() { ["Input.DepartmentId"] = [keizai.ToString()] });
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
        var emptyProblem = await empty.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("部の名称を入力してください。", emptyProblem.GetProperty("detail").GetString());
        Assert.Equal("部の名称を入力してください。", emptyProblem.GetProperty("errors").GetProperty("name")[0].GetString());
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
        await client.SubmitAsync($"/admin/organisation/departments/{keizai}/sections/new", new() { ["Input.Name"] = [name] });
        var form = await client.GetDocumentAsync("/admin/users/new");
        var options = form.QuerySelectorAll("#Input_SectionId option").Select(o => o.TextContent).ToList();
        Assert.Contains(name, options);
    }
}
