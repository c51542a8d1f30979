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
        var previousHash = AuditEntry.GenesisHash;
        long expected = 1, checkedCount = 0;
        foreach (var entry in entriesInOrder)
        {
            if (entry.Sequence != expected)
            {
                return new(checkedCount, expected, $"連番 {expected} の監査記録がありません（次は {entry.Sequence}）。");
            }
            if (entry.PreviousHash != previousHash)
            {
                return new(checkedCount, entry.Sequence, $"連番 {entry.Sequence} の前ハッシュが直前の記録と一致しません。");
            }
            if (entry.ComputeHash() != entry.Hash)
            {
                return new(checkedCount, entry.Sequence, $"連番 {entry.Sequence} の内容がハッシュと一致しません（改ざんの可能性）。");
            }
            previousHash = entry.Hash;
            expected++;
            checkedCount++;
        }
        return new(checkedCount, null, null);
    }
}
