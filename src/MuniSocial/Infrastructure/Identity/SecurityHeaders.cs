using System.Security.Claims;
using MuniSocial.Infrastructure.PublicSite;

namespace MuniSocial.Infrastructure.Identity;

/// <summary>
/// The headers every answer carries (ASVS 3.4.x), set when the answer starts so that the public side's pre-rendered
/// answers, the 429/503 plain answers and the error pages get them too:
/// <list type="bullet">
/// <item>a CSP without 'unsafe-inline' (<see cref="ContentSecurityPolicy"/>; <c>data:</c> images for the MFA enrolment QR code),
/// <c>X-Content-Type-Options: nosniff</c>, <c>X-Frame-Options: DENY</c>, <c>Referrer-Policy</c>;</item>
/// <item><c>Cache-Control: no-store</c> on everything that is not the public side or a static file — staff pages, staff
/// downloads, every <c>/api/v1</c> answer (the public pages and <c>/api/public/*</c> keep their own cache headers);</item>
/// <item>HSTS (one year) on HTTPS answers in Production. Behind a TLS-terminating proxy the proxy must be listed in
/// <c>ForwardedHeaders:KnownProxies</c>/<c>KnownNetworks</c> so that its <c>X-Forwarded-Proto: https</c> makes the request HTTPS.</item>
/// </list>
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; "
        + "img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'";

    public const string StrictTransportSecurity = "max-age=31536000";

    public static void UseSecurityHeaders(this WebApplication app)
    {
        var hsts = app.Environment.IsProduction();
        app.Use((context, next) =>
        {
            // Decided from the path as requested (an error page re-executed for a staff path stays no-store).
            var keepsCacheHeaders = PublicPaths.IsPublic(context.Request.Path) || PublicPaths.IsStatic(context.Request.Path);
            context.Response.OnStarting(() =>
            {
                var h = context.Response.Headers;
                h.XContentTypeOptions = "nosniff";
                h.XFrameOptions = "DENY";
                h["Referrer-Policy"] = "strict-origin-when-cross-origin";
                // An answer that set a stricter policy of its own (the uploaded emblem: default-src 'none') keeps it.
                if (string.IsNullOrEmpty(h.ContentSecurityPolicy))
                {
                    h.ContentSecurityPolicy = ContentSecurityPolicy;
                }
                if (!keepsCacheHeaders)
                {
                    h.CacheControl = "no-store";
                    h.Pragma = "no-cache";
                    h.Remove(Microsoft.Net.Http.Headers.HeaderNames.Expires);
                }
                if (hsts && context.Request.IsHttps)
                {
                    h.StrictTransportSecurity = StrictTransportSecurity;
                }
                return Task.CompletedTask;
            });
            return next(context);
        });
    }

    /// <summary>After authentication: every 403 (a page, the API, a use case's refusal) is a security event with who and where.</summary>
    public static void UseAccessRefusedEvents(this WebApplication app) => app.Use(async (context, next) =>
    {
        await next(context);
        // Once per request: not again when the status code page for the 403 is rendered.
        if (context.Response.StatusCode == StatusCodes.Status403Forbidden && context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null)
        {
            var user = context.User;
            await context.RequestServices.GetRequiredService<SecurityEvents>().RecordAsync(SecurityEventKind.AccessRefused,
                user.FindFirstValue(ClaimTypes.NameIdentifier), user.Identity?.Name, context.Request.Method);
        }
    });
}
