using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Operations;
using MuniSocial.Tests.Features.AccountReviews;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Accounts;

/// <summary>§5(4)エ through the front door: the drafted profile text on the account page, and the head's review of it.</summary>
public sealed class ProfileTextPageTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly string Reply = Labels.DefaultReplyWording(ReplyPolicyKind.NoReply);

    [Fact]
    public async Task A_listed_account_page_shows_the_profile_text_with_its_length_and_a_draft_shows_none()
    {
        var id = await app.ListedAccountAsync(Given.Policy("プロフィール文案テスト"));
        var op = await app.SignInAsync("demo-operator");
        var page = await op.GetDocumentAsync($"/accounts/{id}");
        var text = page.QuerySelector("textarea.profile-text")!.TextContent;
        Assert.StartsWith("返信: " + Reply, text, StringComparison.Ordinal);
        Assert.EndsWith($"/policies/{id}", text, StringComparison.Ordinal);
        Assert.Contains("自己紹介（bio）", page.QuerySelector(".profile-draft label")!.TextContent, StringComparison.Ordinal);
        Assert.Matches(@"^\d+ / 160（全角文字は2、URLは23として計算）", page.QuerySelector(".profile-length")!.TextContent.Trim());
        Assert.True(page.QuerySelector("textarea.profile-text")!.HasAttribute("readonly"));

        // The public page the text links to is there for anyone.
        var link = text[text.IndexOf("http", StringComparison.Ordinal)..];
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync(new Uri(link).PathAndQuery)).StatusCode);

        var draft = await app.DraftAccountAsync(Given.Policy("プロフィール下書き"));
        Assert.Null((await op.GetDocumentAsync($"/accounts/{draft}")).QuerySelector("textarea.profile-text"));
    }

    [Fact]
    public async Task The_head_reviews_the_profile_against_the_draft_and_a_no_needs_a_note_on_the_page_and_in_the_API()
    {
        var id = await app.ListedAccountAsync(Given.Policy("プロフィール確認テスト") with { PeriodEnd = new DateOnly(2028, 3, 31) });
        var head = await app.SignInAsync("demo-head");
        var page = await head.GetDocumentAsync($"/operations/{id}/reviews");
        var item = page.QuerySelector($"fieldset[data-item={ReviewChecklist.Profile}]")!;
        Assert.Contains("5(4)エ", item.QuerySelector("legend")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("返信: " + Reply, item.QuerySelector("textarea.profile-text")!.TextContent, StringComparison.Ordinal);

        var refused = await head.PostFormAsync($"/operations/{id}/reviews",
            ReviewTests.Form(new() { [ReviewChecklist.Profile] = ("NonConforming", null) }, action: "プロフィールを文案どおりに直す。"), formAction: $"/operations/{id}/reviews");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("「媒体のプロフィールの記載が運用ポリシーと一致」が不適合の場合は、その内容をコメントに入力してください。",
            (await Html.ParseAsync(refused)).Text(), StringComparison.Ordinal);
        Assert.Equal(0, await app.DbAsync(db => db.AccountReviews.CountAsync(r => r.AccountId == id)));

        var saved = await head.PostFormAsync($"/operations/{id}/reviews",
            ReviewTests.Form(new() { [ReviewChecklist.Profile] = ("NonConforming", "返信方針がプロフィールに書かれていない。") }, action: "今週中に担当がプロフィールを文案どおりに直す。"), formAction: $"/operations/{id}/reviews");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var review = await app.DbAsync(db => db.AccountReviews.Include(r => r.Items).SingleAsync(r => r.AccountId == id));
        var answer = review.Items.Single(i => i.Key == ReviewChecklist.Profile);
        Assert.Equal(ReviewAnswer.NonConforming, answer.Answer);
        Assert.Equal("返信方針がプロフィールに書かれていない。", answer.Comment);

        // The API: the checklist names the item, and a review records its answer.
        var api = await app.ApiAsync("demo-head");
        var url = $"/api/v1/accounts/{id}/reviews";
        var list = await api.GetFromJsonAsync<JsonElement>(url);
        Assert.Contains(list.GetProperty("checklist").EnumerateArray(), c => c.GetProperty("key").GetString() == ReviewChecklist.Profile);
        var missing = await api.PostAsJsonAsync(url, ReviewTests.Body(new() { [ReviewChecklist.Profile] = ("NonConforming", null) }, action: "直す。"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.True((await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("items.profile.comment", out _));
        var created = await api.PostAsJsonAsync(url, ReviewTests.Body());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var profile = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("key").GetString() == ReviewChecklist.Profile);
        Assert.Equal("Conforms", profile.GetProperty("answer").GetString());
    }
}
