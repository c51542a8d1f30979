using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace MuniSocial.Infrastructure.Export;

/// <summary>A share (0–1) written as a number shown as a percentage (<c>0.0%</c>).</summary>
public readonly record struct XlsxPercent(double Value);

/// <summary>One row of a sheet: its values (string, <see cref="DateOnly"/>, int, long, double, <see cref="XlsxPercent"/> or null) and whether it is shown in red.</summary>
public sealed record XlsxRow(IReadOnlyList<object?> Values, bool Highlight = false);

/// <summary>One sheet: its tab name (≤ 31 characters), an optional title line above the header, the header and the rows.</summary>
public sealed record XlsxSheet(string Name, IReadOnlyList<string> Header, IReadOnlyList<XlsxRow> Rows, string? Title = null);

/// <summary>
/// The one Excel writer of the exports (OpenXml SDK, the library of the Word forms): typed cells — a date is its serial
/// number (OADate) with the number format <see cref="DateFormat"/>, a count a number, a share a number shown as a
/// percentage, text an inline string (never a formula, whatever it starts with: <c>= + - @</c> stay text) —, a bold
/// header frozen at the top with an autofilter, each column as wide as its content (a Japanese character counts two),
/// highlighted rows in red. One sheet per table.
/// </summary>
public static class XlsxExport
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>
    /// 「2026/5/29」: read the same in every Excel and LibreOffice whatever the locale (a 和暦 format needs a Japanese locale
    /// in LibreOffice), sorted and filtered as a date.
    /// </summary>
    public const string DateFormat = "yyyy/m/d";

    public const string PercentFormat = "0.0%";

    private const uint DateFormatId = 164, PercentFormatId = 165;

    // Cell formats: plain and red of each kind, then bold.
    private const uint Text = 0, Date = 2, Integer = 4, Percent = 6, Number = 8, Bold = 10;

    /// <summary>Widest column, in characters.</summary>
    public const int MaxWidth = 60;

    public static byte[] Write(IReadOnlyList<XlsxSheet> sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var sheetList = new Sheets();
            var names = new DefinedNames();
            for (var i = 0; i < sheets.Count; i++)
            {
                var sheet = sheets[i];
                var part = workbookPart.AddNewPart<WorksheetPart>();
                var (worksheet, filterRange) = Sheet(sheet, selected: i == 0);
                part.Worksheet = worksheet;
                sheetList.Append(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = (uint)(i + 1), Name = sheet.Name });
                names.Append(new DefinedName($"'{sheet.Name.Replace("'", "''", StringComparison.Ordinal)}'!{filterRange}")
                {
                    Name = "_xlnm._FilterDatabase",
                    LocalSheetId = (uint)i,
                    Hidden = true,
                });
            }
            workbookPart.Workbook.Append(sheetList, names);
        }
        return stream.ToArray();
    }

    private static (Worksheet Sheet, string FilterRange) Sheet(XlsxSheet sheet, bool selected)
    {
        var data = new SheetData();
        uint r = 1;
        if (sheet.Title is not null)
        {
            data.Append(Row(r++, [sheet.Title], Bold));
        }
        var headerRow = r;
        data.Append(Row(r++, sheet.Header, Bold));
        foreach (var row in sheet.Rows)
        {
            data.Append(Row(r++, row.Values, row.Highlight ? 1u : 0u));
        }
        var lastRow = Math.Max(headerRow, r - 1);
        var lastColumn = ColumnName(sheet.Header.Count - 1);
        var columns = new Columns();
        for (var c = 0; c < sheet.Header.Count; c++)
        {
            var widest = sheet.Rows.Select(row => c < row.Values.Count ? WidthOf(row.Values[c]) : 0).Append(WidthOf(sheet.Header[c])).Max();
            columns.Append(new Column { Min = (uint)(c + 1), Max = (uint)(c + 1), Width = Math.Min(MaxWidth, widest + 2), CustomWidth = true });
        }
        var views = new SheetViews(new SheetView(new Pane
        {
            VerticalSplit = headerRow,
            TopLeftCell = $"A{headerRow + 1}",
            ActivePane = PaneValues.BottomLeft,
            State = PaneStateValues.Frozen,
        })
        { WorkbookViewId = 0, TabSelected = selected });
        var range = $"A{headerRow}:{lastColumn}{lastRow}";
        var absolute = $"$A${headerRow}:${lastColumn}${lastRow}";
        return (new Worksheet(views, columns, data, new AutoFilter { Reference = range }), absolute);
    }

    private static Row Row(uint index, IReadOnlyList<object?> values, uint variant)
    {
        var row = new Row { RowIndex = index };
        for (var i = 0; i < values.Count; i++)
        {
            var reference = ColumnName(i) + index.ToString(CultureInfo.InvariantCulture);
            var cell = values[i] switch
            {
                null or "" => null,
                string s => new Cell
                {
                    DataType = CellValues.InlineString,
                    StyleIndex = variant == Bold ? Bold : Text + variant,
                    InlineString = new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(s) { Space = SpaceProcessingModeValues.Preserve }),
                },
                DateOnly d => NumberCell(d.ToDateTime(TimeOnly.MinValue).ToOADate(), Date + variant),
                int n => NumberCell(n, Integer + variant),
                long n => NumberCell(n, Integer + variant),
                double n => NumberCell(n, Number + variant),
                XlsxPercent p => NumberCell(p.Value, Percent + variant),
                var other => throw new ArgumentException($"No cell type for {other.GetType().Name}.", nameof(values)),
            };
            if (cell is not null)
            {
                cell.CellReference = reference;
                row.Append(cell);
            }
        }
        return row;
    }

    private static Cell NumberCell(double value, uint style) => new()
    {
        DataType = CellValues.Number,
        StyleIndex = style,
        CellValue = new CellValue(value.ToString("R", CultureInfo.InvariantCulture)),
    };

    /// <summary>The width a value needs, in characters of the default font: a full-width (Japanese) character counts two.</summary>
    public static int WidthOf(object? value) => value switch
    {
        null => 0,
        string s => s.EnumerateRunes().Sum(r => IsWide(r.Value) ? 2 : 1),
        DateOnly => 10,
        XlsxPercent => 7,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture).Length + 1,
        var other => other.ToString()?.Length ?? 0,
    };

    /// <summary>East Asian wide and full-width characters (Unicode EAW W and F), roughly: CJK, kana, hangul, full-width forms, emoji.</summary>
    private static bool IsWide(int c) =>
        c is (>= 0x1100 and <= 0x115F) or (>= 0x2E80 and <= 0x303E) or (>= 0x3041 and <= 0x33FF) or (>= 0x3400 and <= 0x4DBF)
            or (>= 0x4E00 and <= 0x9FFF) or (>= 0xA000 and <= 0xA4CF) or (>= 0xAC00 and <= 0xD7A3) or (>= 0xF900 and <= 0xFAFF)
            or (>= 0xFE30 and <= 0xFE4F) or (>= 0xFF00 and <= 0xFF60) or (>= 0xFFE0 and <= 0xFFE6) or (>= 0x1F300 and <= 0x1FAFF)
            or (>= 0x20000 and <= 0x3FFFD);

    private static Stylesheet Styles()
    {
        Font Font(bool bold = false, string? color = null)
        {
            var font = new Font();
            if (bold)
            {
                font.Append(new DocumentFormat.OpenXml.Spreadsheet.Bold());
            }
            font.Append(new FontSize { Val = 11 });
            if (color is not null)
            {
                font.Append(new Color { Rgb = color });
            }
            font.Append(new FontName { Val = "游ゴシック" }, new FontFamilyNumbering { Val = 3 }, new FontCharSet { Val = 128 });
            return font;
        }
        CellFormat Format(uint numberFormat, uint font) => new()
        {
            NumberFormatId = numberFormat,
            FontId = font,
            FillId = 0,
            BorderId = 0,
            FormatId = 0,
            ApplyNumberFormat = numberFormat != 0,
            ApplyFont = font != 0,
        };
        return new Stylesheet(
            new NumberingFormats(
                new NumberingFormat { NumberFormatId = DateFormatId, FormatCode = DateFormat },
                new NumberingFormat { NumberFormatId = PercentFormatId, FormatCode = PercentFormat })
            { Count = 2 },
            new Fonts(Font(), Font(bold: true), Font(color: "FFA30000")) { Count = 3 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            new CellFormats(
                Format(0, 0), Format(0, 2), // text
                Format(DateFormatId, 0), Format(DateFormatId, 2), // date
                Format(1, 0), Format(1, 2), // integer (built-in "0")
                Format(PercentFormatId, 0), Format(PercentFormatId, 2), // percentage
                Format(0, 0), Format(0, 2), // other number (General)
                Format(0, 1)) // bold
            { Count = 11 },
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
    }

    private static string ColumnName(int zeroBased)
    {
        var name = "";
        for (var n = zeroBased + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }
        return name;
    }
}
