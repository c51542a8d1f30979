using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Incidents;
using MuniSocial.Domain.Posts;
using MuniSocial.Domain.Publishing;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.UnapprovedPosts;

/// <summary>
/// The PR office decides about a post the watch found (§5(2)ウ): recorded as posted outside the system it joins the
/// archive with who and why and leaves the board; a hijack incident opened with one click pauses the account and keeps
/// the post's URL and text in its timeline. Who may see and act: section staff read their own open ones; only the PR
/// office acts; another section's is a 404.
/// </summary>
public sealed class UnapprovedPostsTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<(Guid Account, Guid Observed)> DataAsync(string text = "身に覚えのない投稿です。")
    {
        var account = await app.ListedAccountAsync(Given.Policy($"未承認{Guid.NewGuid().ToString("N")[..6]}"));
        return (account, await app.UnapprovedPostAsync(account, text));
    }

    private async Task<int> BoardCountAsync(Guid account)
    {
        var board = await (await app.ApiAsync("demo-pr")).GetFromJsonAsync<JsonElement>("/api/v1/board");
        return board.GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("accountId").GetGuid() == account).GetProperty("unapprovedPosts").GetInt32();
    }

    [Fact]
    public async Task Recorded_outside_the_system_on_the_page_it_joins_the_archive_with_who_and_why_and_leaves_the_board()
    {
        var (account, id) = await DataAsync("職員が直接投稿した、除雪のお知らせです。");
        Assert.Equal(1, await BoardCountAsync(account));
        var pr = await app.SignInAsync("demo-pr");

        var refused = await pr.PostFormAsync($"/unapproved-posts/{id}", new() { ["Input.Author"] = "", ["Input.Reason"] = "" }, handler: "RecordOutside");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var form = await Html.ParseAsync(refused);
        Assert.Contains("投稿した人（所属・氏名）を入力してください。", form.Text(), StringComparison.Ordinal);
        Assert.Contains("システムを通さずに投稿した理由を入力してください。", form.Text(), StringComparison.Ordinal);
        Assert.Equal(0, await app.DbAsync(db => db.Posts.CountAsync(p => p.AccountId == account)));

        var saved = await pr.PostFormAsync($"/unapproved-posts/{id}", new()
        {
            ["Input.Author"] = "営業戦略室 名寄 太郎",
            ["Input.Reason"] = "大雪で庁舎に入れず、スマートフォンから直接投稿したため。",
        }, handler: "RecordOutside");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var observed = await app.DbAsync(db => db.ObservedPosts.AsNoTracking().SingleAsync(o => o.Id == id));
        Assert.Equal(ObservedResolution.RecordedOutside, observed.Resolution);
        Assert.Equal("営業戦略室 名寄 太郎", observed.OutsideAuthor);
        var post = await app.DbAsync(db => db.Posts.AsNoTracking().SingleAsync(p => p.Id == observed.PostId));
        Assert.Equal(PostStatus.Published, post.Status);
        Assert.Equal(PublishedVia.OutsideSystem, post.PublishedVia);
        Assert.Equal(observed.PlatformPostId, post.PlatformPostId);
        Assert.Equal(observed.Url, post.PublishedUrl);
        Assert.Equal("職員が直接投稿した、除雪のお知らせです。", post.Text);
        Assert.Contains("大雪で庁舎に入れず", post.OutsideNote, StringComparison.Ordinal);
        Assert.Equal(0, await BoardCountAsync(account));

        var archive = await pr.GetDocumentAsync($"/posts/archive?accountId={account}");
        Assert.Contains("システム外（記録: 営業戦略室 名寄 太郎", archive.Text(), StringComparison.Ordinal);

        var audit = await app.DbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.EntityId == id.ToString()).Select(a => a.Action).ToListAsync());
        Assert.Contains("watch.recorded-outside", audit);

        // Decided once: a second decision is refused with the rule.
        var api = await app.ApiAsync("demo-pr");
        var again = await api.PostAsync($"/api/v1/unapproved-posts/{id}/hijack-incident", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("already-resolved", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());
    }

    [Fact]
    public async Task A_hijack_incident_opened_with_one_click_is_linked_pauses_the_account_and_keeps_the_post_in_its_timeline()
    {
        var (account, id) = await DataAsync("【乗っ取り】今すぐこちらのリンクへ");
        var api = await app.ApiAsync("demo-pr");
        var detail = await api.GetAsync($"/api/v1/unapproved-posts/{id}");
        var etag = detail.Headers.ETag!.Tag;

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/unapproved-posts/{id}/hijack-incident");
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        var response = await api.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var incidentId = body.GetProperty("incidentId").GetGuid();
        Assert.Equal("HijackIncident", body.GetProperty("post").GetProperty("resolution").GetString());

        var incident = await app.DbAsync(db => db.Incidents.Include(i => i.Steps).Include(i => i.Accounts).AsNoTracking().SingleAsync(i => i.Id == incidentId));
        Assert.Equal(IncidentKind.Hijack, incident.Kind);
        Assert.Contains(account, incident.AccountIds);
        var observed = await app.DbAsync(db => db.ObservedPosts.AsNoTracking().SingleAsync(o => o.Id == id));
        Assert.Equal(incidentId, observed.IncidentId);
        Assert.Contains(incident.Steps, s => s.Text.Contains(observed.Url!, StringComparison.Ordinal) && s.Text.Contains("【乗っ取り】今すぐこちらのリンクへ", StringComparison.Ordinal));
        var pause = await app.DbAsync(db => db.PublishingPauses.AsNoTracking().SingleAsync(p => p.IncidentId == incidentId));
        Assert.True(pause.IsActive);
        Assert.Equal(account, pause.AccountId);
        Assert.Equal(0, await BoardCountAsync(account));

        // A stale If-Match on the next decision is a conflict.
        using var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/unapproved-posts/{id}/record-outside") { Content = JsonContent.Create(new { author = "誰か", reason = "理由" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        Assert.Equal(HttpStatusCode.Conflict, (await api.SendAsync(stale)).StatusCode);
    }

    [Fact]
    public async Task The_list_puts_open_ones_first_and_a_bad_state_is_a_clear_400()
    {
        var (account, open) = await DataAsync();
        var resolved = await app.UnapprovedPostAsync(account, "記録済みにする投稿");
        var api = await app.ApiAsync("demo-pr");
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"/api/v1/unapproved-posts/{resolved}/record-outside", new { author = "営業戦略室 職員", reason = "試験のため" })).StatusCode);

        var openOnly = await api.GetFromJsonAsync<JsonElement>($"/api/v1/unapproved-posts?account={account}");
        Assert.Equal([open], openOnly.EnumerateArray().Select(e => e.GetProperty("id").GetGuid()));
        var all = await api.GetFromJsonAsync<JsonElement>($"/api/v1/unapproved-posts?state=all&account={account}");
        Assert.Equal([open, resolved], all.EnumerateArray().Select(e => e.GetProperty("id").GetGuid()));

        var bad = await api.GetAsync("/api/v1/unapproved-posts?state=closed");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("state は open / all", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var page = await (await app.SignInAsync("demo-pr")).GetDocumentAsync($"/unapproved-posts?account={account}");
        Assert.NotNull(page.QuerySelector($"#open tr.row-overdue[data-id='{open}']"));
        Assert.NotNull(page.QuerySelector($"#resolved tr[data-id='{resolved}']"));
    }

    [Theory]
    [InlineData("", 302, 302)]
    [InlineData("demo-admin", 403, 403)]
    [InlineData("demo-operator2", 200, 404)]
    [InlineData("demo-head2", 200, 404)]
    [InlineData("demo-operator", 200, 200)]
    [InlineData("demo-head", 200, 200)]
    [InlineData("demo-pr", 200, 200)]
    public async Task The_pages(string user, int list, int detail)
    {
        var (_, id) = await DataAsync();
        var client = user.Length == 0 ? app.Anonymous() : await app.SignInAsync(user);
        var listed = await client.GetAsync("/unapproved-posts");
        Assert.Equal(list, (int)listed.StatusCode);
        Assert.Equal(detail, (int)(await client.GetAsync($"/unapproved-posts/{id}")).StatusCode);
        if (list == 200)
        {
            var shown = (await Html.ParseAsync(listed)).QuerySelectorAll("#open a").Any(a => a.GetAttribute("href") == $"/unapproved-posts/{id}");
            Assert.Equal(detail == 200, shown);
        }
        if (detail == 200)
        {
            var doc = await client.GetDocumentAsync($"/unapproved-posts/{id}");
            var forms = doc.QuerySelectorAll("main form[method=post]").Select(f => f.GetAttribute("action") ?? "").ToList();
            Assert.Equal(user == "demo-pr", forms.Any(f => f.Contains("handler=RecordOutside", StringComparison.Ordinal)));
            Assert.Equal(user == "demo-pr", forms.Any(f => f.Contains("handler=Hijack", StringComparison.Ordinal)));
            Assert.Equal(user != "demo-pr", doc.QuerySelector("#pr-decides") is not null);
        }
    }

    [Theory]
    [InlineData("demo-operator2", 200, 404, 403, 403)]
    [InlineData("demo-head2", 200, 404, 403, 403)]
    [InlineData("demo-operator", 200, 200, 403, 403)]
    [InlineData("demo-head", 200, 200, 403, 403)]
    [InlineData("demo-admin", 403, 403, 403, 403)]
    public async Task The_api(string user, int list, int detail, int recordOutside, int hijack)
    {
        var (_, id) = await DataAsync();
        var api = await app.ApiAsync(user);
        var listed = await api.GetAsync("/api/v1/unapproved-posts");
        Assert.Equal(list, (int)listed.StatusCode);
        if (list == 200)
        {
            var ids = (await listed.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(e => e.GetProperty("id").GetGuid()).ToList();
            Assert.Equal(detail == 200, ids.Contains(id));
        }
        Assert.Equal(detail, (int)(await api.GetAsync($"/api/v1/unapproved-posts/{id}")).StatusCode);
        Assert.Equal(recordOutside, (int)(await api.PostAsJsonAsync($"/api/v1/unapproved-posts/{id}/record-outside", new { author = "誰か", reason = "理由" })).StatusCode);
        Assert.Equal(hijack, (int)(await api.PostAsync($"/api/v1/unapproved-posts/{id}/hijack-incident", null)).StatusCode);
        var observed = await app.DbAsync(db => db.ObservedPosts.AsNoTracking().SingleAsync(o => o.Id == id));
        Assert.True(observed.IsOpen);
        Assert.Equal(0, await app.DbAsync(db => db.Incidents.CountAsync(i => i.Accounts.Any(a => a.AccountId == observed.AccountId))));
    }

    [Fact]
    public async Task A_section_head_posting_the_actions_on_the_page_is_refused_and_nothing_changes()
    {
        var (_, id) = await DataAsync();
        var head = await app.SignInAsync("demo-head");
        var doc = await head.GetDocumentAsync($"/unapproved-posts/{id}");
        var token = doc.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=__RequestVerificationToken]")?.Value;
        // The page offers no form to the head; a crafted post with a token from another page is refused.
        token ??= (await head.GetDocumentAsync("/incidents/new")).QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        var response = await head.PostAsync($"/unapproved-posts/{id}?handler=Hijack", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token!,
            ["Version"] = "0",
        }));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.True((await app.DbAsync(db => db.ObservedPosts.AsNoTracking().SingleAsync(o => o.Id == id))).IsOpen);
    }

    [Fact]
    public async Task The_head_and_the_pr_office_see_open_ones_on_their_home_page_and_operators_do_not()
    {
        var (_, id) = await DataAsync("ホーム画面に出る未承認の投稿");
        foreach (var (user, shown) in new[] { ("demo-head", true), ("demo-pr", true), ("demo-operator", false), ("demo-head2", false) })
        {
            var home = await (await app.SignInAsync(user)).GetDocumentAsync("/home");
            Assert.Equal(shown, home.QuerySelectorAll("#waiting-work ul[data-kind='UnapprovedPost'] a").Any(a => a.GetAttribute("href") == $"/unapproved-posts/{id}"));
        }
    }

    [Fact]
    public async Task The_account_page_shows_the_watch_and_says_line_is_not_covered()
    {
        var x = await app.ConnectedAccountAsync(MuniSocial.Domain.Accounts.Platform.X, new Dictionary<string, string?> { ["accessToken"] = "t", ["userId"] = "123" });
        await app.DbAsync(async db =>
        {
            var c = await db.AccountConnections.SingleAsync(c => c.AccountId == x);
            c.MarkWatched(app.Clock.GetUtcNow(), "X（旧Twitter）から読み取れませんでした（X（旧Twitter） の応答: \"Service Unavailable\"）");
            await db.SaveChangesAsync();
        });
        var line = await app.ConnectedAccountAsync(MuniSocial.Domain.Accounts.Platform.Line, new Dictionary<string, string?> { ["channelAccessToken"] = "t", ["channelSecret"] = "s" });
        var head = await app.SignInAsync("demo-head");

        var page = await head.GetDocumentAsync($"/accounts/{x}");
        Assert.Contains("Service Unavailable", page.QuerySelector("#watch-error")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#watch-not-covered"));
        var linePage = await head.GetDocumentAsync($"/accounts/{line}");
        Assert.Contains("監視の対象外", linePage.QuerySelector("#watch-not-covered")!.TextContent, StringComparison.Ordinal);
    }
}
