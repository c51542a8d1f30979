using System.Security.Cryptography;
using System.Text;

namespace MuniSocial.Domain.Audit;

/// <summary>
/// One link of the audit chain. Each entry holds the hash of the previous one, so that changing or
/// removing a stored entry breaks the chain at that point (see <see cref="AuditChain.Verify"/>).
/// </summary>
public sealed class AuditEntry
{
    private AuditEntry() { }

    public long Sequence { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string ActorId { get; private set; } = "";
    public string ActorName { get; private set; } = "";
    public string Action { get; private set; } = "";
    public string EntityType { get; private set; } = "";
    public string EntityId { get; private set; } = "";
    public string? Before { get; private set; }
    public string? After { get; private set; }
    public string? Reason { get; private set; }
    public string PreviousHash { get; private set; } = "";
    public string Hash { get; private set; } = "";

    public static string GenesisHash => new('0', 64);

    /// <summary>The action of the entry from which the chain is keyed (HMAC): written once, at the first start with a chain key.</summary>
    public const string KeyedMarkerAction = "audit.chain-keyed";

    /// <summary>
    /// Chains <paramref name="record"/> after <paramref name="previousHash"/>. With <paramref name="key"/> the hash is an
    /// HMAC-SHA256 under that key (every entry from the <see cref="KeyedMarkerAction"/> entry on); without, plain SHA-256
    /// (the entries of a database written before the chain was keyed).
    /// </summary>
    public static AuditEntry Chain(AuditRecord record, long sequence, string previousHash, AuditChainKey? key)
    {
        var entry = new AuditEntry
        {
            Sequence = sequence,
            // Stored in UTC with millisecond precision so that both SQLite and PostgreSQL give back the
            // exact value that was hashed.
            At = TruncateToMilliseconds(record.At.ToUniversalTime()),
            ActorId = record.ActorId,
            ActorName = record.ActorName,
            Action = record.Action,
            EntityType = record.EntityType,
            EntityId = record.EntityId,
            Before = record.Before,
            After = record.After,
            Reason = record.Reason,
            PreviousHash = previousHash,
        };
        entry.Hash = entry.ComputeHash(key);
        return entry;
    }

    /// <summary>The entry's hash: HMAC-SHA256 under <paramref name="key"/>, or plain SHA-256 without one (entries before the switch).</summary>
    public string ComputeHash(AuditChainKey? key)
    {
        var canonical = string.Join('\u001f',
            Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
            At.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
            ActorId, ActorName, Action, EntityType, EntityId,
            Before ?? "\u0000", After ?? "\u0000", Reason ?? "\u0000", PreviousHash);
        var bytes = Encoding.UTF8.GetBytes(canonical);
        return Convert.ToHexStringLower(key is null ? SHA256.HashData(bytes) : key.Hash(bytes));
    }

    private static DateTimeOffset TruncateToMilliseconds(DateTimeOffset value) =>
        new(value.Ticks - (value.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}

public sealed record AuditChainReport(long EntriesChecked, long? FirstBrokenSequence, string? Problem, long? LastSequence = null, string? LastHash = null)
{
    public bool IsIntact => FirstBrokenSequence is null;
}

/// <summary>
/// A head of the chain kept outside the database (the daily e-mail, a signed export file): the entry with
/// <see cref="Sequence"/> must still be there with <see cref="Hash"/>. Without a sequence (only a hash given), an entry with
/// that hash must be there.
/// </summary>
public sealed record AuditAnchor(long? Sequence, string Hash);

/// <summary>
/// The secret of the keyed chain (never stored in the database): entries are HMAC-SHA256 under a key derived for the chain,
/// anchor files are signed under a key derived for anchors.
/// </summary>
public sealed class AuditChainKey
{
    private readonly byte[] _chain;
    private readonly byte[] _anchor;

    public AuditChainKey(byte[] secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length < 32)
        {
            throw new ArgumentException("The audit chain key must be at least 32 bytes.", nameof(secret));
        }
        _chain = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: Encoding.ASCII.GetBytes("munisocial-audit-chain-v1"));
        _anchor = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: Encoding.ASCII.GetBytes("munisocial-audit-anchor-v1"));
        KeyId = Convert.ToHexStringLower(SHA256.HashData(_anchor))[..16];
    }

    /// <summary>Names the key (not secret) so that an anchor file says which key signed it.</summary>
    public string KeyId { get; }

    public byte[] Hash(byte[] data) => HMACSHA256.HashData(_chain, data);

    public string SignAnchor(string canonical) => Convert.ToHexStringLower(HMACSHA256.HashData(_anchor, Encoding.UTF8.GetBytes(canonical)));

    public bool AnchorSignatureMatches(string canonical, string signature) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(SignAnchor(canonical)), Encoding.ASCII.GetBytes(signature.Trim().ToLowerInvariant()));
}

public static class AuditChain
{
    /// <summary>Walks the entries in sequence order and reports the first one that does not link or hash.</summary>
    public static AuditChainReport Verify(IEnumerable<AuditEntry> entriesInOrder, AuditChainKey? key, AuditAnchor? anchor = null)
    {
        var walk = new Walk(key, anchor);
        foreach (var entry in entriesInOrder)
        {
            if (walk.Check(entry) is { } broken)
            {
                return broken;
            }
        }
        return walk.End();
    }

    /// <summary>The same walk over a streamed query, so a long chain is never held in memory at once.</summary>
    public static async Task<AuditChainReport> VerifyAsync(IAsyncEnumerable<AuditEntry> entriesInOrder, AuditChainKey? key, AuditAnchor? anchor = null,
        CancellationToken cancellationToken = default)
    {
        var walk = new Walk(key, anchor);
        await foreach (var entry in entriesInOrder.WithCancellation(cancellationToken))
        {
            if (walk.Check(entry) is { } broken)
            {
                return broken;
            }
        }
        return walk.End();
    }

    /// <summary>
    /// Plain SHA-256 up to the <see cref="AuditEntry.KeyedMarkerAction"/> entry, HMAC from it on (the marker itself is keyed, and
    /// it holds the hash of the last unkeyed entry, so nothing before it can be rewritten either). With a key, a chain without
    /// the marker is refused: re-hashing the whole chain with plain SHA-256 (with or without the marker) does not verify.
    /// </summary>
    private sealed class Walk(AuditChainKey? key, AuditAnchor? anchor)
    {
        private string _previousHash = AuditEntry.GenesisHash;
        private long _expected = 1;
        private long _checked;
        private bool _keyed;
        private bool _anchorFound;

        public AuditChainReport? Check(AuditEntry entry)
        {
            if (entry.Sequence != _expected)
            {
                return new(_checked, _expected, $"連番 {_expected} の監査記録がありません（次は {entry.Sequence}）。削除された可能性があります。");
            }
            if (entry.PreviousHash != _previousHash)
            {
                return new(_checked, entry.Sequence, $"連番 {entry.Sequence} の前ハッシュが直前の記録と一致しません。");
            }
            if (key is not null && !_keyed && entry.Action == AuditEntry.KeyedMarkerAction)
            {
                _keyed = true;
            }
            if (entry.ComputeHash(_keyed ? key : null) != entry.Hash)
            {
                return new(_checked, entry.Sequence, _keyed
                    ? $"連番 {entry.Sequence} の内容が鍵付きハッシュ（HMAC）と一致しません（改ざんの可能性。鍵なしで再計算された場合を含みます）。"
                    : $"連番 {entry.Sequence} の内容がハッシュと一致しません（改ざんの可能性）。");
            }
            if (anchor is not null && (anchor.Sequence == entry.Sequence || (anchor.Sequence is null && anchor.Hash == entry.Hash)))
            {
                if (anchor.Hash != entry.Hash)
                {
                    return new(_checked, entry.Sequence, $"連番 {entry.Sequence} のハッシュが控え（アンカー）と一致しません。連鎖が書き換えられ、再計算された可能性があります。");
                }
                _anchorFound = true;
            }
            _previousHash = entry.Hash;
            _expected++;
            _checked++;
            return null;
        }

        public AuditChainReport End()
        {
            var last = _expected - 1;
            if (key is not null && !_keyed && _checked > 0)
            {
                return new(_checked, 1, $"鍵付きの連鎖の開始記録（{AuditEntry.KeyedMarkerAction}）がありません。連鎖全体が鍵なしで再計算された可能性があります（最終連番 {last}）。");
            }
            if (anchor is not null && !_anchorFound)
            {
                return anchor.Sequence is { } s
                    ? new(_checked, s, $"控え（アンカー）の連番 {s} の監査記録がありません（最終連番 {last}）。末尾の記録が削除された可能性があります。")
                    : new(_checked, _expected, $"控え（アンカー）のハッシュ {anchor.Hash} を持つ監査記録がありません（最終連番 {last}）。末尾の削除または連鎖の再計算の可能性があります。");
            }
            return new(_checked, null, null, last, _checked > 0 ? _previousHash : null);
        }
    }
}
