using MuniSocial.Domain.Terms;

namespace MuniSocial.Features.Terms;

/// <summary>The standard terms in force (注意事項, 知的財産権, 免責事項) and every earlier version.</summary>
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public TermsTemplateVersion Current { get; private set; } = null!;
    public IReadOnlyList<TermsTemplateVersion> History { get; private set; } = [];

    /// <summary>How many policies were accepted with each version (the public pages showing it).</summary>
    public IReadOnlyDictionary<Guid, int> UsedBy { get; private set; } = new Dictionary<Guid, int>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        History = await db.TermsVersions.AsNoTracking().OrderByDescending(t => t.Number).ToListAsync(ct);
        Current = History[0];
        UsedBy = await db.PolicyVersions.AsNoTracking().Where(p => p.TermsVersionId != null)
            .GroupBy(p => p.TermsVersionId!.Value).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
    }
}
