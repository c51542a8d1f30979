using System.Text.Json;

namespace MuniSocial.Features.Posts;

/// <summary>The archive: every published post with its approval trail, searchable, exported as CSV (Excel) or JSON.</summary>
public sealed class ArchiveModel(AppDbContext db, CurrentActor current) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid? AccountId { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public List<PostArchive.Entry> Entries { get; private set; } = [];
    public List<(Guid Id, string Name)> Accounts { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var actor = await current.GetAsync(ct);
        var accounts = await db.Accounts.VisibleTo(actor).AsNoTracking().Where(a => a.Status != AccountStatus.Draft).ToListAsync(ct);
        Accounts = [.. accounts.Select(a => (a.Id, a.CurrentPolicy.AccountName ?? "")).OrderBy(a => a.Item2)];
        Entries = await PostArchive.SearchAsync(db, actor, Query, 500, ct);
    }

    public async Task<IActionResult> OnGetCsvAsync()
    {
        var ct = HttpContext.RequestAborted;
        var entries = await PostArchive.SearchAsync(db, await current.GetAsync(ct), Query, 10_000, ct);
        return File(PostArchive.ToCsv(entries), MuniSocial.Infrastructure.Export.CsvExport.ContentType, "posts-archive.csv");
    }

    public async Task<IActionResult> OnGetJsonAsync()
    {
        var ct = HttpContext.RequestAborted;
        var entries = await PostArchive.SearchAsync(db, await current.GetAsync(ct), Query, 10_000, ct);
        var json = JsonSerializer.SerializeToUtf8Bytes(entries.Select(PostArchive.ToJson), JsonOptions);
        return File(json, "application/json; charset=utf-8", "posts-archive.json");
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    private PostArchive.Query Query => new(AccountId, From, To, Q);

    public string ExportQuery => $"accountId={AccountId}&from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}&q={Uri.EscapeDataString(Q ?? "")}";
}
