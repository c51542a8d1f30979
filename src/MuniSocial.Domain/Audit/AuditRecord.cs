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

    /// <summary>
    /// Replaces a queued record before it is chained — for facts the save itself adds to a transition
    /// (e.g. the SHA-256 of the forms it issued). Chained entries are never changed.
    /// </summary>
    public void AmendPendingAudit(AuditRecord pending, AuditRecord amended)
    {
        var index = _pendingAudit.IndexOf(pending);
        if (index < 0)
        {
            throw new InvalidOperationException("The audit record is not pending on this entity.");
        }
        _pendingAudit[index] = amended;
    }

    protected void Audit(AuditRecord record) => _pendingAudit.Add(record);
}
