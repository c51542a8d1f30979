using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace MuniSocial.Features.Admin;

/// <summary>
/// The admin API: users and the organisation tree, with the same rules and audit as the admin pages
/// (<see cref="UserAdministration"/>, <see cref="OrganisationAdministration"/>). The Admin policy reads the
/// token's roles; the handler reads them again from the database, so a deactivated user or a removed role is
/// refused at once (403). What can change answers an ETag: a user's Identity ConcurrencyStamp, and for a
/// department, section or unit (no version column) a digest of its fields.
/// </summary>
public static class AdminApi
{
    private const string IfMatchNote = "応答の ETag を If-Match に付けると、その後に他の管理者が変更していた場合は 409（rule: concurrency）になり、上書きを防げます。";

    public sealed record CreateUserRequest(string? UserName, string? DisplayName, string? Email, Guid? SectionId, List<Role>? Roles, EmploymentType? EmploymentType, string? Password);

    public sealed record UpdateUserRequest(string? DisplayName, string? Email, Guid? SectionId, List<Role>? Roles, EmploymentType? EmploymentType,
        bool? IsActive, bool? Unlock, string? NewPassword);

    public sealed record NameRequest(string? Name);

    public sealed record CreateSectionRequest(Guid? DepartmentId, string? Name, string? HeadTitle);

    public sealed record UpdateSectionRequest(string? Name, string? HeadTitle, Guid? DepartmentId);

    public sealed record CreateUnitRequest(Guid? SectionId, string? Name);

    /// <summary>A department (部) as the API answers it.</summary>
    public sealed record OrgDepartment(Guid Id, string Name, int SortOrder)
    {
        public string Version() => Concurrency.Tag(Name, SortOrder);
    }

    /// <summary>A section (課) as the API answers it.</summary>
    public sealed record OrgSection(Guid Id, Guid DepartmentId, string Name, string HeadTitle, bool IsPrOffice)
    {
        public string Version() => Concurrency.Tag(DepartmentId, Name, HeadTitle, IsPrOffice);
    }

    /// <summary>A unit (係) as the API answers it.</summary>
    public sealed record OrgUnit(Guid Id, Guid SectionId, string Name)
    {
        public string Version() => Concurrency.Tag(SectionId, Name);
    }

    public static void MapAdminApi(this RouteGroupBuilder api)
    {
        MapUsers(api.MapGroup("/admin/users").WithTags("Admin").RequireAuthorization(Policies.Admin));
        var org = api.MapGroup("/organisation").WithTags("Organisation").RequireAuthorization(Policies.Admin);
        org.MapGet("/", async Task<Ok<IReadOnlyList<DepartmentNode>>> ([AsParameters] ApiContext c) =>
            {
                await c.AdminAsync();
                return TypedResults.Ok(await OrganisationAdministration.TreeAsync(c.Db, c.Ct));
            })
            .WithName("GetOrganisation")
            .WithSummary("組織（部 › 課 › 係）の一覧と、利用者・アカウント・運用ポリシーでの使用数")
            .WithProblems();
        MapDepartments(org);
        MapSections(org);
        MapUnits(org);
    }

    private static void MapUsers(RouteGroupBuilder users)
    {
        users.MapGet("/", async Task<Ok<IReadOnlyList<UserView>>> ([AsParameters] ApiContext c) =>
            {
                await c.AdminAsync();
                return TypedResults.Ok(await UserAdministration.ListAsync(c.Db, c.Now, null, c.Ct));
            })
            .WithName("ListUsers")
            .WithSummary("利用者の一覧（所属、役割、雇用形態、状態）")
            .WithProblems();

        users.MapGet("/{id}", async Task<Results<Ok<UserView>, ProblemHttpResult>> (string id, [AsParameters] ApiContext c) =>
            {
                await c.AdminAsync();
                return await c.UserAsync(id) is { } view ? TypedResults.Ok(view) : Problems.NotFound("利用者");
            })
            .WithName("GetUser")
            .WithSummary("利用者の詳細")
            .WithDescription(IfMatchNote)
            .WithProblems(StatusCodes.Status404NotFound);

        users.MapPost("/", async Task<Results<Created<UserView>, ProblemHttpResult>> (CreateUserRequest? body, UserManager<AppUser> userManager, [AsParameters] ApiContext c) =>
            {
                var by = await c.AdminAsync();
                if (body is null)
                {
                    return Problems.BadRequest("userName", "利用者の内容を JSON で送ってください。");
                }
                var fields = new UserFields(body.DisplayName, body.Email, body.SectionId, body.Roles ?? [], body.EmploymentType ?? EmploymentType.Regular);
                var user = await UserAdministration.CreateAsync(userManager, c.Db, by, body.UserName, fields, body.Password, c.Now, c.Ct);
                return TypedResults.Created($"/api/v1/admin/users/{user.Id}", (await c.UserAsync(user.Id))!);
            })
            .WithName("CreateUser")
            .WithSummary("利用者を登録する")
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);

        users.MapPut("/{id}", UpdateUserAsync)
            .WithName("UpdateUser")
            .WithSummary("利用者を変更する（表示名、メール、所属、役割、雇用形態。有効・無効、ロック解除、新しいパスワードも）")
            .WithDescription("省略した項目は今の値のままです。全体が1つのトランザクションで、一部でも誤りがあれば何も変わりません。" + IfMatchNote)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    /// <summary>
    /// Replaces the user's display name, e-mail, section, roles and employment type; optionally also
    /// activates/deactivates, unlocks and sets a new password. All of it is one transaction.
    /// </summary>
    private static async Task<Results<Ok<UserView>, ProblemHttpResult>> UpdateUserAsync(string id, UpdateUserRequest? body, UserManager<AppUser> userManager,
        [AsParameters] ApiContext c)
    {
        var by = await c.AdminAsync();
        if (body is null)
        {
            return Problems.BadRequest("displayName", "利用者の内容を JSON で送ってください。");
        }
        var user = await userManager.Users.FirstOrDefaultAsync(u => u.Id == id, c.Ct);
        if (user is null)
        {
            return Problems.NotFound("利用者");
        }
        c.RequireIfMatch(user.ConcurrencyStamp ?? "");
        var currentRoles = await UserAdministration.RolesOfAsync(c.Db, id, c.Ct);
        var fields = new UserFields(body.DisplayName ?? user.DisplayName, body.Email ?? user.Email, body.SectionId ?? user.SectionId,
            body.Roles ?? [.. currentRoles], body.EmploymentType ?? user.EmploymentType);
        await using var transaction = await c.Db.Database.BeginTransactionAsync(c.Ct);
        await UserAdministration.UpdateAsync(userManager, c.Db, by, user, fields, c.Now, c.Ct);
        if (body.IsActive is { } active && active != user.IsActive)
        {
            await UserAdministration.SetActiveAsync(userManager, c.Db, by, user, active, c.Now, c.Ct);
        }
        if (body.Unlock == true && user.LockoutEnd is { } end && end > c.Now)
        {
            await UserAdministration.UnlockAsync(userManager, c.Db, by, user, c.Now, c.Ct);
        }
        if (!string.IsNullOrEmpty(body.NewPassword))
        {
            await UserAdministration.SetPasswordAsync(userManager, c.Db, by, user, body.NewPassword, c.Now, c.Ct);
        }
        await transaction.CommitAsync(c.Ct);
        return TypedResults.Ok((await c.UserAsync(id))!);
    }

    private static void MapDepartments(RouteGroupBuilder org)
    {
        MapReadAndDelete(org, "/departments", "部", "Department", "部を削除する（課がない部だけ）", (c, id) => c.DepartmentAsync(id), d => d.Version(),
            OrganisationAdministration.DeleteDepartmentAsync);
        org.MapPost("/departments", async Task<Created<OrgDepartment>> (NameRequest? body, [AsParameters] ApiContext c) =>
            {
                var d = await OrganisationAdministration.AddDepartmentAsync(c.Db, await c.AdminAsync(), body?.Name, c.Now, c.Ct);
                return c.Created($"/api/v1/organisation/departments/{d.Id}", new OrgDepartment(d.Id, d.Name, d.SortOrder), x => x.Version());
            })
            .WithName("CreateDepartment")
            .WithSummary("部を追加する")
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);

        org.MapPut("/departments/{id:guid}", (Guid id, NameRequest? body, [AsParameters] ApiContext c) =>
                ChangeAsync(c, "部", () => c.DepartmentAsync(id), d => d.Version(),
                    by => OrganisationAdministration.RenameDepartmentAsync(c.Db, by, id, body?.Name, c.Now, c.Ct)))
            .WithName("RenameDepartment")
            .WithSummary("部の名称を変更する")
            .WithDescription(IfMatchNote)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

    }

    private static void MapSections(RouteGroupBuilder org)
    {
        MapReadAndDelete(org, "/sections", "課", "Section", "課を削除する（使用中でない課だけ）", (c, id) => c.SectionAsync(id), s => s.Version(),
            OrganisationAdministration.DeleteSectionAsync);
        org.MapPost("/sections", async Task<Results<Created<OrgSection>, ProblemHttpResult>> (CreateSectionRequest? body, [AsParameters] ApiContext c) =>
            {
                var by = await c.AdminAsync();
                if (body?.DepartmentId is not { } departmentId)
                {
                    return Problems.BadRequest("departmentId", "departmentId（部）を指定してください。");
                }
                var s = await OrganisationAdministration.AddSectionAsync(c.Db, by, departmentId, body.Name, body.HeadTitle, c.Now, c.Ct);
                return c.Created($"/api/v1/organisation/sections/{s.Id}", new OrgSection(s.Id, s.DepartmentId, s.Name, s.HeadTitle, s.IsPrOffice), x => x.Version());
            })
            .WithName("CreateSection")
            .WithSummary("課を追加する")
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        org.MapPut("/sections/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, UpdateSectionRequest? body, [AsParameters] ApiContext c) =>
            {
                await c.AdminAsync();
                if (body is null)
                {
                    return Problems.BadRequest("name", "変更内容（name, headTitle, departmentId）を指定してください。");
                }
                // Fields left out keep their value, so a client can rename without knowing the head's title.
                return await ChangeAsync(c, "課", () => c.SectionAsync(id), s => s.Version(), (by, section) =>
                    OrganisationAdministration.UpdateSectionAsync(c.Db, by, id, body.Name ?? section.Name, body.HeadTitle ?? section.HeadTitle, body.DepartmentId, c.Now, c.Ct));
            })
            .WithName("UpdateSection")
            .WithSummary("課の名称・所属長の職名・部を変更する（省略した項目はそのまま）")
            .WithDescription(IfMatchNote)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        org.MapPost("/sections/{id:guid}/pr-office", (Guid id, [AsParameters] ApiContext c) =>
                ChangeAsync(c, "課", () => c.SectionAsync(id), s => s.Version(),
                    by => OrganisationAdministration.MarkPrOfficeAsync(c.Db, by, id, c.Now, c.Ct)))
            .WithName("MarkPrOffice")
            .WithSummary("市広報担当の課を指定する（市広報担当の課は常に1つ）")
            .WithDescription(IfMatchNote)
            .WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static void MapUnits(RouteGroupBuilder org)
    {
        MapReadAndDelete(org, "/units", "係", "Unit", "係を削除する（運用ポリシーで使われていない係だけ）", (c, id) => c.UnitAsync(id), u => u.Version(),
            OrganisationAdministration.DeleteUnitAsync);
        org.MapPost("/units", async Task<Results<Created<OrgUnit>, ProblemHttpResult>> (CreateUnitRequest? body, [AsParameters] ApiContext c) =>
            {
                var by = await c.AdminAsync();
                if (body?.SectionId is not { } sectionId)
                {
                    return Problems.BadRequest("sectionId", "sectionId（課）を指定してください。");
                }
                var u = await OrganisationAdministration.AddUnitAsync(c.Db, by, sectionId, body.Name, c.Now, c.Ct);
                return c.Created($"/api/v1/organisation/units/{u.Id}", new OrgUnit(u.Id, u.SectionId, u.Name), x => x.Version());
            })
            .WithName("CreateUnit")
            .WithSummary("係を追加する")
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        org.MapPut("/units/{id:guid}", (Guid id, NameRequest? body, [AsParameters] ApiContext c) =>
                ChangeAsync(c, "係", () => c.UnitAsync(id), u => u.Version(),
                    by => OrganisationAdministration.RenameUnitAsync(c.Db, by, id, body?.Name, c.Now, c.Ct)))
            .WithName("RenameUnit")
            .WithSummary("係の名称を変更する")
            .WithDescription(IfMatchNote)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    /// <summary>GET (with its ETag) and DELETE (over the ETag sent as If-Match) of one kind of organisation node.</summary>
    private static void MapReadAndDelete<T>(RouteGroupBuilder org, string path, string what, string name, string deleteSummary,
        Func<ApiContext, Guid, Task<T?>> load, Func<T, string> version, Func<AppDbContext, Actor, Guid, DateTimeOffset, CancellationToken, Task> delete)
        where T : class
    {
        org.MapGet(path + "/{id:guid}", (Guid id, [AsParameters] ApiContext c) => GetAsync(c, what, () => load(c, id), version))
            .WithName("Get" + name)
            .WithSummary(what)
            .WithDescription(IfMatchNote)
            .WithProblems(StatusCodes.Status404NotFound);
        org.MapDelete(path + "/{id:guid}", (Guid id, [AsParameters] ApiContext c) =>
                ChangeAsync(c, what, () => load(c, id), version, by => delete(c.Db, by, id, c.Now, c.Ct)))
            .WithName("Delete" + name)
            .WithSummary(deleteSummary)
            .WithDescription(IfMatchNote)
            .WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    /// <summary>The signed-in user, if the database still says they are an admin (the token may be older than a removed role).</summary>
    private static Task<Actor> AdminAsync(this ApiContext c) => c.ActorInRoleAsync("この操作はシステム管理者だけが行えます。", Role.Admin);

    private static async Task<UserView?> UserAsync(this ApiContext c, string id)
    {
        var found = await UserAdministration.ListAsync(c.Db, c.Now, id, c.Ct);
        if (found.Count == 0)
        {
            return null;
        }
        c.SetETag(await c.Db.Users.Where(u => u.Id == id).Select(u => u.ConcurrencyStamp).FirstOrDefaultAsync(c.Ct) ?? "");
        return found[0];
    }

    private static Task<OrgDepartment?> DepartmentAsync(this ApiContext c, Guid id) =>
        c.Db.Departments.AsNoTracking().Where(d => d.Id == id).Select(d => new OrgDepartment(d.Id, d.Name, d.SortOrder)).FirstOrDefaultAsync(c.Ct);

    private static Task<OrgSection?> SectionAsync(this ApiContext c, Guid id) =>
        c.Db.Sections.AsNoTracking().Where(s => s.Id == id).Select(s => new OrgSection(s.Id, s.DepartmentId, s.Name, s.HeadTitle, s.IsPrOffice)).FirstOrDefaultAsync(c.Ct);

    private static Task<OrgUnit?> UnitAsync(this ApiContext c, Guid id) =>
        c.Db.Units.AsNoTracking().Where(u => u.Id == id).Select(u => new OrgUnit(u.Id, u.SectionId, u.Name)).FirstOrDefaultAsync(c.Ct);

    private static async Task<Results<Ok<T>, ProblemHttpResult>> GetAsync<T>(ApiContext c, string what, Func<Task<T?>> load, Func<T, string> version)
        where T : class
    {
        await c.AdminAsync();
        if (await load() is not { } node)
        {
            return Problems.NotFound(what);
        }
        c.SetETag(version(node));
        return TypedResults.Ok(node);
    }

    private static Created<T> Created<T>(this ApiContext c, string location, T node, Func<T, string> version)
    {
        c.SetETag(version(node));
        return TypedResults.Created(location, node);
    }

    private static Task<Results<NoContent, ProblemHttpResult>> ChangeAsync<T>(ApiContext c, string what, Func<Task<T?>> load, Func<T, string> version,
        Func<Actor, Task> change) where T : class =>
        ChangeAsync(c, what, load, version, (by, _) => change(by));

    /// <summary>
    /// One change to a department, section or unit: 404 when it is gone, 409 "concurrency" when If-Match names an
    /// older state, else the change (one save with its audit entry) and the new ETag (none once it is deleted).
    /// </summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> ChangeAsync<T>(ApiContext c, string what, Func<Task<T?>> load, Func<T, string> version,
        Func<Actor, T, Task> change) where T : class
    {
        var by = await c.AdminAsync();
        if (await load() is not { } before)
        {
            return Problems.NotFound(what);
        }
        c.RequireIfMatch(version(before));
        await change(by, before);
        if (await load() is { } after)
        {
            c.SetETag(version(after));
        }
        return TypedResults.NoContent();
    }


}
