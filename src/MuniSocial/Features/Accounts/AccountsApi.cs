using MuniSocial.Features.ListingQueue;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MuniSocial.Features.Accounts;

/// <summary>The accounts API's loading and answering on top of the shared <see cref="ApiContext"/>.</summary>
internal static class AccountApiContext
{
    /// <summary>The account if the actor may see it; null (→ 404, never revealing it exists) otherwise.</summary>
    /// <remarks>A change sent with a stale If-Match is refused here (409 "concurrency"), see <see cref="Concurrency"/>.</remarks>
    public static async Task<(Actor Actor, SocialAccount? Account)> LoadAsync(this ApiContext c, Guid id)
    {
        var actor = await c.ActorAsync();
        var account = await c.Db.FindVisibleAsync(id, actor, c.Ct);
        if (account is not null)
        {
            c.RequireIfMatch(account.Version);
        }
        return (actor, account);
    }

    /// <summary>The account as it now is, with its ETag.</summary>
    public static async Task<Ok<AccountDetail>> DetailAsync(this ApiContext c, SocialAccount account)
    {
        c.SetETag(account.Version);
        return TypedResults.Ok(await AccountViews.DetailAsync(c.Db, account, c.Today, c.Ct));
    }

    /// <summary>Saves once (the audit entries go in the same save) and answers the account as it now is.</summary>
    public static async Task<Ok<AccountDetail>> SaveAsync(this ApiContext c, SocialAccount account)
    {
        await c.Db.SaveChangesAsync(c.Ct);
        return await c.DetailAsync(account);
    }

    /// <summary>The named operators as staff of the section; a problem is a 400 naming "operatorIds", the field the client sent.</summary>
    public static async Task<List<StaffMember>> OperatorsAsync(this ApiContext c, Guid sectionId, IReadOnlyList<string>? ids)
    {
        try
        {
            return await c.Db.OperatorsAsync(sectionId, ids ?? [], c.Ct);
        }
        catch (DomainValidationException ex) when (ex.FieldErrors.ContainsKey("operators"))
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["operatorIds"] = ex.FieldErrors["operators"] });
        }
    }
}

/// <summary>
/// The account registry as an HTTP JSON API (issue 2, "API"): the same domain methods, roles and audit as
/// the pages. Each handler loads with access checked, calls one domain method, and saves once.
/// </summary>
public static class AccountsApi
{

    public static void MapAccountsApi(this RouteGroupBuilder api)
    {
        var accounts = api.MapGroup("/accounts").WithTags("Accounts");
        MapQueries(accounts);
        MapEditing(accounts);
        MapTransitions(accounts);
    }

    private static void MapQueries(RouteGroupBuilder accounts)
    {
        accounts.MapGet("", async Task<Results<Ok<List<AccountSummary>>, ProblemHttpResult>> (string? status, Guid? sectionId, [AsParameters] ApiContext c) =>
            {
                AccountStatus? wanted = null;
                if (!string.IsNullOrWhiteSpace(status))
                {
                    var name = Enum.GetNames<AccountStatus>().FirstOrDefault(n => n.Equals(status.Trim(), StringComparison.OrdinalIgnoreCase));
                    if (name is null)
                    {
                        return Problems.BadRequest("status", $"status には {string.Join(" / ", Enum.GetNames<AccountStatus>())} のいずれかを指定してください。");
                    }
                    wanted = Enum.Parse<AccountStatus>(name);
                }
                var actor = await c.Current.GetAsync(c.Ct);
                var query = c.Db.Accounts.AsNoTracking().VisibleTo(actor);
                if (wanted is { } s)
                {
                    query = query.Where(a => a.Status == s);
                }
                if (sectionId is { } section)
                {
                    query = query.Where(a => a.SectionId == section);
                }
                return TypedResults.Ok(await AccountViews.SummariesAsync(c.Db, await query.ToListAsync(c.Ct), c.Today, c.Ct));
            })
            .RequireAuthorization(Policies.StaffOrPr)
            .WithName("ListAccounts")
            .WithSummary("アカウント一覧（担当者・所属長は自所属、市広報担当は全所属）")
            .WithDescription("status（Draft / ListingRequested / Listed / DelistingRequested / Closed）と sectionId で絞り込めます。")
            .WithProblems(StatusCodes.Status400BadRequest);

        accounts.MapGet("/{id:guid}", async Task<Results<Ok<AccountDetail>, ProblemHttpResult>> (Guid id, [AsParameters] ApiContext c) =>
            {
                var (_, account) = await c.LoadAsync(id);
                return account is null ? Problems.NotFound() : await c.DetailAsync(account);
            })
            .RequireAuthorization(Policies.StaffOrPr)
            .WithName("GetAccount")
            .WithSummary("アカウントの詳細（状態、運用ポリシーの版、運用担当者、期間超過、差戻し理由）")
            .WithDescription("応答の ETag を変更操作の If-Match に付けると、その後に他の職員が変更していた場合は 409（rule: concurrency）になり、上書きを防げます。")
            .WithProblems(StatusCodes.Status404NotFound);
    }

    private static void MapEditing(RouteGroupBuilder accounts)
    {
        accounts.MapPost("", async Task<Results<Created<AccountDetail>, ProblemHttpResult>> (CreateAccountRequest body, [AsParameters] ApiContext c) =>
            {
                var actor = await c.Current.GetAsync(c.Ct);
                var sectionId = body.SectionId ?? actor.SectionId;
                // The domain's role check, asked before the body is read, so that a stranger gets 403 rather than 400.
                SocialAccount.EnsureCanCreate(actor, sectionId);
                var section = sectionId!.Value;
                var content = await body.ToContentAsync(c.Db, section, c.Ct);
                var operators = await c.OperatorsAsync(section, body.OperatorIds);
                var account = SocialAccount.Create(actor, section, content, operators, c.Now);
                c.Db.Accounts.Add(account);
                await c.Db.SaveChangesAsync(c.Ct);
                return TypedResults.Created($"/api/v1/accounts/{account.Id}", await AccountViews.DetailAsync(c.Db, account, c.Today, c.Ct));
            })
            .RequireAuthorization(Policies.Staff)
            .WithName("CreateAccount")
            .WithSummary("アカウントを登録し、運用ポリシー（様式1）の下書きを作成する")
            .WithDescription("sectionId を省略すると自分の所属になります。下書きは未入力の項目があっても保存できます。")
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);

        accounts.MapPut("/{id:guid}/policy", async Task<Results<Ok<AccountDetail>, ProblemHttpResult>> (Guid id, PolicyInput body, [AsParameters] ApiContext c) =>
            {
                var (actor, account) = await c.LoadAsync(id);
                if (account is null)
                {
                    return Problems.NotFound();
                }
                account.UpdatePolicy(actor, await body.ToContentAsync(c.Db, account.SectionId, c.Ct), c.Now);
                return await c.SaveAsync(account);
            })
            .RequireAuthorization(Policies.Staff)
            .WithName("UpdatePolicy")
            .WithSummary("作成中の運用ポリシー（下書き、または掲載中アカウントの改訂）を保存する")
            .WithDescription("本文の内容で下書き全体を置き換えます（省略した項目は空になります）。")
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        accounts.MapPut("/{id:guid}/operators", async Task<Results<Ok<AccountDetail>, ProblemHttpResult>> (Guid id, OperatorsRequest body, [AsParameters] ApiContext c) =>
            {
                var (actor, account) = await c.LoadAsync(id);
                if (account is null)
                {
                    return Problems.NotFound();
                }
                account.SetOperators(actor, await c.OperatorsAsync(account.SectionId, body.OperatorIds), c.Now);
                return await c.SaveAsync(account);
            })
            .RequireAuthorization(Policies.Staff)
            .WithName("SetOperators")
            .WithSummary("運用担当者を指定する（掲載依頼には2人以上、ガイドライン5(2)ア）")
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        accounts.MapPost("/{id:guid}/revision-start", async Task<Results<Ok<AccountDetail>, ProblemHttpResult>> (Guid id, [AsParameters] ApiContext c) =>
            {
                var (actor, account) = await c.LoadAsync(id);
                if (account is null)
                {
                    return Problems.NotFound();
                }
                account.StartRevision(actor, c.Now);
                return await c.SaveAsync(account);
            })
            .RequireAuthorization(Policies.Staff)
            .WithName("StartRevision")
            .WithSummary("掲載中アカウントの運用ポリシーの改訂を開始する（公開中の版を写した下書き）")
            .WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        accounts.MapPost("/{id:guid}/revision-discard", async Task<Results<Ok<AccountDetail>, ProblemHttpResult>> (Guid id, [AsParameters] ApiContext c) =>
            {
                var (actor, account) = await c.LoadAsync(id);
                if (account is null)
                {
                    return Problems.NotFound();
                }
                account.DiscardRevision(actor, c.Now);
                return await c.SaveAsync(account);
            })
            .RequireAuthorization(Policies.Staff)
            .WithName("DiscardRevision")
            .WithSummary("作成中の改訂を破棄する（公開中の運用ポリシーはそのまま）")
            .WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        accounts.MapDelete("/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [AsParameters] ApiContext c) =>
            {
                var (actor, account) = await c.LoadAsync(id);
                if (account is null)
                {
                    return Problems.NotFound();
                }
                await c.Db.DiscardAsync(account, actor, c.Now, c.Ct);
                await c.Db.SaveChangesAsync(c.Ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.Staff)
            .WithName("DiscardAccountDraft")
            .WithSummary("提出したことのない下書きのアカウントを破棄する（登録した職員または所属長。監査記録は残る）")
            .WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static void MapTransitions(RouteGroupBuilder accounts)
    {
        accounts.MapPost("/{id:guid}/listing-request", async Task<Results<Ok<AccountDetail>, ProblemHttpResult>> (Guid id, [AsParameters] ApiContext c) =>
            {
                var (actor, account) = await c.LoadAsync(id);
                if (account is null)
                {
                    return Problems.NotFound();
                }
                account.RequestListing(actor, c.Now, await c.Db.IsUrlTakenAsync(account, c.Ct));
                return await c.SaveAsync(account);
            })
            .RequireAuthorization(Policies.SectionHead)
            .WithName("RequestListing")
            .WithSummary("掲載依頼（様式2）: 所属長が運用ポリシーを市広報担当へ提出する")
            .WithDescription("未入力の項目、運用担当者2人未満、登録済みのURLは 409（rule: policy-incomplete、errors に項目名）。")
            .WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        accounts.MapPost("/{id:guid}/listing", async Task<Results<Ok<AccountDetail>, ProblemHttpResult>> (Guid id, [AsParameters] ApiContext c) =>
            {
                var (actor, account) = await c.LoadAsync(id);
                if (account is null)
                {
                    return Problems.NotFound();
                }
                var terms = await c.Db.CurrentTermsAsync(c.Ct);
                account.List(actor, terms.Id, c.Now, await c.Db.AccessHolderIdsAsync(id, c.Ct));
                return await c.SaveAsync(account);
            })
            .RequireAuthorization(Policies.PrOffice)
            .WithName("ListAccount")
            .WithSummary("掲載（様式3）: 市広報担当がソーシャルメディア一覧に掲載する")
            .WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        accounts.MapPost("/{id:guid}/return", async Task<Results<Ok<AccountDetail>, ProblemHttpResult>> (Guid id, ReturnRequest body, [AsParameters] ApiContext c) =>
            {
                var (actor, account) = await c.LoadAsync(id);
                if (account is null)
                {
                    return Problems.NotFound();
                }
                account.Return(actor, body.Reason ?? "", c.Now);
                return await c.SaveAsync(account);
            })
            .RequireAuthorization(Policies.PrOffice)
            .WithName("ReturnAccount")
            .WithSummary("差戻し: 市広報担当が掲載依頼または改訂を理由を付けて所属へ戻す")
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        accounts.MapPost("/{id:guid}/revision", async Task<Results<Ok<AccountDetail>, ProblemHttpResult>> (Guid id, PolicyInput? body, [AsParameters] ApiContext c) =>
            {
                var (actor, account) = await c.LoadAsync(id);
                if (account is null)
                {
                    return Problems.NotFound();
                }
                if (body is not null && body.HasAnyField())
                {
                    var content = await body.ToContentAsync(c.Db, account.SectionId, c.Ct);
                    if (account.Status == AccountStatus.Listed && account.OpenPolicy is null)
                    {
                        account.StartRevision(actor, c.Now);
                    }
                    account.UpdatePolicy(actor, content, c.Now);
                }
                account.SubmitRevision(actor, c.Now, await c.Db.IsUrlTakenAsync(account, c.Ct));
                return await c.SaveAsync(account);
            })
            .RequireAuthorization(Policies.SectionHead)
            .WithName("SubmitRevision")
            .WithSummary("改訂の提出: 所属長が掲載中アカウントの運用ポリシーの改訂を市広報担当へ提出する")
            .WithDescription("本文に運用ポリシーの項目があれば、改訂を開始して（未開始の場合）その内容で置き換えてから提出します（1回の保存）。本文なしなら作成中の改訂をそのまま提出します。")
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        accounts.MapPost("/{id:guid}/revision-acceptance", async Task<Results<Ok<AccountDetail>, ProblemHttpResult>> (Guid id, [AsParameters] ApiContext c) =>
            {
                var (actor, account) = await c.LoadAsync(id);
                if (account is null)
                {
                    return Problems.NotFound();
                }
                var terms = await c.Db.CurrentTermsAsync(c.Ct);
                account.AcceptRevision(actor, terms.Id, c.Now, await c.Db.AccessHolderIdsAsync(id, c.Ct));
                return await c.SaveAsync(account);
            })
            .RequireAuthorization(Policies.PrOffice)
            .WithName("AcceptRevision")
            .WithSummary("改訂の承認: 市広報担当が改訂を承認し、公開ページを新しい版に切り替える")
            .WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        accounts.MapPost("/{id:guid}/delisting-request", async Task<Results<Ok<AccountDetail>, ProblemHttpResult>> (Guid id, DelistingRequest body, [AsParameters] ApiContext c) =>
            {
                var (actor, account) = await c.LoadAsync(id);
                if (account is null)
                {
                    return Problems.NotFound();
                }
                if (body.ClosedOn is not { } closedOn)
                {
                    throw new DomainValidationException(new Dictionary<string, string[]> { ["closedOn"] = ["閉鎖日（アカウントを削除した日）を yyyy-MM-dd で指定してください。"] });
                }
                account.RequestDelisting(actor, closedOn, body.CloseReason ?? "", body.DeletedOnPlatform ?? false, c.Now);
                return await c.SaveAsync(account);
            })
            .RequireAuthorization(Policies.SectionHead)
            .WithName("RequestDelisting")
            .WithSummary("削除依頼（様式4）: 所属長が、ソーシャルメディア上で削除したアカウントの掲載削除を依頼する")
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        accounts.MapPost("/{id:guid}/delisting", async Task<Results<Ok<AccountDetail>, ProblemHttpResult>> (Guid id, [AsParameters] ApiContext c) =>
            {
                var (actor, account) = await c.LoadAsync(id);
                if (account is null)
                {
                    return Problems.NotFound();
                }
                account.Delist(actor, c.Now, await c.Db.AccessHolderIdsAsync(id, c.Ct));
                return await c.SaveAsync(account);
            })
            .RequireAuthorization(Policies.PrOffice)
            .WithName("DelistAccount")
            .WithSummary("掲載削除（様式5）: 市広報担当が一覧から削除し、運用終了とする")
            .WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }
}
