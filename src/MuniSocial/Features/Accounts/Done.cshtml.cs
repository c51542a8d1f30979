using MuniSocial.Domain.Forms;

namespace MuniSocial.Features.Accounts;

/// <summary>The confirmation page after an account's one-way step: what happened, the files it issued, what comes next.</summary>
public sealed class DoneModel(AppDbContext db, CurrentActor current) : PageModel
{
    public Confirmation Confirmation { get; private set; } = null!;
    public string AccountName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id, string step, CancellationToken ct)
    {
        if (AccountStep.Find(step) is not { } found)
        {
            return NotFound();
        }
        var actor = await current.GetAsync(ct);
        var account = await db.Accounts.AsNoTracking().VisibleTo(actor).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (account is null)
        {
            return NotFound();
        }
        // The files of the latest time this step was taken; none means it was not taken: back to the account.
        var issued = await db.IssuedDocuments.AsNoTracking().Where(d => d.AccountId == id && d.IssuedFor == found.AuditAction)
            .Select(d => new { d.Id, d.Form, d.IssuedAt, d.DocumentNumber }).ToListAsync(ct);
        if (issued.Count == 0)
        {
            return Redirect($"/accounts/{id}");
        }
        var latest = issued.Max(d => d.IssuedAt);
        var files = issued.Where(d => d.IssuedAt == latest).OrderBy(d => d.Form)
            .Select(d => new IssuedFile($"{FormKinds.Name(d.Form)}（{FormKinds.Label(d.Form)}）{(d.DocumentNumber is { } no ? " " + no : "")}",
                $"/accounts/{id}/documents/{d.Id}.pdf", $"/accounts/{id}/documents/{d.Id}.docx"))
            .ToList();
        AccountName = PolicyDisplay.AccountName(account);
        Confirmation = new Confirmation(found.DoneTitle, $"{AccountName}（{Wareki.FormatDateTime(latest)}）", files, found.Next,
            found.ByPrOffice ? "/review" : $"/accounts/{id}", found.ByPrOffice ? "審査待ちの依頼に戻る" : "アカウントの画面に戻る");
        return Page();
    }
}
