using MuniSocial.Features.Board;

namespace MuniSocial.Features.Home;

/// <summary>The reminders on the staff home page: the same conditions as the e-mails, for the signed-in user.</summary>
public sealed class RemindersViewComponent(CurrentActor current, AccountConditions conditions, TimeProvider clock, WaitingWork work) : ViewComponent
{
    public sealed record Model(Actor Actor, DateOnly Today, List<AccountCondition> MyChecks, List<AccountCondition> SectionIssues,
        int Overdue, int Missed, int Ending, bool IsPr, int CommentsToAnswer = 0, int FormalAnswersOverdue = 0, int FormalAnswersDueToday = 0);

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
        // Users' comments: counted from the waiting work (the same items and rule as the list above and the navigation's count, §5(4)ア).
        var waiting = (await work.CurrentAsync(actor, HttpContext.RequestAborted)).Items;
        var toAnswer = waiting.Count(i => i.Kind == WorkKind.CommentToAnswer);
        var formalOverdue = waiting.Count(i => i.Kind == WorkKind.FormalAnswerDue && i.Urgency == WorkUrgency.Overdue);
        var formalToday = waiting.Count(i => i.Kind == WorkKind.FormalAnswerDue && i.Urgency != WorkUrgency.Overdue);
        return View(new Model(actor, today, actor.IsStaffOf(actor.SectionId ?? Guid.Empty) ? myChecks : [], issues,
            pr ? items.Count(i => i.Overdue) : 0, pr ? items.Count(i => i.MissedChecks.Count > 0) : 0, pr ? items.Count(i => i.PeriodEndingSoon) : 0, pr,
            toAnswer, formalOverdue, formalToday));
    }
}
