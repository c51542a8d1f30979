using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Operations;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.AccessHolders;

/// <summary>Steps and reads for the access-holder tests: the April transfer, the board entry, the audit trail.</summary>
public static class AccessData
{
    /// <summary>The admin moves the user to another section on /admin/users/{id} (the April transfer).</summary>
    public static async Task TransferAsync(AppFactory app, string userId, string displayName, string toSection)
    {
        var admin = await app.SignInAsync("demo-admin");
        var response = await admin.PostFormAsync($"/admin/users/{userId}", new()
        {
            ["Input.DisplayName"] = displayName,
            ["Input.SectionId"] = (await app.SectionIdAsync(toSection)).ToString(),
            ["Input.Roles"] = "Operator",
            ["Input.EmploymentType"] = "Regular",
        }, handler: "Save");
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
    }

    public static async Task<JsonElement> BoardEntryAsync(AppFactory app, Guid accountId)
    {
        var api = await app.ApiAsync("demo-pr2");
        var json = await api.GetFromJsonAsync<JsonElement>("/api/v1/board");
        return json.GetProperty("accounts").EnumerateArray().Single(e => e.GetProperty("accountId").GetGuid() == accountId);
    }

    public static List<string> ToRemove(JsonElement entry) =>
        entry.GetProperty("accessHoldersToRemove").EnumerateArray().Select(e => e.GetString()!).ToList();

    public static Task<List<MuniSocial.Domain.Audit.AuditEntry>> AuditAsync(AppFactory app, Guid accountId, string action) =>
        app.DbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityId == accountId.ToString() && e.Action == action).OrderBy(e => e.Sequence).ToListAsync());
}

public sealed class AccessHolderTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly DateOnly FarEnd = new(2028, 3, 31);

    [Fact]
    public async Task A_transfer_in_admin_users_flags_the_holder_everywhere_until_the_removal_is_recorded()
    {
        var id = await app.ListedAccountAsync(Given.Policy("権限テスト異動") with { PeriodEnd = FarEnd });
        var (userId, _, name) = await app.NewUserAsync(displayName: "留萌 たかし");
        var op = await app.SignInAsync("demo-operator");

        // The operator records the staff member's personal account linked as page admin.
        var add = await op.PostFormAsync($"/operations/{id}/access", new()
        {
            ["Add.Kind"] = "LinkedPersonalAccount",
            ["Add.UserId"] = userId,
            ["Add.PlatformHandle"] = "@rumoi_takashi",
            ["Add.PlatformRole"] = "Admin",
        }, handler: "Add");
        Assert.True(add.StatusCode == HttpStatusCode.Redirect, (await Html.ParseAsync(add)).QuerySelector(".errors")?.TextContent);
        var page = await op.GetDocumentAsync($"/operations/{id}/access");
        Assert.Contains("留萌 たかしさんを「個人アカウントの連携（ページ管理者等）」として登録しました", page.Text());
        Assert.Null(page.QuerySelector("#to-remove"));
        Assert.Empty(AccessData.ToRemove(await AccessData.BoardEntryAsync(app, id)));
        var added = Assert.Single(await AccessData.AuditAsync(app, id, "access-holder.added"));
        Assert.Equal("北 ひかり", added.ActorName);
        Assert.Contains("@rumoi_takashi", added.After, StringComparison.Ordinal);

        // The admin moves them to 産業振興課 and is shown the accounts they still hold.
        await AccessData.TransferAsync(app, userId, name, "産業振興課");
        var admin = await app.SignInAsync("demo-admin");
        var userPage = await admin.GetDocumentAsync($"/admin/users/{userId}");
        var held = userPage.QuerySelector("#held-access")!;
        Assert.Contains("要削除", held.TextContent);
        Assert.Contains("権限テスト異動", held.TextContent);
        Assert.Contains("異動", held.TextContent);

        // Flagged at once: board JSON, board page, /operations, the account's access page, the PR office's list.
        var entry = await AccessData.BoardEntryAsync(app, id);
        Assert.Equal(["留萌 たかし"], AccessData.ToRemove(entry));
        Assert.True(entry.GetProperty("needsAttention").GetBoolean());
        var pr = await app.SignInAsync("demo-pr");
        var boardRow = (await pr.GetDocumentAsync("/board")).QuerySelectorAll("table.board tbody tr").Single(r => r.GetAttribute("data-account") == id.ToString());
        Assert.Contains("要削除: 留萌 たかし", boardRow.TextContent);
        var filtered = await pr.GetDocumentAsync("/board?access=true");
        Assert.Contains(filtered.QuerySelectorAll("table.board tbody tr"), r => r.GetAttribute("data-account") == id.ToString());
        Assert.All(filtered.QuerySelectorAll("table.board tbody tr"), r => Assert.Contains("要削除:", r.TextContent));
        var opsRow = (await op.GetDocumentAsync("/operations")).QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("権限テスト異動", StringComparison.Ordinal));
        Assert.Contains("要削除の権限: 留萌 たかし", opsRow.TextContent);
        page = await op.GetDocumentAsync($"/operations/{id}/access");
        Assert.Contains("留萌 たかし（異動）", page.QuerySelector("#to-remove")!.TextContent);
        Assert.Contains("要削除（異動）", page.QuerySelector("#holders")!.TextContent);
        foreach (var viewer in new[] { pr, admin })
        {
            var list = await viewer.GetDocumentAsync("/access-holders");
            var row = list.QuerySelectorAll("#to-remove tbody tr").Single(r => r.TextContent.Contains("権限テスト異動", StringComparison.Ordinal));
            Assert.Contains("留萌 たかし", row.TextContent);
            Assert.Contains("産業振興課", row.TextContent);
        }

        // The head records that the page role was removed on the platform: the flag clears, audited.
        var head = await app.SignInAsync("demo-head");
        var holderId = await app.DbAsync(db => db.AccessHolders.Where(h => h.AccountId == id).Select(h => h.Id).SingleAsync());
        var removed = await head.PostFormAsync($"/operations/{id}/access", new()
        {
            ["Remove.HolderId"] = holderId.ToString(),
            ["Remove.How"] = "Removed",
            ["Remove.Note"] = "Facebookのページ設定から削除",
        }, handler: "Remove");
        Assert.True(removed.StatusCode == HttpStatusCode.Redirect, (await Html.ParseAsync(removed)).QuerySelector(".errors")?.TextContent);
        Assert.Empty(AccessData.ToRemove(await AccessData.BoardEntryAsync(app, id)));
        page = await head.GetDocumentAsync($"/operations/{id}/access");
        Assert.Null(page.QuerySelector("#to-remove"));
        Assert.Contains("権限を削除した", page.QuerySelector("#history")!.TextContent);
        Assert.DoesNotContain((await pr.GetDocumentAsync("/access-holders")).QuerySelectorAll("tbody tr"), r => r.TextContent.Contains("権限テスト異動", StringComparison.Ordinal));
        var audit = Assert.Single(await AccessData.AuditAsync(app, id, "access-holder.removed"));
        Assert.Equal("南 大地", audit.ActorName);
        Assert.Contains("Facebookのページ設定から削除", audit.After, StringComparison.Ordinal);
        var transfer = await app.DbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityId == userId && e.Action == "user.updated").ToListAsync());
        Assert.Contains(transfer, e => e.After!.Contains("産業振興課", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deactivation_flags_the_holder_and_a_hand_over_creates_the_new_holder_in_the_same_save()
    {
        var id = await app.ListedAccountAsync(Given.Policy("権限テスト退職") with { PeriodEnd = FarEnd });
        var (userId, _, name) = await app.NewUserAsync(displayName: "美深 さくら");
        var api = await app.ApiAsync("demo-operator");
        var created = await api.PostAsJsonAsync($"/api/v1/accounts/{id}/access-holders", new { kind = "CredentialKeeper", userId, note = "課の金庫" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var holderId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var list = await api.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{id}/access-holders");
        Assert.False(list.GetProperty("noCredentialKeeper").GetBoolean());
        Assert.Equal(0, list.GetProperty("accessHoldersToRemove").GetArrayLength());

        // The admin deactivates the user (they left): flagged as 退職・利用停止.
        var admin = await app.SignInAsync("demo-admin");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/admin/users/{userId}", new(), handler: "Deactivate")).StatusCode);
        Assert.Contains("権限テスト退職", (await admin.GetDocumentAsync($"/admin/users/{userId}")).QuerySelector("#held-access")!.TextContent);
        list = await api.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{id}/access-holders");
        Assert.Equal(name, list.GetProperty("accessHoldersToRemove")[0].GetString());
        var holder = list.GetProperty("holders").EnumerateArray().Single(h => h.GetProperty("id").GetGuid() == holderId);
        Assert.True(holder.GetProperty("toRemove").GetBoolean());
        Assert.Equal("退職・利用停止", holder.GetProperty("toRemoveReason").GetString());
        Assert.Equal([name], AccessData.ToRemove(await AccessData.BoardEntryAsync(app, id)));

        // Handed over to 東 みのり: the old holding ends, the new one starts, in one save, audited.
        var op3 = await app.UserAsync("demo-operator3");
        var handed = await api.PostAsJsonAsync($"/api/v1/accounts/{id}/access-holders/{holderId}/removal",
            new { how = "HandedOver", successorUserId = op3.Id, note = "パスワードを変更して引継ぎ" });
        Assert.Equal(HttpStatusCode.OK, handed.StatusCode);
        var body = await handed.Content.ReadFromJsonAsync<JsonElement>();
        var successorId = body.GetProperty("successor").GetProperty("id").GetGuid();
        Assert.Equal("HandedOver", body.GetProperty("removed").GetProperty("removal").GetString());

        list = await api.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{id}/access-holders");
        Assert.Equal(0, list.GetProperty("accessHoldersToRemove").GetArrayLength());
        var holders = list.GetProperty("holders").EnumerateArray().ToList();
        var old = holders.Single(h => h.GetProperty("id").GetGuid() == holderId);
        Assert.Equal(successorId, old.GetProperty("successorId").GetGuid());
        Assert.NotEqual(JsonValueKind.Null, old.GetProperty("removedAt").ValueKind);
        var next = holders.Single(h => h.GetProperty("id").GetGuid() == successorId);
        Assert.Equal("東 みのり", next.GetProperty("userName").GetString());
        Assert.Equal("CredentialKeeper", next.GetProperty("kind").GetString());
        Assert.Equal(holderId, next.GetProperty("handedOverFromId").GetGuid());
        Assert.Equal(JsonValueKind.Null, next.GetProperty("removedAt").ValueKind);
        Assert.Empty(AccessData.ToRemove(await AccessData.BoardEntryAsync(app, id)));

        var audit = Assert.Single(await AccessData.AuditAsync(app, id, "access-holder.handed-over"));
        Assert.Equal("北 ひかり", audit.ActorName);
        Assert.Contains("東 みのり", audit.After, StringComparison.Ordinal);
        Assert.Contains(successorId.ToString(), audit.After, StringComparison.Ordinal);
        Assert.Contains("美深 さくら", audit.Before, StringComparison.Ordinal);
        var page = await (await app.SignInAsync("demo-operator")).GetDocumentAsync($"/operations/{id}/access");
        Assert.Contains("引き継いだ（東 みのりさんへ）", page.QuerySelector("#history")!.TextContent);

        // Recording it twice is refused.
        var again = await api.PostAsJsonAsync($"/api/v1/accounts/{id}/access-holders/{holderId}/removal", new { how = "Removed" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("already-removed", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Bad_input_is_answered_with_the_field_named_and_nothing_is_saved()
    {
        var id = await app.ListedAccountAsync(Given.Policy("権限テスト入力") with { PeriodEnd = FarEnd });
        var api = await app.ApiAsync("demo-operator");
        var op2 = await app.UserAsync("demo-operator2");
        var op3 = await app.UserAsync("demo-operator3");
        async Task<JsonElement> BadAsync(HttpResponseMessage r)
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        }
        var url = $"/api/v1/accounts/{id}/access-holders";

        var e = await BadAsync(await api.PostAsJsonAsync(url, new { }));
        Assert.True(e.TryGetProperty("kind", out _));
        Assert.True(e.TryGetProperty("userId", out _));
        e = await BadAsync(await api.PostAsJsonAsync(url, new { kind = "LinkedPersonalAccount", userId = op3.Id }));
        Assert.Contains("個人アカウント", e.GetProperty("platformHandle")[0].GetString(), StringComparison.Ordinal);
        Assert.True(e.TryGetProperty("platformRole", out _));
        e = await BadAsync(await api.PostAsJsonAsync(url, new { kind = "CredentialKeeper", userId = op2.Id }));
        Assert.Contains("このアカウントの所属の職員", e.GetProperty("userId")[0].GetString(), StringComparison.Ordinal);
        e = await BadAsync(await api.PostAsJsonAsync(url, new { kind = "CredentialKeeper", userId = op3.Id, note = new string('あ', 1001) }));
        Assert.True(e.TryGetProperty("note", out _));
        var unknownKind = await api.PostAsJsonAsync(url, new { kind = "Password", userId = op3.Id });
        Assert.Equal(HttpStatusCode.BadRequest, unknownKind.StatusCode);
        Assert.True((await unknownKind.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("errors", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsync(url, JsonContent.Create<object?>(null))).StatusCode);
        Assert.Equal(0, await app.DbAsync(db => db.AccessHolders.CountAsync(h => h.AccountId == id)));

        var ok = await api.PostAsJsonAsync(url, new { kind = "CredentialKeeper", userId = op3.Id });
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        var holderId = (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var twice = await api.PostAsJsonAsync(url, new { kind = "CredentialKeeper", userId = op3.Id });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal("already-holder", (await twice.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());

        var removal = $"{url}/{holderId}/removal";
        e = await BadAsync(await api.PostAsJsonAsync(removal, new { }));
        Assert.True(e.TryGetProperty("how", out _));
        e = await BadAsync(await api.PostAsJsonAsync(removal, new { how = "HandedOver" }));
        Assert.True(e.TryGetProperty("successorUserId", out _));
        e = await BadAsync(await api.PostAsJsonAsync(removal, new { how = "HandedOver", successorUserId = op3.Id }));
        Assert.Contains("別の職員", e.GetProperty("successorUserId")[0].GetString(), StringComparison.Ordinal);
        e = await BadAsync(await api.PostAsJsonAsync(removal, new { how = "HandedOver", successorUserId = op2.Id }));
        Assert.True(e.TryGetProperty("successorUserId", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsJsonAsync($"{url}/{Guid.NewGuid()}/removal", new { how = "Removed" })).StatusCode);
        Assert.True(await app.DbAsync(db => db.AccessHolders.AnyAsync(h => h.Id == holderId && h.RemovedAt == null)));

        e = await BadAsync(await api.PutAsJsonAsync($"{url}/two-factor", new { }));
        Assert.True(e.TryGetProperty("enabled", out _));
        e = await BadAsync(await api.PutAsJsonAsync($"{url}/two-factor", new { enabled = true }));
        Assert.Contains("コードを受け取る", e.GetProperty("codeRecipient")[0].GetString(), StringComparison.Ordinal);
        Assert.False(await app.DbAsync(db => db.AccountTwoFactors.AnyAsync(t => t.AccountId == id)));

        // The page: the messages in Japanese beside the fields, nothing saved.
        var op = await app.SignInAsync("demo-operator");
        var bad = await op.PostFormAsync($"/operations/{id}/access", new() { ["Add.Kind"] = "LinkedPersonalAccount", ["Add.UserId"] = op3.Id }, handler: "Add");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var doc = await Html.ParseAsync(bad);
        Assert.Contains("連携している職員の個人アカウント（ユーザー名・URL等）を入力してください", doc.QuerySelector("#add-holder")!.TextContent);
        Assert.Contains("媒体上の権限（管理者・編集者など）を選んでください", doc.QuerySelector(".errors")!.TextContent);
        var handOver = await op.PostFormAsync($"/operations/{id}/access", new() { ["Remove.HolderId"] = holderId.ToString(), ["Remove.How"] = "HandedOver" }, handler: "Remove");
        Assert.Equal(HttpStatusCode.OK, handOver.StatusCode);
        Assert.Contains("引き継ぐ職員を選んでください", (await Html.ParseAsync(handOver)).QuerySelector($"tr[data-holder='{holderId}']")!.TextContent);
        Assert.Equal(1, await app.DbAsync(db => db.AccessHolders.CountAsync(h => h.AccountId == id)));
    }

    [Fact]
    public async Task Two_factor_and_the_credential_keeper_are_warnings_on_the_board_and_the_page()
    {
        var id = await app.ListedAccountAsync(Given.Policy("権限テスト二段階") with { PeriodEnd = FarEnd });
        var entry = await AccessData.BoardEntryAsync(app, id);
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("twoFactorEnabled").ValueKind);
        Assert.True(entry.GetProperty("noCredentialKeeper").GetBoolean());
        Assert.False(entry.GetProperty("needsAttention").GetBoolean()); // warnings, not 要対応
        var op = await app.SignInAsync("demo-operator");
        var page = await op.GetDocumentAsync($"/operations/{id}/access");
        Assert.NotNull(page.QuerySelector("#two-factor-off"));
        Assert.NotNull(page.QuerySelector("#no-keeper"));

        var set = await op.PostFormAsync($"/operations/{id}/access", new() { ["Tfa.Enabled"] = "true", ["Tfa.CodeRecipient"] = "課の業務用携帯電話" }, handler: "TwoFactor");
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        page = await op.GetDocumentAsync($"/operations/{id}/access");
        Assert.Null(page.QuerySelector("#two-factor-off"));
        Assert.Contains("課の業務用携帯電話", page.QuerySelector("#two-factor")!.TextContent);
        Assert.True((await AccessData.BoardEntryAsync(app, id)).GetProperty("twoFactorEnabled").GetBoolean());

        var api = await app.ApiAsync("demo-head");
        var off = await api.PutAsJsonAsync($"/api/v1/accounts/{id}/access-holders/two-factor", new { enabled = false });
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        Assert.False((await AccessData.BoardEntryAsync(app, id)).GetProperty("twoFactorEnabled").GetBoolean());
        var same = await api.PutAsJsonAsync($"/api/v1/accounts/{id}/access-holders/two-factor", new { enabled = false });
        Assert.Equal(HttpStatusCode.Conflict, same.StatusCode);
        var audit = await AccessData.AuditAsync(app, id, "two-factor.set");
        Assert.Equal(2, audit.Count);
        Assert.Equal("北 ひかり", audit[0].ActorName);
        Assert.Equal("南 大地", audit[1].ActorName);
        Assert.Contains("\"enabled\":false", audit[1].After, StringComparison.Ordinal);

        // The CSV has the columns.
        var csv = await (await app.SignInAsync("demo-pr")).GetStringAsync($"/board?handler=Csv");
        Assert.Contains("要削除の権限（異動・退職）,二段階認証,ID・パスワード保管者", csv, StringComparison.Ordinal);
        Assert.Contains(csv.Split("\r\n"), l => l.StartsWith("権限テスト二段階,", StringComparison.Ordinal) && l.EndsWith(",,無効,未記録", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_demo_data_has_a_transferred_holder_on_the_board()
    {
        var tourism = await app.AccountIdAsync("名寄市観光情報（デモ）");
        var entry = await AccessData.BoardEntryAsync(app, tourism);
        Assert.Equal(["旭 ゆうき"], AccessData.ToRemove(entry));
        Assert.True(entry.GetProperty("twoFactorEnabled").GetBoolean());
        var kosodate = await AccessData.BoardEntryAsync(app, await app.AccountIdAsync("なよろ子育て応援（デモ）"));
        Assert.Empty(AccessData.ToRemove(kosodate));
        Assert.False(kosodate.GetProperty("noCredentialKeeper").GetBoolean());
    }

    [Fact]
    public async Task The_heads_review_shows_the_recorded_holders_with_the_one_to_remove()
    {
        var tourism = await app.AccountIdAsync("名寄市観光情報（デモ）");
        var head = await app.SignInAsync("demo-head");
        var page = await head.GetDocumentAsync($"/operations/{tourism}/reviews");
        var item = page.QuerySelectorAll("fieldset, .review-item, li, p").Select(e => e.TextContent).First(t => t.Contains("旭 ゆうき", StringComparison.Ordinal) && t.Contains("要削除", StringComparison.Ordinal));
        Assert.Contains("異動", item, StringComparison.Ordinal);
        Assert.Contains("二段階認証: 有効", page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, true, "s", RemovalNeed.None)]
    [InlineData(true, true, "other", RemovalNeed.Transferred)]
    [InlineData(true, true, null, RemovalNeed.Transferred)]
    [InlineData(true, false, "s", RemovalNeed.Left)]
    [InlineData(true, false, "other", RemovalNeed.Left)]
    [InlineData(false, false, "other", RemovalNeed.None)]
    [InlineData(false, true, "s", RemovalNeed.None)]
    public void The_flag_is_derived_from_the_user_as_they_are_now(bool current, bool active, string? section, RemovalNeed expected)
    {
        var s = Guid.NewGuid();
        Guid? userSection = section switch { "s" => s, null => null, _ => Guid.NewGuid() };
        Assert.Equal(expected, AccessHolder.NeedOf(current, s, userSection, active));
    }
}
