using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Incidents;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.PublicWarnings;

/// <summary>
/// §5(5)イ(イ): the PR office publishes the warning of an impersonation or hijack incident and withdraws it, through the
/// API and the page (/incidents/{id}/warning); nobody else may, and every change is audited.
/// </summary>
public sealed class PublicWarningTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static string FakeUrl() => $"https://x.com/nayoro_fake_{Guid.NewGuid():N}"[..40];

    private static string Api(Guid incident) => $"/api/v1/incidents/{incident}/public-warning";

    private static async Task<string?> RuleOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("rule", out var r) ? r.GetString() : null;

    [Fact]
    public async Task Only_the_pr_office_publishes_and_withdraws_through_the_api_and_both_are_audited()
    {
        var incident = await app.IncidentAsync(IncidentKind.Impersonation, fakeUrl: FakeUrl());
        var warning = new { title = "名寄市を名乗る偽アカウントにご注意ください", body = "このアカウントは名寄市とは関係がありません。" };

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostAsJsonAsync(Api(incident), warning)).StatusCode);
        foreach (var user in new[] { "demo-operator", "demo-head", "demo-admin" })
        {
            var other = await app.ApiAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsJsonAsync(Api(incident), warning)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.DeleteAsync(Api(incident) + "?reason=x")).StatusCode);
        }
        Assert.Equal(0, await app.DbAsync(db => db.PublicWarnings.CountAsync(w => w.IncidentId == incident)));

        var pr = await app.ApiAsync("demo-pr");
        var empty = await pr.PostAsJsonAsync(Api(incident), new { title = "", body = "" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var errors = (await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("title", out _));
        Assert.True(errors.TryGetProperty("body", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await pr.PostAsJsonAsync(Api(Guid.NewGuid()), warning)).StatusCode);

        var created = await pr.PostAsJsonAsync(Api(incident), warning);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.NotNull(created.Headers.ETag);
        var dto = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = dto.GetProperty("id").GetGuid();
        Assert.Equal("impersonation", dto.GetProperty("kind").GetString());
        Assert.Equal($"/impersonation#warning-{id}", dto.GetProperty("url").GetString());

        var again = await pr.PostAsJsonAsync(Api(incident), warning);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("warning-published", await RuleOf(again));

        var noReason = await pr.DeleteAsync(Api(incident));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Null(await app.DbAsync(db => db.PublicWarnings.Where(w => w.Id == id).Select(w => w.WithdrawnAt).SingleAsync()));

        var withdrawn = await pr.DeleteAsync(Api(incident) + "?reason=" + Uri.EscapeDataString("偽アカウントが削除されたため。"));
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.False((await withdrawn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("published").GetBoolean());
        var none = await pr.DeleteAsync(Api(incident) + "?reason=x");
        Assert.Equal(HttpStatusCode.Conflict, none.StatusCode);
        Assert.Equal("no-warning", await RuleOf(none));

        // Published again, and withdrawn with the reason in a JSON body.
        Assert.Equal(HttpStatusCode.Created, (await pr.PostAsJsonAsync(Api(incident), warning)).StatusCode);
        var byBody = await pr.SendAsync(new HttpRequestMessage(HttpMethod.Delete, Api(incident)) { Content = JsonContent.Create(new { reason = "誤って公開したため。" }) });
        Assert.Equal(HttpStatusCode.OK, byBody.StatusCode);

        var audit = await app.DbAsync(db => db.AuditEntries.Where(e => e.EntityType == nameof(PublicWarning)).OrderBy(e => e.Sequence).ToListAsync());
        var mine = audit.Where(e => e.EntityId == id.ToString()).ToList();
        Assert.Equal(["warning.published", "warning.withdrawn"], mine.Select(e => e.Action));
        Assert.Equal("偽アカウントが削除されたため。", mine[1].Reason);
        Assert.Equal("西 広報", mine[1].ActorName);
        var steps = await app.DbAsync(db => db.IncidentSteps.Where(s => s.IncidentId == incident).Select(s => s.Text).ToListAsync());
        Assert.Contains(steps, s => s.StartsWith("注意喚起を取り下げました", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_warning_is_only_for_impersonation_and_hijack_a_flaming_incident_is_refused()
    {
        var account = await app.ListedAccountAsync(Given.Policy("注意喚起・炎上テスト"));
        var flaming = await app.IncidentAsync(IncidentKind.Flaming, account);
        var pr = await app.ApiAsync("demo-pr");
        var refused = await pr.PostAsJsonAsync(Api(flaming), new { title = "注意", body = "本文" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("warning-kind", await RuleOf(refused));
        Assert.Equal(0, await app.DbAsync(db => db.PublicWarnings.CountAsync(w => w.IncidentId == flaming)));

        var page = await (await app.SignInAsync("demo-pr")).GetDocumentAsync($"/incidents/{flaming}/warning");
        Assert.Contains("「なりすまし」と「乗っ取り」のインシデントについて作成します", page.Text());
        Assert.Null(page.QuerySelector("form[action*='handler=Publish']"));
    }

    [Fact]
    public async Task The_page_drafts_the_warning_from_the_incident_publishes_it_and_withdraws_it_with_a_reason()
    {
        var fake = FakeUrl();
        var incident = await app.IncidentAsync(IncidentKind.Impersonation, fakeUrl: fake);
        var url = $"/incidents/{incident}/warning";
        foreach (var user in new[] { "demo-operator", "demo-head" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignInAsync(user)).GetAsync(url)).StatusCode);
        }
        var pr = await app.SignInAsync("demo-pr");
        Assert.Equal(HttpStatusCode.NotFound, (await pr.GetAsync($"/incidents/{Guid.NewGuid()}/warning")).StatusCode);

        var form = await pr.GetDocumentAsync(url);
        Assert.Equal("名寄市を名乗る偽アカウントにご注意ください", form.QuerySelector("input[name='Input.Title']")!.GetAttribute("value"));
        Assert.Contains(fake, form.QuerySelector("textarea[name='Input.Body']")!.TextContent, StringComparison.Ordinal);

        var blank = await pr.PostFormAsync(url, new() { ["Input.Title"] = "", ["Input.Body"] = "本文" }, handler: "Publish");
        Assert.Equal(HttpStatusCode.OK, blank.StatusCode);
        Assert.Contains("注意喚起の見出しを200文字以内で入力してください", (await Html.ParseAsync(blank)).Text());
        Assert.Equal(0, await app.DbAsync(db => db.PublicWarnings.CountAsync(w => w.IncidentId == incident)));

        var published = await pr.PostFormAsync(url, new() { ["Input.Title"] = "偽アカウントにご注意ください（テスト）", ["Input.Body"] = "フォローしないでください。" }, handler: "Publish");
        StaffPages.AssertRedirect(published, url);
        var shown = await pr.GetDocumentAsync(url);
        Assert.Contains("注意喚起を公開しました", shown.Text());
        Assert.Contains("公開中の注意喚起", shown.Text());
        Assert.Contains("偽アカウントにご注意ください（テスト）", shown.Text());

        var noReason = await pr.PostFormAsync(url, new() { ["Reason"] = "" }, handler: "Withdraw");
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        Assert.Contains("取り下げの理由を1000文字以内で入力してください", (await Html.ParseAsync(noReason)).Text());

        var withdrawn = await pr.PostFormAsync(url, new() { ["Reason"] = "偽アカウントが削除されたため。" }, handler: "Withdraw");
        StaffPages.AssertRedirect(withdrawn, url);
        var after = await pr.GetDocumentAsync(url);
        Assert.Contains("取り下げた注意喚起", after.Text());
        Assert.Contains("偽アカウントが削除されたため。", after.Text());
        Assert.NotNull(after.QuerySelector("form[action*='handler=Publish']"));
        var warning = await app.DbAsync(db => db.PublicWarnings.SingleAsync(w => w.IncidentId == incident));
        Assert.False(warning.IsPublished);
        Assert.Equal("偽アカウントが削除されたため。", warning.WithdrawalReason);
    }
}
