using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain;
using MuniSocial.Features.Home;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Home;

/// <summary>
/// Issue 13 (a clerk's finding): the home page's notices about users' comments count what its waiting-work list counts,
/// from the same list, and a formal answer is overdue from the day after its date (§5(4)ア), as the reminder mails say.
/// Its own app: the clock moves on a day.
/// </summary>
public sealed class CommentCountsTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static string Uid() => Guid.NewGuid().ToString("N")[..8];

    private static IEnumerable<AngleSharp.Dom.IElement> Items(IHtmlDocument home, WorkKind kind) => home.QuerySelectorAll($"#waiting-work ul[data-kind={kind}] li");

    private static AngleSharp.Dom.IElement? Item(IHtmlDocument home, WorkKind kind, Guid comment) =>
        Items(home, kind).FirstOrDefault(li => li.QuerySelector("a")!.GetAttribute("href") == $"/comments/{comment}");

    private static int CountIn(string text) =>
        int.Parse(System.Text.RegularExpressions.Regex.Match(text, "が(\\d+)件あります").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_comment_notices_count_the_waiting_list_and_a_formal_answer_is_overdue_only_after_its_date()
    {
        var account = await app.ListedAccountAsync(Given.ReplyingPolicy($"書込み件数{Uid()}"));
        var today = Wareki.TodayIn(app.Clock.GetUtcNow());
        var dueToday = await app.InterimAnsweredCommentAsync(account, today.AddDays(1), $"明日が期限 {Uid()}");
        var dueYesterday = await app.InterimAnsweredCommentAsync(account, today, $"今日が期限 {Uid()}");
        var open = await app.CommentAsync(account, $"未対応 {Uid()}");
        var inProgress = await app.CommentAsync(account, $"対応中 {Uid()}");
        var op = await app.ActorAsync("demo-operator");
        await app.DbAsync(async db =>
        {
            (await db.Comments.SingleAsync(c => c.Id == inProgress)).StartHandling(op, app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        });
        app.Clock.Advance(TimeSpan.FromDays(1)); // one comment's formal answer was due yesterday, the other's is due today

        var home = await (await app.SignInAsync("demo-operator")).GetDocumentAsync("/home");
        // Open and in progress: to answer or decide; their notice counts the same items as the list's heading.
        Assert.NotNull(Item(home, WorkKind.CommentToAnswer, open));
        Assert.NotNull(Item(home, WorkKind.CommentToAnswer, inProgress));
        Assert.Equal(Items(home, WorkKind.CommentToAnswer).Count(), CountIn(home.QuerySelector("#open-comments")!.TextContent));
        Assert.Contains("未対応・対応中", home.QuerySelector("#open-comments")!.TextContent, StringComparison.Ordinal);
        // The formal answer due today is due, not overdue; the one due yesterday is overdue — list and notices agree.
        Assert.Equal(nameof(WorkUrgency.DueToday), Item(home, WorkKind.FormalAnswerDue, dueToday)!.GetAttribute("data-urgency"));
        Assert.Equal(nameof(WorkUrgency.Overdue), Item(home, WorkKind.FormalAnswerDue, dueYesterday)!.GetAttribute("data-urgency"));
        Assert.Equal(Items(home, WorkKind.FormalAnswerDue).Count(li => li.GetAttribute("data-urgency") == nameof(WorkUrgency.Overdue)),
            CountIn(home.QuerySelector("#formal-answers-overdue")!.TextContent));
        Assert.Equal(Items(home, WorkKind.FormalAnswerDue).Count(li => li.GetAttribute("data-urgency") == nameof(WorkUrgency.DueToday)),
            CountIn(home.QuerySelector("#formal-answers-due-today")!.TextContent));

        // The head, reminded by mail of the overdue formal answer, finds it (and only it) on the home page too.
        var head = await (await app.SignInAsync("demo-head")).GetDocumentAsync("/home");
        Assert.NotNull(Item(head, WorkKind.FormalAnswerDue, dueYesterday));
        Assert.Null(Item(head, WorkKind.FormalAnswerDue, dueToday));
        Assert.Null(Item(head, WorkKind.CommentToAnswer, open));
        Assert.Equal(Items(head, WorkKind.FormalAnswerDue).Count(), CountIn(head.QuerySelector("#formal-answers-overdue")!.TextContent));
    }
}

/// <summary>Issue 13 (a clerk's finding): the head's home page says a review's deadline once, not in the title and again beside it. Its own app: the clock is set.</summary>
public sealed class HeadDeadlineTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_review_due_shows_its_deadline_once_on_the_heads_home_when_due_and_when_overdue()
    {
        // Listed Sat 5/2: the first review is due Tue 6/2, overdue after 14 days of grace.
        var account = await app.ListedAccountAsync(Given.Policy($"確認表示{Guid.NewGuid():N}"[..12]) with { PeriodEnd = new DateOnly(2028, 3, 31) },
            listedAt: new DateTimeOffset(2026, 5, 2, 0, 0, 0, TimeSpan.Zero));
        foreach (var (day, urgency) in new[] { (2, nameof(WorkUrgency.DueToday)), (17, nameof(WorkUrgency.Overdue)) })
        {
            app.Clock.SetUtcNow(new DateTimeOffset(2026, 6, day, 9, 30, 0, TimeSpan.FromHours(9)).ToUniversalTime());
            var home = await (await app.SignInAsync("demo-head")).GetDocumentAsync("/home");
            var item = home.QuerySelectorAll($"#waiting-work ul[data-kind={WorkKind.ReviewDue}] li")
                .Single(li => li.QuerySelector("a")!.GetAttribute("href") == $"/operations/{account}/reviews");
            Assert.Equal(urgency, item.GetAttribute("data-urgency"));
            var text = item.TextContent;
            Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(text, "令和8年6月2日"));
            Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(text, "期限"));
        }
    }
}
