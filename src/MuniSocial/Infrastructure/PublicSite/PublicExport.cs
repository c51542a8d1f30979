using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using MuniSocial.Features.PublicList;

namespace MuniSocial.Infrastructure.PublicSite;

/// <summary>
/// <c>export-public &lt;folder&gt;</c>: the public side as static files, ready to copy to any web server or CDN — the pages
/// (<c>index.html</c>, <c>closed/index.html</c>, <c>policies/{id}/index.html</c>, <c>impersonation/index.html</c>,
/// <c>verify/index.html</c>), the JSON (<c>api/public/*.json</c>) and <c>css/</c>. The app answers them from its
/// snapshot on a loopback port of its own for the moment of the export, exactly as citizens get them; links stay
/// root-relative, so the folder works as the root of a site (nginx: <c>root &lt;folder&gt;;</c>). The sign-in link is left
/// out, and the verify form points at the live site (<c>PublicSite:LiveUrl</c>) or, without one, says to compare with the list.
/// </summary>
public static partial class PublicExport
{
    public const string Command = "export-public";

    public static async Task<int> RunAsync(WebApplication app, string[] args, TextWriter output)
    {
        if (args.Length < 2 || string.IsNullOrWhiteSpace(args[1]))
        {
            await output.WriteLineAsync("使い方: export-public <出力先フォルダー>");
            return 2;
        }
        var folder = Path.GetFullPath(args[1]);
        app.Urls.Clear();
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient(OutboundHttp.NewHandler()) { BaseAddress = new Uri(address) };
            var snapshot = await app.Services.GetRequiredService<PublicSiteState>().CurrentAsync();
            var liveUrl = app.Configuration["PublicSite:LiveUrl"]?.TrimEnd('/');
            var count = await ExportAsync(http, snapshot, folder, liveUrl, Path.Combine(app.Environment.WebRootPath, "css"));
            await output.WriteLineAsync($"公開用の一覧を {folder} に書き出しました（{count}ファイル）。");
            return 0;
        }
        finally
        {
            await app.StopAsync();
        }
    }

    /// <summary>Writes every public answer of <paramref name="snapshot"/> fetched through <paramref name="http"/>; returns how many files.</summary>
    public static async Task<int> ExportAsync(HttpClient http, PublicSnapshot snapshot, string folder, string? liveUrl, string? cssFolder)
    {
        Directory.CreateDirectory(folder);
        // Listed accounts' policy pages, and closed accounts' old links (their page says when they closed).
        var answers = PublicPaths.Exported
            .Concat(snapshot.Listed.Select(a => a.Id).Concat(snapshot.Closed.Select(c => c.Id)).Select(id => ($"/policies/{id}", $"policies/{id}/index.html")));
        var count = 0;
        foreach (var (path, file) in answers)
        {
            using var response = await http.GetAsync(path);
            response.EnsureSuccessStatusCode();
            var bytes = await response.Content.ReadAsByteArrayAsync();
            if (file.EndsWith(".html", StringComparison.Ordinal))
            {
                var html = StaffLink().Replace(System.Text.Encoding.UTF8.GetString(bytes), "");
                // Links to the open data point at the files written for them (accounts → accounts.json).
                foreach (var (dataPath, dataFile) in PublicPaths.Exported.Where(e => e.Path.StartsWith("/api/", StringComparison.Ordinal) && e.File != e.Path[1..]))
                {
                    html = html.Replace($"href=\"{dataPath}\"", $"href=\"/{dataFile}\"", StringComparison.Ordinal);
                }
                if (path == "/verify")
                {
                    html = liveUrl is null
                        ? VerifyForm().Replace(html, """<div class="notice warn"><p>このページは一覧の写しです。ここではアドレスを確認できません。確認したいアカウントのアドレスを、<a href="/">名寄市ソーシャルメディア一覧</a>の「アドレス」と見比べてください。一覧にないアカウントは市の公式ではありません。</p></div>""")
                        : html.Replace("action=\"/verify\"", $"action=\"{System.Net.WebUtility.HtmlEncode(liveUrl)}/verify\"", StringComparison.Ordinal);
                }
                bytes = System.Text.Encoding.UTF8.GetBytes(html);
            }
            await WriteAtomicallyAsync(Path.Combine(folder, file), bytes);
            count++;
        }
        if (cssFolder is not null && Directory.Exists(cssFolder))
        {
            // The style sheet and, beside it in the web root, the default emblem and the favicon the pages link to.
            var webRoot = Path.GetDirectoryName(Path.GetFullPath(cssFolder).TrimEnd(Path.DirectorySeparatorChar))!;
            foreach (var sub in new[] { "css", "img" })
            {
                var from = Path.Combine(webRoot, sub);
                if (!Directory.Exists(from))
                {
                    continue;
                }
                Directory.CreateDirectory(Path.Combine(folder, sub));
                foreach (var file in Directory.GetFiles(from))
                {
                    File.Copy(file, Path.Combine(folder, sub, Path.GetFileName(file)), overwrite: true);
                    count++;
                }
            }
            if (File.Exists(Path.Combine(webRoot, "favicon.svg")))
            {
                File.Copy(Path.Combine(webRoot, "favicon.svg"), Path.Combine(folder, "favicon.svg"), overwrite: true);
                count++;
            }
        }
        // The city's uploaded emblem, when there is one (the pages link /branding/emblem then).
        using (var emblem = await http.GetAsync(new Uri("/branding/emblem", UriKind.Relative)))
        {
            if (emblem.IsSuccessStatusCode)
            {
                Directory.CreateDirectory(Path.Combine(folder, "branding"));
                await WriteAtomicallyAsync(Path.Combine(folder, "branding", "emblem"), await emblem.Content.ReadAsByteArrayAsync());
                count++;
            }
        }
        return count;
    }

    private static async Task WriteAtomicallyAsync(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        await File.WriteAllBytesAsync(temp, bytes);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The staff sign-in link of the menu: a static copy has no staff side.</summary>
    [GeneratedRegex("""\s*<li><a href="/login">[^<]*</a></li>""")]
    private static partial Regex StaffLink();

    [GeneratedRegex("""<form method="get" action="/verify"[\s\S]*?</form>""")]
    private static partial Regex VerifyForm();
}
