using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Posts;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Posts;

/// <summary>The post workflow through the API, each step and role, on the real database.</summary>
public sealed class PostsApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static async Task<JsonElement> Json(HttpResponseMessage r) => await r.Content.ReadFromJsonAsync<JsonElement>();

    private static async Task<JsonElement> Ok(HttpResponseMessage r, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"expected {(int)expected}, got {(int)r.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private async Task<JsonElement> DraftAsync(HttpClient client, Guid account, string text = "名寄のひまわりが見ごろです。", string? category = null, string[]? links = null) =>
        await Ok(await client.PostAsJsonAsync("/api/v1/posts", new { accountId = account, text, category, links }), HttpStatusCode.Created);

    private static string[] Keys(JsonElement post) => [.. post.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("severity").GetString() == "warning").Select(f => f.GetProperty("key").GetString()!)];

    [Fact]
    public async Task Content_check_api_returns_findings_with_positions_and_hides_other_sections_accounts()
    {
        var op = await app.ApiAsync("demo-operator");
        const string text = "問い合わせは０９０－１２３４－５６７８まで。【秘】";
        var json = await Ok(await op.PostAsJsonAsync("/api/v1/content-check", new { text, platform = "X" }));
        var findings = json.GetProperty("findings").EnumerateArray().ToList();
        var phone = findings.Single(f => f.GetProperty("kind").GetString() == "phone");
        Assert.Equal("warning", phone.GetProperty("severity").GetString());
        Assert.Equal("０９０－１２３４－５６７８", text.Substring(phone.GetProperty("start").GetInt32(), phone.GetProperty("length").GetInt32()));
        var secret = findings.Single(f => f.GetProperty("kind").GetString() == "confidential");
        Assert.Equal("error", secret.GetProperty("severity").GetString());
        Assert.Equal("6(2)ア", secret.GetProperty("clause").GetString());

        // With an account: its 運用時間 applies (Saturday is outside weekdays).
        var account = await app.ListedAccountAsync();
        var saturday = new DateTimeOffset(2026, 6, 6, 10, 0, 0, TimeSpan.FromHours(9));
        json = await Ok(await op.PostAsJsonAsync("/api/v1/content-check", new { text = "お知らせ", accountId = account, scheduledAt = saturday }));
        Assert.Contains(json.GetProperty("findings").EnumerateArray(), f => f.GetProperty("kind").GetString() == "outside-hours");

        var other = await app.ApiAsync("demo-operator2");
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync("/api/v1/content-check", new { text = "x", accountId = account })).StatusCode);
        var bad = await op.PostAsJsonAsync("/api/v1/content-check", new { text = "x", platform = "Myspace" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("platform", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await op.PostAsJsonAsync("/api/v1/content-check", new { platform = "X" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostAsJsonAsync("/api/v1/content-check", new { text = "x" })).StatusCode);
    }

    [Fact]
    public async Task Draft_check_approve_publish_and_correct_with_every_round_audited()
    {
        var account = await app.ListedAccountAsync();
        var op = await app.ApiAsync("demo-operator");
        var colleague = await app.ApiAsync("demo-operator3");
        var head = await app.ApiAsync("demo-head");

        var post = await DraftAsync(op, account, "ひまわりまつりの詳細は営業戦略室 01654-3-2111 まで。", links: ["https://www.visit-hokkaido.jp/"]);
        var id = post.GetProperty("id").GetGuid();
        Assert.Equal("Draft", post.GetProperty("status").GetString());
        var keys = Keys(post);
        Assert.Equal(2, keys.Length); // phone and external link

        // Warnings not acknowledged: refused, naming the field.
        var refused = await op.PostAsJsonAsync($"/api/v1/posts/{id}/submit", new { acknowledged = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("acknowledged", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        post = await Ok(await op.PostAsJsonAsync($"/api/v1/posts/{id}/submit", new { acknowledged = keys }));
        Assert.Equal("AwaitingCheck", post.GetProperty("status").GetString());

        // The author cannot check their own draft; an operator cannot approve; the colleague checks.
        var own = await op.PostAsJsonAsync($"/api/v1/posts/{id}/review", new { decision = "Approve" });
        Assert.Equal(HttpStatusCode.Conflict, own.StatusCode);
        Assert.Contains("own-draft", await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        post = await Ok(await colleague.PostAsJsonAsync($"/api/v1/posts/{id}/review", new { decision = "Approve" }));
        Assert.Equal("AwaitingApproval", post.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await colleague.PostAsJsonAsync($"/api/v1/posts/{id}/review", new { decision = "Approve" })).StatusCode);

        // The head sends it back with a comment; the author revises and resubmits (round 2).
        Assert.Equal(HttpStatusCode.BadRequest, (await head.PostAsJsonAsync($"/api/v1/posts/{id}/review", new { decision = "SendBack" })).StatusCode);
        post = await Ok(await head.PostAsJsonAsync($"/api/v1/posts/{id}/review", new { decision = "SendBack", comment = "電話番号は代表番号にしてください。" }));
        Assert.Equal("Draft", post.GetProperty("status").GetString());
        post = await Ok(await op.PutAsJsonAsync($"/api/v1/posts/{id}", new { text = "ひまわりまつりの詳細は市代表 01654-3-2111 まで。", links = new[] { "https://www.visit-hokkaido.jp/" } }));
        post = await Ok(await op.PostAsJsonAsync($"/api/v1/posts/{id}/submit", new { acknowledged = Keys(post) }));
        post = await Ok(await colleague.PostAsJsonAsync($"/api/v1/posts/{id}/review", new { decision = "Approve" }));
        var version = post.GetProperty("version").GetInt32();
        post = await Ok(await head.PostAsJsonAsync($"/api/v1/posts/{id}/review", new { decision = "Approve", version }));
        Assert.Equal("Approved", post.GetProperty("status").GetString());

        // A second approval with the same (stale) version: a clear conflict, never a second approval.
        var stale = await head.PostAsJsonAsync($"/api/v1/posts/{id}/review", new { decision = "Approve", version });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("他の職員が同時に", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Published: recorded with URL and time; never edited afterwards.
        Assert.Equal(HttpStatusCode.BadRequest, (await op.PostAsJsonAsync($"/api/v1/posts/{id}/publish", new { publishedUrl = "x.com/1", publishedAt = app.Clock.GetUtcNow() })).StatusCode);
        post = await Ok(await op.PostAsJsonAsync($"/api/v1/posts/{id}/publish", new { publishedUrl = "https://x.com/nayoro/status/1", publishedAt = app.Clock.GetUtcNow() }));
        Assert.Equal("Published", post.GetProperty("status").GetString());
        var edit = await op.PutAsJsonAsync($"/api/v1/posts/{id}", new { text = "書き換え" });
        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);
        Assert.Contains("訂正", await edit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, post.GetProperty("rounds").GetArrayLength());
        Assert.Equal(2, post.GetProperty("rounds")[0].GetProperty("acknowledged").GetArrayLength());

        // The correction admits the error and links to the original; it goes to the head whatever the scope.
        var noAdmit = await op.PostAsJsonAsync($"/api/v1/posts/{id}/corrections", new { text = "電話番号は01654-3-2112です。" });
        Assert.Equal(HttpStatusCode.BadRequest, noAdmit.StatusCode);
        var correction = await Ok(await op.PostAsJsonAsync($"/api/v1/posts/{id}/corrections", new { text = "6月1日の投稿に誤りがありました。お詫びして訂正いたします。" }), HttpStatusCode.Created);
        Assert.Equal("Correction", correction.GetProperty("kind").GetString());
        Assert.Equal("https://x.com/nayoro/status/1", correction.GetProperty("links")[0].GetString());
        Assert.Equal(id, correction.GetProperty("correctsPostId").GetGuid());

        var actions = await app.DbAsync(db => db.AuditEntries.Where(e => e.EntityId == id.ToString()).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());
        Assert.Equal(["post.created", "post.submitted", "post.checked", "post.sent-back", "post.updated", "post.submitted", "post.checked", "post.approved", "post.published"], actions);
    }

    [Fact]
    public async Task Errors_block_submission_and_bad_input_saves_nothing()
    {
        var account = await app.ListedAccountAsync();
        var op = await app.ApiAsync("demo-operator");
        var post = await DraftAsync(op, account, "【秘】来年度の人事案です。");
        var id = post.GetProperty("id").GetGuid();
        var blocked = await op.PostAsJsonAsync($"/api/v1/posts/{id}/submit", new { acknowledged = Keys(post) });
        Assert.Equal(HttpStatusCode.Conflict, blocked.StatusCode);
        Assert.Contains("秘密", await blocked.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var before = await app.DbAsync(db => db.Posts.CountAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await op.PostAsJsonAsync("/api/v1/posts", new { accountId = account, text = "  " })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await op.PostAsJsonAsync("/api/v1/posts", new { accountId = account, text = new string('あ', Post.MaxTextLength + 1) })).StatusCode);
        var past = await op.PostAsJsonAsync("/api/v1/posts", new { accountId = account, text = "予約", scheduledAt = app.Clock.GetUtcNow().AddHours(-1) });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Contains("scheduledAt", await past.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await op.PostAsJsonAsync("/api/v1/posts", new { accountId = account, text = "x", category = "E" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await op.PostAsJsonAsync("/api/v1/posts", new { accountId = account, text = "x", links = new[] { "javascript:alert(1)" } })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await op.PostAsJsonAsync("/api/v1/posts", new { accountId = Guid.NewGuid(), text = "x" })).StatusCode);
        var draftAccount = await app.DraftAccountAsync();
        var notListed = await op.PostAsJsonAsync("/api/v1/posts", new { accountId = draftAccount, text = "x" });
        Assert.Equal(HttpStatusCode.Conflict, notListed.StatusCode);
        Assert.Contains("account-not-listed", await notListed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await app.DbAsync(db => db.Posts.CountAsync()));
    }

    [Fact]
    public async Task Other_sections_get_404_and_roles_without_a_say_get_403()
    {
        var account = await app.ListedAccountAsync();
        var op = await app.ApiAsync("demo-operator");
        var id = (await DraftAsync(op, account)).GetProperty("id").GetGuid();
        var otherOp = await app.ApiAsync("demo-operator2");
        var otherHead = await app.ApiAsync("demo-head2");
        Assert.Equal(HttpStatusCode.NotFound, (await otherOp.GetAsync($"/api/v1/posts/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherHead.PostAsJsonAsync($"/api/v1/posts/{id}/review", new { decision = "Approve" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherOp.PostAsJsonAsync("/api/v1/posts", new { accountId = account, text = "x" })).StatusCode);
        var admin = await app.ApiAsync("demo-admin");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/posts/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/api/v1/posts/archive")).StatusCode);

        // The PR office sees every section's posts but does not approve them.
        var pr = await app.ApiAsync("demo-pr");
        Assert.Equal(HttpStatusCode.OK, (await pr.GetAsync($"/api/v1/posts/{id}")).StatusCode);
        // A colleague of the section may not edit someone else's draft.
        var colleague = await app.ApiAsync("demo-operator3");
        Assert.Equal(HttpStatusCode.Forbidden, (await colleague.PutAsJsonAsync($"/api/v1/posts/{id}", new { text = "書き換え" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync($"/api/v1/posts/{id}")).StatusCode);
    }

    [Fact]
    public async Task Queue_lists_what_each_reviewer_must_act_on()
    {
        var account = await app.ListedAccountAsync();
        var op = await app.ApiAsync("demo-operator");
        var post = await DraftAsync(op, account, "雪まつりの会場が決まりました。");
        var id = post.GetProperty("id").GetGuid();
        await Ok(await op.PostAsJsonAsync($"/api/v1/posts/{id}/submit", new { acknowledged = Keys(post) }));
        var colleagueQueue = await Ok(await (await app.ApiAsync("demo-operator3")).GetAsync("/api/v1/posts/queue"));
        Assert.Contains(colleagueQueue.EnumerateArray(), p => p.GetProperty("id").GetGuid() == id);
        var ownQueue = await Ok(await op.GetAsync("/api/v1/posts/queue"));
        Assert.DoesNotContain(ownQueue.EnumerateArray(), p => p.GetProperty("id").GetGuid() == id);
        var otherQueue = await Ok(await (await app.ApiAsync("demo-head2")).GetAsync("/api/v1/posts/queue"));
        Assert.DoesNotContain(otherQueue.EnumerateArray(), p => p.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task Two_heads_approving_at_once_give_one_approval_and_one_conflict()
    {
        var account = await app.ListedAccountAsync();
        var op = await app.ApiAsync("demo-operator");
        var post = await DraftAsync(op, account, "ひまわり迷路がオープンしました。");
        var id = post.GetProperty("id").GetGuid();
        await Ok(await op.PostAsJsonAsync($"/api/v1/posts/{id}/submit", new { acknowledged = Keys(post) }));
        await Ok(await (await app.ApiAsync("demo-operator3")).PostAsJsonAsync($"/api/v1/posts/{id}/review", new { decision = "Approve" }));
        var head = await app.ActorAsync("demo-head");
        var deputy = head with { UserId = (await app.UserAsync("demo-pr2")).Id, Name = "代理 所属長" }; // a second head of the section

        // Both load the same version, both approve; the save that comes second must fail.
        var results = await app.DbAsync(async db1 => await app.DbAsync(async db2 =>
        {
            var p1 = await db1.Posts.SingleAsync(p => p.Id == id);
            var p2 = await db2.Posts.SingleAsync(p => p.Id == id);
            p1.Review(head, ReviewDecision.Approve, null, [], app.Clock.GetUtcNow());
            p2.Review(deputy, ReviewDecision.Approve, null, [], app.Clock.GetUtcNow());
            await db1.SaveChangesAsync();
            var second = await Record.ExceptionAsync(() => db2.SaveChangesAsync());
            return second;
        }));
        Assert.True(results is DbUpdateException && MuniSocial.Infrastructure.Api.Problems.IsConcurrencyConflict(results), results?.ToString());
        var reviews = await app.DbAsync(db => db.PostReviews.CountAsync(r => r.PostId == id && r.Step == ReviewStep.Approval));
        Assert.Equal(1, reviews);
    }

    [Fact]
    public async Task Uploads_are_checked_by_content_and_size_and_need_confirmation()
    {
        var account = await app.ListedAccountAsync();
        var op = await app.ApiAsync("demo-operator");
        var post = await DraftAsync(op, account, "雪像の写真です。");
        var id = post.GetProperty("id").GetGuid();
        var folder = Path.Combine(app.Services.GetRequiredService<MuniSocial.Infrastructure.DataFolder>().Root, "post-media");
        int Files() => Directory.Exists(folder) ? Directory.GetFiles(folder).Length : 0;
        var filesBefore = Files();

        static MultipartFormDataContent Form(byte[] bytes, string name, string type)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue(type);
            return new MultipartFormDataContent { { content, "file", name } };
        }
        // A script named .jpg: refused by its content.
        var fake = await op.PostAsync($"/api/v1/posts/{id}/media", Form(Encoding.UTF8.GetBytes("<script>alert(1)</script>"), "photo.jpg", "image/jpeg"));
        Assert.Equal(HttpStatusCode.BadRequest, fake.StatusCode);
        Assert.Contains("JPEG", await fake.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // An oversize JPEG.
        var big = new byte[(int)MediaSniffer.MaxImageBytes + 1];
        big[0] = 0xFF; big[1] = 0xD8; big[2] = 0xFF; big[3] = 0xE0;
        var oversize = await op.PostAsync($"/api/v1/posts/{id}/media", Form(big, "big.jpg", "image/jpeg"));
        Assert.Equal(HttpStatusCode.BadRequest, oversize.StatusCode);
        Assert.Contains("10MB", await oversize.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(filesBefore, Files());
        Assert.Equal(0, await app.DbAsync(db => db.PostMedia.CountAsync(m => m.PostId == id)));

        // A PNG named .txt is accepted as the PNG it is, stored under a generated name.
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0, 1];
        var created = await Ok(await op.PostAsync($"/api/v1/posts/{id}/media", Form(png, "snow.txt", "text/plain")), HttpStatusCode.Created);
        Assert.Equal("image/png", created.GetProperty("contentType").GetString());
        Assert.Equal(filesBefore + 1, Files());
        Assert.DoesNotContain(Directory.GetFiles(folder), f => f.EndsWith("snow.txt", StringComparison.Ordinal));
        var mediaId = created.GetProperty("id").GetGuid();
        var download = await op.GetAsync($"/api/v1/posts/{id}/media/{mediaId}");
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);

        // Not confirmed: submission refused naming the file; confirmed: goes through.
        post = await Ok(await op.GetAsync($"/api/v1/posts/{id}"));
        var refused = await op.PostAsJsonAsync($"/api/v1/posts/{id}/submit", new { acknowledged = Keys(post) });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("肖像権", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Ok(await op.PostAsJsonAsync($"/api/v1/posts/{id}/media/{mediaId}/confirm", new { portrait = true, copyright = true, personalInfo = true }));
        await Ok(await op.PostAsJsonAsync($"/api/v1/posts/{id}/submit", new { acknowledged = Keys(post) }));
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.ApiAsync("demo-operator2")).GetAsync($"/api/v1/posts/{id}/media/{mediaId}")).StatusCode);
    }

    [Fact]
    public async Task An_upload_is_kept_and_downloaded_under_the_name_of_the_type_its_content_has()
    {
        var account = await app.ListedAccountAsync();
        var op = await app.ApiAsync("demo-operator");
        var id = (await DraftAsync(op, account, "名前の付け替えの確認です。")).GetProperty("id").GetGuid();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0, 1, 0, 0, 0, 1];
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0];
        async Task<(JsonElement Created, HttpResponseMessage Download)> UploadAsync(byte[] bytes, string name)
        {
            var content = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name } };
            var created = await Ok(await op.PostAsync($"/api/v1/posts/{id}/media", content), HttpStatusCode.Created);
            return (created, await op.GetAsync($"/api/v1/posts/{id}/media/{created.GetProperty("id").GetGuid()}"));
        }

        // The attacker's file: a PNG named .html is kept, shown and downloaded as .png.
        var (html, download) = await UploadAsync(png, "x.html");
        Assert.Equal("x.png", html.GetProperty("name").GetString());
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("x.png", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal("x.png", download.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());

        // No extension: one is added. Folder parts and bidi/control characters are dropped; a Japanese name goes in filename*.
        Assert.Equal("snow.png", (await UploadAsync(png, "snow")).Created.GetProperty("name").GetString());
        var (japanese, japaneseDownload) = await UploadAsync(png, "..\\..\\雪\u202Eまつり\u0007.html");
        Assert.Equal("雪まつり.png", japanese.GetProperty("name").GetString());
        Assert.Equal("雪まつり.png", japaneseDownload.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Contains("filename*=UTF-8''%E9%9B%AA", japaneseDownload.Content.Headers.GetValues("Content-Disposition").Single(), StringComparison.Ordinal);
        // A JPEG named .png becomes .jpg (four files is the most a post takes).
        Assert.Equal("photo.jpg", (await UploadAsync(jpeg, "photo.png")).Created.GetProperty("name").GetString());
        var shown = await Ok(await op.GetAsync($"/api/v1/posts/{id}"));
        Assert.Equal(new[] { "photo.jpg", "snow.png", "x.png", "雪まつり.png" },
            shown.GetProperty("media").EnumerateArray().Select(m => m.GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ToArray());

        // A file kept before this rule is still downloaded under a name of its type.
        var oldId = html.GetProperty("id").GetGuid();
        await app.DbAsync(db => db.PostMedia.Where(m => m.Id == oldId).ExecuteUpdateAsync(u => u.SetProperty(m => m.OriginalName, "old.html")));
        var old = await op.GetAsync($"/api/v1/posts/{id}/media/{oldId}");
        Assert.Equal("old.png", old.Content.Headers.ContentDisposition?.FileNameStar);
    }

    [Fact]
    public async Task A_signature_glued_to_something_else_is_not_taken_for_an_image()
    {
        var account = await app.ListedAccountAsync();
        var op = await app.ApiAsync("demo-operator");
        var id = (await DraftAsync(op, account, "偽の画像の確認です。")).GetProperty("id").GetGuid();
        byte[][] fakes =
        [
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. "<html><script>alert(1)</script></html>"u8],
            [0xFF, 0xD8, 0xFF, .. "<html><script>alert(1)</script></html>"u8],
            [0, 0, 0, 0x20, .. "ftyp<html><script>alert(1)</script>"u8],
        ];
        foreach (var fake in fakes)
        {
            var refused = await op.PostAsync($"/api/v1/posts/{id}/media", new MultipartFormDataContent { { new ByteArrayContent(fake), "file", "x\u202Eimth.html" } });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var problem = await refused.Content.ReadAsStringAsync();
            Assert.Contains("使えない種類のファイル", problem, StringComparison.Ordinal);
            // The name in the message is the cleaned one: no bidi override to turn it round.
            Assert.Contains("ximth.html", problem, StringComparison.Ordinal);
        }
        Assert.Equal(0, await app.DbAsync(db => db.PostMedia.CountAsync(m => m.PostId == id)));
    }

    [Fact]
    public async Task Archive_exports_csv_with_bom_and_json_with_the_trail()
    {
        var account = await app.ListedAccountAsync();
        await app.PublishedPostAsync(account, "アーカイブ確認用の投稿です。\"引用\"を含みます。", url: "https://x.com/nayoro/status/99");
        var op = await app.ApiAsync("demo-operator");

        var csv = await op.GetAsync($"/api/v1/posts/archive?format=csv&accountId={account}");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 3, bytes.Length - 3);
        Assert.StartsWith("公開日時,アカウント,", text, StringComparison.Ordinal);
        Assert.Contains("\"\"引用\"\"", text, StringComparison.Ordinal);
        Assert.Contains("了承", text, StringComparison.Ordinal);

        var json = await Ok(await op.GetAsync($"/api/v1/posts/archive?q=アーカイブ確認用&from=2026-06-01&to=2026-06-01"));
        var entry = Assert.Single(json.EnumerateArray());
        Assert.Equal(2, entry.GetProperty("rounds")[0].GetProperty("reviews").GetArrayLength());
        Assert.Empty((await Ok(await op.GetAsync("/api/v1/posts/archive?q=アーカイブ確認用&from=2026-06-02"))).EnumerateArray());
        Assert.Empty((await Ok(await (await app.ApiAsync("demo-operator2")).GetAsync("/api/v1/posts/archive?q=アーカイブ確認用"))).EnumerateArray());
        Assert.Single((await Ok(await (await app.ApiAsync("demo-pr")).GetAsync("/api/v1/posts/archive?q=アーカイブ確認用"))).EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await op.GetAsync("/api/v1/posts/archive?format=xml")).StatusCode);
    }

    [Fact]
    public async Task The_posts_api_is_in_the_openapi_document()
    {
        var json = await (await app.Anonymous().GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync();
        foreach (var path in new[] { "/api/v1/content-check", "/api/v1/posts", "/api/v1/posts/{id}/submit", "/api/v1/posts/{id}/review", "/api/v1/posts/{id}/publish", "/api/v1/posts/{id}/corrections", "/api/v1/posts/archive" })
        {
            Assert.Contains($"\"{path}\"", json, StringComparison.Ordinal);
        }
    }
}
