using MuniSocial.Domain.Publishing;

namespace MuniSocial.Features.UnapprovedPosts;

/// <summary>What the account details page shows of the watch: when the account was last read back and what went wrong,
/// the open unapproved posts, or why the watch does not cover it (LINE: the Messaging API does not list past broadcasts).</summary>
public sealed class AccountWatchViewComponent(AppDbContext db) : ViewComponent
{
    public sealed record Model(Platform Platform, bool Covered, DateTimeOffset? LastWatchedAt, string? LastWatchError, ConnectionState State, int OpenUnapproved);

    public async Task<IViewComponentResult> InvokeAsync(Guid accountId)
    {
        var ct = HttpContext.RequestAborted;
        var connection = await db.AccountConnections.AsNoTracking().FirstOrDefaultAsync(c => c.AccountId == accountId, ct);
        if (connection is null)
        {
            return Content("");
        }
        var open = await db.ObservedPosts.AsNoTracking().OpenOnes().CountAsync(o => o.AccountId == accountId, ct);
        return View(new Model(connection.Platform, AccountConnection.WatchCovers(connection.Platform), connection.LastWatchedAt, connection.LastWatchError,
            connection.State, open));
    }
}
