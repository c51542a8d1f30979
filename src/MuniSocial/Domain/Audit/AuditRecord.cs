namespace MuniSocial.Domain.Audit;

/// <summary>
/// A fact to be written to the audit chain in the same save as the change it describes.
/// Before/After are JSON snapshots of what changed.
/// </summary>
public sealed record AuditRecord(
    string Action,
    string EntityType,
    string EntityId,
    string ActorId,
    string ActorName,
    DateTimeOffset At,
    string? Before = null,
    string? After = null,
    string? Reason = null);

/// <summary>An entity whose changes are audited: its methods queue records; the save writes them.</summary>
public abstract class AuditedEntity
{
    private readonly List<AuditRecord> _pendingAudit = [];

    public IReadOnlyList<AuditRecord> PendingAudit => _pendingAudit;

    public void ClearPendingAudit() => _pendingAudit.Clear();

    protected void Audit(AuditRecord record) => _pendingAudit.Add(record);
}
