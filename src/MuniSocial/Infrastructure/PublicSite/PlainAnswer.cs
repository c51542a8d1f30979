using System.Globalization;

namespace MuniSocial.Infrastructure.PublicSite;

/// <summary>
/// The one way the public site answers "not now" (503 while the database is down, 429 over the verify limit): a
/// ProblemDetails with its rule under <c>/api</c>, otherwise a small Japanese page that needs nothing but the CSS —
/// neither the database nor the Razor pipeline — with <c>Retry-After</c> and <c>no-store</c>.
/// </summary>
public static class PlainAnswer
{
    public static async Task WriteAsync(HttpContext context, int status, int retryAfterSeconds, string title, string message, string rule,
        string? more = null, CancellationToken ct = default)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await TypedResults.Problem(detail: message, statusCode: status, title: title,
                extensions: new Dictionary<string, object?> { ["rule"] = rule, ["retryAfter"] = retryAfterSeconds }).ExecuteAsync(context);
            return;
        }
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="ja">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{System.Net.WebUtility.HtmlEncode(title)}} | 名寄市ソーシャルメディア</title>
            <link rel="stylesheet" href="/css/site.css">
            </head>
            <body>
            <main id="main" class="wrap">
            <h1>{{System.Net.WebUtility.HtmlEncode(title)}}</h1>
            <p>{{System.Net.WebUtility.HtmlEncode(message)}}</p>
            <p>{{more ?? """<a href="/">名寄市ソーシャルメディア一覧へ</a>"""}}</p>
            </main>
            </body>
            </html>
            """, ct);
    }
}
