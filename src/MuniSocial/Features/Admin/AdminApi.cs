using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Data;
using MuniSocial.Domain;
using MuniSocial.Infrastructure.Api;
using MuniSocial.Infrastructure.Identity;

namespace MuniSocial.Features.Admin;

/// <summary>
/// The admin API: users and the organisation tree, with the same rules and audit as the admin pages.
/// The bearer token proves who is calling; the Admin role is read from the database on every call, so a
/// deactivated user or a removed role is refused at once (403).
/// </summary>
public static class AdminApi
{
    public sealed record CreateUserRequest(string? UserName, string? DisplayName, string? Email, Guid? SectionId, List<Role>? Roles, EmploymentType? EmploymentType, string? Password);

    public sealed record UpdateUserRequest(string? DisplayName, string? Email, Guid? SectionId, List<Role>? Roles, EmploymentType? EmploymentType,
        bool? IsActive, bool? Unlock, string? NewPassword);

    public sealed record NameRequest(string? Name);

    public sealed record CreateSectionRequest(Guid? DepartmentId, string? Name, string? HeadTitle);

    public sealed record UpdateSectionRequest(string? Name, string? HeadTitle, Guid? DepartmentId);

    public sealed record CreateUnitRequest(Guid? SectionId, string? Name);

    public static void MapAdminApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/admin/users").WithTags("Admin");
        users.MapGet("/", ListUsersAsync).WithName("ListUsers");
        users.MapGet("/{id}", GetUserAsync).WithName("GetUser");
        users.MapPost("/", CreateUserAsync).WithName("CreateUser");
        users.MapPut("/{id}", UpdateUserAsync).WithName("UpdateUser");

        var org = api.MapGroup("/organisation").WithTags("Organisation");
        org.MapGet("/", (CurrentActor current, AppDbContext db, CancellationToken ct) =>
            AsAdminAsync(current, async _ => TypedResults.Ok(await OrganisationAdministration.TreeAsync(db, ct)), ct)).WithName("GetOrganisation");
        org.MapPost("/departments", (NameRequest? body, CurrentActor current, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
            AsAdminAsync(current, async by =>
            {
                var d = await OrganisationAdministration.AddDepartmentAsync(db, by, body?.Name, clock.GetUtcNow(), ct);
                return TypedResults.Created($"/api/v1/organisation/departments/{d.Id}", new { d.Id, d.Name, d.SortOrder });
            }, ct)).WithName("CreateDepartment");
        org.MapPut("/departments/{id:guid}", (Guid id, NameRequest? body, CurrentActor current, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
            AsAdminAsync(current, async by =>
            {
                await OrganisationAdministration.RenameDepartmentAsync(db, by, id, body?.Name, clock.GetUtcNow(), ct);
                return TypedResults.NoContent();
            }, ct)).WithName("RenameDepartment");
        org.MapDelete("/departments/{id:guid}", (Guid id, CurrentActor current, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
            AsAdminAsync(current, async by =>
            {
                await OrganisationAdministration.DeleteDepartmentAsync(db, by, id, clock.GetUtcNow(), ct);
                return TypedResults.NoContent();
            }, ct)).WithName("DeleteDepartment");
        org.MapPost("/sections", (CreateSectionRequest? body, CurrentActor current, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
            AsAdminAsync(current, async by =>
            {
                if (body?.DepartmentId is not { } departmentId)
                {
                    return Problems.BadRequest("departmentId", "departmentId（部）を指定してください。");
                }
                var s = await OrganisationAdministration.AddSectionAsync(db, by, departmentId, body.Name, body.HeadTitle, clock.GetUtcNow(), ct);
                return TypedResults.Created($"/api/v1/organisation/sections/{s.Id}", new { s.Id, s.DepartmentId, s.Name, s.HeadTitle, s.IsPrOffice });
            }, ct)).WithName("CreateSection");
        org.MapPut("/sections/{id:guid}", (Guid id, UpdateSectionRequest? body, CurrentActor current, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
            AsAdminAsync(current, async by =>
            {
                if (body is null)
                {
                    return Problems.BadRequest("name", "変更内容（name, headTitle, departmentId）を指定してください。");
                }
                var section = await db.Sections.AsNoTracking().Where(s => s.Id == id).Select(s => new { s.Name, s.HeadTitle }).FirstOrDefaultAsync(ct);
                if (section is null)
                {
                    return Problems.NotFound("課");
                }
                // Fields left out keep their value, so a client can rename without knowing the head's title.
                await OrganisationAdministration.UpdateSectionAsync(db, by, id, body.Name ?? section.Name, body.HeadTitle ?? section.HeadTitle, body.DepartmentId, clock.GetUtcNow(), ct);
                return TypedResults.NoContent();
            }, ct)).WithName("UpdateSection");
        org.MapPost("/sections/{id:guid}/pr-office", (Guid id, CurrentActor current, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
            AsAdminAsync(current, async by =>
            {
                await OrganisationAdministration.MarkPrOfficeAsync(db, by, id, clock.GetUtcNow(), ct);
                return TypedResults.NoContent();
            }, ct)).WithName("MarkPrOffice");
        org.MapDelete("/sections/{id:guid}", (Guid id, CurrentActor current, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
            AsAdminAsync(current, async by =>
            {
                await OrganisationAdministration.DeleteSectionAsync(db, by, id, clock.GetUtcNow(), ct);
                return TypedResults.NoContent();
            }, ct)).WithName("DeleteSection");
        org.MapPost("/units", (CreateUnitRequest? body, CurrentActor current, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
            AsAdminAsync(current, async by =>
            {
                if (body?.SectionId is not { } sectionId)
                {
                    return Problems.BadRequest("sectionId", "sectionId（課）を指定してください。");
                }
                var u = await OrganisationAdministration.AddUnitAsync(db, by, sectionId, body.Name, clock.GetUtcNow(), ct);
                return TypedResults.Created($"/api/v1/organisation/units/{u.Id}", new { u.Id, u.SectionId, u.Name });
            }, ct)).WithName("CreateUnit");
        org.MapPut("/units/{id:guid}", (Guid id, NameRequest? body, CurrentActor current, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
            AsAdminAsync(current, async by =>
            {
                await OrganisationAdministration.RenameUnitAsync(db, by, id, body?.Name, clock.GetUtcNow(), ct);
                return TypedResults.NoContent();
            }, ct)).WithName("RenameUnit");
        org.MapDelete("/units/{id:guid}", (Guid id, CurrentActor current, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
            AsAdminAsync(current, async by =>
            {
                await OrganisationAdministration.DeleteUnitAsync(db, by, id, clock.GetUtcNow(), ct);
                return TypedResults.NoContent();
            }, ct)).WithName("DeleteUnit");
    }

    private static Task<IResult> ListUsersAsync(CurrentActor current, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
        AsAdminAsync(current, async _ => TypedResults.Ok(await UserAdministration.ListAsync(db, clock.GetUtcNow(), null, ct)), ct);

    private static Task<IResult> GetUserAsync(string id, CurrentActor current, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
        AsAdminAsync(current, async _ =>
        {
            var found = await UserAdministration.ListAsync(db, clock.GetUtcNow(), id, ct);
            return found.Count == 0 ? Problems.NotFound("利用者") : TypedResults.Ok(found[0]);
        }, ct);

    private static Task<IResult> CreateUserAsync(CreateUserRequest? body, CurrentActor current, AppDbContext db, UserManager<AppUser> users,
        TimeProvider clock, CancellationToken ct) =>
        AsAdminAsync(current, async by =>
        {
            if (body is null)
            {
                return Problems.BadRequest("userName", "利用者の内容を JSON で送ってください。");
            }
            var fields = new UserFields(body.DisplayName, body.Email, body.SectionId, body.Roles ?? [], body.EmploymentType ?? EmploymentType.Regular);
            var user = await UserAdministration.CreateAsync(users, db, by, body.UserName, fields, body.Password, clock.GetUtcNow(), ct);
            var view = (await UserAdministration.ListAsync(db, clock.GetUtcNow(), user.Id, ct))[0];
            return TypedResults.Created($"/api/v1/admin/users/{user.Id}", view);
        }, ct);

    /// <summary>
    /// Replaces the user's display name, e-mail, section, roles and employment type; optionally also
    /// activates/deactivates, unlocks and sets a new password. All of it is one transaction.
    /// </summary>
    private static Task<IResult> UpdateUserAsync(string id, UpdateUserRequest? body, CurrentActor current, AppDbContext db, UserManager<AppUser> users,
        TimeProvider clock, CancellationToken ct) =>
        AsAdminAsync(current, async by =>
        {
            if (body is null)
            {
                return Problems.BadRequest("displayName", "利用者の内容を JSON で送ってください。");
            }
            var user = await users.Users.FirstOrDefaultAsync(u => u.Id == id, ct);
            if (user is null)
            {
                return Problems.NotFound("利用者");
            }
            var now = clock.GetUtcNow();
            var currentRoles = await UserAdministration.RolesOfAsync(db, id, ct);
            var fields = new UserFields(body.DisplayName ?? user.DisplayName, body.Email ?? user.Email, body.SectionId ?? user.SectionId,
                body.Roles ?? [.. currentRoles], body.EmploymentType ?? user.EmploymentType);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await UserAdministration.UpdateAsync(users, db, by, user, fields, now, ct);
            if (body.IsActive is { } active && active != user.IsActive)
            {
                await UserAdministration.SetActiveAsync(users, db, by, user, active, now, ct);
            }
            if (body.Unlock == true && user.LockoutEnd is { } end && end > now)
            {
                await UserAdministration.UnlockAsync(users, db, by, user, now, ct);
            }
            if (!string.IsNullOrEmpty(body.NewPassword))
            {
                await UserAdministration.SetPasswordAsync(users, db, by, user, body.NewPassword, now, ct);
            }
            await transaction.CommitAsync(ct);
            return TypedResults.Ok((await UserAdministration.ListAsync(db, now, id, ct))[0]);
        }, ct);

    private static async Task<IResult> AsAdminAsync(CurrentActor current, Func<Actor, Task<IResult>> work, CancellationToken ct)
    {
        var actor = await current.FindAsync(ct);
        if (actor is null || !actor.Is(Role.Admin))
        {
            return new DomainForbiddenException(actor is null
                ? "この利用者は無効化されているか、見つかりません。"
                : "この操作はシステム管理者だけが行えます。").ToProblem();
        }
        try
        {
            return await work(actor);
        }
        catch (DomainRuleException ex)
        {
            return ex.ToProblem();
        }
        catch (OrganisationAdministration.NotFoundException ex)
        {
            return Problems.NotFound(ex.What);
        }
    }
}
