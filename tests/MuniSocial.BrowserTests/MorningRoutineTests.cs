using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using MuniSocial.BrowserTests.Support;
using MuniSocial.Data;
using MuniSocial.Domain;
using MuniSocial.Domain.Accounts;
using MuniSocial.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace MuniSocial.BrowserTests;

/// <summary>The server of the morning routine: the clock at 08:00 on a business day, e-mail to a real SMTP sink.</summary>
public sealed class MorningApp : BrowserApp
{
    /// <summary>Tue 2026-06-02 08:00 JST, after the 07:30 run time of the daily jobs.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 6, 2, 8, 0, 0, TimeSpan.FromHours(9)).ToUniversalTime());

    public SmtpSink Mail { get; } = new();

    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        builder.UseSetting("Smtp:Host", "127.0.0.1");
        builder.UseSetting("Smtp:Port", Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Smtp:From", "social-media@city.nayoro.invalid");
        builder.UseSetting("Smtp:Security", "None");
        // The links in the e-mails lead to this server.
        builder.UseSetting("Smtp:LinkBase", BaseUrl);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Mail.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// Issue 5's morning routine in Chromium (§5(2)ア): the admin's scheduler runs the daily reminders, the digest
/// reaches each operator with a link per account; the first operator records a check from the link in the
/// e-mail, the second with one click (「異常なし」) from the list the e-mail names; the PR office's board shows
/// the account half done after the first and green after the second.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class MorningRoutineTests(MorningApp app) : IClassFixture<MorningApp>
{
    private const string Account = "名寄市朝の確認（ブラウザ試験）";

    [Fact]
    public async Task The_digest_arrives_the_operators_record_their_checks_from_it_and_the_board_turns_green()
    {
        var accountId = await ListedYesterdayAsync();

        // 07:30 has passed: the admin runs the morning job (the scheduler's run, by hand).
        var admin = await app.SignedInPageAsync("demo-admin");
        await admin.GotoAsync("/admin/jobs");
        await admin.GetByRole(AriaRole.Button, new() { Name = "今すぐ実行" }).First.ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("成功");
        await Axe.AssertAccessibleAsync(admin);

        // The digest: Japanese subject and body intact, one link per account due.
        var first = DigestLink("demo-operator", accountId);
        var second = DigestLink("demo-operator3", accountId);
        Assert.Equal($"{app.BaseUrl}/operations/{accountId}", first);
        Assert.Equal(first, second);

        // The PR office's board before anyone has checked: the account is due, 0 of 2.
        var pr = await app.SignedInPageAsync("demo-pr");
        await pr.GotoAsync("/board?sort=name");
        var row = pr.Locator($"tr[data-account='{accountId}']");
        await Expect(row).ToContainTextAsync("0/2 人");
        await Expect(row).ToHaveClassAsync(new Regex("row-pending"));

        // The first operator follows the link in the e-mail and records the check.
        var op = await app.SignedInPageAsync("demo-operator");
        await op.GotoAsync(first);
        await Expect(op.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(Account);
        await op.GetByLabel("投稿（情報発信の内容）").CheckAsync();
        await op.GetByLabel("利用者の書込み・コメント").CheckAsync();
        await op.GetByRole(AriaRole.Button, new() { Name = "記録する" }).ClickAsync();
        await Expect(op.Locator("table.list")).ToContainTextAsync("北 ひかり");
        await Axe.AssertAccessibleAsync(op);

        await pr.ReloadAsync();
        await Expect(row).ToContainTextAsync("1/2 人");
        await Expect(row).ToHaveClassAsync(new Regex("row-pending"));

        // The second operator uses the list the e-mail points to: one click when there is nothing to report.
        var op3 = await app.SignedInPageAsync("demo-operator3");
        await op3.GotoAsync("/operations");
        var mine = op3.Locator("tr", new() { Has = op3.GetByRole(AriaRole.Link, new() { Name = Account }) });
        await mine.GetByRole(AriaRole.Button, new() { Name = "異常なし" }).ClickAsync();
        await Expect(op3.Locator("tr", new() { Has = op3.GetByRole(AriaRole.Link, new() { Name = Account }) })).ToContainTextAsync("確認済（2 人）");
        await Axe.AssertAccessibleAsync(op3);

        // The board turns green for the account.
        await pr.ReloadAsync();
        await Expect(row).ToHaveClassAsync(new Regex("row-ok"));
        await Expect(row).ToContainTextAsync("完了");
        await Axe.AssertAccessibleAsync(pr);
        await BrowserApp.ScreenshotAsync(pr, "morning-routine-board");

        // A second run the same morning sends nothing again (once per occasion).
        var before = app.Mail.Messages().Count;
        await admin.GetByRole(AriaRole.Button, new() { Name = "今すぐ実行" }).First.ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("成功");
        Assert.Equal(before, app.Mail.Messages().Count);
    }

    /// <summary>The link to the account in the morning digest that reached <paramref name="user"/>.</summary>
    private string DigestLink(string user, Guid accountId)
    {
        var digest = Assert.Single(app.Mail.To($"{user}@demo.munisocial.invalid"), m => m.Subject?.StartsWith("【確認のお願い】", StringComparison.Ordinal) == true);
        Assert.Contains("令和8年6月2日", digest.Subject);
        var body = digest.TextBody ?? "";
        Assert.Contains($"・{Account}（X（旧Twitter））本日の確認 0/2人", body);
        return LinkPattern().Matches(body).Select(m => m.Value).Single(l => l.EndsWith(accountId.ToString(), StringComparison.Ordinal));
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/operations/[0-9a-f-]{36}")]
    private static partial Regex LinkPattern();

    /// <summary>A new account of 営業戦略室 listed yesterday (Mon 6/1) with demo-operator and demo-operator3 as operators: due today only.</summary>
    private async Task<Guid> ListedYesterdayAsync()
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
        var op3 = await ActorAsync("demo-operator3");
        var head = await ActorAsync("demo-head");
        var pr = await ActorAsync("demo-pr2");
        var at = new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.FromHours(9)).ToUniversalTime();
        var terms = await db.TermsVersions.OrderByDescending(t => t.Number).FirstAsync();
        var account = SocialAccount.Create(op, op.SectionId!.Value, new PolicyContent
        {
            Platform = Platform.X,
            AccountName = Account,
            AccountUrl = "https://x.com/nayoro_morning_test",
            Content = "朝の確認の試験用アカウントです。",
            Purpose = "ブラウザ試験のため。",
            PeriodStart = new DateOnly(2026, 4, 1),
            PeriodEnd = new DateOnly(2028, 3, 31),
            HoursStart = new TimeOnly(8, 45),
            HoursEnd = new TimeOnly(17, 30),
            ReplyPolicy = ReplyPolicyKind.NoReply,
            ReplyWording = Labels.DefaultReplyWording(ReplyPolicyKind.NoReply),
        }, [new StaffMember(op.UserId, op.Name, op.SectionId), new StaffMember(op3.UserId, op3.Name, op3.SectionId)], at);
        account.RequestListing(head, at.AddMinutes(1), false);
        account.List(pr, terms.Id, at.AddMinutes(2));
        db.Accounts.Add(account);
        await db.SaveChangesAsync();
        return account.Id;
    }
}
