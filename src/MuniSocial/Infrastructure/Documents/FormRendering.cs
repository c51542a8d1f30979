using MuniSocial.Domain.Forms;

namespace MuniSocial.Infrastructure.Documents;

public sealed record RenderedForm(FormLayout Layout, byte[] Pdf, byte[] Docx);

/// <summary>One layout, two files: the PDF to print and the Word file to file.</summary>
public sealed class FormRendering(FormFonts fonts)
{
    public const string PdfType = "application/pdf";
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private readonly PdfFormRenderer _pdf = new(fonts);

    public FormFonts Fonts => fonts;

    public RenderedForm Render(FormData data)
    {
        var layout = FormLayouts.Build(data);
        return new RenderedForm(layout, _pdf.Render(layout), DocxFormRenderer.Render(layout));
    }
}
