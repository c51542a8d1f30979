using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace MuniSocial.Infrastructure.Identity;

/// <summary>
/// How long a staff sign-in lasts (ASVS 7.3.1, 7.3.2) and how its cookies are sent (3.3.x).
/// <list type="bullet">
/// <item><c>Auth:IdleTimeout</c> — the cookie ends after this long without a request (default 00:30:00).</item>
/// <item><c>Auth:AbsoluteLifetime</c> — a sign-in ends this long after it began, however busy (default 08:00:00).</item>
/// <item><c>Auth:BearerLifetime</c> — an API token's lifetime (default 01:00:00).</item>
/// <item><c>Auth:SecureCookies</c> — cookies named <c>__Host-…</c> and sent with <c>Secure</c> only (default: true
/// except in the Development and Testing environments, which run over plain HTTP).</item>
/// <item><c>Auth:FailedSignInMinimumTime</c> — a refused password sign-in (page or token) is answered no sooner than this
/// after it began (default 00:00:00.4), so that the different work behind an unknown name, a wrong password and a locked
/// user (a counter, an audit entry, a lockout e-mail) cannot be told apart by timing (ASVS 6.3.8).</item>
/// </list>
/// </summary>
public sealed class AuthOptions
{
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(8);
    public TimeSpan BearerLifetime { get; set; } = TimeSpan.FromHours(1);
    public bool? SecureCookies { get; set; }
    public TimeSpan FailedSignInMinimumTime { get; set; } = TimeSpan.FromMilliseconds(400);
}

/// <summary>
/// One staff sign-in (a cookie), kept in the database so that every app instance knows it has ended: sign-out revokes it,
/// and a replayed cookie whose row is revoked, missing or older than <see cref="AuthOptions.AbsoluteLifetime"/> is refused.
/// The id travels in the cookie as the <see cref="UserSessions.ClaimType"/> claim.
/// </summary>
public sealed class UserSession
{
    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>A browser's sign-in (the cookie) or an API token (<c>POST /api/v1/auth/token</c>).</summary>
    public UserSessionKind Kind { get; set; }

    /// <summary>The last request with it (moved on at most once a minute), for the person's own list (<c>/me/sessions</c>).</summary>
    public DateTimeOffset? LastSeenAt { get; set; }

    /// <summary>Where it was started from (after the known-proxy rule) and the browser's User-Agent (cut to <see cref="UserSessions.UserAgentLength"/>).</summary>
    public string? ClientAddress { get; set; }
    public string? UserAgent { get; set; }
}

public enum UserSessionKind
{
    Browser,
    ApiToken,
}

/// <summary>The cookie events that start, check and end a <see cref="UserSession"/>, and record the security events.</summary>
public static class UserSessions
{
    public const string ClaimType = "munisocial:sid";

    /// <summary>A new sign-in: a session row, its id in the cookie; a sign-in over an existing one ends the old session (no fixation).</summary>
    public static async Task OnSigningInAsync(CookieSigningInContext context)
    {
        var services = context.HttpContext.RequestServices;
        var db = services.GetRequiredService<AppDbContext>();
        var clock = services.GetRequiredService<TimeProvider>();
        var options = services.GetRequiredService<IOptions<AuthOptions>>().Value;
        var identity = (ClaimsIdentity)context.Principal!.Identity!;
        var userId = identity.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "";
        var now = clock.GetUtcNow();
        var previous = context.HttpContext.User;
        var refresh = previous.Identity?.IsAuthenticated == true && previous.FindFirstValue(ClaimTypes.NameIdentifier) == userId;
        if (previous.FindFirstValue(ClaimType) is { } old)
        {
            await RevokeAsync(db, old, now);
        }
        foreach (var stale in identity.FindAll(ClaimType).ToList())
        {
            identity.RemoveClaim(stale);
        }
        var id = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        identity.AddClaim(new Claim(ClaimType, id));
        // Rows of this user's ended sessions are dropped here (few per user; compared in memory, SQLite keeps DateTimeOffset as binary).
        var ended = (await db.UserSessions.Where(s => s.UserId == userId).ToListAsync()).Where(s => s.ExpiresAt <= now || s.RevokedAt is not null);
        db.UserSessions.RemoveRange(ended);
        db.UserSessions.Add(New(context.HttpContext, id, userId, UserSessionKind.Browser, now, now + options.AbsoluteLifetime));
        await db.SaveChangesAsync();
        if (!refresh)
        {
            await services.GetRequiredService<SecurityEvents>().RecordAsync(SecurityEventKind.SignInSucceeded, userId, identity.Name);
        }
    }

    /// <summary>Every request with the cookie: its session must be live in the database; then the security stamp (Identity's, within a minute).</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context, Func<CookieValidatePrincipalContext, Task> securityStamp)
    {
        var services = context.HttpContext.RequestServices;
        var id = context.Principal?.FindFirstValue(ClaimType);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var session = id is null ? null : await services.GetRequiredService<AppDbContext>().UserSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id);
        if (session is null || session.RevokedAt is not null || session.ExpiresAt <= now
            || session.UserId != context.Principal!.FindFirstValue(ClaimTypes.NameIdentifier))
        {
            context.RejectPrincipal();
            context.Options.CookieManager.DeleteCookie(context.HttpContext, context.Options.Cookie.Name!, context.Options.Cookie.Build(context.HttpContext));
            return;
        }
        await SeenAsync(services.GetRequiredService<AppDbContext>(), session, now);
        await securityStamp(context);
    }

    public const int UserAgentLength = 512;

    /// <summary>
    /// A session for an API token: its id goes into the token as the <see cref="ClaimType"/> claim, so that
    /// <see cref="BearerStamp"/> refuses the token once the row is revoked (<c>POST /api/v1/auth/logout</c>, <c>/me/sessions</c>).
    /// </summary>
    public static async Task<Claim> StartApiSessionAsync(HttpContext http, AppDbContext db, string userId, DateTimeOffset now, TimeSpan lifetime)
    {
        var id = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var ended = (await db.UserSessions.Where(s => s.UserId == userId).ToListAsync()).Where(s => s.ExpiresAt <= now || s.RevokedAt is not null);
        db.UserSessions.RemoveRange(ended);
        db.UserSessions.Add(New(http, id, userId, UserSessionKind.ApiToken, now, now + lifetime));
        await db.SaveChangesAsync();
        return new Claim(ClaimType, id);
    }

    /// <summary>Whether the session named by a principal's <see cref="ClaimType"/> claim is live (not revoked, not expired, the same user); its last use is noted.</summary>
    public static async Task<bool> IsLiveAsync(AppDbContext db, ClaimsPrincipal principal, DateTimeOffset now)
    {
        var id = principal.FindFirstValue(ClaimType);
        var session = id is null ? null : await db.UserSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id);
        if (session is null || session.RevokedAt is not null || session.ExpiresAt <= now || session.UserId != principal.FindFirstValue(ClaimTypes.NameIdentifier))
        {
            return false;
        }
        await SeenAsync(db, session, now);
        return true;
    }

    /// <summary>Ends one session now (the user's own list, the API's logout); false when it was not live.</summary>
    public static async Task<bool> EndAsync(AppDbContext db, string id, DateTimeOffset at) =>
        await db.UserSessions.Where(s => s.Id == id && s.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, at)) == 1;

    /// <summary>The last use, written at most once a minute (one UPDATE; no tracked entity is touched).</summary>
    private static async Task SeenAsync(AppDbContext db, UserSession session, DateTimeOffset now)
    {
        if (session.LastSeenAt is null || now - session.LastSeenAt.Value >= TimeSpan.FromMinutes(1))
        {
            await db.UserSessions.Where(s => s.Id == session.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now));
        }
    }

    private static UserSession New(HttpContext http, string id, string userId, UserSessionKind kind, DateTimeOffset now, DateTimeOffset expires)
    {
        var agent = http.Request.Headers.UserAgent.ToString();
        return new UserSession
        {
            Id = id,
            UserId = userId,
            Kind = kind,
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = expires,
            ClientAddress = http.Connection.RemoteIpAddress?.ToString(),
            UserAgent = agent.Length == 0 ? null : agent.Length > UserAgentLength ? agent[..UserAgentLength] : agent,
        };
    }

    /// <summary>Sign-out: the session is revoked, so the cookie is worthless even if it was copied.</summary>
    public static async Task OnSigningOutAsync(CookieSigningOutContext context)
    {
        var services = context.HttpContext.RequestServices;
        var user = context.HttpContext.User;
        if (user.FindFirstValue(ClaimType) is not { } id)
        {
            return;
        }
        await RevokeAsync(services.GetRequiredService<AppDbContext>(), id, services.GetRequiredService<TimeProvider>().GetUtcNow());
        await services.GetRequiredService<SecurityEvents>().RecordAsync(SecurityEventKind.SignedOut, user.FindFirstValue(ClaimTypes.NameIdentifier), user.Identity?.Name);
    }

    /// <summary>The session id survives Identity's refresh of the principal (security stamp check, role change).</summary>
    public static Task KeepSessionId(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.CurrentPrincipal?.FindFirst(ClaimType) is { } sid && context.NewPrincipal?.Identity is ClaimsIdentity identity && !identity.HasClaim(c => c.Type == ClaimType))
        {
            identity.AddClaim(new Claim(ClaimType, sid.Value));
        }
        return Task.CompletedTask;
    }

    private static async Task RevokeAsync(AppDbContext db, string id, DateTimeOffset at)
    {
        var row = await db.UserSessions.FirstOrDefaultAsync(s => s.Id == id);
        if (row is { RevokedAt: null })
        {
            row.RevokedAt = at;
            await db.SaveChangesAsync();
        }
    }

    /// <summary>How a page names a session (a hash of its id): the id itself is the secret the cookie carries and never leaves the server.</summary>
    public static string Handle(string id) => Base64UrlEncode(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("session-handle:" + id)))[..22];

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
