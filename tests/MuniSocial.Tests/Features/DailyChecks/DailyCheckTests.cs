using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.DailyChecks;

public sealed class DailyCheckTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly DateOnly FarEnd = new(2028, 3, 31);

    [Fact]
    public async Task Two_operators_record_nothing_to_report_with_one_click_each_and_the_account_is_checked()
    {
        var id = await app.ListedAccountAsync(Given.Policy("確認テスト一") with { PeriodEnd = FarEnd }, listedAt: app.Clock.GetUtcNow().AddDays(-3));
        var op = await app.SignInAsync("demo-operator");

        var page = await op.GetDocumentAsync("/operations");
        Assert.Contains("確認テスト一", page.Text());
        var response = await op.PostFormAsync("/operations", new() { ["accountId"] = id.ToString() }, handler: "Ok");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var after = await op.GetDocumentAsync(response.Headers.Location!.ToString());
        Assert.Contains("異常なし）を記録しました", after.Text());
        var row = after.QuerySelectorAll("tr").Single(r => r.TextContent.Contains("確認テスト一"));
        Assert.Contains("あと1人", row.TextContent);
        Assert.Contains("あなたは記録済み", row.TextContent);

        // The same person again later the same day (「１日１回以上」): an additional check of its own, the first kept as it was,
        // and still one person toward the two.
        var again = await op.PostFormAsync($"/operations/{id}", new() { ["Input.CheckedPosts"] = "true", ["Input.CheckedComments"] = "true", ["Input.Note"] = "午後にも確認。" },
            formAction: $"/operations/{id}");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var afterAgain = await op.GetDocumentAsync("/operations");
        Assert.Contains("追加の確認を記録しました", afterAgain.Text());
        Assert.Contains("あと1人", afterAgain.QuerySelectorAll("tr").Single(r => r.TextContent.Contains("確認テスト一")).TextContent);
        Assert.Contains("（追加の確認）", (await op.GetDocumentAsync($"/operations/{id}")).Text());

        var op3 = await app.SignInAsync("demo-operator3");
        Assert.Equal(HttpStatusCode.Redirect, (await op3.PostFormAsync("/operations", new() { ["accountId"] = id.ToString() }, handler: "Ok")).StatusCode);
        var done = (await op3.GetDocumentAsync("/operations")).QuerySelectorAll("tr").Single(r => r.TextContent.Contains("確認テスト一"));
        Assert.Contains("確認済（2 人）", done.TextContent);

        var checks = await app.DbAsync(db => db.DailyChecks.Where(c => c.AccountId == id).ToListAsync());
        Assert.Equal(3, checks.Count);
        Assert.Equal(2, checks.Select(c => c.UserId).Distinct().Count());
        var first = Assert.Single(checks, c => c.UserName == "北 ひかり" && !c.Additional);
        Assert.Null(first.Note);
        Assert.Equal("午後にも確認。", Assert.Single(checks, c => c.Additional).Note);
        Assert.All(checks, c => Assert.Equal(new DateOnly(2026, 6, 1), c.Day));
        var audit = await app.DbAsync(db => db.AuditEntries.Where(e => e.EntityId == id.ToString() && e.Action == "daily-check.recorded").CountAsync());
        Assert.Equal(3, audit);
    }

    [Fact]
    public async Task A_finding_needs_the_action_taken_and_nothing_is_saved_until_it_is_given()
    {
        var id = await app.ListedAccountAsync(Given.Policy("確認テスト二") with { PeriodEnd = FarEnd });
        var op = await app.SignInAsync("demo-operator");
        var bad = await op.PostFormAsync($"/operations/{id}", new()
        {
            ["Input.CheckedPosts"] = "true",
            ["Input.CheckedComments"] = "true",
            ["Input.Found"] = "なりすましと思われるアカウントからの返信がありました。",
        }, formAction: $"/operations/{id}");
        Assert.True(HttpStatusCode.OK == bad.StatusCode, $"{(int)bad.StatusCode} {await bad.Content.ReadAsStringAsync()}");
        Assert.Contains("対応内容（対応不要の場合はその旨）を入力してください", (await Html.ParseAsync(bad)).Text());
        Assert.Equal(0, await app.DbAsync(db => db.DailyChecks.CountAsync(c => c.AccountId == id)));

        var none = await op.PostFormAsync($"/operations/{id}", new() { ["Input.Note"] = "見ていない" }, formAction: $"/operations/{id}");
        Assert.Contains("確認した内容（投稿・利用者の書込み）を選んでください", (await Html.ParseAsync(none)).Text());

        var ok = await op.PostFormAsync($"/operations/{id}", new()
        {
            ["Input.CheckedPosts"] = "true",
            ["Input.CheckedComments"] = "true",
            ["Input.Found"] = "なりすましと思われるアカウントからの返信がありました。",
            ["Input.ActionTaken"] = "プラットフォームへ削除依頼し、市広報担当へ報告しました。",
        }, formAction: $"/operations/{id}");
        Assert.True(HttpStatusCode.Redirect == ok.StatusCode, (await Html.ParseAsync(ok)).QuerySelector(".errors")?.TextContent);
        var check = await app.DbAsync(db => db.DailyChecks.SingleAsync(c => c.AccountId == id));
        Assert.False(check.IsNothingToReport);
        Assert.Equal("プラットフォームへ削除依頼し、市広報担当へ報告しました。", check.ActionTaken);
        var history = await op.GetDocumentAsync($"/operations/{id}");
        Assert.Contains("なりすましと思われるアカウント", history.Text());
    }

    [Fact]
    public async Task Api_records_and_lists_checks_with_problem_details_for_bad_input_and_access()
    {
        var id = await app.ListedAccountAsync(Given.Policy("確認テスト三") with { PeriodEnd = FarEnd });
        var api = await app.ApiAsync("demo-operator3");
        var created = await api.PostAsJsonAsync($"/api/v1/accounts/{id}/daily-checks", new { checkedPosts = true, checkedComments = true });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var dto = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("2026-06-01", dto.GetProperty("day").GetString());

        Assert.False(dto.GetProperty("additional").GetBoolean());

        // A second check the same day by the same person: accepted as an additional one, counted once toward the two.
        var twice = await api.PostAsJsonAsync($"/api/v1/accounts/{id}/daily-checks", new { checkedPosts = true, checkedComments = true });
        Assert.Equal(HttpStatusCode.Created, twice.StatusCode);
        Assert.True((await twice.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("additional").GetBoolean());
        var board = (await (await app.ApiAsync("demo-pr")).GetFromJsonAsync<JsonElement>("/api/v1/board")).GetProperty("accounts").EnumerateArray()
            .Single(e => e.GetProperty("accountId").GetGuid() == id);
        Assert.Equal(1, board.GetProperty("checkedToday").GetArrayLength());

        var other = await app.ApiAsync("demo-operator");
        var bad = await other.PostAsJsonAsync($"/api/v1/accounts/{id}/daily-checks", new { checkedPosts = false, checkedComments = false, found = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("checkedPosts", out _));
        Assert.True(errors.TryGetProperty("actionTaken", out _));

        var list = await api.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{id}/daily-checks");
        Assert.Equal(2, list.GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync($"/api/v1/accounts/{id}/daily-checks?from=2026-06-02&to=2026-06-01")).StatusCode);

        // Another section's operator: not found. The PR office sees it but does not record for the section. Admin: not found.
        var otherSection = await app.ApiAsync("demo-operator2");
        Assert.Equal(HttpStatusCode.NotFound, (await otherSection.PostAsJsonAsync($"/api/v1/accounts/{id}/daily-checks", new { checkedPosts = true, checkedComments = true })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherSection.GetAsync($"/api/v1/accounts/{id}/daily-checks")).StatusCode);
        var pr = await app.ApiAsync("demo-pr");
        Assert.Equal(HttpStatusCode.OK, (await pr.GetAsync($"/api/v1/accounts/{id}/daily-checks")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await pr.PostAsJsonAsync($"/api/v1/accounts/{id}/daily-checks", new { checkedPosts = true, checkedComments = true })).StatusCode);
        var admin = await app.ApiAsync("demo-admin");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/accounts/{id}/daily-checks")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync($"/api/v1/accounts/{id}/daily-checks")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/accounts/{Guid.NewGuid()}/daily-checks")).StatusCode);
    }

    [Fact]
    public async Task Checks_are_only_for_listed_accounts()
    {
        var api = await app.ApiAsync("demo-operator");
        var closed = await app.DbAsync(db => db.Accounts.Where(a => a.Status == MuniSocial.Domain.Accounts.AccountStatus.Closed).Select(a => a.Id).FirstAsync());
        var response = await api.PostAsJsonAsync($"/api/v1/accounts/{closed}/daily-checks", new { checkedPosts = true, checkedComments = true });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("掲載中のアカウント", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Redirect)]
    [InlineData("demo-admin", HttpStatusCode.Forbidden)]
    [InlineData("demo-operator", HttpStatusCode.OK)]
    [InlineData("demo-head", HttpStatusCode.OK)]
    [InlineData("demo-pr", HttpStatusCode.OK)]
    public async Task Operations_page_is_for_staff_and_the_pr_office(string? user, HttpStatusCode expected)
    {
        var client = user is null ? app.Anonymous() : await app.SignInAsync(user);
        Assert.Equal(expected, (await client.GetAsync("/operations")).StatusCode);
    }

    [Fact]
    public async Task Another_sections_account_page_is_not_found_and_the_pr_office_cannot_record()
    {
        var id = await app.ListedAccountAsync(Given.Policy("確認テスト四") with { PeriodEnd = FarEnd });
        var other = await app.SignInAsync("demo-operator2");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/operations/{id}")).StatusCode);
        Assert.DoesNotContain("確認テスト四", (await other.GetDocumentAsync("/operations")).Text());
        var pr = await app.SignInAsync("demo-pr");
        var doc = await pr.GetDocumentAsync($"/operations/{id}");
        Assert.DoesNotContain(doc.Forms, f => f.QuerySelector("textarea") is not null);
        // A crafted post with a valid token (from the sign-out form) is still refused.
        var token = doc.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var crafted = await pr.PostAsync("/operations?handler=Ok", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["accountId"] = id.ToString(),
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Forbidden, crafted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await other.PostWithoutTokenAsync("/operations?handler=Ok", new() { ["accountId"] = id.ToString() })).StatusCode);
    }
}
