using Microsoft.AspNetCore.Http.HttpResults;
using MuniSocial.Domain.Publishing;
using MuniSocial.Infrastructure.Connectors;

namespace MuniSocial.Features.Publishing;

/// <summary>
/// <c>/api/v1/accounts/{id}/connection</c>: the account's connector (issue 11, "Contract"). GET shows it to the staff of
/// the section and the PR office, never a secret; PUT connects or replaces (the section head, body = the platform's fields:
/// LINE {"channelAccessToken","channelSecret"}, X {"accessToken","refreshToken"?,"userId"}, Facebook {"pageId","pageAccessToken"},
/// Bluesky {"handle","appPassword"}, Mastodon {"instanceUrl","accessToken"}); DELETE disconnects (204). The ETag is the
/// connection's version ("none" before one exists); a change sent with a stale If-Match is refused (409 "concurrency").
/// </summary>
public static class ConnectionsApi
{
    private const string IfMatchNote = "応答の ETag を変更操作の If-Match に付けると、その後に他の職員が接続を変更していた場合は 409（rule: concurrency）になり、上書きを防げます。";

    public static void MapConnectionsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/accounts/{id:guid}/connection").WithTags("Connections");
        group.MapGet("", GetAsync)
            .RequireAuthorization(Policies.StaffOrPr)
            .WithName("GetConnection")
            .WithSummary("アカウントの発信の接続（プラットフォーム、公開項目、保存済みの秘密情報の名前、状態、監視）。秘密情報の値は返しません")
            .WithDescription(IfMatchNote)
            .WithProblems(StatusCodes.Status404NotFound);
        group.MapPut("", PutAsync)
            .RequireAuthorization(Policies.SectionHead)
            .WithName("PutConnection")
            .WithSummary("発信の接続情報を登録する・入れ替える（所属長）")
            .WithDescription("本文はプラットフォームの項目の JSON です。LINE {\"channelAccessToken\",\"channelSecret\"}、X {\"accessToken\",\"refreshToken\"（任意）,\"userId\"}、"
                + "Facebook {\"pageId\",\"pageAccessToken\"}、Bluesky {\"handle\",\"appPassword\"}、Mastodon {\"instanceUrl\",\"accessToken\"}。"
                + "接続済みのときは全項目を入れ替え、状態は「有効」に戻ります。" + IfMatchNote)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapDelete("", DeleteAsync)
            .RequireAuthorization(Policies.SectionHead)
            .WithName("DeleteConnection")
            .WithSummary("発信の接続を解除する（所属長）。保存した接続情報は削除され、監査記録は残ります")
            .WithDescription(IfMatchNote)
            .WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Ok<ConnectionView>, ProblemHttpResult>> GetAsync(Guid id, ConnectionSecrets secrets, [AsParameters] ApiContext c)
    {
        var account = await c.Db.FindVisibleAsync(id, await c.ActorAsync(), c.Ct);
        if (account is null)
        {
            return Problems.NotFound();
        }
        var connection = await ConnectionUseCases.ForAccountAsync(c.Db, id, c.Ct);
        c.SetETag(VersionOf(connection));
        return TypedResults.Ok(ConnectionUseCases.ViewOf(secrets, account, connection));
    }

    private static async Task<Results<Ok<ConnectionView>, Created<ConnectionView>, ProblemHttpResult>> PutAsync(Guid id, Dictionary<string, string?>? body,
        ConnectionSecrets secrets, [AsParameters] ApiContext c)
    {
        var actor = await c.ActorAsync();
        var account = await c.Db.FindVisibleAsync(id, actor, c.Ct);
        if (account is null)
        {
            return Problems.NotFound();
        }
        c.RequireIfMatch(VersionOf(await ConnectionUseCases.ForAccountAsync(c.Db, id, c.Ct)));
        var (connection, created) = await ConnectionUseCases.SaveAsync(c.Db, secrets, actor, account, body, c.Now, c.Ct);
        c.SetETag(VersionOf(connection));
        var view = ConnectionUseCases.ViewOf(secrets, account, connection);
        return created ? TypedResults.Created($"/api/v1/accounts/{id}/connection", view) : TypedResults.Ok(view);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, [AsParameters] ApiContext c)
    {
        var actor = await c.ActorAsync();
        var account = await c.Db.FindVisibleAsync(id, actor, c.Ct);
        if (account is null)
        {
            return Problems.NotFound();
        }
        AccountConnection.EnsureMayManage(actor, account);
        c.RequireIfMatch(VersionOf(await ConnectionUseCases.ForAccountAsync(c.Db, id, c.Ct)));
        return await ConnectionUseCases.DisconnectAsync(c.Db, actor, account, c.Now, c.Ct) ? TypedResults.NoContent() : Problems.NotFound("発信の接続");
    }

    /// <summary>The connection's ETag value: its id and version, or "none" before one exists (a PUT with If-Match "none" only creates).</summary>
    private static string VersionOf(AccountConnection? connection) => connection is null ? "none" : Concurrency.Tag(connection.Id, connection.Version);
}
