using Microsoft.AspNetCore.Mvc.RazorPages;
using MuniSocial.Domain;
using MuniSocial.Infrastructure.Identity;

namespace MuniSocial.Features.Home;

public sealed class IndexModel(CurrentActor current) : PageModel
{
    public Actor? Actor { get; private set; }

    public async Task OnGetAsync() => Actor = await current.FindAsync(HttpContext.RequestAborted);
}
