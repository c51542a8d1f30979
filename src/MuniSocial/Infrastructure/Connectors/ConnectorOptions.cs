namespace MuniSocial.Infrastructure.Connectors;

/// <summary>Configuration section "Connectors": where each platform's API is (tests and a staging system point elsewhere) and how the watch runs.</summary>
public sealed class ConnectorOptions
{
    public PlatformApi Line { get; set; } = new() { ApiBase = "https://api.line.me" };

    /// <summary>X API v2. <see cref="PlatformApi.ClientId"/> (and ClientSecret for a confidential client) are needed to refresh OAuth 2.0 user tokens.</summary>
    public PlatformApi X { get; set; } = new() { ApiBase = "https://api.x.com" };

    public PlatformApi Facebook { get; set; } = new() { ApiBase = "https://graph.facebook.com/v21.0" };

    /// <summary>The PDS that hosts the city's Bluesky accounts (bsky.social for accounts made in the Bluesky app).</summary>
    public PlatformApi Bluesky { get; set; } = new() { ApiBase = "https://bsky.social" };

    /// <summary>How often the watch reads every connected account back.</summary>
    public TimeSpan WatchInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How many accounts the watch reads at once.</summary>
    public int WatchConcurrency { get; set; } = 32;

    /// <summary>How long one platform call may take before it counts as failed (a hanging platform costs at most this).</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the publication sender looks for due entries when not woken by a save (seconds).</summary>
    public int SendPollSeconds { get; set; } = 5;
}

public sealed class PlatformApi
{
    public string ApiBase { get; set; } = "";
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    public Uri BaseUri => new(ApiBase.TrimEnd('/') + "/");
}
