using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Guideline;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Guideline;

/// <summary>
/// §2, §6: every staff user confirms the guideline and its §6 conduct rules before using the system; the PR office
/// sees who has not. (Publishing a new version is in <see cref="GuidelineRevisionTests"/>, on a database of its own.)
/// </summary>
public sealed class GuidelineAcknowledgementTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Version_1_is_the_citys_published_text_seeded_with_its_effective_date()
    {
        var v1 = await app.DbAsync(db => db.GuidelineVersions.AsNoTracking().SingleAsync());
        Assert.Equal(1, v1.Number);
        Assert.Equal(new DateOnly(2026, 6, 1), v1.EffectiveFrom); // the text states no date: the day it was set up
        Assert.StartsWith("# 名寄市ソーシャルメディアガイドライン", v1.Text, StringComparison.Ordinal); // the PDF transcribed to Markdown (GuidelinePageTests)
        Assert.Contains("職員であることの自覚と責任を持ち", v1.Text, StringComparison.Ordinal);
        var conduct = GuidelineText.ConductRules(v1.Text)!;
        Assert.StartsWith("## ６ ソーシャルメディアを安全に利用するための留意点", conduct, StringComparison.Ordinal);
        Assert.Contains("業務として利用する場合を除き、就業時間中に利用してはならない", conduct, StringComparison.Ordinal);
        Assert.Contains("意思形成過程", conduct, StringComparison.Ordinal);
        Assert.DoesNotContain("７ その他の留意点", conduct, StringComparison.Ordinal);
        Assert.Contains(await app.DbAsync(db => db.AuditEntries.Select(e => e.Action).ToListAsync()), a => a == "guideline.version-published");

        // Any staff user reads the current version at any time.
        var page = await (await app.SignInAsync("demo-operator")).GetDocumentAsync("/guideline");
        Assert.Contains("第1版", page.Text(), StringComparison.Ordinal);
        Assert.Contains("就業時間中に利用してはならない", page.QuerySelector(".conduct-rules")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("確認しています", page.Text(), StringComparison.Ordinal); // demo users have confirmed v1
    }

    [Fact]
    public async Task First_sign_in_leads_to_the_acknowledgement_and_back_to_the_page_asked_for()
    {
        var userName = (await app.NewUserAsync("こども未来課", "FiscalYearAppointed")).UserName;
        var client = await app.SignInAsync(userName, Given.NewUserPassword);

        var home = await client.GetAsync("/home");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/guideline/acknowledge?returnUrl=%2Fhome", home.Headers.Location!.OriginalString);
        var asked = await client.GetAsync("/accounts?status=Listed");
        Assert.Equal("/guideline/acknowledge?returnUrl=%2Faccounts%3Fstatus%3DListed", asked.Headers.Location!.OriginalString);
        // A form posted before confirming is not carried out.
        var post = await client.PostAsync("/operations?handler=Ok", new FormUrlEncodedContent(new Dictionary<string, string> { ["accountId"] = Guid.NewGuid().ToString() }));
        Assert.Equal(HttpStatusCode.SeeOther, post.StatusCode);
        Assert.Equal("/guideline/acknowledge", post.Headers.Location!.OriginalString);

        var page = await client.GetDocumentAsync("/guideline/acknowledge?returnUrl=%2Faccounts%3Fstatus%3DListed");
        Assert.Contains("会計年度任用職員", page.Text(), StringComparison.Ordinal);
        var conduct = page.QuerySelector(".conduct-rules")!.TextContent;
        Assert.Contains("公人の立場にて対応しなければならない", conduct, StringComparison.Ordinal);
        Assert.Contains("他者を侮辱する情報", conduct, StringComparison.Ordinal);
        Assert.Contains("本ガイドラインは、ソーシャルメディアを活用した迅速な情報発信", page.QuerySelector(".guideline-scroll")!.TextContent, StringComparison.Ordinal);
        var versionId = page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name='Input.VersionId']")!.Value;

        // Both boxes are required, each with its own message; nothing is recorded.
        var none = await client.PostFormAsync("/guideline/acknowledge", new() { ["Input.VersionId"] = versionId, ["ReturnUrl"] = "/accounts?status=Listed" }, formAction: "/guideline/acknowledge");
        Assert.Equal(HttpStatusCode.OK, none.StatusCode);
        var text = (await Html.ParseAsync(none)).Text();
        Assert.Contains(GuidelineAcknowledgement.ReadGuidelineMessage, text, StringComparison.Ordinal);
        Assert.Contains(GuidelineAcknowledgement.ReadConductMessage, text, StringComparison.Ordinal);
        var one = await client.PostFormAsync("/guideline/acknowledge", new() { ["Input.VersionId"] = versionId, ["Input.ReadGuideline"] = "true" }, formAction: "/guideline/acknowledge");
        text = (await Html.ParseAsync(one)).Text();
        Assert.DoesNotContain(GuidelineAcknowledgement.ReadGuidelineMessage, text, StringComparison.Ordinal);
        Assert.Contains(GuidelineAcknowledgement.ReadConductMessage, text, StringComparison.Ordinal);
        var user = await app.UserAsync(userName);
        Assert.False(await app.DbAsync(db => db.GuidelineAcknowledgements.AnyAsync(a => a.UserId == user.Id)));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/home")).StatusCode);

        var ok = await client.PostFormAsync("/guideline/acknowledge", new()
        {
            ["Input.VersionId"] = versionId,
            ["Input.ReadGuideline"] = "true",
            ["Input.ReadConductRules"] = "true",
            ["ReturnUrl"] = "/accounts?status=Listed",
        }, formAction: "/guideline/acknowledge");
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal("/accounts?status=Listed", ok.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/accounts?status=Listed")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/home")).StatusCode);

        var ack = await app.DbAsync(db => db.GuidelineAcknowledgements.SingleAsync(a => a.UserId == user.Id));
        Assert.Equal(1, ack.VersionNumber);
        Assert.Equal(app.Clock.GetUtcNow(), ack.At);
        var audit = await app.DbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Action == "guideline.acknowledged" && e.ActorId == user.Id).ToListAsync());
        var entry = Assert.Single(audit);
        Assert.Equal(user.DisplayName, entry.ActorName);
        Assert.Contains("\"version\":1", entry.After!, StringComparison.Ordinal);

        // Confirmed: the page says so and does not record twice.
        var again = await client.GetDocumentAsync("/guideline/acknowledge");
        Assert.Contains("確認済みです", again.Text(), StringComparison.Ordinal);
        Assert.Null(again.QuerySelector("input[name='Input.ReadGuideline']"));
    }

    [Fact]
    public async Task A_foreign_return_url_is_not_followed()
    {
        var userName = (await app.NewUserAsync("営業戦略室", "Regular")).UserName;
        var client = await app.SignInAsync(userName, Given.NewUserPassword);
        var page = await client.GetDocumentAsync("/guideline/acknowledge");
        var versionId = page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name='Input.VersionId']")!.Value;
        var ok = await client.PostFormAsync("/guideline/acknowledge", new()
        {
            ["Input.VersionId"] = versionId,
            ["Input.ReadGuideline"] = "true",
            ["Input.ReadConductRules"] = "true",
            ["ReturnUrl"] = "https://evil.example/",
        }, formAction: "/guideline/acknowledge");
        Assert.Equal("/home", ok.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Before_confirming_public_pages_the_guideline_and_logout_still_open()
    {
        var userName = (await app.NewUserAsync("営業戦略室", "PartTime", null, "SectionHead")).UserName;
        var client = await app.SignInAsync(userName, Given.NewUserPassword);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/verify")).StatusCode);
        var guideline = await client.GetDocumentAsync("/guideline");
        Assert.Contains("まだ確認していません", guideline.Text(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/css/site.css")).StatusCode);
        // Forbidden pages are still 403 (authorization comes first), not a redirect.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/users")).StatusCode);
        var logout = await client.PostFormAsync("/guideline/acknowledge", [], formAction: "/logout");
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Contains("/login", (await client.GetAsync("/home")).Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_token_endpoint_refuses_until_the_guideline_is_confirmed()
    {
        var userName = (await app.NewUserAsync("こども未来課", "Reappointed")).UserName;
        await app.CompleteAccountSetupAsync(userName); // the admin-set password already changed (Features/Auth/PasswordTests)
        var api = app.Anonymous();
        var refused = await api.PostAsJsonAsync("/api/v1/auth/token", new { userName, password = Given.NewUserPassword });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.StartsWith("application/problem+json", refused.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("guideline-not-acknowledged", problem.GetProperty("rule").GetString());
        Assert.Contains("Webの画面にログイン", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The password is checked first: a wrong one says nothing about the guideline.
        var wrong = await api.PostAsJsonAsync("/api/v1/auth/token", new { userName, password = "wrong-password-123" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        await app.SignInAndAcknowledgeAsync(userName, Given.NewUserPassword);
        var token = await app.ApiAsync(userName, Given.NewUserPassword);
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/v1/accounts")).StatusCode);
    }

    [Fact]
    public async Task The_pr_office_sees_who_has_not_confirmed_by_section_with_csv_and_api()
    {
        var pending = (await app.NewUserAsync("こども未来課", "FiscalYearAppointed")).UserName;
        var other = (await app.NewUserAsync("営業戦略室", "Regular")).UserName;
        var pendingUser = await app.UserAsync(pending);
        var sectionId = pendingUser.SectionId!.Value;
        var pr = await app.SignInAsync("demo-pr");

        var page = await pr.GetDocumentAsync("/guideline/acknowledgements");
        var rows = page.QuerySelectorAll("table.list tbody tr").ToList();
        var row = rows.Single(r => r.TextContent.Contains(pending, StringComparison.Ordinal));
        Assert.Contains("未確認", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("会計年度任用職員", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("健康福祉部 こども未来課", row.TextContent, StringComparison.Ordinal);
        var demoRow = rows.Single(r => r.TextContent.Contains("demo-operator2", StringComparison.Ordinal));
        Assert.Contains("確認済", demoRow.TextContent, StringComparison.Ordinal);
        Assert.Contains("再任用職員", demoRow.TextContent, StringComparison.Ordinal);
        Assert.Contains("第1版", demoRow.TextContent, StringComparison.Ordinal);
        // Not confirmed first.
        Assert.True(rows.IndexOf(row) < rows.IndexOf(demoRow));
        Assert.True(rows.TakeWhile(r => r.TextContent.Contains("未確認", StringComparison.Ordinal)).Count()
            == rows.Count(r => r.TextContent.Contains("未確認", StringComparison.Ordinal)));

        var filtered = await pr.GetDocumentAsync($"/guideline/acknowledgements?section={sectionId}");
        Assert.Contains(pending, filtered.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain(other, filtered.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("demo-operator3", filtered.Text(), StringComparison.Ordinal);
        var onlyPending = await pr.GetDocumentAsync($"/guideline/acknowledgements?section={sectionId}&pending=true");
        Assert.DoesNotContain("demo-operator2", onlyPending.Text(), StringComparison.Ordinal);

        var csv = await pr.GetAsync($"/guideline/acknowledgements?handler=Csv&section={sectionId}");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("状態,氏名,ユーザー名,所属,任用形態,役割,確認した版,確認日時", lines[0]);
        Assert.Contains(lines, l => l.Contains(pending, StringComparison.Ordinal) && l.StartsWith("未確認,", StringComparison.Ordinal) && l.Contains(",会計年度任用職員,", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(other, StringComparison.Ordinal));

        var api = await app.ApiAsync("demo-pr");
        var json = await api.GetFromJsonAsync<JsonElement>($"/api/v1/guideline/acknowledgements?section={sectionId}");
        Assert.Equal(1, json.GetProperty("currentVersion").GetProperty("number").GetInt32());
        var users = json.GetProperty("users").EnumerateArray().ToList();
        var mine = users.Single(u => u.GetProperty("userName").GetString() == pending);
        Assert.False(mine.GetProperty("acknowledgedCurrent").GetBoolean());
        Assert.Equal("FiscalYearAppointed", mine.GetProperty("employmentType").GetString());
        Assert.Equal(JsonValueKind.Null, mine.GetProperty("acknowledgedVersion").ValueKind);
        Assert.DoesNotContain(users, u => u.GetProperty("userName").GetString() == other);
        Assert.True(json.GetProperty("notAcknowledged").GetInt32() >= 1);

        // Once confirmed, the user moves to 確認済 with version and date.
        await app.SignInAndAcknowledgeAsync(pending, Given.NewUserPassword);
        var after = await pr.GetDocumentAsync($"/guideline/acknowledgements?section={sectionId}");
        var done = after.QuerySelectorAll("table.list tbody tr").Single(r => r.TextContent.Contains(pending, StringComparison.Ordinal));
        Assert.Contains("確認済", done.TextContent, StringComparison.Ordinal);
        Assert.Contains("第1版", done.TextContent, StringComparison.Ordinal);
        Assert.Contains("令和8年6月1日", done.TextContent, StringComparison.Ordinal);
    }

    // ---- who may ----------------------------------------------------------------------------------

    [Fact]
    public async Task Anonymous_users_are_sent_to_sign_in_and_the_api_answers_401()
    {
        var client = app.Anonymous();
        foreach (var url in new[] { "/guideline", "/guideline/acknowledge", "/guideline/versions", "/guideline/acknowledgements", "/guideline/acknowledgements?handler=Csv" })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/guideline/acknowledgements")).StatusCode);
    }

    [Theory]
    [InlineData("demo-operator")]
    [InlineData("demo-head")]
    [InlineData("demo-operator2")]
    [InlineData("demo-admin")]
    public async Task Pr_office_pages_are_403_for_everyone_else(string user)
    {
        var client = await app.SignInAsync(user);
        foreach (var url in new[] { "/guideline/versions", "/guideline/acknowledgements", "/guideline/acknowledgements?handler=Csv" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(url)).StatusCode);
        }
        var post = await client.PostWithoutTokenAsync("/guideline/versions", new() { ["Input.Summary"] = "x", ["Input.Text"] = "x", ["Input.EffectiveFrom"] = "2026-06-01" });
        Assert.True(post.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"got {(int)post.StatusCode}");
        Assert.Equal(1, await app.DbAsync(db => db.GuidelineVersions.CountAsync()));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/guideline")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/guideline/acknowledge")).StatusCode);

        var api = await app.ApiAsync(user);
        var refused = await api.GetAsync("/api/v1/guideline/acknowledgements");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("forbidden", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());
    }

    [Theory]
    [InlineData("demo-pr")]
    [InlineData("demo-pr2")]
    public async Task The_pr_office_opens_every_guideline_page(string user)
    {
        var client = await app.SignInAsync(user);
        foreach (var url in new[] { "/guideline", "/guideline/acknowledge", "/guideline/versions", "/guideline/acknowledgements", "/guideline/acknowledgements?handler=Csv" })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await (await app.ApiAsync(user)).GetAsync("/api/v1/guideline/acknowledgements")).StatusCode);
    }
}
