using Microsoft.Extensions.Options;
using MuniSocial.Domain.Guideline;

namespace MuniSocial.Features.Guideline;

/// <summary>The PR office sees who has not confirmed the current guideline: every active user, not confirmed first; CSV.</summary>
public sealed class AcknowledgementsModel(AppDbContext db, TimeProvider clock, IOptions<DemoOptions> demo) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid? Section { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Pending { get; set; }

    public GuidelineVersion? Version { get; private set; }
    public List<AcknowledgementRow> Rows { get; private set; } = [];
    public List<(Guid Id, string Name)> Sections { get; private set; } = [];
    public int Total { get; private set; }
    public int NotAcknowledged { get; private set; }
    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return File(GuidelineQueries.Csv(Rows), MuniSocial.Infrastructure.Export.CsvExport.ContentType, $"guideline-acknowledgements-{Today:yyyyMMdd}.csv");
    }

    public string Query(string? handler = null) =>
        "?" + string.Join('&', new[] { handler is null ? null : $"handler={handler}", Section is { } s ? $"section={s}" : null, Pending ? "pending=true" : null }.OfType<string>());

    private async Task LoadAsync(CancellationToken ct)
    {
        Today = Wareki.TodayIn(clock.GetUtcNow());
        Version = await db.CurrentVersionAsync(Today, ct);
        var all = await db.AcknowledgementsAsync(Version, demo.Value.Enabled, Section, ct);
        Total = all.Count;
        NotAcknowledged = all.Count(r => !r.AcknowledgedCurrent);
        Rows = Pending ? all.Where(r => !r.AcknowledgedCurrent).ToList() : all;
        Sections = (await db.Sections.AsNoTracking().OrderBy(s => s.Department.SortOrder).ThenBy(s => s.Name)
            .Select(s => new { s.Id, Name = s.Department.Name + " " + s.Name }).ToListAsync(ct)).Select(s => (s.Id, s.Name)).ToList();
    }
}
