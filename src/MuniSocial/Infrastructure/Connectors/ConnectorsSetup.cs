namespace MuniSocial.Infrastructure.Connectors;

/// <summary>
/// The platform adapters: one typed HttpClient each. A send (POST) is never retried by the HTTP pipeline — the outbox
/// decides whether to resend, using the platform's idempotency key or a read-back — reads (GET) are retried on
/// transient failures (Microsoft.Extensions.Http.Resilience), and every call is bounded by <see cref="ConnectorOptions.CallTimeout"/>.
/// </summary>
public static class ConnectorsSetup
{
    public static void AddConnectors(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConnectorOptions>().Bind(builder.Configuration.GetSection("Connectors"));
        builder.Services.AddSingleton<ConnectionSecrets>();
        // Under every HttpClient of the factory: no redirects followed (ASVS 15.3.2).
        builder.Services.AddOutboundHttp();
        builder.Services.AddSingleton<ConnectorRegistry>();
        // One line per platform adapter (ConnectorHttp: reads retried, sends never, every call bounded by Connectors:CallTimeout):
        builder.Services.AddConnector<LineConnector>(LineConnector.HttpClientName, o => o.Line);
        builder.Services.AddSingleton<XTokenRotations>().AddConnectorClient<XConnector>(o => o.X);
        builder.Services.AddConnectorClient<FacebookConnector>(o => o.Facebook);
        builder.Services.AddConnector<MastodonConnector>(MastodonConnector.ClientName);
        builder.Services.AddConnector<BlueskyConnector>(BlueskyConnector.ClientName);
    }
}
