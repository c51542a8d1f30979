using System.Net;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Posts;
using MuniSocial.Tests.Support;
using static MuniSocial.Tests.Support.StaffPages;

namespace MuniSocial.Tests.Features.Posts;

/// <summary>
/// Discarding a post draft never submitted (issue 13 item 4): its author or the section head, after a check page (or
/// DELETE /api/v1/posts/{id} with If-Match); the lists no longer show it and the audit trail still does.
/// </summary>
public sealed class DiscardPostDraftTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_author_discards_a_draft_after_the_check_page_and_the_audit_trail_keeps_it()
    {
        var account = await app.ListedAccountAsync();
        var text = $"破棄する投稿{Guid.NewGuid():N}";
        var post = await app.DraftPostAsync(account, text);
        var op = await app.SignInAsync("demo-operator");
        Assert.NotNull((await op.GetDocumentAsync($"/posts/{post}")).QuerySelector($"a[href='/posts/{post}/discard']"));

        var check = await op.GetDocumentAsync($"/posts/{post}/discard");
        Assert.Contains("元に戻せません", check.Text(), StringComparison.Ordinal);
        Assert.Contains(text, check.QuerySelector(".summary-list")!.TextContent, StringComparison.Ordinal);
        Assert.True(await ExistsAsync(post));

        AssertRedirect(await op.SubmitAsync($"/posts/{post}/discard"), "/posts");
        Assert.False(await ExistsAsync(post));
        var list = await (await op.GetAsync("/posts")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(text, list, StringComparison.Ordinal);
        var audit = await AuditAsync(post);
        Assert.Equal(["post.created", "post.discarded"], audit.Select(e => e.Action));
        using var before = System.Text.Json.JsonDocument.Parse(audit[1].Before!);
        Assert.Equal(text, before.RootElement.GetProperty("text").GetString());
        Assert.Null(audit[1].After);
    }

    [Fact]
    public async Task The_head_may_discard_a_colleagues_draft_another_operator_may_not()
    {
        var account = await app.ListedAccountAsync();
        var post = await app.DraftPostAsync(account, $"所属長が破棄{Guid.NewGuid():N}");
        var other = await app.SignInAsync("demo-operator3");
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/posts/{post}/discard")).StatusCode);
        Assert.Null((await other.GetDocumentAsync($"/posts/{post}")).QuerySelector($"a[href='/posts/{post}/discard']"));
        var token = await other.TokenAsync();
        var refused = await other.PostAsync($"/posts/{post}/discard", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.True(await ExistsAsync(post));
        // Another section's staff do not see it at all.
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignInAsync("demo-operator2")).GetAsync($"/posts/{post}/discard")).StatusCode);

        var head = await app.SignInAsync("demo-head");
        AssertRedirect(await head.SubmitAsync($"/posts/{post}/discard"), "/posts");
        Assert.False(await ExistsAsync(post));
    }

    [Fact]
    public async Task A_draft_that_was_once_submitted_is_not_discarded()
    {
        var account = await app.ListedAccountAsync();
        var post = await app.SentBackPostAsync(account, $"差し戻された投稿{Guid.NewGuid():N}");
        var op = await app.SignInAsync("demo-operator");
        Assert.Null((await op.GetDocumentAsync($"/posts/{post}")).QuerySelector($"a[href='/posts/{post}/discard']"));
        AssertRedirect(await op.GetAsync($"/posts/{post}/discard"), $"/posts/{post}");
        var token = await op.TokenAsync();
        var response = await op.PostAsync($"/posts/{post}/discard", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("提出したことのある投稿は破棄できません。", (await Html.ParseAsync(response)).QuerySelector(".errors")!.TextContent, StringComparison.Ordinal);
        Assert.True(await ExistsAsync(post));
    }

    [Fact]
    public async Task The_api_discards_with_If_Match_and_refuses_a_submitted_post()
    {
        var account = await app.ListedAccountAsync();
        var post = await app.DraftPostAsync(account, $"APIで破棄{Guid.NewGuid():N}");
        var api = await app.ApiAsync("demo-operator");
        var etag = IfMatch.ETagOf(await api.GetAsync($"/api/v1/posts/{post}"));
        var stale = await api.SendAsync(IfMatch.Request(HttpMethod.Delete, $"/api/v1/posts/{post}", null, "\"999\""));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.True(await ExistsAsync(post));
        var deleted = await api.SendAsync(IfMatch.Request(HttpMethod.Delete, $"/api/v1/posts/{post}", null, etag));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/posts/{post}")).StatusCode);
        Assert.Contains(await AuditAsync(post), e => e.Action == "post.discarded");

        var approved = await app.ApprovedPostAsync(account, $"承認済みは破棄できない{Guid.NewGuid():N}");
        var refused = await api.SendAsync(IfMatch.Request(HttpMethod.Delete, $"/api/v1/posts/{approved}", null,
            IfMatch.ETagOf(await api.GetAsync($"/api/v1/posts/{approved}"))));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("post-discard-submitted", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await ExistsAsync(approved));
    }

    private Task<bool> ExistsAsync(Guid id) => app.DbAsync(db => db.Posts.AnyAsync(p => p.Id == id));

    private Task<List<MuniSocial.Domain.Audit.AuditEntry>> AuditAsync(Guid id) => app.DbAsync(db =>
        db.AuditEntries.AsNoTracking().Where(e => e.EntityType == nameof(Post) && e.EntityId == id.ToString()).OrderBy(e => e.Sequence).ToListAsync());
}
