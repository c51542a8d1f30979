using Microsoft.Extensions.Options;
using MuniSocial.Domain.Forms;

namespace MuniSocial.Features.Forms;

/// <summary>白紙の様式: each form blank, for a section that needs paper.</summary>
public sealed class IndexModel(AppDbContext db, IOptions<OfficeOptions> office) : PageModel
{
    public OfficeValues Office { get; private set; } = OfficeValues.Defaults;

    public async Task OnGetAsync(CancellationToken ct) => Office = await db.OfficeAsync(office, ct);
}
