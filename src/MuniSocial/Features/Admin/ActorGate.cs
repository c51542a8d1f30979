using Microsoft.AspNetCore.Mvc.Filters;

namespace MuniSocial.Features.Admin;

/// <summary>
/// A page that re-reads the signed-in user from the database before every handler. The folder policy
/// checks the role claims of the cookie, which are only as fresh as the last sign-in; this check makes a
/// deactivation or a removed role take effect on the very next request (403).
/// </summary>
public abstract class GatedPageModel(CurrentActor current) : PageModel
{
    /// <summary>The signed-in user as an actor; set before any handler runs.</summary>
    public Actor Actor { get; private set; } = null!;

    protected abstract bool Allows(Actor actor);

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var actor = await current.FindAsync(HttpContext.RequestAborted);
        if (actor is null || !Allows(actor))
        {
            context.Result = StatusCode(StatusCodes.Status403Forbidden);
            return;
        }
        Actor = actor;
        await next();
    }
}

/// <summary>Pages of the system administrator (users, organisation).</summary>
public abstract class AdminPageModel(CurrentActor current) : GatedPageModel(current)
{
    protected override bool Allows(Actor actor) => actor.Is(Role.Admin);
}
