namespace MuniSocial.Features.PublishingPauses;

/// <summary>
/// The banner on every staff page while any publishing pause is in force: one indexed query on the pauses not
/// lifted (none → nothing more is read), then the names of the paused accounts.
/// </summary>
public sealed class PublishingPauseBannerViewComponent(AppDbContext db) : ViewComponent
{
    public sealed record Model(IReadOnlyList<(string Scope, string Reason)> Pauses, bool IsPr);

    public async Task<IViewComponentResult> InvokeAsync()
    {
        var ct = HttpContext.RequestAborted;
        var active = await db.ActivePausesAsync(ct);
        if (active.Count == 0)
        {
            return Content("");
        }
        var names = await db.AccountNamesAsync(active.Where(p => p.AccountId is not null).Select(p => p.AccountId!.Value), ct);
        var pauses = active.OrderBy(p => p.AccountId is null ? 0 : 1).ThenBy(p => p.PausedAt.UtcTicks)
            .Select(p => (PublishingPauseUseCases.ScopeName(p.AccountId, names), p.Reason)).ToList();
        return View(new Model(pauses, HttpContext.User.IsInRole(nameof(Role.PrOffice))));
    }
}
