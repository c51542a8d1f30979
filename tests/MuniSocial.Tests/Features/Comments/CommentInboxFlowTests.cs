using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Domain.Comments;
using MuniSocial.Domain.Operations;
using MuniSocial.Jobs;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Comments;

/// <summary>
/// A question from a user through to its answer (§5(4)ア): entered by hand on the page, answered for the time being
/// (an interim reply post through the normal check and approval), the comment 暫定回答済; the formal answer overdue
/// reminds its author and the head once; the formal answer published makes it 回答済.
/// </summary>
public sealed class CommentInboxFlowTests(SmtpAppFactory app) : IClassFixture<SmtpAppFactory>
{
    private static void Redirected(HttpResponseMessage r, string step) =>
        Assert.True(r.StatusCode == HttpStatusCode.Redirect, $"{step}: expected a redirect, got {(int)r.StatusCode}");

    /// <summary>Submit (every warning acknowledged), check by a colleague, approve by the head, record published — through the posts API.</summary>
    private async Task PublishAsync(Guid post, string url)
    {
        var op = await app.ApiAsync("demo-operator");
        var detail = await op.GetFromJsonAsync<JsonElement>($"/api/v1/posts/{post}");
        var keys = detail.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("severity").GetString() == "warning").Select(f => f.GetProperty("key").GetString()).ToArray();
        (await op.PostAsJsonAsync($"/api/v1/posts/{post}/submit", new { acknowledged = keys })).EnsureSuccessStatusCode();
        (await (await app.ApiAsync("demo-operator3")).PostAsJsonAsync($"/api/v1/posts/{post}/review", new { decision = "Approve" })).EnsureSuccessStatusCode();
        (await (await app.ApiAsync("demo-head")).PostAsJsonAsync($"/api/v1/posts/{post}/review", new { decision = "Approve" })).EnsureSuccessStatusCode();
        var published = await op.PostAsJsonAsync($"/api/v1/posts/{post}/publish", new { publishedUrl = url, publishedAt = app.Clock.GetUtcNow() });
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
    }

    private async Task RunRemindersAsync() =>
        await app.Services.GetRequiredService<JobRunner>().RunAsync(DailyReminderJob.Name, "schedule", CancellationToken.None);

    [Fact]
    public async Task A_question_is_answered_for_the_time_being_then_formally_and_the_overdue_formal_answer_reminds_once()
    {
        var account = await app.ListedAccountAsync(Given.ReplyingPolicy("書込み対応フロー"));
        var op = await app.SignInAsync("demo-operator");

        // 1. Entered by hand: the link as pasted (no https, tracking) fills in the author and the id.
        var entered = await op.SubmitAsync($"/accounts/{account}/comments/new", new()
        {
            ["Input.Url"] = [" x.com/citizen_flow/status/5550001?s=20 "],
            ["Input.Text"] = ["ひまわりまつりの駐車場は何台分ありますか？"],
        });
        Redirected(entered, "record");
        var commentId = Guid.Parse(entered.Headers.Location!.ToString().Split('/').Last());
        var comment = await app.CommentOfAsync(commentId);
        Assert.Equal(("@citizen_flow", "5550001", "https://x.com/citizen_flow/status/5550001"), (comment.AuthorHandle, comment.PlatformCommentId, comment.Url));
        Assert.Equal(CommentStatus.Open, comment.Status);

        // The same comment again (pasted otherwise): nothing added, the page links the one recorded.
        var again = await op.SubmitAsync($"/accounts/{account}/comments/new", new()
        {
            ["Input.Url"] = ["https://twitter.com/citizen_flow/status/5550001"],
            ["Input.Text"] = ["ひまわりまつりの駐車場は何台分ありますか？"],
        });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var againDoc = await Html.ParseAsync(again);
        Assert.Contains("この書込みは既に記録されています。", againDoc.Text(), StringComparison.Ordinal);
        Assert.NotNull(againDoc.QuerySelector($"a[href='/comments/{commentId}']"));
        Assert.Equal(1, await app.DbAsync(db => db.Comments.CountAsync(c => c.AccountId == account)));

        // 2. The interim answer: a draft reply post, interim, due Fri 6/5.
        var interim = await op.SubmitAsync($"/comments/{commentId}", new()
        {
            ["ReplyText"] = ["お問い合わせありがとうございます。確認のうえ、6月5日までに回答いたします。"],
            ["FormalDueOn"] = ["2026-06-05"],
        }, handler: "Interim");
        Redirected(interim, "interim");
        var interimPost = Guid.Parse(interim.Headers.Location!.ToString().Split('/').Last());
        var draft = await app.DbAsync(db => db.Posts.AsNoTracking().SingleAsync(p => p.Id == interimPost));
        Assert.Equal((true, new DateOnly(2026, 6, 5), commentId, "https://x.com/citizen_flow/status/5550001"), (draft.Interim, draft.FormalDueOn!.Value, draft.CommentId!.Value, draft.ReplyTo!));
        // The posts API tells a client which comment the reply answers and that it is interim, due 6/5.
        var shown = await (await app.ApiAsync("demo-operator")).GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/posts/{interimPost}");
        Assert.Equal((commentId.ToString(), true, "2026-06-05"),
            (shown.GetProperty("commentId").GetString(), shown.GetProperty("interim").GetBoolean(), shown.GetProperty("formalDueOn").GetString()));
        Assert.Equal(CommentStatus.InProgress, (await app.CommentOfAsync(commentId)).Status);

        // 3. Approved and recorded published: the comment is 暫定回答済 with its due date.
        await PublishAsync(interimPost, "https://x.com/t/status/9000001");
        comment = await app.CommentOfAsync(commentId);
        Assert.Equal((CommentStatus.InterimAnswered, new DateOnly(2026, 6, 5), interimPost), (comment.Status, comment.FormalDueOn!.Value, comment.InterimPostId!.Value));
        var page = await op.GetDocumentAsync($"/comments/{commentId}");
        Assert.Equal("暫定回答済", page.QuerySelector("#comment-status")!.TextContent);

        // 4. Mon 6/8 07:30 JST, the due date passed: the author and the head are reminded, once.
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 6, 7, 22, 30, 0, TimeSpan.Zero));
        await RunRemindersAsync();
        await RunRemindersAsync();
        foreach (var address in new[] { "demo-operator@demo.munisocial.invalid", "demo-head@demo.munisocial.invalid" })
        {
            var mail = Assert.Single(app.Mail.To(address), m => m.Subject!.StartsWith("【正式回答の期限超過】書込み対応フロー", StringComparison.Ordinal));
            Assert.Contains($"https://social.test/comments/{commentId}", mail.TextBody!, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(app.Mail.To("demo-operator3@demo.munisocial.invalid"), m => m.Subject!.StartsWith("【正式回答の期限超過】", StringComparison.Ordinal));
        Assert.Equal(2, await app.DbAsync(db => db.ReminderRecords.CountAsync(r => r.Kind == ReminderKinds.FormalAnswerOverdue && r.AccountId == account)));
        var home = await (await app.SignInAsync("demo-operator")).GetDocumentAsync("/home");
        Assert.Contains("正式な回答の予定日を過ぎたものが", home.QuerySelector("#formal-answers-overdue")!.TextContent, StringComparison.Ordinal);

        // 5. The formal answer (signed in again: a week has passed): a reply; published, the comment is 回答済 and leaves the default inbox.
        op = await app.SignInAsync("demo-operator");
        var formal = await op.SubmitAsync($"/comments/{commentId}", new() { ["ReplyText"] = ["駐車場は約300台分です。当日は8時から入場できます。"] }, handler: "Reply");
        Redirected(formal, "reply");
        var formalPost = Guid.Parse(formal.Headers.Location!.ToString().Split('/').Last());
        await PublishAsync(formalPost, "https://x.com/t/status/9000002");
        comment = await app.CommentOfAsync(commentId);
        Assert.Equal((CommentStatus.Answered, formalPost), (comment.Status, comment.AnsweredPostId!.Value));
        Assert.NotNull(comment.ClosedAt);
        var inbox = await op.GetDocumentAsync($"/accounts/{account}/comments");
        Assert.Null(inbox.QuerySelector($"a[href='/comments/{commentId}']"));
        var answered = await op.GetDocumentAsync($"/accounts/{account}/comments?Status=Answered");
        Assert.NotNull(answered.QuerySelector($"a[href='/comments/{commentId}']"));

        // The history is the audit's; no reminder is sent once answered.
        var history = (await op.GetDocumentAsync($"/comments/{commentId}")).Text();
        foreach (var step in new[] { "記録", "返信の下書きを作成", "暫定回答を公開（暫定回答済）", "回答を公開（回答済）" })
        {
            Assert.Contains(step, history, StringComparison.Ordinal);
        }
        var before = app.Mail.Messages().Count;
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 6, 8, 22, 30, 0, TimeSpan.Zero));
        await RunRemindersAsync();
        Assert.DoesNotContain(app.Mail.Messages().Skip(before), m => m.Subject!.StartsWith("【正式回答の期限超過】", StringComparison.Ordinal));
    }
}
