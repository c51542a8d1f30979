using MuniSocial.Domain.Operations;
using MuniSocial.Infrastructure.Email;
using MuniSocial.Jobs;

namespace MuniSocial.Features.Operations;

public static class OperationsSetup
{
    public static void AddOperations(this WebApplicationBuilder builder)
    {
        var calendarOptions = builder.Configuration.GetSection("Operations:Calendar").Get<BusinessCalendarOptions>() ?? new BusinessCalendarOptions();
        builder.Services.AddSingleton(new BusinessCalendar(calendarOptions)); // validated here: a bad MM-dd stops the start
        builder.Services.AddOptions<OperationsOptions>().Bind(builder.Configuration.GetSection("Operations"))
            .Validate(o => o.MissedCheckWindow is >= 1 and <= 60 && o.PeriodEndingWithinDays is >= 1 and <= 365 && o.DormantAfterDays >= 1,
                "Operations: MissedCheckWindow 1–60, PeriodEndingWithinDays 1–365, DormantAfterDays ≥ 1")
            .ValidateOnStart();
        builder.Services.AddOptions<OperationsOptions>()
            .Validate(o => o.ReviewIntervalMonths is >= 1 and <= 12 && o.ReviewGraceDays is >= 0 and <= 90, "Operations: ReviewIntervalMonths 1–12, ReviewGraceDays 0–90")
            .ValidateOnStart();
        builder.Services.AddScoped<AccountConditions>();
        builder.Services.AddScoped<OfficeNetworks>();

        builder.Services.AddOptions<SmtpOptions>().Bind(builder.Configuration.GetSection("Smtp"))
            .Validate(SmtpOptions.IsValid, "Smtp: Port 1–65535, From a valid address, Security None/StartTls/SslOnConnect/Auto, LinkBase an absolute URL")
            .ValidateOnStart();
        builder.Services.AddSingleton<MailSender>();
        builder.Services.AddOptions<JobOptions>().Bind(builder.Configuration.GetSection("Jobs"))
            .Validate(JobOptions.IsValid, "Jobs:DailyAt must be HH:mm").ValidateOnStart();
        builder.Services.AddScoped<DailyReminderJob>();
        builder.Services.AddSingleton<JobRunner>();
        var enabled = builder.Configuration.GetValue<bool?>("Jobs:Enabled") ?? !builder.Environment.IsEnvironment("Testing");
        if (enabled)
        {
            builder.Services.AddHostedService<JobScheduler>();
        }
    }

    public static void MapOperations(this WebApplication app)
    {
        app.MapOperationsApi();
        app.MapReviewsApi();
        Board.BoardApi.MapBoardApi(app);
        Access.AccessApi.MapAccessApi(app);
    }
}
