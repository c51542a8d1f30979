using Microsoft.Extensions.Options;

namespace MuniSocial.Features.Forms;

/// <summary>
/// The city's name and emblem for every page's header (staff and public), from the office settings (<c>/admin/office</c>).
/// Kept in memory: read once, again with each new edition of the public side (a save of the office settings starts one,
/// on any instance) or after <see cref="Invalidate"/>, and refreshed in the background once a minute, so that a page never waits on the database for its header and
/// the public side keeps its header when the database cannot be reached (the last name read, else the configuration's).
/// </summary>
public sealed class SiteBrand(IServiceScopeFactory scopes, IServiceProvider services, IOptions<OfficeOptions> defaults, Emblem emblem, TimeProvider clock,
    ILogger<SiteBrand> log) : IDisposable
{
    private Guid? _edition;

    private static readonly TimeSpan Fresh = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _cityName;
    private DateTimeOffset _readAt;
    private int _refreshing;

    /// <summary>The emblem's address (the upload or the default mark).</summary>
    public string EmblemUrl => emblem.Url();

    /// <summary>The city's name as the office settings say (「名寄市」).</summary>
    public async Task<string> CityNameAsync()
    {
        // A new public edition (the office settings are public data) is read at once, so that its pre-rendered pages show the new name.
        var edition = services.GetService<Infrastructure.PublicSite.PublicSiteState>()?.Current?.Token;
        if (_cityName is { } known && edition == _edition)
        {
            if (clock.GetUtcNow() - _readAt > Fresh && Interlocked.Exchange(ref _refreshing, 1) == 0)
            {
                _ = Task.Run(async () =>
                {
                    await ReadAsync();
                    Volatile.Write(ref _refreshing, 0);
                });
            }
            return known;
        }
        await _gate.WaitAsync();
        try
        {
            if (_cityName is null || edition != _edition)
            {
                await ReadAsync();
                _edition = edition;
            }
            return _cityName ?? defaults.Value.Values.CityName;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>After the office settings were saved here: the next page reads them again.</summary>
    public void Invalidate() => _cityName = null;

    private async Task ReadAsync()
    {
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            _cityName = (await db.OfficeAsync(defaults)).CityName;
        }
#pragma warning disable CA1031 // the header must render whatever the database does: keep the last name (or the configuration's)
        catch (Exception e)
#pragma warning restore CA1031
        {
            log.LogWarning(e, "the city's name could not be read for the page header; keeping {Name}", _cityName ?? defaults.Value.Values.CityName);
            _cityName ??= defaults.Value.Values.CityName;
        }
        _readAt = clock.GetUtcNow();
    }
}
