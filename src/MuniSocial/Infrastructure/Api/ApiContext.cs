
namespace MuniSocial.Infrastructure.Api;

/// <summary>
/// What every /api/v1 handler needs, bound with <c>[AsParameters]</c>: the database, who is acting, the clock,
/// the request. A feature adds its own loading (with access checked) as extension methods next to its API.
/// </summary>
public readonly record struct ApiContext(AppDbContext Db, CurrentActor Current, TimeProvider Clock, HttpContext Http, CancellationToken Ct)
{
    public DateTimeOffset Now => Clock.GetUtcNow();

    public DateOnly Today => Wareki.TodayIn(Clock.GetUtcNow());

    /// <summary>The signed-in user as read from the database on this request (a deactivated user is refused, 403).</summary>
    public Task<Actor> ActorAsync() => Current.GetAsync(Ct);

    /// <summary>
    /// The signed-in user if the database still gives them one of <paramref name="roles"/>; else 403 with <paramref name="refusal"/>.
    /// The endpoint's named policy read the roles from the bearer token, which is as old as the token: this
    /// makes a removed role or a deactivation take effect on the very next call.
    /// </summary>
    public async Task<Actor> ActorInRoleAsync(string refusal, params Role[] roles)
    {
        var actor = await Current.FindAsync(Ct) ?? throw new DomainForbiddenException("この利用者は無効化されているか、見つかりません。");
        return roles.Any(actor.Is) ? actor : throw new DomainForbiddenException(refusal);
    }

    /// <summary>Refuses a change made over a newer version than the one the client read (If-Match), see <see cref="Concurrency"/>.</summary>
    public void RequireIfMatch(int currentVersion) => Concurrency.RequireIfMatch(Http.Request, currentVersion);

    /// <inheritdoc cref="RequireIfMatch(int)"/>
    public void RequireIfMatch(string currentVersion) => Concurrency.RequireIfMatch(Http.Request, currentVersion);

    /// <summary>Answers the version the client should send back as If-Match.</summary>
    public void SetETag(int version) => Http.Response.Headers.ETag = Concurrency.ETag(version);

    /// <inheritdoc cref="SetETag(int)"/>
    public void SetETag(string version) => Http.Response.Headers.ETag = Concurrency.ETag(version);
}
