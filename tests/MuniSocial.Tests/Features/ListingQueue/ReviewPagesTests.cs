using System.Net;
using MuniSocial.Domain.Accounts;
using MuniSocial.Tests.Support;
using static MuniSocial.Tests.Support.StaffPages;

namespace MuniSocial.Tests.Features.ListingQueue;

/// <summary>The PR office's review queue and request pages (guideline §5(3)ア・イ).</summary>
public sealed class ReviewPagesTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Queue_lists_each_kind_of_request_and_warns_about_overdue_accounts()
    {
        var pr = await app.SignInAsync("demo-pr");
        var page = await pr.GetDocumentAsync("/review");
        var listing = page.QuerySelector("section[aria-labelledby='listing-heading']")!.TextContent;
        Assert.Contains("名寄市観光動画チャンネル（デモ）", listing);
        var delisting = page.QuerySelector("section[aria-labelledby='delisting-heading']")!.TextContent;
        Assert.Contains("名寄ピヤシリスキー場（デモ）", delisting);
        Assert.Contains("指定管理者の公式アカウントへ情報発信を一本化したため。", delisting);
        // The demo festival account's 運用期間 ended 40 days ago and it is still listed (§5(3)イ).
        var overdue = page.QuerySelector("section[aria-labelledby='overdue-heading']")!.TextContent;
        Assert.Contains("なよろ雪質日本一フェス（デモ）", overdue);
        Assert.DoesNotContain("名寄市観光情報（デモ）", overdue);
    }

    [Fact]
    public async Task Request_page_shows_the_policy_in_full_and_only_the_decisions_that_apply()
    {
        var pr = await app.SignInAsync("demo-pr");
        var requested = await app.AccountIdAsync("名寄市観光動画チャンネル（デモ）");
        var page = await pr.GetDocumentAsync($"/review/{requested}");
        var text = page.Text();
        Assert.Contains("掲載依頼（様式2）と運用ポリシー（様式1", text);
        Assert.Contains("動画による視覚的なPRのため。", text);
        Assert.NotNull(page.QuerySelector("a[href$='/check/list']"));
        Assert.NotNull(page.QuerySelector("form[action*='handler=Return'] textarea[name='Input.Reason']"));
        Assert.NotNull(page.QuerySelector("label[for='Input_Reason']"));
        Assert.Null(page.QuerySelector("a[href$='/check/delist']"));
        Assert.Null(page.QuerySelector("form[action*='handler=AcceptRevision']"));

        var delisting = await app.AccountIdAsync("名寄ピヤシリスキー場（デモ）");
        page = await pr.GetDocumentAsync($"/review/{delisting}");
        Assert.Contains("削除依頼（様式4）", page.Text());
        Assert.NotNull(page.QuerySelector("a[href$='/check/delist']"));
        Assert.Null(page.QuerySelector("a[href$='/check/list']"));

        var listed = await app.AccountIdAsync("名寄市観光情報（デモ）");
        page = await pr.GetDocumentAsync($"/review/{listed}");
        Assert.Contains("審査待ちの依頼はありません", page.Text());
        Assert.Empty(page.QuerySelectorAll("main form"));
    }

    [Fact]
    public async Task A_decision_on_something_not_waiting_is_refused_with_the_rule_and_changes_nothing()
    {
        var pr = await app.SignInAsync("demo-pr");
        var listed = await app.AccountIdAsync("名寄市観光情報（デモ）");
        var token = await pr.TokenAsync();
        var before = (await app.AuditAsync(listed)).Count;
        var response = await pr.PostAsync($"/review/{listed}?handler=Delist",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("掲載削除できるのは「削除依頼中」のアカウントのみです（現在: 掲載中）。", (await Html.ParseAsync(response)).QuerySelector(".errors")!.TextContent);
        Assert.Equal(AccountStatus.Listed, (await app.AccountAsync(listed)).Status);
        Assert.Equal(before, (await app.AuditAsync(listed)).Count);
    }

    [Fact]
    public async Task Revision_request_page_compares_every_field_side_by_side()
    {
        var op = await app.SignInAsync("demo-operator");
        var ops = new[] { (await app.UserAsync("demo-operator")).Id, (await app.UserAsync("demo-operator3")).Id };
        var id = IdFromLocation(await op.SubmitAsync("/accounts/new", FullPolicy("比較テスト").With("Input.Operators", ops)));
        var head = await app.SignInAsync("demo-head");
        AssertRedirect(await head.SubmitAsync($"/accounts/{id}/check/request-listing", handler: "RequestListing"), $"/accounts/{id}/done/request-listing");
        var pr = await app.SignInAsync("demo-pr");
        AssertRedirect(await pr.SubmitAsync($"/accounts/{id}/check/list", handler: "List"), $"/accounts/{id}/done/list");
        AssertRedirect(await op.SubmitAsync($"/accounts/{id}", handler: "StartRevision"), $"/accounts/{id}");

        // Submitting an unchanged revision is refused by the domain.
        var unchanged = await head.SubmitAsync($"/accounts/{id}", handler: "SubmitRevision");
        Assert.Contains("改訂の内容が公開中の運用ポリシーと同じです。", (await Html.ParseAsync(unchanged)).QuerySelector(".errors")!.TextContent);

        AssertRedirect(await op.SubmitAsync($"/accounts/{id}/edit", new() { ["Input.HoursEnd"] = ["18:00"], ["Input.ReplyPolicy"] = ["ReplyAsNeeded"] }), $"/accounts/{id}");
        AssertRedirect(await head.SubmitAsync($"/accounts/{id}", handler: "SubmitRevision"), $"/accounts/{id}");

        var page = await pr.GetDocumentAsync($"/review/{id}");
        var changed = page.QuerySelectorAll("table.compare tr.changed").Select(r => r.QuerySelector("th")!.TextContent).ToList();
        Assert.Equal(3, changed.Count);
        Assert.Contains(changed, c => c.StartsWith("運用時間", StringComparison.Ordinal));
        Assert.Contains(changed, c => c.StartsWith("投稿に対する返信", StringComparison.Ordinal));
        Assert.Contains(changed, c => c.StartsWith("返信方針の文言", StringComparison.Ordinal));
        var hours = page.QuerySelectorAll("table.compare tr.changed").First(r => r.TextContent.Contains("運用時間", StringComparison.Ordinal));
        Assert.Contains("17時30分", hours.QuerySelectorAll("td")[0].TextContent);
        Assert.Contains("18時00分", hours.QuerySelectorAll("td")[1].TextContent);
        Assert.NotNull(page.QuerySelector("form[action*='handler=AcceptRevision']"));
    }

    [Fact]
    public async Task Home_shows_what_is_waiting_for_the_role()
    {
        var pr = await app.SignInAsync("demo-pr");
        var home = (await pr.GetDocumentAsync("/home")).Text();
        Assert.Contains("審査待ちの掲載依頼", home);
        Assert.Contains("審査待ちの削除依頼", home);

        var op = await app.SignInAsync("demo-operator");
        var opHome = (await op.GetDocumentAsync("/home")).Text();
        Assert.Contains("作成中（下書き）のアカウント", opHome);
        Assert.Contains("運用期間が終了したアカウント", opHome);
        Assert.DoesNotContain("審査待ちの掲載依頼", opHome);

        // The head finds the section's drafts in the waiting work; the separate list is the operator's only (no second copy).
        var headHome = (await (await app.SignInAsync("demo-head")).GetDocumentAsync("/home")).Text();
        Assert.Contains("掲載依頼（様式2）の提出を待つアカウント", headHome);
        Assert.DoesNotContain("対応が必要なこと", headHome);

        var admin = await app.SignInAsync("demo-admin");
        Assert.DoesNotContain("対応が必要なこと", (await admin.GetDocumentAsync("/home")).Text());
    }
}
