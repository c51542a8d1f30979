
namespace MuniSocial.Features.Board;

/// <summary>The PR office's board: every account that exists on a platform and what is wrong with it, overdue first.</summary>
public sealed class IndexModel(AppDbContext db, CurrentActor current, AccountConditions conditions, BoardHistory history, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<OperationsOptions> options) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid? Section { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Attention { get; set; }

    /// <summary>運用状況の確認: "due" (due or overdue) or "overdue".</summary>
    [BindProperty(SupportsGet = true)]
    public string? Review { get; set; }

    /// <summary>Only accounts with access holders to remove (異動・退職).</summary>
    [BindProperty(SupportsGet = true)]
    public bool Access { get; set; }

    public DateOnly Today { get; private set; }
    public List<AccountCondition> Items { get; private set; } = [];
    public List<(Guid Id, string Name)> Sections { get; private set; } = [];
    public int Total { get; private set; }

    /// <summary>The charts: each section's last business days (<see cref="BoardHistory"/>).</summary>
    public List<SectionHistory> History { get; private set; } = [];

    public int MissedCheckWindow => options.Value.MissedCheckWindow;

    public async Task OnGetAsync()
    {
        await LoadAsync();
        History = await history.ForAsync(Actor, Today, Section, HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnGetCsvAsync()
    {
        await LoadAsync();
        return File(BoardExport.Csv(Items), MuniSocial.Infrastructure.Export.CsvExport.ContentType, $"board-{Today:yyyyMMdd}.csv");
    }

    public async Task<IActionResult> OnGetXlsxAsync()
    {
        await LoadAsync();
        var sections = await history.ForAsync(Actor, Today, Section, HttpContext.RequestAborted);
        return File(BoardExport.Xlsx(Items, sections, Today), MuniSocial.Infrastructure.Export.XlsxExport.ContentType, $"board-{Today:yyyyMMdd}.xlsx");
    }

    private Actor Actor { get; set; } = null!;

    public string Query(string? sort = null) =>
        $"?sort={sort ?? Sort ?? "severity"}{(Section is { } s ? $"&section={s}" : "")}{(Attention ? "&attention=true" : "")}{(Review is "due" or "overdue" ? $"&review={Review}" : "")}{(Access ? "&access=true" : "")}";

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        var actor = Actor = await current.GetAsync(ct);
        Today = Wareki.TodayIn(clock.GetUtcNow());
        var all = await conditions.ForAsync(actor, Today, Section, ct);
        Total = all.Count;
        Items = BoardSort.Apply(BoardReview.Filter(Attention ? all.Where(c => c.NeedsAttention) : all, Review), Sort).ToList();
        Items = Access ? Items.Where(c => c.AccessHoldersToRemove.Count > 0).ToList() : Items;
        Sections = (await db.Sections.AsNoTracking().OrderBy(s => s.Department.SortOrder).ThenBy(s => s.Name)
            .Select(s => new { s.Id, Name = s.Department.Name + " " + s.Name }).ToListAsync(ct)).Select(s => (s.Id, s.Name)).ToList();
    }
}
