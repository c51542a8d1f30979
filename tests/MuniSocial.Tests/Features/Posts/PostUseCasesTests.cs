using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Domain;
using MuniSocial.Domain.Posts;
using MuniSocial.Features.Posts;
using MuniSocial.Infrastructure;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Posts;

/// <summary>
/// Each posts use case once through its page and once through the API: the same function does the work
/// (PostUseCases), so the same steps leave the same state and the same audit trail either way.
/// </summary>
public sealed class PostUseCasesTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0, 1];

    /// <summary>The steps of the workflow, done through the pages or through the API.</summary>
    private abstract class Channel
    {
        public abstract Task<Guid> CreateAsync(Guid account, string text);
        public abstract Task UpdateAsync(Guid id, string text);
        public abstract Task<Guid> UploadAsync(Guid id);
        public abstract Task ConfirmAsync(Guid id, Guid mediaId);
        public abstract Task RemoveMediaAsync(Guid id, Guid mediaId);
        public abstract Task SubmitAsync(Guid id);
        public abstract Task ReviewAsync(string user, Guid id, string decision, string? comment = null);
        public abstract Task PublishAsync(Guid id, string url, DateTimeOffset at);
        public abstract Task<Guid> CorrectAsync(Guid id, string text);
    }

    private sealed class Pages(AppFactory app, HttpClient author) : Channel
    {
        private static void Redirected(HttpResponseMessage r, string step) =>
            Assert.True(r.StatusCode == HttpStatusCode.Redirect, $"{step}: expected a redirect, got {(int)r.StatusCode}");

        private static async Task<HttpResponseMessage> PostOnAsync(HttpClient client, Guid id, string handler, Dictionary<string, string> fields)
        {
            var doc = await client.GetDocumentAsync(PostForms.PageOf(id, handler, fields));
            var form = doc.Forms.First(f => (f.GetAttribute("action") ?? "").Contains($"handler={handler}", StringComparison.Ordinal));
            var body = new Dictionary<string, string>(fields);
            foreach (var input in form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]"))
            {
                body.TryAdd(input.Name!, input.Value);
            }
            return await client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(body));
        }

        public override async Task<Guid> CreateAsync(Guid account, string text)
        {
            var r = await author.PostFormAsync("/posts/new", new() { ["Input.AccountId"] = account.ToString(), ["Input.Kind"] = "Post", ["Input.Text"] = text }, formAction: "/posts/new");
            Redirected(r, "create");
            return Guid.Parse(r.Headers.Location!.ToString().Split('/').Last());
        }

        public override async Task UpdateAsync(Guid id, string text) => Redirected(await PostOnAsync(author, id, "Save", new() { ["Text"] = text }), "save");

        public override async Task<Guid> UploadAsync(Guid id)
        {
            var before = await app.DbAsync(db => db.PostMedia.Where(m => m.PostId == id).Select(m => m.Id).ToListAsync());
            var doc = await author.GetDocumentAsync($"/posts/{id}");
            var token = doc.QuerySelector<IHtmlInputElement>("form[action*='handler=Upload'] input[name=__RequestVerificationToken]")!.Value;
            var content = new MultipartFormDataContent { { new ByteArrayContent(Png), "file", "snow.png" }, { new StringContent(token), "__RequestVerificationToken" } };
            Redirected(await author.PostAsync($"/posts/{id}?handler=Upload", content), "upload");
            return await app.DbAsync(db => db.PostMedia.Where(m => m.PostId == id && !before.Contains(m.Id)).Select(m => m.Id).SingleAsync());
        }

        public override async Task ConfirmAsync(Guid id, Guid mediaId) => Redirected(await PostOnAsync(author, id, "Confirm",
            new() { ["MediaId"] = mediaId.ToString(), ["Portrait"] = "true", ["Copyright"] = "true", ["PersonalInfo"] = "true" }), "confirm");

        public override async Task RemoveMediaAsync(Guid id, Guid mediaId) =>
            Redirected(await PostOnAsync(author, id, "RemoveMedia", new() { ["MediaId"] = mediaId.ToString() }), "remove media");

        public override async Task SubmitAsync(Guid id)
        {
            var doc = await author.GetDocumentAsync($"/posts/{id}");
            var form = doc.Forms.First(f => (f.GetAttribute("action") ?? "").Contains("handler=Submit", StringComparison.Ordinal));
            var body = form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden], input[name=Acknowledged]").Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
            body.Add(new("RequestCheck", "true"));
            Redirected(await author.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(body)), "submit");
        }

        public override async Task ReviewAsync(string user, Guid id, string decision, string? comment = null)
        {
            var client = await app.SignInAsync(user);
            Redirected(await PostOnAsync(client, id, "Review", new() { ["Decision"] = decision, ["Comment"] = comment ?? "" }), "review");
        }

        public override async Task PublishAsync(Guid id, string url, DateTimeOffset at) =>
            Redirected(await PostOnAsync(author, id, "Publish", new() { ["PublishedUrl"] = url, ["PublishedAt"] = PostPages.ToLocal(at) }), "publish");

        public override async Task<Guid> CorrectAsync(Guid id, string text)
        {
            var r = await author.PostFormAsync($"/posts/new?correct={id}", new() { ["Input.Text"] = text }, formAction: "/posts/new?correct=");
            Redirected(r, "correct");
            return Guid.Parse(r.Headers.Location!.ToString().Split('/').Last());
        }
    }

    private sealed class Api(AppFactory app, HttpClient author) : Channel
    {
        private static async Task<JsonElement> OkAsync(HttpResponseMessage r, string step, HttpStatusCode expected = HttpStatusCode.OK)
        {
            var body = await r.Content.ReadAsStringAsync();
            Assert.True(r.StatusCode == expected, $"{step}: expected {(int)expected}, got {(int)r.StatusCode}: {body}");
            return JsonDocument.Parse(body).RootElement;
        }

        public override async Task<Guid> CreateAsync(Guid account, string text) =>
            (await OkAsync(await author.PostAsJsonAsync("/api/v1/posts", new { accountId = account, kind = "Post", text }), "create", HttpStatusCode.Created)).GetProperty("id").GetGuid();

        public override async Task UpdateAsync(Guid id, string text) => await OkAsync(await author.PutAsJsonAsync($"/api/v1/posts/{id}", new { text }), "update");

        public override async Task<Guid> UploadAsync(Guid id) =>
            (await OkAsync(await author.PostAsync($"/api/v1/posts/{id}/media", new MultipartFormDataContent { { new ByteArrayContent(Png), "file", "snow.png" } }), "upload", HttpStatusCode.Created))
                .GetProperty("id").GetGuid();

        public override async Task ConfirmAsync(Guid id, Guid mediaId) =>
            await OkAsync(await author.PostAsJsonAsync($"/api/v1/posts/{id}/media/{mediaId}/confirm", new { portrait = true, copyright = true, personalInfo = true }), "confirm");

        public override async Task RemoveMediaAsync(Guid id, Guid mediaId) => await OkAsync(await author.DeleteAsync($"/api/v1/posts/{id}/media/{mediaId}"), "remove media");

        public override async Task SubmitAsync(Guid id)
        {
            var post = await OkAsync(await author.GetAsync($"/api/v1/posts/{id}"), "get");
            var keys = post.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("severity").GetString() == "warning").Select(f => f.GetProperty("key").GetString()).ToArray();
            await OkAsync(await author.PostAsJsonAsync($"/api/v1/posts/{id}/submit", new { acknowledged = keys, requestCheck = true }), "submit");
        }

        public override async Task ReviewAsync(string user, Guid id, string decision, string? comment = null) =>
            await OkAsync(await (await app.ApiAsync(user)).PostAsJsonAsync($"/api/v1/posts/{id}/review", new { decision, comment }), "review");

        public override async Task PublishAsync(Guid id, string url, DateTimeOffset at) =>
            await OkAsync(await author.PostAsJsonAsync($"/api/v1/posts/{id}/publish", new { publishedUrl = url, publishedAt = PostPages.FromLocal(PostPages.ToLocal(at)) }), "publish");

        public override async Task<Guid> CorrectAsync(Guid id, string text) =>
            (await OkAsync(await author.PostAsJsonAsync($"/api/v1/posts/{id}/corrections", new { text }), "correct", HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    private async Task<Channel> ChannelAsync(string channel, string user = "demo-operator") =>
        channel == "page" ? new Pages(app, await app.SignInAsync(user)) : new Api(app, await app.ApiAsync(user));

    private Task<List<(string Action, string ActorId)>> TrailAsync(Guid id) => app.DbAsync(async db =>
        (await db.AuditEntries.Where(e => e.EntityId == id.ToString()).OrderBy(e => e.Sequence).Select(e => new { e.Action, e.ActorId }).ToListAsync())
            .Select(e => (e.Action, e.ActorId)).ToList());

    private string MediaFolder => Path.Combine(app.Services.GetRequiredService<DataFolder>().Root, "post-media");

    [Theory]
    [InlineData("page")]
    [InlineData("api")]
    public async Task Draft_files_submit_check_approve_publish_and_correct_leave_the_same_state_and_trail(string channel)
    {
        var account = await app.ListedAccountAsync();
        var steps = await ChannelAsync(channel);
        var op = (await app.ActorAsync("demo-operator")).UserId;
        var colleague = (await app.ActorAsync("demo-operator3")).UserId;
        var head = (await app.ActorAsync("demo-head")).UserId;

        var id = await steps.CreateAsync(account, "雪像の写真です。");
        await steps.UpdateAsync(id, "雪像の写真です（大通会場）。");
        var first = await steps.UploadAsync(id);
        var firstFile = await app.DbAsync(db => db.PostMedia.Where(m => m.Id == first).Select(m => m.StoredName).SingleAsync());
        Assert.True(File.Exists(Path.Combine(MediaFolder, firstFile)));
        await steps.RemoveMediaAsync(id, first);
        // Removed once saved: the row and its file go together.
        Assert.False(File.Exists(Path.Combine(MediaFolder, firstFile)));
        var second = await steps.UploadAsync(id);
        await steps.ConfirmAsync(id, second);
        await steps.SubmitAsync(id);
        await steps.ReviewAsync("demo-operator3", id, "Approve");
        await steps.ReviewAsync("demo-head", id, "Approve");
        var at = app.Clock.GetUtcNow();
        await steps.PublishAsync(id, "https://x.com/nayoro/status/4242", at);
        var correction = await steps.CorrectAsync(id, "大通会場の投稿に誤りがありました。お詫びして訂正いたします。");

        var post = await app.DbAsync(db => db.Posts.AsNoTracking().Include(p => p.Media).SingleAsync(p => p.Id == id));
        Assert.Equal(PostStatus.Published, post.Status);
        Assert.Equal("雪像の写真です（大通会場）。", post.Text);
        Assert.Equal("https://x.com/nayoro/status/4242", post.PublishedUrl);
        Assert.Equal(PostPages.FromLocal(PostPages.ToLocal(at)), post.PublishedAt);
        var media = Assert.Single(post.Media);
        Assert.Equal(second, media.Id);
        Assert.True(media.IsConfirmed);
        Assert.Equal(9, post.Version);
        Assert.Equal(
            [("post.created", op), ("post.updated", op), ("post.media-added", op), ("post.media-removed", op), ("post.media-added", op), ("post.media-confirmed", op),
             ("post.submitted", op), ("post.checked", colleague), ("post.approved", head), ("post.published", op)],
            await TrailAsync(id));
        var fix = await app.DbAsync(db => db.Posts.AsNoTracking().SingleAsync(p => p.Id == correction));
        Assert.Equal((PostKind.Correction, id, PostStatus.Draft), (fix.Kind, fix.CorrectsPostId, fix.Status));
        Assert.Equal([("post.correction-created", op)], await TrailAsync(correction));
    }

    [Theory]
    [InlineData("page", "SendBack", PostStatus.Draft, "post.sent-back")]
    [InlineData("api", "SendBack", PostStatus.Draft, "post.sent-back")]
    [InlineData("page", "Reject", PostStatus.Rejected, "post.rejected")]
    [InlineData("api", "Reject", PostStatus.Rejected, "post.rejected")]
    public async Task Sending_back_and_rejecting_leave_the_same_state_and_trail(string channel, string decision, PostStatus status, string action)
    {
        var account = await app.ListedAccountAsync();
        var steps = await ChannelAsync(channel);
        var id = await steps.CreateAsync(account, "雪まつりの会場案内です。");
        await steps.SubmitAsync(id);
        await steps.ReviewAsync("demo-operator3", id, decision, "会場名を正式名称にしてください。");

        var post = await app.DbAsync(db => db.Posts.AsNoTracking().SingleAsync(p => p.Id == id));
        Assert.Equal(status, post.Status);
        var review = await app.DbAsync(db => db.PostReviews.AsNoTracking().SingleAsync(r => r.PostId == id));
        Assert.Equal(("会場名を正式名称にしてください。", ReviewStep.Check), (review.Comment, review.Step));
        var colleague = (await app.ActorAsync("demo-operator3")).UserId;
        Assert.Equal((action, colleague), (await TrailAsync(id)).Last());
    }

    [Theory]
    [InlineData("page")]
    [InlineData("api")]
    public async Task Section_settings_save_the_same_way_and_refuse_a_stale_version(string channel)
    {
        var head = await app.ActorAsync("demo-head2");
        var section = head.SectionId!.Value;
        var version = await app.DbAsync(async db => (await db.SectionSettingsAsync(section)).Version);
        var audits = await app.DbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "post-settings.updated" && e.EntityId == section.ToString()));

        async Task<HttpStatusCode> SaveAsync(string preApproved, int seen)
        {
            if (channel == "page")
            {
                var page = await app.SignInAsync("demo-head2");
                var r = await page.PostFormAsync("/posts/section-settings", new() { ["PreApproved"] = preApproved, ["SecondCheck"] = "Optional", ["Version"] = seen.ToString(System.Globalization.CultureInfo.InvariantCulture) }, formAction: "/posts/section-settings");
                if (r.StatusCode == HttpStatusCode.OK)
                {
                    Assert.Contains("他の職員が同時に", (await Html.ParseAsync(r)).QuerySelector(".errors")!.TextContent, StringComparison.Ordinal);
                }
                return r.StatusCode;
            }
            var api = await app.ApiAsync("demo-head2");
            var response = await api.PutAsJsonAsync($"/api/v1/sections/{section}/post-settings", new { preApproved = new[] { preApproved }, secondCheck = "Optional", version = seen });
            return response.StatusCode;
        }

        Assert.Equal(channel == "page" ? HttpStatusCode.Redirect : HttpStatusCode.OK, await SaveAsync("C", version));
        // A second save from the same (now stale) screen or read: refused, nothing changed.
        Assert.Equal(channel == "page" ? HttpStatusCode.OK : HttpStatusCode.Conflict, await SaveAsync("D", version));

        var saved = await app.DbAsync(db => db.SectionPostSettings.AsNoTracking().SingleAsync(s => s.SectionId == section));
        Assert.Equal((PostCategories.C, SecondCheckSetting.Optional, version + 1), (saved.PreApproved, saved.SecondCheck, saved.Version));
        Assert.Equal(audits + 1, await app.DbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "post-settings.updated" && e.EntityId == section.ToString())));
    }

    [Theory]
    [InlineData("page")]
    [InlineData("api")]
    public async Task Content_check_settings_save_the_same_way_and_refuse_a_stale_version(string channel)
    {
        // The API used to have no version check: two PR staff overwrote each other. Now both refuse the stale save.
        var current = await app.DbAsync(db => db.CheckSettingsAsync());
        var version = current.Version;
        var audits = await app.DbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "content-check.settings-updated"));

        async Task<HttpResponseMessage> SaveAsync(string extraExpression, int seen)
        {
            var expressions = current.Expressions + "\n" + extraExpression;
            var kinds = current.ErrorKindSet.ToList();
            if (channel == "page")
            {
                var page = await app.SignInAsync("demo-pr");
                var fields = new List<KeyValuePair<string, string>>
                {
                    new("Expressions", expressions), new("ConfidentialMarkers", current.ConfidentialMarkers), new("DecisionMarkers", current.DecisionMarkers),
                    new("Exceptions", current.Exceptions), new("ShortenerHosts", current.ShortenerHosts), new("OwnDomains", current.OwnDomains),
                    new("Version", seen.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                };
                fields.AddRange(kinds.Select(k => new KeyValuePair<string, string>("ErrorKinds", k.ToString())));
                var doc = await page.GetDocumentAsync("/posts/settings");
                fields.Add(new("__RequestVerificationToken", doc.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value));
                return await page.PostAsync("/posts/settings", new FormUrlEncodedContent(fields));
            }
            var api = await app.ApiAsync("demo-pr");
            return await api.PutAsJsonAsync("/api/v1/content-check/settings", new
            {
                expressions,
                confidentialMarkers = current.ConfidentialMarkers,
                decisionMarkers = current.DecisionMarkers,
                exceptions = current.Exceptions,
                shortenerHosts = current.ShortenerHosts,
                ownDomains = current.OwnDomains,
                errorKinds = kinds.Select(FindingKinds.Code).ToArray(),
                version = seen,
            });
        }

        var first = await SaveAsync("へっぽこ" + channel, version);
        Assert.Equal(channel == "page" ? HttpStatusCode.Redirect : HttpStatusCode.OK, first.StatusCode);
        var stale = await SaveAsync("とんちんかん" + channel, version);
        if (channel == "page")
        {
            Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
            Assert.Contains("他の職員が同時に", (await Html.ParseAsync(stale)).QuerySelector(".errors")!.TextContent, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
            var problem = await stale.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("concurrency", problem.GetProperty("rule").GetString());
            Assert.Contains("他の職員が同時に", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var saved = await app.DbAsync(db => db.CheckSettingsAsync());
        Assert.Equal(version + 1, saved.Version);
        Assert.Contains("へっぽこ" + channel, saved.Expressions, StringComparison.Ordinal);
        Assert.DoesNotContain("とんちんかん" + channel, saved.Expressions, StringComparison.Ordinal);
        Assert.Equal(audits + 1, await app.DbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "content-check.settings-updated")));
    }

    [Fact]
    public async Task A_removal_that_loses_a_race_keeps_the_file_with_its_row()
    {
        // The API's copy deleted the file whenever nothing was left to save — also after a lost race, leaving a row without its file.
        var account = await app.ListedAccountAsync();
        var steps = await ChannelAsync("api");
        var id = await steps.CreateAsync(account, "写真の差し替えです。");
        var mediaId = await steps.UploadAsync(id);
        var stored = await app.DbAsync(db => db.PostMedia.Where(m => m.Id == mediaId).Select(m => m.StoredName).SingleAsync());
        var actor = await app.ActorAsync("demo-operator");
        var store = app.Services.GetRequiredService<MediaStore>();

        var refused = await app.DbAsync(async db1 => await app.DbAsync(async db2 =>
        {
            var mine = await db1.Posts.SingleAsync(p => p.Id == id);
            var theirs = await db2.Posts.SingleAsync(p => p.Id == id);
            await PostUseCases.UpdateAsync(db2, actor, theirs, new PostInput("写真の差し替えです（更新）。", null, null, null), null, app.Clock.GetUtcNow(), default);
            return await Assert.ThrowsAsync<DomainRuleException>(() => PostUseCases.RemoveMediaAsync(db1, store, actor, mine, mediaId, null, app.Clock.GetUtcNow(), default));
        }));

        Assert.Equal("concurrency", refused.Rule);
        Assert.True(File.Exists(store.PathOf(stored)), "the file of a media row that is still there must stay");
        Assert.Equal(1, await app.DbAsync(db => db.PostMedia.CountAsync(m => m.Id == mediaId)));
    }

    [Fact]
    public async Task A_refused_upload_writes_no_file_on_either_side()
    {
        var account = await app.ListedAccountAsync();
        var id = await (await ChannelAsync("api")).CreateAsync(account, "写真は同僚が追加します。");
        int Files() => Directory.Exists(MediaFolder) ? Directory.GetFiles(MediaFolder).Length : 0;
        var before = Files();

        // Someone other than the author: the rule refuses before any file is written, through either door.
        var api = await app.ApiAsync("demo-operator3");
        var viaApi = await api.PostAsync($"/api/v1/posts/{id}/media", new MultipartFormDataContent { { new ByteArrayContent(Png), "file", "x.png" } });
        Assert.Equal(HttpStatusCode.Forbidden, viaApi.StatusCode);
        var page = await app.SignInAsync("demo-operator3");
        var doc = await page.GetDocumentAsync($"/posts/{id}");
        var token = doc.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        var viaPage = await page.PostAsync($"/posts/{id}?handler=Upload",
            new MultipartFormDataContent { { new ByteArrayContent(Png), "file", "x.png" }, { new StringContent(token), "__RequestVerificationToken" } });
        Assert.Equal(HttpStatusCode.Forbidden, viaPage.StatusCode);

        Assert.Equal(before, Files());
        Assert.Equal(0, await app.DbAsync(db => db.PostMedia.CountAsync(m => m.PostId == id)));
        Assert.Equal(["post.created"], (await TrailAsync(id)).Select(t => t.Action));
    }
}
