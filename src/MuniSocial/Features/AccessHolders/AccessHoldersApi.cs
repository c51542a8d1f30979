using MuniSocial.Data;
using MuniSocial.Domain;
using MuniSocial.Domain.Operations;
using MuniSocial.Infrastructure.Api;
using MuniSocial.Infrastructure.Identity;
using MuniSocial.Features.Offsite;

namespace MuniSocial.Features.AccessHolders;

public sealed record AccessHolderRequest(AccessKind? Kind, string? UserId, string? PlatformHandle, PlatformRole? PlatformRole, string? Note, string? OffsiteReason);

public sealed record AccessRemovalRequest(AccessRemoval? How, string? SuccessorUserId, string? SuccessorHandle, string? Note, string? OffsiteReason);

public sealed record TwoFactorRequest(bool? Enabled, string? CodeRecipient, string? OffsiteReason);

public sealed record AccessHolderDto(Guid Id, Guid AccountId, AccessKind Kind, string UserId, string UserName, string? PlatformHandle, PlatformRole? PlatformRole,
    string? Note, DateTimeOffset AddedAt, string AddedByName, Guid? HandedOverFromId, DateTimeOffset? RemovedAt, string? RemovedByName,
    AccessRemoval? Removal, string? RemovalNote, Guid? SuccessorId, bool ToRemove, string? ToRemoveReason)
{
    public static AccessHolderDto Of(AccessHolder h, string? name = null, RemovalNeed need = RemovalNeed.None) => new(h.Id, h.AccountId, h.Kind, h.UserId,
        name ?? h.UserName, h.PlatformHandle, h.PlatformRole, h.Note, h.AddedAt, h.AddedByName, h.HandedOverFromId, h.RemovedAt, h.RemovedByName,
        h.Removal, h.RemovalNote, h.SuccessorId, need != RemovalNeed.None, need == RemovalNeed.None ? null : AccessLabels.Of(need));
}

public sealed record TwoFactorDto(bool Enabled, string? CodeRecipient, DateTimeOffset SetAt, string SetByName)
{
    public static TwoFactorDto? Of(AccountTwoFactor? t) => t is null ? null : new(t.Enabled, t.CodeRecipient, t.SetAt, t.SetByName);
}

/// <summary>GET/POST /api/v1/accounts/{id}/access-holders: who can act on the platform for the account.</summary>
public static class AccessHoldersApi
{
    public static void MapAccessHoldersApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/accounts/{id:guid}/access-holders").WithTags("AccessHolders");
        group.MapGet("", ListAsync);
        group.MapPost("", AddAsync);
        group.MapPost("/{holderId:guid}/removal", RemoveAsync);
        group.MapPut("/two-factor", TwoFactorAsync);
    }

    private static async Task<IResult> ListAsync(Guid id, AppDbContext db, CurrentActor current, CancellationToken ct)
    {
        try
        {
            var actor = await current.GetAsync(ct);
            var account = await db.FindVisibleAsync(id, actor, ct);
            if (account is null)
            {
                return Problems.NotFound();
            }
            var holders = await AccessHolderUseCases.ForAccountAsync(db, account, ct);
            var currentHolders = holders.Where(h => h.Holder.IsCurrent).ToList();
            return TypedResults.Ok(new
            {
                accountId = id,
                twoFactor = TwoFactorDto.Of(await AccessHolderUseCases.TwoFactorAsync(db, id, ct)),
                accessHoldersToRemove = currentHolders.Where(h => h.ToRemove).Select(h => h.CurrentName).Distinct().ToList(),
                noCredentialKeeper = currentHolders.All(h => h.Holder.Kind != AccessKind.CredentialKeeper),
                holders = holders.Select(h => AccessHolderDto.Of(h.Holder, h.CurrentName, h.Need)),
            });
        }
        catch (DomainRuleException ex)
        {
            return ex.ToProblem();
        }
    }

    private static async Task<IResult> AddAsync(Guid id, AccessHolderRequest? body, AppDbContext db, CurrentActor current, TimeProvider clock,
        OfficeNetworks networks, HttpContext http, CancellationToken ct)
    {
        if (body is null)
        {
            return Problems.BadRequest("body", "登録する権限の内容（JSON）を送ってください。");
        }
        try
        {
            var actor = await current.GetAsync(ct);
            var account = await db.FindVisibleAsync(id, actor, ct);
            if (account is null)
            {
                return Problems.NotFound();
            }
            AccessHolder.RequireStaff(actor, account);
            var offsite = await networks.RequireReasonAsync(http, body.OffsiteReason, ct);
            var holder = await AccessHolderUseCases.AddAsync(db, actor, account,
                new AccessHolderInput(body.Kind, body.UserId, body.PlatformHandle, body.PlatformRole, body.Note), clock.GetUtcNow(), offsite, ct);
            return TypedResults.Created($"/api/v1/accounts/{id}/access-holders/{holder.Id}", AccessHolderDto.Of(holder));
        }
        catch (DomainRuleException ex)
        {
            return ex.ToProblem();
        }
    }

    private static async Task<IResult> RemoveAsync(Guid id, Guid holderId, AccessRemovalRequest? body, AppDbContext db, CurrentActor current, TimeProvider clock,
        OfficeNetworks networks, HttpContext http, CancellationToken ct)
    {
        if (body is null)
        {
            return Problems.BadRequest("body", "権限の削除・引継ぎの内容（JSON）を送ってください。");
        }
        try
        {
            var actor = await current.GetAsync(ct);
            var account = await db.FindVisibleAsync(id, actor, ct);
            if (account is null)
            {
                return Problems.NotFound();
            }
            AccessHolder.RequireStaff(actor, account);
            var offsite = await networks.RequireReasonAsync(http, body.OffsiteReason, ct);
            var done = await AccessHolderUseCases.RemoveAsync(db, actor, account, holderId,
                new AccessRemovalInput(body.How, body.SuccessorUserId, body.SuccessorHandle, body.Note), clock.GetUtcNow(), offsite, ct);
            if (done is not { } result)
            {
                return Problems.NotFound("権限");
            }
            return TypedResults.Ok(new
            {
                removed = AccessHolderDto.Of(result.Removed),
                successor = result.Successor is null ? null : AccessHolderDto.Of(result.Successor),
            });
        }
        catch (DomainRuleException ex)
        {
            return ex.ToProblem();
        }
    }

    private static async Task<IResult> TwoFactorAsync(Guid id, TwoFactorRequest? body, AppDbContext db, CurrentActor current, TimeProvider clock,
        OfficeNetworks networks, HttpContext http, CancellationToken ct)
    {
        if (body is null)
        {
            return Problems.BadRequest("body", "二段階認証の設定（JSON）を送ってください。");
        }
        try
        {
            var actor = await current.GetAsync(ct);
            var account = await db.FindVisibleAsync(id, actor, ct);
            if (account is null)
            {
                return Problems.NotFound();
            }
            AccessHolder.RequireStaff(actor, account);
            var offsite = await networks.RequireReasonAsync(http, body.OffsiteReason, ct);
            var row = await AccessHolderUseCases.SetTwoFactorAsync(db, actor, account, body.Enabled, body.CodeRecipient, clock.GetUtcNow(), offsite, ct);
            return TypedResults.Ok(TwoFactorDto.Of(row));
        }
        catch (DomainRuleException ex)
        {
            return ex.ToProblem();
        }
    }
}
