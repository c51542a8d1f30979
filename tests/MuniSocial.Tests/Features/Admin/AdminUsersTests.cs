using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Domain.Audit;
using MuniSocial.Infrastructure;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Admin;

/// <summary>
/// User administration through the front door: the admin pages with their antiforgery tokens, the admin
/// API, who may use them, and what deactivation, role changes and lockout do to sign-in and sessions.
/// </summary>
public sealed class AdminUsersTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string NewPassword = "Nayoro-Winter-2026!";

    private static readonly string[] AdminPages = ["/admin/users", "/admin/users/new", "/admin/organisation"];

    private Task<Guid> SectionAsync(string name) => app.DbAsync(db => db.Sections.Where(s => s.Name == name).Select(s => s.Id).SingleAsync());

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Creates a user through the admin API (the way the city's RPA would) and returns its id.</summary>
    private async Task<string> CreateUserAsync(string userName, string sectionName, params string[] roles)
    {
        var admin = await app.ApiAsync("demo-admin");
        var response = await admin.PostAsJsonAsync("/api/v1/admin/users", new
        {
            userName,
            displayName = "試験 " + userName,
            sectionId = await SectionAsync(sectionName),
            roles,
            employmentType = "Regular",
            password = NewPassword,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private Task<List<AuditEntry>> AuditOfAsync(string entityId) =>
        app.DbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityId == entityId).OrderBy(e => e.Sequence).ToListAsync());

    // ---- who may ---------------------------------------------------------------------------------

    [Fact]
    public async Task Anonymous_users_are_sent_to_the_login_page()
    {
        var client = app.Anonymous();
        foreach (var page in AdminPages.Append("/admin/users/some-id"))
        {
            var response = await client.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("demo-operator")]
    [InlineData("demo-head")]
    [InlineData("demo-pr")]
    [InlineData("demo-pr2")]
    public async Task Staff_and_pr_office_get_403_on_admin_pages(string user)
    {
        var client = await app.SignInAsync(user);
        var adminId = (await app.UserAsync("demo-admin")).Id;
        foreach (var page in AdminPages.Append($"/admin/users/{adminId}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(page)).StatusCode);
        }
        var post = await client.PostWithoutTokenAsync("/admin/users/new?handler=Create", new() { ["Input.UserName"] = "x" });
        Assert.True(post.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"got {(int)post.StatusCode}");
        Assert.False(await app.DbAsync(db => db.Users.AnyAsync(u => u.UserName == "x")));
    }

    [Fact]
    public async Task The_admin_sees_the_user_list_with_section_roles_employment_and_state()
    {
        var client = await app.SignInAsync("demo-admin");
        var doc = await client.GetDocumentAsync("/admin/users");
        var row = doc.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("demo-operator2", StringComparison.Ordinal));
        var cells = row.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Contains("天塩 こころ", cells[0], StringComparison.Ordinal);
        Assert.Equal("demo-operator2", cells[1]);
        Assert.Equal("健康福祉部 こども未来課", cells[2]);
        Assert.Equal("担当者", cells[3]);
        Assert.Equal("再任用", cells[4]);
        Assert.Equal("有効", cells[5]);
        Assert.Contains("会計年度任用", doc.Text(), StringComparison.Ordinal); // demo-operator3
    }

    [Fact]
    public async Task A_post_without_antiforgery_token_is_refused()
    {
        var client = await app.SignInAsync("demo-admin");
        var response = await client.PostWithoutTokenAsync("/admin/users/new?handler=Create", new()
        {
            ["Input.UserName"] = "no-token-user",
            ["Input.DisplayName"] = "トークンなし",
            ["Input.Roles[0]"] = "Admin",
            ["Input.Password"] = NewPassword,
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(await app.DbAsync(db => db.Users.AnyAsync(u => u.UserName == "no-token-user")));
    }

    [Fact]
    public async Task Admin_api_needs_a_token_and_the_admin_role()
    {
        var adminId = (await app.UserAsync("demo-admin")).Id;
        string[] gets = ["/api/v1/admin/users", $"/api/v1/admin/users/{adminId}", "/api/v1/organisation"];
        var anonymous = app.Anonymous();
        foreach (var url in gets)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(url)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/admin/users", new { userName = "x" })).StatusCode);

        // A browser cookie is not an API credential.
        var cookie = await app.SignInAsync("demo-admin");
        Assert.Equal(HttpStatusCode.Unauthorized, (await cookie.GetAsync("/api/v1/admin/users")).StatusCode);

        foreach (var user in new[] { "demo-operator", "demo-head", "demo-pr" })
        {
            var client = await app.ApiAsync(user);
            foreach (var url in gets)
            {
                var response = await client.GetAsync(url);
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
            var post = await client.PostAsJsonAsync("/api/v1/admin/users", new { userName = "sneaky", displayName = "x", roles = new[] { "Admin" }, password = NewPassword });
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
            var put = await client.PutAsJsonAsync($"/api/v1/admin/users/{adminId}", new { isActive = false });
            Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        }
        Assert.False(await app.DbAsync(db => db.Users.AnyAsync(u => u.UserName == "sneaky")));
        Assert.True((await app.UserAsync("demo-admin")).IsActive);

        var admin = await app.ApiAsync("demo-admin");
        var list = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/users");
        Assert.Contains(list.EnumerateArray(), u => u.GetProperty("userName").GetString() == "demo-operator"
            && u.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).SequenceEqual(new[] { "Operator" }));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/v1/admin/users/no-such-user")).StatusCode);
    }

    // ---- creating users --------------------------------------------------------------------------

    [Fact]
    public async Task The_admin_registers_a_user_on_the_form_and_the_user_can_sign_in()
    {
        var client = await app.SignInAsync("demo-admin");
        var section = await SectionAsync("産業振興課");
        var userName = Unique("sangyo");
        var response = await client.PostFormAsync("/admin/users/new", new()
        {
            ["Input.UserName"] = userName,
            ["Input.DisplayName"] = "産業 花子",
            ["Input.Email"] = $"{userName}@city.nayoro.invalid",
            ["Input.SectionId"] = section.ToString(),
            ["Input.Roles[0]"] = "Operator",
            ["Input.Roles[1]"] = "SectionHead",
            ["Input.EmploymentType"] = "FiscalYearAppointed",
            ["Input.Password"] = NewPassword,
        }, handler: "Create");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var user = await app.UserAsync(userName);
        Assert.Equal($"/admin/users/{user.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal("産業 花子", user.DisplayName);
        Assert.Equal(section, user.SectionId);
        Assert.Equal(MuniSocial.Infrastructure.Identity.EmploymentType.FiscalYearAppointed, user.EmploymentType);
        Assert.True(user.IsActive);
        Assert.False(user.IsDemo);
        var actor = await app.ActorAsync(userName);
        Assert.Equal([MuniSocial.Domain.Role.Operator, MuniSocial.Domain.Role.SectionHead], actor.Roles.Order());

        var detail = await client.GetDocumentAsync($"/admin/users/{user.Id}");
        Assert.Contains("を登録しました", detail.Text(), StringComparison.Ordinal);

        var audit = Assert.Single(await AuditOfAsync(user.Id));
        Assert.Equal("user.created", audit.Action);
        Assert.Equal((await app.UserAsync("demo-admin")).Id, audit.ActorId);
        Assert.Null(audit.Before);
        Assert.Contains("\"Operator\"", audit.After!, StringComparison.Ordinal);
        Assert.Contains("経済部 産業振興課", audit.After!, StringComparison.Ordinal);
        Assert.DoesNotContain(NewPassword, audit.After!, StringComparison.Ordinal);

        await app.SignInAsync(userName, NewPassword);
    }

    [Fact]
    public async Task A_bad_new_user_is_refused_with_messages_naming_each_problem_and_nothing_is_saved()
    {
        var client = await app.SignInAsync("demo-admin");
        var auditCount = await app.DbAsync(db => db.AuditEntries.CountAsync());
        var userName = Unique("short");
        var response = await client.PostFormAsync("/admin/users/new", new()
        {
            ["Input.UserName"] = userName,
            ["Input.DisplayName"] = "",
            ["Input.Email"] = "not-an-address",
            ["Input.SectionId"] = "",
            ["Input.Roles[0]"] = "Operator",
            ["Input.EmploymentType"] = "Regular",
            ["Input.Password"] = "short-pass",
        }, handler: "Create");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = (await Html.ParseAsync(response)).Text();
        Assert.Contains("氏名（表示名）を入力してください。", text, StringComparison.Ordinal);
        Assert.Contains("メールアドレス「not-an-address」の形式が正しくありません。", text, StringComparison.Ordinal);
        Assert.Contains("担当者の役割には所属（課）を指定してください。", text, StringComparison.Ordinal);
        Assert.False(await app.DbAsync(db => db.Users.AnyAsync(u => u.UserName == userName)));

        // With the form otherwise right, Identity's own password rule speaks (in Japanese).
        response = await client.PostFormAsync("/admin/users/new", new()
        {
            ["Input.UserName"] = userName,
            ["Input.DisplayName"] = "短い パスワード",
            ["Input.SectionId"] = (await SectionAsync("産業振興課")).ToString(),
            ["Input.Roles[0]"] = "Operator",
            ["Input.EmploymentType"] = "Regular",
            ["Input.Password"] = "short-pass",
        }, handler: "Create");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await Html.ParseAsync(response);
        Assert.Contains("パスワードは12文字以上で入力してください。", doc.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("short-pass", doc.DocumentElement.OuterHtml, StringComparison.Ordinal); // never echoed back
        Assert.False(await app.DbAsync(db => db.Users.AnyAsync(u => u.UserName == userName)));

        // An existing user name, and the PR office role outside the PR office.
        response = await client.PostFormAsync("/admin/users/new", new()
        {
            ["Input.UserName"] = "demo-operator",
            ["Input.DisplayName"] = "重複",
            ["Input.SectionId"] = (await SectionAsync("産業振興課")).ToString(),
            ["Input.Roles[0]"] = "PrOffice",
            ["Input.EmploymentType"] = "Regular",
            ["Input.Password"] = NewPassword,
        }, handler: "Create");
        text = (await Html.ParseAsync(response)).Text();
        Assert.Contains("ユーザー名「demo-operator」は既に使われています。", text, StringComparison.Ordinal);
        Assert.Contains("市広報担当の役割は、市広報担当の課（総合政策部 秘書広報課）の職員にだけ付けられます。", text, StringComparison.Ordinal);
        Assert.Equal(auditCount, await app.DbAsync(db => db.AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task The_api_refuses_bad_users_with_problem_details_naming_the_field()
    {
        var admin = await app.ApiAsync("demo-admin");
        var response = await admin.PostAsJsonAsync("/api/v1/admin/users", new
        {
            userName = Unique("api"),
            displayName = "API 太郎",
            sectionId = await SectionAsync("産業振興課"),
            roles = new[] { "Operator" },
            password = "too-short",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation", problem.GetProperty("rule").GetString());
        Assert.Equal("パスワードは12文字以上で入力してください。", problem.GetProperty("errors").GetProperty("password")[0].GetString());

        response = await admin.PostAsJsonAsync("/api/v1/admin/users", new { userName = "", roles = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("userName", out _));
        Assert.True(errors.TryGetProperty("displayName", out _));
        Assert.True(errors.TryGetProperty("roles", out _));
        Assert.True(errors.TryGetProperty("password", out _));

        response = await admin.PostAsJsonAsync("/api/v1/admin/users", new { userName = "demo-pr", displayName = "x", roles = new[] { "Admin" }, password = NewPassword });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("既に使われています", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("userName")[0].GetString(), StringComparison.Ordinal);
    }

    // ---- changing users --------------------------------------------------------------------------

    [Fact]
    public async Task Changing_section_and_roles_is_audited_and_renews_the_security_stamp()
    {
        var userName = Unique("move");
        var id = await CreateUserAsync(userName, "産業振興課", "Operator");
        var stamp = (await app.UserAsync(userName)).SecurityStamp;
        var client = await app.SignInAsync("demo-admin");
        var target = await SectionAsync("こども未来課");
        var response = await client.PostFormAsync($"/admin/users/{id}", new()
        {
            ["Input.DisplayName"] = "試験 異動後",
            ["Input.SectionId"] = target.ToString(),
            ["Input.Roles[0]"] = "SectionHead",
            ["Input.EmploymentType"] = "Reappointed",
        }, handler: "Save");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var user = await app.UserAsync(userName);
        Assert.Equal(target, user.SectionId);
        Assert.Equal("試験 異動後", user.DisplayName);
        Assert.NotEqual(stamp, user.SecurityStamp);
        Assert.Equal([MuniSocial.Domain.Role.SectionHead], (await app.ActorAsync(userName)).Roles);
        var updated = (await AuditOfAsync(id)).Single(e => e.Action == "user.updated");
        Assert.Contains("経済部 産業振興課", updated.Before!, StringComparison.Ordinal);
        Assert.Contains("\"Operator\"", updated.Before!, StringComparison.Ordinal);
        Assert.Contains("健康福祉部 こども未来課", updated.After!, StringComparison.Ordinal);
        Assert.Contains("\"SectionHead\"", updated.After!, StringComparison.Ordinal);
        Assert.Contains("Reappointed", updated.After!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_cannot_deactivate_themself_or_remove_their_own_admin_role()
    {
        var userName = Unique("admin");
        var id = await CreateUserAsync(userName, "企画課", "Admin");
        var client = await app.SignInAndAcknowledgeAsync(userName, NewPassword);
        var page = await client.GetDocumentAsync($"/admin/users/{id}");
        Assert.Contains("自分自身を無効化することはできません。", page.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain(page.Forms, f => (f.GetAttribute("action") ?? "").Contains("handler=Deactivate", StringComparison.Ordinal));

        // Even a hand-made post is refused with the reason.
        var response = await client.PostAsync($"/admin/users/{id}?handler=Deactivate", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = (await client.GetDocumentAsync($"/admin/users/{id}")).QuerySelector("form input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("自分自身を無効化することはできません。必要な場合は別の管理者に依頼してください。", (await Html.ParseAsync(response)).Text(), StringComparison.Ordinal);
        Assert.True((await app.UserAsync(userName)).IsActive);

        response = await client.PostFormAsync($"/admin/users/{id}", new()
        {
            ["Input.DisplayName"] = "試験 管理者",
            ["Input.SectionId"] = (await SectionAsync("企画課")).ToString(),
            ["Input.Roles[0]"] = "Operator",
            ["Input.EmploymentType"] = "Regular",
        }, handler: "Save");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("自分自身からシステム管理者の役割を外すことはできません。", (await Html.ParseAsync(response)).Text(), StringComparison.Ordinal);
        Assert.Contains(MuniSocial.Domain.Role.Admin, (await app.ActorAsync(userName)).Roles);

        var api = await app.ApiAsync(userName, NewPassword);
        var put = await api.PutAsJsonAsync($"/api/v1/admin/users/{id}", new { isActive = false });
        Assert.Equal(HttpStatusCode.Conflict, put.StatusCode);
        Assert.Equal("self-deactivate", (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());
        put = await api.PutAsJsonAsync($"/api/v1/admin/users/{id}", new { roles = new[] { "Operator" } });
        Assert.Equal(HttpStatusCode.Conflict, put.StatusCode);
        Assert.Equal("self-admin", (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());
        Assert.True((await app.UserAsync(userName)).IsActive);
        Assert.DoesNotContain(await AuditOfAsync(id), e => e.Action is "user.deactivated" or "user.updated");
    }

    [Fact]
    public async Task A_deactivated_user_cannot_sign_in_and_their_cookie_and_token_stop_working()
    {
        var userName = Unique("leaver");
        var id = await CreateUserAsync(userName, "秘書広報課", "PrOffice");
        var cookie = await app.SignInAndAcknowledgeAsync(userName, NewPassword);
        var token = await app.ApiAsync(userName, NewPassword);
        var auditPage = await cookie.GetDocumentAsync("/audit");
        var antiforgery = auditPage.QuerySelector("form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/v1/audit")).StatusCode);

        var admin = await app.SignInAsync("demo-admin");
        var response = await admin.PostFormAsync($"/admin/users/{id}", new(), handler: "Deactivate");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False((await app.UserAsync(userName)).IsActive);
        var audit = (await AuditOfAsync(id)).Single(e => e.Action == "user.deactivated");
        Assert.Equal(("有効", "無効"), (audit.Before, audit.After));

        Assert.Equal(HttpStatusCode.Forbidden, (await cookie.GetAsync("/audit")).StatusCode);
        var verify = await cookie.PostAsync("/audit?handler=Verify", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = antiforgery }));
        Assert.Equal(HttpStatusCode.Forbidden, verify.StatusCode);
        // The token follows the security stamp that deactivation renewed: refused altogether (401), at once.
        Assert.Equal(HttpStatusCode.Unauthorized, (await token.GetAsync("/api/v1/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await token.PostAsync("/api/v1/audit/verification", null)).StatusCode);

        var login = await app.Anonymous().PostFormAsync("/login", new() { ["Input.UserName"] = userName, ["Input.Password"] = NewPassword });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("このユーザーは現在ログインできません", (await Html.ParseAsync(login)).Text(), StringComparison.Ordinal);
        var tokenResponse = await app.Anonymous().PostAsJsonAsync("/api/v1/auth/token", new { userName, password = NewPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, tokenResponse.StatusCode);

        // Reactivated, the user signs in again.
        response = await admin.PostFormAsync($"/admin/users/{id}", new(), handler: "Activate");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Single(await AuditOfAsync(id), e => e.Action == "user.activated");
        await app.SignInAsync(userName, NewPassword);
    }

    [Fact]
    public async Task A_removed_admin_role_takes_effect_on_the_next_request()
    {
        var userName = Unique("exadmin");
        var id = await CreateUserAsync(userName, "企画課", "Admin", "Operator");
        var cookie = await app.SignInAndAcknowledgeAsync(userName, NewPassword);
        Assert.Equal(HttpStatusCode.OK, (await cookie.GetAsync("/admin/users")).StatusCode);

        var admin = await app.ApiAsync("demo-admin");
        var put = await admin.PutAsJsonAsync($"/api/v1/admin/users/{id}", new { roles = new[] { "Operator" } });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(["Operator"], (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        // The cookie still carries the Admin claim, but the database no longer says so.
        Assert.Equal(HttpStatusCode.Forbidden, (await cookie.GetAsync("/admin/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await cookie.GetAsync("/admin/organisation")).StatusCode);
    }

    [Fact]
    public async Task Five_failed_sign_ins_lock_the_user_out_until_the_admin_unlocks()
    {
        var userName = Unique("forgetful");
        var id = await CreateUserAsync(userName, "企画課", "Operator");
        var client = app.Anonymous();
        for (var i = 0; i < 5; i++)
        {
            var failed = await client.PostFormAsync("/login", new() { ["Input.UserName"] = userName, ["Input.Password"] = "wrong-password-" + i });
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }
        var locked = await client.PostFormAsync("/login", new() { ["Input.UserName"] = userName, ["Input.Password"] = NewPassword });
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        // The same words as a wrong password (no enumeration); the row below says it is locked.
        Assert.Contains(MuniSocial.Features.Auth.LoginModel.FailedMessage, (await Html.ParseAsync(locked)).Text(), StringComparison.Ordinal);

        var admin = await app.SignInAsync("demo-admin");
        var list = await admin.GetDocumentAsync("/admin/users");
        var row = list.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains(userName, StringComparison.Ordinal));
        Assert.Contains("ロック中", row.TextContent, StringComparison.Ordinal);

        var response = await admin.PostFormAsync($"/admin/users/{id}", new(), handler: "Unlock");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Single(await AuditOfAsync(id), e => e.Action == "user.unlocked");
        await app.SignInAsync(userName, NewPassword);
    }

    [Fact]
    public async Task The_admin_sets_a_new_password_which_is_never_written_to_the_audit()
    {
        var userName = Unique("newpass");
        var id = await CreateUserAsync(userName, "企画課", "Operator");
        var admin = await app.SignInAsync("demo-admin");
        var tooShort = await admin.PostFormAsync($"/admin/users/{id}", new() { ["NewPassword"] = "short" }, handler: "Password");
        Assert.Equal(HttpStatusCode.OK, tooShort.StatusCode);
        Assert.Contains("パスワードは12文字以上で入力してください。", (await Html.ParseAsync(tooShort)).Text(), StringComparison.Ordinal);

        const string replaced = "Piyashiri-Snow-Quality-1";
        var response = await admin.PostFormAsync($"/admin/users/{id}", new() { ["NewPassword"] = replaced }, handler: "Password");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await app.SignInAsync(userName, replaced);
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.SignInAsync(userName, NewPassword));

        var entries = await AuditOfAsync(id);
        Assert.Single(entries, e => e.Action == "user.password-set");
        Assert.DoesNotContain(entries, e => (e.Before + e.After + e.Reason).Contains(replaced, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_api_updates_a_user_in_one_transaction()
    {
        var userName = Unique("apiuser");
        var id = await CreateUserAsync(userName, "企画課", "Operator");
        var admin = await app.ApiAsync("demo-admin");
        var before = await AuditOfAsync(id);

        // One bad part (a short password) refuses the whole request: the section change is not kept either.
        var bad = await admin.PutAsJsonAsync($"/api/v1/admin/users/{id}", new { sectionId = await SectionAsync("産業振興課"), newPassword = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("newPassword", out _));
        Assert.Equal(await SectionAsync("企画課"), (await app.UserAsync(userName)).SectionId);
        Assert.Equal(before.Count, (await AuditOfAsync(id)).Count);

        var ok = await admin.PutAsJsonAsync($"/api/v1/admin/users/{id}", new { sectionId = await SectionAsync("産業振興課"), employmentType = "PartTime", isActive = false });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var body = await ok.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("PartTime", body.GetProperty("employmentType").GetString());
        Assert.False(body.GetProperty("isActive").GetBoolean());
        var actions = (await AuditOfAsync(id)).Skip(before.Count).Select(e => e.Action).ToList();
        Assert.Equal(["user.updated", "user.deactivated"], actions);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync("/api/v1/admin/users/nobody", new { isActive = false })).StatusCode);
    }

    // ---- the create-admin command ----------------------------------------------------------------

    [Fact]
    public async Task Create_admin_command_creates_an_audited_admin_without_printing_the_password()
    {
        const string password = "First-Admin-Password-2026";
        var userName = Unique("itadmin");
        var (code, output) = await RunCreateAdminAsync([userName, "情報 一番"], password);
        Assert.Equal(0, code);
        Assert.Contains($"管理者 {userName} を作成しました。", output, StringComparison.Ordinal);
        Assert.DoesNotContain(password, output, StringComparison.Ordinal);

        var user = await app.UserAsync(userName);
        Assert.Equal("情報 一番", user.DisplayName);
        Assert.Equal([MuniSocial.Domain.Role.Admin], (await app.ActorAsync(userName)).Roles);
        var audit = Assert.Single(await AuditOfAsync(user.Id));
        Assert.Equal("user.created", audit.Action);
        Assert.Equal("system", audit.ActorId);
        Assert.DoesNotContain(password, audit.After!, StringComparison.Ordinal);

        var client = await app.SignInAndAcknowledgeAsync(userName, password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/users")).StatusCode);
    }

    [Fact]
    public async Task Create_admin_command_refuses_a_short_password_and_an_existing_user_name()
    {
        var auditCount = await app.DbAsync(db => db.AuditEntries.CountAsync());
        var userName = Unique("weak");
        var (code, output) = await RunCreateAdminAsync([userName], "short-pw");
        Assert.Equal(1, code);
        Assert.Contains("パスワードは12文字以上で入力してください。", output, StringComparison.Ordinal);
        Assert.DoesNotContain("short-pw", output, StringComparison.Ordinal);
        Assert.False(await app.DbAsync(db => db.Users.AnyAsync(u => u.UserName == userName)));

        (code, output) = await RunCreateAdminAsync(["demo-admin"], "Long-Enough-Password-1");
        Assert.Equal(1, code);
        Assert.Contains("ユーザー demo-admin は既に存在します。", output, StringComparison.Ordinal);
        Assert.Equal(auditCount, await app.DbAsync(db => db.AuditEntries.CountAsync()));

        (code, _) = await RunCreateAdminAsync([], "Long-Enough-Password-1");
        Assert.Equal(2, code);
    }

    private async Task<(int Code, string Output)> RunCreateAdminAsync(string[] args, string password)
    {
        await using var scope = app.Services.CreateAsyncScope();
        using var output = new StringWriter();
        var code = await Commands.CreateAdminAsync(scope.ServiceProvider, args, new StringReader(password + "\n"), output);
        return (code, output.ToString());
    }
}
