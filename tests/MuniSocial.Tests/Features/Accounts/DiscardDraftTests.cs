using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Accounts;
using MuniSocial.Tests.Support;
using static MuniSocial.Tests.Support.StaffPages;

namespace MuniSocial.Tests.Features.Accounts;

/// <summary>
/// Discarding an account draft never submitted (issue 13 item 4): its author or the section head, after a check page;
/// the lists no longer show it and the audit trail still does.
/// </summary>
public sealed class DiscardDraftTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_author_discards_a_draft_after_the_check_page_and_the_audit_trail_keeps_it()
    {
        var id = await app.DraftAccountAsync(Given.Policy("破棄する下書き"));
        var op = await app.SignInAsync("demo-operator");
        var details = await op.GetDocumentAsync($"/accounts/{id}");
        Assert.NotNull(details.QuerySelector($"a[href='/accounts/{id}/discard']"));

        var check = await op.GetDocumentAsync($"/accounts/{id}/discard");
        Assert.Contains("元に戻せません", check.Text());
        Assert.Contains("破棄する下書き", check.QuerySelector(".summary-list")!.TextContent);
        Assert.NotNull(await app.DbAsync(db => db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id)));

        AssertRedirect(await op.SubmitAsync($"/accounts/{id}/discard"), "/accounts");
        Assert.Null(await app.DbAsync(db => db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id)));
        Assert.Contains("下書き「破棄する下書き」を破棄しました。", (await op.GetDocumentAsync("/accounts")).Text());
        Assert.DoesNotContain($"/accounts/{id}\"", await (await op.GetAsync("/accounts")).Content.ReadAsStringAsync());
        var audit = await app.AuditAsync(id);
        Assert.Equal(["account.created", "account.discarded"], audit.OrderBy(e => e.Sequence).Select(e => e.Action));
        Assert.Contains("破棄する下書き", audit.Single(e => e.Action == "account.discarded").Before);
    }

    [Fact]
    public async Task The_head_may_discard_a_colleagues_draft_another_operator_may_not()
    {
        var id = await app.DraftAccountAsync(Given.Policy("所属長が破棄"));
        var other = await app.SignInAsync("demo-operator3");
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/accounts/{id}/discard")).StatusCode);
        Assert.Null((await other.GetDocumentAsync($"/accounts/{id}")).QuerySelector($"a[href='/accounts/{id}/discard']"));
        var token = await other.TokenAsync();
        var refused = await other.PostAsync($"/accounts/{id}/discard", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.NotNull(await app.DbAsync(db => db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id)));

        var head = await app.SignInAsync("demo-head");
        AssertRedirect(await head.SubmitAsync($"/accounts/{id}/discard"), "/accounts");
        Assert.Null(await app.DbAsync(db => db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id)));
    }

    [Fact]
    public async Task A_draft_that_was_once_submitted_is_not_discarded()
    {
        var id = await app.DraftAccountAsync(Given.Policy("差し戻された下書き"));
        await app.RequestListingAsync(id);
        var pr = await app.ActorAsync("demo-pr");
        await app.ChangeAccountAsync(id, (a, _, now) => a.Return(pr, "目的を具体的に。", now));
        Assert.Equal(AccountStatus.Draft, (await app.AccountAsync(id)).Status);

        var head = await app.SignInAsync("demo-head");
        Assert.Equal(HttpStatusCode.Redirect, (await head.GetAsync($"/accounts/{id}/discard")).StatusCode);
        var token = await head.TokenAsync();
        var response = await head.PostAsync($"/accounts/{id}/discard", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("掲載依頼を提出したことのあるアカウントは破棄できません。", (await Html.ParseAsync(response)).QuerySelector(".errors")!.TextContent);
        Assert.NotNull(await app.DbAsync(db => db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id)));
    }

    [Fact]
    public async Task The_api_discards_with_If_Match_and_refuses_a_listed_account()
    {
        var id = await app.DraftAccountAsync(Given.Policy("APIで破棄"));
        var api = await app.ApiAsync("demo-operator");
        var get = await api.GetAsync($"/api/v1/accounts/{id}");
        var etag = IfMatch.ETagOf(get);
        var stale = await api.SendAsync(IfMatch.Request(HttpMethod.Delete, $"/api/v1/accounts/{id}", null, "\"999\""));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var deleted = await api.SendAsync(IfMatch.Request(HttpMethod.Delete, $"/api/v1/accounts/{id}", null, etag));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/accounts/{id}")).StatusCode);
        Assert.Contains(await app.AuditAsync(id), e => e.Action == "account.discarded");

        var listed = await app.ListedAccountAsync(Given.Policy("APIで破棄できない"));
        get = await api.GetAsync($"/api/v1/accounts/{listed}");
        var refused = await api.SendAsync(IfMatch.Request(HttpMethod.Delete, $"/api/v1/accounts/{listed}", null, IfMatch.ETagOf(get)));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("discard-submitted", await refused.Content.ReadAsStringAsync());
    }
}
