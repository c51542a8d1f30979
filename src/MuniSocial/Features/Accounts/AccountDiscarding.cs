using MuniSocial.Domain.Incidents;

namespace MuniSocial.Features.Accounts;

/// <summary>
/// 下書きの破棄 (issue 13 item 4): the one use case the page and <c>DELETE /api/v1/accounts/{id}</c> call. The account
/// row goes (lists no longer show it); its audit record "account.discarded" keeps what it was, in the same save.
/// </summary>
public static class AccountDiscarding
{
    /// <summary>Whether anything else refers to the account, so that removing it would break a record.</summary>
    public static async Task<bool> HasRecordsAsync(this AppDbContext db, Guid accountId, CancellationToken ct) =>
        await db.Posts.AnyAsync(p => p.AccountId == accountId, ct)
        || await db.DailyChecks.AnyAsync(d => d.AccountId == accountId, ct)
        || await db.AccessHolders.AnyAsync(h => h.AccountId == accountId, ct)
        || await db.AccountTwoFactors.AnyAsync(t => t.AccountId == accountId, ct)
        || await db.AccountReviews.AnyAsync(r => r.AccountId == accountId, ct)
        || await db.Comments.AnyAsync(c => c.AccountId == accountId, ct)
        || await db.IssuedDocuments.AnyAsync(d => d.AccountId == accountId, ct)
        || await db.AccountConnections.AnyAsync(c => c.AccountId == accountId, ct)
        || await db.ObservedPosts.AnyAsync(o => o.AccountId == accountId, ct)
        || await db.Set<IncidentAccount>().AnyAsync(i => i.AccountId == accountId, ct);

    /// <summary>Discards <paramref name="account"/> (tracked, loaded with access checked); the caller saves once.</summary>
    public static async Task DiscardAsync(this AppDbContext db, SocialAccount account, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        account.Discard(actor, now, await db.HasRecordsAsync(account.Id, ct));
        db.Accounts.Remove(account);
    }
}
