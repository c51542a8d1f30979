using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using MuniSocial.Domain.Forms;
using Table = DocumentFormat.OpenXml.Wordprocessing.Table;

namespace MuniSocial.Infrastructure.Documents;

/// <summary>
/// Writes a <see cref="FormLayout"/> as a Word document (A4, ＭＳ 明朝 10.5pt as the city's own
/// templates use) for filing and editing. Word wraps text and splits table rows across pages itself.
/// </summary>
public static class DocxFormRenderer
{
    private const string Mincho = "ＭＳ 明朝";
    private const string Gothic = "ＭＳ ゴシック";
    private const int PageWidth = 11906; // A4 in twips
    private const int PageHeight = 16838;
    private const int MarginX = 1247; // 22 mm
    private const int MarginY = 1134; // 20 mm
    private const int ContentWidth = PageWidth - (2 * MarginX);
    private const int LabelWidth = 2268; // 40 mm

    public static byte[] Render(FormLayout layout) => Render(layout, FormKinds.Label(layout.Kind));

    /// <summary>A document laid out like the forms that is not one of 様式1–5 (e.g. a press notice): <paramref name="subject"/> names it.</summary>
    public static byte[] Render(FormLayout layout, string subject)
    {
        ArgumentNullException.ThrowIfNull(layout);
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            doc.PackageProperties.Title = layout.Title;
            doc.PackageProperties.Subject = subject;
            doc.PackageProperties.Creator = "MuniSocial";
            var main = doc.AddMainDocumentPart();
            AddStyles(main);
            var body = new Body();
            foreach (var block in layout.Blocks)
            {
                foreach (var element in Elements(block))
                {
                    body.Append(element);
                }
            }
            body.Append(new SectionProperties(
                new PageSize { Width = PageWidth, Height = PageHeight },
                new PageMargin { Top = MarginY, Bottom = MarginY, Left = MarginX, Right = MarginX, Header = 851, Footer = 567, Gutter = 0 }));
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    private static IEnumerable<OpenXmlElement> Elements(FormBlock block)
    {
        switch (block)
        {
            case FormNumberBlock n:
                yield return Para(n.Text, JustificationValues.Left);
                break;
            case LineBlock line:
                yield return Para(line.Text, line.Align == LineAlign.Right ? JustificationValues.Right : JustificationValues.Left,
                    indentation: line.Align == LineAlign.Sender ? new Indentation { Left = (ContentWidth / 2).ToString(System.Globalization.CultureInfo.InvariantCulture) } : null);
                break;
            case TitleBlock t:
                yield return Para("", JustificationValues.Left);
                yield return Para(t.Text, JustificationValues.Center, Gothic, 30);
                break;
            case ParagraphBlock para:
                yield return Para(para.Text, JustificationValues.Both, indentation: para.Indent ? new Indentation { FirstLineChars = 100 } : null);
                break;
            case HeadingBlock h:
                yield return Para(h.Text, JustificationValues.Left, Gothic);
                break;
            case SpaceBlock s:
                for (var i = 0; i < Math.Max(1, (int)Math.Round(s.Lines)); i++)
                {
                    yield return Para("", JustificationValues.Left);
                }
                break;
            case TableBlock table:
                yield return Table(table);
                break;
            case ListBlock list:
                foreach (var item in list.Items)
                {
                    var li = new Paragraph(new ParagraphProperties(
                        new Indentation { Left = "840", Hanging = "420" }, new Justification { Val = JustificationValues.Both }));
                    li.Append(Run(item.Marker), new Run(new TabChar()), Run(item.Text));
                    yield return li;
                }
                break;
            default:
                throw new NotSupportedException(block.GetType().Name);
        }
    }

    private static Table Table(TableBlock block)
    {
        var border = new Func<BorderType, BorderType>(b =>
        {
            b.Val = BorderValues.Single;
            b.Size = 4;
            b.Color = "000000";
            return b;
        });
        var table = new Table(new TableProperties(
            new TableWidth { Width = ContentWidth.ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
            new TableBorders(border(new TopBorder()), border(new LeftBorder()), border(new BottomBorder()), border(new RightBorder()),
                border(new InsideHorizontalBorder()), border(new InsideVerticalBorder())),
            new TableLayout { Type = TableLayoutValues.Fixed },
            new TableCellMarginDefault(new TopMargin { Width = "60", Type = TableWidthUnitValues.Dxa },
                new TableCellLeftMargin { Width = 100, Type = TableWidthValues.Dxa },
                new BottomMargin { Width = "60", Type = TableWidthUnitValues.Dxa },
                new TableCellRightMargin { Width = 100, Type = TableWidthValues.Dxa })),
            new TableGrid(new GridColumn { Width = LabelWidth.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                new GridColumn { Width = (ContentWidth - LabelWidth).ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        foreach (var row in block.Rows)
        {
            var tr = new DocumentFormat.OpenXml.Wordprocessing.TableRow(new TableRowProperties(new TableRowHeight { Val = (uint)(row.MinLines * 360 + 120), HeightType = HeightRuleValues.AtLeast }));
            tr.Append(Cell(row.Label, LabelWidth), Cell(row.Value, ContentWidth - LabelWidth));
            table.Append(tr);
        }
        return table;
    }

    private static TableCell Cell(string text, int width)
    {
        var cell = new TableCell(new TableCellProperties(new TableCellWidth { Width = width.ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa }));
        foreach (var line in text.Split('\n'))
        {
            cell.Append(Para(line, JustificationValues.Left));
        }
        return cell;
    }

    private static Paragraph Para(string text, JustificationValues justification, string? font = null, int? halfPoints = null, Indentation? indentation = null)
    {
        // Schema order inside pPr: ind before jc.
        var properties = new ParagraphProperties();
        if (indentation is not null)
        {
            properties.Append(indentation);
        }
        properties.Append(new Justification { Val = justification });
        var paragraph = new Paragraph(properties);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                paragraph.Append(new Run(new Break()));
            }
            if (lines[i].Length > 0)
            {
                paragraph.Append(Run(lines[i], font, halfPoints));
            }
        }
        return paragraph;
    }

    private static Run Run(string text, string? font = null, int? halfPoints = null)
    {
        var props = new RunProperties();
        if (font is not null)
        {
            props.Append(new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font });
        }
        if (halfPoints is { } size)
        {
            props.Append(new FontSize { Val = size.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }
        var run = new Run();
        if (props.HasChildren)
        {
            run.Append(props);
        }
        run.Append(new Text(text) { Space = SpaceProcessingModeValues.Preserve });
        return run;
    }

    /// <summary>Document defaults: ＭＳ 明朝 10.5pt, Japanese, single spacing, no space after paragraphs.</summary>
    private static void AddStyles(MainDocumentPart main)
    {
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = Mincho, HighAnsi = Mincho, EastAsia = Mincho, ComplexScript = Mincho },
                    new FontSize { Val = "21" },
                    new FontSizeComplexScript { Val = "21" },
                    new Languages { Val = "en-US", EastAsia = "ja-JP" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(
                    new WidowControl { Val = false },
                    new SpacingBetweenLines { After = "0", Line = "300", LineRule = LineSpacingRuleValues.Auto }))),
            new Style(new StyleName { Val = "Normal" }, new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true });
        styles.Styles.Save();
    }
}
