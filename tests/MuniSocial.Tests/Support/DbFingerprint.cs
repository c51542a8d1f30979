using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MuniSocial.Tests.Support;

/// <summary>
/// What a refused request must not change: the audit trail's last sequence number and the number of rows in every
/// table the app maps (one provider-neutral query). Taken before and after a request; equal means nothing was saved.
/// The Data Protection key table and the job-run log are left out (the host writes them on its own schedule).
/// </summary>
public sealed record DbFingerprint(long AuditSequence, long Rows)
{
    private static readonly string[] Ignored = ["DataProtectionKeys", "JobRuns"];

    public static Task<DbFingerprint> TakeAsync(AppFactory app) => app.DbAsync(async db =>
    {
        var tables = db.Model.GetEntityTypes()
            .Where(e => e.GetViewName() is null && e.GetTableName() is { } t && !Ignored.Contains(t))
            .Select(e => StoreObjectIdentifier.Table(e.GetTableName()!, e.GetSchema()))
            .Distinct()
            .Select(t => t.Schema is null ? $"\"{t.Name}\"" : $"\"{t.Schema}\".\"{t.Name}\"")
            .Order(StringComparer.Ordinal)
            .ToList();
        var sql = "SELECT " + string.Join(" + ", tables.Select(t => $"(SELECT COUNT(*) FROM {t})")) + " AS \"Value\"";
        var rows = await db.Database.SqlQueryRaw<long>(sql).SingleAsync();
        var sequence = await db.AuditEntries.MaxAsync(e => (long?)e.Sequence) ?? 0;
        return new DbFingerprint(sequence, rows);
    });

    public override string ToString() => $"audit sequence {AuditSequence}, {Rows} rows";
}
