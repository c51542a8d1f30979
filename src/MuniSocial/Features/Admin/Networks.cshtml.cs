using MuniSocial.Domain.Operations;

namespace MuniSocial.Features.Admin;

/// <summary>/admin/networks: the office networks of §5(2)イ (CIDR list); outside them an action asks for a reason.</summary>
public sealed class NetworksModel(AppDbContext db, CurrentActor current, TimeProvider clock) : PageModel
{
    public List<OfficeNetwork> Networks { get; private set; } = [];

    [BindProperty]
    public string? Cidr { get; set; }

    [BindProperty]
    public string? Label { get; set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAddAsync()
    {
        var actor = await current.GetAsync(HttpContext.RequestAborted);
        var ct = HttpContext.RequestAborted;
        var outcome = await this.SaveAsync(db, async () =>
        {
            var network = OfficeNetwork.Add(actor, Cidr, Label, clock.GetUtcNow());
            if (await db.OfficeNetworks.AnyAsync(n => n.Cidr == network.Cidr, ct))
            {
                throw new DomainValidationException(new Dictionary<string, string[]> { ["cidr"] = [$"{network.Cidr} は既に登録されています。"] });
            }
            db.Add(network);
        }, prefix: "", ct: ct);
        return await this.AnswerAsync(outcome, RedirectToPage, LoadAsync);
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id)
    {
        var actor = await current.GetAsync(HttpContext.RequestAborted);
        var network = await db.OfficeNetworks.FirstOrDefaultAsync(n => n.Id == id, HttpContext.RequestAborted);
        if (network is null)
        {
            return NotFound();
        }
        db.AddAudit(network.Removed(actor, clock.GetUtcNow()));
        db.Remove(network);
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        Networks = await db.OfficeNetworks.AsNoTracking().OrderBy(n => n.Label).ToListAsync(HttpContext.RequestAborted);
    }
}
