using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Accounts;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.PublicList;

/// <summary>
/// §5(3)ア the public list, §5(4)エ the reply policy first, §5(5)イ the closed list and verify:
/// what the public sees, that it never sees more than Listed accounts' accepted policies, and that the
/// output cache is evicted the moment something it shows changes.
/// </summary>
public sealed class PublicListTests(AppFactory app) : IClassFixture<AppFactory>
{

    /// <summary>A 様式1 with every field the policy page shows, of 観光振興係 (the values the assertions read back).</summary>
    private async Task<PolicyContent> ShownAsync(string name, string url, ReplyPolicyKind reply = ReplyPolicyKind.NoReply) =>
        Given.Policy(name, url) with
        {
            UnitId = await app.UnitIdAsync("観光振興係"),
            Platform = url.Contains("facebook", StringComparison.Ordinal) ? Platform.Facebook : Platform.X,
            Purpose = "テスト用の目的です。",
            PeriodStart = new DateOnly(2026, 6, 1),
            PeriodEnd = new DateOnly(2029, 3, 31),
            HoursStart = new TimeOnly(8, 30),
            HoursEnd = new TimeOnly(17, 15),
            ReplyPolicy = reply,
            ReplyWording = Labels.DefaultReplyWording(reply),
        };

    private static readonly string[] PublicUrls = ["/", "/closed", "/api/public/accounts", "/api/public/closed-accounts"];

    [Fact]
    public async Task Output_cache_serves_the_list_until_a_change_is_saved_then_shows_the_change_at_once()
    {
        var client = app.Anonymous();
        var id = await app.ListedAccountAsync(await ShownAsync("キャッシュ確認（テスト）", "https://x.com/cache_check_test"));
        Assert.Contains("キャッシュ確認（テスト）", (await client.GetDocumentAsync("/")).Text());

        // A bulk update bypasses SaveChanges and so the eviction: the cached page still shows the old name.
        // This proves the page really is cached, so the next step really tests the eviction.
        await app.DbAsync(db => db.PolicyVersions.Where(p => p.AccountId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.AccountName, "キャッシュ確認・直接変更（テスト）")));
        Assert.Contains("キャッシュ確認（テスト）", (await client.GetDocumentAsync("/")).Text());

        // Any saved change to an account evicts every public page: a new account listed shows at once.
        var other = await app.ListedAccountAsync(await ShownAsync("即時反映（テスト）", "https://x.com/instant_test"));
        var text = (await client.GetDocumentAsync("/")).Text();
        Assert.Contains("即時反映（テスト）", text);
        Assert.Contains("キャッシュ確認・直接変更（テスト）", text);

        // Delisting: gone from the list at once, on the closed list, its policy page and the API say it closed.
        await app.CloseAsync(other);
        Assert.DoesNotContain("即時反映（テスト）", (await client.GetDocumentAsync("/")).Text());
        Assert.Contains("即時反映（テスト）", (await client.GetDocumentAsync("/closed")).Text());
        Assert.Contains("運用を終了しました", (await client.GetDocumentAsync($"/policies/{other}")).Text());
        Assert.Equal(HttpStatusCode.Gone, (await client.GetAsync($"/api/public/accounts/{other}")).StatusCode);
        var closed = await client.GetFromJsonAsync<JsonElement>("/api/public/closed-accounts");
        Assert.Contains(closed.EnumerateArray(), c => c.GetProperty("id").GetGuid() == other);
    }

    [Fact]
    public async Task Only_listed_accounts_appear_and_never_an_unaccepted_revision()
    {
        var client = app.Anonymous();
        // Warm the cache first, so that a stale page would show up as a failure below.
        foreach (var url in PublicUrls)
        {
            Assert.True((await client.GetAsync(url)).IsSuccessStatusCode, url);
        }

        var draft = await app.DraftAccountAsync(await ShownAsync("非公開・下書き（テスト）", "https://x.com/hidden_draft_test"));
        var requested = await app.DraftAccountAsync(await ShownAsync("非公開・掲載依頼中（テスト）", "https://x.com/hidden_requested_test"));
        await app.RequestListingAsync(requested);
        var delisting = await app.ListedAccountAsync(await ShownAsync("掲載継続・削除依頼中（テスト）", "https://x.com/hidden_delisting_test"));
        await app.RequestDelistingAsync(delisting);
        var closed = await app.ListedAccountAsync(await ShownAsync("非公開・運用終了（テスト）", "https://x.com/hidden_closed_test"));
        await app.CloseAsync(closed);
        var revised = await app.ListedAccountAsync(await ShownAsync("公開中の名前（テスト）", "https://x.com/revised_test"));
        await app.SubmitRevisionAsync(revised, p => p with { AccountName = "未承認の改訂名（テスト）" });

        var list = (await client.GetDocumentAsync("/")).Text();
        var api = await client.GetStringAsync("/api/public/accounts");
        foreach (var hidden in new[] { "非公開・下書き", "非公開・掲載依頼中", "非公開・運用終了", "未承認の改訂名" })
        {
            Assert.DoesNotContain(hidden, list);
            Assert.DoesNotContain(hidden, api);
        }
        Assert.Contains("公開中の名前（テスト）", list);

        // A closing account (削除依頼中) stays listed until the PR office removes it (ClosingStagesTests); a closed one's
        // old links answer that it closed (ClosingStagesTests); an account that never was public is not found.
        Assert.Contains("掲載継続・削除依頼中（テスト）", list);
        foreach (var id in new[] { draft, requested })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/policies/{id}")).StatusCode);
            var problem = await client.GetAsync($"/api/public/accounts/{id}");
            Assert.Equal(HttpStatusCode.NotFound, problem.StatusCode);
            Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);
        }

        // The revised account's page and API show the accepted version only.
        var page = (await client.GetDocumentAsync($"/policies/{revised}")).Text();
        Assert.Contains("公開中の名前（テスト）", page);
        Assert.DoesNotContain("未承認の改訂名", page);
        var one = await client.GetFromJsonAsync<JsonElement>($"/api/public/accounts/{revised}");
        Assert.Equal("公開中の名前（テスト）", one.GetProperty("accountName").GetString());
        Assert.Equal(1, one.GetProperty("policyVersion").GetInt32());

        // The closed list shows the closed account only, and verify tells the draft's address is not official.
        var closedList = (await client.GetDocumentAsync("/closed")).Text();
        Assert.Contains("非公開・運用終了（テスト）", closedList);
        Assert.DoesNotContain("非公開・下書き", closedList);
        Assert.DoesNotContain("掲載継続・削除依頼中", closedList);
        var verdict = await client.GetFromJsonAsync<JsonElement>("/api/public/verify?url=https://x.com/hidden_draft_test");
        Assert.Equal("unknown", verdict.GetProperty("verdict").GetString());
        verdict = await client.GetFromJsonAsync<JsonElement>("/api/public/verify?url=@hidden_closed_test");
        Assert.Equal("closed", verdict.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Policy_page_puts_the_reply_policy_first_then_every_field_and_the_standard_terms()
    {
        var id = await app.ListedAccountAsync(await ShownAsync("ポリシー表示（テスト）", "https://www.facebook.com/policy.display.test", ReplyPolicyKind.ReplyAsNeeded)
            with
        { Remarks = "備考の内容（テスト）" });
        var doc = await app.Anonymous().GetDocumentAsync($"/policies/{id}");
        var main = doc.QuerySelector("main")!;

        // §5(4)エ: right after the title, before anything else, the reply policy.
        var h1 = main.QuerySelector("h1")!;
        var first = h1.NextElementSibling!;
        Assert.Equal("SECTION", first.TagName);
        Assert.Contains("reply-policy", first.ClassList);
        Assert.Equal("投稿に対する返信必要に応じて返信する", first.QuerySelector("h2")!.TextContent.Trim());
        Assert.Contains("運用者は必要に応じて回答を行います。", first.TextContent);
        Assert.Equal("投稿に対する返信必要に応じて返信する", main.QuerySelectorAll("h2")[0].TextContent.Trim());

        var table = main.QuerySelector("table.policy")!;
        Assert.Equal("運用ポリシーの内容", table.QuerySelector("caption")!.TextContent.Trim());
        string Row(string header) => table.QuerySelectorAll("tr")
            .Single(r => r.QuerySelector("th")!.TextContent.Trim() == header).QuerySelector("td")!.TextContent.Trim();
        Assert.Equal("Facebook", Row("利用するソーシャルメディア"));
        Assert.StartsWith("ポリシー表示（テスト）", Row("アカウント名"));
        Assert.Equal("https://www.facebook.com/policy.display.test",
            table.QuerySelectorAll("a").OfType<IHtmlAnchorElement>().Single(a => a.TextContent == "ポリシー表示（テスト）").Href);
        Assert.Equal("経済部 営業戦略室 観光振興係", Row("開設所属"));
        Assert.Equal("テスト用の発信内容です。", Row("発信する情報の内容"));
        Assert.Equal("テスト用の目的です。", Row("開設・運用の目的"));
        Assert.Equal("令和8年6月1日 ～ 令和11年3月31日", Row("運用期間"));
        Assert.Equal("月曜日から金曜日までの8時30分から17時15分までとします（祝日及び年末年始を除く）。", Row("運用時間"));
        Assert.Equal("備考の内容（テスト）", Row("備考"));

        var terms = main.QuerySelector("section.terms")!;
        Assert.Equal(12, terms.QuerySelectorAll("ol")[0].QuerySelectorAll("li").Length);
        Assert.Contains("(12)その他本市が不適切と判断した情報", terms.TextContent);
        Assert.Contains("知的財産権は本市、または原著作者に帰属します", terms.TextContent);
        Assert.Equal(2, terms.QuerySelectorAll("ol")[1].QuerySelectorAll("li").Length);
        Assert.Contains("標準規約 第1版", main.TextContent);
        Assert.Contains("掲載されていないアカウントは市の公式ではありません", main.TextContent);
        Assert.NotNull(main.QuerySelector("a[href='/verify']"));
    }

    [Theory]
    [InlineData("/?platform=Line", new[] { "なよろ子育て応援（デモ）" }, new[] { "名寄市観光情報（デモ）", "なよろ雪質日本一フェス（デモ）" })]
    [InlineData("/?department=健康福祉部", new[] { "なよろ子育て応援（デモ）" }, new[] { "名寄市観光情報（デモ）" })]
    [InlineData("/?q=ﾅﾖﾛ", new[] { "なよろ子育て応援（デモ）", "なよろ雪質日本一フェス（デモ）" }, new[] { "名寄市観光情報（デモ）" })]
    [InlineData("/?q=NAYORO_KANKO", new[] { "名寄市観光情報（デモ）" }, new[] { "なよろ子育て応援（デモ）" })]
    [InlineData("/?platform=Line&department=経済部", new[] { "名寄ピヤシリスキー場（デモ）" }, new[] { "なよろ子育て応援（デモ）", "名寄市観光情報（デモ）" })]
    [InlineData("/?platform=Facebook&q=子育て", new string[0], new[] { "なよろ子育て応援（デモ）", "名寄市観光情報（デモ）" })]
    [InlineData("/?platform=NoSuchPlatform&department=存在しない部", new[] { "なよろ子育て応援（デモ）", "名寄市観光情報（デモ）" }, new string[0])]
    public async Task Public_list_filters_by_platform_department_and_name(string url, string[] shown, string[] hidden)
    {
        var doc = await app.Anonymous().GetDocumentAsync(url);
        var names = doc.QuerySelectorAll("main table tbody th a").Select(a => a.TextContent.Trim()).ToList();
        foreach (var name in shown)
        {
            Assert.Contains(name, names);
        }
        foreach (var name in hidden)
        {
            Assert.DoesNotContain(name, names);
        }
        if (shown.Length == 0)
        {
            Assert.Contains("条件に合うアカウントはありません。", doc.Text());
        }
    }

    [Fact]
    public async Task Public_list_groups_by_department_or_by_platform_with_captioned_tables()
    {
        var client = app.Anonymous();
        var byDepartment = await client.GetDocumentAsync("/");
        var headings = byDepartment.QuerySelectorAll("main section.account-group h2").Select(h => h.TextContent).ToList();
        Assert.Contains(headings, h => h.StartsWith("経済部", StringComparison.Ordinal));
        Assert.Contains(headings, h => h.StartsWith("健康福祉部", StringComparison.Ordinal));
        // Departments in the city's order (経済部 2, 健康福祉部 3), not by character code.
        Assert.True(headings.FindIndex(h => h.StartsWith("経済部", StringComparison.Ordinal)) < headings.FindIndex(h => h.StartsWith("健康福祉部", StringComparison.Ordinal)));
        Assert.All(byDepartment.QuerySelectorAll("main table"), t =>
        {
            Assert.False(string.IsNullOrWhiteSpace(t.QuerySelector("caption")?.TextContent));
            Assert.All(t.QuerySelectorAll("thead th"), th => Assert.Equal("col", th.GetAttribute("scope")));
        });

        var byPlatform = await client.GetDocumentAsync("/?group=platform");
        var platformHeadings = byPlatform.QuerySelectorAll("main section.account-group h2").Select(h => h.TextContent).ToList();
        Assert.Contains(platformHeadings, h => h.StartsWith("LINE", StringComparison.Ordinal));
        Assert.Contains(platformHeadings, h => h.StartsWith("Facebook", StringComparison.Ordinal));
        Assert.Equal("checked", byPlatform.QuerySelector("input[name=group][value=platform]")!.GetAttribute("checked"));
    }

    [Fact]
    public async Task Public_pages_are_japanese_with_one_h1_and_headings_in_order()
    {
        var client = app.Anonymous();
        var listed = await app.ListedAccountAsync(await ShownAsync("見出し確認（テスト）", "https://x.com/heading_check_test"));
        foreach (var url in new[] { "/", $"/policies/{listed}", "/closed", "/verify", "/verify?url=@nayoro_kanko_demo", "/verify?url=not a url", "/login" })
        {
            var doc = await client.GetDocumentAsync(url);
            Assert.Equal("ja", doc.DocumentElement.GetAttribute("lang"));
            Assert.Single(doc.QuerySelectorAll("h1"));
            Assert.NotNull(doc.QuerySelector("main#main"));
            var levels = doc.QuerySelectorAll("main h1, main h2, main h3, main h4").Select(h => h.TagName[1] - '0').ToList();
            for (var i = 1; i < levels.Count; i++)
            {
                Assert.True(levels[i] <= levels[i - 1] + 1, $"{url}: heading level jumps from h{levels[i - 1]} to h{levels[i]}");
            }
            Assert.All(doc.QuerySelectorAll("img"), img => Assert.NotNull(img.GetAttribute("alt")));
        }
    }

    [Fact]
    public async Task Verify_page_answers_for_listed_closed_unknown_and_malformed_addresses()
    {
        var client = app.Anonymous();
        Assert.Contains("確認結果：名寄市の公式アカウントです", (await client.GetDocumentAsync("/verify?url=https://X.com/Nayoro_Kanko_Demo/")).Text());
        Assert.Contains("確認結果：運用を終了したアカウントです", (await client.GetDocumentAsync("/verify?url=@nayoro_himawari_demo")).Text());
        Assert.Contains("確認結果：公式アカウントとして掲載されていません", (await client.GetDocumentAsync("/verify?url=https://x.com/someone_else")).Text());
        Assert.Contains("確認結果：アドレスの形式を確認してください", (await client.GetDocumentAsync("/verify?url=" + Uri.EscapeDataString("<script>alert(1)</script>"))).Text());
        var noScript = await client.GetStringAsync("/verify?url=" + Uri.EscapeDataString("<script>alert(1)</script>"));
        Assert.DoesNotContain("<script>alert(1)</script>", noScript);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/verify?url=" + new string('a', 5000))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/public/verify")).StatusCode);
    }

    [Fact]
    public async Task Related_organisation_account_names_the_organisation_and_the_responsible_city_section()
    {
        var id = await app.ListedAccountAsync(await ShownAsync("なよろ夏まつり実行委員会（テスト）", "https://www.facebook.com/natsumatsuri.test")
            with
        { OwnerKind = OwnerKind.RelatedOrganisation, RelatedOrganisationName = "名寄夏まつり実行委員会" });
        var client = app.Anonymous();
        var row = (await client.GetDocumentAsync("/")).QuerySelectorAll("main tbody tr")
            .Single(r => r.TextContent.Contains("なよろ夏まつり実行委員会（テスト）", StringComparison.Ordinal));
        var owner = row.QuerySelector("td[data-label=開設所属]")!.TextContent;
        Assert.Equal("名寄夏まつり実行委員会（市の担当：経済部 営業戦略室 観光振興係）", Regex.Replace(owner, @"\s+", " ").Trim());
        var policy = (await client.GetDocumentAsync($"/policies/{id}")).Text();
        Assert.Contains("名寄夏まつり実行委員会（市の担当：経済部 営業戦略室 観光振興係）", policy);
    }

    [Fact]
    public async Task Public_pages_need_no_sign_in_and_staff_see_the_same()
    {
        var listed = await app.ListedAccountAsync(await ShownAsync("職員も閲覧（テスト）", "https://x.com/staff_view_test"));
        var staff = await app.SignInAsync("demo-operator2");
        foreach (var client in new[] { app.Anonymous(), staff })
        {
            foreach (var url in new[] { "/", $"/policies/{listed}", "/closed", "/verify", "/api/public/accounts", $"/api/public/accounts/{listed}", "/api/public/closed-accounts" })
            {
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
            }
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/policies/{Guid.NewGuid()}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/policies/not-a-guid")).StatusCode);
        }
    }
}
