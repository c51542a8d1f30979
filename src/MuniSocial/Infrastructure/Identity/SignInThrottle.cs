using System.Text.Json;
using System.Threading.RateLimiting;
using MuniSocial.Infrastructure.PublicSite;

namespace MuniSocial.Infrastructure.Identity;

/// <summary>
/// Limits on password guessing (ASVS 6.3.x, 2.4): POST <c>/login</c> and POST <c>/api/v1/auth/token</c> count together,
/// per client address (after the known-proxy rule) and per account name as typed (case folded), each in a one-minute
/// window. Over either limit the answer is 429 with <c>Retry-After</c>: a Japanese page for /login, ProblemDetails for
/// the API (rule <c>sign-in-rate-limited</c>), and a <see cref="SecurityEventKind.RateLimited"/> event. The per-name limit
/// holds a name back for a minute only; the longer stop is Identity's lockout (5 failures → 15 minutes, the user and the
/// admins are e-mailed, the admin can unlock at once). Someone who goes on guessing can renew that lockout, but it holds the
/// password only: the person's passkey still signs them in (<see cref="AppSignInManager.PasskeySignInAsync"/>).
/// <para><c>Auth:SignInPermitsPerAddressPerMinute</c> (default 20) and <c>Auth:SignInPermitsPerAccountPerMinute</c> (default 10); 0 = no limit.
/// <c>Auth:SignInWindow</c> is the window those permits are counted in (default 00:01:00; the tests lengthen it).</para>
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    public const string Rule = "sign-in-rate-limited";
    private readonly PartitionedRateLimiter<string>? _byAddress;
    private readonly PartitionedRateLimiter<string>? _byAccount;

    public SignInThrottle(IConfiguration configuration)
    {
        var window = configuration.GetValue("Auth:SignInWindow", TimeSpan.FromMinutes(1));
        _byAddress = Limiter(configuration.GetValue("Auth:SignInPermitsPerAddressPerMinute", 20), window);
        _byAccount = Limiter(configuration.GetValue("Auth:SignInPermitsPerAccountPerMinute", 10), window);
    }

    private static PartitionedRateLimiter<string>? Limiter(int permits, TimeSpan window) => permits <= 0 ? null
        : PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true }));

    public static bool Applies(HttpRequest request) => HttpMethods.IsPost(request.Method)
        && (request.Path.Equals("/login", StringComparison.OrdinalIgnoreCase) || request.Path.Equals("/api/v1/auth/token", StringComparison.OrdinalIgnoreCase));

    /// <summary>Null when the attempt may go on; otherwise the seconds to wait.</summary>
    public int? Refuse(string address, string accountName)
    {
        foreach (var (limiter, key) in new[] { (_byAddress, address), (_byAccount, accountName) })
        {
            // A passkey sign-in names no account (the per-address limit holds it); nor does a form without the name.
            if (limiter is null || key.Length == 0)
            {
                continue;
            }
            using var lease = limiter.AttemptAcquire(key);
            if (!lease.IsAcquired)
            {
                return lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 60;
            }
        }
        return null;
    }

    public void Dispose()
    {
        _byAddress?.Dispose();
        _byAccount?.Dispose();
    }

}

public static class SignInThrottleSetup
{
    public static void UseSignInThrottle(this WebApplication app) => app.Use(async (context, next) =>
    {
        if (!SignInThrottle.Applies(context.Request))
        {
            await next(context);
            return;
        }
        var name = (await AccountNameAsync(context.Request)).Trim().ToUpperInvariant();
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (context.RequestServices.GetRequiredService<SignInThrottle>().Refuse(address, name) is not { } seconds)
        {
            await next(context);
            return;
        }
        await context.RequestServices.GetRequiredService<SecurityEvents>().RecordAsync(SecurityEventKind.RateLimited, null, name, $"retry-after={seconds}");
        await PlainAnswer.WriteAsync(context, StatusCodes.Status429TooManyRequests, seconds, "ログインの試行が多すぎます",
            $"短い時間にログインの試行が続いたため、しばらく受け付けを止めています。{seconds}秒ほど待ってから、もう一度お試しください。", SignInThrottle.Rule,
            """<a href="/login">ログイン画面へ戻る</a>""", context.RequestAborted);
    });

    /// <summary>The account name of the attempt: the form field on /login, the JSON <c>userName</c> for the token (the body is left for the endpoint).</summary>
    private static async Task<string> AccountNameAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            try
            {
                var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
                return form["Input.UserName"].ToString();
            }
            catch (InvalidDataException)
            {
                return ""; // a malformed form: the page answers it itself
            }
        }
        if (request.ContentLength is > 64 * 1024)
        {
            return "";
        }
        request.EnableBuffering();
        try
        {
            using var json = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return "";
            }
            // Bound as the endpoint binds it: the property name in any case.
            var name = json.RootElement.EnumerateObject()
                .FirstOrDefault(p => string.Equals(p.Name, "userName", StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind == JsonValueKind.String);
            return name.Value.ValueKind == JsonValueKind.String ? name.Value.GetString() ?? "" : "";
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not JSON, or a string that is not text (a lone surrogate): the endpoint answers the bad body itself.
            return "";
        }
        finally
        {
            request.Body.Position = 0;
        }
    }
}
