namespace MuniSocial.Features.ListingQueue;

/// <summary>
/// What the maker–checker rule of <see cref="SocialAccount.InvolvementOf"/> needs from outside the account: who holds
/// access to it now (アクセス権保有者). A PR office member among them does not list or close it.
/// </summary>
public static class MakerChecker
{
    public static async Task<IReadOnlyCollection<string>> AccessHolderIdsAsync(this AppDbContext db, Guid accountId, CancellationToken ct) =>
        await db.AccessHolders.AsNoTracking().Where(h => h.AccountId == accountId && h.RemovedAt == null)
            .Select(h => h.UserId).Distinct().ToListAsync(ct);
}
