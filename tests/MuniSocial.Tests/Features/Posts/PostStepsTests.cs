using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Posts;
using MuniSocial.Features.Posts;
using MuniSocial.Tests.Support;
using static MuniSocial.Tests.Support.StaffPages;

namespace MuniSocial.Tests.Features.Posts;

/// <summary>
/// The post's one-way steps behind a "check your answers" page (issue 13 item 3): publishing through the connector and
/// the record of a post made by hand. The check page changes nothing; its button does the step with the version shown;
/// a change made in between is refused; the confirmation page says what happened and what comes next.
/// </summary>
public sealed class PostStepsTests(PublishingAppFactory app) : IClassFixture<PublishingAppFactory>
{
    private static string Unique(string text) => $"{text}{Guid.NewGuid():N}"[..(text.Length + 8)];

    [Fact]
    public async Task Send_the_check_page_changes_nothing_its_button_queues_the_post_and_the_confirmation_says_what_comes_next()
    {
        var account = await app.ConnectedAccountAsync(Platform.X, PublishingAppFactory.FieldsOf(Platform.X));
        var text = Unique("確認してから発信");
        var post = await app.ApprovedPostAsync(account, text);
        var op = await app.SignInAsync("demo-operator");
        var version = (await PostAsync(post)).Version;

        var detail = await op.GetDocumentAsync($"/posts/{post}");
        Assert.NotNull(detail.QuerySelector($"a[href='/posts/{post}/check/send']"));
        Assert.Null(detail.QuerySelector("form[action*='handler=Send']"));

        var check = await op.GetDocumentAsync($"/posts/{post}/check/send");
        Assert.Contains("発信する内容を確認してください", check.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(text, check.QuerySelector(".summary-list")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("変更・削除できません", check.Text(), StringComparison.Ordinal);
        Assert.Equal(version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            check.QuerySelector<IHtmlInputElement>("form[action*='handler=Send'] input[name=Version]")!.Value);
        Assert.Equal(0, await app.DbAsync(db => db.Publications.CountAsync(p => p.PostId == post)));
        Assert.Equal(version, (await PostAsync(post)).Version);

        AssertRedirect(await op.SubmitAsync($"/posts/{post}/check/send", handler: "Send"), $"/posts/{post}/done/send");
        Assert.Equal(1, await app.DbAsync(db => db.Publications.CountAsync(p => p.PostId == post)));
        var done = await op.GetDocumentAsync($"/posts/{post}/done/send");
        Assert.Equal("発信を受け付けました", done.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("Xへ送信します", done.Text(), StringComparison.Ordinal);
        Assert.Contains("このあとの流れ", done.Text(), StringComparison.Ordinal);
        Assert.NotNull(done.QuerySelector($"a[href='/posts/{post}']"));
    }

    [Fact]
    public async Task Send_a_change_made_after_the_check_page_was_shown_is_refused_with_the_concurrency_message()
    {
        var account = await app.ConnectedAccountAsync(Platform.X, PublishingAppFactory.FieldsOf(Platform.X));
        var post = await app.ApprovedPostAsync(account, Unique("古い確認画面"));
        var op = await app.SignInAsync("demo-operator");
        var check = await op.GetDocumentAsync($"/posts/{post}/check/send");
        var form = check.QuerySelector<IHtmlFormElement>("form[action*='handler=Send']")!;
        var token = form.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        var shown = form.QuerySelector<IHtmlInputElement>("input[name=Version]")!.Value;

        // Someone else changes the post in between (the head's release of a hold would do the same: the version moves on).
        await app.ChangePostAsync(post, (p, _) => typeof(Post).GetProperty(nameof(Post.Version))!.SetValue(p, p.Version + 1));

        var stale = await op.PostAsync($"/posts/{post}?handler=Send", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Version"] = shown,
        }));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains(MuniSocial.Infrastructure.Api.Concurrency.Message, (await Html.ParseAsync(stale)).QuerySelector(".errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await app.DbAsync(db => db.Publications.CountAsync(p => p.PostId == post)));
    }

    [Fact]
    public async Task Record_by_hand_the_check_page_shows_the_url_changes_nothing_and_the_button_records_it()
    {
        var account = await app.ListedAccountAsync();
        var post = await app.ApprovedPostAsync(account, Unique("手で投稿して記録"));
        var op = await app.SignInAsync("demo-operator");
        var detail = await op.GetDocumentAsync($"/posts/{post}");
        var recordForm = detail.QuerySelector<IHtmlFormElement>($"form[action='/posts/{post}/check/record']");
        Assert.NotNull(recordForm);
        Assert.Equal("get", recordForm.Method, ignoreCase: true);

        var now = PostPages.ToLocal(app.Clock.GetUtcNow());
        const string url = "https://x.com/nayoro/status/424242";
        var fields = new Dictionary<string, string> { ["PublishedUrl"] = url, ["PublishedAt"] = now };
        var check = await op.GetDocumentAsync(PostForms.PageOf(post, "Publish", fields));
        Assert.Contains(url, check.QuerySelector(".summary-list")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(PostStatus.Approved, (await PostAsync(post)).Status);

        AssertRedirect(await op.SubmitAsync(PostForms.PageOf(post, "Publish", fields), handler: "Publish"), $"/posts/{post}/done/record");
        var recorded = await PostAsync(post);
        Assert.Equal(PostStatus.Published, recorded.Status);
        Assert.Equal(url, recorded.PublishedUrl);
        var done = await op.GetDocumentAsync($"/posts/{post}/done/record");
        Assert.Equal("公開を記録しました", done.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains(url, done.Text(), StringComparison.Ordinal);
        Assert.Contains("訂正の投稿", done.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_by_hand_a_bad_url_is_named_on_the_check_page_without_the_button_and_nothing_changes()
    {
        var account = await app.ListedAccountAsync();
        var post = await app.ApprovedPostAsync(account, Unique("URLの誤り"));
        var op = await app.SignInAsync("demo-operator");
        var check = await op.GetDocumentAsync(PostForms.PageOf(post, "Publish",
            new Dictionary<string, string> { ["PublishedUrl"] = "x.com/nayoro", ["PublishedAt"] = PostPages.ToLocal(app.Clock.GetUtcNow()) }));
        Assert.Contains("公開した投稿のURLを https:// で始まる形で入力してください", check.QuerySelector(".errors")!.TextContent, StringComparison.Ordinal);
        Assert.Null(check.QuerySelector("form[action*='handler=Publish']"));
        Assert.NotNull(check.QuerySelector($"a[href='/posts/{post}']"));
        Assert.Equal(PostStatus.Approved, (await PostAsync(post)).Status);
    }

    [Fact]
    public async Task The_confirmation_pages_send_back_to_the_post_when_the_step_was_not_taken()
    {
        var account = await app.ListedAccountAsync();
        var post = await app.ApprovedPostAsync(account, Unique("まだ発信していない"));
        var op = await app.SignInAsync("demo-operator");
        AssertRedirect(await op.GetAsync($"/posts/{post}/done/send"), $"/posts/{post}");
        AssertRedirect(await op.GetAsync($"/posts/{post}/done/record"), $"/posts/{post}");
        Assert.Equal(HttpStatusCode.NotFound, (await op.GetAsync($"/posts/{post}/check/nothing")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignInAsync("demo-operator2")).GetAsync($"/posts/{post}/check/send")).StatusCode);
    }

    private Task<Post> PostAsync(Guid id) => app.DbAsync(db => db.Posts.AsNoTracking().SingleAsync(p => p.Id == id));
}
