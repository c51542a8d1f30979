using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace MuniSocial.Infrastructure.Api;

/// <summary>
/// One concurrency contract for every API resource that can be changed: a GET (and every change) answers
/// <c>ETag: "&lt;version&gt;"</c>, the EF version token underneath; a change may send it back as If-Match, and
/// one made over a newer version is refused with 409, rule <c>concurrency</c>, and one message. If-Match is
/// optional, as is the older <c>version</c> in a request body (still honoured, marked deprecated in OpenAPI).
/// </summary>
public static class Concurrency
{
    public const string Rule = "concurrency";

    /// <summary>The API's one message for a change that lost to someone else's (pages word it for their screen).</summary>
    public const string Message = "他の職員が同時にこの内容を更新しました。画面（またはデータ）を読み込み直して、最新の状態を確認してから操作してください。";

    /// <summary>What a request body's deprecated <c>version</c> says in the OpenAPI document.</summary>
    public const string BodyVersionDeprecated = "非推奨: 代わりに If-Match ヘッダー（GET の ETag）を使ってください。指定された場合は今も照合し、一致しなければ 409（rule: concurrency）です。";

    public static DomainRuleException Conflict() => new(Message, Rule);

    /// <summary>
    /// Saves once; a save that lost a race — a version token, or a unique key another save took first (two first saves of
    /// the same settings, one outbox entry per post) — is the rule "concurrency", with nothing of it kept in the context.
    /// </summary>
    public static async Task SaveAsync(AppDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (Problems.IsConcurrencyConflict(ex) || IsDuplicateKey(ex))
        {
            db.ChangeTracker.Clear();
            throw Conflict();
        }
    }

    private static bool IsDuplicateKey(DbUpdateException ex) =>
        ex.InnerException?.Message is { } m
        && (m.Contains("UNIQUE constraint failed", StringComparison.Ordinal) || m.Contains("23505", StringComparison.Ordinal)
            || m.Contains("duplicate key value", StringComparison.Ordinal));

    public static string ETag(int version) => ETag(version.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>An opaque version (Identity's ConcurrencyStamp, or a <see cref="Tag"/> of what the client can see).</summary>
    public static string ETag(string version) => $"\"{version}\"";

    /// <summary>
    /// The version of a thing that has no version column: a digest of its state (its EF concurrency tokens,
    /// or the fields a change can touch). Any change to them gives another tag; the same state, the same tag.
    /// </summary>
    public static string Tag(params object?[] state)
    {
        var text = string.Join("\u001f", state.Select(v => v switch
        {
            null => "\u0000",
            DateTimeOffset d => d.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => v.ToString(),
        }));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    /// <summary>Without If-Match the change goes ahead; with it, anything but the current version (or *) is a conflict.</summary>
    public static void RequireIfMatch(HttpRequest request, int currentVersion) => RequireIfMatch(request, currentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <inheritdoc cref="RequireIfMatch(HttpRequest, int)"/>
    public static void RequireIfMatch(HttpRequest request, string currentVersion)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || request.Headers.IfMatch is not { Count: > 0 } ifMatch
            || Matches(ifMatch, ETag(currentVersion)))
        {
            return;
        }
        throw Conflict();
    }

    /// <summary>The deprecated body <c>version</c>: when sent, it must be the current one.</summary>
    public static void RequireVersion(int currentVersion, int? sent)
    {
        if (sent is { } v && v != currentVersion)
        {
            throw Conflict();
        }
    }

    private static bool Matches(StringValues ifMatch, string etag) =>
        ifMatch.Any(v => v is not null && (v.Trim() == "*" || v.Split(',').Any(tag => tag.Trim().Replace("W/", "", StringComparison.Ordinal) == etag)));
}
