using System.Globalization;
using MuniSocial.Domain.Audit;

namespace MuniSocial.Features.Audit;

/// <summary>The filters of the audit list, as typed by a person or an API client (dates are Tokyo days).</summary>
public sealed record AuditFilter(string? Action, string? EntityId, string? User, string? From, string? To, int Page = 1, int PageSize = AuditQuery.DefaultPageSize);

public sealed record AuditItem(long Sequence, DateTimeOffset At, string ActorId, string ActorName, string Action, string EntityType, string EntityId,
    string? Before, string? After, string? Reason, string PreviousHash, string Hash);

public sealed record AuditPage(int Total, int Page, int PageSize, IReadOnlyList<AuditItem> Items)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Reads the audit chain for people (newest first, filtered, paged) and verifies it.</summary>
public static class AuditQuery
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>Checks the filter; problems are per field (the API's names), in Japanese.</summary>
    public static async Task<AuditPage> SearchAsync(AppDbContext db, AuditFilter filter, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var from = ParseDate(filter.From, "from", "開始日", errors);
        var to = ParseDate(filter.To, "to", "終了日", errors);
        if (from is { } f && to is { } t && t < f)
        {
            errors["to"] = ["終了日が開始日より前になっています。"];
        }
        if (filter.Page < 1)
        {
            errors["page"] = ["page は1以上を指定してください。"];
        }
        if (filter.PageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"pageSize は1から{MaxPageSize}までで指定してください。"];
        }
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }

        var query = db.AuditEntries.AsNoTracking();
        if (Clean(filter.Action) is { } action)
        {
            query = action.EndsWith('*')
                ? query.Where(e => e.Action.StartsWith(action.TrimEnd('*')))
                : query.Where(e => e.Action == action);
        }
        if (Clean(filter.EntityId) is { } entityId)
        {
            query = query.Where(e => e.EntityId == entityId);
        }
        if (Clean(filter.User) is { } user)
        {
            // A user name, a user id, or part of the name shown on the entry.
            var ids = await db.Users.AsNoTracking().Where(u => u.UserName == user).Select(u => u.Id).ToListAsync(ct);
            query = query.Where(e => e.ActorId == user || ids.Contains(e.ActorId) || e.ActorName.Contains(user));
        }
        if (from is { } start)
        {
            var since = StartOfTokyoDay(start);
            query = query.Where(e => e.At >= since);
        }
        if (to is { } end)
        {
            var until = StartOfTokyoDay(end.AddDays(1));
            query = query.Where(e => e.At < until);
        }
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(e => e.Sequence)
            .Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize)
            .Select(e => new AuditItem(e.Sequence, e.At, e.ActorId, e.ActorName, e.Action, e.EntityType, e.EntityId, e.Before, e.After, e.Reason, e.PreviousHash, e.Hash))
            .ToListAsync(ct);
        return new AuditPage(total, filter.Page, filter.PageSize, items);
    }

    public static async Task<IReadOnlyList<string>> ActionsAsync(AppDbContext db, CancellationToken ct) =>
        await db.AuditEntries.AsNoTracking().Select(e => e.Action).Distinct().OrderBy(a => a).ToListAsync(ct);

    /// <summary>Walks the whole chain in sequence order (streamed) and reports the first broken link.</summary>
    /// <summary>With <paramref name="anchor"/>: also that the anchored entry is still there with the anchored hash.</summary>
    public static Task<AuditChainReport> VerifyAsync(AppDbContext db, CancellationToken ct, AuditAnchor? anchor = null) =>
        AuditChain.VerifyAsync(db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable(), db.ChainKey, anchor, ct);

    public static DateTimeOffset StartOfTokyoDay(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Wareki.Tokyo.GetUtcOffset(local)).ToUniversalTime();
    }


    private static DateOnly? ParseDate(string? value, string field, string label, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        errors[field] = [$"{label}は 2026-06-01 の形式で入力してください。"];
        return null;
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
