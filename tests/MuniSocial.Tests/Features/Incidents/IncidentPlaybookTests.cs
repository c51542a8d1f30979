using System.Net;
using System.Net.Http.Json;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Forms;
using MuniSocial.Domain.Incidents;
using MuniSocial.Domain.Posts;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Incidents;

/// <summary>
/// Each kind's playbook (§5(5)) walked step by step through HTTP — the detail page's forms (with antiforgery) and the
/// API — until the PR office closes it. SMTP is not configured here: the PR office's mails stay in the outbox and the
/// home page shows the incident anyway.
/// </summary>
public sealed class IncidentPlaybookTests(AppFactory app) : IClassFixture<AppFactory>
{
    private Task<Guid> AccountAsync() => app.ListedAccountAsync(Given.Policy($"インシデント{Guid.NewGuid().ToString("N")[..6]}"));

    [Fact]
    public async Task Flaming_through_the_pages_drafts_the_correction_from_the_incident_and_ends_closed()
    {
        var account = await AccountAsync();
        var published = await app.PublishedPostAsync(account, "ひまわりまつりは8月3日です。");
        var op = await app.SignInAsync("demo-operator");
        var opened = await op.PostFormAsync("/incidents/new", new()
        {
            ["Input.Kind"] = "Flaming",
            ["Input.AccountId"] = account.ToString(),
            ["Input.Summary"] = "開催日の誤りに批判が殺到しています。",
        }, formAction: "/incidents/new");
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        var id = StaffPages.IdFromLocation(opened);

        IncidentKit.Redirected(await op.PageAsync(id, "Step", new() { ["Step.PlaybookItem"] = ["no-rebuttal"], ["Step.Text"] = ["反論せず、冷静に対応することを確認した。"] }), id);
        IncidentKit.Redirected(await op.PageAsync(id, "Step", new() { ["Step.PlaybookItem"] = ["facts-checked"], ["Step.Text"] = ["開催日は8月4日で、投稿が誤っていた。"] }), id);
        IncidentKit.Redirected(await op.PageAsync(id, "Link", new() { ["Link.PostId"] = [published.ToString()] }), id);

        // A correction that does not admit the error is refused with the posts workflow's message, nothing saved.
        var refused = await op.PageAsync(id, "Correction", new() { ["Draft.OriginalPostId"] = [published.ToString()], ["Draft.Text"] = ["開催日は8月4日です。"] });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("誤りがあったことを明記してください", await IncidentKit.ErrorsAsync(refused), StringComparison.Ordinal);
        Assert.False(await app.DbAsync(db => db.Posts.AnyAsync(p => p.CorrectsPostId == published)));

        IncidentKit.Redirected(await op.PageAsync(id, "Correction", new()
        {
            ["Draft.OriginalPostId"] = [published.ToString()],
            ["Draft.Text"] = ["8月3日とお知らせしましたが誤りでした。正しくは8月4日です。お詫びして訂正いたします。"],
        }), id);
        var correction = await app.DbAsync(db => db.Posts.AsNoTracking().SingleAsync(p => p.CorrectsPostId == published));
        Assert.Equal((PostKind.Correction, PostStatus.Draft), (correction.Kind, correction.Status));
        var incident = await app.IncidentAsync(id);
        Assert.Contains(incident.Posts, p => p.PostId == correction.Id);
        Assert.True(incident.IsDone("correction-post"));

        // The PR office records the consultation through the API and closes the incident through the page.
        var prApi = await app.ApiAsync("demo-pr");
        await prApi.StepAsync(id, new { kind = "notification", playbookItem = "pr-consulted", text = "市広報担当と協議し、訂正の発信で対応することとした。" });
        var pr = await app.SignInAsync("demo-pr");
        IncidentKit.Redirected(await pr.PageAsync(id, "Close", new() { ["Close.Note"] = ["訂正の投稿の後、批判は収まった。"] }), id);
        incident = await app.IncidentAsync(id);
        Assert.Equal(IncidentStatus.Closed, incident.Status);
        Assert.All(incident.Checklist(), c => Assert.True(c.DoneBy is not null || !c.Item.Required));
        var page = await pr.GetDocumentAsync($"/incidents/{id}");
        Assert.Equal("終了", page.QuerySelector("#incident-status")!.TextContent);
        Assert.Contains("8月4日", page.QuerySelector("#timeline")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Impersonation_through_the_api_records_the_deletion_request_drafts_the_press_notice_and_ends_closed()
    {
        var api = await app.ApiAsync("demo-pr");
        const string fake = "https://x.com/nayoro_city_fake";
        var id = await api.OpenAsync(new { kind = "impersonation", summary = "市を名乗る偽アカウントが見つかった。", fakeUrl = fake });
        var detail = await api.GetAsync(id);
        Assert.True(detail.Done("fake-recorded"));
        Assert.Equal(fake, detail.GetProperty("fakeUrl").GetString());

        var missingDate = await api.PostAsJsonAsync($"/api/v1/incidents/{id}/steps", new { playbookItem = "platform-request", text = "削除を依頼した。" });
        var problem = await missingDate.JsonAsync(HttpStatusCode.BadRequest);
        Assert.Contains("依頼日", problem.GetProperty("errors").GetProperty("occurredOn")[0].GetString(), StringComparison.Ordinal);

        detail = await api.StepAsync(id, new
        {
            kind = "Action",
            playbookItem = "platform-request",
            text = "X の運営者へ、なりすましとして削除を依頼した。",
            reference = "X-2026-0601-77",
            occurredOn = "2026-06-01",
            answer = "調査のうえ対応するとの回答。",
        });
        Assert.True(detail.Done("platform-request"));
        var request = detail.GetProperty("timeline").EnumerateArray().Single(s => s.GetProperty("playbookItem").GetString() == "platform-request");
        Assert.Equal("X-2026-0601-77", request.GetProperty("reference").GetString());
        Assert.Equal("2026-06-01", request.GetProperty("occurredOn").GetString());

        // The press notice is drafted from the record for the PR office: the fake address and the office's name are in it.
        var pr = await app.SignInAsync("demo-pr");
        var docx = await pr.GetAsync($"/incidents/{id}/press-notice.docx");
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        var text = DocxText(await docx.Content.ReadAsByteArrayAsync());
        Assert.Contains("報道機関への情報提供", text, StringComparison.Ordinal);
        Assert.Contains(fake, text, StringComparison.Ordinal);
        Assert.Contains(OfficeValues.Defaults.PrOfficeName, text, StringComparison.Ordinal);
        Assert.Contains("X-2026-0601-77", text, StringComparison.Ordinal);
        Assert.Contains("令和", text, StringComparison.Ordinal);

        await api.StepAsync(id, new { playbookItem = "public-warning", text = "市公式ホームページに注意喚起を掲載した。" });
        await api.StepAsync(id, new { kind = "Notification", playbookItem = "press-notice", text = "報道機関へ情報提供した。" });
        var closed = await (await api.PostAsJsonAsync($"/api/v1/incidents/{id}/closure", new { note = "偽アカウントは削除された。" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Closed", closed.GetProperty("status").GetString());
    }

    [Fact]
    public async Task False_information_drafts_the_correct_information_with_its_link_and_ends_closed()
    {
        var account = await AccountAsync();
        var api = await app.ApiAsync("demo-operator");
        var id = await api.OpenAsync(new { kind = "FalseInformation", accountId = account, summary = "イベント中止という事実と異なる書込みが広がっている。" });
        var op = await app.SignInAsync("demo-operator");

        var noLink = await op.PageAsync(id, "CorrectInformation", new() { ["Draft.AccountId"] = [account.ToString()], ["Draft.Text"] = ["イベントは予定どおり開催します。"], ["Draft.Link"] = [""] });
        Assert.Equal(HttpStatusCode.OK, noLink.StatusCode);
        Assert.Contains("正しい情報を掲載しているページのURL", await IncidentKit.ErrorsAsync(noLink), StringComparison.Ordinal);

        IncidentKit.Redirected(await op.PageAsync(id, "CorrectInformation", new()
        {
            ["Draft.AccountId"] = [account.ToString()],
            ["Draft.Text"] = ["イベントは予定どおり開催します。最新の情報は市のホームページをご覧ください。"],
            ["Draft.Link"] = ["https://www.city.nayoro.lg.jp/event/"],
        }), id);
        var incident = await app.IncidentAsync(id);
        var post = await app.DbAsync(db => db.Posts.AsNoTracking().SingleAsync(p => p.Id == incident.Posts.Single().PostId));
        Assert.Equal(["https://www.city.nayoro.lg.jp/event/"], post.LinkList);
        Assert.True(incident.IsDone("correct-info-post"));

        await api.StepAsync(id, new { playbookItem = "malicious-moderated", text = "悪質な書込みを注意事項⑶に基づき非表示にした。" });
        var head = await app.ApiAsync("demo-head");
        var refused = await head.PostAsJsonAsync($"/api/v1/incidents/{id}/closure", new { note = "収束した。" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var pr = await app.ApiAsync("demo-pr");
        var closed = await (await pr.PostAsJsonAsync($"/api/v1/incidents/{id}/closure", new { note = "正しい情報の発信で収束した。" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Closed", closed.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Wrong_post_opened_from_the_post_is_corrected_through_the_api_and_ends_closed()
    {
        var account = await AccountAsync();
        var published = await app.PublishedPostAsync(account, "本日の窓口は17時までです。");
        var api = await app.ApiAsync("demo-operator");
        var id = await api.OpenAsync(new { kind = "wrongpost", postId = published, summary = "窓口の時間を誤って発信した。" });
        var detail = await api.GetAsync(id);
        Assert.Equal(published, detail.GetProperty("posts")[0].GetProperty("postId").GetGuid());
        Assert.Equal(account, detail.GetProperty("accounts")[0].GetProperty("accountId").GetGuid());

        var corrected = await (await api.PostAsJsonAsync($"/api/v1/incidents/{id}/correction",
            new { postId = published, text = "窓口の時間に誤りがありました。正しくは17時15分までです。" })).JsonAsync(HttpStatusCode.OK);
        Assert.True(corrected.Done("correction-post"));
        Assert.Equal(2, corrected.GetProperty("posts").GetArrayLength());
        await api.StepAsync(id, new { kind = "Notification", playbookItem = "pr-consulted", text = "市広報担当へ報告した。" });

        var pr = await app.ApiAsync("demo-pr");
        var stale = IfMatch.Request(HttpMethod.Post, $"/api/v1/incidents/{id}/closure", new { note = "訂正した。" }, "\"1\"");
        await IfMatch.AssertConcurrencyAsync(await pr.SendAsync(stale));
        var current = IfMatch.ETagOf(await pr.GetAsync($"/api/v1/incidents/{id}"));
        var closed = await (await pr.SendAsync(IfMatch.Request(HttpMethod.Post, $"/api/v1/incidents/{id}/closure", new { note = "訂正した。" }, current))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Closed", closed.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Hijack_pauses_the_account_in_the_same_save_is_not_closed_before_the_access_reset_and_ends_closed()
    {
        var account = await AccountAsync();
        var api = await app.ApiAsync("demo-operator");
        var id = await api.OpenAsync(new { kind = "HIJACK", accountId = account, summary = "身に覚えのない投稿がされている。" });
        var pause = await app.DbAsync(db => db.PublishingPauses.AsNoTracking().SingleAsync(p => p.IncidentId == id));
        Assert.Equal(account, pause.AccountId);
        Assert.True(pause.IsActive);
        var detail = await api.GetAsync(id);
        Assert.True(detail.Done("paused"));
        Assert.True(detail.Done("pr-notified"));

        var pr = await app.ApiAsync("demo-pr");
        var early = await (await pr.PostAsJsonAsync($"/api/v1/incidents/{id}/closure", new { note = "回復した。", openItemsReason = "理由" })).JsonAsync(HttpStatusCode.Conflict);
        Assert.Equal("access-reset-required", early.GetProperty("rule").GetString());

        // The section records the holders and two-factor on the account's access page (API here), then confirms the reset on the incident's page.
        var op3 = await app.UserAsync("demo-operator3");
        var keeper = await (await api.PostAsJsonAsync($"/api/v1/accounts/{account}/access-holders", new { kind = "CredentialKeeper", userId = op3.Id })).JsonAsync(HttpStatusCode.Created);
        var op = await app.SignInAsync("demo-operator");
        var noTwoFactor = await op.PageAsync(id, "AccessReset", new() { ["Reset.Holders"] = [keeper.GetProperty("id").GetString()!], ["Reset.PasswordChanged"] = ["true"] });
        Assert.Equal(HttpStatusCode.OK, noTwoFactor.StatusCode);
        Assert.Contains("二要素認証", await IncidentKit.ErrorsAsync(noTwoFactor), StringComparison.Ordinal);
        var twoFactor = await api.PutAsJsonAsync($"/api/v1/accounts/{account}/access-holders/two-factor", new { enabled = true, codeRecipient = "所属の業務用携帯" });
        Assert.True(twoFactor.IsSuccessStatusCode, await twoFactor.Content.ReadAsStringAsync());
        IncidentKit.Redirected(await op.PageAsync(id, "AccessReset", new() { ["Reset.Holders"] = [keeper.GetProperty("id").GetString()!], ["Reset.PasswordChanged"] = ["true"] }), id);
        Assert.True((await app.IncidentAsync(id)).IsDone("access-reset"));

        await pr.StepAsync(id, new { playbookItem = "public-warning", text = "市公式ホームページで乗っ取りの注意を公開した。" });
        var closed = await (await pr.PostAsJsonAsync($"/api/v1/incidents/{id}/closure", new { note = "アクセスを回復し、不審な投稿を削除した。" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Closed", closed.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Without_smtp_the_mail_waits_in_the_outbox_and_the_pr_home_page_shows_the_incident()
    {
        var account = await AccountAsync();
        var api = await app.ApiAsync("demo-operator");
        var id = await api.OpenAsync(new { kind = "Flaming", accountId = account, summary = "メール未設定のときの表示確認。" });
        var mails = await app.DbAsync(db => db.OutboxMails.AsNoTracking().Where(m => m.Topic == $"incident:{id}").ToListAsync());
        var prCount = await app.DbAsync(async db => (await MuniSocial.Features.Incidents.IncidentUseCases.PrOfficeAsync(db, default)).Count);
        Assert.Equal(prCount, mails.Count);
        Assert.All(mails, m => Assert.Null(m.SentAt));
        var detail = await api.GetAsync(id);
        Assert.Contains(detail.GetProperty("timeline").EnumerateArray(), s => s.GetProperty("text").GetString()!.StartsWith($"市広報担当へ通知（{prCount}名）", StringComparison.Ordinal));
        var home = await (await app.SignInAsync("demo-pr")).GetDocumentAsync("/home");
        Assert.Contains("メール未設定のときの表示確認。", home.QuerySelector("#waiting-work ul[data-kind='IncidentOpen']")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("対応中", home.QuerySelector("#nav-incidents")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_step_links_more_accounts_and_posts_and_another_sections_post_is_a_404_with_nothing_saved()
    {
        var account = await AccountAsync();
        var second = await AccountAsync();
        var post = await app.PublishedPostAsync(second, "二つ目のアカウントの投稿です。");
        var api = await app.ApiAsync("demo-operator");
        var id = await api.OpenAsync(new { kind = "Other", accountId = account, summary = "複数のアカウントにまたがる事案。" });
        var detail = await api.StepAsync(id, new { kind = "Event", text = "別のアカウントにも同じ書込みがあった。", accountIds = new[] { second }, postIds = new[] { post } });
        Assert.Equal([account, second], detail.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("accountId").GetGuid()));
        Assert.Equal(post, detail.GetProperty("posts")[0].GetProperty("postId").GetGuid());

        var otherSection = await app.ListedAccountAsync(Given.Policy($"他所属{Guid.NewGuid().ToString("N")[..6]}"), author: "demo-operator2", operators: ["demo-operator2", "demo-head2"], head: "demo-head2");
        // The colleague who checks is not the head who approves (maker–checker, checker-is-approver).
        var colleague = await app.NewUserAsync(section: "こども未来課");
        var foreign = await app.PublishedPostAsync(otherSection, "他の所属の投稿です。", author: "demo-operator2", checker: colleague.UserName, head: "demo-head2");
        var before = await app.IncidentAsync(id);
        var refused = await api.PostAsJsonAsync($"/api/v1/incidents/{id}/steps", new { text = "他の所属の投稿を追加", postIds = new[] { foreign } });
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        var after = await app.IncidentAsync(id);
        Assert.Equal((before.Version, before.Steps.Count, before.Posts.Count), (after.Version, after.Steps.Count, after.Posts.Count));
    }

    private static string DocxText(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var doc = WordprocessingDocument.Open(stream, false);
        return string.Concat(doc.MainDocumentPart!.Document!.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Text>().Select(t => t.Text));
    }
}
