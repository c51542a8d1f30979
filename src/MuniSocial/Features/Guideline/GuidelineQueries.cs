using MuniSocial.Infrastructure.Export;
using MuniSocial.Domain.Guideline;

namespace MuniSocial.Features.Guideline;

/// <summary>One staff user and the newest guideline version they have confirmed.</summary>
public sealed record AcknowledgementRow(
    string UserId,
    string UserName,
    string DisplayName,
    Guid? SectionId,
    string SectionName,
    EmploymentType EmploymentType,
    IReadOnlyList<Role> Roles,
    int? AcknowledgedVersion,
    DateTimeOffset? AcknowledgedAt,
    bool AcknowledgedCurrent)
{
    public string EmploymentLabel => AppUser.EmploymentLabel(EmploymentType);
    public string RoleLabels => string.Join("・", Roles.Select(Actor.RoleLabel));
}

public static class GuidelineQueries
{
    /// <summary>The current guideline: the newest version whose effective date has come (null only before any is effective).</summary>
    public static Task<GuidelineVersion?> CurrentVersionAsync(this AppDbContext db, DateOnly today, CancellationToken ct = default) =>
        db.GuidelineVersions.AsNoTracking().Where(v => v.EffectiveFrom <= today).OrderByDescending(v => v.Number).FirstOrDefaultAsync(ct);

    /// <summary>Whether the user must still confirm the current version (false when no version is effective yet).</summary>
    public static Task<bool> MustAcknowledgeAsync(this AppDbContext db, string userId, DateOnly today, CancellationToken ct = default) =>
        // One query: it runs on every signed-in page request (the gate).
        db.GuidelineVersions.AsNoTracking().Where(v => v.EffectiveFrom <= today).OrderByDescending(v => v.Number).Take(1)
            .AnyAsync(v => !db.GuidelineAcknowledgements.Any(a => a.UserId == userId && a.VersionId == v.Id), ct);

    /// <summary>
    /// Every active user (demo users only while demo mode is on, since no one else can sign in as them) with the
    /// newest version they confirmed; those who have not confirmed the current version first.
    /// </summary>
    public static async Task<List<AcknowledgementRow>> AcknowledgementsAsync(this AppDbContext db, GuidelineVersion? current, bool includeDemo,
        Guid? section, CancellationToken ct = default)
    {
        var users = db.Users.AsNoTracking().Where(u => u.IsActive && (includeDemo || !u.IsDemo));
        if (section is { } s)
        {
            users = users.Where(u => u.SectionId == s);
        }
        var list = await users.Select(u => new { u.Id, u.UserName, u.DisplayName, u.SectionId, u.EmploymentType }).ToListAsync(ct);
        var ids = list.Select(u => u.Id).ToHashSet();
        var sections = await db.Sections.AsNoTracking().Select(x => new { x.Id, Name = x.Department.Name + " " + x.Name, x.Department.SortOrder })
            .ToDictionaryAsync(x => x.Id, ct);
        var roleNames = await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        var roles = (await db.UserRoles.AsNoTracking().Select(ur => new { ur.UserId, ur.RoleId }).ToListAsync(ct))
            .Where(ur => ids.Contains(ur.UserId)).GroupBy(ur => ur.UserId)
            .ToDictionary(g => g.Key, g => g.Select(ur => Enum.TryParse<Role>(roleNames.GetValueOrDefault(ur.RoleId), out var r) ? r : (Role?)null)
                .OfType<Role>().Order().ToList());
        var acks = (await db.GuidelineAcknowledgements.AsNoTracking().Select(a => new { a.UserId, a.VersionId, a.VersionNumber, a.At }).ToListAsync(ct))
            .Where(a => ids.Contains(a.UserId)).GroupBy(a => a.UserId).ToDictionary(g => g.Key, g => g.ToList());
        return list.Select(u =>
            {
                var mine = acks.GetValueOrDefault(u.Id) ?? [];
                var newest = mine.MaxBy(a => a.VersionNumber);
                var sectionInfo = u.SectionId is { } sid ? sections.GetValueOrDefault(sid) : null;
                return new AcknowledgementRow(u.Id, u.UserName ?? "", u.DisplayName, u.SectionId, sectionInfo?.Name ?? "（所属なし）", u.EmploymentType,
                    roles.GetValueOrDefault(u.Id) ?? [], newest?.VersionNumber, newest?.At,
                    current is null || mine.Any(a => a.VersionId == current.Id));
            })
            .OrderBy(r => r.AcknowledgedCurrent)
            .ThenBy(r => r.SectionId is { } sid && sections.TryGetValue(sid, out var x) ? x.SortOrder : int.MaxValue)
            .ThenBy(r => r.SectionName, StringComparer.Ordinal)
            .ThenBy(r => r.DisplayName, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>UTF-8 with BOM so that Excel opens the Japanese text correctly.</summary>
    public static byte[] Csv(IEnumerable<AcknowledgementRow> rows)
    {
        return CsvExport.Write(["状態", "氏名", "ユーザー名", "所属", "任用形態", "役割", "確認した版", "確認日時"], rows.Select(r => new[]
        {
            r.AcknowledgedCurrent ? "確認済" : "未確認",
            r.DisplayName,
            r.UserName,
            r.SectionName,
            r.EmploymentLabel,
            r.RoleLabels,
            r.AcknowledgedVersion is { } n ? $"第{n}版" : "",
            r.AcknowledgedAt is { } at ? Wareki.ToTokyo(at).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "",
        }).ToList());
    }
}
