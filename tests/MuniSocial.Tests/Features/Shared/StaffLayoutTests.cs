using System.Net;
using MuniSocial.Features.Shared;
using MuniSocial.Infrastructure.Identity;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Shared;

/// <summary>
/// The staff side's own layout (issue 13 item 7): the system's and the city's name, the person and their section,
/// navigation grouped by task where each person sees the groups and links their roles reach (decided by the AccessTable's
/// policies), the page shown marked, the citizens' pages keeping their own header.
/// </summary>
public sealed class StaffLayoutTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static List<string> Groups(AngleSharp.Html.Dom.IHtmlDocument page) =>
        [.. page.QuerySelectorAll("header nav .nav-group-name").Select(g => g.TextContent.Trim())];

    private static List<string> Links(AngleSharp.Html.Dom.IHtmlDocument page) =>
        [.. page.QuerySelectorAll("header nav .nav-group a").Select(a => a.GetAttribute("href")!)];

    [Theory]
    [InlineData("demo-operator", "日々の運用,発信,アカウント", "/posts,/accounts,/operations", "/review,/board,/admin/users,/audit")]
    [InlineData("demo-head", "日々の運用,発信,アカウント", "/posts,/posts/section-settings", "/review,/admin/users")]
    [InlineData("demo-pr", "日々の運用,発信,アカウント,広報担当,管理", "/review,/board,/publishing-pause,/audit,/comments/settings", "/admin/users,/admin/office")]
    [InlineData("demo-admin", "日々の運用,アカウント,管理", "/home,/admin/users,/admin/office,/admin/jobs,/audit", "/posts,/accounts,/review")]
    public async Task Each_person_sees_the_groups_and_links_their_roles_reach(string user, string groups, string shown, string hidden)
    {
        var client = await app.SignInAsync(user);
        var page = await client.GetDocumentAsync("/home");
        Assert.Equal(groups.Split(','), Groups(page));
        var links = Links(page);
        Assert.All(shown.Split(','), l => Assert.Contains(l, links));
        Assert.All(hidden.Split(','), l => Assert.DoesNotContain(l, links));
        // Every link shown opens for this person (the menu and the pages go by the same table).
        foreach (var link in links)
        {
            Assert.True((await client.GetAsync(link)).StatusCode == HttpStatusCode.OK, $"{user}: {link} does not open");
        }
    }

    [Fact]
    public void Every_link_of_the_menu_is_a_page_of_the_access_table()
    {
        foreach (var (_, _, links) in StaffNavViewComponent.Menu)
        {
            Assert.All(links, l => Assert.NotNull(AccessTable.ForPage(l.Href)));
        }
    }

    [Fact]
    public async Task The_header_names_the_system_the_city_and_the_person_with_their_section()
    {
        var client = await app.SignInAsync("demo-operator");
        var page = await client.GetDocumentAsync("/posts");
        var header = page.QuerySelector("header")!;
        Assert.Contains("MuniSocial 公式アカウント管理", header.QuerySelector(".brand")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("名寄市", header.QuerySelector(".brand-city")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("北 ひかり（営業戦略室・担当者）", header.QuerySelector(".person")!.TextContent.Trim());
        Assert.NotNull(header.QuerySelector("form[action='/logout'] button"));
        Assert.NotNull(header.QuerySelector("a[href='/me/notifications']"));
        Assert.Equal("page", header.QuerySelector("nav a[href='/posts']")!.GetAttribute("aria-current"));
        Assert.Single(header.QuerySelectorAll("nav a[aria-current]"));
        Assert.NotNull(page.QuerySelector("link[rel='icon'][href='/favicon.svg']"));
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync("/favicon.svg")).StatusCode);

        // A page below a menu item marks the item as the section you are in, not as the page.
        var post = await client.GetDocumentAsync("/posts/archive");
        Assert.Equal("page", post.QuerySelector("header nav a[href='/posts/archive']")!.GetAttribute("aria-current"));
        var comments = await client.GetDocumentAsync($"/accounts/{await app.ListedAccountAsync(Given.Policy("レイアウト確認"))}/comments");
        Assert.Null(comments.QuerySelector("header nav a[aria-current='page']"));
    }

    [Fact]
    public async Task The_citizens_pages_keep_their_own_header_for_a_signed_in_person_too()
    {
        var client = await app.SignInAsync("demo-pr");
        foreach (var page in new[] { await client.GetDocumentAsync("/"), await app.Anonymous().GetDocumentAsync("/") })
        {
            Assert.Null(page.QuerySelector("header .staff-nav"));
            Assert.Contains("名寄市ソーシャルメディア一覧", page.QuerySelector("header .brand")!.TextContent, StringComparison.Ordinal);
            Assert.NotNull(page.QuerySelector("header nav a[href='/verify']"));
        }
        Assert.NotNull((await client.GetDocumentAsync("/")).QuerySelector("header nav a[href='/home']"));
        Assert.NotNull((await app.Anonymous().GetDocumentAsync("/")).QuerySelector("header nav a[href='/login']"));
    }
}
