using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using MuniSocial.Domain.Audit;

namespace MuniSocial.Features.Audit;

/// <summary>The signed head of the audit chain as it goes out of the database (export file, download, the PR office's daily e-mail).</summary>
public sealed record AuditAnchorFile(
    [property: JsonPropertyName("sequence")] long Sequence,
    [property: JsonPropertyName("hash")] string Hash,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("keyId")] string KeyId,
    [property: JsonPropertyName("signature")] string Signature)
{
    public const string Kind = "munisocial-audit-anchor-v1";

    [JsonPropertyName("kind")]
    public string FileKind => Kind;

    public static string Canonical(long sequence, string hash, DateTimeOffset at) => string.Join('\n', Kind,
        sequence.ToString(CultureInfo.InvariantCulture), hash, at.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
}

/// <summary>
/// The head of the chain kept outside the database: <see cref="HeadAsync"/> signs it (HMAC under a key derived from
/// Audit:ChainKey), <see cref="Parse"/> reads an anchor back for <c>verify-audit --anchor</c> — a file, a bare hash, or
/// "sequence:hash" as printed in the daily e-mail.
/// </summary>
public static class AuditAnchors
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Writes the marker from which the chain is keyed, once (see <see cref="AuditEntry.KeyedMarkerAction"/>).</summary>
    public static async Task EnsureChainKeyedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.AuditEntries.AnyAsync(e => e.Action == AuditEntry.KeyedMarkerAction, ct))
        {
            return;
        }
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var before = await db.AuditEntries.CountAsync(ct);
        db.AddAudit(new AuditRecord(AuditEntry.KeyedMarkerAction, "AuditChain", "chain", "system", "システム", clock.GetUtcNow(),
            After: JsonSerializer.Serialize(new { keyId = db.ChainKey!.KeyId, unkeyedEntriesBefore = before }),
            Reason: "この記録から監査記録の連鎖は鍵付きハッシュ（HMAC-SHA256）で結ばれます。"));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The chain's latest entry, signed; null on an empty chain.</summary>
    public static async Task<AuditAnchorFile?> HeadAsync(AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var last = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
        if (last is null)
        {
            return null;
        }
        var key = db.ChainKey ?? throw new InvalidOperationException("The audit chain key is not configured.");
        var now = clock.GetUtcNow();
        var at = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        return new AuditAnchorFile(last.Sequence, last.Hash, at, key.KeyId, key.SignAnchor(AuditAnchorFile.Canonical(last.Sequence, last.Hash, at)));
    }

    public static string Serialize(AuditAnchorFile anchor) => JsonSerializer.Serialize(anchor, Json);

    /// <summary>
    /// Reads an anchor: a signed file (its signature checked), a bare 64-hex hash, or "sequence:hash". Returns the anchor, or
    /// a Japanese message saying what is wrong with it.
    /// </summary>
    public static (AuditAnchor? Anchor, string? Problem) Parse(string argument, AuditChainKey key)
    {
        var text = argument.Trim();
        if (System.Text.RegularExpressions.Regex.Match(text, "^(?:(\\d+):)?([0-9a-fA-F]{64})$") is { Success: true } m)
        {
            return (new AuditAnchor(m.Groups[1].Success ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null, m.Groups[2].Value.ToLowerInvariant()), null);
        }
        if (!File.Exists(text))
        {
            return (null, $"控え（アンカー）「{text}」はファイルでも、64桁のハッシュ（または 連番:ハッシュ）でもありません。");
        }
        AuditAnchorFile? file;
        try
        {
            file = JsonSerializer.Deserialize<AuditAnchorFile>(File.ReadAllText(text));
        }
        catch (JsonException)
        {
            file = null;
        }
        if (file is null || string.IsNullOrEmpty(file.Hash) || string.IsNullOrEmpty(file.Signature))
        {
            return (null, $"控えのファイル {text} を読めません（監査記録のアンカーのJSONではありません）。");
        }
        if (file.KeyId != key.KeyId || !key.AnchorSignatureMatches(AuditAnchorFile.Canonical(file.Sequence, file.Hash, file.At), file.Signature))
        {
            return (null, $"控えのファイル {text} の署名が一致しません（書き換えられたか、別の鍵で署名されています）。");
        }
        return (new AuditAnchor(file.Sequence, file.Hash.ToLowerInvariant()), null);
    }
}
