using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace MuniSocial.Infrastructure.PublicSite;

/// <summary>
/// Public GETs as fast as static files: each answer (by path and query) is rendered once per snapshot edition through
/// the ordinary pipeline, kept as bytes with its headers, and served from then on by this middleware before anything
/// else runs — with a strong ETag (a hash of the bytes), Last-Modified (when public data last changed), 304 for
/// If-None-Match / If-Modified-Since, and never a cookie. A new edition (a change, disaster mode, recovery) drops them all.
/// Signed-in staff (an auth cookie or a bearer token) get the page rendered for them, with their menu, except in
/// disaster mode, when everyone gets the public bytes.
/// </summary>
public sealed class PublicResponseCache
{
    /// <summary>A bound on the answers kept per edition (distinct verify addresses could otherwise fill the memory).</summary>
    public const int MaxEntries = 4096;
    private const long MaxBytes = 64L * 1024 * 1024;
    private const string CacheControlValue = "no-cache";

    private static readonly HashSet<string> SkippedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.SetCookie, HeaderNames.Date, HeaderNames.Server, HeaderNames.ContentLength, HeaderNames.TransferEncoding,
        HeaderNames.ETag, HeaderNames.LastModified, HeaderNames.CacheControl, HeaderNames.Pragma, HeaderNames.Expires,
    };

    private readonly RequestDelegate _next;
    private readonly PublicSiteState _site;
    private Entries _entries = new(0);

    public PublicResponseCache(RequestDelegate next, PublicSiteState site)
    {
        _next = next;
        _site = site;
        site.Changed += e => Volatile.Write(ref _entries, new Entries(e.Number));
    }

    private sealed class Entries(long edition)
    {
        public long Edition { get; } = edition;
        public ConcurrentDictionary<string, Answer> ByKey { get; } = new(StringComparer.Ordinal);
        public long Bytes;
    }

    private sealed record Answer(int Status, KeyValuePair<string, StringValues>[] Headers, byte[] Body, string ETag, string LastModified, DateTimeOffset LastModifiedAt);

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var get = HttpMethods.IsGet(request.Method);
        if (!(get || HttpMethods.IsHead(request.Method)) || !PublicPaths.IsPublic(request.Path))
        {
            await _next(context);
            return;
        }
        var edition = await _site.EditionAsync(context.RequestAborted);
        if (!edition.Degraded && IsStaff(request))
        {
            await _next(context);
            return;
        }
        var entries = Volatile.Read(ref _entries);
        if (entries.Edition != edition.Number)
        {
            // The edition changed after the event (or before the first one): start its set here.
            var fresh = new Entries(edition.Number);
            entries = Interlocked.CompareExchange(ref _entries, fresh, entries) == entries ? fresh : Volatile.Read(ref _entries);
        }
        var key = Key(request);
        if (entries.Edition == edition.Number && entries.ByKey.TryGetValue(key, out var answer))
        {
            await WriteAsync(context, answer, get);
            return;
        }
        if (!get)
        {
            // A HEAD that finds nothing rendered is answered by the pipeline as it is.
            await _next(context);
            return;
        }
        answer = await RenderAsync(context, edition);
        if (answer is null)
        {
            return;
        }
        if (answer.Status == StatusCodes.Status200OK && entries.Edition == edition.Number
            && entries.ByKey.Count < MaxEntries && Interlocked.Add(ref entries.Bytes, answer.Body.Length) < MaxBytes)
        {
            entries.ByKey.TryAdd(key, answer);
        }
        await WriteAsync(context, answer, get: true);
    }

    /// <summary>Path (case folded) and query as sent.</summary>
    private static string Key(HttpRequest request)
    {
        var path = request.Path.Value!;
        var query = request.QueryString.Value;
        return string.IsNullOrEmpty(query) || query == "?" ? path.ToLowerInvariant() : string.Concat(path.ToLowerInvariant(), query);
    }

    private static bool IsStaff(HttpRequest request) =>
        request.Headers.Authorization.Count > 0 || request.Cookies.ContainsKey(IdentityCookieName)
        || request.Cookies.ContainsKey(IdentitySetup.CookieName(IdentityCookieName, secure: true));

    /// <summary>The staff sign-in cookie (IdentitySetup; with the <c>__Host-</c> prefix when cookies are secure).</summary>
    public const string IdentityCookieName = IdentitySetup.AuthCookieName;

    /// <summary>Runs the rest of the pipeline into a buffer; null when it answered in a way that cannot be kept (already started).</summary>
    private async Task<Answer?> RenderAsync(HttpContext context, PublicSiteEdition edition)
    {
        // Rendered as for anyone: in disaster mode a signed-in user's request renders the public bytes too, without their menu.
        context.Request.Headers.Remove(HeaderNames.Cookie);
        context.Request.Headers.Remove(HeaderNames.Authorization);
        var response = context.Response;
        var original = response.Body;
        using var buffer = new MemoryStream();
        response.Body = buffer;
        try
        {
            await _next(context);
        }
        finally
        {
            response.Body = original;
        }
        if (response.HasStarted)
        {
            await original.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
            return null;
        }
        var body = buffer.ToArray();
        if (edition.Degraded)
        {
            body = MarkStale(response, body, edition);
        }
        var headers = response.Headers.Where(h => !SkippedHeaders.Contains(h.Key)).ToArray();
        response.Headers.Remove(HeaderNames.SetCookie);
        var etag = $"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body).AsSpan(0, 12))}\"";
        var lastModified = new DateTimeOffset(edition.LastModified.UtcTicks - (edition.LastModified.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        return new Answer(response.StatusCode, headers, body, etag, lastModified.ToString("R", CultureInfo.InvariantCulture), lastModified);
    }

    /// <summary>
    /// Disaster mode in the JSON: a header on every answer, and in an object (verify, one account) the fields
    /// <c>stale: true</c>, <c>dataAsOf</c> and <c>notice</c> first. A list stays a list (its shape is the contract).
    /// </summary>
    private static byte[] MarkStale(HttpResponse response, byte[] body, PublicSiteEdition edition)
    {
        var asOf = edition.ConfirmedAt.ToString("O", CultureInfo.InvariantCulture);
        response.Headers["X-Public-Data-As-Of"] = asOf;
        response.Headers["Warning"] = "110 - \"Response is Stale\"";
        if (response.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true && body.Length > 1 && body[0] == (byte)'{')
        {
            var fields = System.Text.Encoding.UTF8.GetBytes(
                $"\"stale\":true,\"dataAsOf\":\"{asOf}\",\"notice\":{System.Text.Json.JsonSerializer.Serialize(edition.DegradedNotice, NoticeJson)}{(body[1] == (byte)'}' ? "" : ",")}");
            return [body[0], .. fields, .. body.AsSpan(1)];
        }
        return body;
    }

    private static readonly System.Text.Json.JsonSerializerOptions NoticeJson = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    private static Task WriteAsync(HttpContext context, Answer answer, bool get)
    {
        var response = context.Response;
        var headers = response.Headers;
        headers.Clear();
        response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers)
        {
            headers[name] = value;
        }
        if (answer.Status != StatusCodes.Status200OK)
        {
            headers.ContentLength = answer.Body.Length;
            return get ? response.Body.WriteAsync(answer.Body, 0, answer.Body.Length, context.RequestAborted) : Task.CompletedTask;
        }
        headers.ETag = answer.ETag;
        headers.LastModified = answer.LastModified;
        headers.CacheControl = CacheControlValue;
        if (NotModified(context.Request, answer))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            headers.Remove(HeaderNames.ContentType);
            return Task.CompletedTask;
        }
        headers.ContentLength = answer.Body.Length;
        return get ? response.Body.WriteAsync(answer.Body, 0, answer.Body.Length, context.RequestAborted) : Task.CompletedTask;
    }

    /// <summary>RFC 9110 §13.2.2: If-None-Match decides when present; otherwise If-Modified-Since.</summary>
    private static bool NotModified(HttpRequest request, Answer answer)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count > 0)
        {
            foreach (var value in ifNoneMatch)
            {
                if (value is null)
                {
                    continue;
                }
                foreach (var tag in value.Split(','))
                {
                    var t = tag.Trim();
                    if (t == "*" || t == answer.ETag || (t.StartsWith("W/", StringComparison.Ordinal) && t[2..] == answer.ETag))
                    {
                        return true;
                    }
                }
            }
            return false;
        }
        return request.Headers.IfModifiedSince.Count > 0
            && DateTimeOffset.TryParseExact(request.Headers.IfModifiedSince.ToString(), "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since)
            && answer.LastModifiedAt <= since;
    }
}
