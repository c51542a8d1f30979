using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Data;
using MuniSocial.Domain;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Operations;
using MuniSocial.Infrastructure.Api;
using MuniSocial.Infrastructure.Identity;
using MuniSocial.Features.Offsite;

namespace MuniSocial.Features.DailyChecks;

/// <summary>One account's check: the form (what was looked at, found, done) and the record of recent days.</summary>
public sealed class CheckModel(AppDbContext db, CurrentActor current, BusinessCalendar calendar, OfficeNetworks networks, TimeProvider clock) : PageModel
{
    public Actor Actor { get; private set; } = null!;
    public SocialAccount Account { get; private set; } = null!;
    public DateOnly Today { get; private set; }
    public bool InsideOffice { get; private set; } = true;
    public List<DailyCheck> History { get; private set; } = [];
    public List<(DateOnly Day, bool Business)> Days { get; private set; } = [];

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
        var ct = HttpContext.RequestAborted;
        try
        {
            var offsite = await networks.RequireReasonAsync(HttpContext, Input.OffsiteReason, ct);
            await DailyCheckUseCases.RecordAsync(db, Actor, Account,
                new CheckInput(Input.CheckedPosts, Input.CheckedComments, Input.Found, Input.ActionTaken, Input.Note), clock.GetUtcNow(), offsite, ct);
        }
        catch (DomainForbiddenException)
        {
            return Forbid();
        }
        catch (DomainRuleException ex)
        {
            ModelState.AddDomainErrors(ex);
            return Page();
        }
        TempData["Message"] = $"「{Account.CurrentPolicy.AccountName}」の確認を記録しました。";
        return Redirect("/operations");
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        Actor = await current.GetAsync(ct);
        var account = await db.FindVisibleAsync(id, Actor, ct);
        if (account is null)
        {
            return false;
        }
        Account = account;
        Today = Wareki.TodayIn(clock.GetUtcNow());
        InsideOffice = await networks.IsInsideAsync(HttpContext, ct);
        var since = Today.AddDays(-30);
        History = await db.Set<DailyCheck>().AsNoTracking().Where(c => c.AccountId == id && c.Day >= since).ToListAsync(ct);
        History = History.OrderByDescending(c => c.Day).ThenBy(c => c.At).ToList();
        for (var d = Today; d >= since; d = d.AddDays(-1))
        {
            Days.Add((d, calendar.IsBusinessDay(d)));
        }
        return true;
    }
}
