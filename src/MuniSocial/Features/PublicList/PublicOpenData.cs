using MuniSocial.Infrastructure.Export;
using System.Globalization;
using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;

namespace MuniSocial.Features.PublicList;

/// <summary>
/// The public list as open data: CSV for spreadsheets (UTF-8 with BOM and CRLF, so Excel opens it as it is) and an Atom
/// feed of what changed (listings, policy revisions, closing requests, closings, published warnings). Both answer from the
/// same <see cref="PublicSnapshot"/> as the pages; the JSON is <c>/api/public/accounts</c>.
/// </summary>
public static class PublicOpenData
{
    public const string CsvPath = "/api/public/accounts.csv";
    public const string FeedPath = "/api/public/feed.atom";
    public const string CsvFileName = "nayoro-social-media-accounts.csv";

    /// <summary>The site's public address for absolute links (<c>PublicSite:BaseUrl</c>, e.g. https://sns.city.nayoro.lg.jp).</summary>
    public const string BaseUrlSetting = "PublicSite:BaseUrl";

    public static void MapPublicOpenData(this RouteGroupBuilder api)
    {
        api.MapGet("/accounts.csv", async (HttpContext http, IPublicSnapshotSource s, IConfiguration config, CancellationToken ct) =>
                TypedResults.File(Csv((await s.CurrentAsync(ct)).Listed, BaseUrl(http, config)), MuniSocial.Infrastructure.Export.CsvExport.ContentType, CsvFileName))
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithName("PublicAccountsCsv").WithSummary("名寄市ソーシャルメディア一覧のCSV（UTF-8 BOM付き、Excelでそのまま開けます）");
        api.MapGet("/feed.atom", async (HttpContext http, IPublicSnapshotSource s, IConfiguration config, CancellationToken ct) =>
                TypedResults.Bytes(Feed(await s.CurrentAsync(ct), BaseUrl(http, config)), "application/atom+xml; charset=utf-8"))
            .Produces(StatusCodes.Status200OK, contentType: "application/atom+xml")
            .WithName("PublicFeed").WithSummary("名寄市ソーシャルメディア一覧の更新情報（Atom）：掲載・運用ポリシーの改訂・運用終了・注意喚起");
    }

    /// <summary>
    /// An old link to a closed account: 410 Gone (it was the city's and is not any more — not "never existed"), with
    /// when it closed and what it was, so a program can tell a closed account from a mistyped id.
    /// </summary>
    public static IResult Gone(ClosedAccount closed) => TypedResults.Problem(
        detail: $"このアカウントは{closed.ClosedOnText}に運用を終了しました。現在は名寄市の公式アカウントではありません。",
        statusCode: StatusCodes.Status410Gone,
        title: "運用を終了したアカウントです",
        extensions: new Dictionary<string, object?>
        {
            ["id"] = closed.Id,
            ["accountName"] = closed.AccountName,
            ["platform"] = closed.Platform,
            ["accountUrl"] = closed.AccountUrl,
            ["closedOn"] = closed.ClosedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["closedAccounts"] = "/api/public/closed-accounts",
        });

    /// <summary>The configured public address, else the request's own scheme and host (without a trailing slash).</summary>
    public static string BaseUrl(HttpContext http, IConfiguration config) =>
        config[BaseUrlSetting] is { Length: > 0 } configured && Uri.TryCreate(configured, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.GetLeftPart(UriPartial.Path).TrimEnd('/')
            : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}".TrimEnd('/');

    public static readonly string[] CsvHeader =
        ["アカウント名", "ソーシャルメディアの種類", "アドレス", "開設所属", "関係団体", "運用期間（開始）", "運用期間（終了）", "投稿への返信",
         "運用ポリシーのURL", "運用終了の手続き中", "運用期間の経過", "掲載日"];

    /// <summary>The address as one canonical https URL (an @handle becomes the platform's address), else as registered.</summary>
    public static string CanonicalAddress(PublicAccount a) =>
        Enum.TryParse<Platform>(a.PlatformCode, out var platform) && AccountUrl.TryNormalize(a.AccountUrl, platform, out var n)
            && n.StartsWith("https://", StringComparison.Ordinal)
            ? n
            : a.Link;

    /// <summary>One row per account on the list (closing ones included), in the list's order; formula-looking cells neutralised.</summary>
    public static byte[] Csv(IEnumerable<PublicAccount> accounts, string baseUrl)
    {
        static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        static string YesNo(bool b) => b ? "はい" : "いいえ";
        var rows = accounts.Select(a => new[]
        {
            a.AccountName, a.Platform, CanonicalAddress(a), a.Owner, a.RelatedOrganisationName ?? "",
            Date(a.PeriodStart), Date(a.PeriodEnd), a.ReplyPolicy, baseUrl + a.PolicyUrl,
            YesNo(a.Closing), YesNo(a.PeriodEnded), Date(Wareki.TodayIn(a.ListedAt)),
        });
        return CsvExport.Write(CsvHeader, rows.ToList());
    }

    /// <summary>
    /// The Atom feed of <see cref="PublicSnapshot.Changes"/>, newest first. Entry ids are tag: URIs made of the site's host
    /// and the change's key, so they stay the same however often the feed is rebuilt.
    /// </summary>
    public static byte[] Feed(PublicSnapshot snapshot, string baseUrl)
    {
        var authority = new Uri(baseUrl).Host;
        string TagId(string key) => $"tag:{authority},2026:munisocial/{key}";
        var feed = new SyndicationFeed(
            "名寄市ソーシャルメディア一覧の更新情報",
            "名寄市の公式ソーシャルメディアアカウントの掲載、運用ポリシーの改訂、運用終了と、なりすまし・乗っ取りの注意喚起のお知らせです。",
            new Uri(baseUrl + "/"), TagId("feed"),
            snapshot.Changes.Count > 0 ? snapshot.Changes.Max(c => c.At) : snapshot.TakenAt)
        {
            Language = "ja",
            Items = snapshot.Changes.Take(PublicSnapshot.MaxChanges).Select(c =>
            {
                var item = new SyndicationItem(c.Title, (SyndicationContent?)null, new Uri(baseUrl + c.Path), TagId(c.Key), c.At)
                {
                    PublishDate = c.At,
                    Summary = new TextSyndicationContent(c.Summary),
                };
                item.Categories.Add(new SyndicationCategory(c.Kind));
                return item;
            }).ToList(),
        };
        feed.Authors.Add(new SyndicationPerson { Name = "名寄市" });
        feed.Links.Add(new SyndicationLink(new Uri(baseUrl + FeedPath), "self", null, "application/atom+xml", 0));
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            new Atom10FeedFormatter(feed).WriteTo(writer);
        }
        return stream.ToArray();
    }
}
