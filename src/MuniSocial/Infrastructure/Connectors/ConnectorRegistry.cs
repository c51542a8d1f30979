using MuniSocial.Domain.Publishing;

namespace MuniSocial.Infrastructure.Connectors;

/// <summary>The adapter of each platform (one registered per connectable platform).</summary>
public sealed class ConnectorRegistry(IEnumerable<IPlatformConnector> connectors)
{
    // The last registration of a platform wins (a test or a staging system replaces an adapter by registering another).
    private readonly Dictionary<Platform, IPlatformConnector> _byPlatform = connectors.GroupBy(c => c.Platform).ToDictionary(g => g.Key, g => g.Last());

    public IPlatformConnector? For(Platform platform) => _byPlatform.GetValueOrDefault(platform);

    public IPlatformConnector Get(Platform platform) =>
        For(platform) ?? throw new ConnectorException(ConnectorFailure.Refused, $"{Labels.Of(platform)}の発信の接続は用意されていません。");

    /// <summary>Whether the account's platform has an adapter (every platform of <see cref="ConnectionFields"/> should).</summary>
    public bool Supports(Platform platform) => _byPlatform.ContainsKey(platform);
}
