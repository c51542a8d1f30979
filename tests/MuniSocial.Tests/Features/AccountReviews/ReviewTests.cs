using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Operations;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.AccountReviews;

/// <summary>運用状況の確認 through the front door: the head's form, the API, who may do what, the board.</summary>
public sealed class ReviewTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly DateOnly FarEnd = new(2028, 3, 31);

    /// <summary>Every item 適合, with the given items replaced (answer, comment).</summary>
    public static Dictionary<string, string> Form(Dictionary<string, (string Answer, string? Comment)>? items = null, string? findings = null, string? action = null)
    {
        var fields = new Dictionary<string, string>();
        foreach (var d in ReviewChecklist.Items)
        {
            var (answer, comment) = items is not null && items.TryGetValue(d.Key, out var given) ? given : ("Conforms", null);
            if (answer.Length > 0)
            {
                fields[$"Input.Answers[{d.Key}]"] = answer;
            }
            if (comment is not null)
            {
                fields[$"Input.Comments[{d.Key}]"] = comment;
            }
        }
        if (findings is not null)
        {
            fields["Input.Findings"] = findings;
        }
        if (action is not null)
        {
            fields["Input.Action"] = action;
        }
        return fields;
    }

    public static object Body(Dictionary<string, (string? Answer, string? Comment)>? items = null, string? findings = null, string? action = null, string? offsiteReason = null) => new
    {
        items = ReviewChecklist.Items.Select(d =>
        {
            var (answer, comment) = items is not null && items.TryGetValue(d.Key, out var given) ? given : ("Conforms", null);
            return new { key = d.Key, answer, comment };
        }).ToList(),
        findings,
        action,
        offsiteReason,
    };

    [Fact]
    public async Task The_head_reviews_an_account_on_its_page_against_its_policy_and_the_check_record()
    {
        // Listed Mon 5/18; 北 checks on 5/19 and 5/20 with 東 only on 5/19: 5/20–5/29 are short of two checkers.
        var id = await app.ListedAccountAsync(Given.Policy("所属長確認テスト一") with { PeriodEnd = FarEnd }, listedAt: AppFactory.Start.AddDays(-14));
        var op = await app.ActorAsync("demo-operator");
        var op3 = await app.ActorAsync("demo-operator3");
        await app.DbAsync(async db =>
        {
            var account = await db.Accounts.SingleAsync(a => a.Id == id);
            db.Add(DailyCheck.Record(op, account, CheckInput.NothingToReport, new DateTimeOffset(2026, 5, 19, 1, 0, 0, TimeSpan.Zero), false));
            db.Add(DailyCheck.Record(op3, account, new CheckInput(true, true, "なりすましアカウントを発見", "市広報担当へ報告し、削除依頼した", null), new DateTimeOffset(2026, 5, 19, 2, 0, 0, TimeSpan.Zero), false));
            db.Add(DailyCheck.Record(op, account, CheckInput.NothingToReport, new DateTimeOffset(2026, 5, 20, 1, 0, 0, TimeSpan.Zero), false));
            await db.SaveChangesAsync();
        });
        var head = await app.SignInAsync("demo-head");
        var url = $"/operations/{id}/reviews";
        var page = await head.GetDocumentAsync(url);
        var text = page.Text();
        Assert.Contains("テスト用の発信内容です。", text);         // 発信する情報の内容
        Assert.Contains("テストのため。", text);                   // 目的
        Assert.Contains("原則として行いません", text);             // the reply wording of the policy
        Assert.Contains("月曜日から金曜日までの8時45分から17時30分まで", text);
        Assert.Contains("令和8年5月18日～令和8年5月31日", text);
        // 5/19–5/29 are 9 business days; only 5/19 had two checkers.
        Assert.Contains("確認が必要な開庁日 9日のうち、確認が2人未満の日", page.QuerySelector(".check-figure")!.TextContent);
        Assert.Equal("8日", page.QuerySelector(".check-figure strong.overdue")!.TextContent.Trim());
        Assert.Contains("なりすましアカウントを発見", page.QuerySelector("#item-trouble")!.TextContent);
        Assert.Contains("令和8年6月18日", page.QuerySelector(".review-schedule")!.TextContent); // never reviewed: a month after the listing
        Assert.DoesNotContain("確認の時期です", page.QuerySelector(".review-schedule")!.TextContent);
        Assert.Equal(ReviewChecklist.Items.Count, page.QuerySelectorAll("fieldset.review-item").Length);

        // Nothing chosen: each item is named, nothing is saved.
        var empty = await head.PostFormAsync(url, new() { ["Input.Findings"] = "所見" }, formAction: url);
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        var emptyDoc = await Html.ParseAsync(empty);
        Assert.Contains("「運用時間が守られている」の結果（適合・不適合・該当なし）を選んでください。", emptyDoc.QuerySelector("#item-operating-hours")!.TextContent);
        Assert.Equal("所見", emptyDoc.QuerySelector("#Input_Findings")!.TextContent);
        // Each line of the error summary leads to its item's first choice.
        var summaryLinks = emptyDoc.QuerySelectorAll(".errors a").Select(l => l.GetAttribute("href")!).ToList();
        Assert.Contains("#Input_Answers_operating-hours_", summaryLinks);
        Assert.All(summaryLinks, href => Assert.True(emptyDoc.GetElementById(href[1..]) is AngleSharp.Html.Dom.IHtmlInputElement, $"{href} leads to no field"));

        // 適合 for the checks although 8 days are short: a reason is needed. 不適合 without comment or action: both named.
        var bad = await head.PostFormAsync(url, Form(new() { [ReviewChecklist.ReplyPolicy] = ("NonConforming", null) }), formAction: url);
        var badDoc = await Html.ParseAsync(bad);
        Assert.Contains("確認が2人未満の開庁日が8日あります", badDoc.QuerySelector("#item-daily-checks")!.TextContent);
        Assert.Contains("不適合の場合は、その内容をコメントに入力してください", badDoc.QuerySelector("#item-reply-policy")!.TextContent);
        Assert.Contains("改善措置（いつ・誰が・何をするか）を入力してください", badDoc.Text());
        Assert.All(badDoc.QuerySelectorAll(".errors a").Select(l => l.GetAttribute("href")!),
            href => Assert.True(badDoc.GetElementById(href[1..]) is AngleSharp.Html.Dom.IHtmlInputElement or AngleSharp.Html.Dom.IHtmlTextAreaElement, $"{href} leads to no field"));
        Assert.Equal("NonConforming", badDoc.QuerySelector("#item-reply-policy input[type=radio][checked]")!.GetAttribute("value"));
        Assert.Equal(0, await app.DbAsync(db => db.AccountReviews.CountAsync(r => r.AccountId == id)));

        var ok = await head.PostFormAsync(url, Form(new()
        {
            [ReviewChecklist.DailyChecks] = ("NonConforming", "5/20以降、東さんの確認記録がない。"),
            [ReviewChecklist.Trouble] = ("Conforms", "5/19のなりすましは削除依頼済み。"),
        }, findings: "発信内容は運用ポリシーの範囲内。", action: "6月から担当者2名の毎朝の確認を徹底し、室長が毎週記録を確認する。"), formAction: url);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var after = await head.GetDocumentAsync(ok.Headers.Location!.ToString());
        Assert.Contains("運用状況の確認を記録しました", after.Text());
        var record = after.QuerySelector("article.review-record")!;
        Assert.Contains("不適合あり", record.TextContent);
        Assert.Contains("5/20以降、東さんの確認記録がない。", record.TextContent);
        Assert.Contains("6月から担当者2名の毎朝の確認を徹底", record.TextContent);
        Assert.Contains("確認が2人未満の開庁日 8日／9日", record.TextContent);

        var review = await app.DbAsync(db => db.AccountReviews.SingleAsync(r => r.AccountId == id));
        Assert.Equal(new DateOnly(2026, 6, 1), review.ReviewedOn);
        Assert.Equal("南 大地", review.ReviewerName);
        Assert.Equal((new DateOnly(2026, 5, 18), new DateOnly(2026, 5, 31), 9, 8), (review.PeriodFrom, review.PeriodTo, review.DueCheckDays, review.MissedCheckDays));
        Assert.Equal(ReviewChecklist.Items.Count, review.Items.Count);
        var audit = Assert.Single(await app.AuditAsync(id), e => e.Action == "account-review.recorded");
        Assert.Equal("南 大地", audit.ActorName);
        Assert.Contains("5/20以降、東さんの確認記録がない。", audit.After!, StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        // A correction is a new review: the first stays as it was; the new period starts at the last review (empty today).
        Assert.Equal(HttpStatusCode.Redirect, (await head.PostFormAsync(url, Form(new() { [ReviewChecklist.DailyChecks] = ("NotApplicable", "前回の確認の訂正: 東さんは5/20から休暇。") }), formAction: url)).StatusCode);
        var reviews = await app.DbAsync(db => db.AccountReviews.Where(r => r.AccountId == id).ToListAsync());
        Assert.Equal(2, reviews.Count);
        Assert.Equal("6月から担当者2名の毎朝の確認を徹底し、室長が毎週記録を確認する。", reviews.Single(r => r.Id == review.Id).Action);
        var correction = reviews.Single(r => r.Id != review.Id);
        Assert.Equal(0, correction.DueCheckDays);
        Assert.Contains("前回の確認と同じ日のため", (await head.GetDocumentAsync(url)).QuerySelectorAll("article.review-record")[0].TextContent);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Redirect, false)]
    [InlineData("demo-admin", HttpStatusCode.Forbidden, false)]
    [InlineData("demo-operator", HttpStatusCode.OK, false)]
    [InlineData("demo-head", HttpStatusCode.OK, true)]
    [InlineData("demo-head2", HttpStatusCode.NotFound, false)]
    [InlineData("demo-operator2", HttpStatusCode.NotFound, false)]
    [InlineData("demo-pr", HttpStatusCode.OK, false)]
    public async Task The_review_page_by_role(string? user, HttpStatusCode expected, bool form)
    {
        var id = await app.ListedAccountAsync(Given.Policy("所属長確認テスト権限") with { PeriodEnd = FarEnd }, listedAt: AppFactory.Start.AddDays(-40));
        var client = user is null ? app.Anonymous() : await app.SignInAsync(user);
        var response = await client.GetAsync($"/operations/{id}/reviews");
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Redirect)
        {
            Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
        if (expected == HttpStatusCode.OK)
        {
            var doc = await Html.ParseAsync(response);
            Assert.Equal(form, doc.QuerySelector("form.review-form") is not null);
            if (!form)
            {
                Assert.Contains("運用状況の確認は、所属長が記録します。", doc.Text());
            }
        }
    }

    [Theory]
    [InlineData("demo-operator", HttpStatusCode.Forbidden)]
    [InlineData("demo-pr", HttpStatusCode.Forbidden)]
    [InlineData("demo-head2", HttpStatusCode.NotFound)]
    public async Task Only_the_head_posts_the_review_form(string user, HttpStatusCode expected)
    {
        var id = await app.ListedAccountAsync(Given.Policy("所属長確認テスト投稿") with { PeriodEnd = FarEnd }, listedAt: AppFactory.Start.AddDays(-40));
        var client = await app.SignInAsync(user);
        // A valid antiforgery token from a page the user can open (the sign-out form of the layout).
        var doc = await client.GetDocumentAsync("/operations");
        var token = doc.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var fields = Form();
        fields["__RequestVerificationToken"] = token;
        var response = await client.PostAsync($"/operations/{id}/reviews", new FormUrlEncodedContent(fields));
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(0, await app.DbAsync(db => db.AccountReviews.CountAsync(r => r.AccountId == id)));
        // Without a token the form is refused (400, shown again); another section's account stays not found (404).
        Assert.Equal(expected == HttpStatusCode.NotFound ? HttpStatusCode.NotFound : HttpStatusCode.BadRequest,
            (await client.PostWithoutTokenAsync($"/operations/{id}/reviews", Form())).StatusCode);
        Assert.Equal(0, await app.DbAsync(db => db.AccountReviews.CountAsync(r => r.AccountId == id)));
    }

    [Fact]
    public async Task Api_records_and_lists_reviews_with_problem_details_naming_the_field()
    {
        var id = await app.ListedAccountAsync(Given.Policy("所属長確認テストAPI") with { PeriodEnd = FarEnd }, listedAt: AppFactory.Start.AddDays(-45));
        var head = await app.ApiAsync("demo-head");
        var url = $"/api/v1/accounts/{id}/reviews";

        var missing = await head.PostAsJsonAsync(url, Body(new() { [ReviewChecklist.AccessHolders] = (null, null), [ReviewChecklist.ContentScope] = ("NonConforming", null) }));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var problem = await missing.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation", problem.GetProperty("rule").GetString());
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("items.access-holders.answer", out _));
        Assert.True(errors.TryGetProperty("items.content-scope.comment", out _));
        Assert.True(errors.TryGetProperty("action", out _));
        // The system counted the business days without checks: 適合 needs a reason.
        var checksMessage = errors.GetProperty("items.daily-checks.comment")[0].GetString()!;

        var wrongValue = await head.PostAsJsonAsync(url, new { items = new[] { new { key = ReviewChecklist.Trouble, answer = "Maybe" } } });
        Assert.Equal(HttpStatusCode.BadRequest, wrongValue.StatusCode);
        Assert.True((await wrongValue.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("items.answer", out _));
        var unknownProperty = await head.PostAsJsonAsync(url, new { items = Array.Empty<object>(), verdict = "ok" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownProperty.StatusCode);
        Assert.True((await unknownProperty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("verdict", out _));
        var noBody = await head.PostAsync(url, new StringContent("null", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, noBody.StatusCode);
        Assert.Equal(0, await app.DbAsync(db => db.AccountReviews.CountAsync(r => r.AccountId == id)));

        var created = await head.PostAsJsonAsync(url, Body(new() { [ReviewChecklist.DailyChecks] = ("NonConforming", "確認記録がない。") }, action: "毎朝の確認を徹底する。"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var dto = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("2026-06-01", dto.GetProperty("reviewedOn").GetString());
        Assert.True(dto.GetProperty("hasNonConformity").GetBoolean());
        // Listed 4/17, never checked: every business day from 4/20 to 5/29 (Golden Week excluded) is short.
        Assert.Equal(26, dto.GetProperty("dueCheckDays").GetInt32());
        Assert.Equal(26, dto.GetProperty("missedCheckDays").GetInt32());
        Assert.Contains("確認が2人未満の開庁日が26日あります", checksMessage, StringComparison.Ordinal);
        Assert.Equal("不適合", dto.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("key").GetString() == ReviewChecklist.DailyChecks).GetProperty("answerLabel").GetString());
        var one = await head.GetFromJsonAsync<JsonElement>(created.Headers.Location!.ToString());
        Assert.Equal(dto.GetProperty("id").GetGuid(), one.GetProperty("id").GetGuid());

        var list = await head.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal(1, list.GetProperty("reviews").GetArrayLength());
        Assert.Equal(ReviewChecklist.Items.Count, list.GetProperty("checklist").GetArrayLength());
        var schedule = list.GetProperty("schedule");
        Assert.Equal("2026-06-01", schedule.GetProperty("lastReviewOn").GetString());
        Assert.Equal("2026-07-01", schedule.GetProperty("dueOn").GetString());
        Assert.False(schedule.GetProperty("due").GetBoolean());

        // A recorded review is not changed or deleted over the API.
        var reviewUrl = created.Headers.Location!.ToString();
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await head.PutAsJsonAsync(reviewUrl, Body())).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await head.DeleteAsync(reviewUrl)).StatusCode);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized)]
    [InlineData("demo-admin", HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)]
    [InlineData("demo-operator", HttpStatusCode.OK, HttpStatusCode.Forbidden)]
    [InlineData("demo-head2", HttpStatusCode.NotFound, HttpStatusCode.NotFound)]
    [InlineData("demo-operator2", HttpStatusCode.NotFound, HttpStatusCode.NotFound)]
    [InlineData("demo-pr", HttpStatusCode.OK, HttpStatusCode.Forbidden)]
    [InlineData("demo-head", HttpStatusCode.OK, HttpStatusCode.Created)]
    public async Task Api_by_role(string? user, HttpStatusCode read, HttpStatusCode write)
    {
        var id = await app.ListedAccountAsync(Given.Policy("所属長確認テストAPI権限") with { PeriodEnd = FarEnd });
        var client = user is null ? app.Anonymous() : await app.ApiAsync(user);
        var url = $"/api/v1/accounts/{id}/reviews";
        Assert.Equal(read, (await client.GetAsync(url)).StatusCode);
        var post = await client.PostAsJsonAsync(url, Body());
        Assert.Equal(write, post.StatusCode);
        if (write == HttpStatusCode.Forbidden)
        {
            Assert.Equal("forbidden", (await post.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());
        }
        if (user is not null)
        {
            var missing = read == HttpStatusCode.Forbidden ? HttpStatusCode.Forbidden : HttpStatusCode.NotFound;
            Assert.Equal(missing, (await client.GetAsync($"/api/v1/accounts/{Guid.NewGuid()}/reviews")).StatusCode);
        }
    }

    [Fact]
    public async Task A_closed_account_is_not_reviewed_and_a_cookie_is_not_an_api_credential()
    {
        var closed = await app.DbAsync(db => db.Accounts.Where(a => a.Status == AccountStatus.Closed).Select(a => a.Id).FirstAsync());
        var head = await app.ApiAsync("demo-head");
        var response = await head.PostAsJsonAsync($"/api/v1/accounts/{closed}/reviews", Body());
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("review-not-applicable", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());
        var page = await (await app.SignInAsync("demo-head")).GetDocumentAsync($"/operations/{closed}/reviews");
        Assert.Null(page.QuerySelector("form.review-form"));
        Assert.Contains("運用状況の確認の対象ではありません", page.Text());

        var cookie = await app.SignInAsync("demo-head");
        Assert.Equal(HttpStatusCode.Unauthorized, (await cookie.GetAsync($"/api/v1/accounts/{closed}/reviews")).StatusCode);
    }

    [Theory]
    // Listed at 09:00 JST on the day; the clock is 2026-06-01 (monthly, 14 days' grace).
    [InlineData(2026, 5, 2, false, false)]   // due 6/2
    [InlineData(2026, 5, 1, true, false)]    // due 6/1: due today
    [InlineData(2026, 4, 18, true, false)]   // due 5/18: the 14th day of grace
    [InlineData(2026, 4, 17, true, true)]    // due 5/17: overdue from 6/1
    public async Task The_schedule_is_derived_from_the_listing_when_never_reviewed(int year, int month, int day, bool due, bool overdue)
    {
        var listedAt = new DateTimeOffset(year, month, day, 9, 0, 0, TimeSpan.FromHours(9)).ToUniversalTime();
        var id = await app.ListedAccountAsync(Given.Policy($"所属長確認テスト期限{month}{day}") with { PeriodEnd = FarEnd }, listedAt: listedAt);
        var pr = await app.ApiAsync("demo-pr");
        var schedule = (await pr.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{id}/reviews")).GetProperty("schedule");
        Assert.Equal(due, schedule.GetProperty("due").GetBoolean());
        Assert.Equal(overdue, schedule.GetProperty("overdue").GetBoolean());
        Assert.Equal(new DateOnly(year, month, day).AddMonths(1).ToString("yyyy-MM-dd"), schedule.GetProperty("dueOn").GetString());
        var entry = (await pr.GetFromJsonAsync<JsonElement>("/api/v1/board")).GetProperty("accounts").EnumerateArray().Single(e => e.GetProperty("accountId").GetGuid() == id);
        Assert.Equal(due, entry.GetProperty("reviewDue").GetBoolean());
        Assert.Equal(overdue, entry.GetProperty("reviewOverdue").GetBoolean());
    }

    [Fact]
    public async Task The_board_shows_the_overdue_review_until_the_head_records_one()
    {
        var id = await app.ListedAccountAsync(Given.Policy("所属長確認テストボード") with { PeriodEnd = FarEnd }, listedAt: AppFactory.Start.AddDays(-60));
        var pr = await app.ApiAsync("demo-pr2");
        JsonElement Entry(JsonElement board) => board.GetProperty("accounts").EnumerateArray().Single(e => e.GetProperty("accountId").GetGuid() == id);

        var before = Entry(await pr.GetFromJsonAsync<JsonElement>("/api/v1/board"));
        Assert.True(before.GetProperty("reviewOverdue").GetBoolean());
        Assert.True(before.GetProperty("reviewDue").GetBoolean());
        Assert.Equal(JsonValueKind.Null, before.GetProperty("lastReviewOn").ValueKind);
        Assert.True(before.GetProperty("needsAttention").GetBoolean());
        var overdueOnly = await pr.GetFromJsonAsync<JsonElement>("/api/v1/board?review=overdue");
        Assert.Contains(overdueOnly.GetProperty("accounts").EnumerateArray(), e => e.GetProperty("accountId").GetGuid() == id);
        Assert.All(overdueOnly.GetProperty("accounts").EnumerateArray(), e => Assert.True(e.GetProperty("reviewOverdue").GetBoolean()));
        var badFilter = await pr.GetAsync("/api/v1/board?review=late");
        Assert.Equal(HttpStatusCode.BadRequest, badFilter.StatusCode);
        Assert.True((await badFilter.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("review", out _));
        // The demo's 子育て応援 was last reviewed 75 days ago.
        Assert.Contains(overdueOnly.GetProperty("accounts").EnumerateArray(), e => e.GetProperty("accountName").GetString() == "なよろ子育て応援（デモ）");

        var board = await app.SignInAsync("demo-pr");
        var row = (await board.GetDocumentAsync("/board?review=overdue")).QuerySelector($"tr[data-account='{id}']")!;
        Assert.Contains("期限超過（令和8年5月2日）", row.QuerySelector(".review-cell")!.TextContent);
        var csv = Encoding.UTF8.GetString(await (await board.GetAsync("/board?review=overdue&handler=Csv")).Content.ReadAsByteArrayAsync());
        Assert.Contains("所属長の運用状況の確認", csv.Split("\r\n")[0], StringComparison.Ordinal);
        Assert.Contains("期限超過（記録なし・期限 2026-05-02）", csv.Split("\r\n").Single(l => l.Contains("所属長確認テストボード", StringComparison.Ordinal)), StringComparison.Ordinal);

        var head = await app.ApiAsync("demo-head");
        var rec = await head.PostAsJsonAsync($"/api/v1/accounts/{id}/reviews",
            Body(new() { [ReviewChecklist.DailyChecks] = ("NonConforming", "記録がない。") }, action: "確認を徹底する。"));
        Assert.True(HttpStatusCode.Created == rec.StatusCode, await rec.Content.ReadAsStringAsync());

        var after = Entry(await pr.GetFromJsonAsync<JsonElement>("/api/v1/board"));
        Assert.False(after.GetProperty("reviewOverdue").GetBoolean());
        Assert.False(after.GetProperty("reviewDue").GetBoolean());
        Assert.Equal("2026-06-01", after.GetProperty("lastReviewOn").GetString());
        Assert.Equal("2026-07-01", after.GetProperty("reviewDueOn").GetString());
        Assert.DoesNotContain((await pr.GetFromJsonAsync<JsonElement>("/api/v1/board?review=due")).GetProperty("accounts").EnumerateArray(),
            e => e.GetProperty("accountId").GetGuid() == id);
    }

    [Fact]
    public async Task The_head_sees_the_reviews_due_on_the_operations_page_and_the_home_page()
    {
        var id = await app.ListedAccountAsync(Given.Policy("所属長確認テスト一覧") with { PeriodEnd = FarEnd }, listedAt: AppFactory.Start.AddDays(-35));
        var head = await app.SignInAsync("demo-head");
        var ops = await head.GetDocumentAsync("/operations");
        var row = ops.QuerySelector($"tr[data-review-account='{id}']")!;
        Assert.Contains("確認の時期です", row.TextContent);
        Assert.Equal($"/operations/{id}/reviews", row.QuerySelector("a")!.GetAttribute("href"));
        // The demo account reviewed 12 days ago is not due.
        var demo = ops.QuerySelectorAll("tr[data-review-account]").Single(r => r.TextContent.Contains("名寄市観光情報（デモ）", StringComparison.Ordinal));
        Assert.Contains("記録を見る", demo.TextContent);
        Assert.DoesNotContain(ops.QuerySelectorAll("tr[data-review-account]"), r => r.TextContent.Contains("なよろ子育て応援", StringComparison.Ordinal));

        var home = await head.GetDocumentAsync("/home");
        var notice = home.QuerySelectorAll(".review-reminder a").Single(a => a.GetAttribute("href") == $"/operations/{id}/reviews");
        Assert.Contains("運用状況の確認の時期です", notice.TextContent);
        // Operators are not asked: the block is the head's.
        Assert.Null((await (await app.SignInAsync("demo-operator")).GetDocumentAsync("/operations")).QuerySelector("section.head-reviews"));
        Assert.Empty((await (await app.SignInAsync("demo-operator")).GetDocumentAsync("/home")).QuerySelectorAll(".review-reminder"));
    }
}
