using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Forms;
using MuniSocial.Domain.Terms;
using MuniSocial.Tests.Support;
using static MuniSocial.Tests.Features.Forms.FormsFixture;

namespace MuniSocial.Tests.Features.Forms;

/// <summary>
/// Each form is issued by its transition, in the same save, and carries what the paper form carries —
/// checked in the PDF's text (PdfPig) and the Word file's text.
/// </summary>
public sealed partial class FormsWorkflowTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Today = "令和8年6月1日"; // the fake clock: 2026-06-01 in Tokyo

    private async Task<(Guid Id, PolicyContent Content)> ListingRequestedAsync(string name, string url, Platform platform = Platform.X, string? purpose = null)
    {
        var unit = await app.UnitIdAsync("観光振興係");
        var content = Policy(name, url, unit, platform, purpose: purpose);
        var id = await app.DraftAccountAsync(content);
        await app.RequestListingAsync(id);
        return (id, content);
    }

    private static void AssertBoth(IssuedDocument document, IEnumerable<string> values)
    {
        var list = values.ToList();
        AssertContainsAll(PdfText(document.Pdf), list, $"{FormKinds.Label(document.Form)} PDF", pdf: true);
        AssertContainsAll(DocxText(document.Docx), list, $"{FormKinds.Label(document.Form)} .docx", pdf: false);
    }

    private static IEnumerable<string> StandardTerms() =>
        TermsTemplateVersion.StandardNotices.Select((n, i) => TermsTemplateVersion.Numeral(i + 1) + n)
            .Append(TermsTemplateVersion.StandardIntellectualProperty)
            .Concat(TermsTemplateVersion.StandardDisclaimers.Select((n, i) => TermsTemplateVersion.Numeral(i + 1) + n))
            .Concat(["１　注意事項", "２　知的財産権", "３　免責事項", "以下に定める投稿は禁止しておりますので，予告なく削除することがあります。"]);

    [Fact]
    public async Task Listing_request_issues_form1_with_every_policy_field_and_the_terms_in_force_and_form2()
    {
        var (id, c) = await ListingRequestedAsync("名寄市冬のくらし（様式テスト）", "https://x.com/nayoro_forms_f1");
        var documents = await app.DocumentsAsync(id);
        Assert.Equal([FormKind.Form1, FormKind.Form2], documents.Select(d => d.Form).Order());

        var form1 = documents.Single(d => d.Form == FormKind.Form1);
        Assert.Equal(1, form1.PolicyVersionNumber);
        AssertBoth(form1, new[]
        {
            "様式１", "運用ポリシー", "第1版", Today,
            "開設所属", "経済部　営業戦略室　観光振興係",
            "発信する情報の内容", c.Content!, "開設・運用の目的", c.Purpose!,
            "□ＬＩＮＥ　□フェイスブック　■ツイッター（Ｘ）", "□その他（",
            "アカウント名", c.AccountName!, c.AccountUrl!,
            "運用期間", "令和8年6月1日　～　令和11年3月31日",
            "運用時間", "月曜日から金曜日までの8時45分から17時30分までとします（祝日及び年末年始を除く）。ただし、災害時はそれ以外の時間に発信する場合があります。",
            "投稿に対する返信", "【必要に応じて返信する】", c.ReplyWording!,
            "備考", c.Remarks!, "（その他）",
        }.Concat(StandardTerms()));

        var form2 = documents.Single(d => d.Form == FormKind.Form2);
        AssertBoth(form2,
        [
            "様式２", Today, "総合政策部秘書広報課長", "経済部　営業戦略室", "室長", "（担当：", "北 ひかり", "東 みのり",
            "名寄市ソーシャルメディア一覧掲載依頼書",
            "別添の運用ポリシーのとおり、ソーシャルメディアを開設しましたので、市公式ホームページの「名寄市ソーシャルメディア一覧」ページへの掲載を依頼します。",
            "（添付書類）", "１　運用ポリシー（様式１）", c.AccountName!,
        ]);
    }

    [Fact]
    public async Task Listing_issues_form3_to_the_section_head_from_the_pr_office()
    {
        var (id, c) = await ListingRequestedAsync("なよろ星空観察（様式テスト）", "https://www.facebook.com/nayoro.forms.f3", Platform.Facebook);
        await app.ListAsync(id);
        var form3 = await app.DocumentAsync(id, FormKind.Form3);
        Assert.Equal("account.listed", form3.IssuedFor);
        Assert.Equal("西 広報", form3.IssuedByName);
        AssertBoth(form3,
        [
            "様式３", Today, "営業戦略室長", "総合政策部秘書広報課長", "名寄市ソーシャルメディア一覧掲載通知書",
            "貴室からの名寄市ソーシャルメディア一覧掲載依頼書に基づき、次のとおり市公式ホームページの「名寄市ソーシャルメディア一覧」ページへの掲載を完了しましたので通知します。",
            "アカウント名", c.AccountName!, "備考", "Facebook", c.AccountUrl!, "令和8年6月1日～令和11年3月31日", "運用ポリシー第1版",
        ]);
    }

    [Fact]
    public async Task Delisting_request_issues_form4_with_closing_date_and_reason_and_delisting_issues_form5()
    {
        var unit = await app.UnitIdAsync("観光振興係");
        var content = Policy("なよろ雪像づくり（様式テスト）", "https://www.youtube.com/@nayoro_forms_f4", unit, Platform.YouTube) with { PeriodStart = new DateOnly(2026, 5, 1) };
        var id = await app.DraftAccountAsync(content);
        await app.RequestListingAsync(id);
        await app.ListAsync(id);
        const string reason = "雪像づくりの情報発信を観光協会のアカウントへ移管したため。";
        await app.RequestDelistingAsync(id, new DateOnly(2026, 5, 20), reason);

        var form4 = await app.DocumentAsync(id, FormKind.Form4);
        AssertBoth(form4,
        [
            "様式４", Today, "総合政策部秘書広報課長", "経済部　営業戦略室", "室長", "（担当：", "北 ひかり",
            "名寄市ソーシャルメディア一覧削除依頼書",
            "次のとおり、ソーシャルメディアを閉鎖しましたので、市公式ホームページの「名寄市ソーシャルメディア一覧」ページからの削除を依頼します。",
            "ソーシャルメディアの種類", "□ＬＩＮＥ　□フェイスブック　□ツイッター（Ｘ）", "■その他（YouTube）",
            "アカウント名", content.AccountName!, content.AccountUrl!, "閉鎖日", "令和8年5月20日", "閉鎖理由", reason,
        ]);

        await app.DelistAsync(id);
        var form5 = await app.DocumentAsync(id, FormKind.Form5);
        Assert.Equal("中央 報子", form5.IssuedByName);
        AssertBoth(form5,
        [
            "様式５", Today, "営業戦略室長", "総合政策部秘書広報課長", "名寄市ソーシャルメディア一覧削除通知書",
            "貴室からの名寄市ソーシャルメディア一覧削除依頼書に基づき、次のとおり市公式ホームページの「名寄市ソーシャルメディア一覧」ページからの削除を完了しましたので通知します。",
            "アカウント名", content.AccountName!, "備考", "閉鎖日：令和8年5月20日",
        ]);
        Assert.Equal([FormKind.Form1, FormKind.Form2, FormKind.Form3, FormKind.Form4, FormKind.Form5],
            (await app.DocumentsAsync(id)).Select(d => d.Form).Order());
    }

    [Fact]
    public async Task A_submitted_revision_issues_a_new_form1_of_the_new_version()
    {
        var (id, _) = await ListingRequestedAsync("なよろ花火大会（様式テスト）", "https://lin.ee/nayoro-forms-rev", Platform.Line);
        await app.ListAsync(id);
        var op = await app.ActorAsync("demo-operator");
        var head = await app.ActorAsync("demo-head");
        const string revised = "改訂後の目的：花火大会の安全な運営と来場者への迅速な案内のため。";
        await app.ChangeAccountAsync(id, (a, _, _) => a.StartRevision(op, app.Clock.GetUtcNow()));
        await app.ChangeAccountAsync(id, (a, _, _) => a.UpdatePolicy(op, a.OpenPolicy!.ToContent() with { Purpose = revised }, app.Clock.GetUtcNow()));
        await app.ChangeAccountAsync(id, (a, _, _) => a.SubmitRevision(head, app.Clock.GetUtcNow(), false));

        var forms1 = (await app.DocumentsAsync(id)).Where(d => d.Form == FormKind.Form1).OrderBy(d => d.PolicyVersionNumber).ToList();
        Assert.Equal([1, 2], forms1.Select(d => d.PolicyVersionNumber ?? 0));
        Assert.Equal("account.revision-submitted", forms1[1].IssuedFor);
        AssertBoth(forms1[1], ["第2版", revised, "■ＬＩＮＥ"]);
        Assert.DoesNotContain(Squash(revised), Squash(PdfText(forms1[0].Pdf)));
    }

    [Fact]
    public async Task A_4000_character_purpose_and_a_60_character_name_give_a_multi_page_form1_with_all_the_text()
    {
        var purpose = string.Concat(Enumerable.Range(1, 400).Select(i => $"目的{i:D4}、冬の暮らし。"))[..PolicyContent.LongTextMax];
        Assert.Equal(4000, purpose.Length);
        var name = string.Concat(Enumerable.Repeat("なよろ長い名前", 9))[..60];
        var (id, c) = await ListingRequestedAsync(name, "https://x.com/nayoro_forms_long", purpose: purpose);
        var form1 = await app.DocumentAsync(id, FormKind.Form1);

        Assert.True(PdfPages(form1.Pdf) >= 3, $"expected several pages, got {PdfPages(form1.Pdf)}");
        // Page numbers and the continued row's label are printed between the parts of the text.
        var text = PageNumber().Replace(Squash(PdfText(form1.Pdf)), "").Replace("開設・運用の目的（続き）", "", StringComparison.Ordinal);
        AssertContainsAll(text, [purpose, name, c.Content!, c.Remarks!, "その他本市が不適切と判断した情報"], "long 様式1 PDF", pdf: true);
        AssertContainsAll(DocxText(form1.Docx), [purpose, name], "long 様式1 .docx", pdf: false);
        var form2 = await app.DocumentAsync(id, FormKind.Form2);
        AssertContainsAll(PdfText(form2.Pdf), [name], "様式2 PDF", pdf: true);
    }

    [Fact]
    public async Task Each_stored_file_hash_is_in_the_audit_entry_and_downloads_give_the_same_bytes()
    {
        var (id, _) = await ListingRequestedAsync("なよろハッシュ確認（様式テスト）", "https://x.com/nayoro_forms_hash");
        await app.ListAsync(id);
        var documents = await app.DocumentsAsync(id);
        var audit = await app.DbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityId == id.ToString()).ToListAsync());
        var staff = await app.SignInAsync("demo-operator");
        var api = await app.ApiAsync("demo-pr");
        var listed = await api.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{id}/documents");
        Assert.Equal(3, listed.GetArrayLength());
        foreach (var document in documents)
        {
            Assert.Equal(IssuedDocument.Sha256(document.Pdf), document.Sha256Pdf);
            Assert.Equal(IssuedDocument.Sha256(document.Docx), document.Sha256Docx);
            var entry = audit.Single(e => e.Action == document.IssuedFor);
            var recorded = JsonDocument.Parse(entry.After!).RootElement.GetProperty("documents").EnumerateArray()
                .Single(d => d.GetProperty("id").GetString() == document.Id.ToString());
            Assert.Equal(FormKinds.Label(document.Form), recorded.GetProperty("form").GetString());
            Assert.Equal(document.Sha256Pdf, recorded.GetProperty("sha256Pdf").GetString());
            Assert.Equal(document.Sha256Docx, recorded.GetProperty("sha256Docx").GetString());

            var first = await staff.GetAsync($"/accounts/{id}/documents/{document.Id}.pdf");
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal("application/pdf", first.Content.Headers.ContentType!.MediaType);
            var firstBytes = await first.Content.ReadAsByteArrayAsync();
            var secondBytes = await staff.GetByteArrayAsync($"/accounts/{id}/documents/{document.Id}.pdf");
            Assert.Equal(firstBytes, secondBytes);
            Assert.Equal(document.Sha256Pdf, IssuedDocument.Sha256(firstBytes));
            var docx = await staff.GetByteArrayAsync($"/accounts/{id}/documents/{document.Id}.docx");
            Assert.Equal(document.Sha256Docx, IssuedDocument.Sha256(docx));

            var item = listed.EnumerateArray().Single(d => d.GetProperty("id").GetString() == document.Id.ToString());
            Assert.Equal(FormKinds.Label(document.Form), item.GetProperty("form").GetString());
            Assert.Equal(document.Sha256Pdf, item.GetProperty("sha256").GetString());
            Assert.True(item.TryGetProperty("issuedAt", out _));
            var viaApi = await api.GetByteArrayAsync(item.GetProperty("pdfUrl").GetString());
            Assert.Equal(firstBytes, viaApi);
            Assert.Equal(document.Sha256Docx, IssuedDocument.Sha256(await api.GetByteArrayAsync(item.GetProperty("docxUrl").GetString())));
        }
        var verify = await app.DbAsync(db => MuniSocial.Features.Audit.AuditQuery.VerifyAsync(db, CancellationToken.None));
        Assert.True(verify.IsIntact, verify.Problem);
    }

    [Fact]
    public async Task The_documents_page_lists_the_issued_forms_with_download_links()
    {
        var (id, _) = await ListingRequestedAsync("なよろ一覧確認（様式テスト）", "https://x.com/nayoro_forms_page");
        var staff = await app.SignInAsync("demo-head");
        var page = await staff.GetDocumentAsync($"/accounts/{id}/documents");
        var text = page.Text();
        Assert.Contains("発行した様式", text);
        Assert.Contains("名寄市ソーシャルメディア一覧掲載依頼書", text);
        var links = page.QuerySelectorAll("a[href$='.pdf'], a[href$='.docx']").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Equal(4, links.Count);
        foreach (var link in links)
        {
            Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync(link)).StatusCode);
        }
    }

    [GeneratedRegex(@"\d+/\d+")]
    private static partial Regex PageNumber();
}
