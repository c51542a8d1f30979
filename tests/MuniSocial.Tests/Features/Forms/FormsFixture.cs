using System.Text;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Forms;
using MuniSocial.Tests.Support;
using UglyToad.PdfPig;

namespace MuniSocial.Tests.Features.Forms;

/// <summary>The 様式1 the forms tests print, and reading back the files the workflow issued.</summary>
public static class FormsFixture
{
    /// <summary>The 様式1 the forms tests print: every optional field filled in, so that each has a place on the form.</summary>
    public static PolicyContent Policy(string name, string url, Guid? unitId, Platform platform = Platform.X, string? otherName = null,
        string? purpose = null) => Given.Policy(name, url) with
        {
            UnitId = unitId,
            Platform = platform,
            OtherPlatformName = otherName,
            Content = "名寄市の冬のイベントと除雪の情報を、市民と観光客に向けて発信します。",
            Purpose = purpose ?? "冬の暮らしと観光の魅力を伝え、交流人口を増やすため。",
            PeriodStart = new DateOnly(2026, 6, 1),
            PeriodEnd = new DateOnly(2029, 3, 31),
            HoursNote = "ただし、災害時はそれ以外の時間に発信する場合があります。",
            ReplyPolicy = ReplyPolicyKind.ReplyAsNeeded,
            ReplyWording = "運用者は必要に応じて回答を行います。全ての投稿に回答するものではありません。",
            Remarks = "備考のテスト：写真は市の職員が撮影したものです。",
        };

    public static Task<List<IssuedDocument>> DocumentsAsync(this AppFactory app, Guid id) =>
        app.DbAsync(db => db.IssuedDocuments.AsNoTracking().Where(d => d.AccountId == id).ToListAsync());

    public static async Task<IssuedDocument> DocumentAsync(this AppFactory app, Guid id, FormKind form) =>
        (await app.DocumentsAsync(id)).Where(d => d.Form == form).OrderBy(d => d.IssuedAt).Last();

    /// <summary>The text of every page, in content order.</summary>
    public static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var text = new StringBuilder();
        foreach (var page in document.GetPages())
        {
            text.AppendLine(page.Text);
        }
        return text.ToString();
    }

    public static int PdfPages(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.NumberOfPages;
    }

    public static string DocxText(byte[] docx)
    {
        using var stream = new MemoryStream(docx);
        using var document = WordprocessingDocument.Open(stream, false);
        var body = document.MainDocumentPart!.Document!.Body!;
        return string.Join('\n', body.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText));
    }

    /// <summary>Text without any white space, so that wrapped lines compare with the value typed.</summary>
    public static string Squash(string text) => new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());

    /// <summary>
    /// Asserts each value appears in the text (white space ignored). The PDF prints ⑴…⒇ as (1)…(20)
    /// because IPAex has no glyphs for them.
    /// </summary>
    public static void AssertContainsAll(string text, IEnumerable<string> values, string what, bool pdf)
    {
        var haystack = Squash(text);
        foreach (var value in values)
        {
            var needle = Squash(value);
            if (pdf)
            {
                for (var i = 1; i <= 20; i++)
                {
                    needle = needle.Replace(((char)(0x2474 + i - 1)).ToString(), $"({i})", StringComparison.Ordinal);
                }
            }
            Assert.True(haystack.Contains(needle, StringComparison.Ordinal), $"{what} does not contain 「{value}」.\n--- text ---\n{text}");
        }
    }

    public static string Wareki(DateOnly date) => MuniSocial.Domain.Wareki.Format(date);
}
