using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MuniSocial.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace MuniSocial.BrowserTests;

/// <summary>
/// Every state of every staff page for the crawl (<see cref="StaffCrawlTests"/>): each page route of the AccessTable
/// that needs a sign-in has at least one state here (a test fails otherwise, so a new page is not forgotten), opened by
/// a role that may open it, on the seeded data of <see cref="StaffCrawlApp"/>; and the error state of each main form
/// (sent empty or with a wrong file). Each state checks on arrival that it is on the page it names (not sent to the
/// login or an error page) — a new staff page is one line here.
/// </summary>
public static class StaffPageStates
{
    /// <summary>A state and the AccessTable route it covers.</summary>
    public sealed record Covered(string Route, PageState State);

    public static IReadOnlyList<Covered> For(StaffIds id) =>
    [
        // Pages for every signed-in person; the home page of each role.
        new("/home", new("home-operator", "/home", "demo-operator", On("/home", "職員ホーム"))),
        new("/home", new("home-head", "/home", "demo-head", On("/home", "職員ホーム"))),
        new("/home", new("home-pr", "/home", "demo-pr", On("/home", "職員ホーム"))),
        new("/home", new("home-admin", "/home", "demo-admin", On("/home", "職員ホーム"))),
        new("/guideline", new("guideline", "/guideline", "demo-operator", On("/guideline"))),
        new("/guideline/acknowledge", new("guideline-acknowledge", "/guideline/acknowledge", "demo-operator", On("/guideline/acknowledge"))),
        new("/me/security", new("me-security", "/me/security", "demo-operator", On("/me/security"))),
        new("/me/password", new("me-password", "/me/password", "demo-operator", On("/me/password"))),
        new("/me/sessions", new("me-sessions", "/me/sessions", "demo-operator", On("/me/sessions", "ログイン中の端末"))),
        new("/me/sessions", new("me-sessions-error", "/me/sessions", "demo-operator", async p =>
        {
            await SecondSignInAsync(p, "demo-operator"); // a session to end, so that the form is there
            await p.ReloadAsync();
            await Send("選んだセッションを終了する")(p);
        })),
        new("/me/notifications", new("me-notifications", "/me/notifications", "demo-operator", On("/me/notifications", "通知の設定（メール）"))),

        // Accounts, at each stage.
        new("/accounts", new("accounts", "/accounts", "demo-operator", On("/accounts"))),
        new("/accounts/new", new("accounts-new", "/accounts/new", "demo-operator", On("/accounts/new", "新しいアカウントを登録"))),
        new("/accounts/new", new("accounts-new-error", "/accounts/new", "demo-operator", Send("下書きを保存"))),
        new("/accounts/{id:guid}", new("account-draft", $"/accounts/{id.Draft}", "demo-operator", On($"/accounts/{id.Draft}"))),
        new("/accounts/{id:guid}", new("account-requested", $"/accounts/{id.Requested}", "demo-head", On($"/accounts/{id.Requested}"))),
        new("/accounts/{id:guid}", new("account-listed", $"/accounts/{id.Listed}", "demo-operator", On($"/accounts/{id.Listed}"))),
        new("/accounts/{id:guid}", new("account-closing", $"/accounts/{id.Closing}", "demo-head", On($"/accounts/{id.Closing}"))),
        new("/accounts/{id:guid}", new("account-closed", $"/accounts/{id.Closed}", "demo-pr", On($"/accounts/{id.Closed}"))),
        new("/accounts/{id:guid}/edit", new("account-edit", $"/accounts/{id.Draft}/edit", "demo-operator", On($"/accounts/{id.Draft}/edit"))),
        new("/accounts/{id:guid}/delisting", new("account-delisting", $"/accounts/{id.Listed}/delisting", "demo-head", On($"/accounts/{id.Listed}/delisting"))),
        new("/accounts/{id:guid}/delisting", new("account-delisting-error", $"/accounts/{id.Listed}/delisting", "demo-head", Send("次へ（内容を確認する）"))),
        new("/accounts/{id:guid}/documents", new("account-documents", $"/accounts/{id.Listed}/documents", "demo-operator", On($"/accounts/{id.Listed}/documents"))),
        new("/accounts/{id:guid}/check/{step}", new("account-check-list", $"/accounts/{id.Requested}/check/list", "demo-pr", On($"/accounts/{id.Requested}/check/list", "掲載の内容を確認してください"))),
        new("/accounts/{id:guid}/done/{step}", new("account-done-delist", $"/accounts/{id.Closed}/done/delist", "demo-pr", On($"/accounts/{id.Closed}/done/delist", "一覧から削除しました（運用終了）"))),
        new("/accounts/{id:guid}/discard", new("account-discard", $"/accounts/{id.Draft}/discard", "demo-operator", On($"/accounts/{id.Draft}/discard"))),
        new("/forms", new("forms", "/forms", "demo-operator", On("/forms"))),

        // Posts.
        new("/posts", new("posts", "/posts", "demo-operator", On("/posts"))),
        new("/posts/new", new("posts-new", "/posts/new", "demo-operator", On("/posts/new", "投稿・返信の作成"))),
        new("/posts/new", new("posts-new-error", "/posts/new", "demo-operator", Send("下書きを保存して内容をチェックする"))),
        new("/posts/{id:guid}/check/{step}", new("post-check-send", $"/posts/{id.Post}/check/send", "demo-operator", On($"/posts/{id.Post}/check/send"))),
        // A draft has not been sent: its confirmation page leads back to the post (the real one is in PublishingJourneyTests, with axe).
        new("/posts/{id:guid}/done/{step}", new("post-done-unsent", $"/posts/{id.Post}/done/send", "demo-operator", On($"/posts/{id.Post}"))),
        new("/posts/{id:guid}/discard", new("post-discard", $"/posts/{id.Post}/discard", "demo-head", On($"/posts/{id.Post}/discard"))),
        new("/posts/{id:guid}", new("post-draft", $"/posts/{id.Post}", "demo-operator", On($"/posts/{id.Post}"))),
        new("/posts/archive", new("posts-archive", "/posts/archive", "demo-operator", On("/posts/archive"))),
        new("/posts/settings", new("posts-settings", "/posts/settings", "demo-pr", On("/posts/settings"))),
        new("/posts/section-settings", new("posts-section-settings", "/posts/section-settings", "demo-head", On("/posts/section-settings"))),

        // Users' comments.
        new("/comments", new("comments", "/comments", "demo-operator", On("/comments"))),
        new("/comments/{id:guid}", new("comment", $"/comments/{id.Comment}", "demo-operator", On($"/comments/{id.Comment}"))),
        new("/comments/settings", new("comments-settings", "/comments/settings", "demo-pr", On("/comments/settings"))),
        new("/accounts/{id:guid}/comments", new("account-comments", $"/accounts/{id.Listed}/comments", "demo-operator", On($"/accounts/{id.Listed}/comments"))),
        new("/accounts/{id:guid}/comments/new", new("comment-new", $"/accounts/{id.Listed}/comments/new", "demo-operator", On($"/accounts/{id.Listed}/comments/new", "書込みを記録する"))),
        new("/accounts/{id:guid}/comments/new", new("comment-new-error", $"/accounts/{id.Listed}/comments/new", "demo-operator", Send("記録する"))),
        new("/accounts/{id:guid}/comments/import", new("comment-import", $"/accounts/{id.Listed}/comments/import", "demo-operator", On($"/accounts/{id.Listed}/comments/import"))),

        // Operations.
        new("/operations", new("operations-operator", "/operations", "demo-operator", On("/operations"))),
        new("/operations", new("operations-pr", "/operations", "demo-pr", On("/operations"))),
        new("/operations/{id:guid}", new("operations-account", $"/operations/{id.Listed}", "demo-operator", On($"/operations/{id.Listed}"))),
        new("/operations/{id:guid}/reviews", new("operations-reviews", $"/operations/{id.Listed}/reviews", "demo-head", On($"/operations/{id.Listed}/reviews"))),
        new("/operations/{id:guid}/access", new("operations-access", $"/operations/{id.Listed}/access", "demo-head", On($"/operations/{id.Listed}/access"))),
        new("/operations/offsite", new("operations-offsite", "/operations/offsite", "demo-head", On("/operations/offsite"))),
        new("/access-holders", new("access-holders", "/access-holders", "demo-pr", On("/access-holders"))),
        new("/accounts/{id:guid}/connection", new("account-connection", $"/accounts/{id.Listed}/connection", "demo-head", On($"/accounts/{id.Listed}/connection"))),

        // Incidents.
        new("/incidents", new("incidents", "/incidents", "demo-pr", On("/incidents"))),
        new("/incidents/new", new("incidents-new", "/incidents/new", "demo-operator", On("/incidents/new", "インシデントの登録"))),
        new("/incidents/new", new("incidents-new-error", "/incidents/new", "demo-operator", Send("登録して市広報担当へ通知する"))),
        new("/incidents/{id:guid}", new("incident-open", $"/incidents/{id.OpenIncident}", "demo-pr", On($"/incidents/{id.OpenIncident}"))),
        new("/incidents/{id:guid}", new("incident-closed", $"/incidents/{id.ClosedIncident}", "demo-operator", On($"/incidents/{id.ClosedIncident}"))),
        new("/incidents/{id:guid}/warning", new("incident-warning", $"/incidents/{id.OpenIncident}/warning", "demo-pr", On($"/incidents/{id.OpenIncident}/warning"))),

        // The PR office.
        new("/review", new("review", "/review", "demo-pr", On("/review"))),
        new("/review/{id:guid}", new("review-request", $"/review/{id.Requested}", "demo-pr", On($"/review/{id.Requested}"))),
        new("/review/{id:guid}", new("review-closing", $"/review/{id.Closing}", "demo-pr", On($"/review/{id.Closing}"))),
        new("/terms", new("terms", "/terms", "demo-pr", On("/terms"))),
        new("/terms/edit", new("terms-edit", "/terms/edit", "demo-pr", On("/terms/edit"))),
        new("/board", new("board", "/board", "demo-pr", On("/board"))),
        // The board's charts with every table of values opened (issue 13 item 10).
        new("/board", new("board-chart-values", "/board", "demo-pr", async p =>
        {
            // The first section of the overview, with its full charts and every day's values open.
            await p.Locator("table.chart-overview tbody th a").First.ClickAsync();
            await On("/board")(p);
            foreach (var summary in await p.Locator(".chart-values > summary").AllAsync())
            {
                await summary.ClickAsync();
            }
            await Expect(p.Locator(".chart-table").First).ToBeVisibleAsync();
        })),
        new("/guideline/versions", new("guideline-versions", "/guideline/versions", "demo-pr", On("/guideline/versions"))),
        new("/guideline/acknowledgements", new("guideline-acknowledgements", "/guideline/acknowledgements", "demo-pr", On("/guideline/acknowledgements"))),
        new("/publishing-pause", new("publishing-pause", "/publishing-pause", "demo-pr", On("/publishing-pause"))),
        new("/publishing-pause", new("publishing-pause-error", "/publishing-pause", "demo-pr", Send("発信を一時停止する"))),
        new("/publishing-pause/{id:guid}", new("publishing-pause-one", $"/publishing-pause/{id.Pause}", "demo-pr", On($"/publishing-pause/{id.Pause}"))),
        new("/unapproved-posts", new("unapproved-posts", "/unapproved-posts", "demo-pr", On("/unapproved-posts"))),
        new("/unapproved-posts/{id:guid}", new("unapproved-post", $"/unapproved-posts/{id.Unapproved}", "demo-pr", On($"/unapproved-posts/{id.Unapproved}"))),

        // Administration and audit.
        new("/admin/users", new("admin-users", "/admin/users", "demo-admin", On("/admin/users"))),
        new("/admin/users/new", new("admin-users-new", "/admin/users/new", "demo-admin", On("/admin/users/new", "利用者の登録"))),
        new("/admin/users/new", new("admin-users-new-error", "/admin/users/new", "demo-admin", Send("登録する"))),
        new("/admin/users/{id}", new("admin-user", $"/admin/users/{id.Operator}", "demo-admin", On($"/admin/users/{id.Operator}"))),
        new("/admin/organisation", new("admin-organisation", "/admin/organisation", "demo-admin", On("/admin/organisation"))),
        new("/admin/organisation/departments/new", new("admin-org-department-new", "/admin/organisation/departments/new", "demo-admin", On("/admin/organisation/departments/new", "部の追加"))),
        new("/admin/organisation/departments/new", new("admin-org-department-new-error", "/admin/organisation/departments/new", "demo-admin", Send("部を追加する"))),
        new("/admin/organisation/departments/{id:guid}", new("admin-org-department", $"/admin/organisation/departments/{id.Department}", "demo-admin", On($"/admin/organisation/departments/{id.Department}"))),
        new("/admin/organisation/departments/{id:guid}/sections/new", new("admin-org-section-new", $"/admin/organisation/departments/{id.Department}/sections/new", "demo-admin", On($"/admin/organisation/departments/{id.Department}/sections/new", "課の追加"))),
        new("/admin/organisation/sections/{id:guid}", new("admin-org-section", $"/admin/organisation/sections/{id.Section}", "demo-admin", On($"/admin/organisation/sections/{id.Section}"))),
        new("/admin/organisation/sections/{id:guid}", new("admin-org-section-error", $"/admin/organisation/sections/{id.Section}", "demo-admin", async p =>
        {
            await p.GetByLabel("課の名称", new() { Exact = true }).FillAsync("");
            await Send("変更を保存する")(p);
        })),
        new("/admin/organisation/sections/{id:guid}/units/new", new("admin-org-unit-new", $"/admin/organisation/sections/{id.Section}/units/new", "demo-admin", On($"/admin/organisation/sections/{id.Section}/units/new", "係の追加"))),
        new("/admin/organisation/units/{id:guid}", new("admin-org-unit", $"/admin/organisation/units/{id.Unit}", "demo-admin", On($"/admin/organisation/units/{id.Unit}"))),
        new("/admin/organisation/{kind}/{id:guid}/delete", new("admin-org-delete-blocked", $"/admin/organisation/sections/{id.Section}/delete", "demo-admin", On($"/admin/organisation/sections/{id.Section}/delete", "この課は削除できません"))),
        new("/admin/organisation/{kind}/{id:guid}/delete", new("admin-org-delete-check", $"/admin/organisation/departments/{id.EmptyDepartment}/delete", "demo-admin", On($"/admin/organisation/departments/{id.EmptyDepartment}/delete", "この部を削除しますか"))),
        // Nothing was deleted: the confirmation page leads back to the list (the real one is checked in AdminOrganisationTests).
        new("/admin/organisation/{kind}/{id:guid}/deleted", new("admin-org-deleted-none", $"/admin/organisation/sections/{id.Section}/deleted", "demo-admin", On("/admin/organisation"))),
        new("/admin/networks", new("admin-networks", "/admin/networks", "demo-admin", On("/admin/networks"))),
        new("/admin/jobs", new("admin-jobs", "/admin/jobs", "demo-admin", On("/admin/jobs"))),
        new("/admin/office", new("admin-office", "/admin/office", "demo-admin", On("/admin/office", "様式の設定"))),
        new("/admin/office", new("admin-office-error", "/admin/office", "demo-admin", async p =>
        {
            await p.GetByLabel("市の名称").FillAsync("");
            await Send("保存する")(p);
        })),
        new("/admin/office", new("admin-office-emblem-error", "/admin/office", "demo-admin", async p =>
        {
            await p.GetByLabel("紋章の画像").SetInputFilesAsync(new FilePayload { Name = "emblem.svg", MimeType = "image/svg+xml", Buffer = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"u8.ToArray() });
            await Send("紋章を登録する")(p);
            await Expect(p.Locator(".errors")).ToContainTextAsync("PNG または WebP");
        })),
        new("/audit", new("audit", "/audit", "demo-admin", On("/audit"))),
    ];

    /// <summary>The page is the one asked for (not the login, not an error page), with its heading.</summary>
    private static Func<IPage, Task> On(string path, string? heading = null) => async p =>
    {
        await Expect(p).ToHaveURLAsync(new Regex("^[^?#]*" + Regex.Escape(path) + "([?#].*)?$"));
        var h1 = p.GetByRole(AriaRole.Heading, new() { Level = 1 });
        await Expect(h1).ToBeVisibleAsync();
        await Expect(h1).Not.ToHaveTextAsync(new Regex("権限がありません|ページが見つかりません|エラー"));
        if (heading is not null)
        {
            await Expect(h1).ToContainTextAsync(heading);
        }
    };

    /// <summary>Signs <paramref name="userName"/> in once more in a browser context of its own (another device), then closes it; its session stays live.</summary>
    private static async Task SecondSignInAsync(IPage p, string userName)
    {
        await using var other = await p.Context.Browser!.NewContextAsync(new() { BaseURL = new Uri(p.Url).GetLeftPart(UriPartial.Authority) });
        var page = await other.NewPageAsync();
        await BrowserApp.SignInAsync(page, userName);
    }

    /// <summary>Sends the form of <paramref name="button"/> as it is (the browser's own checks off, as a script-less old browser would) and waits for the error summary.</summary>
    private static Func<IPage, Task> Send(string button) => async p =>
    {
        await p.EvalOnSelectorAllAsync("form", "forms => forms.forEach(f => f.noValidate = true)");
        await p.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
        await Expect(p.Locator(".errors")).ToBeVisibleAsync();
    };
}
