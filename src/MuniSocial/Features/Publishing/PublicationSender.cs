using System.Text;
using Microsoft.Extensions.Options;
using MuniSocial.Domain.Incidents;
using MuniSocial.Domain.Posts;
using MuniSocial.Domain.Publishing;
using MuniSocial.Features.Posts;
using MuniSocial.Features.PublishingPauses;
using MuniSocial.Infrastructure.Connectors;
using MuniSocial.Infrastructure.Email;

namespace MuniSocial.Features.Publishing;

/// <summary>
/// Sends the outbox of posts (<see cref="Publication"/>) through the connectors, each exactly once: woken after a save
/// that queued an entry, else every <see cref="ConnectorOptions.SendPollSeconds"/>. An entry is claimed by a conditional
/// UPDATE before anything else, so that two app instances never take the same one; the attempt is saved before the
/// platform is called, so that a process that dies mid-send leaves a trace; the next attempt of an entry that may have
/// gone out is resent with the same idempotency key where the platform honours one, and otherwise only after the
/// account was read back and the post not found there (要確認 when that cannot tell). A publishing pause, or a hold
/// the head has not decided, leaves the entry waiting; a post no longer approved calls it off.
/// </summary>
/// <remarks>Off in the Testing environment unless <c>Connectors:SenderEnabled</c> is true: tests call <see cref="RunOnceAsync"/>.</remarks>
public sealed class PublicationSender(IServiceScopeFactory scopes, ConnectorRegistry registry, ConnectionSecrets secrets, MediaStore media, TimeProvider clock,
    IOptions<ConnectorOptions> options, IOptions<SmtpOptions> smtp, IConfiguration configuration, IHostEnvironment environment,
    ILogger<PublicationSender> logger) : BackgroundService
{
    public const int BatchSize = 50;

    /// <summary>How far before the first attempt a post read back still counts as ours (the platform's clock may differ from ours).</summary>
    public static readonly TimeSpan ClockSlack = TimeSpan.FromMinutes(5);

    /// <summary>Who acts for the system when a reply's comment becomes 回答済.</summary>
    public static readonly Actor SystemActor = Actor.System(Publication.SystemName);

    private readonly SemaphoreSlim _wake = new(0);

    /// <summary>This instance's name on the entries it claims.</summary>
    public string Owner { get; } = "sender-" + Guid.NewGuid().ToString("N");

    /// <summary>How long a claimed entry is left to this instance: longer than any call may take, then another instance takes over.</summary>
    public TimeSpan Lease => (options.Value.CallTimeout * 2) + TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (environment.IsEnvironment("Testing") && !configuration.GetValue<bool>("Connectors:SenderEnabled"))
        {
            return;
        }
        PublicationUseCases.Queued += Wake;
        try
        {
            var poll = TimeSpan.FromSeconds(Math.Max(1, options.Value.SendPollSeconds));
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "The publication outbox could not be processed; trying again later");
                }
                await _wake.WaitAsync(poll, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down: an entry being sent keeps its claim until the lease runs out, then another instance resolves it
        }
        finally
        {
            PublicationUseCases.Queued -= Wake;
        }
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    /// <summary>Handles every entry due now (Queued and due, or Sending with a claim that ran out); returns how many changed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        List<Publication> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var now = clock.GetUtcNow();
            // DateTimeOffset is compared in memory (SQLite cannot); the open entries are few.
            due = [.. (await db.Publications.AsNoTracking().Where(p => p.State == PublicationState.Queued || p.State == PublicationState.Sending).ToListAsync(ct))
                .Where(p => p.State == PublicationState.Queued ? p.NextAttemptAt <= now : p.LeaseUntil is not { } lease || lease <= now)
                .OrderBy(p => p.NextAttemptAt).Take(BatchSize)];
        }
        var changed = 0;
        foreach (var entry in due)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                if (await HandleAsync(entry, ct))
                {
                    changed++;
                }
            }
            catch (DbUpdateConcurrencyException)
            {
                // another instance or a person changed it first: it is theirs now
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                logger.LogError(ex, "Publication {Id} could not be handled; it is tried again later", entry.Id);
            }
        }
        return changed;
    }

    private async Task<bool> HandleAsync(Publication seen, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow();
        var post = await db.Posts.Include(p => p.Media).FirstOrDefaultAsync(p => p.Id == seen.PostId, ct);
        if (post is null)
        {
            return false;
        }
        if (post.Status != PostStatus.Approved)
        {
            // A held post the head called off (Rejected), or a post otherwise no longer waiting to go out.
            var entry = await db.Publications.SingleAsync(p => p.Id == seen.Id, ct);
            if (entry.Version != seen.Version)
            {
                return false;
            }
            entry.Cancel("system", Publication.SystemName, post.Status == PostStatus.Rejected
                ? $"投稿が取りやめられた（{Post.Label(post.Status)}）ため、発信を取りやめました。"
                : $"投稿が「{Post.Label(post.Status)}」になったため、発信を取りやめました。", now);
            await db.SaveChangesAsync(ct);
            return true;
        }
        // A pause in force, or a lifted pause's hold the head has not decided: the entry waits, no attempt counted.
        if (PublishingPause.Applying(await db.PausesOnAsync(post.AccountId, ct), post.AccountId) is not null
            || await db.HeldPosts.AnyAsync(h => h.PostId == post.Id && h.Outcome == null, ct))
        {
            return false;
        }

        // The claim: one instance wins; the others see a different state, lease or version and leave it.
        var until = now + Lease;
        var won = await db.Publications
            .Where(p => p.Id == seen.Id && p.State == seen.State && p.Version == seen.Version && p.LeaseUntil == seen.LeaseUntil)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.LeaseOwner, Owner).SetProperty(p => p.LeaseUntil, until).SetProperty(p => p.Version, p => p.Version + 1), ct);
        if (won != 1)
        {
            return false;
        }
        var publication = await db.Publications.SingleAsync(p => p.Id == seen.Id, ct);
        var connection = await db.ConnectionOfAsync(post.AccountId, ct);
        var connector = registry.For(publication.Platform);
        var platform = NameOf(publication.Platform);
        if (connection is null || connector is null || connection.State == ConnectionState.Broken)
        {
            var why = connection is null ? $"{platform}への発信の接続が解除されています。"
                : connector is null ? $"{platform}の発信の接続は用意されていません。"
                : $"発信の接続が使えない状態です（{connection.LastError}）。";
            publication.MarkFailed(why, now);
            await NotifyAsync(db, publication, post, failed: true, now, ct);
            await db.SaveChangesAsync(ct);
            return true;
        }
        // Rotated tokens (X) are stored on the tracked connection at once; nothing else is unsaved in db during the platform calls.
        var credentials = secrets.CredentialsOf(connection, db, clock);

        var earlier = publication.MayHaveGoneOut;
        if (earlier && !AccountConnection.HasIdempotencyKey(publication.Platform))
        {
            // It may already be on the account: read it back before anything is resent.
            var (found, unknown) = await ReadBackAsync(db, connector, credentials, publication, post, ct);
            if (found is not null)
            {
                logger.LogInformation("Publication {Id} was found on {Platform} as {PlatformPostId}: recorded as sent, not resent", publication.Id, publication.Platform, found.PlatformPostId);
                await RecordSentAsync(db, publication, post, new SentPost(found.PlatformPostId, found.Url), clock.GetUtcNow(), ct);
                return true;
            }
            if (unknown is not null)
            {
                publication.MarkNeedsCheck(unknown, clock.GetUtcNow());
                await NotifyAsync(db, publication, post, failed: false, now, ct);
                await db.SaveChangesAsync(ct);
                return true;
            }
        }

        // Saved before the platform is called: from now on it may have gone out.
        publication.BeginAttempt(Owner, now, Lease);
        await db.SaveChangesAsync(ct);

        var outgoing = new OutgoingPost(publication.Id, publication.Text, publication.IdempotencyKey, publication.ReplyTarget,
            [.. post.Media.Select(m => new OutgoingMedia(m.OriginalName, m.ContentType, m.Size, media.PathOf(m.StoredName)))], earlier);
        SentPost sent;
        using (var call = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            call.CancelAfter(options.Value.CallTimeout);
            try
            {
                sent = await connector.PublishAsync(credentials, outgoing, call.Token);
            }
            catch (ConnectorException ex)
            {
                await FailedAsync(db, publication, post, connection, ex, ct);
                return true;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                await FailedAsync(db, publication, post, connection,
                    new ConnectorException(ConnectorFailure.Transient, $"{platform}から{options.Value.CallTimeout.TotalSeconds:0}秒以内に応答がありませんでした。"), ct);
                return true;
            }
            catch (HttpRequestException ex)
            {
                await FailedAsync(db, publication, post, connection, new ConnectorException(ConnectorFailure.Transient, ex.Message, inner: ex), ct);
                return true;
            }
        }
        logger.LogInformation("Publication {Id} sent to {Platform} as {PlatformPostId} (attempt {Attempts})", publication.Id, publication.Platform, sent.PlatformPostId, publication.Attempts);
        await RecordSentAsync(db, publication, post, sent, clock.GetUtcNow(), ct);
        return true;
    }

    /// <summary>
    /// The entry is sent and the post Published (with its reply's comment answered) in one save; if a person changed the
    /// post in the meantime, the record is made again on what is now there — a post that went out is never left unrecorded.
    /// </summary>
    private static async Task RecordSentAsync(AppDbContext db, Publication publication, Post post, SentPost sent, DateTimeOffset at, CancellationToken ct)
    {
        publication.MarkSent(sent.PlatformPostId, sent.Url, at);
        post.RecordSent(publication, at);
        await CommentsFollowAsync(db, post, at, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var fresh = await db.Publications.SingleAsync(p => p.Id == publication.Id, ct);
            var freshPost = await db.Posts.Include(p => p.Media).SingleAsync(p => p.Id == post.Id, ct);
            fresh.MarkSent(sent.PlatformPostId, sent.Url, at);
            freshPost.RecordSent(fresh, at);
            await CommentsFollowAsync(db, freshPost, at, ct);
            await db.SaveChangesAsync(ct);
        }
    }

    private static Task CommentsFollowAsync(AppDbContext db, Post post, DateTimeOffset at, CancellationToken ct) =>
        Comments.CommentUseCases.FollowPublishedReplyAsync(db, SystemActor, post, at, ct);

    /// <summary>
    /// Reads the account back for an entry that may have gone out on a platform without an idempotency key: the post made
    /// since the first attempt with the same text (and not already another post's), or why it cannot be told.
    /// </summary>
    private async Task<(ObservedInput? Found, string? Unknown)> ReadBackAsync(AppDbContext db, IPlatformConnector connector, ConnectorCredentials credentials,
        Publication publication, Post post, CancellationToken ct)
    {
        var platform = NameOf(publication.Platform);
        var lost = $"前回の送信（{Wareki.FormatDateTime(publication.FirstAttemptAt!.Value)}）の途中で処理が中断したため、{platform}に投稿されたかどうか分かりません。";
        if (!connector.CanReadBack)
        {
            return (null, lost + $"{platform}のアカウントの投稿を読み取れないため、アカウントを開いて確認してください。");
        }
        IReadOnlyList<ObservedInput> recent;
        using (var call = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            call.CancelAfter(options.Value.CallTimeout);
            try
            {
                recent = await connector.ReadRecentPostsAsync(credentials, call.Token);
            }
            catch (ConnectorException ex)
            {
                return (null, lost + $"確認のためにアカウントの投稿を読み取れませんでした（{platform} の応答: \"{ex.Message}\"）。アカウントを開いて確認してください。");
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
            {
                return (null, lost + $"確認のためにアカウントの投稿を読み取れませんでした（{ex.Message}）。アカウントを開いて確認してください。");
            }
        }
        var since = publication.FirstAttemptAt!.Value - ClockSlack;
        var taken = (await db.Posts.AsNoTracking().Where(p => p.AccountId == post.AccountId && p.PlatformPostId != null).Select(p => p.PlatformPostId!).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        var found = recent.FirstOrDefault(o => !taken.Contains(o.PlatformPostId) && (o.PostedAt is null || o.PostedAt >= since) && PublishedText.Same(publication.Text, o.Text));
        return (found, null);
    }

    private async Task FailedAsync(AppDbContext db, Publication publication, Post post, AccountConnection connection, ConnectorException ex, CancellationToken ct)
    {
        var at = clock.GetUtcNow();
        switch (ex.Failure)
        {
            case ConnectorFailure.Transient or ConnectorFailure.RateLimited:
                publication.MarkRetry(ex.Message, at, ex.RetryAfter);
                logger.LogWarning("Publication {Id} to {Platform} failed for now (attempt {Attempts}), retried at {Next}: {Error}",
                    publication.Id, publication.Platform, publication.Attempts, publication.NextAttemptAt, ex.Message);
                break;
            case ConnectorFailure.CredentialsRejected:
                publication.MarkFailed(ex.Message, at);
                connection.MarkBroken(ex.Message, at);
                await NotifyAsync(db, publication, post, failed: true, at, ct);
                break;
            case ConnectorFailure.Duplicate:
                // The platform has the request already and did not give us its post: a person looks.
                publication.MarkNeedsCheck($"{NameOf(publication.Platform)}が、この発信は既に受け付けたと応答しました（{NameOf(publication.Platform)} の応答: \"{ex.Message}\"）。"
                    + "アカウントを開いて投稿されているか確認してください。", at);
                await NotifyAsync(db, publication, post, failed: false, at, ct);
                break;
            default:
                publication.MarkFailed(ex.Message, at);
                await NotifyAsync(db, publication, post, failed: true, at, ct);
                break;
        }
        if (ex.Failure is not (ConnectorFailure.Transient or ConnectorFailure.RateLimited))
        {
            logger.LogWarning("Publication {Id} to {Platform}: {Failure}: {Error}", publication.Id, publication.Platform, ex.Failure, ex.Message);
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The platform's short name in a sentence about its answer (X, not X（旧Twitter）).</summary>
    public static string NameOf(Platform platform) => platform == Platform.X ? "X" : Labels.Of(platform);

    /// <summary>The platform's answer as the page and the e-mail show it: a Japanese sentence with the platform's own words.</summary>
    public static string Describe(Publication publication)
    {
        ArgumentNullException.ThrowIfNull(publication);
        var platform = NameOf(publication.Platform);
        return publication.State switch
        {
            PublicationState.Failed => $"{platform}が発信を受け付けませんでした（{platform} の応答: \"{publication.LastError}\"）。",
            PublicationState.NeedsCheck => publication.LastError ?? "",
            PublicationState.Queued when publication.LastError is not null => $"前回の送信に失敗しました（{platform} の応答: \"{publication.LastError}\"）。{Wareki.FormatDateTime(publication.NextAttemptAt)}に再送します。",
            _ => "",
        };
    }

    /// <summary>A permanent failure or a 要確認: the requester and the section head(s) are told at once, in the same save.</summary>
    private async Task NotifyAsync(AppDbContext db, Publication publication, Post post, bool failed, DateTimeOffset at, CancellationToken ct)
    {
        var recipients = (await (from u in db.Users
                                 join ur in db.UserRoles on u.Id equals ur.UserId
                                 join r in db.Roles on ur.RoleId equals r.Id
                                 where u.IsActive && (u.Id == publication.RequestedById || (u.SectionId == publication.SectionId && r.Name == nameof(Role.SectionHead)))
                                 select new { u.Id, u.DisplayName, u.Email }).ToListAsync(ct))
            .DistinctBy(u => u.Id).ToList();
        var account = await db.Accounts.AsNoTracking().Include(a => a.Policies).FirstOrDefaultAsync(a => a.Id == post.AccountId, ct);
        var accountName = account?.CurrentPolicy.AccountName ?? "";
        var platform = NameOf(publication.Platform);
        var subject = failed ? $"【発信失敗】{accountName}（{platform}）" : $"【発信の要確認】{accountName}（{platform}）";
        var body = new StringBuilder();
        body.AppendLine("{0} 様").AppendLine()
            .AppendLine(failed
                ? $"{accountName}（{platform}）へのMuniSocialからの発信が失敗しました。原因を解消してから、投稿のページで再送してください。"
                : $"{accountName}（{platform}）へのMuniSocialからの発信が、投稿されたかどうか確認できない状態（要確認）です。アカウントを開いて確かめ、投稿のページで「投稿されていた」か「投稿されていなかった（再送）」を選んでください。それまで再送はしません。")
            .AppendLine()
            .AppendLine(Describe(publication)).AppendLine()
            .AppendLine($"本文: {(publication.Text.Length > 200 ? publication.Text[..200] + "…" : publication.Text)}")
            .AppendLine($"発信の依頼: {publication.RequestedByName}")
            .AppendLine($"日時: {Wareki.FormatDateTime(at)}").AppendLine()
            .AppendLine($"投稿: {smtp.Value.LinkBase.TrimEnd('/')}/posts/{post.Id}");
        var template = body.ToString();
        MailOutbox.Enqueue(db, recipients.Where(u => !string.IsNullOrWhiteSpace(u.Email))
            .Select(u => new OutgoingMail(u.Email!, u.DisplayName, subject, template.Replace("{0}", u.DisplayName, StringComparison.Ordinal))), at, $"publication:{publication.Id}");
    }

    /// <summary>A platform rotated the tokens during a call: stored at once, in a save of its own.</summary>

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}
