
namespace MuniSocial.Features.Forms;

/// <summary>発行した様式: every form an account's history issued, with its PDF and Word file.</summary>
public sealed class DocumentsModel(AppDbContext db, CurrentActor current) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public string AccountName { get; private set; } = "";
    public AccountStatus Status { get; private set; }
    public List<IssuedDocumentRow> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var account = await db.Accounts.AsNoTracking().VisibleTo(actor).FirstOrDefaultAsync(a => a.Id == Id, ct);
        if (account is null)
        {
            return NotFound();
        }
        AccountName = account.CurrentPolicy.AccountName ?? "（名称未設定）";
        Status = account.Status;
        Rows = await db.RowsAsync(Id, ct);
        return Page();
    }
}
