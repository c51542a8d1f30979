using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Features.Home;
using MuniSocial.Jobs;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Home;

/// <summary>
/// Issue 13 item 1: each role's home page lists what waits for that person, under headings, each with a link to where it
/// is done; the navigation counts it; <c>GET /api/v1/me/work</c> gives the same items; a head sees their own section only.
/// </summary>
public sealed class WaitingWorkTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static string Uid() => Guid.NewGuid().ToString("N")[..8];

    private static IHtmlAnchorElement? Link(IHtmlDocument home, WorkKind kind, string url) =>
        home.QuerySelectorAll($"#waiting-work ul[data-kind={kind}] a").OfType<IHtmlAnchorElement>().FirstOrDefault(a => a.GetAttribute("href") == url);

    private static int Badge(IHtmlDocument page, string link) =>
        page.QuerySelector($"header nav a[href='{link}'] .work-badge") is { } badge ? int.Parse(badge.TextContent, System.Globalization.CultureInfo.InvariantCulture) : 0;

    [Fact]
    public async Task A_post_awaiting_approval_is_on_the_heads_home_with_a_count_in_the_navigation_and_not_on_another_sections_head()
    {
        var account = await app.ListedAccountAsync(Given.Policy($"了承待ち{Uid()}"));
        var post = await app.AwaitingApprovalPostAsync(account, $"了承を待つ投稿 {Uid()}");
        var head = await app.SignInAsync("demo-head");

        var home = await head.GetDocumentAsync("/home");
        var link = Link(home, WorkKind.PostAwaitingApproval, $"/posts/{post}");
        Assert.NotNull(link);
        Assert.Contains("了承を待っている投稿", home.QuerySelector("#waiting-work")!.TextContent, StringComparison.Ordinal);
        var onPosts = home.QuerySelectorAll("#waiting-work ul[data-kind] li")
            .Count(li => WaitingWork.NavLink(Enum.Parse<WorkKind>(li.ParentElement!.GetAttribute("data-kind")!)) == "/posts");
        Assert.True(onPosts >= 1);
        Assert.Equal(onPosts, Badge(home, "/posts"));
        Assert.Contains($"（対応待ち {onPosts}件）", home.QuerySelector("header nav a[href='/posts']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(home.QuerySelectorAll("#waiting-work li.work-item").Length, Badge(home, "/home"));
        Assert.Equal(HttpStatusCode.OK, (await head.GetAsync(link!.GetAttribute("href"))).StatusCode);

        var otherHead = await (await app.SignInAsync("demo-head2")).GetDocumentAsync("/home");
        Assert.Null(otherHead.QuerySelector($"#waiting-work a[href='/posts/{post}']"));
        var author = await (await app.SignInAsync("demo-operator")).GetDocumentAsync("/home");
        Assert.Null(Link(author, WorkKind.PostAwaitingApproval, $"/posts/{post}"));
    }

    [Fact]
    public async Task The_operator_sees_posts_sent_back_and_a_colleagues_post_to_check_but_not_their_own()
    {
        var account = await app.ListedAccountAsync(Given.Policy($"担当者{Uid()}"));
        var sentBack = await app.SentBackPostAsync(account, $"差し戻される投稿 {Uid()}");
        var toCheck = await app.AwaitingCheckPostAsync(account, $"確認を待つ投稿 {Uid()}");
        var draft = await app.DraftPostAsync(account, $"書きかけの投稿 {Uid()}");

        var author = await (await app.SignInAsync("demo-operator")).GetDocumentAsync("/home");
        Assert.NotNull(Link(author, WorkKind.PostSentBack, $"/posts/{sentBack}"));
        Assert.NotNull(Link(author, WorkKind.PostDraft, $"/posts/{draft}"));
        Assert.Null(author.QuerySelector($"#waiting-work ul[data-kind=PostAwaitingCheck] a[href='/posts/{toCheck}']"));

        var colleague = await (await app.SignInAsync("demo-operator3")).GetDocumentAsync("/home");
        Assert.NotNull(Link(colleague, WorkKind.PostAwaitingCheck, $"/posts/{toCheck}"));
        Assert.Null(colleague.QuerySelector($"#waiting-work a[href='/posts/{sentBack}']"));
        var otherSection = await (await app.SignInAsync("demo-operator2")).GetDocumentAsync("/home");
        Assert.Null(otherSection.QuerySelector($"#waiting-work a[href='/posts/{toCheck}']"));
    }

    [Fact]
    public async Task The_pr_office_sees_the_queue_and_after_listing_the_notice_to_send_which_opens()
    {
        var account = await app.DraftAccountAsync(Given.Policy($"審査{Uid()}"));
        await app.RequestListingAsync(account);
        var pr = await app.SignInAsync("demo-pr");
        var home = await pr.GetDocumentAsync("/home");
        Assert.NotNull(Link(home, WorkKind.ListingRequest, $"/review/{account}"));
        Assert.True(Badge(home, "/review") >= 1);

        await app.ListAsync(account);
        home = await pr.GetDocumentAsync("/home");
        Assert.Null(Link(home, WorkKind.ListingRequest, $"/review/{account}"));
        var notice = home.QuerySelectorAll("#waiting-work ul[data-kind=FormToSend] a").OfType<IHtmlAnchorElement>()
            .Single(a => a.GetAttribute("href")!.StartsWith($"/accounts/{account}/documents/", StringComparison.Ordinal));
        Assert.Contains("掲載通知書（様式3）", notice.TextContent, StringComparison.Ordinal);
        var pdf = await pr.GetAsync(notice.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_admin_sees_locked_out_users_users_without_a_section_and_failed_jobs()
    {
        var locked = await app.NewUserAsync();
        var noSection = await app.NewUserAsync();
        await app.DbAsync(async db =>
        {
            var l = await db.Users.SingleAsync(u => u.Id == locked.Id);
            l.LockoutEnd = app.Clock.GetUtcNow().AddMinutes(30);
            var n = await db.Users.SingleAsync(u => u.Id == noSection.Id);
            n.SectionId = null;
            var run = new JobRun(DailyReminderJob.Name, "テスト", app.Clock.GetUtcNow().AddMinutes(5));
            run.Finish(app.Clock.GetUtcNow().AddMinutes(6), false, "SMTPサーバーに接続できません（テスト）");
            db.JobRuns.Add(run);
            await db.SaveChangesAsync();
        });

        var admin = await app.SignInAsync("demo-admin");
        var home = await admin.GetDocumentAsync("/home");
        Assert.NotNull(Link(home, WorkKind.UserLockedOut, $"/admin/users/{locked.Id}"));
        Assert.NotNull(Link(home, WorkKind.UserIncomplete, $"/admin/users/{noSection.Id}"));
        Assert.Null(Link(home, WorkKind.UserLockedOut, $"/admin/users/{noSection.Id}"));
        Assert.Contains("SMTPサーバーに接続できません（テスト）", home.QuerySelector("#waiting-work ul[data-kind=JobFailed]")!.TextContent, StringComparison.Ordinal);
        Assert.True(Badge(home, "/admin/users") >= 2);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/admin/users/{locked.Id}")).StatusCode);
        // Trouble first: the locked-out user and the failed job come before the incomplete users.
        var kinds = home.QuerySelectorAll("#waiting-work ul[data-kind]").Select(u => Enum.Parse<WorkKind>(u.GetAttribute("data-kind")!)).ToList();
        Assert.True(kinds.IndexOf(WorkKind.UserLockedOut) < kinds.IndexOf(WorkKind.UserIncomplete));
    }

    [Fact]
    public async Task The_api_gives_the_same_items_as_the_home_page()
    {
        var account = await app.ListedAccountAsync(Given.Policy($"API{Uid()}"));
        var post = await app.AwaitingApprovalPostAsync(account, $"APIで見る投稿 {Uid()}");
        var home = await (await app.SignInAsync("demo-head")).GetDocumentAsync("/home");
        var api = await app.ApiAsync("demo-head");

        var json = await api.GetFromJsonAsync<JsonElement>("/api/v1/me/work");
        var items = json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(items.Count, json.GetProperty("count").GetInt32());
        var mine = items.Single(i => i.GetProperty("url").GetString() == $"/posts/{post}");
        Assert.Equal("PostAwaitingApproval", mine.GetProperty("kind").GetString());
        Assert.Equal("了承を待っている投稿", mine.GetProperty("heading").GetString());
        Assert.Equal(home.QuerySelectorAll("#waiting-work li.work-item a").Select(a => a.GetAttribute("href")).Order(StringComparer.Ordinal),
            items.Select(i => i.GetProperty("url").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync("/api/v1/me/work")).StatusCode);
    }

    [Fact]
    public async Task A_person_with_nothing_waiting_is_told_so_and_has_no_counts()
    {
        var user = await app.NewUserAsync(section: "企画課");
        var client = await app.SignInAndAcknowledgeAsync(user.UserName, Given.NewUserPassword);
        var home = await client.GetDocumentAsync("/home");
        Assert.Contains("いま、あなたを待っている作業はありません。", home.QuerySelector("#waiting-work")!.TextContent, StringComparison.Ordinal);
        Assert.True(home.QuerySelectorAll("header .work-badge").Length == 0, home.QuerySelector("header")!.OuterHtml);
    }
}

/// <summary>The operator's day (its own app: the clock moves on a day so that the check is due).</summary>
public sealed class OperatorWaitingWorkTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static string Uid() => Guid.NewGuid().ToString("N")[..8];

    private static IHtmlAnchorElement? Link(IHtmlDocument home, WorkKind kind, string url) =>
        home.QuerySelectorAll($"#waiting-work ul[data-kind={kind}] a").OfType<IHtmlAnchorElement>().FirstOrDefault(a => a.GetAttribute("href") == url);

    private static int Badge(IHtmlDocument page, string link) =>
        page.QuerySelector($"header nav a[href='{link}'] .work-badge") is { } badge ? int.Parse(badge.TextContent, System.Globalization.CultureInfo.InvariantCulture) : 0;

    [Fact]
    public async Task The_operator_sees_the_comments_to_answer_and_the_daily_check_due_today()
    {
        var account = await app.ListedAccountAsync(Given.Policy($"書込み{Uid()}"));
        var comment = await app.CommentAsync(account, $"開館時間を教えてください {Uid()}");
        app.Clock.Advance(TimeSpan.FromDays(1)); // listed since before today: the daily check is due (a Tuesday); this class's own app
        var home = await (await app.SignInAsync("demo-operator")).GetDocumentAsync("/home");
        Assert.NotNull(Link(home, WorkKind.CommentToAnswer, $"/comments/{comment}"));
        Assert.NotNull(Link(home, WorkKind.DailyCheckDue, $"/operations/{account}"));
        Assert.True(Badge(home, "/operations") >= 1);
        Assert.True(Badge(home, "/comments") >= 1);
        await app.DailyCheckAsync(account);
        home = await (await app.SignInAsync("demo-operator")).GetDocumentAsync("/home");
        Assert.Null(Link(home, WorkKind.DailyCheckDue, $"/operations/{account}"));
    }
}
