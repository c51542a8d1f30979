using Microsoft.Extensions.Options;
using MuniSocial.Infrastructure.PublicSite;

namespace MuniSocial.Features.Forms;

/// <summary>
/// The city's name and emblem for every page's header (staff and public). The name comes from the public snapshot
/// (<see cref="PublicSiteState"/>): the office settings are public data, so a save of them, on any instance, starts a new
/// edition, and the snapshot kept in memory and on disk keeps the header when the database cannot be reached.
/// </summary>
public sealed class SiteBrand(PublicSiteState site, IOptions<OfficeOptions> defaults, Emblem emblem)
{
    /// <summary>The emblem's address (the upload or the default mark).</summary>
    public string EmblemUrl => emblem.Url();

    /// <summary>The city's name as the office settings say (「名寄市」).</summary>
    public async Task<string> CityNameAsync()
    {
        try
        {
            return (await site.EditionAsync()).Snapshot.CityName ?? defaults.Value.Values.CityName;
        }
        catch (DatabaseUnavailableException)
        {
            // No snapshot yet and no database: the configured name (the page itself says the service is unavailable).
            return defaults.Value.Values.CityName;
        }
    }
}
