using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using MuniSocial.Domain.Operations;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Board;

/// <summary>
/// The board's charts (issue 13 item 10) on a history seeded in two sections nobody else uses, and the typed .xlsx.
/// The clock stands at Mon 2026-06-01: the 30 business days are 4/14–5/29 (4/29 and 5/4–5/6 are holidays).
/// </summary>
public sealed class BoardChartTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static DateOnly D(int month, int day) => new(2026, month, day);

    /// <summary>A time in Japan, held in UTC as the app does (PostgreSQL stores only offset 0).</summary>
    private static DateTimeOffset Jst(int month, int day, int hour = 9) => new DateTimeOffset(2026, month, day, hour, 0, 0, TimeSpan.FromHours(9)).ToUniversalTime();

    [Fact]
    public async Task Each_sections_charts_count_the_checks_done_and_the_accounts_overdue_on_each_past_business_day()
    {
        // 企画課: 1 listed Mon 5/18, 2 listed Fri 5/22 with its 運用期間 ending 5/26. 生涯学習課: 3 listed in March, reviewed 5/15.
        var (a1, a2, ah) = (await app.NewUserAsync("企画課"), await app.NewUserAsync("企画課"), await app.NewUserAsync("企画課", roles: ["SectionHead"]));
        var (b1, b2, bh) = (await app.NewUserAsync("生涯学習課"), await app.NewUserAsync("生涯学習課"), await app.NewUserAsync("生涯学習課", roles: ["SectionHead"]));
        async Task<Guid> Listed(string name, DateOnly end, Given.NewUser author, Given.NewUser other, Given.NewUser head, DateTimeOffset at) =>
            await app.ListedAccountAsync(Given.Policy(name) with { PeriodEnd = end }, author: author.UserName, operators: [author.UserName, other.UserName],
                head: head.UserName, listedAt: at);
        var first = await Listed("チャート企画1", new DateOnly(2028, 3, 31), a1, a2, ah, Jst(5, 18));
        var second = await Listed("チャート企画2", D(5, 26), a1, a2, ah, Jst(5, 22));
        var third = await Listed("チャート生涯学習", new DateOnly(2028, 3, 31), b1, b2, bh, Jst(3, 2));

        static string[] Both(Given.NewUser x, Given.NewUser y) => [x.UserName, y.UserName];
        static string[] One(Given.NewUser x) => [x.UserName];
        // The listing day's checks are not due; 5/20 one checker, 5/21 none; the head counts as a checker.
        await app.DailyChecksAsync(first, (D(5, 18), Both(a1, a2)), (D(5, 19), Both(a1, a2)), (D(5, 20), One(a1)), (D(5, 22), Both(a1, ah)),
            (D(5, 25), Both(a1, a2)), (D(5, 26), Both(a1, a2)), (D(5, 27), Both(a1, a2)), (D(5, 28), Both(a1, a2)), (D(5, 29), Both(a1, a2)));
        await app.DailyChecksAsync(second, (D(5, 25), Both(a1, a2)), (D(5, 27), Both(a1, a2)), (D(5, 28), Both(a1, a2)));
        // Every business day from 4/7 (before the charts' first day: its missed-check window) but 4/14 (nobody) and 5/1 (one).
        var calendar = new BusinessCalendar();
        var days = Enumerable.Range(0, D(5, 30).DayNumber - D(4, 7).DayNumber).Select(i => D(4, 7).AddDays(i)).Where(calendar.IsBusinessDay).ToList();
        await app.DailyChecksAsync(third, days.Where(d => d != D(4, 14)).Select(d => (d, d == D(5, 1) ? One(b1) : Both(b1, b2))).ToArray());
        await app.AccountReviewAsync(third, bh.UserName, Jst(5, 15, 10));

        var pr = await app.SignInAsync("demo-pr");
        var overview = await pr.GetDocumentAsync("/board");
        var kikakuId = await app.SectionIdAsync("企画課");
        var shogaiId = await app.SectionIdAsync("生涯学習課");
        var kikaku = kikakuId.ToString("N");
        var shogai = shogaiId.ToString("N");

        // Every section on the board: a row with two small charts and the figures, linking to the section's full charts.
        var kikakuRow = overview.QuerySelectorAll("table.chart-overview tbody tr")
            .Single(r => r.QuerySelector("th a")!.GetAttribute("href") == $"/board?section={kikakuId}#charts-heading");
        Assert.EndsWith("企画課", kikakuRow.QuerySelector("th")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(["71%", "5月20日 0%", "0件→1件"], kikakuRow.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).Where(t => t.Length > 0).ToList());
        var spark = kikakuRow.QuerySelectorAll("svg.spark");
        Assert.Equal(2, spark.Length);
        Assert.All(spark, svg => Assert.Equal("img", svg.GetAttribute("role")));
        Assert.EndsWith("企画課の確認実施率の推移", spark[0].GetAttribute("aria-label"), StringComparison.Ordinal);
        Assert.Equal(9, spark[0].QuerySelectorAll("rect[fill='#0b4f9c']").Length);
        Assert.Equal(21, spark[0].QuerySelectorAll("rect[fill='#767676']").Length); // 対象なし, not a bar of 0 %
        Assert.Empty(overview.QuerySelectorAll(".chart-card")); // the full charts and the values are on the section's view
        Assert.Contains(MuniSocial.Features.Board.BoardHistory.NotReconstructed, overview.QuerySelector(".board-charts")!.TextContent, StringComparison.Ordinal);

        var doc = await pr.GetDocumentAsync($"/board?section={kikakuId}");
        var shogaiDoc = await pr.GetDocumentAsync($"/board?section={shogaiId}");

        // Per day: due, done, rate | 運用期間の超過, 所属長の確認の期限超過, 確認漏れ, 期限超過等（計）.
        string Day(string section, DateOnly day) => string.Join(" ", (section == shogai ? shogaiDoc : doc).QuerySelector($"#values-{section} tbody tr[data-day='{day:yyyy-MM-dd}']")!
            .QuerySelectorAll("td").Select(td => td.TextContent.Trim()));
        Assert.Equal("0 0 対象なし 0 0 0 0", Day(kikaku, D(4, 14)));
        Assert.Equal("0 0 対象なし 0 0 0 0", Day(kikaku, D(5, 18)));
        Assert.Equal("1 1 100% 0 0 0 0", Day(kikaku, D(5, 19)));
        Assert.Equal("1 0 0% 0 0 0 0", Day(kikaku, D(5, 20)));
        Assert.Equal("1 0 0% 0 0 1 1", Day(kikaku, D(5, 21)));
        Assert.Equal("1 1 100% 0 0 1 1", Day(kikaku, D(5, 22)));
        Assert.Equal("2 2 100% 0 0 1 1", Day(kikaku, D(5, 25)));
        Assert.Equal("2 1 50% 0 0 1 1", Day(kikaku, D(5, 26)));
        Assert.Equal("2 2 100% 1 0 2 2", Day(kikaku, D(5, 27)));
        Assert.Equal("2 2 100% 1 0 2 2", Day(kikaku, D(5, 28)));
        Assert.Equal("2 1 50% 1 0 1 1", Day(kikaku, D(5, 29)));
        Assert.Equal(30, doc.QuerySelectorAll($"#values-{kikaku} tbody tr").Length);
        Assert.Equal("14 10 71%", string.Join(" ", doc.QuerySelectorAll($"#values-{kikaku} tfoot td").Take(3).Select(td => td.TextContent.Trim())));

        // 4/14 missed is seen by the next five days' window; the review is overdue from 4/17 (listed 3/2 + 1 month + 14 days) until 5/15.
        Assert.Equal("1 0 0% 0 0 0 0", Day(shogai, D(4, 14)));
        Assert.Equal("1 1 100% 0 0 1 1", Day(shogai, D(4, 15)));
        Assert.Equal("1 1 100% 0 0 1 1", Day(shogai, D(4, 16)));
        Assert.Equal("1 1 100% 0 1 1 1", Day(shogai, D(4, 17)));
        Assert.Equal("1 1 100% 0 1 1 1", Day(shogai, D(4, 21)));
        Assert.Equal("1 1 100% 0 1 0 1", Day(shogai, D(4, 22)));
        Assert.Equal("1 0 0% 0 1 0 1", Day(shogai, D(5, 1)));
        Assert.Equal("1 1 100% 0 1 1 1", Day(shogai, D(5, 7)));
        Assert.Equal("1 1 100% 0 1 1 1", Day(shogai, D(5, 13)));
        Assert.Equal("1 1 100% 0 1 0 1", Day(shogai, D(5, 14)));
        Assert.Equal("1 1 100% 0 0 0 0", Day(shogai, D(5, 15)));
        Assert.Equal("1 1 100% 0 0 0 0", Day(shogai, D(5, 29)));
        Assert.Equal("30 28 93%", string.Join(" ", shogaiDoc.QuerySelectorAll($"#values-{shogai} tfoot td").Take(3).Select(td => td.TextContent.Trim())));

        // The charts: an image named by its title and described by the sentence under it, which states the figures.
        var checks = doc.QuerySelector($"svg#checks-{kikaku}")!;
        Assert.Equal("img", checks.GetAttribute("role"));
        Assert.Contains("企画課の確認実施率", doc.GetElementById(checks.GetAttribute("aria-labelledby")!)!.TextContent, StringComparison.Ordinal);
        Assert.Equal("title", doc.GetElementById(checks.GetAttribute("aria-labelledby")!)!.LocalName);
        Assert.Equal("過去30営業日の確認実施率は平均71％、最低は5月20日の0％でした。確認が必要なアカウントがなかった日（対象なし）が21日あります。",
            doc.GetElementById(checks.GetAttribute("aria-describedby")!)!.TextContent.Trim());
        Assert.Equal(9, checks.QuerySelectorAll("rect.bar").Length);
        Assert.Equal(21, checks.QuerySelectorAll("circle.none").Length); // 対象なし, not a bar of 0 %
        Assert.Contains(checks.QuerySelectorAll("rect.bar title"), t => t.TextContent == "5月26日（火）: 1/2（50%）");
        Assert.Contains(checks.QuerySelectorAll("circle.none title"), t => t.TextContent == "5月18日（月）: 対象なし");
        Assert.Equal("0 0 360 140", checks.GetAttribute("viewBox"));
        Assert.Equal("100%", checks.GetAttribute("width"));

        var overdue = doc.QuerySelector($"svg#overdue-{kikaku}")!;
        Assert.Equal("img", overdue.GetAttribute("role"));
        Assert.Equal("過去30営業日の期限超過等のアカウントは、4月14日に0件、5月29日に1件で、最も多かったのは5月28日の2件でした。",
            doc.GetElementById(overdue.GetAttribute("aria-describedby")!)!.TextContent.Trim());
        Assert.Equal(30, overdue.QuerySelectorAll("circle.dot").Length);
        Assert.Equal("過去30営業日の確認実施率は平均93％、最低は4月14日の0％でした。",
            shogaiDoc.GetElementById(shogaiDoc.QuerySelector($"svg#checks-{shogai}")!.GetAttribute("aria-describedby")!)!.TextContent.Trim());
        Assert.Equal("過去30営業日の期限超過等のアカウントは、4月14日に0件、5月29日に0件で、最も多かったのは5月14日の1件でした。",
            shogaiDoc.GetElementById(shogaiDoc.QuerySelector($"svg#overdue-{shogai}")!.GetAttribute("aria-describedby")!)!.TextContent.Trim());
        // What the records cannot tell is said on the page, not invented.
        Assert.Contains(MuniSocial.Features.Board.BoardHistory.NotReconstructed, doc.QuerySelector(".board-charts")!.TextContent, StringComparison.Ordinal);

        // Today's board agrees with the history's last day: 2 missed 5/26 and 5/29 (in today's window), and is past its period.
        var row = overview.QuerySelector($"table.board tr[data-account='{second}']")!;
        Assert.Contains("row-overdue", row.ClassName);
        Assert.Contains("令和8年5月26日", row.TextContent);
        Assert.Contains("令和8年5月29日", row.TextContent);

        // A section chosen shows that section's charts only.
        Assert.Equal([$"sec-{kikaku}"], doc.QuerySelectorAll(".chart-card h3").Select(h => h.Id!).ToList());
    }

    [Fact]
    public async Task A_check_recorded_after_the_board_was_shown_is_in_its_charts_at_the_next_request()
    {
        // The history is kept between requests (BoardHistory's cache, keyed by the audit trail's head): a new record must show at once.
        var (a1, a2, ah) = (await app.NewUserAsync("企画課"), await app.NewUserAsync("企画課"), await app.NewUserAsync("企画課", roles: ["SectionHead"]));
        var account = await app.ListedAccountAsync(Given.Policy("チャート即時反映") with { PeriodEnd = new DateOnly(2028, 3, 31) }, author: a1.UserName,
            operators: [a1.UserName, a2.UserName], head: ah.UserName, listedAt: Jst(5, 1));
        var section = await app.SectionIdAsync("企画課");
        var pr = await app.SignInAsync("demo-pr");
        async Task<int> DoneOn(DateOnly day) => int.Parse((await pr.GetDocumentAsync($"/board?section={section}"))
            .QuerySelector($"#values-{section:N} tbody tr[data-day='{day:yyyy-MM-dd}']")!.QuerySelectorAll("td")[1].TextContent.Trim(), System.Globalization.CultureInfo.InvariantCulture);

        var before = await DoneOn(D(5, 12));
        Assert.Equal(before, await DoneOn(D(5, 12))); // shown twice: the second from the kept history
        await app.DailyChecksAsync(account, (D(5, 12), [a1.UserName, a2.UserName]));
        Assert.Equal(before + 1, await DoneOn(D(5, 12)));
    }

    [Fact]
    public async Task The_xlsx_has_typed_dates_and_numbers_fitted_columns_a_frozen_bold_header_an_autofilter_and_a_sheet_per_table()
    {
        await app.ListedAccountAsync(Given.Policy("=1+2") with { PeriodEnd = D(6, 20) });
        var pr = await app.SignInAsync("demo-pr");
        var response = await pr.GetAsync($"/board?section={await app.SectionIdAsync("営業戦略室")}&handler=Xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        using var book = SpreadsheetDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        var workbook = book.WorkbookPart!;
        Assert.Equal(["運用状況", "確認実施率の推移", "期限超過等の推移"], workbook.Workbook.Descendants<Sheet>().Select(s => s.Name!.Value!).ToList());
        Worksheet SheetOf(string name) => ((WorksheetPart)workbook.GetPartById(workbook.Workbook.Descendants<Sheet>().Single(s => s.Name == name).Id!)).Worksheet;
        var stylesheet = workbook.WorkbookStylesPart!.Stylesheet;
        var formats = stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        string NumberFormat(Cell c)
        {
            var id = formats[(int)c.StyleIndex!.Value].NumberFormatId!.Value;
            return stylesheet.NumberingFormats?.Elements<NumberingFormat>().SingleOrDefault(f => f.NumberFormatId! == id)?.FormatCode?.Value
                ?? (id == 1 ? "0" : id == 0 ? "General" : $"builtin {id}");
        }
        bool IsBold(Cell c) => stylesheet.Fonts!.Elements<Font>().ElementAt((int)formats[(int)c.StyleIndex!.Value].FontId!.Value).Bold is not null;
        static bool IsNumber(Cell c) => (c.DataType is null || c.DataType.Value == CellValues.Number) && c.InlineString is null && c.CellValue is not null;

        var sheet = SheetOf("運用状況");
        var rows = sheet.Descendants<Row>().ToList();
        var header = rows.Single(r => r.RowIndex! == 2u).Elements<Cell>().ToList();
        Assert.Equal("アカウント", header[0].InlineString!.InnerText);
        Assert.All(header, c => Assert.True(IsBold(c)));
        var pane = sheet.Descendants<Pane>().Single();
        Assert.Equal(PaneStateValues.Frozen, pane.State!.Value);
        Assert.Equal(2d, pane.VerticalSplit!.Value);
        Assert.Equal("A3", pane.TopLeftCell!.Value);
        Assert.StartsWith("A2:P", sheet.Descendants<AutoFilter>().Single().Reference!.Value, StringComparison.Ordinal);

        // The account named "=1+2" stays text; its 運用期間終了日 is a date number in yyyy/m/d, 残り日数 a number.
        var mine = rows.Single(r => r.Elements<Cell>().FirstOrDefault()?.InlineString?.InnerText == "=1+2").Elements<Cell>().ToDictionary(c => new string(c.CellReference!.Value!.TakeWhile(char.IsLetter).ToArray()));
        Assert.Equal(CellValues.InlineString, mine["A"].DataType!.Value);
        Assert.Empty(sheet.Descendants<CellFormula>());
        Assert.True(IsNumber(mine["E"]));
        Assert.Equal(D(6, 20).ToDateTime(TimeOnly.MinValue).ToOADate(), double.Parse(mine["E"].CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("yyyy/m/d", NumberFormat(mine["E"]));
        Assert.True(IsNumber(mine["F"]));
        Assert.Equal("19", mine["F"].CellValue!.Text);
        Assert.Equal("0", NumberFormat(mine["F"]));

        // Every column has a width fitted to its content: a Japanese character counts two, the widest is capped.
        var widths = sheet.Descendants<Column>().ToDictionary(c => (int)c.Min!.Value, c => c.Width!.Value);
        Assert.Equal(16, widths.Count);
        Assert.All(sheet.Descendants<Column>(), c => Assert.True(c.CustomWidth!.Value));
        Assert.True(widths[1] >= 2 * "なよろ雪質日本一フェス（デモ）".Length, $"column A is {widths[1]} wide");
        Assert.True(widths[5] is >= 10 and < 20, $"column E (dates) is {widths[5]} wide");
        Assert.All(widths.Values, w => Assert.True(w <= 60));

        // The charts' values, one sheet each: the day a date, the counts numbers, the rate a percentage or 対象なし.
        var checks = SheetOf("確認実施率の推移");
        var values = checks.Descendants<Row>().Where(r => r.RowIndex! > 2u).Select(r => r.Elements<Cell>().ToList()).ToList();
        Assert.Equal(30, values.Count); // one section, 30 business days
        Assert.All(values, r =>
        {
            Assert.True(IsNumber(r[1]));
            Assert.Equal("yyyy/m/d", NumberFormat(r[1]));
            Assert.True(IsNumber(r[2]) && IsNumber(r[3]));
            Assert.True(r[4].InlineString?.InnerText == "対象なし" || (IsNumber(r[4]) && NumberFormat(r[4]) == "0.0%"));
        });
        Assert.Equal(D(5, 29).ToDateTime(TimeOnly.MinValue).ToOADate().ToString(System.Globalization.CultureInfo.InvariantCulture), values[^1][1].CellValue!.Text);
        var trend = SheetOf("期限超過等の推移");
        Assert.Equal(30, trend.Descendants<Row>().Count(r => r.RowIndex! > 2u));
        Assert.All(trend.Descendants<Row>().Where(r => r.RowIndex! > 2u).SelectMany(r => r.Elements<Cell>().Skip(2)), c => Assert.True(IsNumber(c)));
        Assert.StartsWith("A2:F", trend.Descendants<AutoFilter>().Single().Reference!.Value, StringComparison.Ordinal);
    }
}
