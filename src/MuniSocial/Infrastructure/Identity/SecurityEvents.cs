using MuniSocial.Domain.Audit;

namespace MuniSocial.Infrastructure.Identity;

/// <summary>What happened to someone's sign-in or rights (ASVS 16.3.1–16.3.3). The name is the audit action.</summary>
public enum SecurityEventKind
{
    SignInSucceeded,
    SignInFailed,
    LockedOut,
    SignedOut,
    TokenIssued,
    TokenRefused,
    MfaEnabled,
    MfaDisabled,
    MfaRecoveryCodesReset,
    MfaRecoveryCodeUsed,
    PasskeyAdded,
    PasskeyRemoved,
    PasskeyRenamed,
    PasswordChanged,
    AccessRefused,
    RateLimited,
    SessionEnded,
}

/// <summary>
/// The one way a security event is recorded: always in the structured log (event id, kind, user, client address,
/// time — never a password, token or code), and, for the kinds an auditor asks about, in the audit trail too.
/// Callers pass what they know; the client address comes from the request (after the known-proxy rule).
/// </summary>
public sealed partial class SecurityEvents(ILogger<SecurityEvents> log, AppDbContext db, IHttpContextAccessor http, TimeProvider clock)
{
    /// <summary>The kinds written to the audit trail as well as the log (sign-in failures by unknown names only go to the log).</summary>
    public static bool IsAudited(SecurityEventKind kind) => kind is not (SecurityEventKind.AccessRefused or SecurityEventKind.RateLimited);

    public static string ActionOf(SecurityEventKind kind) => "security." + kind switch
    {
        SecurityEventKind.SignInSucceeded => "sign-in-succeeded",
        SecurityEventKind.SignInFailed => "sign-in-failed",
        SecurityEventKind.LockedOut => "locked-out",
        SecurityEventKind.SignedOut => "signed-out",
        SecurityEventKind.TokenIssued => "token-issued",
        SecurityEventKind.TokenRefused => "token-refused",
        SecurityEventKind.MfaEnabled => "mfa-enabled",
        SecurityEventKind.MfaDisabled => "mfa-disabled",
        SecurityEventKind.MfaRecoveryCodesReset => "mfa-recovery-codes-reset",
        SecurityEventKind.MfaRecoveryCodeUsed => "mfa-recovery-code-used",
        SecurityEventKind.PasskeyAdded => "passkey-added",
        SecurityEventKind.PasskeyRemoved => "passkey-removed",
        SecurityEventKind.PasskeyRenamed => "passkey-renamed",
        SecurityEventKind.PasswordChanged => "password-changed",
        SecurityEventKind.AccessRefused => "access-refused",
        SecurityEventKind.RateLimited => "rate-limited",
        SecurityEventKind.SessionEnded => "session-ended",
        _ => kind.ToString(),
    };

    /// <summary>
    /// Records one event. <paramref name="userId"/> is null when the name given matched no user (then only the log
    /// holds it, with the name as typed cut to 64 characters). <paramref name="detail"/> is a short Japanese or
    /// code-like reason, never a secret. The audit entry is saved at once, in its own save.
    /// </summary>
    public async Task RecordAsync(SecurityEventKind kind, string? userId, string? userName, string? detail = null, CancellationToken ct = default)
    {
        var context = http.HttpContext;
        var address = context?.Connection.RemoteIpAddress?.ToString() ?? "-";
        var name = userName is null ? "-" : userName.Length > 64 ? userName[..64] : userName;
        var path = context?.Request.Path.Value ?? "-";
        Logged(log, ActionOf(kind), userId ?? "-", name, address, path, detail ?? "-");
        if (userId is null || !IsAudited(kind))
        {
            return;
        }
        var at = clock.GetUtcNow();
        var after = System.Text.Json.JsonSerializer.Serialize(new { address, path, detail });
        db.AddAudit(new AuditRecord(ActionOf(kind), "User", userId, userId, name, at, null, after));
        await db.SaveChangesAsync(ct);
    }

    [LoggerMessage(EventId = 4100, Level = LogLevel.Information,
        Message = "Security event {Action} user={UserId} name={UserName} address={ClientAddress} path={Path} detail={Detail}")]
    private static partial void Logged(ILogger logger, string action, string userId, string userName, string clientAddress, string path, string detail);
}
