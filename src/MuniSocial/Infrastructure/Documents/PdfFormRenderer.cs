using System.Globalization;
using System.Text;
using MuniSocial.Domain.Forms;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace MuniSocial.Infrastructure.Documents;

/// <summary>
/// Draws a <see cref="FormLayout"/> on A4 pages with PDFsharp and the embedded IPAex fonts. Text wraps
/// inside its box with Japanese line-breaking rules (禁則: no line starts with 、。）」…); a table row or
/// list that does not fit continues on the next page, so nothing is cut off.
/// </summary>
public sealed class PdfFormRenderer(FormFonts fonts)
{
    private const double PageWidth = 595.28;
    private const double PageHeight = 841.89;
    private const double MarginX = 62.36; // 22 mm
    private const double MarginTop = 56.69; // 20 mm
    private const double MarginBottom = 62.36;
    private const double BodySize = 10.5;
    private const double LineHeight = BodySize * 1.65;
    private const double TitleSize = 15;
    private const double LabelWidth = 113.39; // 40 mm
    private const double CellPadX = 5;
    private const double CellPadY = 4;

    public byte[] Render(FormLayout layout)
    {
        using var document = new PdfDocument();
        document.Info.Title = layout.Title;
        document.Info.Subject = FormKinds.Label(layout.Kind);
        document.Info.Creator = "MuniSocial";
        document.Options.CompressContentStreams = true;
        document.Options.FlateEncodeMode = PdfFlateEncodeMode.BestSpeed;
        using (var writer = new Writer(document, fonts))
        {
            foreach (var block in layout.Blocks)
            {
                writer.Draw(block);
            }
        }
        AddPageNumbers(document);
        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    private void AddPageNumbers(PdfDocument document)
    {
        if (document.PageCount < 2)
        {
            return;
        }
        var font = Writer.Font(FormFonts.Mincho, 9);
        for (var i = 0; i < document.PageCount; i++)
        {
            using var gfx = XGraphics.FromPdfPage(document.Pages[i], XGraphicsPdfPageOptions.Append);
            gfx.DrawString($"{i + 1} / {document.PageCount}", font, XBrushes.Black,
                new XRect(0, PageHeight - (MarginBottom / 2) - 9, PageWidth, 12), XStringFormats.TopCenter);
        }
    }

    private sealed class Writer : IDisposable
    {
        private static readonly XPdfFontOptions Embedded = new(PdfFontEncoding.Unicode, PdfFontEmbedding.TryComputeSubset);
        private static readonly Dictionary<(string, double), XFont> FontCache = [];
        private static readonly Lock FontLock = new();
        private static readonly Dictionary<(string, char), double> WidthCache = [];

        private readonly PdfDocument _document;
        private readonly FormFonts _fonts;
        private readonly XFont _body;
        private readonly XFont _gothic;
        private readonly XFont _title;
        private XGraphics _gfx = null!;
        private double _y;

        public Writer(PdfDocument document, FormFonts fonts)
        {
            _document = document;
            _fonts = fonts;
            _body = Font(FormFonts.Mincho, BodySize);
            _gothic = Font(FormFonts.Gothic, BodySize);
            _title = Font(FormFonts.Gothic, TitleSize);
            NewPage();
        }

        private static double ContentWidth => PageWidth - (2 * MarginX);

        private static double Bottom => PageHeight - MarginBottom;

        public static XFont Font(string family, double size)
        {
            lock (FontLock)
            {
                if (!FontCache.TryGetValue((family, size), out var font))
                {
                    FontCache[(family, size)] = font = new XFont(family, size, XFontStyleEx.Regular, Embedded);
                }
                return font;
            }
        }

        public void Draw(FormBlock block)
        {
            switch (block)
            {
                case FormNumberBlock n:
                    Lines(Wrap(n.Text, _body, ContentWidth), _body, MarginX, ContentWidth, LineAlign.Left);
                    break;
                case LineBlock line:
                    var x = line.Align == LineAlign.Sender ? MarginX + (ContentWidth * 0.5) : MarginX;
                    var width = line.Align == LineAlign.Sender ? ContentWidth * 0.5 : ContentWidth;
                    Lines(Wrap(line.Text, _body, width), _body, x, width, line.Align);
                    break;
                case TitleBlock title:
                    _y += LineHeight * 0.5;
                    foreach (var text in Wrap(title.Text, _title, ContentWidth))
                    {
                        Ensure(TitleSize * 1.6);
                        DrawText(text, _title, MarginX, _y, TitleSize * 1.6, ContentWidth, XStringFormats.TopCenter);
                        _y += TitleSize * 1.6;
                    }
                    break;
                case ParagraphBlock p:
                    Lines(Wrap((p.Indent ? "　" : "") + p.Text, _body, ContentWidth), _body, MarginX, ContentWidth, LineAlign.Left);
                    break;
                case HeadingBlock h:
                    _y += LineHeight * 0.25;
                    Lines(Wrap(h.Text, _gothic, ContentWidth), _gothic, MarginX, ContentWidth, LineAlign.Left);
                    break;
                case SpaceBlock s:
                    _y += LineHeight * s.Lines;
                    if (_y > Bottom)
                    {
                        NewPage();
                    }
                    break;
                case TableBlock t:
                    foreach (var row in t.Rows)
                    {
                        Row(row);
                    }
                    break;
                case ListBlock list:
                    foreach (var item in list.Items)
                    {
                        Item(item);
                    }
                    break;
                default:
                    throw new NotSupportedException(block.GetType().Name);
            }
        }

        private void Lines(List<string> lines, XFont font, double x, double width, LineAlign align)
        {
            foreach (var text in lines)
            {
                Ensure(LineHeight);
                DrawText(text, font, x, _y, LineHeight, width, align == LineAlign.Right ? XStringFormats.TopRight : XStringFormats.TopLeft);
                _y += LineHeight;
            }
        }

        private void Item(ListItem item)
        {
            var marker = Printable(item.Marker, FormFonts.Mincho);
            var markerWidth = Measure(marker, _body) + (Measure("　", _body) * 0.5);
            markerWidth = Math.Max(markerWidth, BodySize * 1.5);
            var indent = BodySize;
            var lines = Wrap(item.Text, _body, ContentWidth - indent - markerWidth);
            for (var i = 0; i < lines.Count; i++)
            {
                Ensure(LineHeight);
                if (i == 0)
                {
                    DrawText(marker, _body, MarginX + indent, _y, LineHeight, markerWidth, XStringFormats.TopLeft);
                }
                DrawText(lines[i], _body, MarginX + indent + markerWidth, _y, LineHeight, ContentWidth - indent - markerWidth, XStringFormats.TopLeft);
                _y += LineHeight;
            }
        }

        /// <summary>A ruled row; a row taller than the rest of the page is split and continues on the next.</summary>
        private void Row(TableRow row)
        {
            var valueWidth = ContentWidth - LabelWidth;
            var label = Wrap(row.Label, _body, LabelWidth - (2 * CellPadX));
            var value = Wrap(row.Value, _body, valueWidth - (2 * CellPadX));
            var needed = Math.Max(Math.Max(label.Count, value.Count), row.MinLines);
            var done = 0;
            var continued = false;
            while (true)
            {
                var available = (int)Math.Floor((Bottom - _y - (2 * CellPadY)) / LineHeight);
                var rest = needed - done;
                // Short rows are kept whole; a long one is split where the page ends (at least 3 lines on a page).
                if (available < Math.Min(rest, rest <= 6 ? rest : 3))
                {
                    NewPage();
                    continue;
                }
                var take = Math.Min(rest, available);
                var height = (take * LineHeight) + (2 * CellPadY);
                _gfx.DrawRectangle(XPens.Black, MarginX, _y, ContentWidth, height);
                _gfx.DrawLine(XPens.Black, MarginX + LabelWidth, _y, MarginX + LabelWidth, _y + height);
                var labelLines = continued ? Wrap(row.Label + "（続き）", _body, LabelWidth - (2 * CellPadX)) : label;
                for (var i = 0; i < Math.Min(take, labelLines.Count); i++)
                {
                    DrawText(labelLines[i], _body, MarginX + CellPadX, _y + CellPadY + (i * LineHeight), LineHeight, LabelWidth - (2 * CellPadX), XStringFormats.TopLeft);
                }
                for (var i = 0; i < take && done + i < value.Count; i++)
                {
                    DrawText(value[done + i], _body, MarginX + LabelWidth + CellPadX, _y + CellPadY + (i * LineHeight), LineHeight, valueWidth - (2 * CellPadX), XStringFormats.TopLeft);
                }
                _y += height;
                done += take;
                if (done >= needed)
                {
                    return;
                }
                NewPage();
                continued = true;
            }
        }

        private void DrawText(string text, XFont font, double x, double top, double lineHeight, double width, XStringFormat format)
        {
            if (text.Length == 0)
            {
                return;
            }
            // Vertically centred in the line box.
            var y = top + ((lineHeight - font.Size) / 2) - (font.Size * 0.12);
            _gfx.DrawString(text, font, XBrushes.Black, new XRect(x, y, width, font.Size * 1.3), format);
        }

        private void Ensure(double height)
        {
            if (_y + height > Bottom)
            {
                NewPage();
            }
        }

        private void NewPage()
        {
            _gfx?.Dispose();
            var page = _document.AddPage();
            page.Size = PageSize.A4;
            _gfx = XGraphics.FromPdfPage(page);
            _y = MarginTop;
        }

        public void Dispose() => _gfx?.Dispose();

        private double Measure(string text, XFont font)
        {
            var total = 0.0;
            foreach (var c in text)
            {
                total += Width(c, font);
            }
            return total;
        }

        private double Width(char c, XFont font)
        {
            var key = (Family(font), c);
            double perPoint;
            lock (FontLock)
            {
                if (!WidthCache.TryGetValue(key, out perPoint))
                {
                    WidthCache[key] = perPoint = _gfx.MeasureString(c.ToString(), font).Width / font.Size;
                }
            }
            return perPoint * font.Size;
        }

        /// <summary>Lines that fit <paramref name="width"/>, each '\n' a hard break.</summary>
        public List<string> Wrap(string text, XFont font, double width)
        {
            var lines = new List<string>();
            foreach (var raw in Printable(text, Family(font)).Split('\n'))
            {
                var para = raw.TrimEnd();
                var start = 0;
                var lineWidth = 0.0;
                var lastBreak = -1;
                for (var i = 0; i < para.Length; i++)
                {
                    if (i < start)
                    {
                        continue;
                    }
                    var w = Width(para[i], font);
                    if (i > start && CanBreakBefore(para, i))
                    {
                        lastBreak = i;
                    }
                    if (lineWidth + w > width && i > start)
                    {
                        var at = lastBreak > start ? lastBreak : i;
                        if (at == i && IsNoLineStart(para[i]) && i - 1 > start)
                        {
                            at = i - 1;
                        }
                        lines.Add(para[start..at].TrimEnd());
                        start = at;
                        while (start < para.Length && para[start] == ' ')
                        {
                            start++;
                        }
                        lineWidth = 0;
                        for (var j = start; j < i; j++)
                        {
                            lineWidth += Width(para[j], font);
                        }
                        lastBreak = -1;
                        if (start > i)
                        {
                            continue;
                        }
                    }
                    lineWidth += w;
                }
                lines.Add(start < para.Length ? para[start..] : "");
            }
            return lines;
        }

        /// <summary>
        /// The text with what the font cannot draw replaced: ⑴…⒇ (not in IPAex) as (1)…(20), other
        /// missing characters (emoji …) as 〓, the mark Japanese printing uses for a missing character.
        /// </summary>
        private string Printable(string text, string family)
        {
            StringBuilder? sb = null;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                var at = i;
                string? replacement = null;
                if (c == '\r')
                {
                    replacement = "";
                }
                else if (c == '\t')
                {
                    replacement = " ";
                }
                else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    replacement = _fonts.Has(family, char.ConvertToUtf32(c, text[i + 1])) ? text.Substring(i, 2) : "〓";
                    i++;
                }
                else if (c is >= '\u2474' and <= '\u2487' && !_fonts.Has(family, c))
                {
                    replacement = "(" + (c - '\u2474' + 1).ToString(CultureInfo.InvariantCulture) + ")";
                }
                else if (c != '\n' && !char.IsControl(c) && !_fonts.Has(family, c))
                {
                    replacement = char.IsWhiteSpace(c) ? " " : "〓";
                }
                else if (char.IsControl(c) && c != '\n')
                {
                    replacement = "";
                }
                if (replacement is not null)
                {
                    sb ??= new StringBuilder(text, 0, at, text.Length + 8);
                    sb.Append(replacement);
                }
                else
                {
                    _ = sb?.Append(c);
                }
            }
            return sb?.ToString() ?? text;
        }

        private static string Family(XFont font) => font.FontFamily.Name.Contains("Gothic", StringComparison.OrdinalIgnoreCase) ? FormFonts.Gothic : FormFonts.Mincho;

        private static bool CanBreakBefore(string s, int i)
        {
            char prev = s[i - 1], c = s[i];
            if (IsNoLineStart(c) || IsNoLineEnd(prev))
            {
                return false;
            }
            if (prev == ' ')
            {
                return true;
            }
            return !(IsWordChar(prev) && IsWordChar(c));
        }

        private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or ',' or ':' or '/' or '-' or '_' or '@' or '?' or '=' or '&' or '%' or '#' or '~' or '+' or '\'' or '"' or '(' or ')' or '!' or ';';

        private static bool IsNoLineStart(char c) => "、。，．,.）)」』】〕〉》］]｝}！？!?ー・：；ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々ゝゞヽヾ…‥～".Contains(c);

        private static bool IsNoLineEnd(char c) => "（(「『【〔〈《［[｛{".Contains(c);
    }
}
