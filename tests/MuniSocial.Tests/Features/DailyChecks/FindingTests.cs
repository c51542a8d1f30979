using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Incidents;
using MuniSocial.Domain.Operations;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.DailyChecks;

/// <summary>
/// §5(2)ア, §5(5): trouble a daily check finds never sits unseen in one account's log. It is offered to become an incident
/// (the link carries the check), reaches the section head's and the PR office's home pages and the board at once, and
/// leaves them when an incident is opened from it or the head marks it handled. Two different people still make a day.
/// </summary>
public sealed class FindingTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly DateOnly FarEnd = new(2028, 3, 31);

    private static IHtmlTableRowElement? FindingRow(IHtmlDocument home, Guid check) =>
        home.QuerySelector($"table.findings tr[data-check='{check}']") as IHtmlTableRowElement;

    private async Task<JsonElement> BoardEntryAsync(Guid account) =>
        (await (await app.ApiAsync("demo-pr")).GetFromJsonAsync<JsonElement>("/api/v1/board")).GetProperty("accounts").EnumerateArray()
            .Single(e => e.GetProperty("accountId").GetGuid() == account);

    [Fact]
    public async Task A_finding_is_offered_as_an_incident_and_shows_on_the_heads_and_pr_homes_and_the_board_until_taken_up()
    {
        var id = await app.ListedAccountAsync(Given.Policy("発見事項テスト") with { PeriodEnd = FarEnd }, listedAt: app.Clock.GetUtcNow().AddDays(-3));
        var op = await app.SignInAsync("demo-operator");
        var recorded = await op.PostFormAsync($"/operations/{id}", new()
        {
            ["Input.CheckedPosts"] = "true",
            ["Input.CheckedComments"] = "true",
            ["Input.Found"] = "市を名乗る偽アカウントから市民へ返信がありました。",
            ["Input.ActionTaken"] = "市広報担当へ電話で報告しました。",
        }, formAction: $"/operations/{id}");
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        var check = await app.DbAsync(db => db.DailyChecks.Where(c => c.AccountId == id).Select(c => c.Id).SingleAsync());
        var offerUrl = $"/incidents/new?accountId={id}&dailyCheckId={check}";

        // The confirmation after saving, and the check's row, offer the incident with the check's id.
        var confirmation = await op.GetDocumentAsync(recorded.Headers.Location!.ToString());
        Assert.Equal("インシデントとして登録する", confirmation.QuerySelector($".notice a[href='{offerUrl}']")?.TextContent);
        var log = await op.GetDocumentAsync($"/operations/{id}");
        Assert.NotNull(log.QuerySelector($"a.incident-offer[href='{offerUrl}']"));

        // At once on the section head's home and the PR office's home; not on another section's head's.
        foreach (var user in new[] { "demo-head", "demo-pr" })
        {
            var row = FindingRow(await (await app.SignInAsync(user)).GetDocumentAsync("/home"), check);
            Assert.True(row is not null, $"{user}: the finding is not on the home page");
            Assert.Contains("市を名乗る偽アカウントから市民へ返信がありました。", row!.TextContent);
            Assert.NotNull(row.QuerySelector($"a[href='{offerUrl}']"));
        }
        Assert.Null(FindingRow(await (await app.SignInAsync("demo-head2")).GetDocumentAsync("/home"), check));

        // The board marks the account.
        Assert.Equal(1, (await BoardEntryAsync(id)).GetProperty("openFindings").GetInt32());
        Assert.True((await BoardEntryAsync(id)).GetProperty("needsAttention").GetBoolean());
        var boardRow = (await (await app.SignInAsync("demo-pr")).GetDocumentAsync("/board")).QuerySelector($"tr[data-account='{id}']")!;
        Assert.Contains("未対応の発見事項1件", boardRow.TextContent);

        // An incident opened from the check: the row links to it, the homes no longer list it, the board counts the incident.
        var incident = await app.IncidentAsync(IncidentKind.Impersonation, id, fakeUrl: "https://x.com/nayoro_fake_finding", by: "demo-operator", dailyCheckId: check);
        Assert.NotNull((await op.GetDocumentAsync($"/operations/{id}")).QuerySelector($"a[href='/incidents/{incident}']"));
        Assert.Null((await op.GetDocumentAsync($"/operations/{id}")).QuerySelector($"a.incident-offer[href='{offerUrl}']"));
        Assert.Null(FindingRow(await (await app.SignInAsync("demo-head")).GetDocumentAsync("/home"), check));
        var entry = await BoardEntryAsync(id);
        Assert.Equal(0, entry.GetProperty("openFindings").GetInt32());
        Assert.Equal(1, entry.GetProperty("openIncidents").GetInt32());
        Assert.Contains("対応中のインシデント1件", (await (await app.SignInAsync("demo-pr")).GetDocumentAsync("/board")).QuerySelector($"tr[data-account='{id}']")!.TextContent);
    }

    [Fact]
    public async Task The_head_marks_a_finding_handled_and_it_leaves_the_lists_audited()
    {
        var id = await app.ListedAccountAsync(Given.Policy("対応済みテスト") with { PeriodEnd = FarEnd });
        var check = await app.DailyCheckAsync(id, "demo-operator3", found: "返信が必要な問い合わせがありました。", actionTaken: "担当課へ回答を依頼しました。");
        var api = await app.ApiAsync("demo-operator3");
        var created = await api.PostAsJsonAsync($"/api/v1/accounts/{id}/daily-checks",
            new { checkedPosts = true, checkedComments = true, found = "不適切な書込みがありました。", actionTaken = "運用ポリシーに基づき非表示にしました。" });
        var viaApi = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"/incidents/new?accountId={id}&dailyCheckId={viaApi.GetProperty("id").GetGuid()}", viaApi.GetProperty("newIncidentUrl").GetString());

        var head = await app.SignInAsync("demo-head");
        Assert.NotNull(FindingRow(await head.GetDocumentAsync("/home"), check));
        var handled = await head.PostFormAsync("/home", new() { ["checkId"] = check.ToString() }, handler: "Handled");
        StaffPages.AssertRedirect(handled, "/home");
        var home = await head.GetDocumentAsync("/home");
        Assert.Contains("発見した事項を対応済みにしました", home.Text());
        Assert.Null(FindingRow(home, check));
        Assert.NotNull(FindingRow(home, viaApi.GetProperty("id").GetGuid()));
        Assert.Contains("対応済み（南 大地", (await head.GetDocumentAsync($"/operations/{id}")).Text());

        var audit = await app.DbAsync(db => db.AuditEntries.Where(e => e.EntityId == id.ToString() && e.Action == "daily-check.finding-handled").ToListAsync());
        Assert.Equal("南 大地", Assert.Single(audit).ActorName);
        Assert.Equal(1, (await BoardEntryAsync(id)).GetProperty("openFindings").GetInt32());
    }

    [Fact]
    public async Task A_head_review_with_a_non_conformity_offers_an_incident_carrying_the_review()
    {
        var id = await app.ListedAccountAsync(Given.Policy("所属長確認の提案") with { PeriodEnd = FarEnd }, listedAt: app.Clock.GetUtcNow().AddDays(-40));
        var head = await app.SignInAsync("demo-head");
        var url = $"/operations/{id}/reviews";
        var fields = MuniSocial.Tests.Features.AccountReviews.ReviewTests.Form(new()
        {
            [ReviewChecklist.Trouble] = ("NonConforming", "なりすましへの対応が市広報担当へ報告されていない。"),
            [ReviewChecklist.DailyChecks] = ("NotApplicable", "確認記録は紙で保存。"),
        }, action: "市広報担当と対応を協議する。");
        var saved = await head.PostFormAsync(url, fields, formAction: url);
        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, (await Html.ParseAsync(saved)).QuerySelector(".errors")?.TextContent);
        var review = await app.DbAsync(db => db.AccountReviews.Where(r => r.AccountId == id).Select(r => r.Id).SingleAsync());
        var offer = $"/incidents/new?accountId={id}&reviewId={review}";
        var page = await head.GetDocumentAsync(url);
        Assert.NotNull(page.QuerySelector($".notice a[href='{offer}']"));
        Assert.NotNull(page.QuerySelector($"article[data-review='{review}'] a[href='{offer}']"));

        var incident = await app.IncidentAsync(IncidentKind.Impersonation, id, fakeUrl: "https://x.com/nayoro_fake_review", by: "demo-head", reviewId: review);
        var after = await head.GetDocumentAsync(url);
        Assert.NotNull(after.QuerySelector($"article[data-review='{review}'] a[href='/incidents/{incident}']"));
        Assert.Null(after.QuerySelector($"article[data-review='{review}'] a[href='{offer}']"));
    }

    [Fact]
    public async Task Two_records_by_one_person_on_a_past_day_are_one_checker_and_the_day_is_still_missed()
    {
        // Listed Mon 5/18; on Mon 6/1 the board's window is 5/25–5/29.
        var listedAt = new DateTimeOffset(2026, 5, 18, 9, 0, 0, TimeSpan.FromHours(9)).ToUniversalTime();
        var id = await app.ListedAccountAsync(Given.Policy("一人二回") with { PeriodEnd = FarEnd }, listedAt: listedAt);
        foreach (var day in new[] { 25, 26, 27, 28, 29 })
        {
            var at = new DateTimeOffset(2026, 5, day, 10, 0, 0, TimeSpan.FromHours(9)).ToUniversalTime();
            await app.DailyCheckAsync(id, "demo-operator", at: at);
            await app.DailyCheckAsync(id, day == 27 ? "demo-operator" : "demo-operator3", at: at.AddHours(5));
        }
        var missed = (await BoardEntryAsync(id)).GetProperty("missedChecks").EnumerateArray().ToList();
        var only = Assert.Single(missed);
        Assert.Equal("2026-05-27", only.GetProperty("day").GetString());
        Assert.Equal(["北 ひかり"], only.GetProperty("checkedBy").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(2, await app.DbAsync(db => db.DailyChecks.CountAsync(c => c.AccountId == id && c.Day == new DateOnly(2026, 5, 27))));
    }
}
