namespace MuniSocial.Jobs;

public static class JobsSetup
{
    /// <summary>The daily reminder job, run by the in-process scheduler (off under tests unless Jobs:Enabled) or by an admin at /admin/jobs.</summary>
    public static void AddJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobOptions>().Bind(builder.Configuration.GetSection("Jobs"))
            .Validate(JobOptions.IsValid, "Jobs:DailyAt must be HH:mm").ValidateOnStart();
        builder.Services.AddScoped<DailyReminderJob>();
        builder.Services.AddScoped<CommentRetentionJob>();
        builder.Services.AddScoped<WatchJob>();
        builder.Services.AddSingleton<JobRunner>();
        var enabled = builder.Configuration.GetValue<bool?>("Jobs:Enabled") ?? !builder.Environment.IsEnvironment("Testing");
        if (enabled)
        {
            builder.Services.AddHostedService<JobScheduler>();
            builder.Services.AddHostedService<WatchScheduler>();
        }
    }
}
