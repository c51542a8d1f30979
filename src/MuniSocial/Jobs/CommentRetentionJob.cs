using MuniSocial.Domain.Comments;
using MuniSocial.Features.Comments;

namespace MuniSocial.Jobs;

/// <summary>
/// Retention of users' comments (issue 10 item 4): once a closed comment has been kept for the city's retention
/// period, its text, author and URL are redacted and the redaction audited (ids only). Safe to run twice: a
/// redacted comment is not touched again.
/// </summary>
public sealed class CommentRetentionJob(AppDbContext db, TimeProvider clock) : IJob
{
    public static string Name => "comment-retention";

    private const int Batch = 500;

    /// <summary>The actor of the redaction: the job, not a person.</summary>
    public static readonly Actor System = Actor.System("自動処理（書込みの保存期間）");

    public async Task<string> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var days = (await db.CommentSettingsAsync(ct)).RetentionDays;
        var cutoff = now.AddDays(-days);
        var closed = new[] { CommentStatus.Answered, CommentStatus.NoActionNeeded, CommentStatus.Moderated };
        var redacted = 0;
        while (true)
        {
            var due = await db.Comments.Where(c => c.RedactedAt == null && closed.Contains(c.Status) && c.ClosedAt != null && c.ClosedAt <= cutoff)
                .OrderBy(c => c.ClosedAt).Take(Batch).ToListAsync(ct);
            var changed = due.Count(c => c.Redact(System, days, now));
            if (changed == 0)
            {
                break;
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            redacted += changed;
        }
        return $"保存期間（対応終了後{days}日）を過ぎた書込み{redacted}件の本文・投稿者・URLを消去しました。";
    }
}
