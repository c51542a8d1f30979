using BenchmarkDotNet.Running;
using MuniSocial.Benchmarks;
using MuniSocial.Infrastructure.Documents;

// `dotnet run -c Release -- --sizes` prints the size of each issued file; anything else goes to BenchmarkDotNet
// (e.g. `-- --filter '*' --job short`).
if (args is ["--sizes"])
{
    var rendering = new FormRendering(FormFonts.Load());
    foreach (var form in new[] { "Form1", "Form1Long", "Form2", "Form3", "Form4", "Form5" })
    {
        var files = rendering.Render(FormIssueBenchmarks.Sample(form));
        Console.WriteLine($"{form}: PDF {files.Pdf.Length:N0} bytes, DOCX {files.Docx.Length:N0} bytes");
    }
    return;
}
if (args is ["--time"])
{
    // A quick look without BenchmarkDotNet: PDF and Word separately, mean of 20 after 5 warm-ups.
    var fonts = FormFonts.Load();
    var pdf = new PdfFormRenderer(fonts);
    foreach (var form in new[] { "Form1", "Form1Long", "Form2", "Form3", "Form4", "Form5" })
    {
        var layout = MuniSocial.Domain.Forms.FormLayouts.Build(FormIssueBenchmarks.Sample(form));
        for (var i = 0; i < 5; i++) { pdf.Render(layout); DocxFormRenderer.Render(layout); }
        var process = System.Diagnostics.Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 20; i++) { pdf.Render(layout); }
        var pdfMs = sw.Elapsed.TotalMilliseconds / 20;
        process.Refresh();
        var pdfCpu = (process.TotalProcessorTime - cpu).TotalMilliseconds / 20;
        cpu = process.TotalProcessorTime;
        sw.Restart();
        for (var i = 0; i < 20; i++) { DocxFormRenderer.Render(layout); }
        process.Refresh();
        Console.WriteLine($"{form}: PDF {pdfMs:F1} ms wall / {pdfCpu:F1} ms CPU, DOCX {sw.Elapsed.TotalMilliseconds / 20:F1} ms wall / {(process.TotalProcessorTime - cpu).TotalMilliseconds / 20:F1} ms CPU");
    }
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(FormIssueBenchmarks).Assembly).Run(args);
