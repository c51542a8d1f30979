using MuniSocial.Domain.Operations;
using MuniSocial.Features.Offsite;

namespace MuniSocial.Features.DailyChecks;

/// <summary>One account's check: the form (what was looked at, found, done) and the record of recent days.</summary>
public sealed class CheckModel(AppDbContext db, CurrentActor current, BusinessCalendar calendar, OfficeNetworks networks, TimeProvider clock)
    : AccountRecordPageModel(db, current, networks)
{
    public DateOnly Today { get; private set; }
    public List<DailyCheck> History { get; private set; } = [];

    /// <summary>Incidents opened from the history's findings: check id → incident id.</summary>
    public Dictionary<Guid, Guid> Incidents { get; private set; } = [];

    /// <summary>Whether the viewer may open an incident for this account (staff of its section or the PR office).</summary>
    public bool CanOpenIncident => Actor.IsStaffOf(Account.SectionId) || Actor.Is(Role.PrOffice);

    /// <summary>The recent days: whether a check was due (<see cref="CheckRule.IsDue"/>) and whether the office was closed.</summary>
    public List<(DateOnly Day, bool Due, bool Closed)> Days { get; private set; } = [];

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        public bool CheckedPosts { get; set; }
        public bool CheckedComments { get; set; }
        public string? Found { get; set; }
        public string? ActionTaken { get; set; }
        public string? Note { get; set; }
        public string? OffsiteReason { get; set; }
    }

    public bool CanRecord => Actor.IsStaffOf(Account.SectionId) && Account.Status == AccountStatus.Listed;

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        // Both boxes start ticked: the usual check looks at posts and comments.
        Input = new InputModel { CheckedPosts = true, CheckedComments = true };
        return await LoadAsync(id) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        var input = new CheckInput(Input.CheckedPosts, Input.CheckedComments, Input.Found, Input.ActionTaken, Input.Note);
        DailyCheck? check = null;
        var outcome = await RecordAsync(Input.OffsiteReason,
            async (offsite, ct) => check = await DailyCheckUseCases.RecordAsync(Db, Actor, Account, input, clock.GetUtcNow(), offsite, ct));
        return await this.AnswerAsync(outcome, () =>
        {
            TempData["Message"] = check!.Additional
                ? $"「{Account.CurrentPolicy.AccountName}」の追加の確認を記録しました（本日の確認者としては1人と数えます）。"
                : $"「{Account.CurrentPolicy.AccountName}」の確認を記録しました。";
            if (check.Found is not null)
            {
                // §5(5): trouble found is offered to become an incident at once, not left in the log.
                TempData["IncidentOffer"] = DailyCheckUseCases.NewIncidentUrl(check);
            }
            return Redirect("/operations");
        });
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if (!await LoadAccountAsync(id, ct))
        {
            return false;
        }
        Today = Wareki.TodayIn(clock.GetUtcNow());
        var since = Today.AddDays(-30);
        History = await Db.DailyChecks.AsNoTracking().Where(c => c.AccountId == id && c.Day >= since).ToListAsync(ct);
        History = History.OrderByDescending(c => c.Day).ThenBy(c => c.At).ToList();
        Incidents = await DailyCheckUseCases.IncidentsFromAsync(Db, History.Where(c => c.Found is not null).Select(c => c.Id).ToList(), ct);
        var schedule = CheckSchedule.Of(Account.AcceptedPolicy);
        var listedDay = Account.ListedAt is { } listedAt ? Wareki.TodayIn(listedAt) : Today;
        for (var d = Today; d >= since; d = d.AddDays(-1))
        {
            Days.Add((d, CheckRule.IsDue(calendar, schedule, d, listedDay), !calendar.IsBusinessDay(d)));
        }
        return true;
    }
}
