using MuniSocial.Data;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Forms;
using MuniSocial.Tests.Support;
using UglyToad.PdfPig;

namespace MuniSocial.Tests.Forms;

/// <summary>Drives an account through the workflow with the domain methods and real saves, and reads the issued files.</summary>
public static class FormsFixture
{
    public static PolicyContent Policy(string name, string url, Guid? unitId, Platform platform = Platform.X, string? otherName = null,
        string? purpose = null) => new()
    {
        UnitId = unitId,
        Platform = platform,
        OtherPlatformName = otherName,
        AccountName = name,
        AccountUrl = url,
        Content = "名寄市の冬のイベントと除雪の情報を、市民と観光客に向けて発信します。",
        Purpose = purpose ?? "冬の暮らしと観光の魅力を伝え、交流人口を増やすため。",
        PeriodStart = new DateOnly(2026, 6, 1),
        PeriodEnd = new DateOnly(2029, 3, 31),
        OperatingDays = OperatingDays.Weekdays,
        HoursStart = new TimeOnly(8, 45),
        HoursEnd = new TimeOnly(17, 30),
        HoursNote = "ただし、災害時はそれ以外の時間に発信する場合があります。",
        ReplyPolicy = ReplyPolicyKind.ReplyAsNeeded,
        ReplyWording = "運用者は必要に応じて回答を行います。全ての投稿に回答するものではありません。",
        Remarks = "備考のテスト：写真は市の職員が撮影したものです。",
    };

    public static Task<Guid> UnitIdAsync(this AppFactory app, string name) =>
        app.DbAsync(db => db.Units.Where(u => u.Name == name).Select(u => u.Id).SingleAsync());

    /// <summary>A new Draft account of 営業戦略室 (demo-operator, operators 北 ひかり and 東 みのり).</summary>
    public static async Task<Guid> CreateAsync(this AppFactory app, PolicyContent content)
    {
        var op = await app.ActorAsync("demo-operator");
        var op3 = await app.ActorAsync("demo-operator3");
        return await app.DbAsync(async db =>
        {
            var account = SocialAccount.Create(op, op.SectionId!.Value, content,
                [new StaffMember(op.UserId, op.Name, op.SectionId), new StaffMember(op3.UserId, op3.Name, op3.SectionId)], app.Clock.GetUtcNow());
            db.Accounts.Add(account);
            await db.SaveChangesAsync();
            return account.Id;
        });
    }

    /// <summary>Loads the account, calls one transition and saves — as a page handler does.</summary>
    public static Task StepAsync(this AppFactory app, Guid id, Action<SocialAccount, Guid> transition) => app.DbAsync(async db =>
    {
        var account = await db.Accounts.SingleAsync(a => a.Id == id);
        var terms = (await db.CurrentTermsAsync()).Id;
        transition(account, terms);
        await db.SaveChangesAsync();
    });

    public static async Task RequestListingAsync(this AppFactory app, Guid id)
    {
        var head = await app.ActorAsync("demo-head");
        await app.StepAsync(id, (a, _) => a.RequestListing(head, app.Clock.GetUtcNow(), false));
    }

    public static async Task ListAsync(this AppFactory app, Guid id)
    {
        var pr = await app.ActorAsync("demo-pr");
        await app.StepAsync(id, (a, terms) => a.List(pr, terms, app.Clock.GetUtcNow()));
    }

    public static async Task RequestDelistingAsync(this AppFactory app, Guid id, DateOnly closedOn, string reason)
    {
        var head = await app.ActorAsync("demo-head");
        await app.StepAsync(id, (a, _) => a.RequestDelisting(head, closedOn, reason, true, app.Clock.GetUtcNow()));
    }

    public static async Task DelistAsync(this AppFactory app, Guid id)
    {
        var pr = await app.ActorAsync("demo-pr2");
        await app.StepAsync(id, (a, _) => a.Delist(pr, app.Clock.GetUtcNow()));
    }

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
