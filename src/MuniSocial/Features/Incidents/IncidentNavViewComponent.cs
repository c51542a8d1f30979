using MuniSocial.Domain.Incidents;

namespace MuniSocial.Features.Incidents;

/// <summary>The 「インシデント」 item of the staff navigation; for the PR office with the count of open incidents.</summary>
public sealed class IncidentNavViewComponent(AppDbContext db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        int? open = UserClaimsPrincipal.IsInRole(nameof(Role.PrOffice))
            ? await db.Incidents.AsNoTracking().CountAsync(i => i.Status == IncidentStatus.Open, HttpContext.RequestAborted)
            : null;
        return View(open);
    }
}
