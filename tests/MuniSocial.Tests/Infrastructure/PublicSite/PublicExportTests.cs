using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Infrastructure.PublicSite;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Infrastructure.PublicSite;

/// <summary>
/// Issue 12 item 4, <c>export-public</c>: the snapshot as static files — every public page, a page per listed
/// account, the JSON and the CSS — with root-relative links that resolve inside the folder, and nothing of the staff side.
/// </summary>
public sealed class PublicExportTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_export_writes_every_public_answer_with_no_staff_links_and_no_antiforgery_tokens()
    {
        var policy = Given.Policy("書き出しテスト" + Guid.NewGuid().ToString("N")[..6]);
        var id = await app.ListedAccountAsync(policy);
        var folder = Path.Combine(Path.GetTempPath(), "munisocial-export-" + Guid.NewGuid().ToString("N"));
        try
        {
            var site = app.Services.GetRequiredService<PublicSiteState>();
            var snapshot = await site.CurrentAsync();
            var css = Path.Combine(app.Services.GetRequiredService<IWebHostEnvironment>().WebRootPath, "css");
            var count = await PublicExport.ExportAsync(app.Anonymous(), snapshot, folder, liveUrl: null, css);

            string[] expected = ["index.html", "closed/index.html", "impersonation/index.html", "verify/index.html", $"policies/{id}/index.html",
                "api/public/accounts.json", "api/public/closed-accounts.json", "api/public/impersonations.json", "api/public/accounts.csv",
                "api/public/feed.atom", "css/site.css"];
            foreach (var file in expected)
            {
                Assert.True(File.Exists(Path.Combine(folder, file)), $"{file} was not written");
            }
            Assert.Equal(Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Length, count);
            // A page per listed account, and per closed account (its old link says when it closed).
            Assert.Equal(snapshot.Listed.Count + snapshot.Closed.Count, Directory.GetDirectories(Path.Combine(folder, "policies")).Length);
            Assert.Contains(policy.AccountName!, await File.ReadAllTextAsync(Path.Combine(folder, "index.html")), StringComparison.Ordinal);
            Assert.Contains(policy.AccountName!, await File.ReadAllTextAsync(Path.Combine(folder, "api/public/accounts.json")), StringComparison.Ordinal);

            foreach (var html in Directory.GetFiles(folder, "*.html", SearchOption.AllDirectories))
            {
                var text = await File.ReadAllTextAsync(html);
                Assert.DoesNotContain("__RequestVerificationToken", text, StringComparison.Ordinal);
                foreach (var staff in new[] { "/login", "/home", "/accounts", "/review", "/admin", "/logout" })
                {
                    Assert.DoesNotContain($"href=\"{staff}", text, StringComparison.Ordinal);
                }
                // Every root-relative link resolves to a file of the folder (a directory with its index.html, or a file).
                foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, "(?:href|src)=\"(/[^\"#?]*)"))
                {
                    var target = Path.Combine(folder, m.Groups[1].Value.TrimStart('/'));
                    Assert.True(File.Exists(target) || File.Exists(Path.Combine(target, "index.html")),
                        $"{Path.GetRelativePath(folder, html)} links to {m.Groups[1].Value}, which is not in the export");
                }
            }
            // Without a live site to ask, the copied verify page has no form that would do nothing.
            var verify = await File.ReadAllTextAsync(Path.Combine(folder, "verify/index.html"));
            Assert.DoesNotContain("<form method=\"get\" action=\"/verify\"", verify, StringComparison.Ordinal);
            Assert.Contains("見比べてください", verify, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
