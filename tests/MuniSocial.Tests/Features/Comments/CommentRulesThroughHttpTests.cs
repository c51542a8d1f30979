using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Domain.Comments;
using MuniSocial.Domain.Incidents;
using MuniSocial.Jobs;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Comments;

/// <summary>
/// The reply policy (§5(1)キ), moderation (§5(5)ウ(イ)) and retention through the pages and the API: what is refused
/// saves nothing; the decision outlives the redaction; the audit holds no comment text and its chain still verifies.
/// </summary>
public sealed class CommentRulesThroughHttpTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage r, HttpStatusCode status)
    {
        Assert.Equal(status, r.StatusCode);
        return await r.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task A_moderation_on_a_bad_day_is_recorded_on_the_accounts_open_incidents_without_the_comments_text()
    {
        var account = await app.ListedAccountAsync(Given.Policy("偽情報の日"));
        var other = await app.ListedAccountAsync(Given.Policy("別のアカウント"));
        var falseInfo = await app.IncidentAsync(IncidentKind.FalseInformation, account, summary: "断水するというデマが広がっている。");
        var flaming = await app.IncidentAsync(IncidentKind.Flaming, account, summary: "断水の告知に批判が集まっている。");
        var elsewhere = await app.IncidentAsync(IncidentKind.Flaming, other, summary: "別のアカウントの炎上。");
        const string text = "明日から市内全域で1週間断水するらしい。水を買い占めろ！";
        var id = await app.CommentAsync(account, text);

        var api = await app.ApiAsync("demo-operator");
        var moderated = await api.PostAsJsonAsync($"/api/v1/comments/{id}/moderation", new { categories = new[] { 8, 2 }, note = "事実と異なる断水情報", action = "Hide" });
        Assert.Equal(HttpStatusCode.OK, moderated.StatusCode);

        var incidents = await app.DbAsync(db => db.Incidents.AsNoTracking().Where(i => i.Id == falseInfo || i.Id == flaming || i.Id == elsewhere).ToListAsync());
        var step = Assert.Single(incidents.Single(i => i.Id == falseInfo).Steps, s => s.Text.Contains($"/comments/{id}", StringComparison.Ordinal));
        Assert.Equal("malicious-moderated", step.PlaybookItem);
        Assert.Equal($"利用者の書込みを運用ポリシーの注意事項⑵⑻により非表示にしました（/comments/{id}）。", step.Text);
        Assert.True(incidents.Single(i => i.Id == falseInfo).IsDone("malicious-moderated"));
        Assert.Null(Assert.Single(incidents.Single(i => i.Id == flaming).Steps, s => s.Text.Contains($"/comments/{id}", StringComparison.Ordinal)).PlaybookItem);
        Assert.DoesNotContain(incidents.Single(i => i.Id == elsewhere).Steps, s => s.Text.Contains($"/comments/{id}", StringComparison.Ordinal));
        var audit = await app.DbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityType == "Incident").ToListAsync());
        Assert.DoesNotContain(audit, e => (e.After ?? "").Contains("断水するらしい", StringComparison.Ordinal));
    }

    [Fact]
    public async Task On_a_no_reply_account_the_page_offers_no_reply_and_says_why_and_both_apis_refuse_one()
    {
        var account = await app.ListedAccountAsync(Given.Policy("返信しないテスト"));
        var api = await app.ApiAsync("demo-operator");
        var created = await api.PostAsJsonAsync($"/api/v1/accounts/{account}/comments", new { text = "開館時間を教えてください。", authorHandle = "@citizen_nr", kind = "comment" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/comments/{id}", created.Headers.Location!.ToString());

        var page = await (await app.SignInAsync("demo-operator")).GetDocumentAsync($"/comments/{id}");
        Assert.Null(page.QuerySelector("form[action*='handler=Reply']"));
        Assert.Null(page.QuerySelector("form[action*='handler=Interim']"));
        Assert.Contains("原則として行いません。個別の回答はできませんので、あらかじめ御了承ください。", page.QuerySelector("#no-reply")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("form[action*='handler=Moderate']"));

        var reply = await ProblemAsync(await api.PostAsJsonAsync($"/api/v1/comments/{id}/reply", new { text = "9時から17時です。" }), HttpStatusCode.Conflict);
        Assert.Equal("replies-not-offered", reply.GetProperty("rule").GetString());
        var interim = await ProblemAsync(await api.PostAsJsonAsync($"/api/v1/comments/{id}/interim-answer", new { text = "確認します。", formalDueOn = "2026-06-10" }), HttpStatusCode.Conflict);
        Assert.Equal("replies-not-offered", interim.GetProperty("rule").GetString());
        var post = await ProblemAsync(await api.PostAsJsonAsync("/api/v1/posts", new { accountId = account, kind = "Reply", text = "9時から17時です。", replyTo = "@citizen_nr" }), HttpStatusCode.Conflict);
        Assert.Equal("replies-not-offered", post.GetProperty("rule").GetString());
        Assert.Equal(0, await app.DbAsync(db => db.Posts.CountAsync(p => p.AccountId == account)));
        Assert.Equal(CommentStatus.Open, (await app.CommentOfAsync(id)).Status);
    }

    [Fact]
    public async Task The_api_records_answers_a_duplicate_with_409_and_the_existing_id_and_reads_kinds_in_any_case()
    {
        var account = await app.ListedAccountAsync(Given.ReplyingPolicy("API記録テスト"));
        var api = await app.ApiAsync("demo-operator");
        var first = await api.PostAsJsonAsync($"/api/v1/accounts/{account}/comments", new { text = "質問です。", url = "x.com/citizen_api/status/8001", kind = "DIRECTMESSAGE" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var body = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("DirectMessage", "@citizen_api"), (body.GetProperty("kind").GetString(), body.GetProperty("authorHandle").GetString()));

        var again = await ProblemAsync(await api.PostAsJsonAsync($"/api/v1/accounts/{account}/comments", new { text = "質問です。", url = "https://twitter.com/citizen_api/status/8001?s=20" }), HttpStatusCode.Conflict);
        Assert.Equal(("comment-duplicate", body.GetProperty("id").GetGuid()), (again.GetProperty("rule").GetString(), again.GetProperty("existingId").GetGuid()));
        var bad = await ProblemAsync(await api.PostAsJsonAsync($"/api/v1/accounts/{account}/comments", new { text = "質問", authorHandle = "@a", kind = "Tweet" }), HttpStatusCode.BadRequest);
        Assert.Equal("validation", bad.GetProperty("rule").GetString());
        var wrong = await ProblemAsync(await api.PostAsJsonAsync($"/api/v1/accounts/{account}/comments", new { text = "質問", url = "https://www.instagram.com/p/C7abc/c/1801/" }), HttpStatusCode.BadRequest);
        Assert.Contains("Instagramの書込みですが、アカウントはX（旧Twitter）です", wrong.GetProperty("errors").GetProperty("url")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await app.DbAsync(db => db.Comments.CountAsync(c => c.AccountId == account)));

        // Interim answer through the API: a draft reply post flagged interim; a stale If-Match is refused.
        var id = body.GetProperty("id").GetGuid();
        var stale = await api.SendAsync(IfMatch.Request(HttpMethod.Post, $"/api/v1/comments/{id}/interim-answer", new { text = "確認します。", formalDueOn = "2026-06-10" }, "\"99\""));
        await IfMatch.AssertConcurrencyAsync(stale);
        var noDate = await ProblemAsync(await api.PostAsJsonAsync($"/api/v1/comments/{id}/interim-answer", new { text = "確認します。" }), HttpStatusCode.BadRequest);
        Assert.Equal("暫定回答には、正式な回答の予定日を入力してください。", noDate.GetProperty("errors").GetProperty("formalDueOn")[0].GetString());
        var made = await api.PostAsJsonAsync($"/api/v1/comments/{id}/interim-answer", new { text = "確認して回答します。", formalDueOn = "2026-06-10" });
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        var reply = await made.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((true, "Draft"), (reply.GetProperty("interim").GetBoolean(), reply.GetProperty("status").GetString()));
        Assert.Equal("InProgress", (await api.GetFromJsonAsync<JsonElement>($"/api/v1/comments/{id}")).GetProperty("status").GetString());

        // No action needed: the reason is required; then the comment is closed.
        var noReason = await ProblemAsync(await api.PostAsJsonAsync($"/api/v1/comments/{id}/status", new { status = "NoActionNeeded" }), HttpStatusCode.BadRequest);
        Assert.Equal("対応不要とする理由を入力してください（例: 感想のため回答不要）。", noReason.GetProperty("errors").GetProperty("reason")[0].GetString());
        var closed = await api.PostAsJsonAsync($"/api/v1/comments/{id}/status", new { status = "noactionneeded", reason = "電話で回答済みのため" });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        var after = await closed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("NoActionNeeded", "電話で回答済みのため"), (after.GetProperty("status").GetString(), after.GetProperty("noActionReason").GetString()));
        Assert.Equal(["Moderate", "Reopen"], after.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal($"\"{after.GetProperty("version").GetInt32()}\"", IfMatch.ETagOf(closed));
    }

    [Fact]
    public async Task The_content_checks_suggestions_are_marked_as_candidates_and_not_ticked()
    {
        var account = await app.ListedAccountAsync(Given.Policy("候補テスト"));
        var id = await app.CommentAsync(account, "山田さんの電話番号は090-1234-5678です。みんなで電話しよう。");
        var page = await (await app.SignInAsync("demo-operator")).GetDocumentAsync($"/comments/{id}");

        var form = page.QuerySelector("form[action*='handler=Moderate']")!;
        Assert.Equal(12, form.QuerySelectorAll("input[name=Categories]").Length);
        Assert.Empty(form.QuerySelectorAll("input[name=Categories][checked]"));
        var candidates = form.QuerySelectorAll("strong.candidate").Select(c => c.PreviousElementSibling!.TextContent.Trim()).ToList();
        Assert.Contains(candidates, c => c.StartsWith("⑼ 本人の承諾なく個人情報を特定", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Moderation_needs_a_category_keeps_the_decision_and_retention_redacts_after_the_period_not_before()
    {
        var account = await app.ListedAccountAsync(Given.Policy("非表示・保存期間テスト"));
        const string text = "【副業】自宅で月50万円！詳しくはプロフィールへ shop_demo_777";
        var id = await app.CommentAsync(account, text, url: "https://x.com/shop_demo_777/status/9100", author: "@shop_demo_777");
        var op = await app.SignInAsync("demo-operator");

        // The form marks suggestions as 候補 but ticks nothing; without a category nothing is saved.
        var form = await op.GetDocumentAsync($"/comments/{id}");
        Assert.Empty(form.QuerySelectorAll("form[action*='handler=Moderate'] input[name=Categories][checked]"));
        var refused = await op.SubmitAsync($"/comments/{id}", new() { ["Action"] = ["Hide"], ["Note"] = ["宣伝のため"] }, handler: "Moderate");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("注意事項⑴〜⑿から1つ以上選んでください", (await Html.ParseAsync(refused)).QuerySelector(".errors")!.TextContent, StringComparison.Ordinal);
        var api = await app.ApiAsync("demo-operator");
        var noCategory = await ProblemAsync(await api.PostAsJsonAsync($"/api/v1/comments/{id}/moderation", new { categories = Array.Empty<int>(), note = "宣伝", action = "Delete" }), HttpStatusCode.BadRequest);
        Assert.True(noCategory.GetProperty("errors").TryGetProperty("categories", out _));
        Assert.Equal((CommentStatus.Open, (ModerationAction?)null), ((await app.CommentOfAsync(id)).Status, (await app.CommentOfAsync(id)).Moderation));

        // With ⑸ and ⑾, hidden: the decision is recorded and the comment stays in the record, with its categories.
        var done = await op.SubmitAsync($"/comments/{id}", new() { ["Categories"] = ["5", "11"], ["Action"] = ["Hide"], ["Note"] = ["投稿と無関係な副業の宣伝のため非表示"] }, handler: "Moderate");
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var moderated = await app.CommentOfAsync(id);
        Assert.Equal((CommentStatus.Moderated, ModerationAction.Hide, "5,11"), (moderated.Status, moderated.Moderation!.Value, moderated.ModerationCategoryNumbers!));
        var list = await op.GetDocumentAsync($"/accounts/{account}/comments?Status=Moderated");
        Assert.NotNull(list.QuerySelector($"a[href='/comments/{id}']"));
        var detail = await op.GetDocumentAsync($"/comments/{id}");
        Assert.Equal(["⑸ 広告、宣伝、勧誘、営業活動、その他営利を目的とするもの", "⑾ 本ソーシャルメディアに全く関係しないもの"],
            detail.QuerySelectorAll("ul.moderation-categories li").Select(li => li.TextContent.Trim()));

        // The PR office sets 30 days; the job redacts at 30 days after closing, not a second before.
        var pr = await app.SignInAsync("demo-pr");
        Assert.Equal(HttpStatusCode.Redirect, (await pr.SubmitAsync("/comments/settings", new() { ["RetentionDays"] = ["30"] })).StatusCode);
        var tooShort = await pr.SubmitAsync("/comments/settings", new() { ["RetentionDays"] = ["7"] });
        Assert.Contains("保存期間は30日以上3650日以下の日数で入力してください。", (await Html.ParseAsync(tooShort)).QuerySelector(".errors")!.TextContent, StringComparison.Ordinal);
        var closed = moderated.ClosedAt!.Value;
        var runner = app.Services.GetRequiredService<JobRunner>();
        app.Clock.SetUtcNow(closed.AddDays(30).AddSeconds(-1));
        await runner.RunAsync(CommentRetentionJob.Name, "schedule", CancellationToken.None);
        Assert.Equal(text, (await app.CommentOfAsync(id)).Text);
        app.Clock.SetUtcNow(closed.AddDays(30));
        await runner.RunAsync(CommentRetentionJob.Name, "schedule", CancellationToken.None);
        await runner.RunAsync(CommentRetentionJob.Name, "schedule", CancellationToken.None);
        var redacted = await app.CommentOfAsync(id);
        Assert.Equal(("", "", (string?)null), (redacted.Text, redacted.AuthorHandle, redacted.Url));
        Assert.Equal((CommentStatus.Moderated, "5,11", "投稿と無関係な副業の宣伝のため非表示"), (redacted.Status, redacted.ModerationCategoryNumbers!, redacted.ModerationNote!));
        Assert.NotNull(redacted.RedactedAt);
        Assert.Equal(1, await app.DbAsync(db => db.AuditEntries.CountAsync(e => e.EntityId == id.ToString() && e.Action == "comment.redacted")));

        // The audit holds no text of the comment, not its author; its chain verifies after the redaction.
        var rows = await app.DbAsync(db => db.AuditEntries.AsNoTracking().ToListAsync());
        Assert.DoesNotContain(rows, e => $"{e.Before}{e.After}{e.Reason}".Contains("月50万円", StringComparison.Ordinal)
            || $"{e.Before}{e.After}{e.Reason}".Contains("shop_demo_777", StringComparison.Ordinal));
        Assert.Contains(rows, e => e.EntityId == id.ToString() && e.After!.Contains(redacted.TextSha256, StringComparison.Ordinal));
        var verification = await (await app.ApiAsync("demo-pr")).PostAsync("/api/v1/audit/verification", null);
        Assert.True((await verification.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("intact").GetBoolean());
    }
}
