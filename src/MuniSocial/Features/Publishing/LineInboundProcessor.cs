using System.Text.Json;
using Microsoft.Extensions.Options;
using MuniSocial.Domain.Comments;

namespace MuniSocial.Features.Publishing;

/// <summary>Configuration section "Connectors:LineInbound".</summary>
public sealed class LineInboundOptions
{
    /// <summary>Whether the processor runs in the background (default: on, off under the Testing environment).</summary>
    public bool? Enabled { get; set; }

    /// <summary>How often it looks for events when not woken by the webhook (seconds).</summary>
    public int PollSeconds { get; set; } = 30;

    public int BatchSize { get; set; } = 100;
}

/// <summary>Wakes the processor after the webhook stored events, so that a message reaches the inbox within seconds.</summary>
public sealed class LineInboundSignal : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0);

    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _wake.WaitAsync(timeout, ct);

    public void Dispose() => _wake.Dispose();
}

public static class LineInboundSetup
{
    /// <summary>The webhook's signal and the processor (in the background unless Connectors:LineInbound:Enabled is false; off under tests unless set).</summary>
    public static void AddLineInbound(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LineInboundOptions>().Bind(builder.Configuration.GetSection("Connectors:LineInbound"));
        builder.Services.AddSingleton<LineInboundSignal>();
        builder.Services.AddSingleton<LineInboundProcessor>();
        var enabled = builder.Configuration.GetValue<bool?>("Connectors:LineInbound:Enabled") ?? !builder.Environment.IsEnvironment("Testing");
        if (enabled)
        {
            builder.Services.AddHostedService(sp => sp.GetRequiredService<LineInboundProcessor>());
        }
    }
}

/// <summary>
/// Turns the LINE events the webhook stored into what they mean, after the webhook has answered: a user's message
/// becomes a direct message in the comments inbox (§5(4)ア) through <see cref="ConnectorInbox"/>; follow, unfollow,
/// postback and the other events are marked processed without a comment. A failure is kept on the event and tried
/// again after a backoff. Each event is claimed before it is processed (a conditional update), so two app instances
/// never take the same one, and a claim left by a process that died lapses after <see cref="ClaimLease"/>.
/// </summary>
public sealed class LineInboundProcessor(IServiceScopeFactory scopes, TimeProvider clock, LineInboundSignal signal, IOptions<LineInboundOptions> options,
    ILogger<LineInboundProcessor> logger) : BackgroundService
{
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(Math.Max(1, options.Value.PollSeconds));
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "LINE events could not be processed; trying again later");
                }
                await signal.WaitAsync(poll, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    /// <summary>Processes the events due now; returns how many were processed (failures not counted).</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        List<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            // DateTimeOffset is compared in memory (SQLite cannot compare it in SQL); unprocessed events are few.
            due = [.. (await db.InboundEvents.AsNoTracking().Where(e => e.ProcessedAt == null && e.Platform == Platform.Line).ToListAsync(ct))
                .Where(e => e.IsDue(now)).OrderBy(e => e.ReceivedAt).ThenBy(e => e.Id).Take(Math.Max(1, options.Value.BatchSize)).Select(e => e.Id)];
        }
        var processed = 0;
        foreach (var id in due)
        {
            if (await ProcessAsync(id, now, ct))
            {
                processed++;
            }
        }
        return processed;
    }

    private async Task<bool> ProcessAsync(Guid id, DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var seen = await db.InboundEvents.AsNoTracking().Where(e => e.Id == id).Select(e => new { e.ProcessedAt, e.Attempts, e.NextAttemptAt }).SingleAsync(ct);
        if (seen.ProcessedAt is not null)
        {
            return false;
        }
        var lease = now + ClaimLease;
        var claimed = await db.InboundEvents.Where(e => e.Id == id && e.ProcessedAt == null && e.Attempts == seen.Attempts && e.NextAttemptAt == seen.NextAttemptAt)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.NextAttemptAt, lease), ct);
        if (claimed != 1)
        {
            return false; // another instance took it
        }
        var inbound = await db.InboundEvents.SingleAsync(e => e.Id == id, ct);
        try
        {
            Guid? commentId = null;
            var keep = false;
            if (LineEvents.CommentOf(inbound.RawJson) is { } input)
            {
                var account = await db.Accounts.Include(a => a.Policies).SingleAsync(a => a.Id == inbound.AccountId, ct);
                var outcome = await ConnectorInbox.RecordAsync(db, account, [input], now, ct);
                commentId = outcome.Added.Count > 0 ? outcome.Added[0].Id
                    : await db.Comments.Where(c => c.AccountId == inbound.AccountId && c.PlatformCommentId == input.PlatformCommentId)
                        .Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
                if (outcome.Refused > 0)
                {
                    keep = true;
                    logger.LogWarning("LINE event {EventId} of account {AccountId}: the comment rules refused the message; kept as a raw event only",
                        inbound.EventId, inbound.AccountId);
                }
            }
            inbound.MarkProcessed(commentId, now);
            if (!keep)
            {
                // The message is now a comment, under the comments' retention; the raw copy would outlive it.
                inbound.ForgetContent(LineEvents.WithoutContent(inbound.RawJson));
            }
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "LINE event {EventId} of account {AccountId} could not be processed; trying again later", inbound.EventId, inbound.AccountId);
            db.ChangeTracker.Clear();
            var again = await db.InboundEvents.SingleAsync(e => e.Id == id, ct);
            again.MarkFailed(ex.Message, now);
            await db.SaveChangesAsync(ct);
            return false;
        }
    }
}

/// <summary>
/// What a LINE webhook event means for the inbox. A <c>message</c> event is a user's direct message: the author is
/// <c>source.userId</c> (the id a reply is pushed to), the comment id is <c>message.id</c>, the time is the event's
/// <c>timestamp</c> (ms), the text is the message's text or a label of what was sent (画像, スタンプ …: the content
/// itself stays on LINE). Other events (follow, unfollow, postback, join …) make no comment. Once processed, an event
/// keeps no content (<see cref="WithoutContent"/>): the comment is the record, and the comments' retention applies to it.
/// Reference: https://developers.line.biz/en/reference/messaging-api/#message-event and #webhook-event-objects .
/// </summary>
public static class LineEvents
{
    public static CommentInput? CommentOf(string rawJson)
    {
        using var json = JsonDocument.Parse(rawJson);
        var e = json.RootElement;
        if (Text(e, "type") != "message" || !e.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var source = e.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
        var author = (source.ValueKind == JsonValueKind.Object ? Text(source, "userId") ?? Text(source, "groupId") ?? Text(source, "roomId") : null)
            ?? "LINE利用者（IDなし）";
        DateTimeOffset? at = e.TryGetProperty("timestamp", out var t) && t.TryGetInt64(out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        return new CommentInput(CommentKind.DirectMessage, author, TextOf(message), null, at, Text(message, "id"));
    }

    /// <summary>What is kept of an event once processed: its type, id, time and redelivery flag — no user id, no content.</summary>
    public static string WithoutContent(string rawJson)
    {
        using var json = JsonDocument.Parse(rawJson);
        var e = json.RootElement;
        var kept = new Dictionary<string, object?>
        {
            ["type"] = Text(e, "type"),
            ["webhookEventId"] = Text(e, "webhookEventId"),
            ["timestamp"] = e.TryGetProperty("timestamp", out var t) && t.TryGetInt64(out var ms) ? ms : null,
            ["isRedelivery"] = e.TryGetProperty("deliveryContext", out var d) && d.ValueKind == JsonValueKind.Object
                && d.TryGetProperty("isRedelivery", out var r) && r.ValueKind == JsonValueKind.True,
            ["contentRemoved"] = true,
        };
        return JsonSerializer.Serialize(kept);
    }

    /// <summary>The message's text, or a label of what was sent.</summary>
    public static string TextOf(JsonElement message) => Text(message, "type") switch
    {
        "text" => Text(message, "text") ?? "",
        "image" => "［画像］",
        "video" => "［動画］",
        "audio" => "［音声］",
        "file" => Text(message, "fileName") is { } name ? $"［ファイル: {name}］" : "［ファイル］",
        "location" => "［位置情報］" + string.Join(" ", new[] { Text(message, "title"), Text(message, "address") }.Where(x => !string.IsNullOrWhiteSpace(x))),
        "sticker" => "［スタンプ］",
        var other => $"［{other ?? "不明な種類"}のメッセージ］",
    };

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
