using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace MuniSocial.Infrastructure.Export;

/// <summary>
/// The one CSV writer of every export (staff and public): CsvHelper, UTF-8 with a byte order mark and CRLF so that Excel
/// opens the Japanese text as it is, fields quoted only where needed, and formula neutralising (CSV injection): a cell
/// that starts with <c>= + - @</c>, a tab or a carriage return is written with a leading <c>'</c> (CsvHelper's
/// <see cref="InjectionOptions.Escape"/>). A column declared numeric keeps a plain number as it is (<c>-3</c> stays a
/// number a spreadsheet can sum); anything else in it is neutralised like any other cell.
/// </summary>
public static class CsvExport
{
    public const string ContentType = "text/csv; charset=utf-8";

    private static readonly CsvConfiguration Config = new(CultureInfo.InvariantCulture)
    {
        NewLine = "\r\n",
        InjectionOptions = InjectionOptions.Escape,
        InjectionEscapeCharacter = '\'',
        InjectionCharacters = ['=', '+', '-', '@', '\t', '\r'],
    };

    /// <summary>The header and the rows as CSV bytes; <paramref name="numericColumns"/> are the zero-based columns holding numbers.</summary>
    public static byte[] Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows, IReadOnlyCollection<int>? numericColumns = null)
    {
        using var stream = new MemoryStream();
        using (var text = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        using (var csv = new NeutralisingWriter(text))
        {
            foreach (var h in header)
            {
                csv.WriteCell(h, numeric: false);
            }
            csv.NextRecord();
            foreach (var row in rows)
            {
                for (var i = 0; i < row.Count; i++)
                {
                    csv.WriteCell(row[i] ?? "", numericColumns?.Contains(i) == true);
                }
                csv.NextRecord();
            }
        }
        return stream.ToArray();
    }

    /// <summary>A plain number as a spreadsheet reads one: optional minus, digits, optional decimals.</summary>
    public static bool IsPlainNumber(string value) =>
        value.Length > 0 && decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _)
        && value[0] is '-' or (>= '0' and <= '9') && value[^1] is >= '0' and <= '9';

    private sealed class NeutralisingWriter(TextWriter writer) : CsvWriter(writer, Config, leaveOpen: true)
    {
        private bool numberAllowed;

        public void WriteCell(string value, bool numeric)
        {
            numberAllowed = numeric && IsPlainNumber(value);
            WriteField(value);
            numberAllowed = false;
        }

        protected override string? SanitizeForInjection(string? field) => numberAllowed ? field : base.SanitizeForInjection(field);
    }
}
