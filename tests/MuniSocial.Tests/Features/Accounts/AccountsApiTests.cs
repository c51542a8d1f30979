using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Audit;
using MuniSocial.Tests.Support;
using static MuniSocial.Tests.Features.Accounts.AccountsApiKit;

namespace MuniSocial.Tests.Features.Accounts;

/// <summary>The account registry through the HTTP JSON API: the whole lifecycle and every broken rule.</summary>
public sealed class AccountsApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static void AssertAudit(AuditEntry entry, string action, string actorId, string? beforeContains, string? afterContains)
    {
        Assert.Equal(action, entry.Action);
        Assert.Equal(actorId, entry.ActorId);
        if (beforeContains is null)
        {
            Assert.Null(entry.Before);
        }
        else
        {
            Assert.Contains(beforeContains, entry.Before ?? "", StringComparison.Ordinal);
        }
        if (afterContains is not null)
        {
            Assert.Contains(afterContains, entry.After ?? "", StringComparison.Ordinal);
        }
    }

    private static bool HasAccount(JsonElement list, Guid id) => list.EnumerateArray().Any(a => a.GetProperty("id").GetGuid() == id);

    private static JsonElement AccountIn(JsonElement list, Guid id) => list.EnumerateArray().Single(a => a.GetProperty("id").GetGuid() == id);

    [Fact]
    public async Task Whole_lifecycle_through_the_API_with_the_database_the_audit_and_the_public_API()
    {
        var op = await app.ApiAsync("demo-operator");
        var head = await app.ApiAsync("demo-head");
        var pr = await app.ApiAsync("demo-pr");
        var anonymous = app.Anonymous();
        var opId = await app.UserIdAsync("demo-operator");
        var op3Id = await app.UserIdAsync("demo-operator3");
        var headId = await app.UserIdAsync("demo-head");
        var prId = await app.UserIdAsync("demo-pr");
        var url = UniqueUrl();

        // 1. The operator registers the account with an unfinished draft and one operator.
        var created = await op.PostAsJsonAsync("/api/v1/accounts", new { platform = "X", accountName = "API ライフサイクル", accountUrl = url, operatorIds = new[] { opId } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var detail = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = detail.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/accounts/{id}", created.Headers.Location!.ToString());
        Assert.Equal("Draft", detail.GetProperty("status").GetString());
        Assert.Equal((await app.UserAsync("demo-operator")).SectionId, detail.GetProperty("sectionId").GetGuid());
        var account = await app.DbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == id));
        Assert.Equal(AccountStatus.Draft, account.Status);
        Assert.Equal("API ライフサイクル", account.CurrentPolicy.AccountName);
        AssertAudit((await app.AuditAsync(id)).Single(), "account.created", opId, null, "\"Draft\"");

        // 2. Comes back later and finishes the policy.
        var put = await op.PutAsJsonAsync($"/api/v1/accounts/{id}/policy", Policy(url, "API ライフサイクル"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        detail = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("08:45", detail.GetProperty("currentPolicy").GetProperty("hoursStart").GetString());
        Assert.Equal("2027-03-31", detail.GetProperty("currentPolicy").GetProperty("periodEnd").GetString());
        Assert.Equal("NoReply", detail.GetProperty("currentPolicy").GetProperty("replyPolicy").GetString());
        Assert.Equal(Labels.DefaultReplyWording(ReplyPolicyKind.NoReply), detail.GetProperty("currentPolicy").GetProperty("replyWording").GetString());
        Assert.Equal("観光客の増加のため。", (await app.DbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == id))).CurrentPolicy.Purpose);
        AssertAudit((await app.AuditAsync(id))[^1], "account.policy-updated", opId, "\"purpose\":null", "観光客の増加のため。");

        // 3. Names a second operator.
        var ops = await op.PutAsJsonAsync($"/api/v1/accounts/{id}/operators", new { operatorIds = new[] { opId, op3Id } });
        Assert.Equal(HttpStatusCode.OK, ops.StatusCode);
        Assert.Equal(2, (await app.DbAsync(db => db.AccountOperators.CountAsync(o => o.AccountId == id))));
        AssertAudit((await app.AuditAsync(id))[^1], "account.operators-changed", opId, "北 ひかり", "東 みのり");

        // 4. The head submits the listing request (様式2).
        detail = await head.OkAsync($"/api/v1/accounts/{id}/listing-request");
        Assert.Equal("ListingRequested", detail.GetProperty("status").GetString());
        Assert.Equal(AccountStatus.ListingRequested, (await app.DbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == id))).Status);
        AssertAudit((await app.AuditAsync(id))[^1], "account.listing-requested", headId, "\"Draft\"", "\"ListingRequested\"");
        Assert.False(HasAccount(await anonymous.GetJsonAsync("/api/public/accounts"), id));

        // 5. The PR office lists it (様式3) with the current terms.
        var termsNumber = (await pr.GetJsonAsync("/api/v1/terms")).GetProperty("current").GetProperty("version").GetInt32();
        detail = await pr.OkAsync($"/api/v1/accounts/{id}/listing");
        Assert.Equal("Listed", detail.GetProperty("status").GetString());
        Assert.Equal(termsNumber, detail.GetProperty("acceptedPolicy").GetProperty("termsVersion").GetInt32());
        Assert.Equal($"/policies/{id}", detail.GetProperty("publicPolicyUrl").GetString());
        AssertAudit((await app.AuditAsync(id))[^1], "account.listed", prId, "\"ListingRequested\"", "\"Listed\"");

        // 6. The public API shows it.
        var shown = AccountIn(await anonymous.GetJsonAsync("/api/public/accounts"), id);
        Assert.Equal("観光客の増加のため。", shown.GetProperty("purpose").GetString());
        Assert.Equal($"/policies/{id}", shown.GetProperty("policyUrl").GetString());

        // 7. The head submits a revision with new fields (start + apply + submit in one save).
        var revised = Policy(url, "API ライフサイクル");
        revised["purpose"] = "観光客の増加と市民の交流のため。";
        detail = await head.OkAsync($"/api/v1/accounts/{id}/revision", revised);
        Assert.Equal("Submitted", detail.GetProperty("openPolicy").GetProperty("status").GetString());
        Assert.Equal(2, detail.GetProperty("openPolicy").GetProperty("number").GetInt32());
        var audit = await app.AuditAsync(id);
        Assert.Equal(["account.revision-started", "account.policy-updated", "account.revision-submitted"], audit[^3..].Select(e => e.Action));
        AssertAudit(audit[^1], "account.revision-submitted", headId, "観光客の増加のため。", "観光客の増加と市民の交流のため。");

        // 8. The public API still shows the accepted version until the PR office accepts the revision.
        Assert.Equal("観光客の増加のため。", AccountIn(await anonymous.GetJsonAsync("/api/public/accounts"), id).GetProperty("purpose").GetString());
        Assert.Equal("観光客の増加のため。", (await anonymous.GetJsonAsync($"/api/public/accounts/{id}")).GetProperty("purpose").GetString());

        detail = await pr.OkAsync($"/api/v1/accounts/{id}/revision-acceptance");
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("openPolicy").ValueKind);
        Assert.Equal(2, detail.GetProperty("acceptedPolicy").GetProperty("number").GetInt32());
        Assert.Equal(["Superseded", "Accepted"], detail.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("status").GetString()));
        AssertAudit((await app.AuditAsync(id))[^1], "account.revision-accepted", prId, "観光客の増加のため。", "観光客の増加と市民の交流のため。");
        shown = AccountIn(await anonymous.GetJsonAsync("/api/public/accounts"), id);
        Assert.Equal("観光客の増加と市民の交流のため。", shown.GetProperty("purpose").GetString());
        Assert.Equal(2, shown.GetProperty("policyVersion").GetInt32());

        // 9. Operation ends: the head confirms deletion on the platform and requests delisting (様式4).
        detail = await head.OkAsync($"/api/v1/accounts/{id}/delisting-request",
            new { closedOn = "2026-06-01", closeReason = "事業の終了のため。", deletedOnPlatform = true });
        Assert.Equal("DelistingRequested", detail.GetProperty("status").GetString());
        Assert.Equal("2026-06-01", detail.GetProperty("closedOn").GetString());
        var requested = await app.DbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == id));
        Assert.Equal(new DateOnly(2026, 6, 1), requested.ClosedOn);
        Assert.Equal("事業の終了のため。", requested.CloseReason);
        var delistAudit = (await app.AuditAsync(id))[^1];
        AssertAudit(delistAudit, "account.delisting-requested", headId, "\"Listed\"", "\"DelistingRequested\"");
        Assert.Equal("事業の終了のため。", delistAudit.Reason);

        // 10. The PR office removes it (様式5): Closed, off the public list, on the closed list.
        detail = await pr.OkAsync($"/api/v1/accounts/{id}/delisting");
        Assert.Equal("Closed", detail.GetProperty("status").GetString());
        Assert.Equal(AccountStatus.Closed, (await app.DbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == id))).Status);
        AssertAudit((await app.AuditAsync(id))[^1], "account.delisted", prId, "\"DelistingRequested\"", "\"Closed\"");
        Assert.False(HasAccount(await anonymous.GetJsonAsync("/api/public/accounts"), id));
        Assert.Equal(HttpStatusCode.Gone, (await anonymous.GetAsync($"/api/public/accounts/{id}")).StatusCode);
        var closed = AccountIn(await anonymous.GetJsonAsync("/api/public/closed-accounts"), id);
        Assert.Equal("2026-06-01", closed.GetProperty("closedOn").GetString());
        Assert.Equal("closed", (await anonymous.GetJsonAsync($"/api/public/verify?url={Uri.EscapeDataString(url)}")).GetProperty("verdict").GetString());

        // The chain of everything written above is intact.
        Assert.True((await app.DbAsync(db => MuniSocial.Features.Audit.AuditQuery.VerifyAsync(db, CancellationToken.None))).IsIntact);
    }

    [Fact]
    public async Task Listing_request_with_a_missing_field_is_409_naming_the_field_and_saves_nothing()
    {
        var op = await app.ApiAsync("demo-operator");
        var body = Policy(UniqueUrl());
        body.Remove("purpose");
        body["operatorIds"] = new[] { await app.UserIdAsync("demo-operator"), await app.UserIdAsync("demo-operator3") };
        var id = await app.CreateAsync(op, body);
        var head = await app.ApiAsync("demo-head"); // issuing the token is itself audited (security.token-issued)
        var before = await app.AuditCountAsync();

        var response = await head.PostAsync($"/api/v1/accounts/{id}/listing-request", null);

        var problem = await ProblemAsync(response, HttpStatusCode.Conflict, "policy-incomplete", "purpose");
        Assert.Contains("開設・運用の目的を入力してください。", problem.GetProperty("detail").GetString());
        Assert.Equal(AccountStatus.Draft, (await app.DbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == id))).Status);
        Assert.Equal(before, await app.AuditCountAsync());
    }

    [Fact]
    public async Task Listing_request_with_fewer_than_two_operators_is_409_naming_operators()
    {
        var op = await app.ApiAsync("demo-operator");
        var body = Policy(UniqueUrl());
        body["operatorIds"] = new[] { await app.UserIdAsync("demo-operator") };
        var id = await app.CreateAsync(op, body);

        var response = await (await app.ApiAsync("demo-head")).PostAsync($"/api/v1/accounts/{id}/listing-request", null);

        await ProblemAsync(response, HttpStatusCode.Conflict, "policy-incomplete", "operators");
        Assert.Equal(AccountStatus.Draft, (await app.DbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == id))).Status);
    }

    [Fact]
    public async Task Operators_of_another_section_are_400_naming_operatorIds()
    {
        var id = await app.CompleteDraftAsync();
        var response = await (await app.ApiAsync("demo-operator")).PutAsJsonAsync($"/api/v1/accounts/{id}/operators",
            new { operatorIds = new[] { await app.UserIdAsync("demo-operator"), await app.UserIdAsync("demo-operator2") } });
        await ProblemAsync(response, HttpStatusCode.BadRequest, "validation", "operatorIds");
    }

    [Fact]
    public async Task A_listed_account_keeps_at_least_two_operators()
    {
        var id = await app.ListedAsync();
        var response = await (await app.ApiAsync("demo-operator")).PutAsJsonAsync($"/api/v1/accounts/{id}/operators",
            new { operatorIds = new[] { await app.UserIdAsync("demo-operator") } });
        await ProblemAsync(response, HttpStatusCode.Conflict, "operators-minimum");
    }

    [Fact]
    public async Task End_before_start_is_400_on_put_naming_periodEnd_and_changes_nothing()
    {
        var id = await app.CompleteDraftAsync();
        var body = Policy(UniqueUrl(), "変えてはいけない名前");
        body["periodStart"] = "2027-04-01";
        body["periodEnd"] = "2027-03-31";
        var op = await app.ApiAsync("demo-operator"); // issuing the token is itself audited (security.token-issued)
        var before = await app.AuditCountAsync();

        var response = await op.PutAsJsonAsync($"/api/v1/accounts/{id}/policy", body);

        await ProblemAsync(response, HttpStatusCode.BadRequest, "validation", "periodEnd");
        Assert.Equal("API試験アカウント", (await app.DbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == id))).CurrentPolicy.AccountName);
        Assert.Equal(before, await app.AuditCountAsync());
    }

    [Fact]
    public async Task A_duplicate_account_url_is_409_naming_accountUrl()
    {
        // The demo X account is Listed at https://x.com/nayoro_kanko_demo; the same address written differently is still a duplicate.
        var id = await app.CompleteDraftAsync("https://www.twitter.com/Nayoro_Kanko_Demo/");
        var response = await (await app.ApiAsync("demo-head")).PostAsync($"/api/v1/accounts/{id}/listing-request", null);
        var problem = await ProblemAsync(response, HttpStatusCode.Conflict, "policy-incomplete", "accountUrl");
        Assert.Contains("既に別のアカウントとして登録されています", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_related_organisations_account_needs_the_organisations_name_section_7()
    {
        var op = await app.ApiAsync("demo-operator");
        var body = Policy(UniqueUrl(), "実行委員会のアカウント");
        body["ownerKind"] = "RelatedOrganisation";
        body["operatorIds"] = new[] { await app.UserIdAsync("demo-operator"), await app.UserIdAsync("demo-operator3") };
        var id = await app.CreateAsync(op, body);
        var head = await app.ApiAsync("demo-head");
        await ProblemAsync(await head.PostAsync($"/api/v1/accounts/{id}/listing-request", null), HttpStatusCode.Conflict, "policy-incomplete", "relatedOrganisationName");

        body.Remove("operatorIds");
        body["relatedOrganisationName"] = "なよろ雪質日本一フェス実行委員会";
        Assert.Equal(HttpStatusCode.OK, (await op.PutAsJsonAsync($"/api/v1/accounts/{id}/policy", body)).StatusCode);
        await head.OkAsync($"/api/v1/accounts/{id}/listing-request");
        var listed = await (await app.ApiAsync("demo-pr")).OkAsync($"/api/v1/accounts/{id}/listing");
        Assert.Equal("RelatedOrganisation", listed.GetProperty("acceptedPolicy").GetProperty("ownerKind").GetString());
        var shown = AccountIn(await app.Anonymous().GetJsonAsync("/api/public/accounts"), id);
        Assert.Equal("なよろ雪質日本一フェス実行委員会", shown.GetProperty("relatedOrganisationName").GetString());
    }

    [Fact]
    public async Task Listing_a_draft_is_409_invalid_state()
    {
        var id = await app.CompleteDraftAsync();
        var response = await (await app.ApiAsync("demo-pr")).PostAsync($"/api/v1/accounts/{id}/listing", null);
        var problem = await ProblemAsync(response, HttpStatusCode.Conflict, "invalid-state");
        Assert.Contains("掲載依頼中", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Nobody_lists_their_own_request()
    {
        // demo-pr2 is both in the PR office and head of its section (秘書広報課), so could request and list the same account.
        var pr2 = await app.ApiAsync("demo-pr2");
        var body = Policy(UniqueUrl(), "広報課のアカウント");
        // The operators are not demo-pr: who operates an account does not list it either (maker–checker, own-account).
        var clerk = await app.NewUserAsync(section: "秘書広報課");
        body["operatorIds"] = new[] { clerk.Id, await app.UserIdAsync("demo-pr2") };
        var id = await app.CreateAsync(pr2, body);
        await pr2.OkAsync($"/api/v1/accounts/{id}/listing-request");

        var own = await pr2.PostAsync($"/api/v1/accounts/{id}/listing", null);
        await ProblemAsync(own, HttpStatusCode.Conflict, "own-request");
        var ownReturn = await pr2.PostAsJsonAsync($"/api/v1/accounts/{id}/return", new { reason = "自分で戻す" });
        await ProblemAsync(ownReturn, HttpStatusCode.Conflict, "own-request");

        var other = await (await app.ApiAsync("demo-pr")).OkAsync($"/api/v1/accounts/{id}/listing");
        Assert.Equal("Listed", other.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Nobody_lists_an_account_they_operate()
    {
        var pr2 = await app.ApiAsync("demo-pr2");
        var body = Policy(UniqueUrl(), "広報課の運用アカウント");
        body["operatorIds"] = new[] { await app.UserIdAsync("demo-pr"), await app.UserIdAsync("demo-pr2") };
        var id = await app.CreateAsync(pr2, body);
        await pr2.OkAsync($"/api/v1/accounts/{id}/listing-request");

        var pr = await app.ApiAsync("demo-pr");
        await ProblemAsync(await pr.PostAsync($"/api/v1/accounts/{id}/listing", null), HttpStatusCode.Conflict, "own-account");
        var page = await (await app.SignInAsync("demo-pr")).GetStringAsync($"/review/{id}");
        Assert.Contains("自分が運用担当者またはアクセス権保有者になっているアカウントの掲載はできません。", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"/accounts/{id}/check/list", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Return_needs_a_reason_and_the_section_sees_it_and_can_resubmit()
    {
        var id = await app.CompleteDraftAsync();
        var head = await app.ApiAsync("demo-head");
        var pr = await app.ApiAsync("demo-pr");
        await head.OkAsync($"/api/v1/accounts/{id}/listing-request");

        await ProblemAsync(await pr.PostAsJsonAsync($"/api/v1/accounts/{id}/return", new { reason = "  " }), HttpStatusCode.BadRequest, "validation", "reason");

        var returned = await pr.OkAsync($"/api/v1/accounts/{id}/return", new { reason = "運用時間の補足を記入してください。" });
        Assert.Equal("Draft", returned.GetProperty("status").GetString());
        var audit = (await app.AuditAsync(id))[^1];
        Assert.Equal("account.returned", audit.Action);
        Assert.Equal("運用時間の補足を記入してください。", audit.Reason);

        var seen = await (await app.ApiAsync("demo-operator")).GetJsonAsync($"/api/v1/accounts/{id}");
        Assert.Equal("運用時間の補足を記入してください。", seen.GetProperty("returnReason").GetString());
        var listed = await (await app.ApiAsync("demo-operator")).GetJsonAsync("/api/v1/accounts?status=draft");
        Assert.Equal("運用時間の補足を記入してください。", AccountIn(listed, id).GetProperty("returnReason").GetString());

        var again = await head.OkAsync($"/api/v1/accounts/{id}/listing-request");
        Assert.Equal("ListingRequested", again.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, again.GetProperty("returnReason").ValueKind);
    }

    [Fact]
    public async Task Delisting_request_needs_the_platform_deletion_confirmed_and_a_closedOn()
    {
        var id = await app.ListedAsync();
        var head = await app.ApiAsync("demo-head");

        var unconfirmed = await head.PostAsJsonAsync($"/api/v1/accounts/{id}/delisting-request", new { closedOn = "2026-06-01", closeReason = "終了", deletedOnPlatform = false });
        await ProblemAsync(unconfirmed, HttpStatusCode.Conflict, "delisting-incomplete", "deletedOnPlatform");

        var noDate = await head.PostAsJsonAsync($"/api/v1/accounts/{id}/delisting-request", new { closeReason = "終了", deletedOnPlatform = true });
        await ProblemAsync(noDate, HttpStatusCode.BadRequest, "validation", "closedOn");

        var future = await head.PostAsJsonAsync($"/api/v1/accounts/{id}/delisting-request", new { closedOn = "2026-07-01", closeReason = "終了", deletedOnPlatform = true });
        await ProblemAsync(future, HttpStatusCode.Conflict, "delisting-incomplete", "closedOn");

        Assert.Equal(AccountStatus.Listed, (await app.DbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == id))).Status);
    }

    [Fact]
    public async Task Revision_in_steps_start_edit_discard_and_the_rules_around_it()
    {
        var id = await app.ListedAsync();
        var op = await app.ApiAsync("demo-operator");
        var head = await app.ApiAsync("demo-head");

        // Editing a Listed account's policy needs a revision first.
        var direct = await op.PutAsJsonAsync($"/api/v1/accounts/{id}/policy", Policy(UniqueUrl()));
        await ProblemAsync(direct, HttpStatusCode.Conflict, "policy-not-editable");
        // Submitting with nothing open.
        await ProblemAsync(await head.PostAsync($"/api/v1/accounts/{id}/revision", null), HttpStatusCode.Conflict, "no-revision");

        var started = await op.OkAsync($"/api/v1/accounts/{id}/revision-start");
        Assert.Equal("Draft", started.GetProperty("openPolicy").GetProperty("status").GetString());
        await ProblemAsync(await op.PostAsync($"/api/v1/accounts/{id}/revision-start", null), HttpStatusCode.Conflict, "revision-open");
        // Unchanged revision cannot be submitted.
        await ProblemAsync(await head.PostAsync($"/api/v1/accounts/{id}/revision", null), HttpStatusCode.Conflict, "revision-unchanged");

        var discarded = await op.OkAsync($"/api/v1/accounts/{id}/revision-discard");
        Assert.Equal(JsonValueKind.Null, discarded.GetProperty("openPolicy").ValueKind);
        Assert.Equal("account.revision-discarded", (await app.AuditAsync(id))[^1].Action);

        // A revision edited by the operator, submitted without a body by the head.
        await op.OkAsync($"/api/v1/accounts/{id}/revision-start");
        var url = (await op.GetJsonAsync($"/api/v1/accounts/{id}")).GetProperty("acceptedPolicy").GetProperty("accountUrl").GetString()!;
        var edited = Policy(url);
        edited["hoursNote"] = "イベント時は土日も発信します。";
        var put = await op.PutAsJsonAsync($"/api/v1/accounts/{id}/policy", edited);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var submitted = await head.OkAsync($"/api/v1/accounts/{id}/revision");
        Assert.Equal("Submitted", submitted.GetProperty("openPolicy").GetProperty("status").GetString());
        Assert.Equal("イベント時は土日も発信します。", submitted.GetProperty("openPolicy").GetProperty("hoursNote").GetString());

        // While under review the section cannot edit it; the PR office can return it.
        await ProblemAsync(await op.PutAsJsonAsync($"/api/v1/accounts/{id}/policy", edited), HttpStatusCode.Conflict, "policy-not-editable");
        var returned = await (await app.ApiAsync("demo-pr")).OkAsync($"/api/v1/accounts/{id}/return", new { reason = "補足の表現を見直してください。" });
        Assert.Equal("Listed", returned.GetProperty("status").GetString());
        Assert.Equal("補足の表現を見直してください。", returned.GetProperty("returnReason").GetString());
    }

    [Fact]
    public async Task Simultaneous_edits_are_saved_or_answered_409_concurrency_never_500()
    {
        var id = await app.CompleteDraftAsync();
        var op = await app.ApiAsync("demo-operator");
        var url = (await op.GetJsonAsync($"/api/v1/accounts/{id}")).GetProperty("currentPolicy").GetProperty("accountUrl").GetString()!;
        var responses = await Task.WhenAll(Enumerable.Range(1, 6).Select(i =>
            op.PutAsJsonAsync($"/api/v1/accounts/{id}/policy", Policy(url, $"同時編集 {i}"))));

        foreach (var response in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            await ProblemAsync(response, HttpStatusCode.Conflict, "concurrency");
        }
        var saved = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        Assert.True(saved >= 1);
        // Every answered success left exactly one audit entry; a refused one left none.
        Assert.Equal(saved, (await app.AuditAsync(id)).Count(e => e.Action == "account.policy-updated"));
        Assert.True((await app.DbAsync(db => MuniSocial.Features.Audit.AuditQuery.VerifyAsync(db, CancellationToken.None))).IsIntact);
    }

    [Fact]
    public async Task If_Match_with_a_stale_ETag_refuses_the_change_instead_of_overwriting()
    {
        var id = await app.CompleteDraftAsync();
        var op = await app.ApiAsync("demo-operator");
        var read = await op.GetAsync($"/api/v1/accounts/{id}");
        var etag = read.Headers.ETag!.Tag;
        var url = (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("currentPolicy").GetProperty("accountUrl").GetString()!;

        // Another clerk changes the account after our read.
        Assert.Equal(HttpStatusCode.OK, (await (await app.ApiAsync("demo-operator3")).PutAsJsonAsync($"/api/v1/accounts/{id}/policy", Policy(url, "先に保存した名前"))).StatusCode);

        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/accounts/{id}/policy") { Content = JsonContent.Create(Policy(url, "古い画面からの名前")) };
        stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        await ProblemAsync(await op.SendAsync(stale), HttpStatusCode.Conflict, "concurrency");
        Assert.Equal("先に保存した名前", (await app.DbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == id))).CurrentPolicy.AccountName);

        var fresh = await op.GetAsync($"/api/v1/accounts/{id}");
        var current = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/accounts/{id}/policy") { Content = JsonContent.Create(Policy(url, "読み直してからの名前")) };
        current.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(fresh.Headers.ETag!.Tag));
        var ok = await op.SendAsync(current);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.NotEqual(fresh.Headers.ETag!.Tag, ok.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task List_is_filtered_by_section_and_status()
    {
        var id = await app.CompleteDraftAsync();
        var mine = await (await app.ApiAsync("demo-operator")).GetJsonAsync("/api/v1/accounts");
        Assert.True(HasAccount(mine, id));
        var sectionId = (await app.UserAsync("demo-operator")).SectionId!.Value;
        Assert.All(mine.EnumerateArray(), a => Assert.Equal(sectionId, a.GetProperty("sectionId").GetGuid()));

        var other = await (await app.ApiAsync("demo-operator2")).GetJsonAsync("/api/v1/accounts");
        Assert.False(HasAccount(other, id));
        Assert.NotEqual(0, other.GetArrayLength());

        var pr = await app.ApiAsync("demo-pr");
        var all = await pr.GetJsonAsync("/api/v1/accounts");
        Assert.True(HasAccount(all, id));
        Assert.Contains(all.EnumerateArray(), a => a.GetProperty("sectionId").GetGuid() != sectionId);

        var listed = await pr.GetJsonAsync("/api/v1/accounts?status=Listed");
        Assert.All(listed.EnumerateArray(), a => Assert.Equal("Listed", a.GetProperty("status").GetString()));
        Assert.False(HasAccount(listed, id));
        // The demo account whose 運用期間 has ended is flagged overdue.
        Assert.Contains(listed.EnumerateArray(), a => a.GetProperty("isOverdue").GetBoolean());

        var bySection = await pr.GetJsonAsync($"/api/v1/accounts?sectionId={sectionId}");
        Assert.All(bySection.EnumerateArray(), a => Assert.Equal(sectionId, a.GetProperty("sectionId").GetGuid()));
        Assert.True(HasAccount(bySection, id));
    }

    [Fact]
    public async Task Detail_shows_status_policies_versions_operators_and_overdue()
    {
        var listed = await (await app.ApiAsync("demo-pr")).GetJsonAsync("/api/v1/accounts?status=Listed");
        var overdueId = listed.EnumerateArray().First(a => a.GetProperty("isOverdue").GetBoolean()).GetProperty("id").GetGuid();
        var detail = await (await app.ApiAsync("demo-operator")).GetJsonAsync($"/api/v1/accounts/{overdueId}");
        Assert.True(detail.GetProperty("isOverdue").GetBoolean());
        Assert.Equal("Listed", detail.GetProperty("status").GetString());
        Assert.Equal("掲載中", detail.GetProperty("statusLabel").GetString());
        Assert.Equal(2, detail.GetProperty("operators").GetArrayLength());
        Assert.Equal(1, detail.GetProperty("versions").GetArrayLength());
        Assert.Equal(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
            detail.GetProperty("acceptedPolicy").GetProperty("operatingDays").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("経済部 営業戦略室", detail.GetProperty("section").GetString());
    }

    [Fact]
    public async Task Section_staff_lists_who_can_be_named_as_operators()
    {
        var sectionId = (await app.UserAsync("demo-operator")).SectionId!.Value;
        var staff = await (await app.ApiAsync("demo-operator")).GetJsonAsync($"/api/v1/sections/{sectionId}/staff");
        var names = staff.GetProperty("staff").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToList();
        Assert.Contains("北 ひかり", names);
        Assert.Contains("南 大地", names);
        Assert.DoesNotContain("天塩 こころ", names);
        Assert.NotEqual(0, staff.GetProperty("units").GetArrayLength());

        var unitId = staff.GetProperty("units")[0].GetProperty("id").GetGuid();
        var body = Policy(UniqueUrl());
        body["unitId"] = unitId;
        var id = await app.CreateAsync(await app.ApiAsync("demo-operator"), body);
        Assert.Equal(unitId, (await (await app.ApiAsync("demo-operator")).GetJsonAsync($"/api/v1/accounts/{id}")).GetProperty("currentPolicy").GetProperty("unitId").GetGuid());

        // A unit of another section is refused by name.
        var otherUnit = await app.DbAsync(db => db.Units.Where(u => u.SectionId != sectionId).Select(u => u.Id).FirstAsync());
        body["unitId"] = otherUnit;
        await ProblemAsync(await (await app.ApiAsync("demo-operator")).PostAsJsonAsync("/api/v1/accounts", body), HttpStatusCode.BadRequest, "validation", "unitId");
    }

    [Fact]
    public async Task Terms_are_versioned_by_the_PR_office()
    {
        var pr = await app.ApiAsync("demo-pr");
        var terms = await pr.GetJsonAsync("/api/v1/terms");
        var current = terms.GetProperty("current");
        var number = current.GetProperty("version").GetInt32();
        Assert.Equal(12, current.GetProperty("notices").GetArrayLength());

        var notices = current.GetProperty("notices").EnumerateArray().Select(n => n.GetString()!).ToList();
        notices[^1] = "その他本市が不適切と判断した情報（API改訂）";
        var response = await pr.PostAsJsonAsync("/api/v1/terms", new
        {
            notices,
            intellectualProperty = current.GetProperty("intellectualProperty").GetString(),
            disclaimers = current.GetProperty("disclaimers"),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/v1/terms/{number + 1}", response.Headers.Location!.ToString());
        var after = await pr.GetJsonAsync("/api/v1/terms");
        Assert.Equal(number + 1, after.GetProperty("current").GetProperty("version").GetInt32());
        Assert.Equal(number + 1, after.GetProperty("history").GetArrayLength());
        Assert.Equal("その他本市が不適切と判断した情報（API改訂）", (await pr.GetJsonAsync($"/api/v1/terms/{number + 1}")).GetProperty("notices")[11].GetString());
        var audit = await app.DbAsync(db => db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).FirstAsync(e => e.Action == "terms.versioned"));
        Assert.Equal(await app.UserIdAsync("demo-pr"), audit.ActorId);

        // The same text again is not a new version; an empty notice list is a validation error.
        var same = await pr.PostAsJsonAsync("/api/v1/terms", new { notices, intellectualProperty = current.GetProperty("intellectualProperty").GetString(), disclaimers = current.GetProperty("disclaimers") });
        await ProblemAsync(same, HttpStatusCode.Conflict, "terms-unchanged");
        var empty = await pr.PostAsJsonAsync("/api/v1/terms", new { notices = Array.Empty<string>(), intellectualProperty = "x", disclaimers = new[] { "y" } });
        await ProblemAsync(empty, HttpStatusCode.BadRequest, "validation", "notices");

        // A policy listed from now on records the new version.
        var id = await app.ListedAsync();
        Assert.Equal(number + 1, (await pr.GetJsonAsync($"/api/v1/accounts/{id}")).GetProperty("acceptedPolicy").GetProperty("termsVersion").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await pr.GetAsync("/api/v1/terms/999")).StatusCode);
    }

    [Theory]
    [InlineData("NoReply", "ReplyAsNeeded")]
    [InlineData("ReplyAsNeeded", "NoReply")]
    public async Task A_reply_wording_that_contradicts_the_reply_policy_is_kept_consistent_as_on_the_page(string reply, string wordingOf)
    {
        // The page has always switched 様式1's standard wording with the choice; the API now obeys the same domain
        // rule, so a client can no longer publish a 返信しない policy with the 返信する wording (or the reverse).
        var chosen = Enum.Parse<ReplyPolicyKind>(reply);
        var contradicting = Labels.DefaultReplyWording(Enum.Parse<ReplyPolicyKind>(wordingOf));
        var op = await app.ApiAsync("demo-operator");
        var body = Policy(UniqueUrl(), "返信文言API");
        body["replyPolicy"] = reply;
        body["replyWording"] = contradicting;
        body["operatorIds"] = new[] { await app.UserIdAsync("demo-operator"), await app.UserIdAsync("demo-operator3") };
        var id = await app.CreateAsync(op, body);
        Assert.Equal(Labels.DefaultReplyWording(chosen), (await app.AccountAsync(id)).CurrentPolicy.ReplyWording);

        body.Remove("operatorIds");
        var put = await op.PutAsJsonAsync($"/api/v1/accounts/{id}/policy", body);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var policy = (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("currentPolicy");
        Assert.Equal(reply, policy.GetProperty("replyPolicy").GetString());
        Assert.Equal(Labels.DefaultReplyWording(chosen), policy.GetProperty("replyWording").GetString());

        // Published: the public page and the public API show the wording that matches the choice.
        await (await app.ApiAsync("demo-head")).OkAsync($"/api/v1/accounts/{id}/listing-request");
        await (await app.ApiAsync("demo-pr")).OkAsync($"/api/v1/accounts/{id}/listing");
        var listed = await app.AccountAsync(id);
        Assert.Equal(chosen, listed.AcceptedPolicy!.ReplyPolicy);
        Assert.Equal(Labels.DefaultReplyWording(chosen), listed.AcceptedPolicy.ReplyWording);
        Assert.DoesNotContain(contradicting, (await app.Anonymous().GetStringAsync($"/policies/{id}")), StringComparison.Ordinal);
    }
}
