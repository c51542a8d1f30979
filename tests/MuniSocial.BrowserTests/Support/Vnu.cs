using System.Diagnostics;
using System.Text.Json;

namespace MuniSocial.BrowserTests.Support;

/// <summary>
/// The Nu Html Checker (npm <c>vnu-jar</c>, installed by <c>tests/vnu/install.sh</c>, which <c>./test</c> runs) with
/// Debian's Java: checks a set of HTML documents in one run and returns its errors.
/// </summary>
public static class Vnu
{
    /// <summary>MUNISOCIAL_VNU_JAR, else where tests/vnu/install.sh puts it.</summary>
    public static string JarPath { get; } = Environment.GetEnvironmentVariable("MUNISOCIAL_VNU_JAR") is { Length: > 0 } p ? p
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } c ? c : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
            "munisocial", "vnu", "node_modules", "vnu-jar", "build", "dist", "vnu.jar");

    /// <summary>The <c>java</c> found on PATH, or null.</summary>
    public static string? Java { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .Select(d => Path.Combine(d, "java")).FirstOrDefault(File.Exists);

    public sealed record Message(string Document, int Line, int Column, string Text, string Extract);

    /// <summary>Writes each document to a temp folder, runs vnu once on all of them, returns the errors (file names = keys).</summary>
    public static async Task<(string Version, List<Message> Errors)> CheckAsync(IReadOnlyDictionary<string, string> documents)
    {
        var java = Java ?? throw new InvalidOperationException("java is not installed");
        Assert.True(File.Exists(JarPath), $"the Nu Html Checker is not installed at {JarPath}: run tests/vnu/install.sh (./test does)");
        var folder = Path.Combine(Path.GetTempPath(), "munisocial-vnu", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var files = new List<string>();
            foreach (var (name, html) in documents)
            {
                var file = Path.Combine(folder, name + ".html");
                await File.WriteAllTextAsync(file, html);
                files.Add(file);
            }
            var start = new ProcessStartInfo(java) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in (string[])["-jar", JarPath, "--format", "json", "--errors-only", "--stdout", .. files])
            {
                start.ArgumentList.Add(a);
            }
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var json = await stdout;
            Assert.True(json.TrimStart().StartsWith('{'), $"vnu answered no report (exit {process.ExitCode}): {json}\n{await stderr}");
            using var report = JsonDocument.Parse(json);
            var version = report.RootElement.TryGetProperty("version", out var v) ? v.GetString() ?? "" : "";
            var errors = report.RootElement.GetProperty("messages").EnumerateArray()
                .Where(m => m.GetProperty("type").GetString() is "error" or "non-document-error")
                .Select(m => new Message(
                    m.TryGetProperty("url", out var u) ? Path.GetFileNameWithoutExtension(u.GetString() ?? "") : "",
                    m.TryGetProperty("lastLine", out var l) ? l.GetInt32() : 0,
                    m.TryGetProperty("firstColumn", out var c) ? c.GetInt32() : 0,
                    m.GetProperty("message").GetString() ?? "",
                    m.TryGetProperty("extract", out var x) ? x.GetString() ?? "" : ""))
                .ToList();
            return (version, errors);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
