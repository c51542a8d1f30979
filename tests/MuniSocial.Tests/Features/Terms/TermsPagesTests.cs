using System.Net;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Tests.Support;
using static MuniSocial.Tests.Support.StaffPages;

namespace MuniSocial.Tests.Features.Terms;

/// <summary>The PR office keeps the standard terms of 様式1 (注意事項・知的財産権・免責事項); every edit is a new version.</summary>
public sealed class TermsPagesTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Terms_page_shows_the_terms_in_force_with_their_numerals()
    {
        var pr = await app.SignInAsync("demo-pr");
        var page = await pr.GetDocumentAsync("/terms");
        var text = page.Text();
        Assert.Contains("現在の標準規約（第", text);
        Assert.Contains("⑿", text);
        Assert.Contains("その他本市が不適切と判断した情報", text);
        Assert.Contains("知的財産権", text);
        Assert.Contains("⑵", text);
    }

    [Fact]
    public async Task Editing_the_terms_makes_a_new_version_and_keeps_the_old_one()
    {
        var pr = await app.SignInAsync("demo-pr");
        var before = await app.DbAsync(db => db.TermsVersions.AsNoTracking().OrderByDescending(t => t.Number).FirstAsync());
        var form = await pr.GetDocumentAsync("/terms/edit");
        var notices = form.QuerySelector("textarea[name='Input.Notices']")!.TextContent.Trim();
        const string added = "選挙運動又はこれに類似するもの";
        var response = await pr.SubmitAsync("/terms/edit", new() { ["Input.Notices"] = [notices + "\r\n" + added] });
        AssertRedirect(response, "/terms");

        var versions = await app.DbAsync(db => db.TermsVersions.AsNoTracking().OrderBy(t => t.Number).ToListAsync());
        var next = versions[^1];
        Assert.Equal(before.Number + 1, next.Number);
        Assert.Equal(before.NoticeItems.Count + 1, next.NoticeItems.Count);
        Assert.Equal(added, next.NoticeItems[^1]);
        Assert.Equal("西 広報", next.CreatedByName);
        Assert.Contains(versions, v => v.Id == before.Id && v.Notices == before.Notices);
        Assert.True(await app.DbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "terms.versioned" && e.EntityId == next.Id.ToString())));

        var page = (await pr.GetDocumentAsync("/terms")).Text();
        Assert.Contains($"現在の標準規約（第{next.Number}版）", page);
        Assert.Contains(TermsNumeral(next.NoticeItems.Count) + " " + added, page);
        Assert.Contains($"第{before.Number}版の全文", page);
    }

    [Fact]
    public async Task An_unchanged_or_empty_edit_is_refused_and_no_version_is_made()
    {
        var pr = await app.SignInAsync("demo-pr");
        var count = await app.DbAsync(db => db.TermsVersions.CountAsync());

        var unchanged = await pr.SubmitAsync("/terms/edit");
        Assert.Equal(HttpStatusCode.OK, unchanged.StatusCode);
        Assert.Contains("標準規約の内容が変更されていません。", (await Html.ParseAsync(unchanged)).QuerySelector(".errors")!.TextContent);

        var empty = await pr.SubmitAsync("/terms/edit", new() { ["Input.Disclaimers"] = ["\n \n"] });
        var page = await Html.ParseAsync(empty);
        Assert.Contains("免責事項を1項目以上入力してください。", page.QuerySelector(".errors")!.TextContent);
        Assert.Equal("true", page.QuerySelector("#Input_Disclaimers")!.GetAttribute("aria-invalid"));
        Assert.Equal(count, await app.DbAsync(db => db.TermsVersions.CountAsync()));
    }

    [Fact]
    public async Task An_edit_started_from_an_older_version_is_refused()
    {
        var pr = await app.SignInAsync("demo-pr");
        var current = await app.DbAsync(db => db.TermsVersions.MaxAsync(t => t.Number));
        var response = await pr.SubmitAsync("/terms/edit", new()
        {
            ["Input.IntellectualProperty"] = ["古い版からの編集"],
            ["Input.BaseNumber"] = [(current - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)],
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("編集中に他の職員が標準規約を更新しました", (await Html.ParseAsync(response)).QuerySelector(".errors")!.TextContent);
        Assert.Equal(current, await app.DbAsync(db => db.TermsVersions.MaxAsync(t => t.Number)));
    }

    private static string TermsNumeral(int n) => MuniSocial.Domain.Terms.TermsTemplateVersion.Numeral(n);
}
