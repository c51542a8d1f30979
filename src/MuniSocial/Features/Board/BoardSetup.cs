using MuniSocial.Domain.Operations;

namespace MuniSocial.Features.Board;

/// <summary>
/// The conditions of every account (unchecked days, overdue, period ending, reviews due, access to remove):
/// the read model behind the PR office's board, the home page's reminders and the morning e-mails.
/// </summary>
public static class BoardSetup
{
    public static void AddBoard(this WebApplicationBuilder builder)
    {
        var calendarOptions = builder.Configuration.GetSection("Operations:Calendar").Get<BusinessCalendarOptions>() ?? new BusinessCalendarOptions();
        builder.Services.AddSingleton(new BusinessCalendar(calendarOptions)); // validated here: a bad MM-dd stops the start
        builder.Services.AddOptions<OperationsOptions>().Bind(builder.Configuration.GetSection("Operations"))
            .Validate(o => o.MissedCheckWindow is >= 1 and <= 60 && o.PeriodEndingWithinDays is >= 1 and <= 365 && o.DormantAfterDays >= 1,
                "Operations: MissedCheckWindow 1–60, PeriodEndingWithinDays 1–365, DormantAfterDays ≥ 1")
            .Validate(o => o.ReviewIntervalMonths is >= 1 and <= 12 && o.ReviewGraceDays is >= 0 and <= 90, "Operations: ReviewIntervalMonths 1–12, ReviewGraceDays 0–90")
            .ValidateOnStart();
        builder.Services.AddScoped<AccountConditions>();
        builder.Services.AddMemoryCache();
        builder.Services.AddScoped<BoardHistory>();
    }
}
