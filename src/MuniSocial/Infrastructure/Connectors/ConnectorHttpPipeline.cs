using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace MuniSocial.Infrastructure.Connectors;

/// <summary>
/// The HTTP pipeline of an adapter's named client (Mastodon, Bluesky): a read (GET) is retried twice on a transient
/// failure (5xx, 408, 429 after its Retry-After, a broken connection) with backoff; a send (POST) is never retried here —
/// the outbox decides whether to resend; the whole call, retries included, is bounded by
/// <see cref="ConnectorOptions.CallTimeout"/>. No circuit breaker: one Mastodon server or account that fails must not stop
/// the calls to the others.
/// </summary>
public static class ConnectorHttpPipeline
{
    /// <summary>Registers an adapter (one instance: it may keep sessions) with its named client.</summary>
    public static IServiceCollection AddConnector<TConnector>(this IServiceCollection services, string clientName)
        where TConnector : class, IPlatformConnector
    {
        services.AddConnectorHttpClient(clientName);
        services.AddSingleton<TConnector>();
        services.AddSingleton<IPlatformConnector>(sp => sp.GetRequiredService<TConnector>());
        return services;
    }

    public static IHttpClientBuilder AddConnectorHttpClient(this IServiceCollection services, string name)
    {
        var client = services.AddHttpClient(name, c =>
        {
            c.Timeout = Timeout.InfiniteTimeSpan; // the pipeline's timeout bounds the call
            c.DefaultRequestHeaders.UserAgent.ParseAdd("MuniSocial/1.0");
        });
        client.AddResilienceHandler(name, (pipeline, context) =>
        {
            var callTimeout = context.ServiceProvider.GetRequiredService<IOptions<ConnectorOptions>>().Value.CallTimeout;
            pipeline.AddTimeout(callTimeout);
            var retry = new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 2,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                ShouldRetryAfterHeader = true,
            };
            retry.DisableForUnsafeHttpMethods();
            pipeline.AddRetry(retry);
        });
        return client;
    }

    /// <summary>
    /// Sends one request and turns a failure to reach the platform (connection refused, reset, the call timeout) into a
    /// transient <see cref="ConnectorException"/> naming the platform; a cancellation by the caller stays a cancellation.
    /// </summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, string platformLabel, CancellationToken ct)
    {
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        }
        catch (HttpRequestException e)
        {
            throw new ConnectorException(ConnectorFailure.Transient, $"{platformLabel}に接続できませんでした（{e.Message}）。", inner: e);
        }
        catch (TimeoutRejectedException e)
        {
            throw new ConnectorException(ConnectorFailure.Transient, $"{platformLabel}が時間内に応答しませんでした。", inner: e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new ConnectorException(ConnectorFailure.Transient, $"{platformLabel}が時間内に応答しませんでした。", inner: e);
        }
    }

    /// <summary>The delay a 429 asks for: Retry-After, else a reset time (epoch seconds or an ISO 8601 instant) in <paramref name="resetHeader"/>.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, string resetHeader, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Headers.RetryAfter is { } ra)
        {
            return ra.Delta ?? (ra.Date is { } d ? Max(d - now) : null);
        }
        if (response.Headers.TryGetValues(resetHeader, out var values) && values.FirstOrDefault() is { } reset)
        {
            if (long.TryParse(reset, out var epoch))
            {
                return Max(DateTimeOffset.FromUnixTimeSeconds(epoch) - now);
            }
            if (DateTimeOffset.TryParse(reset, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
            {
                return Max(at - now);
            }
        }
        return null;
    }

    private static TimeSpan Max(TimeSpan t) => t < TimeSpan.Zero ? TimeSpan.Zero : t;

    public static bool IsServerError(HttpStatusCode status) => (int)status >= 500 || status == HttpStatusCode.RequestTimeout;
}
