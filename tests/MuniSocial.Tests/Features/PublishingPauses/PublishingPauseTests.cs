using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Posts;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.PublishingPauses;

/// <summary>
/// §5(5) the crisis switch through the front door: the PR office pauses and lifts on /publishing-pause and
/// /api/v1/publishing-pause; while paused the head's approval and the publish record are refused (409
/// publishing-paused, form error on the page) and nothing changes; every staff page says so; the lift lists what
/// was held for the head to release or cancel. Each test lifts what it paused, so the class's database stays unpaused.
/// </summary>
public sealed class PublishingPauseTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Banner = "発信を一時停止中:";

    private static async Task<JsonElement> Json(HttpResponseMessage r) => await r.Content.ReadFromJsonAsync<JsonElement>();

    private static async Task<JsonElement> AssertRule(HttpResponseMessage r, HttpStatusCode status, string rule)
    {
        Assert.Equal(status, r.StatusCode);
        var problem = await Json(r);
        Assert.Equal(rule, problem.GetProperty("rule").GetString());
        return problem;
    }

    private Task<PostStatus> StatusOf(Guid post) => app.DbAsync(db => db.Posts.Where(p => p.Id == post).Select(p => p.Status).SingleAsync());

    [Fact]
    public async Task Api_while_paused_approval_and_publish_record_are_409_and_nothing_changes_then_after_the_lift_they_work()
    {
        var account = await app.ListedAccountAsync();
        var waiting = await app.AwaitingApprovalPostAsync(account);
        var approved = await app.ApprovedPostAsync(account);
        var pr = await app.ApiAsync("demo-pr");
        var head = await app.ApiAsync("demo-head");
        var op = await app.ApiAsync("demo-operator");

        var paused = await pr.PostAsJsonAsync("/api/v1/publishing-pause", new { accountId = account, reason = "なりすましアカウントの確認中" });
        Assert.Equal(HttpStatusCode.Created, paused.StatusCode);
        var pauseId = (await Json(paused)).GetProperty("pause").GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/publishing-pause/{pauseId}", paused.Headers.Location!.OriginalString);
        await AssertRule(await pr.PostAsJsonAsync("/api/v1/publishing-pause", new { accountId = account, reason = "二重" }), HttpStatusCode.Conflict, "already-paused");

        var review = await AssertRule(await head.PostAsJsonAsync($"/api/v1/posts/{waiting}/review", new { decision = "Approve" }), HttpStatusCode.Conflict, "publishing-paused");
        Assert.Contains("なりすましアカウントの確認中", review.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertRule(await op.PostAsJsonAsync($"/api/v1/posts/{approved}/publish", new { publishedUrl = "https://x.com/nayoro/status/7", publishedAt = app.Clock.GetUtcNow() }),
            HttpStatusCode.Conflict, "publishing-paused");
        Assert.Equal(PostStatus.AwaitingApproval, await StatusOf(waiting));
        Assert.Equal(PostStatus.Approved, await StatusOf(approved));

        var overview = await Json(await op.GetAsync("/api/v1/publishing-pause"));
        Assert.Contains(overview.GetProperty("active").EnumerateArray(), p => p.GetProperty("id").GetGuid() == pauseId);

        var lift = await pr.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/publishing-pause/{pauseId}") { Content = JsonContent.Create(new { note = "確認が終わりました。" }) });
        Assert.Equal(HttpStatusCode.OK, lift.StatusCode);
        var lifted = await Json(lift);
        Assert.False(lifted.GetProperty("pause").GetProperty("active").GetBoolean());
        Assert.Equal("確認が終わりました。", lifted.GetProperty("pause").GetProperty("liftNote").GetString());
        var held = Assert.Single(lifted.GetProperty("held").EnumerateArray());
        Assert.Equal(approved, held.GetProperty("postId").GetGuid());
        Assert.Equal($"/posts/{approved}", held.GetProperty("url").GetString());
        await AssertRule(await pr.DeleteAsync($"/api/v1/publishing-pause/{pauseId}"), HttpStatusCode.Conflict, "pause-lifted");

        Assert.Equal(HttpStatusCode.OK, (await head.PostAsJsonAsync($"/api/v1/posts/{waiting}/review", new { decision = "Approve" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await op.PostAsJsonAsync($"/api/v1/posts/{approved}/publish",
            new { publishedUrl = "https://x.com/nayoro/status/8", publishedAt = app.Clock.GetUtcNow() })).StatusCode);
        Assert.Equal(PostStatus.Approved, await StatusOf(waiting));
        Assert.Equal(PostStatus.Published, await StatusOf(approved));
        var audit = await app.DbAsync(db => db.AuditEntries.Where(e => e.EntityId == pauseId.ToString()).Select(e => e.Action).ToListAsync());
        Assert.Equal(["publishing.paused", "publishing.resumed"], audit.Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task Api_pausing_all_accounts_an_unknown_account_and_a_missing_reason()
    {
        var pr = await app.ApiAsync("demo-pr");
        await AssertRule(await pr.PostAsJsonAsync("/api/v1/publishing-pause", new { reason = "  " }), HttpStatusCode.BadRequest, "validation");
        Assert.Equal(HttpStatusCode.NotFound, (await pr.PostAsJsonAsync("/api/v1/publishing-pause", new { accountId = Guid.NewGuid(), reason = "確認中" })).StatusCode);
        Assert.Equal(0, await app.DbAsync(db => db.PublishingPauses.CountAsync(p => p.LiftedAt == null)));

        var all = await pr.PostAsJsonAsync("/api/v1/publishing-pause", new { reason = "市全体のアカウントを確認中" });
        Assert.Equal(HttpStatusCode.Created, all.StatusCode);
        var pause = (await Json(all)).GetProperty("pause");
        Assert.Equal("すべてのアカウント", pause.GetProperty("scope").GetString());
        await AssertRule(await pr.PostAsJsonAsync("/api/v1/publishing-pause", new { reason = "二重" }), HttpStatusCode.Conflict, "already-paused");

        var account = await app.ListedAccountAsync();
        var waiting = await app.AwaitingApprovalPostAsync(account);
        await AssertRule(await (await app.ApiAsync("demo-head")).PostAsJsonAsync($"/api/v1/posts/{waiting}/review", new { decision = "Approve" }),
            HttpStatusCode.Conflict, "publishing-paused");

        var id = pause.GetProperty("id").GetGuid();
        var get = await pr.GetAsync($"/api/v1/publishing-pause/{id}");
        var etag = get.Headers.ETag!.Tag;
        var stale = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/publishing-pause/{id}?note=old");
        stale.Headers.TryAddWithoutValidation("If-Match", "\"99\"");
        await AssertRule(await pr.SendAsync(stale), HttpStatusCode.Conflict, "concurrency");
        var lift = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/publishing-pause/{id}?note=%E8%A7%A3%E9%99%A4");
        lift.Headers.TryAddWithoutValidation("If-Match", etag);
        var lifted = await pr.SendAsync(lift);
        Assert.Equal(HttpStatusCode.OK, lifted.StatusCode);
        Assert.Equal("解除", (await Json(lifted)).GetProperty("pause").GetProperty("liftNote").GetString());
    }

    [Fact]
    public async Task Page_while_paused_the_head_is_not_offered_approval_a_forced_approval_and_publish_record_are_form_errors_and_nothing_changes()
    {
        var account = await app.ListedAccountAsync();
        var waiting = await app.AwaitingApprovalPostAsync(account);
        var approved = await app.ApprovedPostAsync(account);
        var op = await app.SignInAsync("demo-operator");
        var head = await app.SignInAsync("demo-head");
        // The publish form as the operator saw it before the pause.
        var before = await op.GetDocumentAsync(PostForms.PageOf(approved, "Publish", new Dictionary<string, string> { ["PublishedUrl"] = "https://x.com/nayoro/status/5", ["PublishedAt"] = MuniSocial.Features.Posts.PostPages.ToLocal(app.Clock.GetUtcNow()) }));
        var publishForm = before.Forms.Single(f => (f.GetAttribute("action") ?? "").Contains("handler=Publish", StringComparison.Ordinal));
        var token = publishForm.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        var version = publishForm.QuerySelector<IHtmlInputElement>("input[name=Version]")!.Value;

        var pr = await app.SignInAsync("demo-pr");
        var paused = await pr.SubmitAsync("/publishing-pause", new() { ["Input.AccountId"] = [account.ToString()], ["Input.Reason"] = ["乗っ取りの疑いを確認中"] }, handler: "Pause");
        StaffPages.AssertRedirect(paused, "/publishing-pause");
        var pauseId = await app.DbAsync(db => db.PublishingPauses.Where(p => p.AccountId == account && p.LiftedAt == null).Select(p => p.Id).SingleAsync());

        var page = await head.GetDocumentAsync($"/posts/{waiting}");
        Assert.Null(page.QuerySelector("input[name=Decision][value=Approve]"));
        Assert.NotNull(page.QuerySelector("input[name=Decision][value=SendBack]"));
        Assert.Contains("このアカウントの発信は一時停止中のため、承認できません（理由: 乗っ取りの疑いを確認中）", page.Text(), StringComparison.Ordinal);
        var forced = await head.SubmitAsync($"/posts/{waiting}", new() { ["Decision"] = ["Approve"] }, handler: "Review");
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        Assert.Contains("承認できません（理由: 乗っ取りの疑いを確認中）", (await Html.ParseAsync(forced)).QuerySelector(".errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(PostStatus.AwaitingApproval, await StatusOf(waiting));

        var publishPage = await op.GetDocumentAsync($"/posts/{approved}");
        Assert.DoesNotContain(publishPage.Forms, f => (f.GetAttribute("action") ?? "").Contains("/check/record", StringComparison.Ordinal));
        Assert.Contains("公開を記録できません", publishPage.Text(), StringComparison.Ordinal);
        var publish = await op.PostAsync($"/posts/{approved}?handler=Publish", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token!,
            ["Version"] = version!,
            ["PublishedUrl"] = "https://x.com/nayoro/status/5",
            ["PublishedAt"] = "2026-06-01T09:00",
        }));
        Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
        Assert.Contains("公開を記録できません", (await Html.ParseAsync(publish)).QuerySelector(".errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(PostStatus.Approved, await StatusOf(approved));

        var lifted = await pr.SubmitAsync("/publishing-pause", new() { ["PauseId"] = [pauseId.ToString()], ["Note"] = ["確認済み"] }, handler: "Lift");
        StaffPages.AssertRedirect(lifted, $"/publishing-pause/{pauseId}");
        var approve = await head.SubmitAsync($"/posts/{waiting}", new() { ["Decision"] = ["Approve"] }, handler: "Review");
        Assert.Equal(HttpStatusCode.Redirect, approve.StatusCode);
        Assert.Equal(PostStatus.Approved, await StatusOf(waiting));
    }

    [Fact]
    public async Task The_banner_is_on_every_staff_page_while_paused_and_gone_after_the_lift()
    {
        var account = await app.ListedAccountAsync(Given.Policy("名寄市バナーテスト"));
        var pauseId = await app.PausedAsync(account, "偽アカウントの確認中");
        var op = await app.SignInAsync("demo-operator");
        var head = await app.SignInAsync("demo-head");
        foreach (var (client, url) in new[] { (op, "/home"), (op, "/posts"), (head, "/accounts"), (head, "/operations") })
        {
            var text = (await client.GetDocumentAsync(url)).QuerySelector(".pause-banner")?.TextContent ?? "";
            Assert.Contains(Banner, text, StringComparison.Ordinal);
            Assert.Contains("名寄市バナーテスト（偽アカウントの確認中）", text, StringComparison.Ordinal);
            Assert.Contains("市広報担当が解除するまで承認・発信はできません", text, StringComparison.Ordinal);
        }
        Assert.Null((await app.Anonymous().GetDocumentAsync("/")).QuerySelector(".pause-banner"));

        var pr = await app.SignInAsync("demo-pr");
        StaffPages.AssertRedirect(await pr.SubmitAsync("/publishing-pause", new() { ["PauseId"] = [pauseId.ToString()] }, handler: "Lift"), $"/publishing-pause/{pauseId}");
        Assert.Null((await op.GetDocumentAsync("/home")).QuerySelector(".pause-banner"));
        Assert.Null((await head.GetDocumentAsync("/accounts")).QuerySelector(".pause-banner"));
    }

    [Fact]
    public async Task Through_the_api_the_head_releases_and_cancels_held_posts_and_nobody_else_may()
    {
        var account = await app.ListedAccountAsync(Given.Policy("名寄市保留APIテスト"));
        var keep = await app.ApprovedPostAsync(account, "花火大会は予定どおり開催します。");
        var drop = await app.ApprovedPostAsync(account, "本日の除雪情報です（保留）。");
        var pauseId = await app.PausedAsync(account);
        var pr = await app.ApiAsync("demo-pr");
        var head = await app.ApiAsync("demo-head");
        var op = await app.ApiAsync("demo-operator");

        // While paused nothing is held yet: a release is refused.
        await AssertRule(await head.PostAsync($"/api/v1/posts/{keep}/held-release", null), HttpStatusCode.Conflict, "not-held");
        Assert.Equal(HttpStatusCode.OK, (await pr.DeleteAsync($"/api/v1/publishing-pause/{pauseId}")).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await op.PostAsync($"/api/v1/posts/{keep}/held-release", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await op.PostAsJsonAsync($"/api/v1/posts/{drop}/held-cancel", new { reason = "不要" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await head.PostAsync($"/api/v1/posts/{keep}/held-release", null)).StatusCode);
        var cancelled = await head.PostAsJsonAsync($"/api/v1/posts/{drop}/held-cancel", new { reason = "時機を逸したため" });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("Rejected", (await Json(cancelled)).GetProperty("status").GetString());
        await AssertRule(await head.PostAsync($"/api/v1/posts/{keep}/held-release", null), HttpStatusCode.Conflict, "not-held");

        Assert.Equal(PostStatus.Approved, await StatusOf(keep));
        Assert.Equal(PostStatus.Rejected, await StatusOf(drop));
        Assert.Equal(0, await app.DbAsync(db => db.HeldPosts.CountAsync(h => (h.PostId == keep || h.PostId == drop) && h.Outcome == null)));
    }

    [Fact]
    public async Task After_the_lift_the_held_posts_are_listed_and_the_head_releases_one_and_cancels_the_other()
    {
        var account = await app.ListedAccountAsync(Given.Policy("名寄市保留テスト"));
        var keep = await app.ApprovedPostAsync(account, "7月の花火大会は予定どおり開催します。");
        var drop = await app.ApprovedPostAsync(account, "本日の除雪情報です。");
        var pauseId = await app.PausedAsync(account);
        var pr = await app.SignInAsync("demo-pr");

        var lifted = await pr.SubmitAsync("/publishing-pause", new() { ["PauseId"] = [pauseId.ToString()], ["Note"] = ["確認が終わりました"] }, handler: "Lift");
        StaffPages.AssertRedirect(lifted, $"/publishing-pause/{pauseId}");
        var confirmation = await pr.GetDocumentAsync($"/publishing-pause/{pauseId}");
        Assert.Contains("保留されていた承認済みの発信が 2 件あります", confirmation.Text(), StringComparison.Ordinal);
        Assert.NotNull(confirmation.QuerySelector($"a[href='/posts/{keep}']"));
        Assert.NotNull(confirmation.QuerySelector($"a[href='/posts/{drop}']"));

        var head = await app.SignInAsync("demo-head");
        var home = await head.GetDocumentAsync("/home");
        Assert.NotNull(home.QuerySelector($"#held-heading ~ ul a[href='/posts/{keep}']"));
        Assert.NotNull(home.QuerySelector($"#held-heading ~ ul a[href='/posts/{drop}']"));

        var op = await app.SignInAsync("demo-operator");
        Assert.DoesNotContain((await op.GetDocumentAsync($"/posts/{keep}")).Forms, f => (f.GetAttribute("action") ?? "").Contains("handler=Release", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Redirect, (await head.SubmitAsync($"/posts/{keep}", handler: "Release")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await head.SubmitAsync($"/posts/{drop}", new() { ["Comment"] = ["時機を逸したため"] }, handler: "CancelHeld")).StatusCode);

        Assert.Equal(PostStatus.Approved, await StatusOf(keep));
        Assert.Equal(PostStatus.Rejected, await StatusOf(drop));
        var trail = await app.DbAsync(db => db.AuditEntries.Where(e => e.EntityId == keep.ToString() || e.EntityId == drop.ToString())
            .Where(e => e.Action.StartsWith("post.held-")).ToListAsync());
        Assert.Equal("post.held-released", trail.Single(e => e.EntityId == keep.ToString()).Action);
        var cancel = trail.Single(e => e.EntityId == drop.ToString());
        Assert.Equal("post.held-cancelled", cancel.Action);
        Assert.Equal("一時停止中に保留された発信を取りやめ: 時機を逸したため", cancel.Reason);
        var homeAfter = await head.GetDocumentAsync("/home");
        Assert.Null(homeAfter.QuerySelector($"#held-heading ~ ul a[href='/posts/{keep}']"));
        Assert.Null(homeAfter.QuerySelector($"#held-heading ~ ul a[href='/posts/{drop}']"));
        var after = (await pr.GetDocumentAsync($"/publishing-pause/{pauseId}")).Text();
        Assert.Contains("発信を再開", after, StringComparison.Ordinal);
        Assert.Contains("取りやめ", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hijack_pause_is_not_lifted_while_its_incident_is_open_page_and_api()
    {
        var account = await app.ListedAccountAsync();
        var pauseId = await app.HijackPausedAsync(account);
        var pr = await app.ApiAsync("demo-pr");

        await AssertRule(await pr.DeleteAsync($"/api/v1/publishing-pause/{pauseId}"), HttpStatusCode.Conflict, "incident-open");
        var page = await (await app.SignInAsync("demo-pr")).SubmitAsync("/publishing-pause", new() { ["PauseId"] = [pauseId.ToString()] }, handler: "Lift");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("乗っ取りのインシデントが対応中のため、一時停止は解除できません", (await Html.ParseAsync(page)).QuerySelector(".errors")!.TextContent, StringComparison.Ordinal);
        Assert.True(await app.DbAsync(db => db.PublishingPauses.AnyAsync(p => p.Id == pauseId && p.LiftedAt == null)));

        // The access recovered (a hijack closes only after it) and the incident closed by the PR office: the pause lifts.
        var incidentId = await app.DbAsync(db => db.PublishingPauses.Where(p => p.Id == pauseId).Select(p => p.IncidentId!.Value).SingleAsync());
        var op = await app.ApiAsync("demo-operator");
        var keeperUser = await app.DbAsync(db => db.Users.Where(u => u.UserName == "demo-operator3").Select(u => u.Id).SingleAsync());
        var keeper = await op.PostAsJsonAsync($"/api/v1/accounts/{account}/access-holders", new { kind = "CredentialKeeper", userId = keeperUser });
        Assert.Equal(HttpStatusCode.Created, keeper.StatusCode);
        var holders = await app.DbAsync(db => db.AccessHolders.Where(h => h.AccountId == account && h.RemovedAt == null).Select(h => h.Id).ToListAsync());
        Assert.True((await op.PutAsJsonAsync($"/api/v1/accounts/{account}/access-holders/two-factor", new { enabled = true, codeRecipient = "所属の業務用携帯" })).IsSuccessStatusCode);
        var reset = await op.PostAsJsonAsync($"/api/v1/incidents/{incidentId}/access-reset", new { accountId = account, reviewedHolderIds = holders, passwordChanged = true });
        Assert.True(reset.IsSuccessStatusCode, await reset.Content.ReadAsStringAsync());
        var closed = await pr.PostAsJsonAsync($"/api/v1/incidents/{incidentId}/closure", new { note = "アクセスを回復しました。", openItemsReason = "試験のため注意喚起は行わない。" });
        Assert.True(closed.IsSuccessStatusCode, await closed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await pr.DeleteAsync($"/api/v1/publishing-pause/{pauseId}")).StatusCode);
    }

    [Theory]
    [InlineData("demo-operator")]
    [InlineData("demo-head")]
    [InlineData("demo-admin")]
    public async Task Only_the_pr_office_opens_the_pages_and_pauses_or_lifts_through_the_api(string user)
    {
        var pauseId = await app.PausedAsync(null, "役割のテスト");
        try
        {
            var web = await app.SignInAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await web.GetAsync("/publishing-pause")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await web.GetAsync($"/publishing-pause/{pauseId}")).StatusCode);
            var api = await app.ApiAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsJsonAsync("/api/v1/publishing-pause", new { reason = "止めます" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await api.DeleteAsync($"/api/v1/publishing-pause/{pauseId}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync($"/api/v1/publishing-pause/{pauseId}")).StatusCode);
            Assert.Equal(user == "demo-admin" ? HttpStatusCode.Forbidden : HttpStatusCode.OK, (await api.GetAsync("/api/v1/publishing-pause")).StatusCode);
            Assert.True(await app.DbAsync(db => db.PublishingPauses.AnyAsync(p => p.Id == pauseId && p.LiftedAt == null)));
            Assert.Equal(1, await app.DbAsync(db => db.PublishingPauses.CountAsync(p => p.LiftedAt == null)));
        }
        finally
        {
            Assert.Equal(HttpStatusCode.OK, (await (await app.ApiAsync("demo-pr")).DeleteAsync($"/api/v1/publishing-pause/{pauseId}")).StatusCode);
        }
    }

    [Fact]
    public async Task Anonymous_is_sent_to_login_on_the_pages_and_gets_401_from_the_api()
    {
        var anonymous = app.Anonymous();
        foreach (var url in new[] { "/publishing-pause", $"/publishing-pause/{Guid.NewGuid()}" })
        {
            var r = await anonymous.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            Assert.Contains("/login", r.Headers.Location!.ToString(), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/publishing-pause")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/publishing-pause", new { reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.DeleteAsync($"/api/v1/publishing-pause/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/publishing-pause/{Guid.NewGuid()}")).StatusCode);
    }
}
