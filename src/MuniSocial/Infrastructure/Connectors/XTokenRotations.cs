using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace MuniSocial.Infrastructure.Connectors;

/// <summary>
/// X rotates both tokens on every OAuth 2.0 refresh and the old refresh token stops working at once. Callers hold
/// the credentials they decrypted before a call (the watch reads posts, then replies, with the same ones); this
/// remembers, per account, which access tokens this process has already refreshed away from and what replaced them,
/// so that a later call with the old ones uses the new ones instead of refreshing again with a dead refresh token.
/// One refresh per account at a time. Only hashes of replaced tokens are kept.
/// </summary>
public sealed class XTokenRotations
{
    private const int KeepReplaced = 20;

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _locks = new();

    private sealed record Entry(IReadOnlyDictionary<string, string> Latest, IReadOnlyList<string> ReplacedHashes);

    /// <summary>The secrets to use: the caller's, unless this process already replaced their access token.</summary>
    public IReadOnlyDictionary<string, string> Effective(ConnectorCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return _entries.TryGetValue(credentials.AccountId, out var entry)
            && credentials.Secrets.TryGetValue(XConnector.AccessToken, out var token)
            && entry.ReplacedHashes.Contains(Hash(token), StringComparer.Ordinal)
            ? entry.Latest
            : credentials.Secrets;
    }

    public void Record(Guid accountId, string replacedAccessToken, IReadOnlyDictionary<string, string> latest) =>
        _entries.AddOrUpdate(accountId,
            _ => new Entry(latest, [Hash(replacedAccessToken)]),
            (_, old) => new Entry(latest, [.. old.ReplacedHashes.Append(Hash(replacedAccessToken)).TakeLast(KeepReplaced)]));

    public async Task<IDisposable> LockAsync(Guid accountId, CancellationToken ct)
    {
        var gate = _locks.GetOrAdd(accountId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return new Release(gate);
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
