using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Forms;
using MuniSocial.Infrastructure.Documents;

namespace MuniSocial.Tests.Domain.Forms;

/// <summary>The paper forms' small rules, as tables.</summary>
public sealed class FormLayoutTests
{
    [Theory]
    [InlineData(Platform.Line, null, "■ＬＩＮＥ　□フェイスブック　□ツイッター（Ｘ）\n□その他（　　　　　　）")]
    [InlineData(Platform.Facebook, null, "□ＬＩＮＥ　■フェイスブック　□ツイッター（Ｘ）\n□その他（　　　　　　）")]
    [InlineData(Platform.X, null, "□ＬＩＮＥ　□フェイスブック　■ツイッター（Ｘ）\n□その他（　　　　　　）")]
    [InlineData(Platform.Instagram, null, "□ＬＩＮＥ　□フェイスブック　□ツイッター（Ｘ）\n■その他（Instagram）")]
    [InlineData(Platform.YouTube, null, "□ＬＩＮＥ　□フェイスブック　□ツイッター（Ｘ）\n■その他（YouTube）")]
    [InlineData(Platform.Other, "TikTok", "□ＬＩＮＥ　□フェイスブック　□ツイッター（Ｘ）\n■その他（TikTok）")]
    [InlineData(null, null, "□ＬＩＮＥ　□フェイスブック　□ツイッター（Ｘ）\n□その他（　　　　　　）")]
    public void The_platform_is_printed_as_checkboxes(Platform? platform, string? other, string expected) =>
        Assert.Equal(expected, FormLayouts.Checkboxes(platform, other));

    [Theory]
    [InlineData("こども未来課", "課長", "こども未来課長")]
    [InlineData("営業戦略室", "室長", "営業戦略室長")]
    [InlineData("市民課", "参事", "市民課　参事")]
    [InlineData("図書館", "館長", "図書館長")]
    public void The_section_head_is_addressed_as_on_paper(string section, string title, string expected) =>
        Assert.Equal(expected, FormLayouts.SectionHeadAddress(section, title));

    [Theory]
    [InlineData(FormKind.Form1, "様式１", "運用ポリシー")]
    [InlineData(FormKind.Form2, "様式２", "名寄市ソーシャルメディア一覧掲載依頼書")]
    [InlineData(FormKind.Form3, "様式３", "名寄市ソーシャルメディア一覧掲載通知書")]
    [InlineData(FormKind.Form4, "様式４", "名寄市ソーシャルメディア一覧削除依頼書")]
    [InlineData(FormKind.Form5, "様式５", "名寄市ソーシャルメディア一覧削除通知書")]
    public void Each_form_has_its_printed_number_and_title(FormKind kind, string printed, string title)
    {
        Assert.Equal(printed, FormKinds.PrintedLabel(kind));
        Assert.Equal(title, FormKinds.Name(kind));
        var layout = FormLayouts.Build(new FormData { Kind = kind, Office = OfficeValues.Defaults });
        Assert.Equal(printed, Assert.IsType<FormNumberBlock>(layout.Blocks[0]).Text);
        Assert.Contains(layout.Blocks.OfType<TitleBlock>(), t => t.Text == title);
    }

    [Theory]
    [InlineData("account.listing-requested", new[] { FormKind.Form1, FormKind.Form2 })]
    [InlineData("account.listed", new[] { FormKind.Form3 })]
    [InlineData("account.delisting-requested", new[] { FormKind.Form4 })]
    [InlineData("account.delisted", new[] { FormKind.Form5 })]
    [InlineData("account.revision-submitted", new[] { FormKind.Form1 })]
    [InlineData("account.returned", new FormKind[0])]
    [InlineData("account.revision-accepted", new FormKind[0])]
    public void Transitions_issue_the_guideline_forms(string action, FormKind[] forms) =>
        Assert.Equal(forms, FormKinds.IssuedBy(action));

    [Theory]
    [InlineData("", "総合政策部秘書広報課", "総合政策部秘書広報課長", null, "cityName")]
    [InlineData("名寄市", " ", "総合政策部秘書広報課長", null, "prOfficeName")]
    [InlineData("名寄市", "総合政策部秘書広報課", "", null, "prHeadTitle")]
    [InlineData("名寄市", "総合政策部秘書広報課", "総合政策部秘書広報課長", "名広第号", "documentNumberFormat")]
    public void Office_values_name_the_field_in_error(string city, string office, string head, string? number, string field) =>
        Assert.Contains(field, new OfficeValues(city, office, head, number).Problems().Keys);

    [Theory]
    [InlineData(FormKind.Form1)]
    [InlineData(FormKind.Form2)]
    [InlineData(FormKind.Form3)]
    [InlineData(FormKind.Form4)]
    [InlineData(FormKind.Form5)]
    public void The_word_file_is_valid_open_xml_and_the_pdf_is_one_a4_page_or_more(FormKind kind)
    {
        var files = new FormRendering(FormFonts.Load()).Render(new FormData { Kind = kind, Office = OfficeValues.Defaults });
        using var stream = new MemoryStream(files.Docx);
        using var document = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(stream, false);
        var errors = new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(files.Pdf);
        foreach (var page in pdf.GetPages())
        {
            // A4 is 595.28 × 841.89 pt; PDFsharp writes the MediaBox in whole points.
            Assert.InRange(page.Width, 594.5, 596);
            Assert.InRange(page.Height, 841, 842.5);
        }
    }

    [Fact]
    public void Missing_fonts_stop_with_a_message_saying_what_to_install()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => FormFonts.Load(Path.Combine(Path.GetTempPath(), "no-fonts-here")));
        Assert.Contains("fonts-ipaexfont", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Forms:FontFolder", ex.Message, StringComparison.Ordinal);
    }
}
