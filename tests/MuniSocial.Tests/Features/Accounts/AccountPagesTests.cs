using MuniSocial.Data;
using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Accounts;
using MuniSocial.Tests.Support;
using static MuniSocial.Tests.Support.StaffPages;

namespace MuniSocial.Tests.Features.Accounts;

/// <summary>The section's side of the lifecycle through the staff pages (guideline §5(1), §5(2)ア, §5(3)ア・イ, §7).</summary>
public sealed class AccountPagesTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<string[]> TwoOperatorsAsync() =>
        [(await app.UserAsync("demo-operator")).Id, (await app.UserAsync("demo-operator3")).Id];

    private async Task<Guid> DraftAsync(Dictionary<string, string[]> fields)
    {
        var op = await app.SignInAsync("demo-operator");
        return IdFromLocation(await op.SubmitAsync("/accounts/new", fields));
    }

    /// <summary>A complete draft with two operators, submitted by the head.</summary>
    private async Task<Guid> RequestedAsync(string name)
    {
        var id = await DraftAsync(FullPolicy(name).With("Input.Operators", await TwoOperatorsAsync()));
        var head = await app.SignInAsync("demo-head");
        AssertRedirect(await head.SubmitAsync($"/accounts/{id}/check/request-listing", handler: "RequestListing"), $"/accounts/{id}/done/request-listing");
        return id;
    }

    private async Task<Guid> ListedAsync(string name)
    {
        var id = await RequestedAsync(name);
        var pr = await app.SignInAsync("demo-pr");
        AssertRedirect(await pr.SubmitAsync($"/accounts/{id}/check/list", handler: "List"), $"/accounts/{id}/done/list");
        return id;
    }

    [Fact]
    public async Task Operator_saves_an_incomplete_draft_then_comes_back_and_finishes_it()
    {
        var op = await app.SignInAsync("demo-operator");
        var name = $"下書きテスト{Guid.NewGuid():N}"[..16];
        var form = await op.GetDocumentAsync("/accounts/new");
        // Every input has a label tied to it.
        foreach (var input in form.QuerySelectorAll("main form input:not([type=hidden]), main form textarea, main form select"))
        {
            Assert.True(form.QuerySelector($"label[for='{input.Id}']") is not null, $"no label for {input.Id}");
        }
        Assert.Contains(form.QuerySelectorAll("textarea[name='Input.ReplyWording']"), t => t.TextContent.Contains("原則として行いません", StringComparison.Ordinal));

        var created = await op.SubmitAsync("/accounts/new", new() { ["Input.AccountName"] = [name], ["Input.Operators"] = [(await app.UserAsync("demo-operator")).Id] });
        var id = IdFromLocation(created);
        var account = await app.AccountAsync(id);
        Assert.Equal(AccountStatus.Draft, account.Status);
        Assert.Equal(name, account.CurrentPolicy.AccountName);
        Assert.Null(account.CurrentPolicy.Purpose);
        Assert.Single(account.Operators);
        Assert.Contains(await app.AuditAsync(id), e => e.Action == "account.created" && e.ActorName == "北 ひかり");

        var detail = (await op.GetDocumentAsync($"/accounts/{id}")).Text();
        Assert.Contains("アカウントを登録し、運用ポリシーを下書きとして保存しました。", detail);
        Assert.Contains("提出までに必要なこと", detail);
        Assert.Contains("開設・運用の目的を入力してください。", detail);
        Assert.Contains("運用担当者を2人以上指定してください", detail);

        var unit = await app.DbAsync(db => db.Units.Where(u => u.Name == "観光振興係").Select(u => u.Id).SingleAsync());
        var finished = await op.SubmitAsync($"/accounts/{id}/edit", FullPolicy(name)
            .With("Input.Operators", await TwoOperatorsAsync())
            .With("Input.UnitId", unit.ToString())
            .With("Input.OwnerKind", "RelatedOrganisation")
            .With("Input.RelatedOrganisationName", "なよろ観光まちづくり協議会")
            .With("Input.ReplyPolicy", "ReplyAsNeeded"));
        AssertRedirect(finished, $"/accounts/{id}");
        account = await app.AccountAsync(id);
        var p = account.CurrentPolicy;
        Assert.Equal(AccountStatus.Draft, account.Status);
        Assert.Equal(unit, p.UnitId);
        Assert.Equal(OwnerKind.RelatedOrganisation, p.OwnerKind);
        Assert.Equal("なよろ観光まちづくり協議会", p.RelatedOrganisationName);
        Assert.Equal(new DateOnly(2027, 3, 31), p.PeriodEnd);
        Assert.Equal(OperatingDays.Weekdays, p.OperatingDays);
        Assert.Equal(new TimeOnly(8, 45), p.HoursStart);
        Assert.Equal(ReplyPolicyKind.ReplyAsNeeded, p.ReplyPolicy);
        // The form started with 返信しない's standard wording; switching the choice switched the wording.
        Assert.Equal(Labels.DefaultReplyWording(ReplyPolicyKind.ReplyAsNeeded), p.ReplyWording);
        Assert.Equal(2, account.Operators.Count);
        var audit = await app.AuditAsync(id);
        Assert.Contains(audit, e => e.Action == "account.policy-updated");
        Assert.Contains(audit, e => e.Action == "account.operators-changed");

        detail = (await op.GetDocumentAsync($"/accounts/{id}")).Text();
        Assert.DoesNotContain("提出までに必要なこと", detail);
        Assert.Contains("本市以外の組織名（関係団体）：なよろ観光まちづくり協議会", detail);
        Assert.Contains("令和9年3月31日", detail);
    }

    [Fact]
    public async Task Head_submits_the_listing_request()
    {
        var id = await DraftAsync(FullPolicy("提出テスト").With("Input.Operators", await TwoOperatorsAsync()));
        var op = await app.SignInAsync("demo-operator");
        Assert.Empty((await op.GetDocumentAsync($"/accounts/{id}")).QuerySelectorAll("a[href$='/check/request-listing']"));

        var head = await app.SignInAsync("demo-head");
        var response = await head.SubmitAsync($"/accounts/{id}/check/request-listing", handler: "RequestListing");
        AssertRedirect(response, $"/accounts/{id}/done/request-listing");
        var account = await app.AccountAsync(id);
        Assert.Equal(AccountStatus.ListingRequested, account.Status);
        Assert.Equal(PolicyVersionStatus.Submitted, account.CurrentPolicy.Status);
        Assert.Contains(await app.AuditAsync(id), e => e.Action == "account.listing-requested" && e.ActorName == "南 大地");
        Assert.Contains("掲載依頼を提出しました", (await head.GetDocumentAsync($"/accounts/{id}/done/request-listing")).QuerySelector(".panel")!.TextContent);
    }

    /// <summary>
    /// The listing request sent although the check page offers no button for it (it says what is missing instead): a tab
    /// left open from before, or a request made by hand. The server refuses it on its own.
    /// </summary>
    private async Task<HttpResponseMessage> RequestListingAnywayAsync(HttpClient head, Guid id)
    {
        var check = await head.GetDocumentAsync($"/accounts/{id}/check/request-listing");
        Assert.Contains("このままでは提出できません", check.QuerySelector(".notice.warn")!.TextContent);
        Assert.Empty(check.QuerySelectorAll("main form[action*='handler=RequestListing']"));
        var version = (await app.AccountAsync(id)).Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await head.PostAsync($"/accounts/{id}?handler=RequestListing", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await head.TokenAsync(),
            ["Version"] = version,
        }));
    }

    public static TheoryData<string, string> RefusedSubmissions => new()
    {
        { "missing-field", "開設・運用の目的を入力してください。" },
        { "one-operator", "運用担当者を2人以上指定してください（現在1人。ガイドライン5(2)ア）。" },
        { "duplicate-url", "このアカウントのURLは、既に別のアカウントとして登録されています。" },
    };

    [Theory]
    [MemberData(nameof(RefusedSubmissions))]
    public async Task Submission_is_refused_naming_the_problem_and_nothing_changes(string problem, string message)
    {
        var operators = await TwoOperatorsAsync();
        var fields = problem switch
        {
            "missing-field" => FullPolicy("不足テスト").With("Input.Purpose", "").With("Input.Operators", operators),
            "one-operator" => FullPolicy("担当者不足テスト").With("Input.Operators", operators[0]),
            // The demo 名寄市観光情報 is Listed at https://x.com/nayoro_kanko_demo; the handle is the same account.
            _ => FullPolicy("重複テスト", "@Nayoro_Kanko_Demo").With("Input.Operators", operators),
        };
        var id = await DraftAsync(fields);
        var before = await app.AuditAsync(id);
        // The account page already tells the section what a submission would lack.
        var op = await app.SignInAsync("demo-operator");
        Assert.Contains(message.Split('（')[0], (await op.GetDocumentAsync($"/accounts/{id}")).QuerySelector("section[aria-labelledby='missing-heading']")!.TextContent);

        var head = await app.SignInAsync("demo-head");
        var response = await RequestListingAnywayAsync(head, id);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Contains(message, page.QuerySelector(".errors")!.TextContent);

        var account = await app.AccountAsync(id);
        Assert.Equal(AccountStatus.Draft, account.Status);
        Assert.Equal(PolicyVersionStatus.Draft, account.CurrentPolicy.Status);
        Assert.Null(account.ListingRequestedAt);
        Assert.Equal(before.Count, (await app.AuditAsync(id)).Count);
        Assert.DoesNotContain(await app.AuditAsync(id), e => e.Action == "account.listing-requested");
    }

    [Fact]
    public async Task End_before_start_is_refused_with_the_field_named_and_nothing_saved()
    {
        var op = await app.SignInAsync("demo-operator");
        var name = $"期間逆転{Guid.NewGuid():N}"[..14];
        var response = await op.SubmitAsync("/accounts/new", FullPolicy(name).With("Input.PeriodStart", "2027-04-01").With("Input.PeriodEnd", "2027-03-31"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Contains("運用期間の終了日が開始日より前になっています。", page.QuerySelector(".errors")!.TextContent);
        // The message sits next to the field, which points at it.
        var field = page.QuerySelector("#Input_PeriodEnd")!;
        Assert.Equal("true", field.GetAttribute("aria-invalid"));
        Assert.Contains("運用期間の終了日が開始日より前", page.GetElementById(field.GetAttribute("aria-describedby")!)!.TextContent);
        // What was typed stays in the form.
        Assert.Equal(name, page.QuerySelector("#Input_AccountName")!.GetAttribute("value"));
        Assert.False(await app.DbAsync(db => db.PolicyVersions.AnyAsync(p => p.AccountName == name)));

        var garbage = await op.SubmitAsync("/accounts/new", FullPolicy(name).With("Input.PeriodStart", "来年"));
        Assert.Contains("運用期間の開始日は日付", (await Html.ParseAsync(garbage)).QuerySelector(".errors")!.TextContent);
        Assert.False(await app.DbAsync(db => db.PolicyVersions.AnyAsync(p => p.AccountName == name)));
    }

    [Fact]
    public async Task Head_submission_from_the_detail_page_lists_every_problem_at_once()
    {
        var id = await DraftAsync(new() { ["Input.AccountName"] = ["ほぼ空の下書き"] });
        var head = await app.SignInAsync("demo-head");
        var response = await RequestListingAnywayAsync(head, id);
        var summary = (await Html.ParseAsync(response)).QuerySelector(".errors")!;
        var errors = summary.TextContent;
        // One line a problem, under a short lead: not the whole list twice.
        var items = summary.QuerySelectorAll("li").Select(li => li.TextContent).ToList();
        Assert.Equal("運用ポリシーに不足または誤りがあります。", items[0]);
        Assert.Equal(items.Count, items.Distinct().Count());
        Assert.DoesNotContain(items, i => i.Contains(" / ", StringComparison.Ordinal));
        foreach (var expected in new[] { "アカウントのURLを入力してください。", "発信する情報の内容を入力してください。", "運用期間の開始日を入力してください。", "運用担当者を2人以上指定してください" })
        {
            Assert.Contains(expected, errors);
        }
        Assert.Equal(AccountStatus.Draft, (await app.AccountAsync(id)).Status);
    }

    [Fact]
    public async Task Pr_lists_the_account_and_the_public_page_shows_it()
    {
        var name = $"掲載テスト{Guid.NewGuid():N}"[..14];
        var id = await RequestedAsync(name);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync($"/policies/{id}")).StatusCode);

        var pr = await app.SignInAsync("demo-pr");
        var queue = (await pr.GetDocumentAsync("/review")).Text();
        Assert.Contains(name, queue);
        AssertRedirect(await pr.SubmitAsync($"/accounts/{id}/check/list", handler: "List"), $"/accounts/{id}/done/list");

        var account = await app.AccountAsync(id);
        Assert.Equal(AccountStatus.Listed, account.Status);
        var terms = await app.DbAsync(async db => (await db.CurrentTermsAsync()).Id);
        Assert.Equal(terms, account.AcceptedPolicy!.TermsVersionId);
        Assert.Contains(await app.AuditAsync(id), e => e.Action == "account.listed" && e.ActorName == "西 広報");

        var anonymous = app.Anonymous();
        var policy = (await anonymous.GetDocumentAsync($"/policies/{id}")).Text();
        Assert.Contains(name, policy);
        Assert.Contains("イベントの周知と参加者との交流のため。", policy);
        Assert.Contains(name, (await anonymous.GetDocumentAsync("/")).Text());
    }

    [Fact]
    public async Task Pr_returns_with_a_reason_the_section_sees_it_and_resubmits()
    {
        var id = await RequestedAsync("差戻しテスト");
        var pr = await app.SignInAsync("demo-pr");

        var empty = await pr.SubmitAsync($"/review/{id}", new() { ["Input.Reason"] = ["  "] }, handler: "Return");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("差戻しの理由を入力してください。", (await Html.ParseAsync(empty)).QuerySelector(".errors")!.TextContent);
        Assert.Equal(AccountStatus.ListingRequested, (await app.AccountAsync(id)).Status);

        const string reason = "運用時間の補足に、時間外に発信する場合の例を書いてください。";
        AssertRedirect(await pr.SubmitAsync($"/review/{id}", new() { ["Input.Reason"] = [reason] }, handler: "Return"), "/review");
        var account = await app.AccountAsync(id);
        Assert.Equal(AccountStatus.Draft, account.Status);
        Assert.Equal(reason, account.CurrentPolicy.ReturnReason);
        Assert.Contains(await app.AuditAsync(id), e => e.Action == "account.returned" && e.Reason == reason);

        var op = await app.SignInAsync("demo-operator");
        Assert.Contains($"差戻し理由: {reason}", (await op.GetDocumentAsync($"/accounts/{id}")).Text());
        Assert.Contains($"差戻し理由: {reason}", (await op.GetDocumentAsync($"/accounts/{id}/edit")).Text());
        AssertRedirect(await op.SubmitAsync($"/accounts/{id}/edit", new() { ["Input.HoursNote"] = ["ただし、災害時などは時間外にも発信します。"] }), $"/accounts/{id}");

        var head = await app.SignInAsync("demo-head");
        AssertRedirect(await head.SubmitAsync($"/accounts/{id}/check/request-listing", handler: "RequestListing"), $"/accounts/{id}/done/request-listing");
        Assert.Equal(AccountStatus.ListingRequested, (await app.AccountAsync(id)).Status);
    }

    [Fact]
    public async Task Pr_cannot_decide_a_request_they_submitted_themselves()
    {
        // demo-pr2 is both PR office and head of the PR section: they draft and submit their own section's account. The
        // operators are not demo-pr: who drafts or operates an account does not list it either (maker–checker).
        var pr = await app.SignInAsync("demo-pr");
        var clerk = await app.NewUserAsync(section: "秘書広報課");
        var ids = new[] { clerk.Id, (await app.UserAsync("demo-pr2")).Id };
        var pr2 = await app.SignInAsync("demo-pr2");
        var id = IdFromLocation(await pr2.SubmitAsync("/accounts/new", FullPolicy("広報課テスト").With("Input.Operators", ids)));
        AssertRedirect(await pr2.SubmitAsync($"/accounts/{id}/check/request-listing", handler: "RequestListing"), $"/accounts/{id}/done/request-listing");

        var own = await pr2.SubmitAsync($"/accounts/{id}/check/list", handler: "List");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("自分が提出した依頼の掲載はできません。", (await Html.ParseAsync(own)).QuerySelector(".errors")!.TextContent);
        Assert.Equal(AccountStatus.ListingRequested, (await app.AccountAsync(id)).Status);

        AssertRedirect(await pr.SubmitAsync($"/accounts/{id}/check/list", handler: "List"), $"/accounts/{id}/done/list");
        Assert.Equal(AccountStatus.Listed, (await app.AccountAsync(id)).Status);
    }

    [Fact]
    public async Task Revision_the_public_page_keeps_the_accepted_version_until_pr_accepts()
    {
        var id = await ListedAsync("改訂テスト");
        var op = await app.SignInAsync("demo-operator");
        Assert.Contains("運用ポリシーを変更するには", (await op.GetDocumentAsync($"/accounts/{id}/edit")).Text());

        AssertRedirect(await op.SubmitAsync($"/accounts/{id}", handler: "StartRevision"), $"/accounts/{id}");
        const string newPurpose = "イベントの周知に加え、当日の混雑状況をお知らせするため。";
        AssertRedirect(await op.SubmitAsync($"/accounts/{id}/edit", new() { ["Input.Purpose"] = [newPurpose] }), $"/accounts/{id}");
        var account = await app.AccountAsync(id);
        Assert.True(account.HasRevisionInDraft);
        Assert.Equal(newPurpose, account.OpenPolicy!.Purpose);
        var publicPage = async () => (await app.Anonymous().GetDocumentAsync($"/policies/{id}")).Text();
        Assert.DoesNotContain(newPurpose, await publicPage());

        var head = await app.SignInAsync("demo-head");
        AssertRedirect(await head.SubmitAsync($"/accounts/{id}", handler: "SubmitRevision"), $"/accounts/{id}");
        Assert.True((await app.AccountAsync(id)).HasRevisionUnderReview);
        Assert.Contains(await app.AuditAsync(id), e => e.Action == "account.revision-submitted");
        Assert.Contains("改訂の審査中", (await op.GetDocumentAsync($"/accounts/{id}")).Text());
        Assert.DoesNotContain(newPurpose, await publicPage());
        Assert.Contains("イベントの周知と参加者との交流のため。", await publicPage());

        var pr = await app.SignInAsync("demo-pr");
        var queue = await pr.GetDocumentAsync("/review");
        var changes = queue.QuerySelectorAll("article.revision").Single(a => a.TextContent.Contains("改訂テスト", StringComparison.Ordinal));
        var row = changes.QuerySelectorAll("tbody tr").Single();
        Assert.Equal("開設・運用の目的", row.QuerySelector("th")!.TextContent);
        Assert.Equal(["イベントの周知と参加者との交流のため。", newPurpose], row.QuerySelectorAll("td").Select(td => td.TextContent).ToArray());

        AssertRedirect(await pr.SubmitAsync($"/review/{id}", handler: "AcceptRevision"), "/review");
        account = await app.AccountAsync(id);
        Assert.Equal(newPurpose, account.AcceptedPolicy!.Purpose);
        Assert.Equal(2, account.AcceptedPolicy.Number);
        Assert.Equal(PolicyVersionStatus.Superseded, account.Policies.Single(p => p.Number == 1).Status);
        Assert.Contains(await app.AuditAsync(id), e => e.Action == "account.revision-accepted" && e.ActorName == "西 広報");
        Assert.Contains(newPurpose, await publicPage());
        var history = (await op.GetDocumentAsync($"/accounts/{id}")).Text();
        Assert.Contains("第1版", history);
        Assert.Contains("旧版", history);
    }

    [Fact]
    public async Task A_revision_in_draft_can_be_discarded_and_the_accepted_policy_stays()
    {
        var id = await ListedAsync("破棄テスト");
        var op = await app.SignInAsync("demo-operator");
        AssertRedirect(await op.SubmitAsync($"/accounts/{id}", handler: "StartRevision"), $"/accounts/{id}");
        AssertRedirect(await op.SubmitAsync($"/accounts/{id}/edit", new() { ["Input.Content"] = ["破棄される内容"] }), $"/accounts/{id}");
        AssertRedirect(await op.SubmitAsync($"/accounts/{id}", handler: "DiscardRevision"), $"/accounts/{id}");
        var account = await app.AccountAsync(id);
        Assert.Null(account.OpenPolicy);
        Assert.Single(account.Policies);
        Assert.Contains(await app.AuditAsync(id), e => e.Action == "account.revision-discarded");
    }

    [Fact]
    public async Task Delisting_closes_the_account_it_leaves_the_public_list_and_appears_on_closed()
    {
        var name = $"終了テスト{Guid.NewGuid():N}"[..14];
        var id = await ListedAsync(name);
        var head = await app.SignInAsync("demo-head");
        var form = await head.GetDocumentAsync($"/accounts/{id}/delisting");
        Assert.Contains("ソーシャルメディア上でアカウントを削除したことを確認しました", form.QuerySelector("label[for='Input_DeletedOnPlatform']")!.TextContent);

        var unconfirmed = await head.SubmitAsync($"/accounts/{id}/delisting", new()
        {
            ["Input.ClosedOn"] = ["2026-06-01"],
            ["Input.CloseReason"] = ["イベント終了のため。"],
            ["Input.DeletedOnPlatform"] = ["false"],
        });
        Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
        Assert.Contains("先にソーシャルメディア上でアカウントを削除し", (await Html.ParseAsync(unconfirmed)).QuerySelector(".errors")!.TextContent);
        Assert.Equal(AccountStatus.Listed, (await app.AccountAsync(id)).Status);

        var noDate = await head.SubmitAsync($"/accounts/{id}/delisting", new() { ["Input.ClosedOn"] = [""], ["Input.DeletedOnPlatform"] = ["true"] });
        Assert.Contains("閉鎖日（ソーシャルメディア上でアカウントを削除した日）を入力してください。", (await Html.ParseAsync(noDate)).QuerySelector(".errors")!.TextContent);

        // The form's answers pass: the check page shows them and changes nothing (様式4 is issued only by its button).
        var checkResponse = await head.SubmitAsync($"/accounts/{id}/delisting", new()
        {
            ["Input.ClosedOn"] = ["2026-06-01"],
            ["Input.CloseReason"] = ["イベント終了のため。"],
            ["Input.DeletedOnPlatform"] = ["true"],
        });
        Assert.Equal(HttpStatusCode.OK, checkResponse.StatusCode);
        var check = await Html.ParseAsync(checkResponse);
        Assert.Contains("削除依頼の内容を確認してください", check.QuerySelector("h1")!.TextContent);
        Assert.Contains("イベント終了のため。", check.QuerySelector(".summary-list")!.TextContent);
        Assert.Contains("削除依頼書（様式4）", check.Text());
        Assert.Equal(AccountStatus.Listed, (await app.AccountAsync(id)).Status);
        Assert.Equal(0, await app.DbAsync(db => db.IssuedDocuments.CountAsync(d => d.AccountId == id && d.Form == MuniSocial.Domain.Forms.FormKind.Form4)));

        // Its button, with the version it showed: a stale one is refused, the current one issues 様式4.
        var confirm = check.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("form[action*='handler=Confirm']")!;
        var body = confirm.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlInputElement>("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
        var stale = body.Select(kv => kv.Key == "Version" ? new KeyValuePair<string, string>("Version", "0") : kv).ToList();
        var refused = await head.PostAsync(confirm.GetAttribute("action"), new FormUrlEncodedContent(stale));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains(MuniSocial.Infrastructure.Api.Problems.ConcurrencyMessage, (await Html.ParseAsync(refused)).QuerySelector(".errors")!.TextContent);
        Assert.Equal(AccountStatus.Listed, (await app.AccountAsync(id)).Status);
        AssertRedirect(await head.PostAsync(confirm.GetAttribute("action"), new FormUrlEncodedContent(body)), $"/accounts/{id}/done/request-delisting");
        var done = await head.GetDocumentAsync($"/accounts/{id}/done/request-delisting");
        Assert.Equal("削除依頼を提出しました", done.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("このあとの流れ", done.Text());
        var pdf = done.QuerySelectorAll("a").Single(a => a.TextContent.StartsWith("PDF", StringComparison.Ordinal)).GetAttribute("href")!;
        var file = await head.GetAsync(pdf);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(await file.Content.ReadAsByteArrayAsync())[..4], StringComparison.Ordinal);
        var docx = done.QuerySelectorAll("a").Single(a => a.TextContent.StartsWith("Word", StringComparison.Ordinal)).GetAttribute("href")!;
        Assert.Equal(HttpStatusCode.OK, (await head.GetAsync(docx)).StatusCode);
        var account = await app.AccountAsync(id);
        Assert.Equal(AccountStatus.DelistingRequested, account.Status);
        Assert.Equal(new DateOnly(2026, 6, 1), account.ClosedOn);
        Assert.Contains(await app.AuditAsync(id), e => e.Action == "account.delisting-requested" && e.Reason == "イベント終了のため。");

        var pr = await app.SignInAsync("demo-pr");
        var queue = (await pr.GetDocumentAsync("/review")).Text();
        Assert.Contains(name, queue);
        Assert.Contains("イベント終了のため。", queue);
        AssertRedirect(await pr.SubmitAsync($"/accounts/{id}/check/delist", handler: "Delist"), $"/accounts/{id}/done/delist");
        Assert.Equal(AccountStatus.Closed, (await app.AccountAsync(id)).Status);
        Assert.Contains(await app.AuditAsync(id), e => e.Action == "account.delisted");

        var anonymous = app.Anonymous();
        Assert.DoesNotContain(name, (await anonymous.GetDocumentAsync("/")).Text());
        Assert.Contains(name, (await anonymous.GetDocumentAsync("/closed")).Text());
        // Its old policy link says when it closed (PublicList/PublicStagesTests).
        Assert.Contains("現在は名寄市の公式アカウントではありません。", (await anonymous.GetDocumentAsync($"/policies/{id}")).Text());
    }

    [Fact]
    public async Task A_save_over_someone_elses_change_is_refused_with_the_concurrency_message()
    {
        var id = await DraftAsync(FullPolicy("同時編集テスト"));
        var op = await app.SignInAsync("demo-operator");
        var stale = await op.GetDocumentAsync($"/accounts/{id}/edit");
        var staleVersion = stale.QuerySelector("input[name='Input.Version']")!.GetAttribute("value")!;

        var op3 = await app.SignInAsync("demo-operator3");
        AssertRedirect(await op3.SubmitAsync($"/accounts/{id}/edit", new() { ["Input.Content"] = ["東さんの変更"] }), $"/accounts/{id}");

        var response = await op.SubmitAsync($"/accounts/{id}/edit", new() { ["Input.Content"] = ["北さんの変更"], ["Input.Version"] = [staleVersion] });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("他の職員が同時にこのアカウントを更新しました", (await Html.ParseAsync(response)).QuerySelector(".errors")!.TextContent);
        Assert.Equal("東さんの変更", (await app.AccountAsync(id)).CurrentPolicy.Content);
    }

    [Fact]
    public async Task Account_list_shows_the_section_only_and_flags_overdue_accounts()
    {
        var op = await app.SignInAsync("demo-operator");
        var list = await op.GetDocumentAsync("/accounts");
        var text = list.Text();
        Assert.Contains("名寄市観光情報（デモ）", text);
        Assert.DoesNotContain("なよろ子育て応援（デモ）", text);
        var overdueRow = list.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("なよろ雪質日本一フェス（デモ）", StringComparison.Ordinal));
        Assert.Contains("運用期間終了", overdueRow.TextContent);
        Assert.NotNull(list.QuerySelector("a[href='/accounts/new']"));

        var pr = await app.SignInAsync("demo-pr");
        var all = (await pr.GetDocumentAsync("/accounts")).Text();
        Assert.Contains("なよろ子育て応援（デモ）", all);
        var kodomo = await app.DbAsync(db => db.Sections.Where(s => s.Name == "こども未来課").Select(s => s.Id).SingleAsync());
        var filtered = (await pr.GetDocumentAsync($"/accounts?section={kodomo}&status=Listed")).Text();
        Assert.Contains("なよろ子育て応援（デモ）", filtered);
        Assert.DoesNotContain("名寄市観光情報（デモ）", filtered);
    }
}
