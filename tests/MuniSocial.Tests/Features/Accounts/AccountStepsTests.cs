using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Accounts;
using MuniSocial.Tests.Support;
using static MuniSocial.Tests.Support.StaffPages;

namespace MuniSocial.Tests.Features.Accounts;

/// <summary>
/// "Check your answers" before the one-way steps of §5(3) (様式2・3・5) and the confirmation page after them (issue 13 item 3):
/// the first button only shows what will happen, the confirm button does it, a change in between is refused, and the
/// confirmation links to the forms that were issued.
/// </summary>
public sealed class AccountStepsTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_listing_request_button_leads_to_a_check_page_that_changes_nothing()
    {
        var id = await app.DraftAccountAsync(Given.Policy("確認ページ・依頼"));
        var head = await app.SignInAsync("demo-head");
        var account = await head.GetDocumentAsync($"/accounts/{id}");
        var button = account.QuerySelector<IHtmlAnchorElement>("a[href$='/check/request-listing']")!;
        Assert.Equal("掲載依頼を提出", button.TextContent.Trim());
        Assert.Empty(account.QuerySelectorAll("form[action*='handler=RequestListing']"));
        var audit = (await app.AuditAsync(id)).Count;

        var check = await head.GetDocumentAsync(button.GetAttribute("href")!);
        var text = check.Text();
        Assert.Contains("掲載依頼の内容を確認してください", check.QuerySelector("h1")!.TextContent);
        var rows = check.QuerySelectorAll(".summary-list .summary-row").ToDictionary(r => r.QuerySelector("dt")!.TextContent, r => r.QuerySelector("dd")!.TextContent);
        Assert.Equal("確認ページ・依頼", rows["アカウント名"]);
        Assert.Contains("北 ひかり", rows["運用担当者"]);
        Assert.Contains("名寄市ソーシャルメディア一覧掲載依頼書（様式2）", text);
        Assert.Contains("市広報担当（提出先）", text);
        Assert.Contains("取り消せません", text);
        Assert.Equal($"/accounts/{id}/edit", check.QuerySelector(".summary-change a")!.GetAttribute("href"));
        var form = check.QuerySelector<IHtmlFormElement>("main form")!;
        Assert.Contains("handler=RequestListing", form.GetAttribute("action"));
        Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));
        Assert.Equal((await app.AccountAsync(id)).Version.ToString(System.Globalization.CultureInfo.InvariantCulture), form.QuerySelector<IHtmlInputElement>("input[name=Version]")!.Value);

        Assert.Equal(AccountStatus.Draft, (await app.AccountAsync(id)).Status);
        Assert.Equal(audit, (await app.AuditAsync(id)).Count);
        Assert.Empty(await app.DbAsync(db => db.IssuedDocuments.Where(d => d.AccountId == id).ToListAsync()));
    }

    [Fact]
    public async Task A_draft_that_cannot_be_submitted_gets_a_check_page_with_the_reason_and_no_submit_button()
    {
        // One operator where the guideline wants two (§5(2)ア): the page says so, links to the change, and offers nothing to send.
        var id = await app.DraftAccountAsync(Given.Policy("確認ページ・不足"), operators: ["demo-operator"]);
        var head = await app.SignInAsync("demo-head");
        var check = await head.GetDocumentAsync($"/accounts/{id}/check/request-listing");
        Assert.Contains("このままでは提出できません", check.QuerySelector(".notice.warn")!.TextContent);
        Assert.Contains("運用担当者を2人以上指定してください", check.Text());
        Assert.Empty(check.QuerySelectorAll("main form[action*='handler=RequestListing']"));
        Assert.Empty(check.QuerySelectorAll("main button[type=submit]"));
        Assert.NotNull(check.QuerySelector($"main .actions a[href='/accounts/{id}']"));
        Assert.Equal(AccountStatus.Draft, (await app.AccountAsync(id)).Status);
    }

    [Fact]
    public async Task The_confirm_button_submits_and_the_confirmation_links_the_issued_forms()
    {
        var id = await app.DraftAccountAsync(Given.Policy("確認ページ・提出"));
        var head = await app.SignInAsync("demo-head");
        var response = await head.SubmitAsync($"/accounts/{id}/check/request-listing", handler: "RequestListing");
        AssertRedirect(response, $"/accounts/{id}/done/request-listing");
        Assert.Equal(AccountStatus.ListingRequested, (await app.AccountAsync(id)).Status);

        var done = await head.GetDocumentAsync($"/accounts/{id}/done/request-listing");
        Assert.Contains("掲載依頼を提出しました", done.QuerySelector(".panel h1")!.TextContent);
        Assert.Contains("広報担当が内容を確認して掲載します。掲載されるとメールでお知らせします。", done.Text());
        var links = done.QuerySelectorAll<IHtmlAnchorElement>("main ul a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Equal(4, links.Count); // 様式1 and 様式2, each as PDF and Word
        foreach (var pdf in links.Where(l => l.EndsWith(".pdf", StringComparison.Ordinal)))
        {
            var bytes = await head.GetByteArrayAsync(pdf);
            Assert.Equal("%PDF", Encoding.ASCII.GetString(bytes, 0, 4));
        }
        foreach (var docx in links.Where(l => l.EndsWith(".docx", StringComparison.Ordinal)))
        {
            var bytes = await head.GetByteArrayAsync(docx);
            Assert.Equal("PK", Encoding.ASCII.GetString(bytes, 0, 2));
        }
    }

    [Fact]
    public async Task A_change_made_after_the_check_page_was_shown_is_refused()
    {
        var id = await app.DraftAccountAsync(Given.Policy("確認ページ・競合"));
        var head = await app.SignInAsync("demo-head");
        var check = await head.GetDocumentAsync($"/accounts/{id}/check/request-listing");
        var token = check.QuerySelector<IHtmlInputElement>("main form input[name=__RequestVerificationToken]")!.Value;
        var version = check.QuerySelector<IHtmlInputElement>("main form input[name=Version]")!.Value;
        // Meanwhile an operator saves the policy again.
        var op = await app.ActorAsync("demo-operator");
        await app.ChangeAccountAsync(id, (a, _, now) => a.UpdatePolicy(op, Given.Policy("確認ページ・競合（修正）"), now));

        var response = await head.PostAsync($"/accounts/{id}?handler=RequestListing",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Version"] = version }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("他の職員", (await Html.ParseAsync(response)).QuerySelector(".errors")!.TextContent);
        Assert.Equal(AccountStatus.Draft, (await app.AccountAsync(id)).Status);
    }

    [Fact]
    public async Task Listing_and_closing_by_the_pr_office_go_through_their_check_pages()
    {
        var id = await app.DraftAccountAsync(Given.Policy("確認ページ・掲載"));
        await app.RequestListingAsync(id);
        var pr = await app.SignInAsync("demo-pr");
        var review = await pr.GetDocumentAsync($"/review/{id}");
        Assert.Empty(review.QuerySelectorAll("form[action*='handler=List']"));
        var check = await pr.GetDocumentAsync($"/accounts/{id}/check/list");
        Assert.Contains("名寄市ソーシャルメディア一覧掲載通知書（様式3）", check.Text());
        Assert.Contains("標準規約", check.Text());
        Assert.Equal(AccountStatus.ListingRequested, (await app.AccountAsync(id)).Status);
        AssertRedirect(await pr.SubmitAsync($"/accounts/{id}/check/list", handler: "List"), $"/accounts/{id}/done/list");
        var done = await pr.GetDocumentAsync($"/accounts/{id}/done/list");
        Assert.Contains("一覧に掲載しました", done.QuerySelector(".panel")!.TextContent);
        var pdf = done.QuerySelector<IHtmlAnchorElement>("main ul a[href$='.pdf']")!.GetAttribute("href")!;
        Assert.Equal("%PDF", Encoding.ASCII.GetString(await pr.GetByteArrayAsync(pdf), 0, 4));

        await app.RequestDelistingAsync(id);
        var pr2 = await app.SignInAsync("demo-pr2");
        check = await pr2.GetDocumentAsync($"/accounts/{id}/check/delist");
        Assert.Contains("元に戻せません", check.Text());
        Assert.Contains("テストのため運用を終了しました。", check.Text());
        Assert.Equal(AccountStatus.DelistingRequested, (await app.AccountAsync(id)).Status);
        AssertRedirect(await pr2.SubmitAsync($"/accounts/{id}/check/delist", handler: "Delist"), $"/accounts/{id}/done/delist");
        Assert.Equal(AccountStatus.Closed, (await app.AccountAsync(id)).Status);
        Assert.Contains("削除通知書（様式5）", (await pr2.GetDocumentAsync($"/accounts/{id}/done/delist")).Text());
    }

    [Fact]
    public async Task The_check_page_is_for_those_who_may_take_the_step_now()
    {
        var id = await app.DraftAccountAsync(Given.Policy("確認ページ・権限"));
        var op = await app.SignInAsync("demo-operator");
        Assert.Equal(HttpStatusCode.Forbidden, (await op.GetAsync($"/accounts/{id}/check/request-listing")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await op.GetAsync($"/accounts/{id}/check/list")).StatusCode);
        var head = await app.SignInAsync("demo-head");
        Assert.Equal(HttpStatusCode.NotFound, (await head.GetAsync($"/accounts/{id}/check/nothing")).StatusCode);
        // Not yet requested: the PR office is sent back to the request page with the reason.
        await app.RequestListingAsync(id);
        var again = await head.GetAsync($"/accounts/{id}/check/request-listing");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        // No confirmation for a step that was not taken.
        AssertRedirect(await head.GetAsync($"/accounts/{id}/done/list"), $"/accounts/{id}");
    }
}
