using Microsoft.Extensions.Options;

namespace MuniSocial.Infrastructure.Email;

/// <summary>
/// One e-mail waiting to be sent, written in the same save as what it tells about, so that nothing is lost and a
/// request never fails because SMTP is down. The <see cref="MailOutboxSender"/> sends it and marks it sent.
/// </summary>
public sealed class OutboxMail
{
    public const int MaxSubject = 300;
    public const int MaxBody = 20_000;

    private OutboxMail() { }

    public OutboxMail(OutgoingMail mail, string? topic, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(mail);
        Id = Guid.CreateVersion7();
        To = mail.To;
        ToName = mail.ToName;
        Subject = mail.Subject.Length > MaxSubject ? mail.Subject[..MaxSubject] : mail.Subject;
        Body = mail.Body.Length > MaxBody ? mail.Body[..MaxBody] : mail.Body;
        Topic = topic;
        CreatedAt = at;
        NextAttemptAt = at;
    }

    public Guid Id { get; private set; }
    public string To { get; private set; } = "";
    public string ToName { get; private set; } = "";
    public string Subject { get; private set; } = "";
    public string Body { get; private set; } = "";

    /// <summary>What it is about, e.g. "incident:{id}" (for finding a thing's mails).</summary>
    public string? Topic { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }
    public string? LastError { get; private set; }

    public bool IsSent => SentAt is not null;

    public OutgoingMail ToOutgoing() => new(To, ToName, Subject, Body);

    public void MarkSent(DateTimeOffset at)
    {
        Attempts++;
        SentAt = at;
        LastError = null;
    }

    /// <summary>A failed attempt: the error kept, the next one after a backoff (30 s, 1, 2, 4 … minutes, at most 30 minutes).</summary>
    public void MarkFailed(string error, DateTimeOffset at)
    {
        Attempts++;
        LastError = error.Length > 1000 ? error[..1000] : error;
        NextAttemptAt = at + MailOutbox.Backoff(Attempts);
    }
}

/// <summary>
/// The mail outbox: <see cref="Enqueue"/> adds mails to the caller's save (the caller saves once, with the change
/// they tell about); the background <see cref="MailOutboxSender"/> sends them within a minute and retries on failure.
/// Without SMTP (Smtp:Host empty) they stay in the outbox, unsent.
/// </summary>
public static class MailOutbox
{
    /// <summary>Raised after a save that enqueued mail, so that the sender does not wait for its next poll.</summary>
    internal static event Action? Enqueued;

    public static IReadOnlyList<OutboxMail> Enqueue(AppDbContext db, IEnumerable<OutgoingMail> mails, DateTimeOffset at, string? topic = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(mails);
        var rows = mails.Where(m => !string.IsNullOrWhiteSpace(m.To)).Select(m => new OutboxMail(m, topic, at)).ToList();
        if (rows.Count > 0)
        {
            db.OutboxMails.AddRange(rows);
            db.SavedChanges += WakeOnce;
        }
        return rows;

        void WakeOnce(object? sender, Microsoft.EntityFrameworkCore.SavedChangesEventArgs e)
        {
            db.SavedChanges -= WakeOnce;
            Enqueued?.Invoke();
        }
    }

    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(30 * Math.Pow(2, Math.Max(0, attempts - 1)), 30 * 60));

    /// <summary>Mails that failed at least once and are not sent yet (the admin's jobs page).</summary>
    public static async Task<List<OutboxMail>> FailingAsync(AppDbContext db, CancellationToken ct) =>
        (await db.OutboxMails.AsNoTracking().Where(m => m.SentAt == null && m.Attempts > 0).ToListAsync(ct))
            .OrderByDescending(m => m.CreatedAt).Take(100).ToList();

    internal static void AddMailOutbox(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OutboxOptions>().Bind(builder.Configuration.GetSection("MailOutbox"));
        builder.Services.AddHostedService<MailOutboxSender>();
    }
}

/// <summary>Configuration section "MailOutbox".</summary>
public sealed class OutboxOptions
{
    /// <summary>How often the sender looks for mail when not woken by a save (seconds).</summary>
    public int PollSeconds { get; set; } = 10;

    public int BatchSize { get; set; } = 50;
}

/// <summary>
/// Sends the outbox: woken after a save that enqueued mail, else every <see cref="OutboxOptions.PollSeconds"/>.
/// A failure is logged and the mail retried after a backoff; nothing is thrown to a request.
/// </summary>
public sealed class MailOutboxSender(IServiceScopeFactory scopes, MailSender sender, TimeProvider clock, IOptions<OutboxOptions> options,
    ILogger<MailOutboxSender> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!sender.Enabled)
        {
            logger.LogInformation("SMTP is not configured: outbox mail stays unsent");
            return;
        }
        MailOutbox.Enqueued += Wake;
        try
        {
            var poll = TimeSpan.FromSeconds(Math.Max(1, options.Value.PollSeconds));
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await SendDueAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "The mail outbox could not be processed; trying again later");
                }
                await _wake.WaitAsync(poll, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
        finally
        {
            MailOutbox.Enqueued -= Wake;
        }
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    /// <summary>Sends what is due now; returns how many were sent.</summary>
    /// <summary>How long a claimed mail is left to the instance sending it before another may try it.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(5);

    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow();
        var due = (await db.OutboxMails.Where(m => m.SentAt == null && m.NextAttemptAt <= now).ToListAsync(ct))
            .OrderBy(m => m.CreatedAt).Take(Math.Max(1, options.Value.BatchSize)).ToList();
        // Claim each mail before sending it, so that two app instances on one database never send the same mail twice:
        // the conditional update wins for one of them; a claim left by a process killed mid-send lapses after the lease.
        var lease = now + ClaimLease;
        var claimed = new List<OutboxMail>(due.Count);
        foreach (var mail in due)
        {
            var observed = mail.NextAttemptAt;
            var won = await db.OutboxMails.Where(m => m.Id == mail.Id && m.SentAt == null && m.NextAttemptAt == observed)
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.NextAttemptAt, lease), ct);
            if (won == 1)
            {
                claimed.Add(mail);
            }
        }
        due = claimed;
        if (due.Count == 0)
        {
            return 0;
        }
        var results = await sender.SendAsync([.. due.Select(m => m.ToOutgoing())], ct);
        var sent = 0;
        for (var i = 0; i < due.Count; i++)
        {
            if (results[i] is null)
            {
                due[i].MarkSent(clock.GetUtcNow());
                sent++;
            }
            else
            {
                due[i].MarkFailed(results[i]!, clock.GetUtcNow());
                logger.LogWarning("Outbox mail {Id} to {To} failed (attempt {Attempts}): {Error}", due[i].Id, due[i].To, due[i].Attempts, results[i]);
            }
        }
        await db.SaveChangesAsync(ct);
        return sent;
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}
