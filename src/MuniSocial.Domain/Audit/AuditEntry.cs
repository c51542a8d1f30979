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

    public static AuditEntry Chain(AuditRecord record, long sequence, string previousHash)
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
        entry.Hash = entry.ComputeHash();
        return entry;
    }

    public string ComputeHash()
    {
        var canonical = string.Join('\u001f',
            Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
            At.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
            ActorId, ActorName, Action, EntityType, EntityId,
            Before ?? "\u0000", After ?? "\u0000", Reason ?? "\u0000", PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static DateTimeOffset TruncateToMilliseconds(DateTimeOffset value) =>
        new(value.Ticks - (value.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}

public sealed record AuditChainReport(long EntriesChecked, long? FirstBrokenSequence, string? Problem)
{
    public bool IsIntact => FirstBrokenSequence is null;
}

public static class AuditChain
{
    /// <summary>Walks the entries in sequence order and reports the first one that does not link or hash.</summary>
    public static AuditChainReport Verify(IEnumerable<AuditEntry> entriesInOrder)
    {
        var walk = new Walk();
        foreach (var entry in entriesInOrder)
        {
            if (walk.Check(entry) is { } broken)
            {
                return broken;
            }
        }
        return walk.Intact();
    }

    /// <summary>The same walk over a streamed query, so a long chain is never held in memory at once.</summary>
    public static async Task<AuditChainReport> VerifyAsync(IAsyncEnumerable<AuditEntry> entriesInOrder, CancellationToken cancellationToken = default)
    {
        var walk = new Walk();
        await foreach (var entry in entriesInOrder.WithCancellation(cancellationToken))
        {
            if (walk.Check(entry) is { } broken)
            {
                return broken;
            }
        }
        return walk.Intact();
    }

    private sealed class Walk
    {
        private string _previousHash = AuditEntry.GenesisHash;
        private long _expected = 1;
        private long _checked;

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
            if (entry.ComputeHash() != entry.Hash)
            {
                return new(_checked, entry.Sequence, $"連番 {entry.Sequence} の内容がハッシュと一致しません（改ざんの可能性）。");
            }
            _previousHash = entry.Hash;
            _expected++;
            _checked++;
            return null;
        }

        public AuditChainReport Intact() => new(_checked, null, null);
    }
}
