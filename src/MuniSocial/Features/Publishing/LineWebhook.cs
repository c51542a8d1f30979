using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using MuniSocial.Domain.Publishing;
using MuniSocial.Infrastructure.Connectors;

namespace MuniSocial.Features.Publishing;

/// <summary>
/// The LINE webhook, <c>POST /webhooks/line/{accountId}</c> — the URL the section enters as the Webhook URL of the
/// account's Messaging API channel. Anonymous (LINE signs instead of signing in), outside /api/v1, no antiforgery.
/// <list type="number">
/// <item>The account has no LINE connection → 404 with no detail (a wrong URL in the LINE console, or a disconnected account).</item>
/// <item><c>x-line-signature</c> must be Base64(HMAC-SHA256(channel secret, raw body)), compared in constant time;
///   missing or wrong → 401 and nothing stored.</item>
/// <item>The body must be LINE's JSON (<c>{"destination": …, "events": [ … ]}</c>) → else 400, nothing stored.
///   An empty <c>events</c> list (the console's 検証 / Verify button) → 200.</item>
/// <item>Each event is stored raw as an <see cref="InboundEvent"/> keyed by its <c>webhookEventId</c>: a redelivered
///   event (<c>deliveryContext.isRedelivery</c>) or two deliveries racing store it once (the unique index decides,
///   the loser re-checks). Stored → 200 at once; the <see cref="LineInboundProcessor"/> turns it into a comment after.
///   The database cannot store it → 503, so that LINE redelivers it.</item>
/// </list>
/// References: https://developers.line.biz/en/docs/messaging-api/receiving-messages/#verify-webhook-signature ,
/// https://developers.line.biz/en/reference/messaging-api/#request-body (webhook event objects, webhookEventId, deliveryContext),
/// https://developers.line.biz/en/docs/messaging-api/receiving-messages/#webhook-redelivery .
/// </summary>
public static class LineWebhook
{
    /// <summary>The largest body taken (LINE sends far less; anything larger is not LINE).</summary>
    public const int MaxBody = 1_048_576;

    public const string SignatureHeader = "x-line-signature";

    public static void MapLineWebhook(this WebApplication app) =>
        app.MapPost("/webhooks/line/{accountId:guid}", ReceiveAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxBody))
            .ExcludeFromDescription();

    private static async Task<IResult> ReceiveAsync(Guid accountId, HttpContext http, AppDbContext db, ConnectionSecrets secrets, LineInboundSignal signal,
        TimeProvider clock, ILoggerFactory loggers, CancellationToken ct)
    {
        // A webhook answers its status with an empty body, not the staff error page.
        if (http.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }
        var log = loggers.CreateLogger(typeof(LineWebhook).FullName!);
        var body = await ReadBodyAsync(http.Request, ct);
        if (body is null)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        AccountConnection? connection;
        try
        {
            connection = await db.AccountConnections.AsNoTracking().SingleOrDefaultAsync(c => c.AccountId == accountId && c.Platform == Platform.Line, ct);
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            log.LogError(ex, "LINE webhook for account {AccountId}: the database cannot be read; answering 503 so that LINE redelivers", accountId);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        if (connection is null)
        {
            return Results.NotFound();
        }

        string? channelSecret;
        try
        {
            channelSecret = secrets.Unprotect(connection.ProtectedSecrets).GetValueOrDefault("channelSecret");
        }
        catch (CryptographicException ex)
        {
            log.LogError(ex, "LINE webhook for account {AccountId}: the channel secret cannot be decrypted (Data Protection keys?); answering 503", accountId);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        if (string.IsNullOrEmpty(channelSecret) || !SignatureIsValid(channelSecret, body, http.Request.Headers[SignatureHeader].ToString()))
        {
            log.LogWarning("LINE webhook for account {AccountId}: missing or wrong {Header}; nothing stored", accountId, SignatureHeader);
            return Results.Unauthorized();
        }

        if (ParseEvents(body) is not { } events)
        {
            log.LogWarning("LINE webhook for account {AccountId}: a signed body that is not LINE's webhook JSON; nothing stored", accountId);
            return Results.BadRequest();
        }
        if (events.Count == 0)
        {
            return Results.Ok();
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (await StoreAsync(db, connection.AccountId, events, clock.GetUtcNow(), ct) > 0)
                {
                    signal.Wake();
                }
                return Results.Ok();
            }
            catch (Exception ex) when (IsStorageFailure(ex))
            {
                // Most often a concurrent delivery of the same event won the unique index: look again for what is stored.
                db.ChangeTracker.Clear();
                if (attempt == 2)
                {
                    log.LogError(ex, "LINE webhook for account {AccountId}: {Count} event(s) could not be stored; answering 503 so that LINE redelivers",
                        accountId, events.Count);
                    return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
                }
            }
        }
    }

    /// <summary>Base64(HMAC-SHA256(channel secret, raw body)) against the header, in constant time.</summary>
    public static bool SignatureIsValid(string channelSecret, byte[] body, string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return false;
        }
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(channelSecret), body);
        Span<byte> given = stackalloc byte[64];
        return Convert.TryFromBase64String(header.Trim(), given, out var length)
            && CryptographicOperations.FixedTimeEquals(expected, given[..length]);
    }

    /// <summary>One event of the body: LINE's id of it and its JSON as received.</summary>
    public sealed record LineEvent(string EventId, string RawJson);

    /// <summary>The events of a webhook body, or null when the body is not LINE's webhook JSON.</summary>
    public static IReadOnlyList<LineEvent>? ParseEvents(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
            {
                return null;
            }
            var list = new List<LineEvent>();
            foreach (var e in events.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.Object)
                {
                    return null;
                }
                var raw = e.GetRawText();
                if (raw.Length > InboundEvent.MaxRaw)
                {
                    return null;
                }
                // webhookEventId is in every event LINE sends today; an event without one is keyed by its content.
                var id = e.TryGetProperty("webhookEventId", out var w) && w.ValueKind == JsonValueKind.String && w.GetString() is { Length: > 0 and <= 200 } s
                    ? s
                    : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw)));
                list.Add(new LineEvent(id, raw));
            }
            return [.. list.DistinctBy(e => e.EventId)];
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Stores the events not stored yet; returns how many were new.</summary>
    private static async Task<int> StoreAsync(AppDbContext db, Guid accountId, IReadOnlyList<LineEvent> events, DateTimeOffset now, CancellationToken ct)
    {
        var ids = events.Select(e => e.EventId).ToList();
        var known = await db.InboundEvents.AsNoTracking().Where(e => e.AccountId == accountId && ids.Contains(e.EventId)).Select(e => e.EventId).ToListAsync(ct);
        var fresh = events.Where(e => !known.Contains(e.EventId)).ToList();
        if (fresh.Count == 0)
        {
            return 0;
        }
        db.InboundEvents.AddRange(fresh.Select(e => new InboundEvent(accountId, Platform.Line, e.EventId, e.RawJson, now)));
        await db.SaveChangesAsync(ct);
        return fresh.Count;
    }

    private static bool IsStorageFailure(Exception ex) => ex is DbUpdateException or DbException or TimeoutException;

    /// <summary>The raw body, or null when it is larger than <see cref="MaxBody"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBody)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > MaxBody)
                {
                    return null;
                }
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null; // the server's own limit (the endpoint's RequestSizeLimit) was reached first
        }
        return buffer.ToArray();
    }
}
