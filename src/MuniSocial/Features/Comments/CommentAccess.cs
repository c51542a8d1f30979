using MuniSocial.Domain.Comments;

namespace MuniSocial.Features.Comments;

/// <summary>
/// Loading comments with access checked where they are loaded (staff: own section; PR office: all; others: none,
/// so another section's comment is a 404), and what the handlers read next to a comment.
/// </summary>
public static class CommentAccess
{
    public static IQueryable<Comment> VisibleTo(this IQueryable<Comment> comments, Actor actor)
    {
        if (actor.Is(Role.PrOffice))
        {
            return comments;
        }
        if (actor.SectionId is { } section && (actor.Is(Role.Operator) || actor.Is(Role.SectionHead)))
        {
            return comments.Where(c => c.SectionId == section);
        }
        return comments.Where(_ => false);
    }

    public static Task<Comment?> FindVisibleCommentAsync(this AppDbContext db, Guid id, Actor actor, CancellationToken ct = default) =>
        db.Comments.VisibleTo(actor).FirstOrDefaultAsync(c => c.Id == id, ct);

    public static async Task<CommentSettings> CommentSettingsAsync(this AppDbContext db, CancellationToken ct = default) =>
        await db.CommentSettings.FirstOrDefaultAsync(s => s.Id == CommentSettings.SingletonId, ct) ?? CommentSettings.CreateDefault();

    /// <summary>The inbox: the comments the actor may see, filtered by status (default: those still to be dealt with), newest first.</summary>
    public static async Task<List<Comment>> InboxAsync(this AppDbContext db, Actor actor, Guid? accountId, IReadOnlyCollection<CommentStatus>? statuses,
        int take, CancellationToken ct)
    {
        var wanted = statuses is { Count: > 0 } ? statuses.ToList() : [.. Comment.OpenStatuses];
        var q = db.Comments.VisibleTo(actor).AsNoTracking().Where(c => wanted.Contains(c.Status));
        if (accountId is { } a)
        {
            q = q.Where(c => c.AccountId == a);
        }
        // Ordered in SQL (SQLite stores the time as ticks; PostgreSQL as timestamptz): newest first.
        return await q.OrderByDescending(c => c.ReceivedAt).ThenByDescending(c => c.Id).Take(take).ToListAsync(ct);
    }

    public static Task<int> OpenCountAsync(this AppDbContext db, Actor actor, CancellationToken ct = default) =>
        db.Comments.VisibleTo(actor).CountAsync(c => c.Status == CommentStatus.Open, ct);

    /// <summary>Reads "Open,InProgress" (names or numbers, any case); unknown names are an error naming the field "status".</summary>
    public static List<CommentStatus> ParseStatuses(string? text)
    {
        var list = new List<CommentStatus>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (string.Equals(part, "all", StringComparison.OrdinalIgnoreCase))
            {
                return [.. Enum.GetValues<CommentStatus>()];
            }
            if (!Enum.TryParse<CommentStatus>(part, true, out var s) || !Enum.IsDefined(s) || int.TryParse(part, out _))
            {
                throw new DomainValidationException(new Dictionary<string, string[]>
                {
                    ["status"] = [$"status は {string.Join(" / ", Enum.GetNames<CommentStatus>())} または all をカンマ区切りで指定してください。"],
                });
            }
            list.Add(s);
        }
        return list;
    }
}
