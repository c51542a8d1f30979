using MuniSocial.Features.Board;
using MuniSocial.Features.Comments;

namespace MuniSocial.Features.Home;

/// <summary>The reminders on the staff home page: the same conditions as the e-mails, for the signed-in user.</summary>
public sealed class RemindersViewComponent(CurrentActor current, AccountConditions conditions, TimeProvider clock, AppDbContext db) : ViewComponent
{
    public sealed record Model(Actor Actor, DateOnly Today, List<AccountCondition> MyChecks, List<AccountCondition> SectionIssues,
        int Overdue, int Missed, int Ending, bool IsPr, int OpenComments = 0, int FormalAnswersOverdue = 0);

    public async Task<IViewComponentResult> InvokeAsync()
    {
        var actor = await current.FindAsync(HttpContext.RequestAborted);
        if (actor is null || !(actor.Is(Role.Operator) || actor.Is(Role.SectionHead) || actor.Is(Role.PrOffice)))
        {
            return Content("");
        }
        var today = Wareki.TodayIn(clock.GetUtcNow());
        var items = await conditions.ForAsync(actor, today, ct: HttpContext.RequestAborted);
        var mine = items.Where(i => i.SectionId == actor.SectionId).ToList();
        var myChecks = mine.Where(i => i.ChecksDueToday && i.CheckedToday.All(p => p.UserId != actor.UserId)
            && (i.Operators.Any(o => o.UserId == actor.UserId) || !i.ChecksCompleteToday)).ToList();
        var issues = actor.Is(Role.SectionHead) ? mine.Where(i => i.HeadMustAct).OrderByDescending(i => i.Severity).ToList() : [];
        var pr = actor.Is(Role.PrOffice);
        // Users' comments of the sections the user sees: still open, and formal answers past their due date (§5(4)ア).
        var comments = db.Comments.VisibleTo(actor);
        var open = await comments.CountAsync(c => c.Status == Domain.Comments.CommentStatus.Open, HttpContext.RequestAborted);
        var formalOverdue = await comments.CountAsync(c => c.Status == Domain.Comments.CommentStatus.InterimAnswered && c.FormalDueOn != null && c.FormalDueOn < today, HttpContext.RequestAborted);
        return View(new Model(actor, today, actor.IsStaffOf(actor.SectionId ?? Guid.Empty) ? myChecks : [], issues,
            pr ? items.Count(i => i.Overdue) : 0, pr ? items.Count(i => i.MissedChecks.Count > 0) : 0, pr ? items.Count(i => i.PeriodEndingSoon) : 0, pr,
            open, formalOverdue));
    }
}
