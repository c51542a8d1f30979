using System.Globalization;
using System.Net;
using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CsvHelper;
using CsvHelper.Configuration;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Incidents;
using MuniSocial.Features.PublicList;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.PublicList;

/// <summary>Issue 12 item 8: the list as CSV (read back with a real parser) and the Atom feed (read back with SyndicationFeed).</summary>
public sealed class PublicOpenDataTests(PublicOpenDataTests.PublicSiteApp app) : IClassFixture<PublicOpenDataTests.PublicSiteApp>
{
    /// <summary>The app with its public address configured, as in production.</summary>
    public sealed class PublicSiteApp : AppFactory
    {
        public const string BaseUrl = "https://sns.city.nayoro.example";

        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["PublicSite:BaseUrl"] = BaseUrl + "/" };
    }

    /// <summary>The CSV as Excel would read it: BOM, CRLF records, quoted cells; every record as its fields.</summary>
    public static List<string[]> ReadCsv(byte[] bytes)
    {
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        using var reader = new StreamReader(new MemoryStream(bytes[3..]), new UTF8Encoding(false, true));
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false, NewLine = "\r\n" });
        var rows = new List<string[]>();
        while (csv.Read())
        {
            rows.Add(csv.Parser.Record!);
        }
        Assert.Equal(PublicOpenData.CsvHeader, rows[0]);
        Assert.All(rows, r => Assert.Equal(PublicOpenData.CsvHeader.Length, r.Length));
        return rows;
    }

    public static SyndicationFeed ReadFeed(byte[] bytes)
    {
        using var reader = XmlReader.Create(new MemoryStream(bytes));
        return SyndicationFeed.Load(reader);
    }

    [Fact]
    public async Task Csv_is_utf8_with_bom_and_crlf_quotes_awkward_names_and_neutralises_formulas()
    {
        var awkward = "カンマ,と\"引用符\"と\n改行のある名前（テスト）";
        var formula = "=cmd|' /C calc'!A0";
        var plus = "+81-1654-00-0000（テスト）";
        var a = await app.ListedAccountAsync(Given.Policy(awkward));
        var f = await app.ListedAccountAsync(Given.Policy(formula));
        var p = await app.ListedAccountAsync(Given.Policy(plus, "@Nayoro_Csv_Test") with
        {
            OwnerKind = OwnerKind.RelatedOrganisation,
            RelatedOrganisationName = "名寄夏まつり実行委員会",
            ReplyPolicy = ReplyPolicyKind.ReplyAsNeeded,
            ReplyWording = Labels.DefaultReplyWording(ReplyPolicyKind.ReplyAsNeeded),
        });
        var response = await app.Anonymous().GetAsync("/api/public/accounts.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(PublicOpenData.CsvFileName, response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith(string.Join(',', PublicOpenData.CsvHeader) + "\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        // The only bare LF is the one inside the quoted name.
        Assert.Equal(1, text.Replace("\r\n", "", StringComparison.Ordinal).Count(c => c == '\n'));

        var rows = ReadCsv(bytes).Skip(1).ToDictionary(r => r[8]);
        var url = PublicSiteApp.BaseUrl + "/policies/";
        Assert.Equal(awkward, rows[url + a][0]);
        Assert.Equal("'" + formula, rows[url + f][0]);
        Assert.Equal("'" + plus, rows[url + p][0]);
        var row = rows[url + p];
        Assert.Equal("X（旧Twitter）", row[1]);
        Assert.Equal("https://x.com/nayoro_csv_test", row[2]); // an @handle as its canonical https address
        Assert.Equal("経済部 営業戦略室", row[3]);
        Assert.Equal("名寄夏まつり実行委員会", row[4]);
        Assert.Equal(new[] { "2025-04-01", "2027-03-31" }, row[5..7]);
        Assert.Equal("必要に応じて返信する", row[7]);
        Assert.Equal("2026-06-01", row[11]);
        // Demo accounts are there too, in the list's order.
        Assert.Contains(rows.Values, r => r[0] == "名寄市観光情報（デモ）");
    }

    [Fact]
    public async Task Feed_lists_changes_newest_first_with_stable_tag_ids_and_absolute_links()
    {
        var first = await app.ListedAccountAsync(Given.Policy("フィード・掲載（テスト）"), listedAt: app.Clock.GetUtcNow().AddDays(-3));
        await app.SubmitRevisionAsync(first, p => p with { AccountName = "フィード・改訂後（テスト）" });
        await app.AcceptRevisionAsync(first);
        var shown = await app.IncidentAsync(IncidentKind.Impersonation, fakeUrl: "https://x.com/feed_fake_test");
        var published = await app.PublishedWarningAsync(shown, title: "フィード確認用の偽アカウントにご注意ください");
        var withdrawnIncident = await app.IncidentAsync(IncidentKind.Impersonation, fakeUrl: "https://x.com/feed_withdrawn_test");
        var withdrawn = await app.PublishedWarningAsync(withdrawnIncident, title: "取り下げた注意喚起（テスト）");
        await app.WithdrawWarningAsync(withdrawn);

        var client = app.Anonymous();
        var response = await client.GetAsync("/api/public/feed.atom");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var feed = ReadFeed(bytes);
        Assert.Equal("ja", feed.Language);
        Assert.Equal("tag:sns.city.nayoro.example,2026:munisocial/feed", feed.Id);
        Assert.Contains(feed.Links, l => l.RelationshipType == "self" && l.Uri == new Uri(PublicSiteApp.BaseUrl + "/api/public/feed.atom"));

        var items = feed.Items.ToList();
        Assert.True(items.Count <= PublicSnapshot.MaxChanges);
        Assert.Equal(items.OrderByDescending(i => i.LastUpdatedTime).Select(i => i.Id), items.Select(i => i.Id));
        Assert.All(items, i =>
        {
            Assert.StartsWith("tag:sns.city.nayoro.example,2026:munisocial/", i.Id, StringComparison.Ordinal);
            Assert.StartsWith(PublicSiteApp.BaseUrl + "/", i.Links.Single().Uri.AbsoluteUri, StringComparison.Ordinal);
        });
        Assert.Equal(items.Count, items.Select(i => i.Id).Distinct().Count());

        var listed = items.Single(i => i.Id.EndsWith($"account/{first}/listed", StringComparison.Ordinal));
        Assert.Equal("掲載：フィード・掲載（テスト）（X（旧Twitter））", listed.Title.Text);
        var revised = items.Single(i => i.Id.EndsWith($"account/{first}/policy/2", StringComparison.Ordinal));
        Assert.Equal("運用ポリシー改訂：フィード・改訂後（テスト）（X（旧Twitter））", revised.Title.Text);
        Assert.Contains("第2版に改訂しました", ((TextSyndicationContent)revised.Summary).Text);
        Assert.True(items.IndexOf(revised) < items.IndexOf(listed));
        var warning = items.Single(i => i.Id.EndsWith($"warning/{published}", StringComparison.Ordinal));
        Assert.Equal("注意喚起：フィード確認用の偽アカウントにご注意ください", warning.Title.Text);
        Assert.Equal(new Uri($"{PublicSiteApp.BaseUrl}/impersonation#warning-{published}"), warning.Links.Single().Uri);
        Assert.DoesNotContain(items, i => i.Id.EndsWith($"warning/{withdrawn}", StringComparison.Ordinal));
        Assert.DoesNotContain("取り下げた注意喚起", Encoding.UTF8.GetString(bytes));

        // Rebuilt after another change, the same entries keep their ids.
        await app.ListedAccountAsync(Given.Policy("フィード・後から掲載（テスト）"));
        var again = ReadFeed(await client.GetByteArrayAsync("/api/public/feed.atom")).Items.Select(i => i.Id).ToList();
        Assert.Contains(listed.Id, again);
        Assert.Contains(revised.Id, again);
        Assert.Contains(warning.Id, again);
        Assert.Contains(again, id => !items.Select(i => i.Id).Contains(id));
    }

    [Fact]
    public void Feed_holds_at_most_100_entries_newest_first()
    {
        var start = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var changes = Enumerable.Range(0, 150)
            .Select(i => new PublicChange($"account/{i}/listed", "listed", start.AddMinutes(-i), null, $"掲載{i}", "概要", $"/policies/{i}"))
            .ToList();
        var snapshot = new PublicSnapshot(start, [], [], []) { Changes = changes };
        var feed = ReadFeed(PublicOpenData.Feed(snapshot, "https://sns.city.nayoro.example"));
        var items = feed.Items.ToList();
        Assert.Equal(100, items.Count);
        Assert.Equal("tag:sns.city.nayoro.example,2026:munisocial/account/0/listed", items[0].Id);
        Assert.Equal("tag:sns.city.nayoro.example,2026:munisocial/account/99/listed", items[^1].Id);
        Assert.Equal(start, feed.LastUpdatedTime);
    }

    [Fact]
    public async Task List_and_policy_pages_link_accounts_with_rel_me_and_point_to_the_open_data()
    {
        var id = await app.ListedAccountAsync(Given.Policy("関連リンク確認（テスト）", "https://x.com/rel_me_test"));
        var client = app.Anonymous();
        foreach (var url in new[] { "/", $"/policies/{id}" })
        {
            var doc = await client.GetDocumentAsync(url);
            var link = doc.QuerySelectorAll("main a").OfType<IHtmlAnchorElement>().Single(a => a.TextContent.Trim() == "関連リンク確認（テスト）");
            Assert.Equal("https://x.com/rel_me_test", link.Href);
            Assert.Equal(new[] { "me", "noopener" }, link.RelationList.ToArray());
            var alternate = doc.Head!.QuerySelector("link[rel=alternate][type='application/atom+xml']");
            Assert.Equal("/api/public/feed.atom", alternate?.GetAttribute("href"));
        }
        var list = await client.GetDocumentAsync("/");
        var openData = list.QuerySelector("section.open-data")!;
        Assert.Equal("オープンデータ（CSV・JSON・更新情報 Atom）", openData.QuerySelector("h2")!.TextContent.Trim());
        var hrefs = openData.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(new[] { "/api/public/accounts.csv", "/api/public/accounts", "/api/public/feed.atom" }, hrefs);
        foreach (var href in hrefs)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(href)).StatusCode);
        }
    }
}
