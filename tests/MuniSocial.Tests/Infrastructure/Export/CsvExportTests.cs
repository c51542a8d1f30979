using System.Net;
using System.Text;
using MuniSocial.Features.Board;
using MuniSocial.Infrastructure.Export;
using MuniSocial.Tests.Features.PublicList;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Infrastructure.Export;

/// <summary>
/// Issue 14 item 9: every CSV the app writes goes through <see cref="CsvExport"/> and neutralises formula cells. The same
/// five payloads go into an account name, a post's text and a user's name, and come out of every export with a leading
/// <c>'</c>; a negative number in the board's numeric column (残り日数) stays a number.
/// </summary>
public sealed class CsvExportTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly string[] Payloads = ["=1+2", "+1", "-1", "@SUM(A1)", "\t=1"];

    private static List<string[]> Read(byte[] bytes)
    {
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        using var reader = new StringReader(text);
        using var csv = new CsvHelper.CsvReader(reader, new CsvHelper.Configuration.CsvConfiguration(System.Globalization.CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = false,
            NewLine = "\r\n",
            TrimOptions = CsvHelper.Configuration.TrimOptions.None,
        });
        var rows = new List<string[]>();
        while (csv.Read())
        {
            rows.Add(csv.Parser.Record!);
        }
        return rows;
    }

    /// <summary>Every payload appears in the export, each time as a cell that is the payload behind a <c>'</c>.</summary>
    private static void AssertNeutralised(string export, List<string[]> rows, string marker)
    {
        foreach (var payload in Payloads)
        {
            // A stored name or text loses a leading tab (the forms trim it); what is left must still be neutralised.
            var value = payload + marker;
            var cells = rows.SelectMany(r => r).Where(c => c.Contains(value, StringComparison.Ordinal)).ToList();
            if (cells.Count == 0 && payload[0] == '\t')
            {
                value = payload.TrimStart() + marker;
                cells = [.. rows.SelectMany(r => r).Where(c => c.Contains(value, StringComparison.Ordinal))];
            }
            Assert.True(cells.Count > 0, $"{export}: {payload.Replace("\t", "\\t", StringComparison.Ordinal)} not found");
            Assert.All(cells, c => Assert.StartsWith("'", c, StringComparison.Ordinal));
            Assert.Contains("'" + value, cells);
        }
    }

    [Fact]
    public async Task Every_export_neutralises_formula_cells_and_keeps_numbers_in_numeric_columns()
    {
        var marker = "CSV注入試験" + Guid.NewGuid().ToString("N")[..6];
        var accounts = new List<Guid>();
        foreach (var payload in Payloads)
        {
            var account = await app.ListedAccountAsync(Given.Policy(payload + marker) with { PeriodEnd = new DateOnly(2026, 5, 20) });
            accounts.Add(account);
            await app.PublishedPostAsync(account, payload + marker + "の投稿です。");
            await app.NewUserAsync(displayName: payload + marker);
        }

        // The posts archive: the page's download and the API.
        var op = await app.SignInAsync("demo-operator");
        AssertNeutralised("archive page", Read(await op.GetByteArrayAsync("/posts/archive?handler=Csv")), marker);
        var api = await app.ApiAsync("demo-operator");
        var archive = await api.GetAsync("/api/v1/posts/archive?format=csv");
        Assert.Equal(HttpStatusCode.OK, archive.StatusCode);
        AssertNeutralised("archive api", Read(await archive.Content.ReadAsByteArrayAsync()), marker);

        // The board: names neutralised, 残り日数 of an overdue account a plain negative number.
        var pr = await app.SignInAsync("demo-pr");
        var board = Read(await pr.GetByteArrayAsync("/board?handler=Csv"));
        AssertNeutralised("board", board, marker);
        var daysLeft = Array.IndexOf(BoardExport.Header, "残り日数");
        Assert.Equal(daysLeft, Assert.Single(BoardExport.NumericColumns));
        var overdueRow = board.Single(r => r[0] == "'-1" + marker);
        Assert.Matches("^-[0-9]+$", overdueRow[daysLeft]);

        // The guideline acknowledgements (users' names) and the public open data.
        AssertNeutralised("acknowledgements", Read(await pr.GetByteArrayAsync("/guideline/acknowledgements?handler=Csv")), marker);
        AssertNeutralised("public", PublicOpenDataTests.ReadCsv(await app.Anonymous().GetByteArrayAsync("/api/public/accounts.csv")), marker);
    }

    [Theory]
    [InlineData("-12", true, "-12")]
    [InlineData("-1.5", true, "-1.5")]
    [InlineData("3", true, "3")]
    [InlineData("-1+2", true, "\"'-1+2\"")]
    [InlineData("=1+2", true, "\"'=1+2\"")]
    [InlineData("-12", false, "\"'-12\"")]
    [InlineData("@SUM(A1)", false, "\"'@SUM(A1)\"")]
    [InlineData("\t=1", false, "\"'\t=1\"")]
    [InlineData("\r=1", false, "\"'\r=1\"")]
    [InlineData("a,b", false, "\"a,b\"")]
    [InlineData("名寄", false, "名寄")]
    public void A_cell_is_written_as_a_number_only_in_a_numeric_column(string value, bool numeric, string expected)
    {
        var bytes = CsvExport.Write(["列"], [[value]], numeric ? [0] : null);
        Assert.Equal("列\r\n" + expected + "\r\n", Encoding.UTF8.GetString(bytes[3..]));
    }
}
