
namespace MuniSocial.Features.Offsite;

/// <summary>An account's operation recorded through the API (daily check, review, access holders): who, on which account, and why from outside the office.</summary>
public sealed record AccountWork(Actor Actor, SocialAccount Account, string? OffsiteReason);

/// <summary>The one way an /api/v1 endpoint records work on an account under §5(2)イ 利用端末.</summary>
public static class OffsiteApi
{
    /// <summary>
    /// The account as the actor may see it (null: the endpoint answers 404, never revealing that it exists), the
    /// actor's right to the work (<paramref name="guard"/>, a 403 before anything about the request is said), then
    /// the reason that work from outside the office networks needs (400 naming <c>offsiteReason</c>).
    /// </summary>
    public static async Task<AccountWork?> AccountWorkAsync(this ApiContext c, OfficeNetworks networks, Guid accountId, string? offsiteReason,
        Action<Actor, SocialAccount>? guard = null)
    {
        var actor = await c.ActorAsync();
        var account = await c.Db.FindVisibleAsync(accountId, actor, c.Ct);
        if (account is null)
        {
            return null;
        }
        guard?.Invoke(actor, account);
        return new AccountWork(actor, account, await networks.RequireReasonAsync(c.Http, offsiteReason, c.Ct));
    }
}
