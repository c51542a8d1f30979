using MuniSocial.Domain.Operations;

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
        builder.Services.AddScoped<AccountConditions>();
        builder.Services.AddScoped<OfficeNetworks>();
        builder.Services.AddSingleton<IPostActivity, NoPostActivity>();
    }

    public static void MapOperations(this WebApplication app)
    {
        app.MapOperationsApi();
    }
}
