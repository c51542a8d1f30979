using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Domain.Operations;
using MuniSocial.Domain.Posts;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.DailyChecks;

/// <summary>A city whose 年末年始 runs 12/26–1/6 (Operations:Calendar), on a database of its own.</summary>
public sealed class LongClosureFactory : AppFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Operations:Calendar:YearEndClosureStart"] = "12-26",
        ["Operations:Calendar:YearEndClosureEnd"] = "01-06",
    };
}

/// <summary>One setting of the year-end closure feeds both the business days (daily checks) and the content check (運用時間).</summary>
public sealed class CalendarSettingTests(LongClosureFactory app) : IClassFixture<LongClosureFactory>
{
    // Monday 28 December 2026 and Tuesday 5 January 2027 are working days under the default 12/29–1/3,
    // closure days under the configured 12/26–1/6; Thursday 7 January 2027 is a working day under both.
    private static readonly DateOnly Dec28 = new(2026, 12, 28);
    private static readonly DateOnly Jan5 = new(2027, 1, 5);
    private static readonly DateOnly Jan7 = new(2027, 1, 7);

    private static DateTimeOffset TenAm(DateOnly day) => new(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(9));

    [Fact]
    public void The_default_closure_is_12_29_to_1_3_for_both()
    {
        var calendar = new BusinessCalendar();
        Assert.True(calendar.IsBusinessDay(Dec28));
        Assert.False(calendar.IsBusinessDay(new DateOnly(2026, 12, 29)));
        var window = new OperatingWindow(MuniSocial.Domain.Accounts.OperatingDays.Weekdays, new TimeOnly(8, 45), new TimeOnly(17, 30), true, null, null);
        Assert.DoesNotContain(ContentChecker.Default.Check("お知らせです。", new CheckContext(null, TenAm(Dec28), window)), f => f.Kind == FindingKind.OutsideHours);
        Assert.Contains(ContentChecker.Default.Check("お知らせです。", new CheckContext(null, TenAm(new DateOnly(2026, 12, 29)), window)), f => f.Kind == FindingKind.OutsideHours);
    }

    [Fact]
    public async Task The_configured_closure_moves_the_business_days_and_the_content_check_together()
    {
        var calendar = app.Services.GetRequiredService<BusinessCalendar>();
        Assert.False(calendar.IsBusinessDay(Dec28));
        Assert.False(calendar.IsBusinessDay(Jan5));
        Assert.True(calendar.IsBusinessDay(Jan7));
        Assert.Equal(new DateOnly(2026, 12, 25), calendar.PreviousBusinessDay(Dec28));

        var account = await app.ListedAccountAsync(Given.Policy("年末年始テスト") with { PeriodEnd = new DateOnly(2028, 3, 31) });
        var api = await app.ApiAsync("demo-operator");
        async Task<List<JsonElement>> FindingsAt(DateOnly day)
        {
            var response = await api.PostAsJsonAsync("/api/v1/content-check", new { text = "本日の開館時間のお知らせです。", accountId = account, scheduledAt = TenAm(day) });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("findings").EnumerateArray().ToList();
        }
        foreach (var closed in new[] { Dec28, Jan5 })
        {
            var outside = Assert.Single(await FindingsAt(closed), f => f.GetProperty("kind").GetString() == "outside-hours");
            Assert.Contains("（祝日・年末年始）", outside.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        Assert.DoesNotContain(await FindingsAt(Jan7), f => f.GetProperty("kind").GetString() == "outside-hours");
    }
}
