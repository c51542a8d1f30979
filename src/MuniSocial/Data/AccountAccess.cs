using MuniSocial.Domain.Terms;

namespace MuniSocial.Data;

/// <summary>
/// Loading accounts with access checked where the data is loaded: staff see their own section's
/// accounts, the PR office sees all, everybody else sees none (so another section's account is a 404).
/// Shared by the pages and the API.
/// </summary>
public static class AccountAccess
{
    public static IQueryable<SocialAccount> VisibleTo(this IQueryable<SocialAccount> accounts, Actor actor)
    {
        if (actor.Is(Role.PrOffice))
        {
            return accounts;
        }
        if (actor.SectionId is { } section && (actor.Is(Role.Operator) || actor.Is(Role.SectionHead)))
        {
            return accounts.Where(a => a.SectionId == section);
        }
        return accounts.Where(_ => false);
    }

    public static Task<SocialAccount?> FindVisibleAsync(this AppDbContext db, Guid id, Actor actor, CancellationToken ct = default) =>
        db.Accounts.VisibleTo(actor).FirstOrDefaultAsync(a => a.Id == id, ct);

    /// <summary>
    /// Whether another account that is not Closed already uses an address of this account's open policy (its draft, or
    /// its revision): the account URL or one of the alternates, against the other accounts' URLs and alternates.
    /// Compared on the canonical URL (<see cref="PlatformAddressRules"/>); the few policies are compared in memory.
    /// </summary>
    public static async Task<bool> IsUrlTakenAsync(this AppDbContext db, SocialAccount account, CancellationToken ct = default)
    {
        var mine = account.OpenPolicy?.NormalizedUrls().ToHashSet(StringComparer.Ordinal) ?? [];
        if (mine.Count == 0)
        {
            return false;
        }
        var others = await db.PolicyVersions.AsNoTracking().Where(p => p.AccountId != account.Id
            && p.Status != PolicyVersionStatus.Superseded
            && db.Accounts.Any(a => a.Id == p.AccountId && a.Status != AccountStatus.Closed
                && (a.Status != AccountStatus.Draft || p.Status == PolicyVersionStatus.Submitted))).ToListAsync(ct);
        return others.Any(p => p.NormalizedUrls().Any(mine.Contains));
    }

    /// <summary>The staff of a section who can be named as operators (担当者 and 所属長, active).</summary>
    public static async Task<List<StaffMember>> SectionStaffAsync(this AppDbContext db, Guid sectionId, CancellationToken ct = default)
    {
        var roleIds = await db.Roles.Where(r => r.Name == nameof(Role.Operator) || r.Name == nameof(Role.SectionHead)).Select(r => r.Id).ToListAsync(ct);
        return await db.Users.AsNoTracking()
            .Where(u => u.SectionId == sectionId && u.IsActive && db.UserRoles.Any(ur => ur.UserId == u.Id && roleIds.Contains(ur.RoleId)))
            .OrderBy(u => u.DisplayName)
            .Select(u => new StaffMember(u.Id, u.DisplayName, u.SectionId))
            .ToListAsync(ct);
    }

    /// <summary>
    /// The named users as staff members of the section; an unknown or inactive id, or one outside the
    /// section, is a validation error naming the field "operators".
    /// </summary>
    public static async Task<List<StaffMember>> OperatorsAsync(this AppDbContext db, Guid sectionId, IEnumerable<string> userIds, CancellationToken ct = default)
    {
        var ids = userIds.Where(i => !string.IsNullOrWhiteSpace(i)).Distinct().ToList();
        var staff = await db.SectionStaffAsync(sectionId, ct);
        var chosen = staff.Where(s => ids.Contains(s.UserId)).ToList();
        if (chosen.Count != ids.Count)
        {
            throw new DomainValidationException(new Dictionary<string, string[]>
            {
                ["operators"] = ["運用担当者には、この所属の担当者または所属長を選んでください。"],
            });
        }
        return chosen;
    }

    /// <summary>The standard terms in force (the newest version).</summary>
    public static Task<TermsTemplateVersion> CurrentTermsAsync(this AppDbContext db, CancellationToken ct = default) =>
        db.TermsVersions.OrderByDescending(t => t.Number).FirstAsync(ct);
}
