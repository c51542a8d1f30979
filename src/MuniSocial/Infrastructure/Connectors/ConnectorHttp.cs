using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace MuniSocial.Infrastructure.Connectors;

/// <summary>
/// The HTTP pipeline of a platform adapter, and what every adapter does with a call that did not get an answer.
/// A typed <see cref="HttpClient"/> whose base address is <c>Connectors:{Platform}:ApiBase</c>, with the strategies of
/// Microsoft.Extensions.Http.Resilience's standard handler: a read (GET) is retried on a transient failure (5xx,
/// 408, no connection, attempt timed out — not 429: the adapter reports the platform's reset time instead), a send
/// (POST, PUT, PATCH, DELETE) is never retried here — whether to resend is the outbox's decision — and the whole call,
/// retries included, is bounded by <see cref="ConnectorOptions.CallTimeout"/>. Under every client is
/// <see cref="OutboundHttp.NewHandler"/>: a redirect is never followed, and <see cref="SendAsync"/> turns a 3xx into a failure.
/// </summary>
public static class ConnectorHttp
{
    /// <summary>Registers the adapter as a typed client and as an <see cref="IPlatformConnector"/> (one instance, held by the registry).</summary>
    public static IHttpClientBuilder AddConnectorClient<TConnector>(this IServiceCollection services, Func<ConnectorOptions, PlatformApi> api)
        where TConnector : class, IPlatformConnector
    {
        var builder = services.AddHttpClient<TConnector>((sp, http) =>
        {
            http.BaseAddress = api(sp.GetRequiredService<IOptions<ConnectorOptions>>().Value).BaseUri;
            // The resilience pipeline's total timeout bounds a call; HttpClient's own 100 s would only hide it.
            http.Timeout = Timeout.InfiniteTimeSpan;
        })
            // The registry keeps the adapter for the app's lifetime: the primary handler (OutboundHttp: no redirects) renews
            // its pooled connections so that DNS changes are seen.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        builder.AddResilienceHandler("connector", (pipeline, context) =>
            Configure(pipeline, context.ServiceProvider.GetRequiredService<IOptions<ConnectorOptions>>().Value.CallTimeout, circuitBreaker: true));
        services.AddSingleton<IPlatformConnector>(sp => sp.GetRequiredService<TConnector>());
        return builder;
    }

    /// <summary>
    /// Registers an adapter (one instance: it may keep sessions) that makes its calls through the named client
    /// <paramref name="clientName"/> from <see cref="IHttpClientFactory"/> (LINE; Mastodon and Bluesky, whose servers
    /// differ per account and so take absolute URIs), with the same pipeline but no circuit breaker: one account's server
    /// that fails must not stop the calls to the others. <paramref name="api"/> sets a base address where there is one.
    /// </summary>
    public static IServiceCollection AddConnector<TConnector>(this IServiceCollection services, string clientName, Func<ConnectorOptions, PlatformApi>? api = null)
        where TConnector : class, IPlatformConnector
    {
        services.AddHttpClient(clientName, (sp, http) =>
        {
            if (api is not null)
            {
                http.BaseAddress = api(sp.GetRequiredService<IOptions<ConnectorOptions>>().Value).BaseUri;
            }
            http.Timeout = Timeout.InfiniteTimeSpan; // the pipeline's timeout bounds the call
            http.DefaultRequestHeaders.UserAgent.ParseAdd("MuniSocial/1.0");
        }).AddResilienceHandler(clientName, (pipeline, context) =>
            Configure(pipeline, context.ServiceProvider.GetRequiredService<IOptions<ConnectorOptions>>().Value.CallTimeout, circuitBreaker: false));
        services.AddSingleton<TConnector>();
        services.AddSingleton<IPlatformConnector>(sp => sp.GetRequiredService<TConnector>());
        return services;
    }

    /// <summary>
    /// The strategies of Microsoft.Extensions.Http.Resilience's standard handler, outermost first: the call's total
    /// timeout, retries (reads only), a circuit breaker (single-host clients), each attempt's timeout. They run on the wall
    /// clock, not on the app's <see cref="TimeProvider"/>: a network timeout is physical time (and the tests' fake clock
    /// must not stop it).
    /// </summary>
    internal static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, TimeSpan callTimeout, bool circuitBreaker)
    {
        pipeline.TimeProvider = TimeProvider.System;
        var retry = new HttpRetryStrategyOptions
        {
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            MaxRetryAttempts = 3,
            // The retries of a read fit inside the call's bound (2 s apart at first by default, less when the bound is short).
            Delay = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(2).Ticks, callTimeout.Ticks / 10)),
            ShouldHandle = args => ValueTask.FromResult(
                HttpClientResiliencePredicates.IsTransient(args.Outcome) && args.Outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests),
        };
        // After ShouldHandle: it wraps the predicate so that a POST is never resent by the pipeline.
        retry.DisableForUnsafeHttpMethods();
        pipeline
            .AddTimeout(new HttpTimeoutStrategyOptions { Name = "Total", Timeout = callTimeout })
            .AddRetry(retry);
        if (circuitBreaker)
        {
            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, 2 * callTimeout.Ticks)),
            });
        }
        pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "Attempt", Timeout = callTimeout });
    }

    /// <summary>
    /// Sends one request; a call that got no answer (no connection, timed out, the circuit open after repeated
    /// failures) becomes a <see cref="ConnectorFailure.Transient"/> failure. The caller's cancellation stays a cancellation.
    /// A redirect (3xx) is not followed (ASVS 15.3.2) but refused: <see cref="ConnectorFailure.Refused"/> with a message
    /// naming the platform, the status and where it pointed — the request never reaches that address.
    /// </summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, string platformLabel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (ExecutionRejectedException e) // Polly: timeout, open circuit, rate limiter
        {
            throw new ConnectorException(ConnectorFailure.Transient, $"{platformLabel}から時間内に応答がありませんでした（{e.Message}）。", inner: e);
        }
        catch (OperationCanceledException e)
        {
            throw new ConnectorException(ConnectorFailure.Transient, $"{platformLabel}から時間内に応答がありませんでした。", inner: e);
        }
        catch (HttpRequestException e)
        {
            throw new ConnectorException(ConnectorFailure.Transient, $"{platformLabel}に接続できませんでした（{e.Message}）。", inner: e);
        }
        if (OutboundHttp.IsRedirect(response))
        {
            using (response)
            {
                throw Redirected(response, platformLabel);
            }
        }
        return response;
    }

    /// <summary>The failure for a redirect answer: the platform, the status and the address it pointed to (not followed).</summary>
    public static ConnectorException Redirected(HttpResponseMessage response, string platformLabel)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = (int)response.StatusCode;
        var target = response.Headers.Location is { } location
            ? (location.IsAbsoluteUri ? location.GetLeftPart(UriPartial.Path) : location.OriginalString)
            : "転送先の指定なし";
        if (target.Length > 200)
        {
            target = target[..200] + "…";
        }
        return new ConnectorException(ConnectorFailure.Refused,
            $"{platformLabel}のAPIが別のアドレスへの転送（HTTP {status}、転送先: {target}）を返したため、通信を中止しました。"
            + "転送先へは何も送っていません。接続先のアドレス（APIの設定・インスタンスのURL）が正しいか確認してください。", status);
    }

    /// <summary>The answer's body as JSON, or null when it is not JSON (an HTML error page of a proxy).</summary>
    public static async Task<JsonElement?> JsonAsync(HttpResponseMessage response, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A body that is not the platform's JSON: its first characters, so that the operator sees something.</summary>
    public static async Task<string> RawAsync(HttpResponseMessage response, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = (await response.Content.ReadAsStringAsync(ct)).Trim();
        return body.Length == 0 ? $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}" : body.Length > 300 ? body[..300] + "…" : body;
    }

    public static string? String(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static JsonElement? Object(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    public static IEnumerable<JsonElement> Array(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : [];

    public static long? Number(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v)
            ? v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n
            : v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s
            : null
            : null;

    public static bool? Bool(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? v.GetBoolean()
            : null;

    public static DateTimeOffset? Instant(this JsonElement element, string name)
    {
        var text = element.String(name);
        if (text is null)
        {
            return null;
        }
        // Graph answers "2026-06-01T00:00:00+0000" (no colon in the offset); X answers ISO 8601 with Z.
        if (text.Length > 5 && text[^5] is '+' or '-' && text[^4..].All(char.IsAsciiDigit))
        {
            text = text[..^2] + ":" + text[^2..];
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUniversalTime()
            : null;
    }

    /// <summary>The platform's message inside a Japanese sentence, verbatim, at most 500 characters.</summary>
    public static string Quote(string platformMessage)
    {
        var m = platformMessage.Trim();
        return m.Length > 500 ? m[..500] + "…" : m;
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
