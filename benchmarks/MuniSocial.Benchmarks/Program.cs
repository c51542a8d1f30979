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
BenchmarkSwitcher.FromAssembly(typeof(FormIssueBenchmarks).Assembly).Run(args);
