using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Domain.Operations;
using MuniSocial.Jobs;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.AccessHolders;

/// <summary>
/// Who may open and use the access-holder pages and endpoints: the section's staff record; the PR office reads;
/// another section's staff get 404; the admin is refused on /operations (403) and by the account API (404, like
/// every account endpoint); anonymous users go to the login (pages) or get 401 (API). Refusals save nothing.
/// </summary>
public sealed class AccessHolderAccessTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<(Guid Account, Guid Holder)> DataAsync()
    {
        var id = await app.ListedAccountAsync(Given.Policy($"権限ロール{Guid.NewGuid().ToString("N")[..6]}") with { PeriodEnd = new DateOnly(2028, 3, 31) });
        var op3 = await app.UserAsync("demo-operator3");
        var api = await app.ApiAsync("demo-operator");
        var created = await api.PostAsJsonAsync($"/api/v1/accounts/{id}/access-holders", new { kind = "CredentialKeeper", userId = op3.Id });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (id, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
    }

    [Theory]
    [InlineData("", 302)]
    [InlineData("demo-admin", 403)]
    [InlineData("demo-operator2", 404)]
    [InlineData("demo-head2", 404)]
    [InlineData("demo-operator", 200)]
    [InlineData("demo-head", 200)]
    [InlineData("demo-pr", 200)]
    public async Task The_account_access_page(string user, int expected)
    {
        var (id, _) = await DataAsync();
        var client = user.Length == 0 ? app.Anonymous() : await app.SignInAsync(user);
        var response = await client.GetAsync($"/operations/{id}/access");
        Assert.Equal(expected, (int)response.StatusCode);
        if (expected == 302)
        {
            Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
        if (expected == 200)
        {
            var doc = await Html.ParseAsync(response);
            var forms = doc.QuerySelectorAll("main form[method=post]").Select(f => f.GetAttribute("action") ?? "").ToList();
            if (user == "demo-pr")
            {
                // Read-only: the holders are listed, there is nothing to post.
                Assert.Contains("東 みのり", doc.QuerySelector("#holders")!.TextContent);
                Assert.DoesNotContain(forms, f => f.Contains("handler=", StringComparison.Ordinal));
            }
            else
            {
                Assert.Contains(forms, f => f.Contains("handler=Add", StringComparison.Ordinal));
                Assert.Contains(forms, f => f.Contains("handler=Remove", StringComparison.Ordinal));
                Assert.Contains(forms, f => f.Contains("handler=TwoFactor", StringComparison.Ordinal));
            }
        }
        Assert.Equal(404, (int)(await (await app.SignInAsync("demo-operator")).GetAsync($"/operations/{Guid.NewGuid()}/access")).StatusCode);
    }

    [Theory]
    [InlineData("", 302)]
    [InlineData("demo-operator", 403)]
    [InlineData("demo-head", 403)]
    [InlineData("demo-pr", 200)]
    [InlineData("demo-admin", 200)]
    public async Task The_list_of_holdings_to_remove(string user, int expected)
    {
        var client = user.Length == 0 ? app.Anonymous() : await app.SignInAsync(user);
        Assert.Equal(expected, (int)(await client.GetAsync("/access-holders")).StatusCode);
    }

    [Theory]
    [InlineData("", "Add", 302)]
    [InlineData("", "Remove", 302)]
    [InlineData("", "TwoFactor", 302)]
    [InlineData("demo-admin", "Add", 403)]
    [InlineData("demo-admin", "Remove", 403)]
    [InlineData("demo-admin", "TwoFactor", 403)]
    [InlineData("demo-operator2", "Add", 404)]
    [InlineData("demo-operator2", "Remove", 404)]
    [InlineData("demo-operator2", "TwoFactor", 404)]
    [InlineData("demo-pr", "Add", 403)]
    [InlineData("demo-pr", "Remove", 403)]
    [InlineData("demo-pr", "TwoFactor", 403)]
    [InlineData("demo-operator!notoken", "Add", 400)]
    [InlineData("demo-operator!notoken", "Remove", 400)]
    public async Task Posting_to_the_account_access_page(string user, string handler, int expected)
    {
        var (id, holder) = await DataAsync();
        var withoutToken = user.EndsWith("!notoken", StringComparison.Ordinal);
        var userName = user.Replace("!notoken", "", StringComparison.Ordinal);
        var client = userName.Length == 0 ? app.Anonymous() : await app.SignInAsync(userName);
        var op3 = await app.UserAsync("demo-operator3");
        var fields = new Dictionary<string, string>
        {
            ["Add.Kind"] = "LinkedPersonalAccount",
            ["Add.UserId"] = op3.Id,
            ["Add.PlatformHandle"] = "@someone",
            ["Add.PlatformRole"] = "Admin",
            ["Remove.HolderId"] = holder.ToString(),
            ["Remove.How"] = "Removed",
            ["Tfa.Enabled"] = "true",
            ["Tfa.CodeRecipient"] = "だれか",
        };
        if (userName.Length > 0 && !withoutToken)
        {
            fields["__RequestVerificationToken"] = await client.TokenAsync();
        }
        var before = await app.DbAsync(db => db.AuditEntries.CountAsync());
        var response = await client.PostAsync($"/operations/{id}/access?handler={handler}", new FormUrlEncodedContent(fields));
        Assert.Equal(expected, (int)response.StatusCode);
        Assert.Equal(before, await app.DbAsync(db => db.AuditEntries.CountAsync()));
        Assert.True(await app.DbAsync(db => db.AccessHolders.AnyAsync(h => h.Id == holder && h.RemovedAt == null)));
        Assert.Equal(1, await app.DbAsync(db => db.AccessHolders.CountAsync(h => h.AccountId == id)));
    }

    [Theory]
    [InlineData("demo-operator", 200, 201, 200, 200)]
    [InlineData("demo-head", 200, 201, 200, 200)]
    [InlineData("demo-pr", 200, 403, 403, 403)]
    [InlineData("demo-operator2", 404, 404, 404, 404)]
    [InlineData("demo-admin", 404, 404, 404, 404)]
    [InlineData("", 401, 401, 401, 401)]
    public async Task The_api(string user, int get, int add, int remove, int twoFactor)
    {
        var (id, holder) = await DataAsync();
        var client = user.Length == 0 ? app.Anonymous() : await app.ApiAsync(user);
        var head = await app.UserAsync("demo-head");
        var url = $"/api/v1/accounts/{id}/access-holders";
        Assert.Equal(get, (int)(await client.GetAsync(url)).StatusCode);
        Assert.Equal(add, (int)(await client.PostAsJsonAsync(url, new { kind = "CredentialKeeper", userId = head.Id })).StatusCode);
        Assert.Equal(remove, (int)(await client.PostAsJsonAsync($"{url}/{holder}/removal", new { how = "Removed" })).StatusCode);
        Assert.Equal(twoFactor, (int)(await client.PutAsJsonAsync($"{url}/two-factor", new { enabled = true, codeRecipient = "課の携帯" })).StatusCode);
        if (remove != 200)
        {
            Assert.True(await app.DbAsync(db => db.AccessHolders.AnyAsync(h => h.Id == holder && h.RemovedAt == null)));
        }
        Assert.Equal(404, (int)(await (await app.ApiAsync("demo-operator")).GetAsync($"/api/v1/accounts/{Guid.NewGuid()}/access-holders")).StatusCode);
    }
}

/// <summary>§5(2)イ: outside the office networks the access records ask for the reason (即時性), which is audited.</summary>
public sealed class AccessHolderOffsiteTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Outside_the_office_networks_the_posts_ask_for_the_reason_and_record_it()
    {
        var id = await app.ListedAccountAsync(Given.Policy("権限テスト職場外") with { PeriodEnd = new DateOnly(2028, 3, 31) });
        var admin = await app.SignInAsync("demo-admin");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/admin/networks", new() { ["Label"] = "本庁舎", ["Cidr"] = "10.0.0.0/8" }, handler: "Add")).StatusCode);
        var op3 = await app.UserAsync("demo-operator3");
        var api = await app.ApiAsync("demo-operator");
        var url = $"/api/v1/accounts/{id}/access-holders";

        var noReason = await api.PostAsJsonAsync(url, new { kind = "CredentialKeeper", userId = op3.Id });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.True((await noReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("offsiteReason", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PutAsJsonAsync($"{url}/two-factor", new { enabled = false })).StatusCode);
        Assert.Equal(0, await app.DbAsync(db => db.AccessHolders.CountAsync(h => h.AccountId == id)));

        var created = await api.PostAsJsonAsync(url, new { kind = "CredentialKeeper", userId = op3.Id, offsiteReason = "災害対応で庁外から" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var holderId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsJsonAsync($"{url}/{holderId}/removal", new { how = "Removed" })).StatusCode);

        // The page shows the reason field and asks for it too.
        var op = await app.SignInAsync("demo-operator");
        var page = await op.GetDocumentAsync($"/operations/{id}/access");
        Assert.NotNull(page.QuerySelector("#reason-add"));
        var bad = await op.PostFormAsync($"/operations/{id}/access", new() { ["Remove.HolderId"] = holderId.ToString(), ["Remove.How"] = "Removed" }, handler: "Remove");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("即時性を要する理由を入力してください", (await Html.ParseAsync(bad)).QuerySelector(".errors")!.TextContent);
        var ok = await op.PostFormAsync($"/operations/{id}/access",
            new() { ["Remove.HolderId"] = holderId.ToString(), ["Remove.How"] = "Removed", ["OffsiteReason"] = "夜間の乗っ取り対応" }, handler: "Remove");
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);

        var added = Assert.Single(await AccessData.AuditAsync(app, id, "access-holder.added"));
        Assert.Equal(OffsiteWork.AuditReason("災害対応で庁外から"), added.Reason);
        var removed = Assert.Single(await AccessData.AuditAsync(app, id, "access-holder.removed"));
        Assert.Equal(OffsiteWork.AuditReason("夜間の乗っ取り対応"), removed.Reason);

        // The head sees both on the list of actions taken outside the office networks (§5(2)イ).
        var head = await app.SignInAsync("demo-head");
        var offsite = (await head.GetDocumentAsync("/operations/offsite")).QuerySelectorAll("table.list tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(offsite, r => r.Contains("災害対応で庁外から", StringComparison.Ordinal));
        Assert.Contains(offsite, r => r.Contains("夜間の乗っ取り対応", StringComparison.Ordinal));
    }
}

/// <summary>The head's morning digest and the PR office's summary name the holders to remove (real SMTP).</summary>
public sealed class AccessHolderDigestTests(SmtpAppFactory app) : IClassFixture<SmtpAppFactory>
{
    [Fact]
    public async Task The_heads_digest_lists_the_holder_to_remove_and_the_pr_summary_counts_it()
    {
        var id = await app.ListedAccountAsync(Given.Policy("権限テスト通知") with { PeriodEnd = new DateOnly(2028, 3, 31) });
        var (userId, _, name) = await app.NewUserAsync(displayName: "音威子府 はるか");
        var api = await app.ApiAsync("demo-head");
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/v1/accounts/{id}/access-holders",
            new { kind = "LinkedPersonalAccount", userId, platformHandle = "@otoineppu", platformRole = "Editor" })).StatusCode);
        await AccessData.TransferAsync(app, userId, name, "こども未来課");

        // Tue 6/2 07:30 JST.
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 6, 1, 22, 30, 0, TimeSpan.Zero));
        await app.Services.GetRequiredService<JobRunner>().RunAsync(DailyReminderJob.Name, "schedule", CancellationToken.None);

        var digest = Assert.Single(app.Mail.To("demo-head@demo.munisocial.invalid"), m => m.Subject!.StartsWith("【所属長確認】", StringComparison.Ordinal));
        var body = digest.TextBody!;
        Assert.Contains("■ 権限テスト通知", body, StringComparison.Ordinal);
        Assert.Contains("要削除の権限（異動・退職した職員）: 音威子府 はるか", body, StringComparison.Ordinal);
        Assert.Contains($"https://social.test/operations/{id}/access", body, StringComparison.Ordinal);
        // The demo's transferred holder too.
        Assert.Contains("旭 ゆうき", body, StringComparison.Ordinal);
        // Not in the other section's head's digest, although the holder is now in that section.
        Assert.DoesNotContain(app.Mail.To("demo-head2@demo.munisocial.invalid"), m => m.TextBody!.Contains("権限テスト通知", StringComparison.Ordinal));

        var summary = Assert.Single(app.Mail.To("demo-pr@demo.munisocial.invalid"), m => m.Subject!.StartsWith("【運用状況】", StringComparison.Ordinal));
        // This one and the demo 旭 ゆうき on 観光情報 and the フェス page.
        Assert.Contains("要削除の権限（異動・退職した職員）: 3件", summary.TextBody!, StringComparison.Ordinal);
        Assert.Contains("・権限テスト通知（経済部 営業戦略室）音威子府 はるか", summary.TextBody!, StringComparison.Ordinal);

        // The head's home page shows it too.
        var home = await (await app.SignInAsync("demo-head")).GetDocumentAsync("/home");
        Assert.Contains("要削除の権限: 音威子府 はるか", home.QuerySelectorAll(".notice").Single(n => n.TextContent.Contains("権限テスト通知", StringComparison.Ordinal)).TextContent);
    }
}
