using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MuniSocial.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace MuniSocial.BrowserTests;

/// <summary>
/// Issue 2 end to end in Chromium, each person in a browser of their own: the operator drafts a new
/// account with every field of 様式1 and two operators, the section head submits the listing request
/// (様式2), the PR office lists it (様式3), the public list and policy page show it with the reply policy
/// first, the head submits the delisting request (様式4), a second PR user removes it (様式5), and the
/// public list drops it while the closed list shows it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class AccountJourneyTests(BrowserApp app)
{
    private const string Name = "なよろ図書館だより（ブラウザ試験）";
    private const string Address = "https://x.com/nayoro_library_browser";
    private const string Wording = "運用者は必要に応じて回答を行います。ただし、全ての投稿に回答することを保証するものではありません。";

    [Fact]
    public async Task Account_goes_from_draft_to_the_public_list_and_off_it_again()
    {
        // The 運用期間 starts before today: the closing date (today) may not precede it.
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")).DateTime);

        // 1. The operator registers the account and saves a draft.
        var op = await app.SignedInPageAsync("demo-operator");
        await op.GotoAsync("/accounts/new");
        await op.GetByLabel("係", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "観光振興係" });
        await op.GetByLabel("所属など組織名", new() { Exact = true }).CheckAsync();
        await op.GetByLabel("X（旧Twitter）", new() { Exact = true }).CheckAsync();
        await op.GetByLabel("アカウント名", new() { Exact = true }).FillAsync(Name);
        await op.GetByLabel("アカウントのURL", new() { Exact = true }).FillAsync(Address);
        await op.GetByLabel("発信する情報の内容", new() { Exact = true }).FillAsync("市立図書館の新着図書、おはなし会などの行事を、市民の皆さまに向けて発信します。");
        await op.GetByLabel("開設・運用の目的", new() { Exact = true }).FillAsync("図書館の利用を広め、読書に親しむ機会を増やすため。");
        await op.GetByLabel("開始日", new() { Exact = true }).FillAsync(today.AddDays(-30).ToString("yyyy-MM-dd"));
        await op.GetByLabel("終了日", new() { Exact = true }).FillAsync(today.AddYears(3).ToString("yyyy-MM-dd"));
        foreach (var day in new[] { "月曜日", "火曜日", "水曜日", "木曜日", "金曜日" })
        {
            await op.GetByLabel(day, new() { Exact = true }).CheckAsync();
        }
        await op.GetByLabel("開始時刻", new() { Exact = true }).FillAsync("08:45");
        await op.GetByLabel("終了時刻", new() { Exact = true }).FillAsync("17:30");
        await op.GetByLabel("祝日及び年末年始を除く", new() { Exact = true }).CheckAsync();
        await op.GetByLabel("運用時間の補足", new() { Exact = true }).FillAsync("ただし、それ以外の時間に発信する場合があります。");
        await op.GetByLabel("必要に応じて返信する", new() { Exact = true }).CheckAsync();
        await op.GetByLabel("利用者に示す返信方針の文言", new() { Exact = true }).FillAsync(Wording);
        await op.GetByLabel("備考（任意）", new() { Exact = true }).FillAsync("図書館の休館日は発信しません。");
        await op.GetByLabel("北 ひかり", new() { Exact = true }).CheckAsync();
        await op.GetByLabel("東 みのり", new() { Exact = true }).CheckAsync();
        await BrowserApp.ScreenshotAsync(op, "journey-01-new-account");
        await Axe.AssertAccessibleAsync(op);
        await op.GetByRole(AriaRole.Button, new() { Name = "下書きを保存" }).ClickAsync();
        await op.WaitForURLAsync(AccountPage());
        var id = op.Url.Split('/')[^1];
        await Expect(op.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(Name);
        await Expect(op.Locator("main")).ToContainTextAsync("下書き");
        await BrowserApp.ScreenshotAsync(op, "journey-02-draft-saved");
        await Axe.AssertAccessibleAsync(op);
        await op.Context.CloseAsync();

        // 2. The section head submits the listing request (様式2).
        var head = await app.SignedInPageAsync("demo-head");
        await head.GotoAsync($"/accounts/{id}");
        // The first button only shows what will happen (check your answers); the second one submits.
        await head.GetByRole(AriaRole.Link, new() { Name = "掲載依頼を提出" }).ClickAsync();
        await head.WaitForURLAsync($"**/accounts/{id}/check/request-listing");
        await Expect(head.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("掲載依頼の内容を確認してください");
        await Expect(head.Locator(".summary-list")).ToContainTextAsync(Name);
        await Expect(head.Locator("main")).ToContainTextAsync("名寄市ソーシャルメディア一覧掲載依頼書（様式2）");
        await BrowserApp.ScreenshotAsync(head, "journey-03a-check-listing-request");
        await Axe.AssertAccessibleAsync(head);
        await head.GetByRole(AriaRole.Button, new() { Name = "掲載依頼を提出する" }).ClickAsync();
        await head.WaitForURLAsync($"**/accounts/{id}/done/request-listing");
        await Expect(head.Locator(".panel")).ToContainTextAsync("掲載依頼を提出しました");
        await Expect(head.Locator("main")).ToContainTextAsync("掲載されるとメールでお知らせします。");
        await Expect(head.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^PDF") })).ToHaveCountAsync(2);
        await BrowserApp.ScreenshotAsync(head, "journey-03b-listing-requested");
        await Axe.AssertAccessibleAsync(head);
        await head.GotoAsync($"/accounts/{id}");
        await Expect(head.Locator("main")).ToContainTextAsync("掲載依頼中");

        // Not on the public list yet.
        var citizen = await app.NewPageAsync();
        await citizen.GotoAsync("/");
        await Expect(citizen.GetByRole(AriaRole.Link, new() { Name = Name, Exact = true })).ToHaveCountAsync(0);

        // 3. The PR office lists it from the review queue (様式3).
        var pr = await app.SignedInPageAsync("demo-pr");
        await pr.GotoAsync("/review");
        await pr.GetByRole(AriaRole.Link, new() { Name = Name, Exact = true }).ClickAsync();
        await pr.WaitForURLAsync($"**/review/{id}");
        await BrowserApp.ScreenshotAsync(pr, "journey-04-review");
        await Axe.AssertAccessibleAsync(pr);
        await pr.GetByRole(AriaRole.Link, new() { Name = "掲載する" }).ClickAsync();
        await pr.WaitForURLAsync($"**/accounts/{id}/check/list");
        await Expect(pr.Locator("main")).ToContainTextAsync("名寄市ソーシャルメディア一覧掲載通知書（様式3）");
        await BrowserApp.ScreenshotAsync(pr, "journey-04a-check-listing");
        await Axe.AssertAccessibleAsync(pr);
        await pr.GetByRole(AriaRole.Button, new() { Name = "一覧に掲載する" }).ClickAsync();
        await pr.WaitForURLAsync($"**/accounts/{id}/done/list");
        await Expect(pr.Locator(".panel")).ToContainTextAsync("一覧に掲載しました");
        await Expect(pr.Locator("main")).ToContainTextAsync("掲載通知書（様式3）をダウンロードして、主管課へ送付してください。");
        await BrowserApp.ScreenshotAsync(pr, "journey-04b-listed");
        await Axe.AssertAccessibleAsync(pr);
        await pr.GotoAsync($"/accounts/{id}");
        await Expect(pr.Locator("main")).ToContainTextAsync("掲載中");
        await pr.Context.CloseAsync();

        // 4. The public list shows it at once; its policy page puts the reply policy first.
        await citizen.GotoAsync("/");
        await Expect(citizen.GetByRole(AriaRole.Link, new() { Name = Name, Exact = true })).ToHaveAttributeAsync("href", Address);
        await citizen.GetByRole(AriaRole.Link, new() { NameRegex = new Regex($@"^運用ポリシー\s*（{Regex.Escape(Name)}）$") }).ClickAsync();
        await citizen.WaitForURLAsync($"**/policies/{id}");
        var firstSection = citizen.Locator("main h1 + section");
        await Expect(firstSection.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync(new Regex(@"^投稿に対する返信\s*必要に応じて返信する$"));
        await Expect(firstSection).ToContainTextAsync(Wording);
        await Expect(citizen.GetByRole(AriaRole.Table, new() { Name = "運用ポリシーの内容" })).ToContainTextAsync("図書館の休館日は発信しません。");
        await Expect(citizen.GetByRole(AriaRole.Table, new() { Name = "運用ポリシーの内容" })).ToContainTextAsync("経済部 営業戦略室 観光振興係");
        await BrowserApp.ScreenshotAsync(citizen, "journey-05-public-policy");
        await Axe.AssertAccessibleAsync(citizen);

        // 5. Operation ends: the head confirms the deletion on the platform and submits 様式4.
        await head.GotoAsync($"/accounts/{id}/delisting");
        await head.GetByLabel("閉鎖日", new() { Exact = true }).FillAsync(today.ToString("yyyy-MM-dd"));
        await head.GetByLabel("閉鎖理由", new() { Exact = true }).FillAsync("図書館の情報発信を市公式アカウントへ一本化したため。");
        await head.GetByLabel("ソーシャルメディア上でアカウントを削除したことを確認しました", new() { Exact = true }).CheckAsync();
        await BrowserApp.ScreenshotAsync(head, "journey-06-delisting-request");
        await Axe.AssertAccessibleAsync(head);
        await head.GetByRole(AriaRole.Button, new() { Name = "次へ（内容を確認する）" }).ClickAsync();
        await Expect(head.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("削除依頼の内容を確認してください");
        await Axe.AssertAccessibleAsync(head);
        await head.GetByRole(AriaRole.Button, new() { Name = "削除依頼を提出する" }).ClickAsync();
        await head.WaitForURLAsync($"**/accounts/{id}/done/request-delisting");
        await Expect(head.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^PDF.*様式4") })).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(head);
        await head.GotoAsync($"/accounts/{id}");
        await Expect(head.Locator("main")).ToContainTextAsync("削除依頼中");
        await head.Context.CloseAsync();

        // 6. Another PR user removes it from the public list (様式5).
        var pr2 = await app.SignedInPageAsync("demo-pr2");
        await pr2.GotoAsync($"/review/{id}");
        await BrowserApp.ScreenshotAsync(pr2, "journey-07-review-delisting");
        await Axe.AssertAccessibleAsync(pr2);
        await pr2.GetByRole(AriaRole.Link, new() { Name = "一覧から削除する" }).ClickAsync();
        await pr2.WaitForURLAsync($"**/accounts/{id}/check/delist");
        await pr2.GetByRole(AriaRole.Button, new() { Name = "一覧から削除する（運用終了）" }).ClickAsync();
        await pr2.WaitForURLAsync($"**/accounts/{id}/done/delist");
        await Expect(pr2.Locator(".panel")).ToContainTextAsync("運用終了");
        await pr2.Context.CloseAsync();

        // 7. Gone from the public list; its old policy link says it closed; on the closed list, so citizens know the handle is no longer the city's.
        await citizen.GotoAsync("/");
        await Expect(citizen.GetByRole(AriaRole.Link, new() { Name = Name, Exact = true })).ToHaveCountAsync(0);
        var gone = await citizen.GotoAsync($"/policies/{id}");
        Assert.Equal(200, gone!.Status);
        await Expect(citizen.Locator("main")).ToContainTextAsync("現在は名寄市の公式アカウントではありません。");
        await Axe.AssertAccessibleAsync(citizen);
        await citizen.GotoAsync("/closed");
        await Expect(citizen.GetByRole(AriaRole.Table)).ToContainTextAsync(Name);
        await Expect(citizen.GetByRole(AriaRole.Table)).ToContainTextAsync(Address);
        await BrowserApp.ScreenshotAsync(citizen, "journey-08-closed-list");
        await Axe.AssertAccessibleAsync(citizen);
        await citizen.GotoAsync("/verify?url=" + Uri.EscapeDataString(Address));
        await Expect(citizen.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("確認結果：運用を終了したアカウントです");
        await citizen.Context.CloseAsync();
    }

    [GeneratedRegex(@"/accounts/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex AccountPage();
}
