using MuniSocial.Domain.Operations;
using MuniSocial.Features.Board;

namespace MuniSocial.Features.AccessHolders;

/// <summary>One holding with its holder as they are now (current name, section, active) and whether it must be removed.</summary>
public sealed record HolderView(AccessHolder Holder, string CurrentName, string? CurrentSection, RemovalNeed Need)
{
    public bool ToRemove => Need != RemovalNeed.None;
}

/// <summary>One holding to remove, across accounts (the PR office's and the admin's list).</summary>
public sealed record HoldingToRemove(Guid HolderId, Guid AccountId, string AccountName, string AccountSection, AccountStatus Status,
    string UserId, string HolderName, string? HolderSection, AccessKind Kind, string? PlatformHandle, PlatformRole? PlatformRole,
    RemovalNeed Need, DateTimeOffset AddedAt);

/// <summary>Per account: who must be removed, 2FA (null = not recorded), whether anyone keeps the credentials.</summary>
public sealed record AccessSummary(IReadOnlyList<string> ToRemove, bool? TwoFactorEnabled, bool HasCredentialKeeper)
{
    public static readonly AccessSummary None = new([], null, false);
}

/// <summary>The access holders' queries and the recording shared by the page and the API (load, one domain call, one save).</summary>
public static class AccessHolderUseCases
{
    /// <summary>An account's holdings (current first, then the history) with their holders as they are now.</summary>
    public static async Task<List<HolderView>> ForAccountAsync(AppDbContext db, SocialAccount account, CancellationToken ct)
    {
        var holders = await db.AccessHolders.AsNoTracking().Where(h => h.AccountId == account.Id).ToListAsync(ct);
        var userIds = holders.Select(h => h.UserId).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.SectionId, u.IsActive, Section = db.Sections.Where(s => s.Id == u.SectionId).Select(s => s.Department.Name + " " + s.Name).FirstOrDefault() })
            .ToDictionaryAsync(u => u.Id, ct);
        return holders.Select(h =>
            {
                var u = users.GetValueOrDefault(h.UserId);
                return new HolderView(h, u?.DisplayName is { Length: > 0 } n ? n : h.UserName, u?.Section,
                    AccessHolder.NeedOf(h.IsCurrent, account.SectionId, u?.SectionId, u?.IsActive ?? false));
            })
            .OrderBy(v => v.Holder.IsCurrent ? 0 : 1).ThenByDescending(v => v.ToRemove).ThenBy(v => v.Holder.Kind)
            .ThenByDescending(v => v.Holder.RemovedAt).ThenBy(v => v.Holder.AddedAt).ToList();
    }

    /// <summary>
    /// The summary of every watched account (Listed / 削除依頼中) for the board of 2,000 accounts, in two queries
    /// that leave the work to the database: one row per account (a credential keeper recorded? two-factor?) and
    /// only the holdings to remove — the holder is no longer active staff of the account's section (derived from
    /// the users as they are now, the same rule as <see cref="AccessHolder.NeedOf"/>).
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, AccessSummary>> SummariesAsync(AppDbContext db, CancellationToken ct)
    {
        var watched = AccountConditions.Watched;
        var holders = db.AccessHolders.AsNoTracking();
        var perAccount = await db.Accounts.AsNoTracking().Where(a => watched.Contains(a.Status))
            .Select(a => new
            {
                a.Id,
                Keeper = holders.Any(h => h.AccountId == a.Id && h.RemovedAt == null && h.Kind == AccessKind.CredentialKeeper),
                TwoFactor = db.AccountTwoFactors.Where(t => t.AccountId == a.Id).Select(t => (bool?)t.Enabled).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var toRemove = (await Held(db, db.Accounts.Where(a => watched.Contains(a.Status)), null)
                .Select(r => new { r.Holder.AccountId, r.Holder.UserName, r.Name }).ToListAsync(ct))
            .ToLookup(h => h.AccountId, h => string.IsNullOrEmpty(h.Name) ? h.UserName : h.Name);
        return perAccount.ToDictionary(a => a.Id, a => new AccessSummary(
            toRemove[a.Id].Distinct().Order(StringComparer.Ordinal).ToList(), a.TwoFactor, a.Keeper));
    }

    /// <summary>
    /// Every holding to remove on accounts that still exist (not 運用終了): those the viewer sees, and every account
    /// for the admin, who makes the transfers and must see what they left behind.
    /// </summary>
    public static async Task<List<HoldingToRemove>> ToRemoveAsync(AppDbContext db, Actor viewer, CancellationToken ct) =>
        await ToRemoveAsync(db, viewer.Is(Role.Admin) ? db.Accounts : db.Accounts.VisibleTo(viewer), null, ct);

    /// <summary>The current holdings of one user on accounts that still exist (the admin's user page), flagged or not.</summary>
    public static async Task<List<HoldingToRemove>> HeldByAsync(AppDbContext db, string userId, CancellationToken ct) =>
        await ToRemoveAsync(db, db.Accounts, userId, ct);

    /// <summary>A current holding with its account and its holder as they are now.</summary>
    private sealed class HeldRow
    {
        public required AccessHolder Holder { get; init; }
        public required Guid SectionId { get; init; }
        public required AccountStatus Status { get; init; }
        public string? Name { get; init; }
        public Guid? UserSection { get; init; }
        public bool Active { get; init; }
    }

    /// <summary>
    /// Current holdings on <paramref name="accounts"/>: every holding of <paramref name="userId"/> when given, else only
    /// those to remove — the holder is no longer active staff of the account's section. This is
    /// <see cref="AccessHolder.NeedOf"/> in SQL (the one place it is), so that only the flagged rows are read.
    /// </summary>
    private static IQueryable<HeldRow> Held(AppDbContext db, IQueryable<SocialAccount> accounts, string? userId) =>
        from h in db.AccessHolders.AsNoTracking()
        where h.RemovedAt == null && (userId == null || h.UserId == userId)
        join a in accounts on h.AccountId equals a.Id
        join u in db.Users on h.UserId equals u.Id into us
        from u in us.DefaultIfEmpty()
        where userId != null || u == null || !u.IsActive || u.SectionId == null || u.SectionId != a.SectionId
        select new HeldRow { Holder = h, SectionId = a.SectionId, Status = a.Status, Name = u == null ? null : u.DisplayName, UserSection = u == null ? null : u.SectionId, Active = u != null && u.IsActive };

    private static async Task<List<HoldingToRemove>> ToRemoveAsync(AppDbContext db, IQueryable<SocialAccount> accounts, string? userId, CancellationToken ct)
    {
        var rows = await Held(db, accounts.Where(a => a.Status != AccountStatus.Closed), userId).ToListAsync(ct);
        if (rows.Count == 0)
        {
            return [];
        }
        var accountIds = rows.Select(r => r.Holder.AccountId).Distinct().ToList();
        var names = (await db.PolicyVersions.AsNoTracking().Where(p => accountIds.Contains(p.AccountId))
                .Select(p => new { p.AccountId, p.Number, p.Status, p.AccountName }).ToListAsync(ct))
            .GroupBy(p => p.AccountId)
            .ToDictionary(g => g.Key, g => (g.Where(p => p.Status == PolicyVersionStatus.Accepted).MaxBy(p => p.Number) ?? g.MaxBy(p => p.Number))!.AccountName);
        var sections = await db.Sections.AsNoTracking().Select(s => new { s.Id, Name = s.Department.Name + " " + s.Name }).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        return rows.Select(r => new HoldingToRemove(r.Holder.Id, r.Holder.AccountId, names.GetValueOrDefault(r.Holder.AccountId) ?? "（名称未設定）",
                sections.GetValueOrDefault(r.SectionId) ?? "", r.Status, r.Holder.UserId, string.IsNullOrEmpty(r.Name) ? r.Holder.UserName : r.Name,
                r.UserSection is { } s ? sections.GetValueOrDefault(s) : null, r.Holder.Kind, r.Holder.PlatformHandle, r.Holder.PlatformRole,
                AccessHolder.NeedOf(true, r.SectionId, r.UserSection, r.Active), r.Holder.AddedAt))
            .OrderBy(r => r.AccountSection, StringComparer.Ordinal).ThenBy(r => r.AccountName, StringComparer.Ordinal).ThenBy(r => r.HolderName, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The staff member named by <paramref name="userId"/> if they are active staff of the section, else null (the domain names the field).</summary>
    private static async Task<StaffMember?> StaffAsync(AppDbContext db, Guid sectionId, string? userId, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(userId) ? null : (await db.SectionStaffAsync(sectionId, ct)).FirstOrDefault(s => s.UserId == userId);

    public static async Task<AccessHolder> AddAsync(AppDbContext db, Actor actor, SocialAccount account, AccessHolderInput input,
        DateTimeOffset at, string? offsiteReason, CancellationToken ct)
    {
        var current = await db.AccessHolders.Where(h => h.AccountId == account.Id && h.RemovedAt == null).ToListAsync(ct);
        var holder = AccessHolder.Add(actor, account, input, await StaffAsync(db, account.SectionId, input.UserId, ct), current, at, offsiteReason);
        db.Add(holder);
        await SaveAsync(db, ct);
        return holder;
    }

    /// <summary>Records the removal or hand-over; returns the new holder of a hand-over (saved in the same save).</summary>
    public static async Task<(AccessHolder Removed, AccessHolder? Successor)?> RemoveAsync(AppDbContext db, Actor actor, SocialAccount account, Guid holderId,
        AccessRemovalInput input, DateTimeOffset at, string? offsiteReason, CancellationToken ct)
    {
        var current = await db.AccessHolders.Where(h => h.AccountId == account.Id && (h.RemovedAt == null || h.Id == holderId)).ToListAsync(ct);
        var holder = current.FirstOrDefault(h => h.Id == holderId);
        if (holder is null)
        {
            return null;
        }
        var successor = input.How == AccessRemoval.HandedOver ? await StaffAsync(db, account.SectionId, input.SuccessorUserId, ct) : null;
        var next = holder.RecordRemoval(actor, account, input, successor, current, at, offsiteReason);
        if (next is not null)
        {
            db.Add(next);
        }
        await SaveAsync(db, ct);
        return (holder, next);
    }

    public static async Task<AccountTwoFactor> SetTwoFactorAsync(AppDbContext db, Actor actor, SocialAccount account, bool? enabled, string? codeRecipient,
        DateTimeOffset at, string? offsiteReason, CancellationToken ct)
    {
        var existing = await db.AccountTwoFactors.FirstOrDefaultAsync(t => t.AccountId == account.Id, ct);
        var row = AccountTwoFactor.Set(actor, account, existing, enabled, codeRecipient, at, offsiteReason);
        if (existing is null)
        {
            db.Add(row);
        }
        await SaveAsync(db, ct);
        return row;
    }

    public static Task<AccountTwoFactor?> TwoFactorAsync(AppDbContext db, Guid accountId, CancellationToken ct) =>
        db.AccountTwoFactors.AsNoTracking().FirstOrDefaultAsync(t => t.AccountId == accountId, ct);

    private static async Task SaveAsync(AppDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent removal (RemovedAt token), a concurrent first 2FA record (the key), or the audit chain raced.
            db.ChangeTracker.Clear();
            throw new DomainRuleException(Problems.ConcurrencyMessage, Concurrency.Rule);
        }
    }
}
