using Microsoft.EntityFrameworkCore;
using MuniSocial.Data;
using MuniSocial.Domain;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Operations;
using MuniSocial.Features.Accounts;

namespace MuniSocial.Features.Operations;

/// <summary>Settings of daily operation ("Operations" in configuration).</summary>
public sealed class OperationsOptions
{
    /// <summary>How many past business days the board and the reminders look back for missed checks.</summary>
    public int MissedCheckWindow { get; set; } = 5;

    /// <summary>"Period ending soon" on the board: the operating period ends within this many days.</summary>
    public int PeriodEndingWithinDays { get; set; } = 30;

    /// <summary>An account with no published post for this many days is dormant (休眠).</summary>
    public int DormantAfterDays { get; set; } = 90;
}

/// <summary>Where published posts come from (the posts feature's archive): for the dormant condition.</summary>
public interface IPostActivity
{
    /// <summary>The last publication per account (absent = never published), or null when the system does not know.</summary>
    Task<IReadOnlyDictionary<Guid, DateTimeOffset>?> LastPublishedAsync(IReadOnlyCollection<Guid> accountIds, CancellationToken ct);
}

/// <summary>The last published post per account, from the posts archive.</summary>
public sealed class PublishedPostActivity(AppDbContext db) : IPostActivity
{
    public async Task<IReadOnlyDictionary<Guid, DateTimeOffset>?> LastPublishedAsync(IReadOnlyCollection<Guid> accountIds, CancellationToken ct)
    {
        // Grouped in memory: SQLite stores instants as ticks, and MAX over a converted column is not translated.
        var published = await db.Set<MuniSocial.Domain.Posts.Post>().AsNoTracking()
            .Where(p => p.PublishedAt != null)
            .Select(p => new { p.AccountId, p.PublishedAt })
            .ToListAsync(ct);
        var wanted = accountIds.ToHashSet();
        return published.Where(p => wanted.Contains(p.AccountId))
            .GroupBy(p => p.AccountId)
            .ToDictionary(g => g.Key, g => g.Max(p => p.PublishedAt!.Value));
    }
}

public sealed record Person(string UserId, string Name);

/// <summary>Everything the board, the home page and the reminders know about one account today.</summary>
public sealed record AccountCondition
{
    public required Guid AccountId { get; init; }
    public required string AccountName { get; init; }
    public required string Platform { get; init; }
    public required Guid SectionId { get; init; }
    public required string SectionName { get; init; }
    public required AccountStatus Status { get; init; }
    public DateOnly? PeriodEnd { get; init; }

    /// <summary>Days until the period ends (negative: ended).</summary>
    public int? DaysLeft { get; init; }
    public required bool Overdue { get; init; }
    public required bool PeriodEndingSoon { get; init; }
    public required IReadOnlyList<Person> Operators { get; init; }

    /// <summary>Whether checks are due today (a business day, account Listed since before today).</summary>
    public required bool ChecksDueToday { get; init; }
    public required IReadOnlyList<Person> CheckedToday { get; init; }
    public required IReadOnlyList<MissedCheckDay> MissedChecks { get; init; }

    /// <summary>null = the system does not know (no posts feature yet).</summary>
    public bool? Dormant { get; init; }
    public DateOnly? LastPostOn { get; init; }

    /// <summary>Access holders who were transferred or left and whose access is not yet recorded as removed (要削除).</summary>
    public IReadOnlyList<string> AccessHoldersToRemove { get; init; } = [];

    /// <summary>Two-factor authentication of the login: null = not recorded (a warning, like off).</summary>
    public bool? TwoFactorEnabled { get; init; }

    /// <summary>Nobody is recorded as keeping the login's ID/password (a warning).</summary>
    public bool NoCredentialKeeper { get; init; }

    public bool ChecksCompleteToday => CheckedToday.Count >= DailyCheck.RequiredCheckers;

    /// <summary>Anything that someone must act on (the board's "要対応").</summary>
    public bool NeedsAttention => Overdue || MissedChecks.Count > 0 || PeriodEndingSoon || Dormant == true
        || AccessHoldersToRemove.Count > 0;

    /// <summary>The board's order: overdue first, then the most conditions, then name.</summary>
    public int Severity => (Overdue ? 1000 : 0) + (MissedChecks.Count > 0 ? 100 + MissedChecks.Count : 0) + (PeriodEndingSoon ? 10 : 0) + (Dormant == true ? 1 : 0)
        + (AccessHoldersToRemove.Count > 0 ? 50 : 0);
}

/// <summary>Computes <see cref="AccountCondition"/> for many accounts with a handful of queries (the board of 2,000 accounts).</summary>
public sealed class AccountConditions(AppDbContext db, BusinessCalendar calendar, IPostActivity posts,
    Microsoft.Extensions.Options.IOptions<OperationsOptions> options)
{
    private readonly OperationsOptions _options = options.Value;

    /// <summary>The accounts the board watches: those that exist on the platform (Listed) or should no longer (削除依頼中).</summary>
    public static readonly AccountStatus[] Watched = [AccountStatus.Listed, AccountStatus.DelistingRequested];

    public async Task<List<AccountCondition>> ForAsync(Actor? viewer, DateOnly today, Guid? sectionFilter = null, CancellationToken ct = default)
    {
        var query = db.Accounts.AsNoTracking().Where(a => Watched.Contains(a.Status));
        if (viewer is not null)
        {
            query = query.VisibleTo(viewer);
        }
        if (sectionFilter is { } s)
        {
            query = query.Where(a => a.SectionId == s);
        }
        var accounts = await query.Select(a => new { a.Id, a.SectionId, a.Status, a.ListedAt }).ToListAsync(ct);
        if (accounts.Count == 0)
        {
            return [];
        }
        var ids = accounts.Select(a => a.Id).ToHashSet();
        var policies = (await db.PolicyVersions.AsNoTracking().Where(p => p.Status == PolicyVersionStatus.Accepted)
                .Where(p => db.Accounts.Any(a => a.Id == p.AccountId && Watched.Contains(a.Status)))
                .Select(p => new { p.AccountId, p.Number, p.AccountName, p.Platform, p.OtherPlatformName, p.PeriodEnd }).ToListAsync(ct))
            .Where(p => ids.Contains(p.AccountId)).GroupBy(p => p.AccountId).ToDictionary(g => g.Key, g => g.MaxBy(p => p.Number)!);
        var operators = (await db.AccountOperators.AsNoTracking()
                .Where(o => db.Accounts.Any(a => a.Id == o.AccountId && Watched.Contains(a.Status)))
                .Select(o => new { o.AccountId, o.UserId, o.Name }).ToListAsync(ct))
            .Where(o => ids.Contains(o.AccountId)).GroupBy(o => o.AccountId)
            .ToDictionary(g => g.Key, g => g.Select(o => new Person(o.UserId, o.Name)).OrderBy(p => p.Name, StringComparer.Ordinal).ToList());
        var sections = await db.Sections.AsNoTracking().Select(s => new { s.Id, Name = s.Department.Name + " " + s.Name }).ToDictionaryAsync(s => s.Id, s => s.Name, ct);

        var window = calendar.BusinessDaysBefore(today, _options.MissedCheckWindow);
        var from = window.Count > 0 ? window[^1] : today;
        var checks = (await db.Set<DailyCheck>().AsNoTracking().Where(c => c.Day >= from && c.Day <= today)
                .Select(c => new { c.AccountId, c.Day, c.UserId, c.UserName }).ToListAsync(ct))
            .Where(c => ids.Contains(c.AccountId))
            .GroupBy(c => c.AccountId)
            .ToDictionary(g => g.Key, g => g.GroupBy(c => c.Day).ToDictionary(d => d.Key, d => d.Select(c => (c.UserId, c.UserName)).ToList()));
        var lastPosts = await posts.LastPublishedAsync(ids, ct);
        var todayIsBusiness = calendar.IsBusinessDay(today);
        var access = await Access.AccessHolders.SummariesAsync(db, ct);

        var result = new List<AccountCondition>(accounts.Count);
        foreach (var a in accounts)
        {
            var policy = policies.GetValueOrDefault(a.Id);
            var ops = operators.GetValueOrDefault(a.Id) ?? [];
            var byDay = checks.GetValueOrDefault(a.Id) ?? [];
            var listedDay = a.ListedAt is { } listedAt ? Wareki.TodayIn(listedAt) : today;
            var listed = a.Status == AccountStatus.Listed;
            var end = policy?.PeriodEnd;
            int? daysLeft = end is { } e ? e.DayNumber - today.DayNumber : null;
            var missed = listed
                ? CheckRule.Missed(window, listedDay, calendar, byDay, ops.Select(o => (o.UserId, o.Name)).ToList())
                : [];
            bool? dormant = null;
            DateOnly? lastPostOn = null;
            if (lastPosts is not null)
            {
                lastPostOn = lastPosts.TryGetValue(a.Id, out var lp) ? Wareki.TodayIn(lp) : null;
                var since = lastPostOn ?? listedDay;
                dormant = listed && today.DayNumber - since.DayNumber >= _options.DormantAfterDays;
            }
            result.Add(new AccountCondition
            {
                AccountId = a.Id,
                AccountName = policy?.AccountName ?? "（名称未設定）",
                Platform = policy?.Platform is { } p ? (p == Domain.Accounts.Platform.Other && !string.IsNullOrWhiteSpace(policy.OtherPlatformName) ? policy.OtherPlatformName! : Labels.Of(p)) : "",
                SectionId = a.SectionId,
                SectionName = sections.GetValueOrDefault(a.SectionId) ?? "",
                Status = a.Status,
                PeriodEnd = end,
                DaysLeft = daysLeft,
                Overdue = daysLeft < 0,
                PeriodEndingSoon = listed && daysLeft is >= 0 && daysLeft <= _options.PeriodEndingWithinDays,
                Operators = ops,
                ChecksDueToday = listed && todayIsBusiness && CheckRule.IsDue(calendar, today, listedDay),
                CheckedToday = (byDay.GetValueOrDefault(today) ?? []).DistinctBy(c => c.UserId).Select(c => new Person(c.UserId, c.UserName)).ToList(),
                MissedChecks = missed,
                Dormant = dormant,
                LastPostOn = lastPostOn,
                AccessHoldersToRemove = access.GetValueOrDefault(a.Id)?.ToRemove ?? [],
                TwoFactorEnabled = access.GetValueOrDefault(a.Id)?.TwoFactorEnabled,
                NoCredentialKeeper = !(access.GetValueOrDefault(a.Id)?.HasCredentialKeeper ?? false),
            });
        }
        return result;
    }

    /// <summary>Active users by role and section, for addressing reminders.</summary>
    public async Task<List<StaffUser>> StaffAsync(CancellationToken ct = default)
    {
        var roles = await db.Roles.AsNoTracking().Select(r => new { r.Id, r.Name }).ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        var userRoles = (await db.UserRoles.AsNoTracking().Select(ur => new { ur.UserId, ur.RoleId }).ToListAsync(ct))
            .GroupBy(ur => ur.UserId).ToDictionary(g => g.Key, g => g.Select(ur => roles.GetValueOrDefault(ur.RoleId)).OfType<string>()
                .Select(n => Enum.TryParse<Role>(n, out var r) ? r : (Role?)null).OfType<Role>().ToHashSet());
        var users = await db.Users.AsNoTracking().Where(u => u.IsActive)
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.SectionId }).ToListAsync(ct);
        return users.Select(u => new StaffUser(u.Id, u.DisplayName, u.Email, u.SectionId, userRoles.GetValueOrDefault(u.Id) ?? [])).ToList();
    }
}

public sealed record StaffUser(string UserId, string Name, string? Email, Guid? SectionId, IReadOnlySet<Role> Roles)
{
    public bool Is(Role role) => Roles.Contains(role);
}
