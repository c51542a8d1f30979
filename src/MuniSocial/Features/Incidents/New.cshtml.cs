using MuniSocial.Domain.Incidents;
using MuniSocial.Infrastructure.Email;

namespace MuniSocial.Features.Incidents;

/// <summary>/incidents/new: open an incident; the query pre-fills it (accountId, kind, dailyCheckId, reviewId — links from daily checks and reviews).</summary>
public sealed class NewModel(AppDbContext db, CurrentActor current, TimeProvider clock, MailSender mail) : PageModel
{
    public sealed class InputModel
    {
        public IncidentKind? Kind { get; set; }
        public Guid? AccountId { get; set; }
        public string? Summary { get; set; }
        public string? FakeUrl { get; set; }
        public Guid? DailyCheckId { get; set; }
        public Guid? ReviewId { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public List<(Guid Id, string Name)> Accounts { get; private set; } = [];

    public async Task OnGetAsync(Guid? accountId, string? kind, Guid? dailyCheckId, Guid? reviewId)
    {
        Input.AccountId = accountId;
        Input.Kind = Enum.TryParse<IncidentKind>(kind, true, out var k) && Enum.IsDefined(k) ? k : null;
        Input.DailyCheckId = dailyCheckId;
        Input.ReviewId = reviewId;
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        var actor = await current.GetAsync(ct);
        Incident? opened = null;
        var outcome = await this.RunAsync(db, async () => opened = await IncidentUseCases.OpenAsync(db, actor,
            new IncidentInput(Input.Kind, Input.AccountId, null, Input.Summary, Input.FakeUrl, Input.DailyCheckId, Input.ReviewId), mail.LinkBase, clock.GetUtcNow(), ct));
        return await this.AnswerAsync(outcome,
            () => this.FlashAndRedirect("インシデントを登録し、市広報担当へ通知しました。", $"/incidents/{opened!.Id}"), LoadAsync);
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        var actor = await current.GetAsync(ct);
        Accounts = (await db.Accounts.AsNoTracking().VisibleTo(actor)
                .Where(a => a.Status == AccountStatus.Listed || a.Status == AccountStatus.DelistingRequested || a.Status == AccountStatus.Closed).ToListAsync(ct))
            .Select(a => (a.Id, $"{a.CurrentPolicy.AccountName}（{Labels.Of(a.Status)}）")).OrderBy(a => a.Item2, StringComparer.Ordinal).ToList();
    }
}
