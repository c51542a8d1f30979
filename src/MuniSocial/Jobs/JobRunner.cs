
namespace MuniSocial.Jobs;

/// <summary>Settings of the scheduler ("Jobs" in configuration).</summary>
public sealed class JobOptions
{
    /// <summary>Whether the in-app scheduler runs. Off in the test host, where tests run jobs themselves.</summary>
    public bool? Enabled { get; set; }

    /// <summary>When the daily jobs run, Asia/Tokyo, "HH:mm".</summary>
    public string DailyAt { get; set; } = "07:30";

    public TimeOnly DailyTime => TimeOnly.ParseExact(DailyAt, "HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    public static bool IsValid(JobOptions o) =>
        TimeOnly.TryParseExact(o.DailyAt, "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _);
}

/// <summary>Runs a job in a scope of its own and records the run (start, end, outcome, summary) for /admin/jobs.</summary>
public sealed class JobRunner(IServiceScopeFactory scopes, TimeProvider clock, ILogger<JobRunner> logger)
{
    public static readonly IReadOnlyDictionary<string, string> Titles = new Dictionary<string, string>
    {
        [DailyReminderJob.Name] = "朝の通知（確認のお願い・確認漏れ・運用期間の終了・期限超過・正式回答の期限・日次サマリー）",
        [CommentRetentionJob.Name] = "利用者の書込みの保存期間（期間を過ぎた本文・投稿者・URLの消去）",
        [WatchJob.Name] = "発信の監視（接続したアカウントの投稿を読み取り、未承認の投稿を検知・返信を受信箱へ）",
    };

    public async Task<JobRun> RunAsync(string name, string trigger, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var run = new JobRun(name, trigger, clock.GetUtcNow());
        db.Add(run);
        await db.SaveChangesAsync(ct);
        string summary;
        var ok = false;
        try
        {
            await using var jobScope = scopes.CreateAsyncScope();
            IJob job = name switch
            {
                _ when name == DailyReminderJob.Name => jobScope.ServiceProvider.GetRequiredService<DailyReminderJob>(),
                _ when name == CommentRetentionJob.Name => jobScope.ServiceProvider.GetRequiredService<CommentRetentionJob>(),
                _ when name == WatchJob.Name => jobScope.ServiceProvider.GetRequiredService<WatchJob>(),
                _ => throw new ArgumentException($"unknown job {name}", nameof(name)),
            };
            summary = await job.RunAsync(ct);
            ok = true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            summary = "停止のため中断しました。";
        }
        catch (Exception ex) when (ex is not ArgumentException)
        {
            // A job's failure is recorded for the admin and must not stop the scheduler.
            logger.LogError(ex, "Job {Job} failed", name);
            summary = ex is JobFailedException ? ex.Message : $"失敗: {ex.GetType().Name}: {ex.Message}";
        }
        run.Finish(clock.GetUtcNow(), ok, summary);
        await db.SaveChangesAsync(CancellationToken.None);
        return run;
    }

    /// <summary>
    /// Runs a scheduled job on one app instance only: the others skip it while it runs (a PostgreSQL session advisory lock per
    /// job, held on a connection of its own; SQLite is one instance, a lock in the process), and the one that gets the lock
    /// checks again that nobody ran it today (<paramref name="onceOn"/>). Returns null when it did not run.
    /// </summary>
    public async Task<JobRun?> RunOnceAsync(string name, string trigger, DateOnly? onceOn, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (!db.Database.IsNpgsql())
        {
            var gate = InProcess.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
            if (!await gate.WaitAsync(0, ct))
            {
                return null;
            }
            try
            {
                return onceOn is { } d && await RanOnAsync(name, d, ct) ? null : await RunAsync(name, trigger, ct);
            }
            finally
            {
                gate.Release();
            }
        }
        await using var connection = new Npgsql.NpgsqlConnection(db.Database.GetConnectionString());
        await connection.OpenAsync(ct);
        var key = LockKey(name);
        await using (var take = new Npgsql.NpgsqlCommand("SELECT pg_try_advisory_lock(@k)", connection))
        {
            take.Parameters.AddWithValue("k", key);
            if (await take.ExecuteScalarAsync(ct) is not true)
            {
                logger.LogInformation("Job {Job} is running on another instance; skipped here", name);
                return null;
            }
        }
        try
        {
            return onceOn is { } d && await RanOnAsync(name, d, ct) ? null : await RunAsync(name, trigger, ct);
        }
        finally
        {
            await using var release = new Npgsql.NpgsqlCommand("SELECT pg_advisory_unlock(@k)", connection);
            release.Parameters.AddWithValue("k", key);
            await release.ExecuteScalarAsync(CancellationToken.None);
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> InProcess = new(StringComparer.Ordinal);

    /// <summary>A stable 64-bit advisory lock key per job name.</summary>
    private static long LockKey(string name) =>
        BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("munisocial-job:" + name)), 0);

    /// <summary>Whether the job has a successful run that started on <paramref name="day"/> (Tokyo).</summary>
    public async Task<bool> RanOnAsync(string name, DateOnly day, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(9)).ToUniversalTime();
        return await db.JobRuns.AnyAsync(r => r.Job == name && r.Outcome == "succeeded" && r.StartedAt >= start, ct);
    }
}

/// <summary>
/// The in-app scheduler: runs the daily jobs at <see cref="JobOptions.DailyAt"/> (Tokyo) every day, and at
/// start-up when today's run is missing (a server that was down at that time catches up). Time comes from
/// the injected TimeProvider. With two servers, a job runs on one of them (<see cref="JobRunner.RunOnceAsync"/>); the jobs are
/// also safe to run twice.
/// </summary>
public sealed class JobScheduler(JobRunner runner, TimeProvider clock, Microsoft.Extensions.Options.IOptions<JobOptions> options, ILogger<JobScheduler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var at = options.Value.DailyTime;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var local = Wareki.ToTokyo(now);
            var today = DateOnly.FromDateTime(local.DateTime);
            var todayRun = new DateTimeOffset(today.ToDateTime(at), TimeSpan.FromHours(9));
            try
            {
                // The watch runs on its own interval (WatchScheduler), not once a day.
                foreach (var job in JobRunner.Titles.Keys.Where(j => j != WatchJob.Name))
                {
                    if (now >= todayRun && !await runner.RanOnAsync(job, today, stoppingToken))
                    {
                        await runner.RunOnceAsync(job, "schedule", today, stoppingToken);
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // e.g. the database is briefly unavailable: try again at the next tick.
                logger.LogError(ex, "Scheduler tick failed");
            }
            var next = now >= todayRun ? todayRun.AddDays(1) : todayRun;
            // Wake at least hourly, so that a clock change or a failed tick is picked up.
            var wait = next - clock.GetUtcNow();
            if (wait > TimeSpan.FromHours(1))
            {
                wait = TimeSpan.FromHours(1);
            }
            if (wait < TimeSpan.FromSeconds(1))
            {
                wait = TimeSpan.FromSeconds(1);
            }
            await Task.Delay(wait, clock, stoppingToken);
        }
    }
}
