using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using MuniSocial.Jobs;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Jobs;

/// <summary>Reminders through a real SMTP server, with the fake clock moved day by day.</summary>
public sealed class MissedCheckReminderTests(SmtpAppFactory app) : IClassFixture<SmtpAppFactory>
{
    [Fact]
    public async Task A_missed_check_reaches_the_section_head_once_and_the_operators_get_their_digest()
    {
        // Listed on Fri 5/29; on Mon 6/1 only 北 ひかり checks.
        var id = await app.ListedAccountAsync(Given.Policy("漏れ通知テスト") with { PeriodEnd = new DateOnly(2028, 3, 31) }, listedAt: AppFactory.Start.AddDays(-3));
        var op = await app.ApiAsync("demo-operator");
        (await op.PostAsJsonAsync($"/api/v1/accounts/{id}/daily-checks", new { checkedPosts = true, checkedComments = true })).EnsureSuccessStatusCode();

        // Tue 6/2 07:30 JST: the admin runs the job from /admin/jobs, then the scheduler's run comes too.
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 6, 1, 22, 30, 0, TimeSpan.Zero));
        var admin = await app.SignInAsync("demo-admin");
        var run = await admin.PostFormAsync("/admin/jobs", new() { ["job"] = DailyReminderJob.Name }, handler: "Run");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, run.StatusCode);
        var jobs = await admin.GetDocumentAsync("/admin/jobs");
        Assert.True(jobs.Text().Contains("成功", StringComparison.Ordinal), jobs.QuerySelector("table")?.TextContent);
        Assert.Contains("手動（情報 管理）", jobs.Text());
        // Reminders only (hand-off mails of the listing may still be arriving from the outbox; they end with /me/notifications).
        int Reminders() => app.Mail.Messages().Count(m => !(m.TextBody ?? "").Contains("/me/notifications", StringComparison.Ordinal));
        var count = Reminders();
        await app.Services.GetRequiredService<JobRunner>().RunAsync(DailyReminderJob.Name, "schedule", CancellationToken.None);
        Assert.Equal(count, Reminders()); // the second run sends nothing again

        var head = app.Mail.To("demo-head@demo.munisocial.invalid").Where(m => m.TextBody!.Contains("漏れ通知テスト", StringComparison.Ordinal)
            && !m.TextBody!.Contains("/me/notifications", StringComparison.Ordinal)).ToList(); // not the hand-off mails
        var digest = Assert.Single(head);
        Assert.StartsWith("【所属長確認】確認漏れ", digest.Subject, StringComparison.Ordinal);
        Assert.Contains("確認漏れ 令和8年6月1日: 確認者 北 ひかり／未確認 東 みのり", digest.TextBody!, StringComparison.Ordinal);
        Assert.Equal("名寄市ソーシャルメディア運用システム", digest.From.Mailboxes.Single().Name);

        // Not to the other section's head.
        Assert.DoesNotContain(app.Mail.To("demo-head2@demo.munisocial.invalid"), m => m.TextBody!.Contains("漏れ通知テスト", StringComparison.Ordinal));

        // Each operator: one digest for today, with the link to record the check.
        foreach (var address in new[] { "demo-operator@demo.munisocial.invalid", "demo-operator3@demo.munisocial.invalid" })
        {
            var mine = Assert.Single(app.Mail.To(address), m => m.Subject!.StartsWith("【確認のお願い】", StringComparison.Ordinal));
            Assert.Contains($"https://social.test/operations/{id}", mine.TextBody!, StringComparison.Ordinal);
            Assert.Contains("令和8年6月2日", mine.Subject, StringComparison.Ordinal);
        }

        // The PR office's daily summary names the missed day.
        var summary = Assert.Single(app.Mail.To("demo-pr@demo.munisocial.invalid"), m => m.Subject!.StartsWith("【運用状況】", StringComparison.Ordinal));
        Assert.Contains("漏れ通知テスト", summary.TextBody!, StringComparison.Ordinal);

        // The home page shows the same to the head.
        var headClient = await app.SignInAsync("demo-head");
        var home = await headClient.GetDocumentAsync("/home");
        Assert.Contains("確認漏れ: 令和8年6月1日", home.QuerySelectorAll(".notice").Single(n => n.TextContent.Contains("漏れ通知テスト", StringComparison.Ordinal)).TextContent);
    }
}

public sealed class PeriodEndReminderTests(SmtpAppFactory app) : IClassFixture<SmtpAppFactory>
{
    private async Task RunOnAsync(int year, int month, int day)
    {
        app.Clock.SetUtcNow(new DateTimeOffset(year, month, day, 9, 30, 0, TimeSpan.FromHours(9)).ToUniversalTime());
        await app.Services.GetRequiredService<JobRunner>().RunAsync(DailyReminderJob.Name, "schedule", CancellationToken.None);
    }

    private List<MimeMessage> About(string address, string name) =>
        app.Mail.To(address).Where(m => m.Subject!.Contains(name, StringComparison.Ordinal) && !(m.TextBody ?? "").Contains("/me/notifications", StringComparison.Ordinal)).ToList(); // not the hand-off mails

    [Fact]
    public async Task A_period_ending_gives_the_30_7_1_day_reminders_then_overdue_every_business_day_until_closed()
    {
        const string name = "期間終了テスト";
        var id = await app.ListedAccountAsync(Given.Policy(name) with { PeriodEnd = new DateOnly(2026, 7, 1) }, listedAt: AppFactory.Start.AddDays(-100));
        const string head = "demo-head@demo.munisocial.invalid";

        await RunOnAsync(2026, 6, 1);   // 30 days left
        await RunOnAsync(2026, 6, 2);   // 29: nothing new
        await RunOnAsync(2026, 6, 24);  // 7 days left
        await RunOnAsync(2026, 6, 25);
        await RunOnAsync(2026, 6, 30);  // 1 day left
        await RunOnAsync(2026, 6, 30);  // the same day again
        Assert.Equal(["【運用期間の終了まで30日】", "【運用期間の終了まで7日】", "【運用期間の終了まで1日】"],
            About(head, name).Select(m => m.Subject![..m.Subject!.IndexOf('】', StringComparison.Ordinal)] + "】"));
        Assert.Equal(3, About("demo-operator3@demo.munisocial.invalid", name).Count);
        Assert.Contains("令和8年7月1日", About(head, name)[0].TextBody!, StringComparison.Ordinal);

        await RunOnAsync(2026, 7, 2);   // overdue (Thu)
        await RunOnAsync(2026, 7, 3);   // overdue again (Fri)
        await RunOnAsync(2026, 7, 4);   // Saturday: nothing
        var overdue = About(head, name).Where(m => m.Subject!.StartsWith("【至急】", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, overdue.Count);
        Assert.Contains("放置することなく速やかに", overdue[0].TextBody!, StringComparison.Ordinal);
        Assert.Equal(2, About("demo-pr2@demo.munisocial.invalid", name).Count(m => m.Subject!.StartsWith("【至急】", StringComparison.Ordinal)));

        // The section closes it: 削除依頼, then the PR office removes it from the list. Nothing more.
        var sectionHead = await app.ActorAsync("demo-head");
        var pr = await app.ActorAsync("demo-pr");
        await app.DbAsync(async db =>
        {
            var account = await db.Accounts.FindAsync(id);
            account!.RequestDelisting(sectionHead, new DateOnly(2026, 7, 3), "運用期間の終了のため。", true, app.Clock.GetUtcNow());
            account.Delist(pr, app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        });
        var before = app.Mail.Messages().Count(m => m.Subject!.Contains(name, StringComparison.Ordinal) && !(m.TextBody ?? "").Contains("/me/notifications", StringComparison.Ordinal));
        await RunOnAsync(2026, 7, 6);
        await RunOnAsync(2026, 7, 7);
        Assert.Equal(before, app.Mail.Messages().Count(m => m.Subject!.Contains(name, StringComparison.Ordinal) && !(m.TextBody ?? "").Contains("/me/notifications", StringComparison.Ordinal)));
        var lastSummary = Assert.Single(app.Mail.To("demo-pr@demo.munisocial.invalid"), m => m.Subject!.StartsWith("【運用状況】", StringComparison.Ordinal) && m.Subject!.Contains("7月7日", StringComparison.Ordinal));
        Assert.DoesNotContain(name, lastSummary.TextBody!, StringComparison.Ordinal);
    }
}
