using MuniSocial.Jobs;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Admin;

/// <summary>Issue 13 item 9: /admin/jobs in Japanese — job names, how each run started, states, Japan time, failures readable.</summary>
public sealed class AdminJobsTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Jobs_page_names_jobs_and_triggers_in_japanese_and_explains_a_failure()
    {
        // A run started by the scheduler at 2026-06-01 21:00 UTC (= 6/2 6:00 in Japan) that failed unexpectedly.
        var started = new DateTimeOffset(2026, 6, 1, 21, 0, 0, TimeSpan.Zero);
        var failed = new JobRun(CommentRetentionJob.Name, "schedule", started);
        failed.Finish(started.AddSeconds(75), false, "失敗: InvalidOperationException: The connection is closed.");
        await app.DbAsync(async db =>
        {
            db.Add(failed);
            await db.SaveChangesAsync();
        });

        var admin = await app.SignInAsync("demo-admin");
        var doc = await admin.GetDocumentAsync("/admin/jobs");
        var row = doc.QuerySelectorAll("#runs tbody tr").Single(r => r.GetAttribute("data-job") == CommentRetentionJob.Name
            && r.TextContent.Contains("令和8年6月2日 6:00", StringComparison.Ordinal));
        var cells = row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal("利用者の書込みの保存期間", cells[1]);
        Assert.Equal("定時（自動）", cells[2]);
        Assert.Equal("1分15秒", cells[3]);
        Assert.StartsWith("失敗", cells[4], StringComparison.Ordinal);
        Assert.Contains("予期しないエラーで処理が止まりました", cells[4], StringComparison.Ordinal);
        // The technical detail is there for the maintainer, behind 詳しい情報, not as the message.
        Assert.Equal("InvalidOperationException: The connection is closed.", row.QuerySelector("details p")!.TextContent.Trim());
        Assert.Equal("詳しい情報", row.QuerySelector("details summary")!.TextContent.Trim());

        // No job code (comment-retention, schedule, daily-reminders) shows as text; the summary table names each job.
        var text = doc.QuerySelector("main")!.TextContent;
        Assert.DoesNotContain("schedule", text, StringComparison.Ordinal);
        Assert.DoesNotContain(CommentRetentionJob.Name, text, StringComparison.Ordinal);
        var jobs = doc.QuerySelectorAll("#jobs tbody tr").ToList();
        Assert.Equal(JobRunner.Titles.Count, jobs.Count);
        Assert.Contains(jobs, r => r.QuerySelector("th")!.TextContent.StartsWith("朝の通知", StringComparison.Ordinal));
    }
}
