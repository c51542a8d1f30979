using MuniSocial.Domain.Operations;
using MuniSocial.Features.Board;
using MuniSocial.Features.Offsite;

namespace MuniSocial.Features.DailyChecks;

/// <summary>本日の確認: the section's Listed accounts with today's checks and a one-click 「異常なし」 (§5(2)ア).</summary>
public sealed class IndexModel(AppDbContext db, CurrentActor current, AccountConditions conditions, BusinessCalendar calendar,
    OfficeNetworks networks, TimeProvider clock) : AccountRecordPageModel(db, current, networks)
{
    public DateOnly Today { get; private set; }
    public bool IsBusinessDay { get; private set; }
    public List<AccountCondition> Accounts { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    [BindProperty]
    public string? OffsiteReason { get; set; }

    public async Task OnGetAsync() => await LoadAsync();

    /// <summary>「異常なし」: posts and comments looked at, nothing to report.</summary>
    public async Task<IActionResult> OnPostOkAsync(Guid accountId)
    {
        if (!await LoadAccountAsync(accountId, HttpContext.RequestAborted))
        {
            return NotFound();
        }
        var outcome = await RecordAsync(OffsiteReason,
            (offsite, ct) => DailyCheckUseCases.RecordAsync(Db, Actor, Account, CheckInput.NothingToReport, clock.GetUtcNow(), offsite, ct), PageActions.Prefixed(""));
        return await this.AnswerAsync(outcome, () =>
        {
            Message = $"「{Account.CurrentPolicy.AccountName}」の確認（異常なし）を記録しました。";
            return RedirectToPage();
        }, LoadAsync);
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        await LoadViewerAsync(ct);
        Today = Wareki.TodayIn(clock.GetUtcNow());
        IsBusinessDay = calendar.IsBusinessDay(Today);
        Accounts = (await conditions.ForAsync(Actor, Today, ct: ct))
            .Where(a => a.Status == Domain.Accounts.AccountStatus.Listed)
            .OrderBy(a => a.ChecksCompleteToday).ThenBy(a => a.SectionName, StringComparer.Ordinal).ThenBy(a => a.AccountName, StringComparer.Ordinal).ToList();
    }

    public bool CanRecord(AccountCondition a) => Actor.IsStaffOf(a.SectionId);

    /// <summary>運用状況の確認: the head's own section's accounts, the due and overdue reviews first.</summary>
    public List<AccountCondition> HeadReviews => Accounts.Where(a => Actor.IsHeadOf(a.SectionId))
        .OrderByDescending(a => a.ReviewOverdue).ThenByDescending(a => a.ReviewDue).ThenBy(a => a.ReviewDueOn).ThenBy(a => a.AccountName, StringComparer.Ordinal).ToList();

    public bool CheckedByMe(AccountCondition a) => a.CheckedToday.Any(p => p.UserId == Actor.UserId);
}
