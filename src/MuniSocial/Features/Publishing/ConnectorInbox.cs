using MuniSocial.Domain.Comments;

namespace MuniSocial.Features.Publishing;

/// <summary>
/// Where what a connector brings in joins the comments inbox (§5(4)ア): a LINE user's message from the webhook, a
/// reply or mention read back by the watch. Each becomes a comment of source Connector recorded by the system;
/// one already recorded (same identity: the platform's id first) adds nothing; one the comment rules refuse (too
/// long, no text) is skipped and counted. One save for the lot.
/// </summary>
public static class ConnectorInbox
{
    public sealed record Outcome(IReadOnlyList<Comment> Added, int AlreadyRecorded, int Refused);

    public static async Task<Outcome> RecordAsync(AppDbContext db, SocialAccount account, IEnumerable<CommentInput> inputs, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(account);
        var prepared = new List<Comment.Prepared>();
        var refused = 0;
        foreach (var input in inputs)
        {
            if (Comment.TryPrepare(account, input, now, out _) is { } p)
            {
                prepared.Add(p);
            }
            else
            {
                refused++;
            }
        }
        var keys = prepared.Select(p => p.IdentityKey).Distinct().ToList();
        var known = keys.Count == 0 ? [] : await db.Comments.AsNoTracking()
            .Where(c => c.AccountId == account.Id && keys.Contains(c.IdentityKey)).Select(c => c.IdentityKey).ToListAsync(ct);
        var seen = new HashSet<string>(known, StringComparer.Ordinal);
        var added = new List<Comment>();
        foreach (var p in prepared)
        {
            if (seen.Add(p.IdentityKey))
            {
                var comment = Comment.FromConnector(account, p, now);
                db.Comments.Add(comment);
                added.Add(comment);
            }
        }
        if (added.Count > 0)
        {
            await db.SaveChangesAsync(ct);
        }
        return new Outcome(added, prepared.Count - added.Count, refused);
    }
}
