namespace MuniSocial.Infrastructure;

/// <summary>
/// The one place that builds the handler under every outbound <see cref="HttpClient"/> of the app (ASVS 15.3.2): the
/// platform adapters' typed and named clients (through <see cref="AddOutboundHttp"/>, the default of every client of
/// <see cref="IHttpClientFactory"/>), the OpenID Connect backchannel (<c>OidcSetup</c>) and the public export's loopback client.
/// A redirect is never followed: an API that answers 3xx is a failure the caller reports (the connectors:
/// <c>ConnectorHttp.SendAsync</c>), so that a request — with its token — never goes to an address nobody configured.
/// </summary>
public static class OutboundHttp
{
    /// <summary>A new primary handler: no redirects, pooled connections renewed every five minutes (DNS changes are seen).</summary>
    public static SocketsHttpHandler NewHandler() => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    /// <summary>Makes <see cref="NewHandler"/> the primary handler of every client made by <see cref="IHttpClientFactory"/>.</summary>
    public static IServiceCollection AddOutboundHttp(this IServiceCollection services)
    {
        services.ConfigureHttpClientDefaults(client => client.ConfigurePrimaryHttpMessageHandler(NewHandler));
        return services;
    }

    /// <summary>Whether an answer is a redirect (3xx other than 304 Not Modified), which is never followed.</summary>
    public static bool IsRedirect(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = (int)response.StatusCode;
        return status is >= 300 and < 400 && status != 304;
    }
}
