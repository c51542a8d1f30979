using Microsoft.AspNetCore.Http.HttpResults;
using MuniSocial.Domain.Operations;
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

/// <summary>GET /api/v1/accounts/{id}/access-holders: the holders (current first, then the history) and the account's two-factor setting.</summary>
public sealed record AccessHolderList(Guid AccountId, TwoFactorDto? TwoFactor, IReadOnlyList<string> AccessHoldersToRemove, bool NoCredentialKeeper,
    IReadOnlyList<AccessHolderDto> Holders);

/// <summary>A removal, with the holder who took over when it was a handover.</summary>
public sealed record AccessRemovalResult(AccessHolderDto Removed, AccessHolderDto? Successor);

public sealed record TwoFactorDto(bool Enabled, string? CodeRecipient, DateTimeOffset SetAt, string SetByName)
{
    public static TwoFactorDto? Of(AccountTwoFactor? t) => t is null ? null : new(t.Enabled, t.CodeRecipient, t.SetAt, t.SetByName);
}

/// <summary>
/// GET/POST /api/v1/accounts/{id}/access-holders: who can act on the platform for the account. The list is one
/// resource for concurrency: its ETag is made of the EF version tokens underneath (each holding's RemovedAt, the
/// two-factor row's SetAt) and the holdings' ids, so an addition, a removal or a two-factor change gives a new
/// one; every change answers the list's new ETag and, sent with a stale If-Match, is refused (409 "concurrency").
/// </summary>
public static class AccessHoldersApi
{
    private const string IfMatchNote = "ETag は権限一覧（GET）の版です。If-Match に付けると、その後に他の職員が権限や二段階認証を変更していた場合は 409（rule: concurrency）になり、何も変わりません。";

    public static void MapAccessHoldersApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/accounts/{id:guid}/access-holders").WithTags("AccessHolders");
        group.MapGet("", ListAsync)
            .WithName("ListAccessHolders")
            .WithSummary("アカウントの権限保持者（現在と履歴）、要削除の権限、二段階認証の設定")
            .WithDescription(IfMatchNote)
            .WithProblems(StatusCodes.Status404NotFound);
        group.MapPost("", AddAsync)
            .WithName("AddAccessHolder")
            .WithSummary("権限保持者を登録する（所属の職員）")
            .WithDescription(IfMatchNote)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapPost("/{holderId:guid}/removal", RemoveAsync)
            .WithName("RemoveAccessHolder")
            .WithSummary("権限の削除・引継ぎを記録する（所属の職員）")
            .WithDescription(IfMatchNote)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapPut("/two-factor", TwoFactorAsync)
            .WithName("SetTwoFactor")
            .WithSummary("二段階認証の設定を記録する（所属の職員）")
            .WithDescription(IfMatchNote)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Ok<AccessHolderList>, ProblemHttpResult>> ListAsync(Guid id, [AsParameters] ApiContext c)
    {
        var account = await c.Db.FindVisibleAsync(id, await c.ActorAsync(), c.Ct);
        if (account is null)
        {
            return Problems.NotFound();
        }
        var holders = await AccessHolderUseCases.ForAccountAsync(c.Db, account, c.Ct);
        var currentHolders = holders.Where(h => h.Holder.IsCurrent).ToList();
        c.SetETag(await c.ListVersionAsync(id));
        return TypedResults.Ok(new AccessHolderList(id, TwoFactorDto.Of(await AccessHolderUseCases.TwoFactorAsync(c.Db, id, c.Ct)),
            currentHolders.Where(h => h.ToRemove).Select(h => h.CurrentName).Distinct().ToList(),
            currentHolders.All(h => h.Holder.Kind != AccessKind.CredentialKeeper),
            holders.Select(h => AccessHolderDto.Of(h.Holder, h.CurrentName, h.Need)).ToList()));
    }

    private static async Task<Results<Created<AccessHolderDto>, ProblemHttpResult>> AddAsync(Guid id, AccessHolderRequest? body, OfficeNetworks networks,
        [AsParameters] ApiContext c)
    {
        if (body is null)
        {
            return Problems.BadRequest("body", "登録する権限の内容（JSON）を送ってください。");
        }
        if (await c.ChangeAsync(networks, id, body.OffsiteReason) is not { } work)
        {
            return Problems.NotFound();
        }
        var holder = await AccessHolderUseCases.AddAsync(c.Db, work.Actor, work.Account,
            new AccessHolderInput(body.Kind, body.UserId, body.PlatformHandle, body.PlatformRole, body.Note), c.Now, work.OffsiteReason, c.Ct);
        c.SetETag(await c.ListVersionAsync(id));
        return TypedResults.Created($"/api/v1/accounts/{id}/access-holders/{holder.Id}", AccessHolderDto.Of(holder));
    }

    private static async Task<Results<Ok<AccessRemovalResult>, ProblemHttpResult>> RemoveAsync(Guid id, Guid holderId, AccessRemovalRequest? body,
        OfficeNetworks networks, [AsParameters] ApiContext c)
    {
        if (body is null)
        {
            return Problems.BadRequest("body", "権限の削除・引継ぎの内容（JSON）を送ってください。");
        }
        if (await c.ChangeAsync(networks, id, body.OffsiteReason) is not { } work)
        {
            return Problems.NotFound();
        }
        var done = await AccessHolderUseCases.RemoveAsync(c.Db, work.Actor, work.Account, holderId,
            new AccessRemovalInput(body.How, body.SuccessorUserId, body.SuccessorHandle, body.Note), c.Now, work.OffsiteReason, c.Ct);
        if (done is not { } result)
        {
            return Problems.NotFound("権限");
        }
        c.SetETag(await c.ListVersionAsync(id));
        return TypedResults.Ok(new AccessRemovalResult(AccessHolderDto.Of(result.Removed), result.Successor is null ? null : AccessHolderDto.Of(result.Successor)));
    }

    private static async Task<Results<Ok<TwoFactorDto>, ProblemHttpResult>> TwoFactorAsync(Guid id, TwoFactorRequest? body, OfficeNetworks networks,
        [AsParameters] ApiContext c)
    {
        if (body is null)
        {
            return Problems.BadRequest("body", "二段階認証の設定（JSON）を送ってください。");
        }
        if (await c.ChangeAsync(networks, id, body.OffsiteReason) is not { } work)
        {
            return Problems.NotFound();
        }
        var row = await AccessHolderUseCases.SetTwoFactorAsync(c.Db, work.Actor, work.Account, body.Enabled, body.CodeRecipient, c.Now, work.OffsiteReason, c.Ct);
        c.SetETag(await c.ListVersionAsync(id));
        return TypedResults.Ok(TwoFactorDto.Of(row)!);
    }

    /// <summary>The account (null → 404), staff of its section only (403), the offsite reason (400), then a stale If-Match refused (409).</summary>
    private static async Task<AccountWork?> ChangeAsync(this ApiContext c, OfficeNetworks networks, Guid id, string? offsiteReason)
    {
        var work = await c.AccountWorkAsync(networks, id, offsiteReason, AccessHolder.RequireStaff);
        if (work is not null)
        {
            c.RequireIfMatch(await c.ListVersionAsync(id));
        }
        return work;
    }

    /// <summary>The version of the account's holder list: its holdings' ids with their RemovedAt, and the two-factor row's SetAt (the EF tokens).</summary>
    private static async Task<string> ListVersionAsync(this ApiContext c, Guid accountId)
    {
        var holdings = await c.Db.AccessHolders.AsNoTracking().Where(h => h.AccountId == accountId).Select(h => new { h.Id, h.RemovedAt }).ToListAsync(c.Ct);
        var twoFactorSetAt = await c.Db.AccountTwoFactors.AsNoTracking().Where(t => t.AccountId == accountId)
            .Select(t => (DateTimeOffset?)t.SetAt).FirstOrDefaultAsync(c.Ct);
        return Concurrency.Tag([twoFactorSetAt, .. holdings.OrderBy(h => h.Id).SelectMany(h => new object?[] { h.Id, h.RemovedAt })]);
    }


}
