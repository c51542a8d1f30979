using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using MuniSocial.Domain.Comments;
using MuniSocial.Domain.Posts;
using MuniSocial.Domain.Publishing;
using MuniSocial.Features.Incidents;
using MuniSocial.Features.Publishing;
using MuniSocial.Infrastructure.Connectors;
using MuniSocial.Infrastructure.Email;

namespace MuniSocial.Jobs;

/// <summary>
/// The watch (§5(2)ウ: every post is approved): reads every Active connection whose platform can be read back, a few
/// accounts at once (<see cref="ConnectorOptions.WatchConcurrency"/>), each in its own DbContext scope and bounded by
/// <see cref="ConnectorOptions.CallTimeout"/> (a hanging platform costs at most that). Each post read is compared with
/// the archive and kept as an <see cref="ObservedPost"/>; an unapproved post or a differing text is e-mailed at once to
/// the account's section head(s) and every PR office user (in the same save). Users' replies read back join the
/// comments inbox through <see cref="ConnectorInbox"/>. Safe to run twice: a post already observed is only seen again.
/// </summary>
public sealed class WatchJob(IServiceScopeFactory scopes, ConnectorRegistry registry, IOptions<ConnectorOptions> options, TimeProvider clock,
    ILogger<WatchJob> logger) : IJob, IDisposable
{
    public static string Name => "watch";

    // The platform calls run side by side; the saves one at a time, because every save extends the one audit chain.
    private readonly SemaphoreSlim _write = new(1, 1);

    public void Dispose() => _write.Dispose();

    /// <summary>What one account's read-back came to.</summary>
    public sealed record AccountOutcome(Guid AccountId, string AccountName, int NewPosts, int NewlyOpen, int Replies, string? Error);

    private sealed record Target(Guid ConnectionId, Guid AccountId, Platform Platform);

    public async Task<string> RunAsync(CancellationToken ct)
    {
        var outcomes = await WatchAllAsync(ct);
        var failed = outcomes.Where(o => o.Error is not null).ToList();
        var summary = new StringBuilder();
        summary.Append(CultureInfo.InvariantCulture, $"接続{outcomes.Count}件を読み取り、新しい投稿{outcomes.Sum(o => o.NewPosts)}件（未承認・承認と異なる本文{outcomes.Sum(o => o.NewlyOpen)}件）、")
            .Append(CultureInfo.InvariantCulture, $"返信・コメント{outcomes.Sum(o => o.Replies)}件を受信箱へ、失敗{failed.Count}件");
        if (failed.Count > 0)
        {
            summary.Append('（').Append(string.Join("／", failed.Take(5).Select(f => $"{f.AccountName}: {f.Error}"))).Append(failed.Count > 5 ? " ほか" : "").Append('）');
        }
        summary.Append('。');
        return summary.ToString();
    }

    /// <summary>Reads every watched connection; one outcome per connection (a failure is an outcome, never an exception).</summary>
    public async Task<IReadOnlyList<AccountOutcome>> WatchAllAsync(CancellationToken ct)
    {
        List<Target> targets;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            targets = (await db.AccountConnections.AsNoTracking().Where(c => c.State == ConnectionState.Active)
                    .Select(c => new Target(c.Id, c.AccountId, c.Platform)).ToListAsync(ct))
                .Where(t => AccountConnection.WatchCovers(t.Platform) && registry.For(t.Platform) is { CanReadBack: true }).ToList();
        }
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<AccountOutcome>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.WatchConcurrency), CancellationToken = ct };
        await Parallel.ForEachAsync(targets, parallel, async (target, token) => outcomes.Add(await WatchOneAsync(target, token)));
        return [.. outcomes];
    }

    private async Task<AccountOutcome> WatchOneAsync(Target target, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var secrets = scope.ServiceProvider.GetRequiredService<ConnectionSecrets>();
        var mail = scope.ServiceProvider.GetRequiredService<MailSender>();
        var connector = registry.Get(target.Platform);
        var timeout = options.Value.CallTimeout;
        var name = "";
        var newPosts = 0;
        var newlyOpen = 0;
        var replies = 0;
        string? error = null;
        AccountConnection? connection = null;
        try
        {
            connection = await db.AccountConnections.SingleOrDefaultAsync(c => c.Id == target.ConnectionId, ct);
            var account = await db.Accounts.Include(a => a.Policies).SingleOrDefaultAsync(a => a.Id == target.AccountId, ct);
            if (connection is null || account is null || connection.State != ConnectionState.Active)
            {
                return new AccountOutcome(target.AccountId, name, 0, 0, 0, null);
            }
            name = account.CurrentPolicy.AccountName ?? "";
            // Rotated tokens (X) are stored at once, through this job's one writer.
            var credentials = secrets.CredentialsOf(connection, db, clock, (save, token) => WritingAsync(async () => { await save(); return 0; }, token));
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(timeout);
            try
            {
                // WaitAsync: an adapter that ignores the token is still cut off at the timeout.
                var read = await connector.ReadRecentPostsAsync(credentials, limit.Token).WaitAsync(limit.Token);
                var (fresh, open, ours) = await WritingAsync(() => ObserveAsync(db, mail.LinkBase, account, connection, read, ct), ct);
                newPosts = fresh;
                newlyOpen = open;
                var backReplies = await connector.ReadRepliesAsync(credentials, [.. ours.Keys], limit.Token).WaitAsync(limit.Token);
                var inputs = backReplies.Select(r => new CommentInput(r.Kind, r.AuthorHandle, r.Text, r.Url, r.ReceivedAt, r.PlatformId,
                    r.InReplyToPostId is { } inReply && ours.TryGetValue(inReply, out var postId) ? postId : null)).ToList();
                replies = (await WritingAsync(() => ConnectorInbox.RecordAsync(db, account, inputs, clock.GetUtcNow(), ct), ct)).Added.Count;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                error = $"{Labels.Of(target.Platform)}が{timeout.TotalSeconds:0}秒以内に応答しなかったため、読み取りを打ち切りました。";
            }
            catch (TimeoutException)
            {
                error = $"{Labels.Of(target.Platform)}が{timeout.TotalSeconds:0}秒以内に応答しなかったため、読み取りを打ち切りました。";
            }
            catch (ConnectorException ex)
            {
                error = $"{Labels.Of(target.Platform)}から読み取れませんでした（{Labels.Of(target.Platform)} の応答: \"{ex.Message}\"）";
                if (ex.Failure == ConnectorFailure.CredentialsRejected)
                {
                    connection.MarkBroken(ex.Message, clock.GetUtcNow());
                }
            }
            connection.MarkWatched(clock.GetUtcNow(), error);
            await WritingAsync(() => db.SaveChangesAsync(ct), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // One account's trouble (a lost race with the head's change, the database) must not stop the others.
            logger.LogWarning(ex, "Watch of account {Account} failed", target.AccountId);
            error ??= $"読み取りの記録に失敗しました（{ex.GetType().Name}）";
        }
        return new AccountOutcome(target.AccountId, name, newPosts, newlyOpen, replies, error);
    }

    private async Task<T> WritingAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        await _write.WaitAsync(ct);
        try
        {
            return await work();
        }
        finally
        {
            _write.Release();
        }
    }

    /// <summary>
    /// Compares the posts read with the archive, adds the new observations, sees the known ones again, and e-mails the
    /// newly open ones — one save. Returns the counts and our posts among those read (platform id → archive post id).
    /// </summary>
    private async Task<(int New, int NewlyOpen, Dictionary<string, Guid> Ours)> ObserveAsync(AppDbContext db, string linkBase, SocialAccount account,
        AccountConnection connection, IReadOnlyList<ObservedInput> read, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var posts = read.Where(p => !string.IsNullOrWhiteSpace(p.PlatformPostId)).DistinctBy(p => p.PlatformPostId).ToList();
        var ids = posts.Select(p => p.PlatformPostId).ToList();
        var ours = new Dictionary<string, Guid>(StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return (0, 0, ours);
        }
        var known = (await db.ObservedPosts.Where(o => o.AccountId == account.Id && ids.Contains(o.PlatformPostId)).ToListAsync(ct))
            .ToDictionary(o => o.PlatformPostId, StringComparer.Ordinal);
        // Our posts by the platform's id: the connector's sent entries first, then the archive's id.
        var sent = await db.Publications.AsNoTracking()
            .Where(p => p.AccountId == account.Id && p.PlatformPostId != null && ids.Contains(p.PlatformPostId))
            .Select(p => new { p.PostId, PlatformPostId = p.PlatformPostId!, p.Text, p.State }).ToListAsync(ct);
        var archived = await db.Posts.AsNoTracking()
            .Where(p => p.AccountId == account.Id && p.Status == PostStatus.Published && p.PlatformPostId != null && ids.Contains(p.PlatformPostId))
            .Select(p => new { p.Id, PlatformPostId = p.PlatformPostId! }).ToListAsync(ct);
        var byId = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var s in sent.Where(s => s.State == PublicationState.Sent))
        {
            byId.TryAdd(s.PlatformPostId, s.PostId);
        }
        foreach (var a in archived)
        {
            byId.TryAdd(a.PlatformPostId, a.Id);
        }
        var unmatched = ids.Where(id => !known.ContainsKey(id) && !byId.ContainsKey(id)).ToList();
        if (unmatched.Count > 0)
        {
            // A post recorded by hand: its URL names the platform's id.
            var manual = await db.Posts.AsNoTracking()
                .Where(p => p.AccountId == account.Id && p.Status == PostStatus.Published && p.PlatformPostId == null && p.PublishedUrl != null)
                .Select(p => new { p.Id, Url = p.PublishedUrl! }).ToListAsync(ct);
            foreach (var id in unmatched)
            {
                if (manual.FirstOrDefault(m => UrlNames(m.Url, id)) is { } m)
                {
                    byId[id] = m.Id;
                }
            }
        }
        var postIds = byId.Values.Concat(known.Values.Where(o => o.PostId is not null).Select(o => o.PostId!.Value)).Distinct().ToList();
        var approved = await ApprovedTextsAsync(db, postIds, ct);

        var fresh = 0;
        var opened = new List<ObservedPost>();
        foreach (var input in posts)
        {
            if (known.TryGetValue(input.PlatformPostId, out var observed))
            {
                var approvedText = observed.PostId is { } pid && observed.Resolution == ObservedResolution.None ? approved.GetValueOrDefault(pid) : null;
                if (observed.SeenAgain(input.Text, approvedText, now))
                {
                    opened.Add(observed);
                }
            }
            else
            {
                ObservedVerdict verdict;
                Guid? postId = null;
                string? approvedText = null;
                if (byId.TryGetValue(input.PlatformPostId, out var matched))
                {
                    postId = matched;
                    approvedText = approved.GetValueOrDefault(matched);
                    verdict = approvedText is null || PublishedText.Same(approvedText, input.Text) ? ObservedVerdict.Matched : ObservedVerdict.TextDiffers;
                }
                else
                {
                    verdict = input.PostedAt is { } at && at < connection.ConnectedAt ? ObservedVerdict.BeforeConnection : ObservedVerdict.Unapproved;
                }
                observed = ObservedPost.Create(account.Id, account.SectionId, connection.Platform, input, verdict, postId, approvedText, now);
                db.ObservedPosts.Add(observed);
                fresh++;
                if (observed.IsOpen)
                {
                    opened.Add(observed);
                }
            }
            if (observed.PostId is { } ourPost)
            {
                ours[input.PlatformPostId] = ourPost;
            }
        }
        if (opened.Count > 0)
        {
            await NotifyAsync(db, linkBase, account, opened, now, ct);
        }
        await db.SaveChangesAsync(ct);
        return (fresh, opened.Count, ours);
    }

    /// <summary>The text that went out: the connector's sent text, else the post's text and links.</summary>
    private static async Task<Dictionary<Guid, string>> ApprovedTextsAsync(AppDbContext db, List<Guid> postIds, CancellationToken ct)
    {
        if (postIds.Count == 0)
        {
            return [];
        }
        var texts = (await db.Posts.AsNoTracking().Where(p => postIds.Contains(p.Id)).Select(p => new { p.Id, p.Text, p.Links }).ToListAsync(ct))
            .ToDictionary(p => p.Id, p => Post.SplitLinks(p.Links) is { Count: > 0 } links ? p.Text + "\n\n" + string.Join("\n", links) : p.Text);
        foreach (var p in await db.Publications.AsNoTracking().Where(p => postIds.Contains(p.PostId) && p.State == PublicationState.Sent)
                     .Select(p => new { p.PostId, p.Text }).ToListAsync(ct))
        {
            texts[p.PostId] = p.Text;
        }
        return texts;
    }

    /// <summary>Whether a recorded URL names the platform's id (one of its path or query parts; an at:// URI by its last part).</summary>
    public static bool UrlNames(string url, string platformPostId)
    {
        var id = platformPostId.Trim();
        if (id.Length == 0)
        {
            return false;
        }
        var last = id.Contains('/', StringComparison.Ordinal) ? id[(id.LastIndexOf('/') + 1)..] : id;
        var parts = url.Split(['/', '?', '&', '=', '#', '_'], StringSplitOptions.RemoveEmptyEntries);
        return parts.Any(p => p == id || (last.Length > 0 && p == last));
    }

    /// <summary>E-mails the section head(s) of the account and every PR office user about each newly open observation (same save).</summary>
    private static async Task NotifyAsync(AppDbContext db, string linkBase, SocialAccount account, List<ObservedPost> opened, DateTimeOffset now, CancellationToken ct)
    {
        var pr = await IncidentUseCases.PrOfficeAsync(db, ct);
        var heads = await (from u in db.Users
                           join ur in db.UserRoles on u.Id equals ur.UserId
                           join r in db.Roles on ur.RoleId equals r.Id
                           where u.IsActive && r.Name == nameof(Role.SectionHead) && u.SectionId == account.SectionId
                           select new IncidentUseCases.Recipient(u.Id, u.DisplayName, u.Email)).ToListAsync(ct);
        var recipients = heads.Concat(pr).DistinctBy(u => u.Id).Where(u => !string.IsNullOrWhiteSpace(u.Email)).ToList();
        var name = account.CurrentPolicy.AccountName ?? "";
        foreach (var o in opened)
        {
            var what = ObservedPost.Label(o.Verdict);
            var subject = $"【{what}】{name}（{Labels.Of(o.Platform)}）";
            var body = new StringBuilder();
            body.AppendLine("{0} 様").AppendLine();
            body.AppendLine(o.Verdict == ObservedVerdict.Unapproved
                ? $"「{name}」に、MuniSocialで承認・発信されていない投稿が見つかりました（ガイドライン5(2)ウ）。"
                : $"「{name}」の投稿の本文が、承認された本文と異なっています（ガイドライン5(2)ウ）。");
            body.AppendLine("システムの外で職員が投稿したものか、乗っ取りによるものかを確認し、市広報担当が記録してください。").AppendLine()
                .AppendLine($"URL: {o.Url ?? "（不明）"}")
                .AppendLine($"投稿日時: {(o.PostedAt is { } at ? Wareki.FormatDateTime(at) : "（不明）")}")
                .AppendLine($"検知: {Wareki.FormatDateTime(now)}").AppendLine()
                .AppendLine("本文:").AppendLine(o.Text).AppendLine();
            if (o.ApprovedText is not null)
            {
                body.AppendLine("承認された本文:").AppendLine(o.ApprovedText).AppendLine();
            }
            body.AppendLine($"詳細と対応: {linkBase.TrimEnd('/')}/unapproved-posts/{o.Id}");
            var template = body.ToString();
            MailOutbox.Enqueue(db, recipients.Select(u => new OutgoingMail(u.Email!, u.Name, subject, template.Replace("{0}", u.Name, StringComparison.Ordinal))),
                now, $"watch:{o.Id}");
        }
    }
}

/// <summary>Runs the watch every <see cref="ConnectorOptions.WatchInterval"/> (off under tests, like the daily scheduler).</summary>
public sealed class WatchScheduler(JobRunner runner, TimeProvider clock, IOptions<ConnectorOptions> options, ILogger<WatchScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.WatchInterval > TimeSpan.FromSeconds(10) ? options.Value.WatchInterval : TimeSpan.FromSeconds(10);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await runner.RunOnceAsync(WatchJob.Name, "schedule", onceOn: null, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Watch tick failed");
            }
            await Task.Delay(interval, clock, stoppingToken);
        }
    }
}
