using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MuniSocial.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace MuniSocial.BrowserTests;

/// <summary>
/// Issue 4 end to end in Chromium, each person in a browser of their own: an operator drafts a post with an
/// external link and sees the warning next to the text, acknowledges it and submits; a second operator checks
/// it (§5(2)ウ(ウ)), the section head approves it, the operator records it as published; then a correction
/// that admits the error and links to the original goes the same way (§5(5)ア(イ)), and the archive keeps both.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class PostJourneyTests(BrowserApp app)
{
    private const string Account = "名寄市観光情報（デモ）";
    private const string Marker = "ブラウザ試験の投稿";
    private const string External = "https://www.nayoro-kanko.example.jp/himawari";
    private const string OriginalText = "なよろひまわりまつりのひまわり畑は8月下旬が見頃です。詳しくは観光協会のページをご覧ください。（" + Marker + "）";
    private const string CorrectionText = "【訂正】ひまわり畑の見頃についての投稿に誤りがありました。正しくは「8月中旬」です。お詫びして訂正いたします。（" + Marker + "）";
    private const string PublishedUrl = "https://x.com/nayoro_kanko_demo/status/1900000000000000001";
    private const string CorrectionUrl = "https://x.com/nayoro_kanko_demo/status/1900000000000000002";

    [Fact]
    public async Task Post_is_checked_approved_published_and_then_corrected()
    {
        var op = await app.SignedInPageAsync("demo-operator");
        var op3 = await app.SignedInPageAsync("demo-operator3");
        var head = await app.SignedInPageAsync("demo-head");

        // 1. The operator drafts a post with a link to an outside site.
        await op.GotoAsync("/posts/new");
        await op.GetByLabel("発信するアカウント（掲載中のもの）", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = Account });
        await op.GetByLabel("本文", new() { Exact = true }).FillAsync(OriginalText);
        await op.GetByLabel("リンク（1行に1つ、https:// から）", new() { Exact = true }).FillAsync(External);
        await BrowserApp.ScreenshotAsync(op, "posts-01-new");
        await Axe.AssertAccessibleAsync(op);
        await op.GetByRole(AriaRole.Button, new() { Name = "下書きを保存して内容をチェックする" }).ClickAsync();
        await op.WaitForURLAsync(PostPage());
        var id = op.Url.Split('/')[^1];
        await Expect(op.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(Account);
        await Expect(op.Locator("main .status")).ToHaveTextAsync("下書き");

        // The finding is marked in the text itself and listed with its clause; the route needs a check and the head.
        // The preview shows the link as the platform does (no scheme, no "www.", cut at X's 23 characters), the mark around it.
        await Expect(op.Locator($".post-text mark.finding-warning a[href='{External}']")).ToHaveTextAsync("nayoro-kanko.example.j…");
        await Expect(op.Locator("ol.findings")).ToContainTextAsync($"外部サイトへのリンク「{External}」");
        await Expect(op.Locator("ol.findings")).ToContainTextAsync("ガイドライン5(4)ウ");
        await Expect(op.Locator("main")).ToContainTextAsync("他の職員の確認（必須）→ 所属長の了承 → 承認済み（発信できます）");
        await BrowserApp.ScreenshotAsync(op, "posts-02-draft-findings");
        await Axe.AssertAccessibleAsync(op);

        // Submitting without acknowledging the warning is refused and nothing moves.
        await op.GetByRole(AriaRole.Button, new() { Name = "提出する" }).ClickAsync();
        await Expect(op.Locator("main")).ToContainTextAsync("確認が必要です: 外部サイトへのリンク");
        await Expect(op.Locator("main .status")).ToHaveTextAsync("下書き");

        await AcknowledgeAndSubmitAsync(op, External);
        await Expect(op.Locator("main .status")).ToHaveTextAsync("確認待ち");

        // 2. Another operator checks it; 3. the section head approves it.
        await PostSteps.ReviewAsync(op3, id, "確認した（次へ進める）", "所属長の了承待ち");
        await PostSteps.ReviewAsync(head, id, "了承する", "承認済み（発信待ち）");

        // 4. The operator records where and when it went out.
        await PostSteps.PublishAsync(op, id, PublishedUrl);
        var rounds = op.Locator("section.round");
        await Expect(rounds).ToHaveCountAsync(1);
        await Expect(rounds).ToContainTextAsync(new Regex("確認済みの指摘: .*" + Regex.Escape(External)));
        await Expect(rounds.Locator("li")).ToHaveTextAsync([new Regex("^確認済み"), new Regex("^了承")]);
        await BrowserApp.ScreenshotAsync(op, "posts-03-published");
        await Axe.AssertAccessibleAsync(op);

        // 5. A mistake: the published post is not edited; a correction admits it and links to the original.
        await op.GetByRole(AriaRole.Link, new() { Name = "誤りを訂正する投稿を作成する" }).ClickAsync();
        await op.WaitForURLAsync($"**/posts/new?correct={id}");
        await Expect(op.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("訂正の投稿の作成");
        await Expect(op.GetByRole(AriaRole.Link, new() { Name = PublishedUrl })).ToBeVisibleAsync();
        await Expect(op.GetByLabel("本文", new() { Exact = true })).ToHaveValueAsync(new Regex("お詫びして訂正いたします"));
        await op.GetByLabel("本文", new() { Exact = true }).FillAsync(CorrectionText);
        await op.GetByRole(AriaRole.Button, new() { Name = "下書きを保存して内容をチェックする" }).ClickAsync();
        await op.WaitForURLAsync(url => PostPage().IsMatch(url) && !url.EndsWith(id, StringComparison.Ordinal));
        var correctionId = op.Url.Split('/')[^1];
        await Expect(op.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"訂正の投稿 — {Account}");
        await Expect(op.GetByRole(AriaRole.Link, new() { Name = "元の投稿", Exact = true })).ToHaveAttributeAsync("href", $"/posts/{id}");
        // The original's address is part of the correction, and as an outside link it is flagged too.
        // The preview shortens the address as X shows it; the link keeps the whole address and is marked.
        await Expect(op.Locator($".post-text mark a[href='{PublishedUrl}']")).ToBeVisibleAsync();
        await Expect(op.Locator("main")).ToContainTextAsync("他の職員の確認（必須）→ 所属長の了承 → 承認済み（発信できます）");
        await BrowserApp.ScreenshotAsync(op, "posts-04-correction-draft");
        await Axe.AssertAccessibleAsync(op);
        await AcknowledgeAndSubmitAsync(op, PublishedUrl);
        await Expect(op.Locator("main .status")).ToHaveTextAsync("確認待ち");
        await PostSteps.ReviewAsync(op3, correctionId, "確認した（次へ進める）", "所属長の了承待ち");
        await PostSteps.ReviewAsync(head, correctionId, "了承する", "承認済み（発信待ち）");
        await PostSteps.PublishAsync(op, correctionId, CorrectionUrl);

        // The original now points at its correction.
        await op.GotoAsync($"/posts/{id}");
        await Expect(op.GetByRole(AriaRole.Link, new() { Name = "訂正の投稿", Exact = true })).ToHaveAttributeAsync("href", $"/posts/{correctionId}");
        await Expect(op.Locator("main")).ToContainTextAsync("訂正の投稿（公開済み）があります");

        // 6. The archive keeps both, each linked to the other, with the approval trail.
        await op.GotoAsync("/posts/archive");
        await op.GetByLabel("本文", new() { Exact = true }).FillAsync(Marker);
        await op.GetByRole(AriaRole.Button, new() { Name = "検索" }).ClickAsync();
        var rows = op.Locator("table tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        var correctionRow = rows.Filter(new() { HasText = "【訂正】" });
        var originalRow = rows.Filter(new() { HasNotText = "【訂正】" });
        await Expect(correctionRow.GetByRole(AriaRole.Link, new() { Name = "訂正した元の投稿" })).ToHaveAttributeAsync("href", $"/posts/{id}");
        await Expect(originalRow.GetByRole(AriaRole.Link, new() { Name = "訂正の投稿あり" })).ToHaveAttributeAsync("href", $"/posts/{correctionId}");
        foreach (var row in new[] { correctionRow, originalRow })
        {
            await Expect(row).ToContainTextAsync(Account);
            await Expect(row.Locator("td").Nth(4)).ToContainTextAsync(new Regex("第1回提出.*確認済み.*了承.*公開", RegexOptions.Singleline));
            await Expect(row.Locator("td").Nth(3)).ToContainTextAsync("手動で記録");
        }
        await BrowserApp.ScreenshotAsync(op, "posts-05-archive");
        await Axe.AssertAccessibleAsync(op);

        await op.Context.CloseAsync();
        await op3.Context.CloseAsync();
        await head.Context.CloseAsync();
    }

    /// <summary>Ticks every warning (the named link among them) and submits.</summary>
    private static async Task AcknowledgeAndSubmitAsync(IPage page, string link)
    {
        var warnings = page.GetByRole(AriaRole.Group, new() { Name = "要確認の指摘（確認した記録が残ります）" });
        await Expect(warnings.GetByLabel($"確認した: 外部サイトへのリンク「{link}」")).ToBeVisibleAsync();
        foreach (var box in await warnings.GetByRole(AriaRole.Checkbox).AllAsync())
        {
            await box.CheckAsync();
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "提出する" }).ClickAsync();
    }



    [GeneratedRegex(@"/posts/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex PostPage();
}
