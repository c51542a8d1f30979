using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Domain.Accounts;
using MuniSocial.Jobs;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Jobs;

/// <summary>
/// §5(2)ア on a Saturday: an account whose policy runs it 毎日（祝日も） is due its checks, a weekday account is not;
/// the board, 本日の確認, the missed checks and the operators' reminder agree.
/// </summary>
public sealed class ClosedDayCheckTests(SmtpAppFactory app) : IClassFixture<SmtpAppFactory>
{
    [Fact]
    public async Task An_account_run_at_weekends_is_due_its_checks_on_Saturday_and_a_weekday_account_is_not()
    {
        var listedAt = AppFactory.Start.AddDays(-3); // Fri 5/29
        var weekend = await app.ListedAccountAsync(Given.Policy("土日運用テスト") with
        {
            OperatingDays = OperatingDays.EveryDay,
            ExcludeHolidays = false,
            PeriodEnd = new DateOnly(2028, 3, 31),
        }, listedAt: listedAt);
        var weekday = await app.ListedAccountAsync(Given.Policy("平日運用テスト") with { PeriodEnd = new DateOnly(2028, 3, 31) }, listedAt: listedAt);

        // Saturday 6 June 2026, 10:00 JST.
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 6, 6, 1, 0, 0, TimeSpan.Zero));
        var pr = await app.ApiAsync("demo-pr");
        var board = (await pr.GetFromJsonAsync<JsonElement>("/api/v1/board")).GetProperty("accounts").EnumerateArray().ToList();
        JsonElement Entry(Guid id) => board.Single(e => e.GetProperty("accountId").GetGuid() == id);
        Assert.True(Entry(weekend).GetProperty("checksDueToday").GetBoolean());
        Assert.False(Entry(weekday).GetProperty("checksDueToday").GetBoolean());

        var operatorPage = await (await app.SignInAsync("demo-operator")).GetDocumentAsync("/operations");
        string Row(string name) => operatorPage.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains(name, StringComparison.Ordinal)).TextContent;
        Assert.Contains("あと2人", Row("土日運用テスト"));
        Assert.Contains("確認日ではありません", Row("平日運用テスト"));
        Assert.Contains("土日祝日も運用するアカウント", operatorPage.Text());

        await app.Services.GetRequiredService<JobRunner>().RunAsync(DailyReminderJob.Name, "schedule", CancellationToken.None);
        var digest = Assert.Single(app.Mail.To("demo-operator@demo.munisocial.invalid"), m => m.Subject!.Contains("令和8年6月6日", StringComparison.Ordinal));
        Assert.StartsWith("【確認のお願い】", digest.Subject, StringComparison.Ordinal);
        Assert.Contains("土日運用テスト", digest.TextBody!, StringComparison.Ordinal);
        Assert.DoesNotContain("平日運用テスト", digest.TextBody!, StringComparison.Ordinal);
        // The head's and the PR office's digests wait for the business day.
        Assert.DoesNotContain(app.Mail.To("demo-head@demo.munisocial.invalid"), m => m.Subject!.Contains("令和8年6月6日", StringComparison.Ordinal));

        // Monday 8 June: the unchecked Saturday and Sunday are missed for the weekend account only.
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 6, 8, 1, 0, 0, TimeSpan.Zero));
        pr = await app.ApiAsync("demo-pr"); // a token lives for hours: take a fresh one two days on
        board = (await pr.GetFromJsonAsync<JsonElement>("/api/v1/board")).GetProperty("accounts").EnumerateArray().ToList();
        List<string> Missed(Guid id) => Entry(id).GetProperty("missedChecks").EnumerateArray().Select(m => m.GetProperty("day").GetString()!).ToList();
        Assert.Contains("2026-06-06", Missed(weekend));
        Assert.Contains("2026-06-07", Missed(weekend));
        Assert.Contains("2026-06-05", Missed(weekend));
        Assert.DoesNotContain("2026-06-06", Missed(weekday));
        Assert.Contains("2026-06-05", Missed(weekday));
    }
}
