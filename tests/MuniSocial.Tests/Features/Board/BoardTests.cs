using Microsoft.EntityFrameworkCore;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Board;

public sealed class BoardTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Overdue_accounts_come_first_in_red_and_missed_checks_name_the_days_and_the_expected_staff()
    {
        var overdue = await app.ListedAccountAsync(Given.Policy("ボード期限超過") with { PeriodEnd = new DateOnly(2026, 5, 20) }, listedAt: AppFactory.Start.AddDays(-60));
        var missed = await app.ListedAccountAsync(Given.Policy("ボード確認漏れ") with { PeriodEnd = new DateOnly(2028, 3, 31) }, listedAt: AppFactory.Start.AddDays(-7));
        var pr = await app.SignInAsync("demo-pr");
        var doc = await pr.GetDocumentAsync("/board");
        var rows = doc.QuerySelectorAll("table.board tbody tr").ToList();
        Assert.Contains("row-overdue", rows[0].ClassName);
        var overdueRow = rows.Single(r => r.GetAttribute("data-account") == overdue.ToString());
        Assert.Contains("row-overdue", overdueRow.ClassName);
        Assert.Contains("期限超過", overdueRow.TextContent);
        // Every overdue row is above every other row.
        var lastOverdue = rows.FindLastIndex(r => r.ClassName!.Contains("row-overdue", StringComparison.Ordinal));
        var firstOther = rows.FindIndex(r => !r.ClassName!.Contains("row-overdue", StringComparison.Ordinal));
        Assert.True(lastOverdue < firstOther);

        // Listed on Mon 5/25: checks were due 5/26–5/29, none recorded; the operators were expected.
        var missedRow = rows.Single(r => r.GetAttribute("data-account") == missed.ToString());
        foreach (var day in new[] { "令和8年5月26日", "令和8年5月27日", "令和8年5月28日", "令和8年5月29日" })
        {
            Assert.Contains(day, missedRow.TextContent);
        }
        Assert.DoesNotContain("令和8年5月25日", missedRow.TextContent);
        Assert.Contains("未確認: 北 ひかり、東 みのり", missedRow.TextContent);

        var api = await app.ApiAsync("demo-pr2");
        var json = await api.GetFromJsonAsync<JsonElement>("/api/v1/board");
        var entries = json.GetProperty("accounts").EnumerateArray().ToList();
        Assert.True(entries[0].GetProperty("overdue").GetBoolean());
        var o = entries.Single(e => e.GetProperty("accountId").GetGuid() == overdue);
        Assert.True(o.GetProperty("overdue").GetBoolean());
        Assert.Equal(-12, o.GetProperty("daysLeft").GetInt32());
        var m = entries.Single(e => e.GetProperty("accountId").GetGuid() == missed);
        Assert.False(m.GetProperty("overdue").GetBoolean());
        Assert.True(m.GetProperty("checksMissed").GetBoolean());
        Assert.Equal(4, m.GetProperty("missedChecks").GetArrayLength());
        // Listed a week ago with no post yet: not dormant. The demo accounts listed ~300 days before the clock
        // with nothing published are (90 days, from the posts archive).
        Assert.False(m.GetProperty("dormant").GetBoolean());
        Assert.Contains(entries, e => e.GetProperty("dormant").ValueKind == JsonValueKind.True);
    }

    [Fact]
    public async Task Missed_days_are_found_whether_one_or_nobody_checked_and_complete_days_are_not()
    {
        // Listed Mon 5/18; the window on Mon 6/1 is 5/25–5/29.
        var listedAt = new DateTimeOffset(2026, 5, 18, 9, 0, 0, TimeSpan.FromHours(9)).ToUniversalTime();
        var mixed = await app.ListedAccountAsync(Given.Policy("ボード混在") with { PeriodEnd = new DateOnly(2028, 3, 31) }, listedAt: listedAt);
        var oneShort = await app.ListedAccountAsync(Given.Policy("ボード一日不足") with { PeriodEnd = new DateOnly(2028, 3, 31) }, listedAt: listedAt);
        var complete = await app.ListedAccountAsync(Given.Policy("ボード全日完了") with { PeriodEnd = new DateOnly(2028, 3, 31) }, listedAt: listedAt);
        var op = await app.ActorAsync("demo-operator");
        var op3 = await app.ActorAsync("demo-operator3");
        var head = await app.ActorAsync("demo-head");
        var plan = new Dictionary<Guid, Dictionary<int, MuniSocial.Domain.Actor[]>>
        {
            [mixed] = new() { [25] = [op, op3], [26] = [head], [27] = [], [28] = [op, head], [29] = [op3] },
            [oneShort] = new() { [25] = [op, op3], [26] = [op, op3], [27] = [op], [28] = [op, op3], [29] = [op3, head] },
            [complete] = new() { [25] = [op, op3], [26] = [op, op3], [27] = [op, head], [28] = [op, op3], [29] = [op3, head] },
        };
        await app.DbAsync(async db =>
        {
            foreach (var (id, days) in plan)
            {
                var account = await db.Accounts.SingleAsync(a => a.Id == id);
                foreach (var (day, who) in days)
                {
                    foreach (var actor in who)
                    {
                        db.Add(MuniSocial.Domain.Operations.DailyCheck.Record(actor, account, MuniSocial.Domain.Operations.CheckInput.NothingToReport,
                            new DateTimeOffset(2026, 5, day, 10, 0, 0, TimeSpan.FromHours(9)).ToUniversalTime(), false));
                    }
                }
            }
            await db.SaveChangesAsync();
            return 0;
        });

        var api = await app.ApiAsync("demo-pr");
        var entries = (await api.GetFromJsonAsync<JsonElement>("/api/v1/board")).GetProperty("accounts").EnumerateArray().ToList();
        // Each missed day as "day | who checked | who was expected", expected names in order.
        List<string> Missed(Guid id) => entries.Single(e => e.GetProperty("accountId").GetGuid() == id)
            .GetProperty("missedChecks").EnumerateArray()
            .Select(m => $"{m.GetProperty("day").GetString()} | {string.Join(",", m.GetProperty("checkedBy").EnumerateArray().Select(x => x.GetString()))} | "
                + string.Join(",", m.GetProperty("expected").EnumerateArray().Select(x => x.GetString()).Order(StringComparer.Ordinal))).ToList();
        var both = string.Join(",", new[] { op.Name, op3.Name }.Order(StringComparer.Ordinal));

        Assert.Equal([$"2026-05-29 | {op3.Name} | {op.Name}", $"2026-05-27 |  | {both}", $"2026-05-26 | {head.Name} | {both}"], Missed(mixed));
        Assert.Equal([$"2026-05-27 | {op.Name} | {op3.Name}"], Missed(oneShort));
        Assert.Empty(Missed(complete));
    }

    [Fact]
    public async Task The_board_filters_by_section_sorts_and_exports_csv_with_bom_and_xlsx()
    {
        var mine = await app.ListedAccountAsync(Given.Policy("=ボード出力,テスト") with { PeriodEnd = new DateOnly(2026, 6, 20) });
        var section = (await app.UserAsync("demo-operator")).SectionId!.Value;
        var other = (await app.UserAsync("demo-operator2")).SectionId!.Value;
        var pr = await app.SignInAsync("demo-pr");

        var filtered = await pr.GetDocumentAsync($"/board?section={other}");
        Assert.DoesNotContain(filtered.QuerySelectorAll("table.board tbody tr"), r => r.GetAttribute("data-account") == mine.ToString());
        Assert.Contains("なよろ子育て応援", filtered.Text());

        var byName = await pr.GetDocumentAsync($"/board?section={section}&sort=name");
        var names = byName.QuerySelectorAll("table.board tbody tr td:first-child").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal).ToList(), names);

        var csv = await pr.GetAsync($"/board?section={section}&handler=Csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.StartsWith("アカウント,媒体,所属,状態,運用期間終了日", text, StringComparison.Ordinal);
        Assert.Contains("\"'=ボード出力,テスト\"", text, StringComparison.Ordinal); // quoted, and not a formula
        Assert.Contains("終了間近", text, StringComparison.Ordinal);

        var xlsx = await pr.GetAsync($"/board?section={section}&handler=Xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var book = SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), false);
        var workbook = book.WorkbookPart!;
        var sheetRef = workbook.Workbook.Descendants<Sheet>().Single(s => s.Name == "運用状況");
        var sheet = ((WorksheetPart)workbook.GetPartById(sheetRef.Id!)).Worksheet;
        var cells = sheet.Descendants<Cell>().ToList();
        string TextOf(Cell c) => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "";
        Assert.Equal("アカウント", TextOf(cells.Single(c => c.CellReference == "A2")));
        var columnA = cells.Where(c => c.CellReference!.Value!.StartsWith('A') && char.IsDigit(c.CellReference.Value[1])).ToList();
        Assert.Contains(columnA, c => TextOf(c) == "=ボード出力,テスト");
        Assert.Empty(sheet.Descendants<CellFormula>());
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Redirect)]
    [InlineData("demo-operator", HttpStatusCode.Forbidden)]
    [InlineData("demo-head", HttpStatusCode.Forbidden)]
    [InlineData("demo-admin", HttpStatusCode.Forbidden)]
    [InlineData("demo-pr", HttpStatusCode.OK)]
    public async Task Board_page_and_exports_are_for_the_pr_office(string? user, HttpStatusCode expected)
    {
        var client = user is null ? app.Anonymous() : await app.SignInAsync(user);
        Assert.Equal(expected, (await client.GetAsync("/board")).StatusCode);
        Assert.Equal(expected, (await client.GetAsync("/board?handler=Csv")).StatusCode);
        Assert.Equal(expected, (await client.GetAsync("/board?handler=Xlsx")).StatusCode);
    }

    [Theory]
    [InlineData("demo-operator", HttpStatusCode.Forbidden)]
    [InlineData("demo-head2", HttpStatusCode.Forbidden)]
    [InlineData("demo-admin", HttpStatusCode.Forbidden)]
    [InlineData("demo-pr2", HttpStatusCode.OK)]
    public async Task Board_api_is_for_the_pr_office(string user, HttpStatusCode expected)
    {
        var api = await app.ApiAsync(user);
        var response = await api.GetAsync("/api/v1/board");
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Equal("forbidden", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());
        }
    }

    [Fact]
    public async Task Board_api_needs_a_token_and_names_a_bad_sort()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync("/api/v1/board")).StatusCode);
        var api = await app.ApiAsync("demo-pr");
        var bad = await api.GetAsync("/api/v1/board?sort=colour");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("sort", out _));
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Redirect)]
    [InlineData("demo-operator", HttpStatusCode.Forbidden)]
    [InlineData("demo-pr", HttpStatusCode.Forbidden)]
    [InlineData("demo-admin", HttpStatusCode.OK)]
    public async Task Admin_jobs_and_networks_pages_are_for_the_admin(string? user, HttpStatusCode expected)
    {
        var client = user is null ? app.Anonymous() : await app.SignInAsync(user);
        Assert.Equal(expected, (await client.GetAsync("/admin/jobs")).StatusCode);
        Assert.Equal(expected, (await client.GetAsync("/admin/networks")).StatusCode);
    }
}
