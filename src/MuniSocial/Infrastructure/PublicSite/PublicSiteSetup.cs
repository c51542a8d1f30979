using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using MuniSocial.Features.PublicList;

namespace MuniSocial.Infrastructure.PublicSite;

/// <summary>
/// The public side's serving: the snapshot in memory and on disk (<see cref="PublicSiteState"/>, kept fresh by
/// <see cref="PublicSiteWatcher"/>), pre-rendered answers (<see cref="PublicResponseCache"/>), disaster mode
/// (<see cref="DatabaseOutage"/>), the client address from known proxies only, and the rate limit on verify.
/// <para>Configuration:</para>
/// <list type="bullet">
/// <item><c>PublicSite:SnapshotPath</c> — the snapshot file (default <c>public-snapshot.json</c> in the data folder).</item>
/// <item><c>PublicSite:PollInterval</c> — how often the token is read (default 00:00:00.5).</item>
/// <item><c>PublicSite:VerifyPermitsPerMinute</c> — verify checks per client address per minute (default 60; 0 = no limit).</item>
/// <item><c>ForwardedHeaders:KnownProxies</c> (addresses) and <c>ForwardedHeaders:KnownNetworks</c> (CIDR, e.g. 10.0.0.0/8) —
/// the reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed; none by default.</item>
/// </list>
/// </summary>
public static class PublicSiteSetup
{
    public const int DefaultVerifyPermitsPerMinute = 60;

    public static void AddPublicSite(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<PublicSiteState>();
        services.AddSingleton<IPublicSnapshotSource>(sp => sp.GetRequiredService<PublicSiteState>());
        services.AddHostedService<PublicSiteWatcher>();
        services.AddExceptionHandler<DatabaseOutageExceptionHandler>();
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);

        var permits = builder.Configuration.GetValue("PublicSite:VerifyPermitsPerMinute", DefaultVerifyPermitsPerMinute);
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                permits > 0 && PublicPaths.IsVerifyCheck(context.Request)
                    ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true })
                    : RateLimitPartition.GetNoLimiter("none"));
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, ct) => TooManyAsync(context.HttpContext, context.Lease, ct);
        });

        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Nothing is trusted unless configured: a client cannot choose its own address by sending the header.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in builder.Configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy.Trim()));
            }
            foreach (var network in builder.Configuration.GetSection("ForwardedHeaders:KnownNetworks").Get<string[]>() ?? [])
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network.Trim()));
            }
        });
    }

    /// <summary>First in the pipeline: the client's address, the verify limit, then the public answers; staff requests in disaster mode stop here with 503.</summary>
    public static void UsePublicSite(this WebApplication app)
    {
        var site = app.Services.GetRequiredService<PublicSiteState>();
        app.UseForwardedHeaders();
        app.UseRateLimiter();
        app.UseMiddleware<PublicResponseCache>();
        app.Use(async (context, next) =>
        {
            if (site.Current is { Degraded: true } && !PublicPaths.IsPublic(context.Request.Path) && !PublicPaths.IsStatic(context.Request.Path))
            {
                await DatabaseOutage.WriteAsync(context);
                return;
            }
            await next(context);
        });
    }

    private static async ValueTask TooManyAsync(HttpContext context, RateLimitLease lease, CancellationToken ct)
    {
        var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 60;
        await PlainAnswer.WriteAsync(context, StatusCodes.Status429TooManyRequests, seconds, "確認の回数が多すぎます",
            $"短い時間に多くの確認が行われたため、しばらく受け付けを止めています。{seconds}秒ほど待ってから、もう一度お試しください。", "rate-limited",
            """<a href="/">名寄市ソーシャルメディア一覧</a>では、市の公式アカウントをいつでも確認できます。""", ct);
    }
}
