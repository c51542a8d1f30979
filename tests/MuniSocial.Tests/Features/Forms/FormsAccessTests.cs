using System.Net;
using MuniSocial.Domain.Forms;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Forms;

/// <summary>Who may see the issued forms: the account's section and the PR office; another section gets 404, the public nothing.</summary>
public sealed class FormsAccessTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<(Guid Account, Guid Document)> IssuedAsync(string suffix)
    {
        var unit = await app.UnitIdAsync("観光振興係");
        var id = await app.DraftAccountAsync(FormsFixture.Policy($"なよろ権限確認{suffix}（様式テスト）", $"https://x.com/nayoro_forms_access_{suffix}", unit));
        await app.RequestListingAsync(id);
        return (id, (await app.DocumentAsync(id, FormKind.Form2)).Id);
    }

    private static string[] Urls(Guid id, Guid doc) =>
        [$"/accounts/{id}/documents", $"/accounts/{id}/documents/{doc}.pdf", $"/accounts/{id}/documents/{doc}.docx"];

    [Theory]
    [InlineData("demo-operator")]
    [InlineData("demo-head")]
    [InlineData("demo-pr")]
    public async Task The_section_and_the_pr_office_get_the_page_and_the_files(string user)
    {
        var (id, doc) = await IssuedAsync(user.Replace("-", "", StringComparison.Ordinal));
        var client = await app.SignInAsync(user);
        foreach (var url in Urls(id, doc))
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{user} {url}: {(int)response.StatusCode}");
        }
        var docx = await client.GetAsync($"/accounts/{id}/documents/{doc}.docx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx.Content.Headers.ContentType!.MediaType);
        Assert.Contains("様式2_20260601", docx.Content.Headers.ContentDisposition!.FileNameStar ?? docx.Content.Headers.ContentDisposition.FileName, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("demo-operator2")]
    [InlineData("demo-head2")]
    public async Task Another_section_gets_404_everywhere(string user)
    {
        var (id, doc) = await IssuedAsync("other" + user[^1]);
        var client = await app.SignInAsync(user);
        foreach (var url in Urls(id, doc))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
        }
        var api = await app.ApiAsync(user);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/accounts/{id}/documents")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/accounts/{id}/documents/{doc}.pdf")).StatusCode);
    }

    [Fact]
    public async Task The_public_gets_nothing()
    {
        var (id, doc) = await IssuedAsync("anon");
        var anonymous = app.Anonymous();
        foreach (var url in Urls(id, doc).Append("/forms").Append("/forms/blank/1.pdf").Append("/admin/office"))
        {
            var response = await anonymous.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/accounts/{id}/documents")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/accounts/{id}/documents/{doc}.pdf")).StatusCode);
    }

    [Fact]
    public async Task The_admin_is_refused_with_403()
    {
        var (id, doc) = await IssuedAsync("admin");
        var admin = await app.SignInAsync("demo-admin");
        foreach (var url in Urls(id, doc).Append("/forms").Append("/forms/blank/2.pdf"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync(url)).StatusCode);
        }
        var api = await app.ApiAsync("demo-admin");
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync($"/api/v1/accounts/{id}/documents")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync($"/api/v1/accounts/{id}/documents/{doc}.pdf")).StatusCode);
    }

    [Fact]
    public async Task Unknown_documents_and_documents_of_another_account_are_404()
    {
        var (id, _) = await IssuedAsync("unknown1");
        var (_, otherDoc) = await IssuedAsync("unknown2");
        var client = await app.SignInAsync("demo-operator");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/accounts/{id}/documents/{Guid.NewGuid()}.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/accounts/{id}/documents/{otherDoc}.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/accounts/{Guid.NewGuid()}/documents")).StatusCode);
        var api = await app.ApiAsync("demo-pr");
        var missing = await api.GetAsync($"/api/v1/accounts/{Guid.NewGuid()}/documents");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Staff_print_every_blank_form_as_pdf_and_word()
    {
        var client = await app.SignInAsync("demo-operator2");
        var page = await client.GetDocumentAsync("/forms");
        Assert.Equal(10, page.QuerySelectorAll("a[href^='/forms/blank/']").Length);
        foreach (var kind in FormKinds.All)
        {
            var pdf = await client.GetByteArrayAsync($"/forms/blank/{(int)kind}.pdf");
            var text = FormsFixture.PdfText(pdf);
            FormsFixture.AssertContainsAll(text, [FormKinds.PrintedLabel(kind), FormKinds.Name(kind)], $"blank {FormKinds.Label(kind)}", pdf: true);
            Assert.DoesNotContain("令和8年6月1日", text, StringComparison.Ordinal);
            var docx = await client.GetByteArrayAsync($"/forms/blank/{(int)kind}.docx");
            FormsFixture.AssertContainsAll(FormsFixture.DocxText(docx), [FormKinds.Name(kind)], $"blank {FormKinds.Label(kind)} .docx", pdf: false);
        }
        FormsFixture.AssertContainsAll(FormsFixture.PdfText(await client.GetByteArrayAsync("/forms/blank/1.pdf")),
            ["□ＬＩＮＥ　□フェイスブック　□ツイッター（Ｘ）", "（記載例）", "その他本市が不適切と判断した情報"], "blank 様式1", pdf: true);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/forms/blank/6.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/forms/blank/0.docx")).StatusCode);
    }
}
