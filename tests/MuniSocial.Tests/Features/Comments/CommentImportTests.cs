using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Comments;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Comments;

/// <summary>CSV import through the upload page: good, bad and duplicate rows, UTF-8 with BOM and CP932 as Excel saves it, twice.</summary>
public sealed class CommentImportTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid account, byte[] bytes, string name = "comments.csv")
    {
        var doc = await client.GetDocumentAsync($"/accounts/{account}/comments/import");
        var token = doc.QuerySelector<IHtmlInputElement>("main form input[name=__RequestVerificationToken]")!.Value;
        var content = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name }, { new StringContent(token), "__RequestVerificationToken" } };
        return await client.PostAsync($"/accounts/{account}/comments/import", content);
    }

    private static async Task<(string Summary, List<string> Duplicates, List<string> Refused)> ResultAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await Html.ParseAsync(response);
        return (doc.QuerySelector("#import-summary")?.TextContent ?? doc.Text(),
            [.. doc.QuerySelectorAll("ul.duplicates li").Select(li => li.TextContent)],
            [.. doc.QuerySelectorAll("ul.refused li").Select(li => li.TextContent)]);
    }

    [Fact]
    public async Task Good_rows_are_added_bad_ones_reported_by_line_and_duplicates_counted_in_utf8_with_bom_and_twice()
    {
        var account = await app.ListedAccountAsync(Given.Policy("CSV取込みテスト"));
        // Typed in first: the same URL in the file is a duplicate.
        var typed = await app.CommentAsync(account, "イベントの雨天時の対応は？", url: "https://x.com/citizen_csv1/status/7001");
        var csv = """
            受信日時,種別,投稿者,本文,URL,コメントID,対象投稿URL
            2026/05/30 10:15,コメント,@citizen_csv2,"会場までのバスは
            ありますか？",https://x.com/citizen_csv2/status/7002?s=20,,
            2026/05/30 11:00,返信,,本文のある行,,,
            2026/05/30 12:00,DM,@citizen_csv3,,https://x.com/citizen_csv3/status/7003,,
            2026/05/31 09:00,コメント,,イベントの雨天時の対応は？,x.com/citizen_csv1/status/7001,,
            明日,コメント,@citizen_csv4,いつですか,,,
            2026/05/31 10:00,ダイレクトメッセージ,@citizen_csv5,"ボランティアの募集は、""いつから""ですか",,,
            """;
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.Replace("\n", "\r\n", StringComparison.Ordinal))).ToArray();
        var op = await app.SignInAsync("demo-operator");

        var (summary, duplicates, refused) = await ResultAsync(await UploadAsync(op, account, bytes));

        Assert.Equal("追加 2件 ／ 重複（記録済み） 1件 ／ 取り込めなかった行 3件", summary);
        Assert.Equal(["6行目: 記録済みの書込み"], duplicates);
        Assert.Equal([
            "4行目: 投稿者（アカウント名・ハンドル）を入力してください。URLから読み取れない媒体です。",
            "5行目: 書込みの本文を入力してください。",
            "7行目: 受信日時「明日」は読めません（例: 2026/06/01 10:30）。",
        ], refused);
        var comments = await app.DbAsync(db => db.Comments.AsNoTracking().Where(c => c.AccountId == account).ToListAsync());
        Assert.Equal(3, comments.Count);
        var bus = Assert.Single(comments, c => c.AuthorHandle == "@citizen_csv2");
        Assert.Equal(("会場までのバスは\nありますか？", "7002", CommentSource.Csv), (bus.Text, bus.PlatformCommentId, bus.Source));
        Assert.Equal(new DateTimeOffset(2026, 5, 30, 1, 15, 0, TimeSpan.Zero), bus.ReceivedAt);
        var dm = Assert.Single(comments, c => c.AuthorHandle == "@citizen_csv5");
        Assert.Equal((CommentKind.DirectMessage, "ボランティアの募集は、\"いつから\"ですか"), (dm.Kind, dm.Text));
        Assert.Contains(comments, c => c.Id == typed);

        // The same file again adds nothing: the good rows are now duplicates.
        (summary, duplicates, _) = await ResultAsync(await UploadAsync(op, account, bytes));
        Assert.Equal("追加 0件 ／ 重複（記録済み） 3件 ／ 取り込めなかった行 3件", summary);
        Assert.Equal(3, duplicates.Count);
        Assert.Equal(3, await app.DbAsync(db => db.Comments.CountAsync(c => c.AccountId == account)));
    }

    [Fact]
    public async Task A_japanese_excel_file_in_cp932_with_english_headers_is_read()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var account = await app.ListedAccountAsync(Given.Policy("CP932取込みテスト"));
        var csv = "receivedAt,Kind,authorHandle,Text,URL\r\n2026/05/29 8:05,コメント,名寄 太郎,除雪の予定を教えてください。①②,\r\n";
        var bytes = Encoding.GetEncoding(932).GetBytes(csv);
        var op = await app.SignInAsync("demo-operator");

        var (summary, _, refused) = await ResultAsync(await UploadAsync(op, account, bytes));

        Assert.Equal("追加 1件 ／ 重複（記録済み） 0件 ／ 取り込めなかった行 0件", summary);
        Assert.Empty(refused);
        var comment = await app.DbAsync(db => db.Comments.AsNoTracking().SingleAsync(c => c.AccountId == account));
        Assert.Equal(("名寄 太郎", "除雪の予定を教えてください。①②"), (comment.AuthorHandle, comment.Text));
    }

    [Fact]
    public async Task A_file_without_the_header_row_or_too_large_is_refused_whole_with_the_reason()
    {
        var account = await app.ListedAccountAsync(Given.Policy("CSV見出しなしテスト"));
        var op = await app.SignInAsync("demo-operator");

        var noHeader = await Html.ParseAsync(await UploadAsync(op, account, Encoding.UTF8.GetBytes("2026/05/30 10:15,コメント,@a,本文,,\r\n")));
        Assert.Contains("見出しの行に必要な列がありません: 受信日時（読めなかった列名: 2026/05/30 10:15、コメント、@a）", noHeader.QuerySelector(".errors")!.TextContent, StringComparison.Ordinal);

        var large = new byte[(2 * 1024 * 1024) + 1];
        Array.Fill(large, (byte)'a');
        var tooLarge = await Html.ParseAsync(await UploadAsync(op, account, large));
        Assert.Contains("ファイルが大きすぎます", tooLarge.QuerySelector(".errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await app.DbAsync(db => db.Comments.CountAsync(c => c.AccountId == account)));
    }
}
