using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Publishing;
using MuniSocial.Infrastructure;
using MuniSocial.Infrastructure.Connectors;

namespace MuniSocial.Tests.Infrastructure.Connectors;

/// <summary>
/// The Mastodon and Bluesky adapters as the app registers them (named clients with the connectors' HTTP pipeline),
/// without the rest of the app: a test of an adapter's wire contract needs no database.
/// </summary>
public static class ConnectorServices
{
    public static ServiceProvider Build(IDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<ConnectorOptions>().Bind(configuration.GetSection("Connectors"));
        services.AddOutboundHttp();
        services.AddConnector<MastodonConnector>(MastodonConnector.ClientName);
        services.AddConnector<BlueskyConnector>(BlueskyConnector.ClientName);
        return services.BuildServiceProvider();
    }

    public static ConnectorCredentials Mastodon(string instanceUrl, string token = "mastodon-token") =>
        new(Guid.NewGuid(), Platform.Mastodon, new Dictionary<string, string> { ["instanceUrl"] = instanceUrl },
            new Dictionary<string, string> { ["accessToken"] = token });

    public static ConnectorCredentials Bluesky(string handle, string appPassword, Guid? account = null) =>
        new(account ?? Guid.NewGuid(), Platform.Bluesky, new Dictionary<string, string> { ["handle"] = handle },
            new Dictionary<string, string> { ["appPassword"] = appPassword });

    public static OutgoingPost Post(string text, ReplyTarget? replyTo = null, IReadOnlyList<OutgoingMedia>? media = null, bool mayHaveGoneOut = false) =>
        new(Guid.CreateVersion7(), text, Guid.NewGuid().ToString("D"), replyTo, media ?? [], mayHaveGoneOut);
}
