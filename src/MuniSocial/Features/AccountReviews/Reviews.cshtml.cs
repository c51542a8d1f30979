using Microsoft.Extensions.Options;
using MuniSocial.Domain.Operations;
using MuniSocial.Features.Board;
using MuniSocial.Features.Offsite;
using MuniSocial.Features.AccessHolders;

namespace MuniSocial.Features.AccountReviews;

/// <summary>
/// 運用状況の確認 of one account (§5(2)ア): the schedule, the checklist form for the section head (drawn from
/// the accepted policy, with the system's own figure of the daily checks) and every review recorded.
/// Section staff and the PR office read it; another section's account is a 404.
/// </summary>
public sealed class ReviewsModel(AppDbContext db, CurrentActor current, BusinessCalendar calendar, OfficeNetworks networks,
    IOptions<OperationsOptions> options, TimeProvider clock) : AccountRecordPageModel(db, current, networks)
{
    public PolicyVersion? Policy { get; private set; }

    /// <summary>§5(4)エ: the profile text drafted from the accepted policy, for the profile item (Listed accounts).</summary>
    public ProfileDraft? Profile { get; private set; }
    public DateOnly Today { get; private set; }
    public ReviewStatus Schedule { get; private set; } = null!;
    public ReviewPeriod Period { get; private set; } = null!;
    public OperationsOptions Options => options.Value;
    public List<AccountReview> History { get; private set; } = [];

    /// <summary>Daily checks in the period that reported something (for the trouble item, §5(5)).</summary>
    public List<DailyCheck> Findings { get; private set; } = [];

    /// <summary>The current access holdings and the two-factor record, for the checklist's access item.</summary>
    public List<AccessHolders.HolderView> Holders { get; private set; } = [];
    public AccountTwoFactor? TwoFactor { get; private set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        public Dictionary<string, string?> Answers { get; set; } = [];
        public Dictionary<string, string?> Comments { get; set; } = [];
        public string? Findings { get; set; }
        public string? Action { get; set; }
        public string? OffsiteReason { get; set; }
    }

    public bool IsHead => Actor.IsHeadOf(Account.SectionId);

    public bool Reviewable => Account.Status is AccountStatus.Listed or AccountStatus.DelistingRequested && Policy is not null;

    public bool CanRecord => IsHead && Reviewable;

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        // Bound as text and read here, so that a tampered value is "not chosen" in Japanese rather than a binder message.
        ModelState.Clear();
        var items = ReviewChecklist.Items.Select(d => new ReviewItemInput(d.Key, ParseAnswer(Input.Answers.GetValueOrDefault(d.Key)), Input.Comments.GetValueOrDefault(d.Key))).ToList();
        var input = new ReviewInput(items, Input.Findings, Input.Action);
        AccountReview? review = null;
        var outcome = await RecordAsync(Input.OffsiteReason,
            async (offsite, ct) => review = await AccountReviewUseCases.RecordAsync(Db, calendar, Actor, Account, input, clock.GetUtcNow(), offsite, ct), FormKey);
        return await this.AnswerAsync(outcome, () =>
        {
            TempData["Message"] = $"「{Policy!.AccountName}」の運用状況の確認を記録しました。";
            if (review!.HasNonConformity)
            {
                // §5(5): a problem the head records is offered to become an incident at once.
                TempData["IncidentOffer"] = NewIncidentUrl(review);
            }
            return Redirect($"/operations/{id}/reviews");
        });
    }

    [TempData]
    public string? Message { get; set; }

    /// <summary>Incidents opened from the reviews shown: review id → incident id.</summary>
    public Dictionary<Guid, Guid> Incidents { get; private set; } = [];

    /// <summary>The incident form (built by the incidents feature) pre-filled from a review that found a problem.</summary>
    public static string NewIncidentUrl(AccountReview r) => $"/incidents/new?accountId={r.AccountId}&reviewId={r.Id}";

    /// <summary>The errors the form shows next to a field (the summary lists them all).</summary>
    public IEnumerable<string> ErrorsFor(string key) =>
        ModelState.TryGetValue(key, out var entry) ? entry.Errors.Select(e => e.ErrorMessage) : [];

    public static string AnswerKey(string item) => $"Input.Answers[{item}]";

    public static string CommentKey(string item) => $"Input.Comments[{item}]";

    /// <summary>"items.daily-checks.comment" → "Input.Comments[daily-checks]"; "action" → "Input.Action".</summary>
    private static string FormKey(string field)
    {
        var parts = field.Split('.');
        if (parts is ["items", var key, "answer"])
        {
            return AnswerKey(key);
        }
        if (parts is ["items", var k, "comment"])
        {
            return CommentKey(k);
        }
        return field switch
        {
            "findings" => "Input.Findings",
            "action" => "Input.Action",
            "offsiteReason" => "Input.OffsiteReason",
            _ => field,
        };
    }

    private static ReviewAnswer? ParseAnswer(string? value) =>
        Enum.TryParse<ReviewAnswer>(value, ignoreCase: false, out var a) && Enum.IsDefined(a) && !int.TryParse(value, out _) ? a : null;

    private async Task<bool> LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if (!await LoadAccountAsync(id, ct))
        {
            return false;
        }
        var account = Account;
        Policy = account.AcceptedPolicy;
        Profile = Accounts.ProfileDisplay.Draft(Request, account);
        Today = Wareki.TodayIn(clock.GetUtcNow());
        History = await AccountReviewUseCases.HistoryAsync(Db, id, ct);
        var reviewIds = History.Where(r => r.HasNonConformity).Select(r => r.Id).ToList();
        Incidents = reviewIds.Count == 0 ? [] : (await Db.Incidents.AsNoTracking()
                .Where(i => i.SourceAccountReviewId != null && reviewIds.Contains(i.SourceAccountReviewId.Value))
                .Select(i => new { Review = i.SourceAccountReviewId!.Value, i.Id }).ToListAsync(ct))
            .GroupBy(x => x.Review).ToDictionary(g => g.Key, g => g.Min(x => x.Id));
        var listedOn = account.ListedAt is { } l ? Wareki.TodayIn(l) : Today;
        Schedule = AccountReviewUseCases.StatusOf(History.Count > 0 ? History[0].ReviewedOn : null, listedOn, Today, options.Value, account.Status == AccountStatus.Listed);
        if (Reviewable)
        {
            Holders = (await AccessHolderUseCases.ForAccountAsync(Db, account, ct)).Where(h => h.Holder.IsCurrent).ToList();
            TwoFactor = await Db.AccountTwoFactors.AsNoTracking().FirstOrDefaultAsync(t => t.AccountId == id, ct);
            Period = await AccountReviewUseCases.PeriodAsync(Db, calendar, account, Today, ct);
            if (!Period.IsEmpty)
            {
                var from = Period.From;
                var to = Period.To;
                Findings = (await Db.DailyChecks.AsNoTracking()
                        .Where(c => c.AccountId == id && c.Day >= from && c.Day <= to && c.Found != null).ToListAsync(ct))
                    .OrderByDescending(c => c.Day).ThenBy(c => c.At).ToList();
            }
        }
        return true;
    }

    public static string PeriodText(DateOnly from, DateOnly to) =>
        to < from ? $"{Wareki.Format(from)}（前回の確認と同じ日のため、対象の日はありません）" : $"{Wareki.Format(from)}～{Wareki.Format(to)}";
}
