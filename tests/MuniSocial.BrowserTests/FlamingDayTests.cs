using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MuniSocial.BrowserTests.Support;
using MuniSocial.Data;
using MuniSocial.Domain;
using MuniSocial.Domain.Posts;
using MuniSocial.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace MuniSocial.BrowserTests;

/// <summary>The server of the flaming day: the real clock, e-mail to a real SMTP sink (the PR office's notification).</summary>
public sealed class FlamingDayApp : BrowserApp
{
    public SmtpSink Mail { get; } = new();

    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        builder.UseSetting("Smtp:Host", "127.0.0.1");
        builder.UseSetting("Smtp:Port", Mail.Port.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Smtp:From", "social-media@city.nayoro.invalid");
        builder.UseSetting("Smtp:Security", "None");
        builder.UseSetting("Smtp:LinkBase", BaseUrl);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Mail.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// Issue 10's bad day in Chromium (§5(2)ア → §5(5)ア): a published post on the city's X account draws a storm of
/// criticism. The operator's daily check records it and opens an incident from the check; the PR office is e-mailed at
/// once; the playbook is walked — no rebuttal, facts checked, the correction (not a deletion) drafted from the incident,
/// checked by a colleague, approved by the head and published; the PR office records the consultation and closes the
/// incident. axe-core on every page visited.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class FlamingDayTests(FlamingDayApp app) : IClassFixture<FlamingDayApp>
{
    private const string Account = "名寄市観光情報（デモ）";
    private const string OriginalText = "なよろ雪質日本一フェスティバルは2月10日（土）開催です。会場は南丘森林公園です。（炎上の日の試験）";
    private const string OriginalUrl = "https://x.com/nayoro_kanko_demo/status/1900000000000000777";
    private const string CorrectionText = "【訂正】なよろ雪質日本一フェスティバルの開催日の投稿に誤りがありました。正しくは2月11日（日）です。お詫びして訂正いたします。";
    private const string CorrectionUrl = "https://x.com/nayoro_kanko_demo/status/1900000000000000778";

    [Fact]
    public async Task The_daily_check_finds_it_the_pr_office_is_told_the_correction_goes_out_and_the_incident_is_closed()
    {
        var (accountId, postId) = await PublishedPostAsync();
        var op = await app.SignedInPageAsync("demo-operator");
        var op3 = await app.SignedInPageAsync("demo-operator3");
        var head = await app.SignedInPageAsync("demo-head");
        var pr = await app.SignedInPageAsync("demo-pr");

        // 1. The operator's daily check finds the storm and records it (§5(2)ア).
        await op.GotoAsync($"/operations/{accountId}");
        await op.GetByLabel("投稿（情報発信の内容）").CheckAsync();
        await op.GetByLabel("利用者の書込み・コメント").CheckAsync();
        await op.GetByLabel("発見した事項（なければ空欄）").FillAsync("雪質日本一フェスティバルの開催日の投稿に「日付が違う」との批判の返信が100件以上集まっている。");
        await op.GetByLabel("対応内容").FillAsync("反論はせず、開催日を実行委員会に確認中。所属長と市広報担当へ報告する。");
        await Axe.AssertAccessibleAsync(op);
        await op.GetByRole(AriaRole.Button, new() { Name = "記録する" }).ClickAsync();

        // 2. The check offers to open an incident from it; the form knows the account and the check.
        await op.GetByRole(AriaRole.Link, new() { Name = "インシデントとして登録する" }).First.ClickAsync();
        await op.WaitForURLAsync(new Regex($"/incidents/new\\?accountId={accountId}&dailyCheckId=[0-9a-f-]{{36}}"));
        await Expect(op.GetByLabel("アカウント（乗っ取りは必須。市広報担当は指定なしでも登録できます）")).ToHaveValueAsync(accountId.ToString());
        await op.GetByLabel("種類", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "批判・苦情の殺到（炎上）" });
        await op.GetByLabel("何が起きているか（概要）").FillAsync("雪質日本一フェスティバルの開催日の投稿（2月10日と記載）に、正しくは11日だとの批判が殺到している。");
        await Axe.AssertAccessibleAsync(op);
        await op.GetByRole(AriaRole.Button, new() { Name = "登録して市広報担当へ通知する" }).ClickAsync();
        await op.WaitForURLAsync(IncidentPage());
        var incidentUrl = op.Url;
        await Expect(op.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("批判・苦情の殺到（炎上）");
        await Expect(op.Locator("#incident-status")).ToHaveTextAsync("対応中");
        await Expect(op.Locator("#told")).ToContainTextAsync("市広報担当へ通知");
        await BrowserApp.ScreenshotAsync(op, "flaming-01-incident-opened");
        await Axe.AssertAccessibleAsync(op);

        // 3. The PR office is told at once by e-mail (§5(5)ア(ウ)), with a link to the incident.
        var mail = await MailToAsync("demo-pr@demo.munisocial.invalid", "【インシデント】");
        Assert.Contains(Account, mail.Subject, StringComparison.Ordinal);
        Assert.Contains(incidentUrl, mail.TextBody ?? "", StringComparison.Ordinal);

        // 4. The playbook: no rebuttal, facts checked.
        await StepAsync(op, "反論や抗弁を控え、冷静に対応する方針を担当者で確認した", "返信欄では反論しないことを課内で確認した。");
        await StepAsync(op, "批判・苦情の内容を確認し、本市の発信に誤りがあったか確かめた", "実行委員会に確認し、開催日は2月11日（日）で、本市の投稿が誤っていた。");

        // 5. The city was wrong: the correction is drafted from the incident (not a deletion, §5(5)ア(イ)).
        await op.GetByLabel("投稿を追加（対象アカウントの公開済みの投稿）").SelectOptionAsync(postId.ToString());
        await op.GetByRole(AriaRole.Button, new() { Name = "追加する" }).ClickAsync();
        await Expect(op.Locator("#posts")).ToContainTextAsync("なよろ雪質日本一フェスティバルは2月10日");
        await op.GetByLabel("訂正する投稿").SelectOptionAsync(postId.ToString());
        await op.GetByLabel("訂正の本文（誤りがあったことを明記）").FillAsync(CorrectionText);
        await op.GetByRole(AriaRole.Button, new() { Name = "訂正の投稿を作成" }).ClickAsync();
        var correctionLink = op.Locator("#posts a", new() { HasText = "訂正の投稿（下書き" });
        await Expect(correctionLink).ToBeVisibleAsync();
        await Expect(op.Locator("#checklist tr[data-item='correction-post']")).ToContainTextAsync("済");
        var correctionId = (await correctionLink.GetAttributeAsync("href"))!.Split('/')[^1];

        // 6. The correction goes the usual way: submitted, checked by a colleague, approved by the head, published.
        await op.GotoAsync($"/posts/{correctionId}");
        await Expect(op.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"訂正の投稿 — {Account}");
        await SubmitAsync(op);
        await PostSteps.ReviewAsync(op3, correctionId, "確認した（次へ進める）", "所属長の了承待ち");
        await PostSteps.ReviewAsync(head, correctionId, "了承する", "承認済み（発信待ち）");
        await PostSteps.PublishAsync(op, correctionId, CorrectionUrl);
        await Axe.AssertAccessibleAsync(op);

        // 7. The PR office records the consultation and closes the incident; every item of the playbook is done.
        await pr.GotoAsync(incidentUrl);
        await StepAsync(pr, "状況を市広報担当へ報告し、対応を協議した", "所属から報告を受け、訂正の投稿で対応することを協議して決めた。");
        await Expect(pr.Locator("#checklist .check-due")).ToHaveCountAsync(0);
        await pr.GetByLabel("終了の経緯（どう収束したか）").FillAsync("訂正の投稿後、批判の返信は収まった。");
        await Axe.AssertAccessibleAsync(pr);
        await pr.GetByRole(AriaRole.Button, new() { Name = "終了する" }).ClickAsync();
        await Expect(pr.Locator("#incident-status")).ToHaveTextAsync("終了");
        await Expect(pr.Locator("#timeline")).ToContainTextAsync("インシデントを終了しました: 訂正の投稿後、批判の返信は収まった。");
        await BrowserApp.ScreenshotAsync(pr, "flaming-02-incident-closed");
        await Axe.AssertAccessibleAsync(pr);

        // The original was never deleted: it is still published and points at its correction.
        await op.GotoAsync($"/posts/{postId}");
        await Expect(op.Locator("main .status")).ToHaveTextAsync("公開済み");
        await Expect(op.GetByRole(AriaRole.Link, new() { Name = "訂正の投稿", Exact = true })).ToHaveAttributeAsync("href", $"/posts/{correctionId}");

        foreach (var page in new[] { op, op3, head, pr })
        {
            await page.Context.CloseAsync();
        }
    }

    private static async Task StepAsync(IPage page, string item, string text)
    {
        await page.GetByLabel("実施した対応手順（任意）").SelectOptionAsync(new SelectOptionValue { Label = item });
        await page.GetByLabel("内容（何が起き、何をしたか）").FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "記録する" }).ClickAsync();
        await Expect(page.Locator("#timeline")).ToContainTextAsync(text);
    }

    /// <summary>Ticks every warning the content check raises (outside the hours, the link to the original) and submits.</summary>
    private static async Task SubmitAsync(IPage page)
    {
        var warnings = page.GetByRole(AriaRole.Group, new() { Name = "要確認の指摘（確認した記録が残ります）" });
        if (await warnings.CountAsync() > 0)
        {
            foreach (var box in await warnings.GetByRole(AriaRole.Checkbox).AllAsync())
            {
                await box.CheckAsync();
            }
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "提出する" }).ClickAsync();
        await Expect(page.Locator("main .status")).ToHaveTextAsync("確認待ち");
    }



    /// <summary>The mail to <paramref name="address"/> whose subject starts so, waited for up to a minute (the outbox sends within one).</summary>
    private async Task<MimeKit.MimeMessage> MailToAsync(string address, string subjectStart)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var found = app.Mail.To(address).FirstOrDefault(m => m.Subject?.StartsWith(subjectStart, StringComparison.Ordinal) == true);
            if (found is not null)
            {
                return found;
            }
            Assert.True(DateTime.UtcNow < until, $"no mail 「{subjectStart}…」 to {address} within a minute");
            await Task.Delay(250);
        }
    }

    /// <summary>A post on the demo X account, approved by the head and published yesterday (the domain's own steps).</summary>
    private async Task<(Guid Account, Guid Post)> PublishedPostAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        async Task<Actor> ActorAsync(string userName)
        {
            var user = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == userName);
            var roles = await db.UserRoles.Where(ur => ur.UserId == user.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToListAsync();
            return new Actor(user.Id, user.DisplayName, roles.Select(Enum.Parse<Role>).ToHashSet(), user.SectionId);
        }
        var op = await ActorAsync("demo-operator");
        var head = await ActorAsync("demo-head");
        var account = (await db.Accounts.ToListAsync()).Single(a => a.CurrentPolicy.AccountName == Account);
        var at = DateTimeOffset.UtcNow.AddDays(-1);
        var post = Post.Create(op, account, PostKind.Post, new PostInput(OriginalText, null, null, null), at);
        post.Submit(op, [], [], new PostRoute(CheckRequirement.None, HeadApproval: true), false, at);
        post.Review(head, ReviewDecision.Approve, null, [], at.AddMinutes(10));
        post.RecordPublished(op, OriginalUrl, at.AddMinutes(20), at.AddMinutes(20));
        db.Posts.Add(post);
        await db.SaveChangesAsync();
        return (account.Id, post.Id);
    }

    [GeneratedRegex(@"/incidents/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex IncidentPage();
}
