using AngleSharp.Dom;
using MuniSocial.Domain.Accounts;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Posts;

/// <summary>
/// The post page's preview (issue 13 item 8): the text as the platform will show it — line breaks kept, URLs as the
/// platform shows them, the platform's count — with the content check's findings marked inline and numbered to the list,
/// and never an internal finding key.
/// </summary>
public sealed class PostPreviewTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Url = "https://www.city.nayoro.lg.jp/section/kanko/himawari-festival-2026.html";

    [Fact]
    public async Task The_preview_keeps_line_breaks_shortens_urls_as_x_does_marks_findings_and_shows_no_internal_key()
    {
        var account = await app.AccountOnAsync(Platform.X);
        var text = $"ひまわりまつりのお知らせ\n会場は名寄市サンピラー公園です。\n詳しくは {Url}\n問い合わせは 01654-3-2111 へ。";
        var post = await app.DraftPostAsync(account, text);
        var op = await app.SignInAsync("demo-operator");
        var response = await op.GetAsync($"/posts/{post}");
        var html = await response.Content.ReadAsStringAsync();
        var doc = await Html.ParseAsync(response);

        var preview = doc.QuerySelector(".post-text")!;
        Assert.Contains("ひまわりまつりのお知らせ\n会場は名寄市サンピラー公園です。\n", preview.TextContent, StringComparison.Ordinal);
        var link = preview.QuerySelector($"a[href='{Url}']");
        Assert.NotNull(link);
        Assert.Equal("city.nayoro.lg.jp/sect…", link.TextContent);

        var mark = preview.QuerySelectorAll("mark").Single(m => m.TextContent == "01654-3-2111");
        var reference = (IElement)mark.NextElementSibling!;
        Assert.Equal("sup", reference.LocalName);
        var target = reference.QuerySelector("a")!.GetAttribute("href")!;
        Assert.Contains("電話番号", reference.TextContent, StringComparison.Ordinal);
        var finding = doc.QuerySelector(target)!;
        Assert.Equal("li", finding.LocalName);
        Assert.Contains("01654-3-2111", finding.TextContent, StringComparison.Ordinal);

        Assert.Contains("Xの数え方で", doc.Text(), StringComparison.Ordinal);
        Assert.Contains("/ 280文字", doc.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("phone:", doc.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain(">phone", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_edit_form_uses_the_shared_field_styles_and_its_errors_link_to_their_fields()
    {
        var account = await app.AccountOnAsync(Platform.X);
        var post = await app.DraftPostAsync(account, "下書きの本文です。");
        var op = await app.SignInAsync("demo-operator");
        var doc = await op.GetDocumentAsync($"/posts/{post}");
        Assert.NotNull(doc.QuerySelector("form.form[action*='handler=Save'] .field textarea#Text"));

        var refused = await op.SubmitAsync($"/posts/{post}", new() { ["Text"] = [""], ["Links"] = ["not-a-url"] }, handler: "Save");
        var page = await Html.ParseAsync(refused);
        var summary = page.QuerySelector(".errors")!;
        Assert.True(summary.QuerySelector("a[href='#Text']") is not null, summary.OuterHtml);
        Assert.NotNull(summary.QuerySelector("a[href='#Links']"));
        Assert.Equal("true", page.QuerySelector("#Text")!.GetAttribute("aria-invalid"));
        Assert.NotNull(page.QuerySelector("#err-Text"));
    }
}
