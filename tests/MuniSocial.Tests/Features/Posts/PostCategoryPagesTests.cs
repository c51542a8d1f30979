using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Posts;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Posts;

/// <summary>§5(2)ウ(イ) through the front door: the head writes the scope of D, the author reads it; A carries the link to where it is public.</summary>
public sealed class PostCategoryPagesTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Source = "https://www.city.nayoro.lg.jp/section/kosodate/boshu.html";
    private const string Scope = "図書館の開館日・休館日と、定例の行事の日程のお知らせ";

    [Fact]
    public async Task The_head_cannot_pre_approve_D_without_its_scope_and_the_author_sees_the_scope_next_to_D()
    {
        var head = await app.SignInAsync("demo-head2");
        var section = (await app.ActorAsync("demo-head2")).SectionId!.Value;
        var version = (await head.GetDocumentAsync("/posts/section-settings")).QuerySelector<IHtmlInputElement>("input[name=Version]")!.Value;
        var refused = await head.PostFormAsync("/posts/section-settings",
            new() { ["PreApproved"] = "D", ["SecondCheck"] = "Optional", ["CategoryDScope"] = " ", ["Version"] = version }, formAction: "/posts/section-settings");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Dに当たる内容の範囲を記入してください", (await Html.ParseAsync(refused)).QuerySelector(".errors")!.TextContent, StringComparison.Ordinal);
        Assert.False(await app.DbAsync(db => db.SectionPostSettings.AnyAsync(s => s.SectionId == section && s.PreApproved != PostCategories.None)));

        var saved = await head.PostFormAsync("/posts/section-settings",
            new() { ["PreApproved"] = "D", ["SecondCheck"] = "Optional", ["CategoryDScope"] = Scope, ["Version"] = version }, formAction: "/posts/section-settings");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var settings = await app.DbAsync(db => db.SectionPostSettings.SingleAsync(s => s.SectionId == section));
        Assert.Equal(PostCategories.D, settings.PreApproved);
        Assert.Equal(Scope, settings.CategoryDScope);
        Assert.True(await app.DbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "post-settings.updated" && e.EntityId == section.ToString())));

        var op = await app.SignInAsync("demo-operator2");
        var form = await op.GetDocumentAsync("/posts/new");
        Assert.Equal(Scope, form.QuerySelector(".category-d-scope")!.TextContent.Trim());

        // The post detail shows the scope next to a D post.
        var account = await app.ListedAccountAsync(author: "demo-operator2", operators: ["demo-operator2", "demo-head2"], head: "demo-head2");
        var created = await op.PostFormAsync("/posts/new", new() { ["Input.AccountId"] = account.ToString(), ["Input.Kind"] = "Post", ["Input.Text"] = "図書館は明日休館です。", ["Input.Category"] = "D" }, formAction: "/posts/new");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var detail = await op.GetDocumentAsync(created.Headers.Location!.ToString());
        Assert.Contains(Scope, detail.Text(), StringComparison.Ordinal);

        // The API: refused without a scope (409, the rule and the field), then the scope goes in and out.
        var api = await app.ApiAsync("demo-head2");
        var current = await api.GetAsync($"/api/v1/sections/{section}/post-settings");
        var etag = current.Headers.ETag!.ToString();
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/sections/{section}/post-settings") { Content = JsonContent.Create(new { preApproved = new[] { "A", "D" }, secondCheck = "Required", categoryDScope = "" }) };
        put.Headers.TryAddWithoutValidation("If-Match", etag);
        var problem = await api.SendAsync(put);
        Assert.Equal(HttpStatusCode.Conflict, problem.StatusCode);
        var body = await problem.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("category-d-needs-scope", body.GetProperty("rule").GetString());
        Assert.True(body.GetProperty("errors").TryGetProperty("categoryDScope", out _));
        put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/sections/{section}/post-settings") { Content = JsonContent.Create(new { preApproved = new[] { "A", "D" }, secondCheck = "Required", categoryDScope = "市の行事の日程" }) };
        put.Headers.TryAddWithoutValidation("If-Match", etag);
        var ok = await api.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("市の行事の日程", (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("categoryDScope").GetString());
    }

    [Fact]
    public async Task Category_A_needs_the_link_on_the_page_and_in_the_API_and_the_link_is_shown_to_the_head()
    {
        var account = await app.ListedAccountAsync(author: "demo-operator", operators: ["demo-operator", "demo-operator3"]);
        var op = await app.SignInAsync("demo-operator");
        var before = await app.DbAsync(db => db.Posts.CountAsync());
        var fields = new Dictionary<string, string> { ["Input.AccountId"] = account.ToString(), ["Input.Kind"] = "Post", ["Input.Text"] = "市ホームページで公開済みの募集案内です。", ["Input.Category"] = "A" };
        var refused = await op.PostFormAsync("/posts/new", fields, formAction: "/posts/new");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("その情報を公開しているページのURLを入力してください", (await Html.ParseAsync(refused)).QuerySelector(".errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await app.DbAsync(db => db.Posts.CountAsync()));

        fields["Input.PublicSourceUrl"] = Source;
        var created = await op.PostFormAsync("/posts/new", fields, formAction: "/posts/new");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = Guid.Parse(created.Headers.Location!.ToString().Split('/').Last());
        Assert.Equal(Source, await app.DbAsync(db => db.Posts.Where(p => p.Id == id).Select(p => p.PublicSourceUrl).SingleAsync()));

        // The head (who approves it) reads the link on the detail page.
        var head = await app.SignInAsync("demo-head");
        var detail = await head.GetDocumentAsync($"/posts/{id}");
        Assert.Contains(detail.QuerySelectorAll("a"), a => a.GetAttribute("href") == Source);

        // The API: A without the link is a 400 on publicSourceUrl; with it, the link comes back.
        var api = await app.ApiAsync("demo-operator");
        var bad = await api.PostAsJsonAsync("/api/v1/posts", new { accountId = account, kind = "Post", text = "公開済みの案内です。", category = "A" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("publicSourceUrl", out _));
        var good = await api.PostAsJsonAsync("/api/v1/posts", new { accountId = account, kind = "Post", text = "公開済みの案内です。", category = "A", publicSourceUrl = Source });
        Assert.Equal(HttpStatusCode.Created, good.StatusCode);
        Assert.Equal(Source, (await good.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("publicSourceUrl").GetString());
    }
}
