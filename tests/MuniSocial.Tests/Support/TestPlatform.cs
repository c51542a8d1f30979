using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Publishing;
using MuniSocial.Infrastructure.Connectors;

namespace MuniSocial.Tests.Support;

/// <summary>
/// The edge of the world for the outbox: an in-memory platform registered as the adapter of its platform. It keeps a
/// timeline of the posts "on the platform" (shared by every app instance of a test, so a second instance after a
/// restart sees what the first sent), records every call, and fails or dies as a test scripts it. Keyed platforms
/// (Mastodon, LINE) deduplicate a resent request by its idempotency key; the others (X, Facebook) post it again.
/// </summary>
public sealed class TestPlatform(Platform platform, Func<DateTimeOffset> now) : IPlatformConnector
{
    public sealed record OnPlatform(string Id, string Text, DateTimeOffset PostedAt, string IdempotencyKey, Guid PublicationId, ReplyTarget? ReplyTo);

    public sealed record Call(Guid PublicationId, string Text, string IdempotencyKey, bool MayHaveGoneOut, ReplyTarget? ReplyTo, int Media);

    private readonly ConcurrentDictionary<Guid, ConcurrentQueue<ConnectorException>> _failures = new();
    private readonly Lock _gate = new();
    private int _next;

    public Platform Platform { get; } = platform;

    public bool SupportsMedia => false;

    public bool CanReadBack { get; set; } = true;

    public bool Keyed => AccountConnection.HasIdempotencyKey(Platform);

    /// <summary>What is on the platform, oldest first.</summary>
    public List<OnPlatform> Timeline { get; } = [];

    /// <summary>Every PublishAsync, in order.</summary>
    public ConcurrentQueue<Call> Calls { get; } = new();

    public int ReadBacks;

    /// <summary>When set, reading the account back fails with this.</summary>
    public ConnectorException? ReadBackFailure { get; set; }

    /// <summary>When set, the next send hangs until its caller gives up (the process dies); the platform then completes the post.</summary>
    public TaskCompletionSource? DieMidSend { get; set; }

    /// <summary>The next sends of one outbox entry fail with these, in order.</summary>
    public void FailNext(Guid publicationId, params ConnectorException[] failures)
    {
        var queue = _failures.GetOrAdd(publicationId, _ => new ConcurrentQueue<ConnectorException>());
        foreach (var f in failures)
        {
            queue.Enqueue(f);
        }
    }

    public List<Call> CallsOf(Guid publicationId) => [.. Calls.Where(c => c.PublicationId == publicationId)];

    public List<OnPlatform> PostsOf(Guid publicationId)
    {
        lock (_gate)
        {
            return [.. Timeline.Where(p => p.PublicationId == publicationId)];
        }
    }

    public async Task<SentPost> PublishAsync(ConnectorCredentials credentials, OutgoingPost post, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(post);
        Calls.Enqueue(new Call(post.PublicationId, post.Text, post.IdempotencyKey, post.MayHaveGoneOut, post.ReplyTo, post.Media.Count));
        if (_failures.TryGetValue(post.PublicationId, out var queue) && queue.TryDequeue(out var failure))
        {
            throw failure;
        }
        if (DieMidSend is { } dying)
        {
            DieMidSend = null;
            dying.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                // The platform received the request: it posts it, but nobody is left to read the answer.
                Post(post);
                throw;
            }
        }
        var sent = Post(post);
        return new SentPost(sent.Id, Url(sent.Id));
    }

    public Task<IReadOnlyList<ObservedInput>> ReadRecentPostsAsync(ConnectorCredentials credentials, CancellationToken ct)
    {
        Interlocked.Increment(ref ReadBacks);
        if (ReadBackFailure is { } failure)
        {
            throw failure;
        }
        lock (_gate)
        {
            IReadOnlyList<ObservedInput> list = [.. Timeline.AsEnumerable().Reverse().Select(p => new ObservedInput(p.Id, Url(p.Id), p.Text, p.PostedAt))];
            return Task.FromResult(list);
        }
    }

    public Task<IReadOnlyList<ReadBackReply>> ReadRepliesAsync(ConnectorCredentials credentials, IReadOnlyList<string> ourPostIds, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ReadBackReply>>([]);

    /// <summary>A post made on the platform by hand (not through MuniSocial).</summary>
    public OnPlatform PostByHand(string text, DateTimeOffset at)
    {
        lock (_gate)
        {
            var p = new OnPlatform($"{++_next}", text, at, "", Guid.Empty, null);
            Timeline.Add(p);
            return p;
        }
    }

    private OnPlatform Post(OutgoingPost post)
    {
        lock (_gate)
        {
            if (Keyed && Timeline.FirstOrDefault(p => p.IdempotencyKey == post.IdempotencyKey) is { } known)
            {
                return known;
            }
            var p = new OnPlatform($"{++_next}", post.Text, now(), post.IdempotencyKey, post.PublicationId, post.ReplyTo);
            Timeline.Add(p);
            return p;
        }
    }

    private string Url(string id) => Platform == Platform.Mastodon ? $"https://mastodon.example.jp/@nayoro/{id}" : $"https://x.com/nayoro/status/{id}";
}

/// <summary>
/// The app with an X-like (non-idempotent) and a Mastodon-like (keyed) <see cref="TestPlatform"/> as the adapters, and
/// e-mail going to a <see cref="SmtpSink"/>. A second instance on the same database and data folder (the same Data
/// Protection keys) is made with <see cref="RestartedAsync"/>: the process restarted.
/// </summary>
public class PublishingAppFactory : AppFactory
{
    public PublishingAppFactory() : this(null) { }

    private PublishingAppFactory(PublishingAppFactory? before) : base(before)
    {
        X = before?.X ?? new TestPlatform(Platform.X, () => Clock.GetUtcNow());
        Mastodon = before?.Mastodon ?? new TestPlatform(Platform.Mastodon, () => Clock.GetUtcNow());
        Mail = before?.Mail ?? new SmtpSink();
        _ownsMail = before is null;
    }

    private readonly bool _ownsMail;

    public TestPlatform X { get; }
    public TestPlatform Mastodon { get; }
    public SmtpSink Mail { get; }

    public static readonly IReadOnlyDictionary<string, string?> XFields = new Dictionary<string, string?> { ["accessToken"] = "x-token", ["userId"] = "1234567" };

    public static readonly IReadOnlyDictionary<string, string?> MastodonFields =
        new Dictionary<string, string?> { ["instanceUrl"] = "https://mastodon.example.jp", ["accessToken"] = "m-token" };

    public TestPlatform Of(Platform platform) => platform == Platform.Mastodon ? Mastodon : X;

    public static IReadOnlyDictionary<string, string?> FieldsOf(Platform platform) => platform == Platform.Mastodon ? MastodonFields : XFields;

    /// <summary>The app's publication sender (tests run it by hand: it is off in the Testing environment).</summary>
    public MuniSocial.Features.Publishing.PublicationSender Sender => Services.GetRequiredService<MuniSocial.Features.Publishing.PublicationSender>();

    /// <summary>A second app instance on the same database, folder and platforms (its clock set to <paramref name="at"/>).</summary>
    public async Task<PublishingAppFactory> RestartedAsync(DateTimeOffset at)
    {
        var again = new PublishingAppFactory(this);
        again.Clock.SetUtcNow(at);
        await ((IAsyncLifetime)again).InitializeAsync();
        return again;
    }

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp:From"] = "social-media@city.nayoro.invalid",
        ["Smtp:Security"] = "None",
        ["Smtp:LinkBase"] = "https://social.test",
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsMail)
        {
            Mail.Dispose();
        }
        GC.SuppressFinalize(this);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s =>
        {
            s.AddSingleton<IPlatformConnector>(X);
            s.AddSingleton<IPlatformConnector>(Mastodon);
        });
    }
}
