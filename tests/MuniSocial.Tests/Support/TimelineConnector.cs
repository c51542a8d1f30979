using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Publishing;
using MuniSocial.Infrastructure.Connectors;

namespace MuniSocial.Tests.Support;

/// <summary>
/// A platform at the edge of the world whose timeline the test writes: the posts each account shows (newest first), the
/// replies to them, an account whose platform hangs (until the call is cancelled) or answers with a failure. Registered
/// in DI after the real adapter, it replaces it (<see cref="ConnectorRegistry"/>: the last registration wins).
/// </summary>
public sealed class TimelineConnector(Platform platform) : IPlatformConnector
{
    private readonly ConcurrentDictionary<Guid, List<ObservedInput>> _posts = new();
    private readonly ConcurrentDictionary<Guid, List<ReadBackReply>> _replies = new();

    public Platform Platform => platform;
    public bool SupportsMedia => false;
    public bool CanReadBack => true;

    /// <summary>Accounts whose platform never answers (the call waits until cancelled).</summary>
    public ConcurrentDictionary<Guid, bool> Hanging { get; } = new();

    /// <summary>Accounts whose platform answers with this failure.</summary>
    public ConcurrentDictionary<Guid, ConnectorException> Failing { get; } = new();

    /// <summary>Every account read (posts), in order.</summary>
    public ConcurrentQueue<Guid> Reads { get; } = new();

    /// <summary>The post ids each replies read asked about, per account (the last call).</summary>
    public ConcurrentDictionary<Guid, IReadOnlyList<string>> AskedForRepliesTo { get; } = new();

    public void Show(Guid account, string id, string text, DateTimeOffset? postedAt, string? url = null)
    {
        var list = _posts.GetOrAdd(account, _ => []);
        lock (list)
        {
            list.RemoveAll(p => p.PlatformPostId == id);
            list.Insert(0, new ObservedInput(id, url ?? $"https://x.com/nayoro/status/{id}", text, postedAt));
        }
    }

    public void Reply(Guid account, ReadBackReply reply)
    {
        var list = _replies.GetOrAdd(account, _ => []);
        lock (list)
        {
            list.Add(reply);
        }
    }

    public Task<SentPost> PublishAsync(ConnectorCredentials credentials, OutgoingPost post, CancellationToken ct) =>
        throw new ConnectorException(ConnectorFailure.Refused, "the timeline fake does not publish");

    public async Task<IReadOnlyList<ObservedInput>> ReadRecentPostsAsync(ConnectorCredentials credentials, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        Reads.Enqueue(credentials.AccountId);
        await FailOrHangAsync(credentials.AccountId, ct);
        var list = _posts.GetOrAdd(credentials.AccountId, _ => []);
        lock (list)
        {
            return [.. list];
        }
    }

    public async Task<IReadOnlyList<ReadBackReply>> ReadRepliesAsync(ConnectorCredentials credentials, IReadOnlyList<string> ourPostIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        AskedForRepliesTo[credentials.AccountId] = ourPostIds;
        await FailOrHangAsync(credentials.AccountId, ct);
        var list = _replies.GetOrAdd(credentials.AccountId, _ => []);
        lock (list)
        {
            return [.. list];
        }
    }

    private async Task FailOrHangAsync(Guid account, CancellationToken ct)
    {
        if (Failing.TryGetValue(account, out var failure))
        {
            throw failure;
        }
        if (Hanging.ContainsKey(account))
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
    }
}

/// <summary>The app with e-mail to a <see cref="SmtpSink"/>, the X and Mastodon adapters replaced by timelines the test writes, and a 2-second call timeout.</summary>
public sealed class WatchAppFactory : AppFactory
{
    public SmtpSink Mail { get; } = new();
    public TimelineConnector X { get; } = new(Platform.X);
    public TimelineConnector Mastodon { get; } = new(Platform.Mastodon);

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp:From"] = "social-media@city.nayoro.invalid",
        ["Smtp:Security"] = "None",
        ["Smtp:LinkBase"] = "https://social.test",
        ["Connectors:CallTimeout"] = "00:00:02",
        ["Connectors:WatchConcurrency"] = "4",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s =>
        {
            s.AddSingleton<IPlatformConnector>(X);
            s.AddSingleton<IPlatformConnector>(Mastodon);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Mail.Dispose();
        GC.SuppressFinalize(this);
    }
}
