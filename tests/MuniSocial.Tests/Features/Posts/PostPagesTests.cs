using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Posts;
using MuniSocial.Features.Posts;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Posts;

/// <summary>The post pages through the browser's front door: forms with their antiforgery tokens, each role.</summary>
public sealed class PostPagesTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static Guid IdFrom(HttpResponseMessage r)
    {
        Assert.True(r.StatusCode == HttpStatusCode.Redirect, $"expected a redirect, got {(int)r.StatusCode}");
        return Guid.Parse(r.Headers.Location!.ToString().Split('/').Last());
    }

    private static async Task<string[]> WarningKeysAsync(HttpClient client, Guid id)
    {
        var doc = await client.GetDocumentAsync($"/posts/{id}");
        return [.. doc.QuerySelectorAll<IHtmlInputElement>("input[name=Acknowledged]").Select(i => i.Value)];
    }

    // An approved post's page has no form with the version: its one-way steps carry it on their check page.
    private static async Task<string> VersionAsync(HttpClient client, Guid id, string? checkPage = null) =>
        (await client.GetDocumentAsync(checkPage ?? $"/posts/{id}")).QuerySelector<IHtmlInputElement>("input[name=Version]")!.Value;

    private static Task<HttpResponseMessage> PostOn(HttpClient client, Guid id, string handler, Dictionary<string, string> fields) =>
        client.PostFormAsync(PostForms.PageOf(id, handler, fields), fields, formAction: $"handler={handler}");

    private static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, Guid id)
    {
        var body = new List<KeyValuePair<string, string>>();
        var doc = await client.GetDocumentAsync($"/posts/{id}");
        var form = doc.Forms.First(f => (f.GetAttribute("action") ?? "").Contains("handler=Submit", StringComparison.Ordinal));
        foreach (var input in form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden], input[name=Acknowledged]"))
        {
            body.Add(new(input.Name!, input.Value));
        }
        return await client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(body));
    }

    [Fact]
    public async Task A_draft_blocked_by_the_accounts_period_says_to_change_the_date_not_the_text()
    {
        var today = DateOnly.FromDateTime(MuniSocial.Domain.Wareki.ToTokyo(app.Clock.GetUtcNow()).DateTime);
        var account = await app.ListedAccountAsync(Given.Policy("期間切れ予定の発信") with { PeriodEnd = today.AddDays(30) });
        var id = await app.DraftPostAsync(account, "夏まつりのお知らせです。", scheduledAt: app.Clock.GetUtcNow().AddDays(60));
        var operatorClient = await app.SignInAsync("demo-operator");
        var page = await operatorClient.GetDocumentAsync($"/posts/{id}");
        var blocked = page.QuerySelector("#submit-blocked")!.TextContent;
        Assert.Contains("運用期間外の発信", blocked);
        Assert.Contains("発信予定日時を運用期間内にする", blocked);
        Assert.DoesNotContain("本文を直してください", blocked);
        Assert.True(page.QuerySelector<IHtmlButtonElement>("form[action*='handler=Submit'] button[type=submit]")!.IsDisabled);
    }

    [Fact]
    public async Task Draft_check_approve_publish_and_correct_in_the_browser()
    {
        var account = await app.ListedAccountAsync();
        var op = await app.SignInAsync("demo-operator");
        var created = await op.PostFormAsync("/posts/new", new()
        {
            ["Input.AccountId"] = account.ToString(),
            ["Input.Kind"] = "Post",
            ["Input.Text"] = "ひまわり迷路の問い合わせは 01654-3-2111 へ。",
            ["Input.Links"] = "https://www.city.nayoro.lg.jp/kanko/",
        }, formAction: "/posts/new");
        var id = IdFrom(created);

        // The findings are shown next to the text, each with its clause.
        var doc = await op.GetDocumentAsync($"/posts/{id}");
        Assert.Equal("01654-3-2111", doc.QuerySelector("mark.finding-warning")!.FirstChild!.TextContent);
        Assert.Contains("6(1)ウ", doc.QuerySelector("ol.findings")!.TextContent, StringComparison.Ordinal);

        // Submitting without ticking the warning is refused with the message; ticking it works.
        var noAck = await PostOn(op, id, "Submit", new() { ["Version"] = await VersionAsync(op, id) });
        Assert.Equal(HttpStatusCode.OK, noAck.StatusCode);
        Assert.Contains("確認が必要です", (await Html.ParseAsync(noAck)).QuerySelector(".errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(op, id)).StatusCode);
        Assert.Equal(PostStatus.AwaitingCheck, await app.DbAsync(db => db.Posts.Where(p => p.Id == id).Select(p => p.Status).SingleAsync()));

        // The author sees no review form; the colleague checks; the head approves.
        Assert.Null((await op.GetDocumentAsync($"/posts/{id}")).QuerySelector("form[action*='handler=Review']"));
        var colleague = await app.SignInAsync("demo-operator3");
        Assert.Equal(HttpStatusCode.Redirect, (await PostOn(colleague, id, "Review", new() { ["Version"] = await VersionAsync(colleague, id), ["Decision"] = "Approve" })).StatusCode);
        var head = await app.SignInAsync("demo-head");
        var version = await VersionAsync(head, id);
        Assert.Equal(HttpStatusCode.Redirect, (await PostOn(head, id, "Review", new() { ["Version"] = version, ["Decision"] = "Approve" })).StatusCode);

        // Publishing recorded by the person who posted it.
        var now = PostPages.ToLocal(app.Clock.GetUtcNow());
        var record = new Dictionary<string, string> { ["PublishedUrl"] = "https://x.com/nayoro/status/777", ["PublishedAt"] = now };
        record["Version"] = await VersionAsync(op, id, PostForms.PageOf(id, "Publish", record));
        Assert.Equal(HttpStatusCode.Redirect, (await PostOn(op, id, "Publish", record)).StatusCode);
        doc = await op.GetDocumentAsync($"/posts/{id}");
        Assert.Contains("公開済み", doc.Text(), StringComparison.Ordinal);
        Assert.Null(doc.QuerySelector("form[action*='handler=Save']"));

        // The correction: prefilled, links to the original, both in the archive.
        var newDoc = await op.GetDocumentAsync($"/posts/new?correct={id}");
        Assert.Contains("お詫びして訂正", newDoc.QuerySelector("textarea[name='Input.Text']")!.TextContent, StringComparison.Ordinal);
        var correction = IdFrom(await op.PostFormAsync($"/posts/new?correct={id}", new() { ["Input.Text"] = "6月1日の投稿に誤りがありました。電話番号は 01654-3-2112 です。お詫びして訂正いたします。" }, formAction: "/posts/new?correct="));
        doc = await op.GetDocumentAsync($"/posts/{correction}");
        // The preview shows the link as X does (without the scheme), linking to the original.
        Assert.Equal("x.com/nayoro/status/777", doc.QuerySelector(".post-text a[href='https://x.com/nayoro/status/777']")!.TextContent);
        Assert.Contains($"/posts/{id}", doc.QuerySelector(".notice a")!.GetAttribute("href"), StringComparison.Ordinal);
        var archive = await op.GetDocumentAsync("/posts/archive?Q=ひまわり迷路");
        Assert.Contains("訂正の投稿あり", archive.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stale_forms_get_a_conflict_and_other_sections_a_404()
    {
        var account = await app.ListedAccountAsync();
        var op = await app.SignInAsync("demo-operator");
        var id = IdFrom(await op.PostFormAsync("/posts/new", new() { ["Input.AccountId"] = account.ToString(), ["Input.Kind"] = "Post", ["Input.Text"] = "雪まつりの様子です。" }, formAction: "/posts/new"));
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(op, id)).StatusCode);
        var colleague = await app.SignInAsync("demo-operator3");
        var stale = await VersionAsync(colleague, id);
        Assert.Equal(HttpStatusCode.Redirect, (await PostOn(colleague, id, "Review", new() { ["Version"] = stale, ["Decision"] = "Approve" })).StatusCode);
        var head = await app.SignInAsync("demo-head");
        var approved = await PostOn(head, id, "Review", new() { ["Version"] = await VersionAsync(head, id), ["Decision"] = "Approve" });
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        // A second head's form, loaded before that approval, still carries the old version.
        var doc = await head.GetDocumentAsync($"/posts/{id}");
        var token = doc.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        var staleResponse = await head.PostAsync($"/posts/{id}?handler=Review", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Version"] = stale,
            ["Decision"] = "Approve",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Conflict, staleResponse.StatusCode);
        Assert.Contains("他の職員が同時に", await staleResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await app.DbAsync(db => db.PostReviews.CountAsync(r => r.PostId == id && r.Step == ReviewStep.Approval)));

        var other = await app.SignInAsync("demo-operator2");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/posts/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/posts/new?correct={id}")).StatusCode);
        // Not published yet: no correction, a clear message instead.
        var notPublished = await op.GetDocumentAsync($"/posts/new?correct={id}");
        Assert.Contains("訂正できるのは公開済みの投稿だけです", notPublished.QuerySelector(".errors")!.TextContent, StringComparison.Ordinal);
        var admin = await app.SignInAsync("demo-admin");
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/posts")).StatusCode);
        var anonymous = await app.Anonymous().GetAsync("/posts");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }

    [Fact]
    public async Task Upload_of_a_wrong_type_shows_a_clear_message_and_saves_nothing()
    {
        var account = await app.ListedAccountAsync();
        var op = await app.SignInAsync("demo-operator");
        var id = IdFrom(await op.PostFormAsync("/posts/new", new() { ["Input.AccountId"] = account.ToString(), ["Input.Kind"] = "Post", ["Input.Text"] = "写真付きの投稿です。" }, formAction: "/posts/new"));
        async Task<HttpResponseMessage> Upload(byte[] bytes, string name)
        {
            var doc = await op.GetDocumentAsync($"/posts/{id}");
            var token = doc.QuerySelector<IHtmlInputElement>("form[action*='handler=Upload'] input[name=__RequestVerificationToken]")!.Value;
            var content = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name }, { new StringContent(token), "__RequestVerificationToken" } };
            return await op.PostAsync($"/posts/{id}?handler=Upload", content);
        }
        var wrong = await Upload(Encoding.UTF8.GetBytes("MZ this is an executable"), "photo.jpg");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("使えない種類のファイル", (await Html.ParseAsync(wrong)).QuerySelector(".errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await app.DbAsync(db => db.PostMedia.CountAsync(m => m.PostId == id)));

        Assert.Equal(HttpStatusCode.Redirect, (await Upload([.. "GIF89a"u8.ToArray(), 1, 0, 1, 0, 0, 0, 0], "anim.gif")).StatusCode);
        var media = await app.DbAsync(db => db.PostMedia.SingleAsync(m => m.PostId == id));
        Assert.Equal("image/gif", media.ContentType);
        Assert.NotEqual("anim.gif", media.StoredName);

        // A PNG named .html: kept, listed and downloaded as .png, whatever it was called.
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0, 1];
        Assert.Equal(HttpStatusCode.Redirect, (await Upload(png, "C:\\Users\\me\\x.html")).StatusCode);
        var renamed = await app.DbAsync(db => db.PostMedia.SingleAsync(m => m.PostId == id && m.ContentType == "image/png"));
        Assert.Equal("x.png", renamed.OriginalName);
        var page = await op.GetDocumentAsync($"/posts/{id}");
        Assert.DoesNotContain("x.html", page.Body!.TextContent, StringComparison.Ordinal);
        var download = await op.GetAsync($"/posts/{id}?handler=Media&mediaId={renamed.Id}");
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("x.png", download.Content.Headers.ContentDisposition?.FileNameStar);
        // The GIF keeps its name: it is one.
        Assert.Equal("anim.gif", media.OriginalName);
    }

    [Fact]
    public async Task Settings_pages_belong_to_the_pr_office_and_the_section_head()
    {
        var op = await app.SignInAsync("demo-operator2");
        Assert.Equal(HttpStatusCode.Forbidden, (await op.GetAsync("/posts/settings")).StatusCode);
        var sectionPage = await op.GetDocumentAsync("/posts/section-settings");
        Assert.Contains("設定を変更できるのは所属長です", sectionPage.Text(), StringComparison.Ordinal);

        var head = await app.SignInAsync("demo-head2");
        var saved = await head.PostFormAsync("/posts/section-settings", new() { ["PreApproved"] = "B", ["SecondCheck"] = "Optional", ["Version"] = "0" }, formAction: "/posts/section-settings");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var headActor = await app.ActorAsync("demo-head2");
        var settings = await app.DbAsync(db => db.SectionPostSettings.SingleAsync(s => s.SectionId == headActor.SectionId));
        Assert.Equal(PostCategories.B, settings.PreApproved);
        Assert.Equal(SecondCheckSetting.Optional, settings.SecondCheck);
        Assert.True(await app.DbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "post-settings.updated" && e.EntityId == headActor.SectionId.ToString())));

        var pr = await app.SignInAsync("demo-pr");
        var page = await pr.GetDocumentAsync("/posts/settings");
        var expressions = page.QuerySelector("textarea[name=Expressions]")!.TextContent;
        var fields = new Dictionary<string, string>
        {
            ["Expressions"] = expressions + "\nポンコツ",
            ["ConfidentialMarkers"] = page.QuerySelector("textarea[name=ConfidentialMarkers]")!.TextContent,
            ["DecisionMarkers"] = page.QuerySelector("textarea[name=DecisionMarkers]")!.TextContent,
            ["Exceptions"] = page.QuerySelector("textarea[name=Exceptions]")!.TextContent,
            ["ShortenerHosts"] = "bit.ly\nnot a host/",
            ["OwnDomains"] = "city.nayoro.lg.jp",
            ["ErrorKinds"] = "Expression",
            ["Version"] = "0",
        };
        var invalid = await pr.PostFormAsync("/posts/settings", fields, formAction: "/posts/settings");
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        Assert.Contains("ドメイン名だけ", (await Html.ParseAsync(invalid)).QuerySelector(".errors")!.TextContent, StringComparison.Ordinal);
        fields["ShortenerHosts"] = "bit.ly";
        Assert.Equal(HttpStatusCode.Redirect, (await pr.PostFormAsync("/posts/settings", fields, formAction: "/posts/settings")).StatusCode);

        // The new entry is in force for everyone's check; confidential markers are now warnings.
        var api = await app.ApiAsync("demo-operator");
        var response = await api.PostAsync("/api/v1/content-check", new StringContent("{\"text\":\"ぽんこつな【秘】資料\"}", Encoding.UTF8, "application/json"));
        var json = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"kind\":\"expression\",\"severity\":\"error\"", json, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"confidential\",\"severity\":\"warning\"", json, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.PutAsync("/api/v1/content-check/settings", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode);
    }

    [Fact]
    public async Task Pre_approved_category_goes_straight_to_approved_when_the_check_is_optional()
    {
        var account = await app.ListedAccountAsync(author: "demo-operator2", operators: ["demo-operator2", "demo-head2"], head: "demo-head2");
        var head = await app.SignInAsync("demo-head2");
        await head.PostFormAsync("/posts/section-settings", new() { ["PreApproved"] = "A", ["SecondCheck"] = "Optional", ["Version"] = await VersionOfSettingsAsync(head) }, formAction: "/posts/section-settings");
        var op = await app.SignInAsync("demo-operator2");
        var id = IdFrom(await op.PostFormAsync("/posts/new", new() { ["Input.AccountId"] = account.ToString(), ["Input.Kind"] = "Post", ["Input.Text"] = "市ホームページで公開済みの募集案内です。", ["Input.Category"] = "A", ["Input.PublicSourceUrl"] = "https://www.city.nayoro.lg.jp/boshu.html" }, formAction: "/posts/new"));
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(op, id)).StatusCode); // RequestCheck unticked
        Assert.Equal(PostStatus.Approved, await app.DbAsync(db => db.Posts.Where(p => p.Id == id).Select(p => p.Status).SingleAsync()));

        // A head cannot change another section's settings: the page only ever edits the head's own section.
        var otherHead = await app.SignInAsync("demo-head");
        var ownPage = await otherHead.GetDocumentAsync("/posts/section-settings");
        Assert.DoesNotContain("こども未来課", ownPage.Text(), StringComparison.Ordinal);
        var api = await app.ApiAsync("demo-head");
        var section = (await app.ActorAsync("demo-head2")).SectionId;
        Assert.Equal(HttpStatusCode.NotFound, (await api.PutAsync($"/api/v1/sections/{section}/post-settings", new StringContent("{\"preApproved\":[\"A\"],\"secondCheck\":\"Required\"}", Encoding.UTF8, "application/json"))).StatusCode);
        var operatorApi = await app.ApiAsync("demo-operator2");
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorApi.PutAsync($"/api/v1/sections/{section}/post-settings", new StringContent("{\"preApproved\":[\"A\"],\"secondCheck\":\"Required\"}", Encoding.UTF8, "application/json"))).StatusCode);
    }

    private static async Task<string> VersionOfSettingsAsync(HttpClient client) =>
        (await client.GetDocumentAsync("/posts/section-settings")).QuerySelector<IHtmlInputElement>("input[name=Version]")!.Value;

    [Theory]
    [InlineData("outside-hours:", "運用時間外の発信")]
    [InlineData("external-link:https://www.city.nayoro.lg.jp/kanko/", "外部サイトへのリンク「https://www.city.nayoro.lg.jp/kanko/」")]
    [InlineData("no-such-kind:x", "no-such-kind「x」")]
    public void An_acknowledged_warning_is_shown_by_its_label_not_its_stored_key(string key, string shown) =>
        Assert.Equal(shown, PostPages.AcknowledgedLabel(key));

    /// <summary>The error summary's items of a page answered with a form again: message → the href it links to (null: no link).</summary>
    private static async Task<List<(string Message, string? Href)>> SummaryAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await Html.ParseAsync(response);
        var items = doc.QuerySelectorAll(".errors li").Select(li => (li.TextContent, li.QuerySelector("a")?.GetAttribute("href"))).ToList();
        foreach (var (_, href) in items.Where(i => i.Item2 is not null))
        {
            Assert.True(doc.QuerySelector(href!) is not null, $"the summary links to {href}, which is not on the page");
        }
        return items;
    }

    [Fact]
    public async Task The_post_forms_error_summary_links_each_problem_to_its_field()
    {
        var account = await app.ListedAccountAsync();

        // The review: sent back without a reason, and sent without a decision.
        var waiting = await app.AwaitingCheckPostAsync(account);
        var colleague = await app.SignInAsync("demo-operator3");
        var summary = await SummaryAsync(await PostOn(colleague, waiting, "Review", new() { ["Version"] = await VersionAsync(colleague, waiting), ["Decision"] = "SendBack" }));
        Assert.Contains(("差戻しの理由（直してほしい点）を入力してください。", "#Comment"), summary);
        var page = await colleague.GetDocumentAsync($"/posts/{waiting}");
        Assert.Equal("コメント", page.QuerySelector("label[for=Comment]")!.TextContent);
        Assert.Equal("primary", page.QuerySelector("form[action*='handler=Review'] button")!.ClassName);
        summary = await SummaryAsync(await PostOn(colleague, waiting, "Review", new() { ["Version"] = await VersionAsync(colleague, waiting), ["Comment"] = "" }));
        Assert.Contains(("判断（了承・差戻し・却下）を選んでください。", "#Decision"), summary);
        Assert.Equal(PostStatus.AwaitingCheck, await app.DbAsync(db => db.Posts.Where(p => p.Id == waiting).Select(p => p.Status).SingleAsync()));

        // The submission: a warning not ticked links to the boxes, the message also beside them.
        var op = await app.SignInAsync("demo-operator");
        var draft = IdFrom(await op.PostFormAsync("/posts/new", new()
        {
            ["Input.AccountId"] = account.ToString(),
            ["Input.Kind"] = "Post",
            ["Input.Text"] = "ひまわり迷路の問い合わせは 01654-3-2111 へ。",
        }, formAction: "/posts/new"));
        var refused = await PostOn(op, draft, "Submit", new() { ["Version"] = await VersionAsync(op, draft) });
        var html = await Html.ParseAsync(refused);
        summary = await SummaryAsync(refused);
        var unticked = summary.Where(item => item.Message.StartsWith("確認が必要です", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(unticked);
        Assert.All(unticked, item => Assert.Equal("#Acknowledged", item.Href));
        Assert.Equal("checkbox", html.QuerySelector("#Acknowledged")!.GetAttribute("type"));
        Assert.Contains("確認が必要です", html.QuerySelector("#err-Acknowledged")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("primary", html.QuerySelector("form[action*='handler=Submit'] button")!.ClassName);

        // A wrong file links to the file field.
        var doc = await op.GetDocumentAsync($"/posts/{draft}");
        var token = doc.QuerySelector<IHtmlInputElement>("form[action*='handler=Upload'] input[name=__RequestVerificationToken]")!.Value;
        var content = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes("MZ this is an executable")), "file", "photo.jpg" }, { new StringContent(token), "__RequestVerificationToken" } };
        summary = await SummaryAsync(await op.PostAsync($"/posts/{draft}?handler=Upload", content));
        var wrong = Assert.Single(summary, item => item.Message.Contains("使えない種類のファイル", StringComparison.Ordinal));
        Assert.Equal("#file", wrong.Href);
    }
}
