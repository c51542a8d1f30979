using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Features.Shared;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Shared;

/// <summary>
/// The error summary of every staff form (issue 13 item 5): each problem once, in the order of the form, each a link
/// to its field; no English framework message; a form sent with an expired antiforgery token is shown again as typed.
/// </summary>
public sealed partial class FormErrorsTests(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>An English sentence of three or more ASCII words ("The value '' is invalid.", "The X field is required.").</summary>
    [GeneratedRegex(@"\b[A-Z][a-z]+(?: ['A-Za-z0-9_]+){2,}[.!]")]
    private static partial Regex EnglishSentence();

    [GeneratedRegex(@"\bThe (?:value|field)\b|\bis (?:required|invalid)\b|A value is required|must be a number")]
    private static partial Regex FrameworkWords();

    private static void AssertNoEnglish(string html, string what)
    {
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        var main = document.QuerySelector("main")?.TextContent ?? document.Body!.TextContent;
        var attributes = string.Join("\n", document.All.SelectMany(e => e.Attributes).Where(a => a.Name.StartsWith("data-val", StringComparison.Ordinal) || a.Name is "title" or "aria-label").Select(a => a.Value));
        foreach (var text in new[] { main, attributes })
        {
            Assert.False(EnglishSentence().IsMatch(text), $"{what}: English sentence \"{EnglishSentence().Match(text).Value}\"");
            Assert.False(FrameworkWords().IsMatch(text), $"{what}: framework message \"{FrameworkWords().Match(text).Value}\"");
        }
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string pageUrl, string? handler, Dictionary<string, string> fields)
    {
        var token = await client.TokenAsync();
        var values = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        return await client.PostAsync(handler is null ? pageUrl : $"{pageUrl}?handler={handler}", new FormUrlEncodedContent(values));
    }

    public static TheoryData<string, string, string?, Dictionary<string, string>> EmptyAndWrongForms => new()
    {
        { "demo-admin", "/admin/office", null, new() { ["Input.CityName"] = "", ["Input.PrOfficeName"] = "", ["Input.PrHeadTitle"] = "" } },
        { "demo-admin", "/admin/office", null, new() },
        { "demo-operator", "/accounts/new", null, new() },
        { "demo-operator", "/accounts/new", null, new() { ["Input.AccountName"] = "型違い", ["Input.PeriodStart"] = "来年", ["Input.UnitId"] = "係", ["Input.HoursStart"] = "朝", ["Input.Version"] = "x" } },
        { "demo-operator", "/posts/new", null, new() },
        { "demo-operator", "/posts/new", null, new() { ["Input.AccountId"] = "abc", ["Input.Kind"] = "Nothing", ["Input.Category"] = "7x" } },
        { "demo-admin", "/admin/users/new", "Create", new() },
        { "demo-admin", "/admin/users/new", "Create", new() { ["Input.SectionId"] = "abc", ["Input.Roles"] = "King", ["Input.EmploymentType"] = "x" } },
        { "demo-admin", "/admin/organisation/departments/new", null, new() { ["Input.Name"] = "" } },
        { "demo-admin", "/admin/organisation/departments/new", null, new() { ["Input.Name"] = "", ["Input.DepartmentId"] = "abc", ["Input.Tag"] = "x" } },
    };

    [Theory]
    [MemberData(nameof(EmptyAndWrongForms))]
    public async Task A_form_sent_empty_or_with_wrong_types_answers_in_Japanese_only(string user, string page, string? handler, Dictionary<string, string> fields)
    {
        var client = await app.SignInAsync(user);
        var response = await PostAsync(client, page, handler, fields);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{page}: {(int)response.StatusCode}");
        var html = await response.Content.ReadAsStringAsync();
        AssertNoEnglish(html, page);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            var summary = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).QuerySelector(".errors");
            Assert.True(summary is not null, $"{page}: refused without an error summary");
            var items = summary!.QuerySelectorAll("li").Select(li => li.TextContent).ToList();
            Assert.Equal(items.Count, items.Distinct().Count());
            AssertSummaryLinksToFields(html, page);
        }
    }

    /// <summary>Each link of the error summary leads to a field of the page (a link to an id the page does not have goes nowhere).</summary>
    private static void AssertSummaryLinksToFields(string html, string page)
    {
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        foreach (var href in document.QuerySelectorAll<IHtmlAnchorElement>(".errors a").Select(a => a.GetAttribute("href")!))
        {
            var field = document.GetElementById(href.TrimStart('#'));
            Assert.True(field is IHtmlInputElement or IHtmlTextAreaElement or IHtmlSelectElement, $"{page}: the summary links to {href}, which is not a field of the page");
        }
    }

    [Fact]
    public async Task The_post_and_comment_forms_link_each_problem_to_its_field()
    {
        var account = await app.ListedAccountAsync(Given.Policy("要約リンク確認"));
        var op = await app.SignInAsync("demo-operator");
        // Category A without the page that published it (a rule of the post), and a scheduled time that is not one.
        var post = await PostAsync(op, "/posts/new", null, new() { ["Input.AccountId"] = account.ToString(), ["Input.Kind"] = "Post", ["Input.Text"] = "お知らせです🎿", ["Input.Category"] = "A" });
        var postHtml = await post.Content.ReadAsStringAsync();
        Assert.Contains("href=\"#Input_PublicSourceUrl\"", postHtml, StringComparison.Ordinal);
        AssertSummaryLinksToFields(postHtml, "/posts/new (A)");
        var scheduled = await PostAsync(op, "/posts/new", null, new() { ["Input.AccountId"] = account.ToString(), ["Input.Kind"] = "Post", ["Input.Text"] = "お知らせです", ["Input.ScheduledAt"] = "令和8年4月1日" });
        var scheduledHtml = await scheduled.Content.ReadAsStringAsync();
        Assert.Contains("href=\"#Input_ScheduledAt\"", scheduledHtml, StringComparison.Ordinal);
        AssertSummaryLinksToFields(scheduledHtml, "/posts/new (予約日時)");
        // A comment sent empty, then with a received time that is not one.
        var empty = await PostAsync(op, $"/accounts/{account}/comments/new", null, new() { ["Input.Kind"] = "Comment" });
        var emptyHtml = await empty.Content.ReadAsStringAsync();
        Assert.Contains("class=\"errors\"", emptyHtml, StringComparison.Ordinal);
        AssertSummaryLinksToFields(emptyHtml, "comments/new (empty)");
        var received = await PostAsync(op, $"/accounts/{account}/comments/new", null, new() { ["Input.Kind"] = "Comment", ["Input.Text"] = "駐車場はありますか", ["Input.ReceivedAt"] = "きのうの朝" });
        var receivedHtml = await received.Content.ReadAsStringAsync();
        Assert.True(received.StatusCode == HttpStatusCode.OK, $"{(int)received.StatusCode} {received.Headers.Location}");
        Assert.Contains("href=\"#Input_ReceivedAt\"", receivedHtml, StringComparison.Ordinal);
        AssertSummaryLinksToFields(receivedHtml, "comments/new (受信日時)");
    }

    [Fact]
    public async Task The_office_settings_no_longer_say_the_field_is_required_in_English()
    {
        var admin = await app.SignInAsync("demo-admin");
        var response = await PostAsync(admin, "/admin/office", null, new() { ["Input.CityName"] = "", ["Input.PrOfficeName"] = "秘書広報課", ["Input.PrHeadTitle"] = "秘書広報課長" });
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("field is required", html, StringComparison.Ordinal);
        var page = await Html.ParseAsync(response);
        var link = page.QuerySelector<IHtmlAnchorElement>(".errors li a")!;
        Assert.Equal("#Input_CityName", link.GetAttribute("href"));
        Assert.NotNull(page.QuerySelector("input#Input_CityName"));
    }

    [Fact]
    public async Task Each_problem_is_listed_once_in_form_order_and_links_to_its_field()
    {
        var op = await app.SignInAsync("demo-operator");
        var response = await PostAsync(op, "/accounts/new", null, new()
        {
            ["Input.AccountName"] = "要約テスト",
            ["Input.AccountUrl"] = "ftp://example.jp/x",
            ["Input.PeriodStart"] = "2027-04-01",
            ["Input.PeriodEnd"] = "2026-04-01",
            ["Input.Platform"] = "X",
            ["Input.OwnerKind"] = "City",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.ParseAsync(response);
        var links = page.QuerySelectorAll<IHtmlAnchorElement>(".errors li a").ToList();
        Assert.NotEmpty(links);
        var messages = page.QuerySelectorAll(".errors li").Select(li => li.TextContent).ToList();
        Assert.Equal(messages.Count, messages.Distinct().Count());
        foreach (var link in links)
        {
            var id = link.GetAttribute("href")!.TrimStart('#');
            var field = page.GetElementById(id);
            Assert.True(field is IHtmlInputElement or IHtmlTextAreaElement or IHtmlSelectElement, $"the summary links to #{id}, which is not a field");
            // The message is said again beside the field.
            Assert.Contains(link.TextContent, page.QuerySelector($"#{FieldMessages.Id(field!.GetAttribute("name")!)}")!.TextContent);
        }
        // In the order of the form: the URL comes before the period.
        var hrefs = links.Select(l => l.GetAttribute("href")).ToList();
        Assert.True(hrefs.IndexOf("#Input_AccountUrl") < hrefs.IndexOf("#Input_PeriodEnd") || !hrefs.Contains("#Input_PeriodEnd"), string.Join(" ", hrefs));
        Assert.Contains("#Input_AccountUrl", hrefs);
    }

    [Fact]
    public async Task An_empty_save_creates_no_nameless_account()
    {
        var op = await app.SignInAsync("demo-operator");
        var before = await app.DbAsync(db => db.Accounts.CountAsync());
        var response = await op.SubmitAsync("/accounts/new");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Contains("アカウント名を入力してください。", page.QuerySelector(".errors")!.TextContent);
        Assert.Equal("#Input_AccountName", page.QuerySelector<IHtmlAnchorElement>(".errors a[href='#Input_AccountName']")?.GetAttribute("href"));
        Assert.Equal(before, await app.DbAsync(db => db.Accounts.CountAsync()));
    }

    [Fact]
    public async Task An_expired_token_shows_the_form_again_with_what_was_typed_and_saves_nothing()
    {
        var op = await app.SignInAsync("demo-operator");
        var before = await app.DbAsync(db => db.Accounts.CountAsync());
        var response = await op.PostAsync("/accounts/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = "CfDJ8-expired-or-from-another-key-ring",
            ["Input.AccountName"] = "時間切れのテスト",
            ["Input.Purpose"] = "長い文章を書いていた。",
            ["Input.Platform"] = "Instagram",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Contains(ExpiredFormFilter.Message, page.QuerySelector(".errors")!.TextContent);
        Assert.Equal("時間切れのテスト", page.QuerySelector<IHtmlInputElement>("input[name='Input.AccountName']")!.Value);
        Assert.Equal("長い文章を書いていた。", page.QuerySelector<IHtmlTextAreaElement>("textarea[name='Input.Purpose']")!.Value);
        Assert.True(page.QuerySelector<IHtmlInputElement>("input[name='Input.Platform'][value='Instagram']")!.IsChecked);
        // The form shown again carries a fresh token and can be sent.
        Assert.False(string.IsNullOrEmpty(page.QuerySelector<IHtmlInputElement>("main form input[name=__RequestVerificationToken]")?.Value));
        Assert.Equal(before, await app.DbAsync(db => db.Accounts.CountAsync()));

        // The same for a form of a page with an id in its address: the office settings and an account's edit form.
        var admin = await app.SignInAsync("demo-admin");
        response = await admin.PostAsync("/admin/office", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.CityName"] = "時間切れ市" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        page = await Html.ParseAsync(response);
        Assert.Contains(ExpiredFormFilter.Message, page.QuerySelector(".errors")!.TextContent);
        Assert.Equal("時間切れ市", page.QuerySelector<IHtmlInputElement>("input[name='Input.CityName']")!.Value);
        Assert.DoesNotContain("時間切れ市", await app.DbAsync(db => db.OfficeSettings.Select(o => o.CityName).ToListAsync()));
    }

    [Fact]
    public async Task An_expired_token_on_a_one_way_step_does_not_take_it()
    {
        var id = await app.DraftAccountAsync(Given.Policy("時間切れの依頼"));
        var head = await app.SignInAsync("demo-head");
        var response = await head.PostAsync($"/accounts/{id}?handler=RequestListing",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = "stale", ["Version"] = "1" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(ExpiredFormFilter.Message, (await Html.ParseAsync(response)).QuerySelector(".errors")!.TextContent);
        Assert.Equal(MuniSocial.Domain.Accounts.AccountStatus.Draft, (await app.AccountAsync(id)).Status);
    }
}
