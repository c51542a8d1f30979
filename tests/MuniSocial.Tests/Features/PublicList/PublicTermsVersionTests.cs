using MuniSocial.Data;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Terms;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.PublicList;

/// <summary>
/// A policy shows the standard terms in the version it was accepted with: a later edit of the terms
/// (a new version) changes the pages of accounts listed afterwards, not of those listed before.
/// A class of its own because it changes the current terms of its database.
/// </summary>
public sealed class PublicTermsVersionTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Policy_page_keeps_the_terms_version_it_was_accepted_with()
    {
        var before = await app.ListedAccountAsync(Given.Policy("規約第1版で掲載（テスト）", "https://x.com/terms_v1_test"));
        var pr = await app.ActorAsync("demo-pr");
        await app.DbAsync(async db =>
        {
            var current = await db.CurrentTermsAsync();
            db.TermsVersions.Add(TermsTemplateVersion.Next(current, pr, [.. TermsTemplateVersion.StandardNotices, "第2版で加えた注意事項（テスト）"],
                TermsTemplateVersion.StandardIntellectualProperty, TermsTemplateVersion.StandardDisclaimers, app.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        });
        var after = await app.ListedAccountAsync(Given.Policy("規約第2版で掲載（テスト）", "https://x.com/terms_v2_test"));

        var client = app.Anonymous();
        var old = await client.GetDocumentAsync($"/policies/{before}");
        Assert.DoesNotContain("第2版で加えた注意事項（テスト）", old.Text());
        Assert.Equal(12, old.QuerySelectorAll("section.terms ol")[0].QuerySelectorAll("li").Length);
        Assert.Contains("標準規約 第1版", old.Text());

        var current = await client.GetDocumentAsync($"/policies/{after}");
        Assert.Contains("(13)第2版で加えた注意事項（テスト）", current.Text());
        Assert.Contains("標準規約 第2版", current.Text());
    }
}
