using System.Diagnostics;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Forms;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Forms;

/// <summary>
/// Writes every form, issued and blank, as PNG pages (pdftoppm) into the test output folder
/// (bin/…/rendered-forms) so that a person can compare them with the guideline's paper forms.
/// </summary>
public sealed class FormsRenderingTests(AppFactory app) : IClassFixture<AppFactory>
{
    public static string OutputFolder => Path.Combine(AppContext.BaseDirectory, "rendered-forms");

    [Fact]
    public async Task Every_form_is_written_as_png_pages()
    {
        Directory.CreateDirectory(OutputFolder);
        var unit = await app.UnitIdAsync("観光振興係");
        var id = await app.DraftAccountAsync(FormsFixture.Policy("なよろ冬まつり（描画確認）", "https://x.com/nayoro_render_check", unit, Platform.Instagram));
        await app.RequestListingAsync(id);
        await app.ListAsync(id);
        await app.RequestDelistingAsync(id, new DateOnly(2026, 6, 1), "冬まつりの公式サイトへ情報発信を一本化したため。");
        await app.DelistAsync(id);
        var documents = await app.DocumentsAsync(id);
        Assert.Equal(5, documents.Select(d => d.Form).Distinct().Count());
        var files = new List<string>();

        var longPurpose = string.Concat(Enumerable.Range(1, 400).Select(i => $"目的{i:D4}、冬の暮らし。"))[..PolicyContent.LongTextMax];
        var longId = await app.DraftAccountAsync(FormsFixture.Policy(string.Concat(Enumerable.Repeat("なよろ長い名前", 9))[..60], "https://x.com/nayoro_render_long", unit, purpose: longPurpose));
        await app.RequestListingAsync(longId);
        var staff = await app.SignInAsync("demo-operator");
        files.Add(await WritePngAsync((await app.DocumentAsync(longId, FormKind.Form1)).Pdf, "issued-long-様式1"));
        foreach (var document in documents)
        {
            files.Add(await WritePngAsync(document.Pdf, $"issued-{FormKinds.Label(document.Form)}"));
        }
        foreach (var kind in FormKinds.All)
        {
            var pdf = await staff.GetByteArrayAsync($"/forms/blank/{(int)kind}.pdf");
            files.Add(await WritePngAsync(pdf, $"blank-{FormKinds.Label(kind)}"));
        }
        foreach (var file in files)
        {
            Assert.True(new FileInfo(file).Length > 10_000, $"{file} looks empty");
        }
    }

    private static async Task<string> WritePngAsync(byte[] pdf, string name)
    {
        var pdfPath = Path.Combine(OutputFolder, name + ".pdf");
        await File.WriteAllBytesAsync(pdfPath, pdf);
        var prefix = Path.Combine(OutputFolder, name);
        using var process = Process.Start(new ProcessStartInfo("pdftoppm", ["-png", "-r", "60", pdfPath, prefix])
        {
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("pdftoppm (poppler-utils) is needed; ./test installs it");
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"pdftoppm failed: {await process.StandardError.ReadToEndAsync()}");
        var first = Directory.GetFiles(OutputFolder, name + "-*.png").Order().First();
        return first;
    }
}
