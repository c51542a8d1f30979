using System.Text.Json;
using MuniSocial.Domain.Audit;
using MuniSocial.Domain.Organisation;

namespace MuniSocial.Features.Admin;

public sealed record UnitNode(Guid Id, string Name, int PolicyCount);

public sealed record SectionNode(Guid Id, string Name, string HeadTitle, bool IsPrOffice, int UserCount, int AccountCount, IReadOnlyList<UnitNode> Units)
{
    public bool InUse => UserCount > 0 || AccountCount > 0 || IsPrOffice;
}

public sealed record DepartmentNode(Guid Id, string Name, int SortOrder, IReadOnlyList<SectionNode> Sections);

/// <summary>The three kinds of organisation node, by the segment of their URLs (<c>/admin/organisation/{segment}/{id}</c>).</summary>
public enum OrgKind
{
    Department,
    Section,
    Unit,
}

/// <summary>
/// What deleting one department, section or unit would remove (<see cref="Facts"/>) and what stops it (<see cref="Blockers"/>,
/// empty when it may go), with the digest of its state the check page showed (<see cref="Tag"/>, the API's ETag).
/// </summary>
public sealed record OrgDeletion(OrgKind Kind, Guid Id, string Name, IReadOnlyList<CheckRow> Facts, IReadOnlyList<string> Blockers, string Tag)
{
    public bool Allowed => Blockers.Count == 0;
}

/// <summary>
/// Changes to the organisation tree (部 › 課 › 係), shared by the admin page and the admin API. Each change
/// is one save with its audit entry. Things in use are never deleted: a section owns accounts and users,
/// a unit is printed on policies (様式1 開設所属), and the PR office must always exist exactly once.
/// </summary>
public static class OrganisationAdministration
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<IReadOnlyList<DepartmentNode>> TreeAsync(AppDbContext db, CancellationToken ct)
    {
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.SortOrder).ThenBy(d => d.Name).Select(d => new { d.Id, d.Name, d.SortOrder }).ToListAsync(ct);
        var sections = await db.Sections.AsNoTracking().OrderBy(s => s.Name)
            .Select(s => new
            {
                s.Id,
                s.DepartmentId,
                s.Name,
                s.HeadTitle,
                s.IsPrOffice,
                Users = db.Users.Count(u => u.SectionId == s.Id),
                Accounts = db.Accounts.Count(a => a.SectionId == s.Id),
            }).ToListAsync(ct);
        var units = await db.Units.AsNoTracking().OrderBy(u => u.Name)
            .Select(u => new { u.Id, u.SectionId, u.Name, Policies = db.PolicyVersions.Count(p => p.UnitId == u.Id) }).ToListAsync(ct);
        var unitsBySection = units.ToLookup(u => u.SectionId, u => new UnitNode(u.Id, u.Name, u.Policies));
        var sectionsByDepartment = sections.ToLookup(s => s.DepartmentId,
            s => new SectionNode(s.Id, s.Name, s.HeadTitle, s.IsPrOffice, s.Users, s.Accounts, unitsBySection[s.Id].ToList()));
        return departments.Select(d => new DepartmentNode(d.Id, d.Name, d.SortOrder, sectionsByDepartment[d.Id].ToList())).ToList();
    }

    public static async Task<Department> AddDepartmentAsync(AppDbContext db, Actor by, string? name, DateTimeOffset at, CancellationToken ct)
    {
        var next = (await db.Departments.MaxAsync(d => (int?)d.SortOrder, ct) ?? 0) + 1;
        var department = new Department(name ?? "", next);
        await RequireUniqueDepartmentAsync(db, department.Name, null, ct);
        db.Departments.Add(department);
        db.AddAudit(Record(by, at, "organisation.department-created", "Department", department.Id, null, new { name = department.Name }));
        await SaveAsync(db, ct);
        return department;
    }

    public static async Task RenameDepartmentAsync(AppDbContext db, Actor by, Guid id, string? name, DateTimeOffset at, CancellationToken ct)
    {
        var department = await db.Departments.FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw NotFound("部");
        var before = department.Name;
        department.Rename(name ?? "");
        if (department.Name == before)
        {
            return;
        }
        await RequireUniqueDepartmentAsync(db, department.Name, id, ct);
        db.AddAudit(Record(by, at, "organisation.department-renamed", "Department", id, new { name = before }, new { name = department.Name }));
        await SaveAsync(db, ct);
    }

    public static async Task DeleteDepartmentAsync(AppDbContext db, Actor by, Guid id, DateTimeOffset at, CancellationToken ct)
    {
        var department = await db.Departments.FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw NotFound("部");
        var sections = await SectionNamesAsync(db, id, ct);
        if (sections.Count > 0)
        {
            throw new DomainRuleException($"「{department.Name}」には課（{string.Join("、", sections)}）があるため削除できません。先に課を削除するか、別の部へ移してください。", "in-use");
        }
        db.Departments.Remove(department);
        db.AddAudit(Record(by, at, "organisation.department-deleted", "Department", id, new { name = department.Name }, null));
        await SaveAsync(db, ct);
    }

    public static async Task<Section> AddSectionAsync(AppDbContext db, Actor by, Guid departmentId, string? name, string? headTitle, DateTimeOffset at, CancellationToken ct)
    {
        var department = await db.Departments.FirstOrDefaultAsync(d => d.Id == departmentId, ct)
            ?? throw new DomainValidationException(new Dictionary<string, string[]> { ["departmentId"] = ["指定された部が見つかりません。"] });
        var section = new Section(department, name ?? "", headTitle: string.IsNullOrWhiteSpace(headTitle) ? "課長" : headTitle);
        await RequireUniqueSectionAsync(db, departmentId, section.Name, null, ct);
        db.Sections.Add(section);
        db.AddAudit(Record(by, at, "organisation.section-created", "Section", section.Id, null,
            new { department = department.Name, name = section.Name, headTitle = section.HeadTitle }));
        await SaveAsync(db, ct);
        return section;
    }

    /// <summary>Rename, set the head's title (課長・室長…) and move to another department, as one audited change.</summary>
    public static async Task UpdateSectionAsync(AppDbContext db, Actor by, Guid id, string? name, string? headTitle, Guid? departmentId, DateTimeOffset at, CancellationToken ct)
    {
        var section = await db.Sections.Include(s => s.Department).FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw NotFound("課");
        var before = new { department = section.Department.Name, name = section.Name, headTitle = section.HeadTitle };
        var errors = new Dictionary<string, string[]>();
        Try(errors, "name", () => section.Rename(name ?? ""));
        Try(errors, "headTitle", () => section.SetHeadTitle(headTitle ?? ""));
        if (departmentId is { } target && target != section.DepartmentId)
        {
            var department = await db.Departments.FirstOrDefaultAsync(d => d.Id == target, ct);
            if (department is null)
            {
                errors["departmentId"] = ["移動先の部が見つかりません。"];
            }
            else
            {
                section.MoveTo(department);
            }
        }
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }
        await RequireUniqueSectionAsync(db, section.DepartmentId, section.Name, id, ct);
        var after = new { department = section.Department.Name, name = section.Name, headTitle = section.HeadTitle };
        if (after.Equals(before))
        {
            return;
        }
        db.AddAudit(Record(by, at, "organisation.section-updated", "Section", id, before, after));
        await SaveAsync(db, ct);
    }

    /// <summary>The PR office (市広報担当) moves to this section; exactly one section is the PR office at any time.</summary>
    public static async Task MarkPrOfficeAsync(AppDbContext db, Actor by, Guid id, DateTimeOffset at, CancellationToken ct)
    {
        var section = await db.Sections.Include(s => s.Department).FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw NotFound("課");
        if (section.IsPrOffice)
        {
            throw new DomainRuleException($"「{section.FullName}」は既に市広報担当の課です。", "no-change");
        }
        var previous = await db.Sections.Include(s => s.Department).Where(s => s.IsPrOffice).ToListAsync(ct);
        foreach (var p in previous)
        {
            p.IsPrOffice = false;
        }
        section.IsPrOffice = true;
        db.AddAudit(Record(by, at, "organisation.pr-office-changed", "Section", id,
            new { prOffice = string.Join("、", previous.Select(p => p.FullName)) }, new { prOffice = section.FullName }));
        await SaveAsync(db, ct);
    }

    public static async Task DeleteSectionAsync(AppDbContext db, Actor by, Guid id, DateTimeOffset at, CancellationToken ct)
    {
        var section = await db.Sections.Include(s => s.Department).FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw NotFound("課");
        var reasons = await SectionBlockersAsync(db, section, ct);
        if (reasons.Count > 0)
        {
            throw new DomainRuleException($"「{section.FullName}」は使用中のため削除できません: {string.Join("。", reasons)}。", "in-use");
        }
        db.Sections.Remove(section);
        db.AddAudit(Record(by, at, "organisation.section-deleted", "Section", id, new { department = section.Department.Name, name = section.Name }, null));
        await SaveAsync(db, ct);
    }

    public static async Task<Unit> AddUnitAsync(AppDbContext db, Actor by, Guid sectionId, string? name, DateTimeOffset at, CancellationToken ct)
    {
        var section = await db.Sections.Include(s => s.Department).FirstOrDefaultAsync(s => s.Id == sectionId, ct)
            ?? throw new DomainValidationException(new Dictionary<string, string[]> { ["sectionId"] = ["指定された課が見つかりません。"] });
        var unit = new Unit(section, name ?? "");
        await RequireUniqueUnitAsync(db, sectionId, unit.Name, null, ct);
        db.Units.Add(unit);
        db.AddAudit(Record(by, at, "organisation.unit-created", "Unit", unit.Id, null, new { section = section.FullName, name = unit.Name }));
        await SaveAsync(db, ct);
        return unit;
    }

    public static async Task RenameUnitAsync(AppDbContext db, Actor by, Guid id, string? name, DateTimeOffset at, CancellationToken ct)
    {
        var unit = await db.Units.FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw NotFound("係");
        var before = unit.Name;
        unit.Rename(name ?? "");
        if (unit.Name == before)
        {
            return;
        }
        await RequireUniqueUnitAsync(db, unit.SectionId, unit.Name, id, ct);
        db.AddAudit(Record(by, at, "organisation.unit-renamed", "Unit", id, new { name = before }, new { name = unit.Name }));
        await SaveAsync(db, ct);
    }

    public static async Task DeleteUnitAsync(AppDbContext db, Actor by, Guid id, DateTimeOffset at, CancellationToken ct)
    {
        var unit = await db.Units.FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw NotFound("係");
        var policies = await UnitPolicyAccountsAsync(db, id, ct);
        if (policies > 0)
        {
            throw new DomainRuleException($"「{unit.Name}」は{policies}件のアカウントの運用ポリシー（開設所属）で使われているため削除できません。名称の変更はできます。", "in-use");
        }
        var section = await db.Sections.AsNoTracking().Include(s => s.Department).FirstOrDefaultAsync(s => s.Id == unit.SectionId, ct);
        db.Units.Remove(unit);
        db.AddAudit(Record(by, at, "organisation.unit-deleted", "Unit", id, new { section = section?.FullName, name = unit.Name }, null));
        await SaveAsync(db, ct);
    }

    /// <summary>
    /// The check page before a delete: what the node is, what goes with it, and each reason it may not go (the same
    /// reasons the delete above refuses with). Null when it does not exist.
    /// </summary>
    public static async Task<OrgDeletion?> DeletionAsync(AppDbContext db, OrgKind kind, Guid id, CancellationToken ct)
    {
        switch (kind)
        {
            case OrgKind.Department:
                {
                    var department = await db.Departments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
                    if (department is null)
                    {
                        return null;
                    }
                    var sections = await SectionNamesAsync(db, id, ct);
                    return new OrgDeletion(kind, id, department.Name,
                        [new CheckRow("部の名称", department.Name), new CheckRow("課", sections.Count == 0 ? "なし" : string.Join("、", sections))],
                        sections.Count == 0 ? [] : [$"課（{string.Join("、", sections)}）があります（先に課を削除するか、別の部へ移してください）"],
                        Concurrency.Tag(department.Name, department.SortOrder));
                }
            case OrgKind.Section:
                {
                    var section = await db.Sections.AsNoTracking().Include(s => s.Department).FirstOrDefaultAsync(s => s.Id == id, ct);
                    if (section is null)
                    {
                        return null;
                    }
                    var users = await db.Users.CountAsync(u => u.SectionId == id, ct);
                    var accounts = await db.Accounts.CountAsync(a => a.SectionId == id, ct);
                    var units = await UnitNamesAsync(db, id, ct);
                    return new OrgDeletion(kind, id, section.FullName,
                        [
                            new CheckRow("部", section.Department.Name),
                        new CheckRow("課の名称", section.Name),
                        new CheckRow("所属長の職名", section.HeadTitle),
                        new CheckRow("所属する利用者", $"{users}人"),
                        new CheckRow("アカウント（運用終了したものを含む）", $"{accounts}件"),
                        new CheckRow("係", units.Count == 0 ? "なし" : string.Join("、", units)),
                    ],
                        await SectionBlockersAsync(db, section, ct),
                        Concurrency.Tag(section.DepartmentId, section.Name, section.HeadTitle, section.IsPrOffice));
                }
            default:
                {
                    var unit = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
                    if (unit is null)
                    {
                        return null;
                    }
                    var section = await db.Sections.AsNoTracking().Include(s => s.Department).FirstAsync(s => s.Id == unit.SectionId, ct);
                    var policies = await UnitPolicyAccountsAsync(db, id, ct);
                    return new OrgDeletion(kind, id, $"{section.FullName} {unit.Name}",
                        [new CheckRow("課", section.FullName), new CheckRow("係の名称", unit.Name), new CheckRow("運用ポリシー（開設所属）での使用", policies == 0 ? "なし" : $"{policies}件のアカウント")],
                        policies == 0 ? [] : [$"{policies}件のアカウントの運用ポリシー（開設所属）で使われています（名称の変更はできます）"],
                        Concurrency.Tag(unit.SectionId, unit.Name));
                }
        }
    }

    private static Task<List<string>> SectionNamesAsync(AppDbContext db, Guid departmentId, CancellationToken ct) =>
        db.Sections.Where(s => s.DepartmentId == departmentId).OrderBy(s => s.Name).Select(s => s.Name).ToListAsync(ct);

    private static Task<List<string>> UnitNamesAsync(AppDbContext db, Guid sectionId, CancellationToken ct) =>
        db.Units.Where(u => u.SectionId == sectionId).OrderBy(u => u.Name).Select(u => u.Name).ToListAsync(ct);

    private static Task<int> UnitPolicyAccountsAsync(AppDbContext db, Guid unitId, CancellationToken ct) =>
        db.PolicyVersions.Where(p => p.UnitId == unitId).Select(p => p.AccountId).Distinct().CountAsync(ct);

    /// <summary>Why a section may not be deleted: it is the PR office, or users, accounts or units belong to it.</summary>
    private static async Task<List<string>> SectionBlockersAsync(AppDbContext db, Section section, CancellationToken ct)
    {
        var id = section.Id;
        var reasons = new List<string>();
        if (section.IsPrOffice)
        {
            reasons.Add("市広報担当の課です（先に別の課を市広報担当にしてください）");
        }
        var users = await db.Users.CountAsync(u => u.SectionId == id, ct);
        if (users > 0)
        {
            reasons.Add($"利用者が{users}人所属しています");
        }
        var accounts = await db.Accounts.CountAsync(a => a.SectionId == id, ct);
        if (accounts > 0)
        {
            reasons.Add($"アカウントが{accounts}件あります（運用終了したものを含む）");
        }
        var units = await UnitNamesAsync(db, id, ct);
        if (units.Count > 0)
        {
            reasons.Add($"係（{string.Join("、", units)}）があります（先に係を削除してください）");
        }
        return reasons;
    }

    /// <summary>Thrown when the thing to change does not exist (the API answers 404).</summary>
    public sealed class NotFoundException(string what) : DomainNotFoundException(what);

    private static NotFoundException NotFound(string what) => new(what);

    private static void Try(Dictionary<string, string[]> errors, string field, Action action)
    {
        try
        {
            action();
        }
        catch (DomainValidationException ex)
        {
            errors[field] = [ex.Message];
        }
    }

    private static async Task RequireUniqueDepartmentAsync(AppDbContext db, string name, Guid? except, CancellationToken ct)
    {
        if (await db.Departments.AnyAsync(d => d.Name == name && d.Id != except, ct))
        {
            throw new DomainRuleException($"部「{name}」は既にあります。", "duplicate-name",
                new Dictionary<string, string[]> { ["name"] = [$"部「{name}」は既にあります。"] });
        }
    }

    private static async Task RequireUniqueSectionAsync(AppDbContext db, Guid departmentId, string name, Guid? except, CancellationToken ct)
    {
        if (await db.Sections.AnyAsync(s => s.DepartmentId == departmentId && s.Name == name && s.Id != except, ct))
        {
            throw new DomainRuleException($"この部には既に「{name}」があります。", "duplicate-name",
                new Dictionary<string, string[]> { ["name"] = [$"この部には既に「{name}」があります。"] });
        }
    }

    private static async Task RequireUniqueUnitAsync(AppDbContext db, Guid sectionId, string name, Guid? except, CancellationToken ct)
    {
        if (await db.Units.AnyAsync(u => u.SectionId == sectionId && u.Name == name && u.Id != except, ct))
        {
            throw new DomainRuleException($"この課には既に「{name}」があります。", "duplicate-name",
                new Dictionary<string, string[]> { ["name"] = [$"この課には既に「{name}」があります。"] });
        }
    }

    private static async Task SaveAsync(AppDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A unique index or a foreign key caught what the checks above missed (another admin at the same moment).
            db.ChangeTracker.Clear();
            throw new DomainRuleException("他の管理者が同時に組織を変更したため保存できませんでした。画面を読み込み直してから、もう一度操作してください。", "concurrency");
        }
    }

    private static AuditRecord Record(Actor by, DateTimeOffset at, string action, string entityType, Guid id, object? before, object? after) =>
        new(action, entityType, id.ToString(), by.UserId, by.Name, at,
            before is null ? null : JsonSerializer.Serialize(before, Json),
            after is null ? null : JsonSerializer.Serialize(after, Json));
}
