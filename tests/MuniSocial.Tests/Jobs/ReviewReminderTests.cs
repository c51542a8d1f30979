using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Domain.Operations;
using MuniSocial.Jobs;
using MuniSocial.Tests.Features.AccountReviews;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Jobs;

/// <summary>The head's morning digest names the reviews due and overdue, month after month, with the fake clock.</summary>
public sealed class ReviewReminderTests(SmtpAppFactory app) : IClassFixture<SmtpAppFactory>
{
    private const string Head = "demo-head@demo.munisocial.invalid";

    private async Task RunOnAsync(int year, int month, int day)
    {
        app.Clock.SetUtcNow(new DateTimeOffset(year, month, day, 9, 30, 0, TimeSpan.FromHours(9)).ToUniversalTime());
        await app.Services.GetRequiredService<JobRunner>().RunAsync(DailyReminderJob.Name, "schedule", CancellationToken.None);
    }

    private string? DigestLine(int month, int day, Guid id)
    {
        var digest = Assert.Single(app.Mail.To(Head), m => m.Subject!.StartsWith("【所属長確認】", StringComparison.Ordinal) && m.Subject.Contains($"{month}月{day}日", StringComparison.Ordinal));
        return digest.TextBody!.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.Contains($"/operations/{id}/reviews", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_heads_digest_lists_the_review_when_due_then_overdue_and_not_after_it_is_recorded()
    {
        // Listed Sat 5/2: the first review is due Tue 6/2 (the clock starts on Mon 6/1).
        var id = await app.ListedAccountAsync(Given.Policy("確認通知テスト") with { PeriodEnd = new DateOnly(2028, 3, 31) }, listedAt: new DateTimeOffset(2026, 5, 2, 0, 0, 0, TimeSpan.Zero));

        await RunOnAsync(2026, 6, 1);  // not yet due
        Assert.Null(DigestLine(6, 1, id));

        await RunOnAsync(2026, 6, 2);
        var due = DigestLine(6, 2, id);
        Assert.NotNull(due);
        Assert.Contains("運用状況の確認の時期です（期限 令和8年6月2日・前回 なし）", due, StringComparison.Ordinal);
        Assert.Contains($"https://social.test/operations/{id}/reviews", due, StringComparison.Ordinal);
        var subject = app.Mail.To(Head).Single(m => m.Subject!.StartsWith("【所属長確認】", StringComparison.Ordinal) && m.Subject.Contains("6月2日", StringComparison.Ordinal)).Subject;
        Assert.Contains("運用状況の確認", subject, StringComparison.Ordinal);
        // Not to the other section's head, and once per day however often the job runs.
        Assert.DoesNotContain(app.Mail.To("demo-head2@demo.munisocial.invalid"), m => m.TextBody!.Contains(id.ToString(), StringComparison.Ordinal));
        // Counted among the head's digests: hand-off mails of the listing may still be arriving from the outbox.
        int Digests() => app.Mail.To(Head).Count(m => m.Subject!.StartsWith("【所属長確認】", StringComparison.Ordinal));
        var count = Digests();
        await RunOnAsync(2026, 6, 2);
        Assert.Equal(count, Digests());

        await RunOnAsync(2026, 6, 16);  // the 14th day of grace: still "due"
        Assert.Contains("の時期です", DigestLine(6, 16, id), StringComparison.Ordinal);
        await RunOnAsync(2026, 6, 17);  // overdue
        var overdue = DigestLine(6, 17, id);
        Assert.Contains("運用状況の確認の期限を過ぎています（期限 令和8年6月2日・前回 なし）", overdue, StringComparison.Ordinal);

        // The head records the review on 6/17: the next digest no longer asks for it, the board is clear.
        var head = await app.ApiAsync("demo-head");
        var recorded = await head.PostAsJsonAsync($"/api/v1/accounts/{id}/reviews", ReviewTests.Body(
            new() { [ReviewChecklist.DailyChecks] = ("NonConforming", "確認記録がない。") }, action: "担当者2名で毎朝確認し記録する。"));
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        await RunOnAsync(2026, 6, 18);
        Assert.Null(DigestLine(6, 18, id));
        var pr = await app.ApiAsync("demo-pr");
        var entry = (await pr.GetFromJsonAsync<JsonElement>("/api/v1/board")).GetProperty("accounts").EnumerateArray().Single(e => e.GetProperty("accountId").GetGuid() == id);
        Assert.False(entry.GetProperty("reviewOverdue").GetBoolean());
        Assert.Equal("2026-07-17", entry.GetProperty("reviewDueOn").GetString());

        // A month after the review it is due again (7/17 is a Friday).
        await RunOnAsync(2026, 7, 16);
        Assert.Null(DigestLine(7, 16, id));
        await RunOnAsync(2026, 7, 17);
        Assert.Contains("運用状況の確認の時期です（期限 令和8年7月17日・前回 令和8年6月17日）", DigestLine(7, 17, id), StringComparison.Ordinal);

        // The operators get no review reminder: it is the head's.
        Assert.DoesNotContain(app.Mail.To("demo-operator@demo.munisocial.invalid"), m => m.TextBody!.Contains($"/operations/{id}/reviews", StringComparison.Ordinal));
        Assert.Equal(1, await app.DbAsync(db => db.AccountReviews.CountAsync(r => r.AccountId == id)));
    }
}

/// <summary>§5(2)イ: outside the office networks the head's review asks for the 即時性 reason and records it.</summary>
public sealed class ReviewOffsiteTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Outside_the_office_a_review_needs_the_reason_which_is_recorded_and_shown()
    {
        var id = await app.ListedAccountAsync(Given.Policy("確認職場外テスト") with { PeriodEnd = new DateOnly(2028, 3, 31) });
        var admin = await app.ActorAsync("demo-admin");
        await app.DbAsync(async db =>
        {
            // The test server's requests come from this machine, which is not in 10.0.0.0/8.
            db.Add(OfficeNetwork.Add(admin, "10.0.0.0/8", "本庁舎", app.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        });
        var api = await app.ApiAsync("demo-head");
        var refused = await api.PostAsJsonAsync($"/api/v1/accounts/{id}/reviews", ReviewTests.Body());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("offsiteReason", out _));
        Assert.Equal(0, await app.DbAsync(db => db.AccountReviews.CountAsync(r => r.AccountId == id)));

        var ok = await api.PostAsJsonAsync($"/api/v1/accounts/{id}/reviews", ReviewTests.Body(offsiteReason: "出張先から期限内に記録するため"));
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        Assert.Equal("出張先から期限内に記録するため", await app.DbAsync(db => db.AccountReviews.Where(r => r.AccountId == id).Select(r => r.OffsiteReason).SingleAsync()));
        var audit = Assert.Single(await app.AuditAsync(id), e => e.Action == "account-review.recorded");
        Assert.Equal("出張先から期限内に記録するため", audit.Reason);

        // The page asks for it too, and shows it in the history.
        var head = await app.SignInAsync("demo-head");
        var url = $"/operations/{id}/reviews";
        var page = await head.GetDocumentAsync(url);
        Assert.NotNull(page.QuerySelector("#Input_OffsiteReason"));
        Assert.Contains("職場外から記録（理由: 出張先から期限内に記録するため）", page.Text());
        var noReason = await head.PostFormAsync(url, ReviewTests.Form(), formAction: url);
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        Assert.Contains("即時性を要する理由を入力してください", (await Html.ParseAsync(noReason)).Text());
        var withReason = ReviewTests.Form();
        withReason["Input.OffsiteReason"] = "災害対応中のため";
        Assert.Equal(HttpStatusCode.Redirect, (await head.PostFormAsync(url, withReason, formAction: url)).StatusCode);
        Assert.Equal(2, await app.DbAsync(db => db.AccountReviews.CountAsync(r => r.AccountId == id)));
    }
}
