namespace MuniSocial.Domain.Operations;

/// <summary>
/// §5(2)イ 利用端末: an action taken from outside the office networks carries the reason (情報発信の即時性). A daily
/// check keeps it in <see cref="DailyCheck.OffsiteReason"/>; any other action puts <see cref="AuditReason"/> into its
/// AuditRecord's Reason, and the section head's list (/operations/offsite) finds it there by the marker.
/// </summary>
public static class OffsiteWork
{
    public const string Marker = "【職場外からの操作】";

    /// <summary>The audit Reason for an action taken outside the office networks.</summary>
    public static string AuditReason(string offsiteReason) => Marker + offsiteReason.Trim();

    /// <summary>The offsite reason an audit Reason carries, or null.</summary>
    public static string? ReasonFrom(string? auditReason) =>
        auditReason is not null && auditReason.StartsWith(Marker, StringComparison.Ordinal) ? auditReason[Marker.Length..] : null;
}
