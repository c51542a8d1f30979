namespace MuniSocial.Infrastructure.PublicSite;

/// <summary>
/// Takes the first snapshot at start (from disk when the database cannot be reached), then every
/// <c>PublicSite:PollInterval</c> (default 500 ms) reads the one-row token: a change saved by another instance, or the
/// database coming back, gives a new snapshot within a second. The read is one primary-key lookup of one row.
/// </summary>
public sealed class PublicSiteWatcher(PublicSiteState site, IConfiguration configuration, ILogger<PublicSiteWatcher> log) : BackgroundService
{
    public TimeSpan Interval { get; } = configuration.GetValue("PublicSite:PollInterval", TimeSpan.FromMilliseconds(500));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await site.RefreshAsync(force: true, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(Interval, TimeProvider.System, stoppingToken);
                try
                {
                    await site.CheckAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogError(ex, "Checking the public snapshot failed; trying again.");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
