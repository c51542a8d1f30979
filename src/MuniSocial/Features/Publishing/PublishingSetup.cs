namespace MuniSocial.Features.Publishing;

public static class PublishingSetup
{
    /// <summary>The publication sender: one instance per app, also reachable as itself (tests call <see cref="PublicationSender.RunOnceAsync"/>).</summary>
    public static void AddPublishing(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PublicationSender>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PublicationSender>());
    }
}
