using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Audit;
using MuniSocial.Infrastructure;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Audit;

/// <summary>The audit page and API: who may read it, filters in Tokyo days, paging, and the verify button.</summary>
public sealed class AuditPageTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static string Unique(string name) => $"{name}{Guid.NewGuid().ToString("N")[..6]}";

    private async Task<Guid> AddDepartmentAsync(string name)
    {
        var api = await app.ApiAsync("demo-admin");
        var response = await api.PostAsJsonAsync("/api/v1/organisation/departments", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task Only_the_pr_office_and_the_admin_read_the_audit()
    {
        var anonymous = await app.Anonymous().GetAsync("/audit");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/login", anonymous.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync("/api/v1/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostAsync("/api/v1/audit/verification", null)).StatusCode);

        foreach (var user in new[] { "demo-operator", "demo-head", "demo-operator2", "demo-head2" })
        {
            var client = await app.SignInAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/audit")).StatusCode);
            var api = await app.ApiAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/v1/audit")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsync("/api/v1/audit/verification", null)).StatusCode);
        }
        foreach (var user in new[] { "demo-pr", "demo-pr2", "demo-admin" })
        {
            var client = await app.SignInAsync(user);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/audit")).StatusCode);
            var api = await app.ApiAsync(user);
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/audit")).StatusCode);
        }
    }

    [Fact]
    public async Task Entries_show_who_when_what_before_after_and_hash_newest_first()
    {
        // Signed in first: the sign-in is an audited security event, and the department is to be the newest entry.
        var client = await app.SignInAsync("demo-pr");
        var name = Unique("監査部");
        var id = await AddDepartmentAsync(name);
        var doc = await client.GetDocumentAsync("/audit");
        var rows = doc.QuerySelectorAll("ol.audit-entries > li").ToList();
        var sequences = rows.Select(r => long.Parse(r.GetAttribute("data-sequence")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(sequences.OrderDescending(), sequences);
        Assert.True(rows.Count <= 50);

        var entry = await app.DbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.EntityId == id.ToString()));
        var row = rows.First();
        Assert.Equal(entry.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), row.GetAttribute("data-sequence"));
        var text = row.TextContent;
        Assert.Contains("情報 管理", text, StringComparison.Ordinal);
        Assert.Contains(MuniSocial.Domain.Wareki.FormatDateTime(entry.At), text, StringComparison.Ordinal); // 令和…, Tokyo time
        Assert.StartsWith("令和8年6月", MuniSocial.Domain.Wareki.FormatDateTime(entry.At), StringComparison.Ordinal);
        Assert.Contains("部の追加", text, StringComparison.Ordinal);
        Assert.Contains(name, text, StringComparison.Ordinal);
        Assert.Contains(entry.Hash, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filters_by_action_entity_user_and_tokyo_dates_and_pages_through()
    {
        // 2026-06-03 00:30 in Tokyo is still 2026-06-02 in UTC: the filter must use the Tokyo day.
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 6, 2, 15, 30, 0, TimeSpan.Zero));
        var name = Unique("深夜部");
        var id = await AddDepartmentAsync(name);
        var api = await app.ApiAsync("demo-pr");

        async Task<JsonElement> Get(string query) => await api.GetFromJsonAsync<JsonElement>("/api/v1/audit?" + query);
        var byEntity = await Get($"entityId={id}");
        Assert.Equal(1, byEntity.GetProperty("total").GetInt32());
        var item = byEntity.GetProperty("items")[0];
        Assert.Equal("organisation.department-created", item.GetProperty("action").GetString());
        Assert.Equal((await app.UserAsync("demo-admin")).Id, item.GetProperty("actorId").GetString());

        Assert.Equal(1, (await Get($"entityId={id}&from=2026-06-03&to=2026-06-03")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await Get($"entityId={id}&to=2026-06-02")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await Get($"entityId={id}&from=2026-06-04")).GetProperty("total").GetInt32());
        Assert.Equal(1, (await Get($"entityId={id}&action=organisation.department-created&user=demo-admin")).GetProperty("total").GetInt32());
        Assert.Equal(1, (await Get($"entityId={id}&action=organisation.*&user=情報")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await Get($"entityId={id}&action=user.created")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await Get($"entityId={id}&user=demo-pr")).GetProperty("total").GetInt32());

        // Paging: newest first, no entry twice.
        var all = await Get("pageSize=200");
        var total = all.GetProperty("total").GetInt32();
        Assert.True(total > 4);
        var page1 = await Get("pageSize=3&page=1");
        var page2 = await Get("pageSize=3&page=2");
        var seqs = page1.GetProperty("items").EnumerateArray().Concat(page2.GetProperty("items").EnumerateArray())
            .Select(i => i.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(6, seqs.Distinct().Count());
        Assert.Equal(seqs.OrderDescending(), seqs);
        Assert.Equal(total, page2.GetProperty("total").GetInt32());

        // The page does the same with the same words.
        var client = await app.SignInAsync("demo-admin");
        var doc = await client.GetDocumentAsync($"/audit?from=2026-06-03&to=2026-06-03&action=organisation.department-created");
        Assert.Contains(name, doc.Text(), StringComparison.Ordinal);
        doc = await client.GetDocumentAsync($"/audit?action=organisation.department-created&entityId={id}");
        Assert.Contains(name, doc.QuerySelector("ol.audit-entries")!.TextContent, StringComparison.Ordinal);
        doc = await client.GetDocumentAsync($"/audit?action=user.created&entityId={id}");
        Assert.DoesNotContain(name, doc.QuerySelector("ol.audit-entries")!.TextContent, StringComparison.Ordinal);
        doc = await client.GetDocumentAsync($"/audit?user=demo-pr&entityId={id}");
        Assert.DoesNotContain(name, doc.QuerySelector("ol.audit-entries")!.TextContent, StringComparison.Ordinal);
        doc = await client.GetDocumentAsync($"/audit?to=2026-06-02&entityId={id}");
        Assert.DoesNotContain(name, doc.QuerySelector("ol.audit-entries")!.TextContent, StringComparison.Ordinal);
        doc = await client.GetDocumentAsync("/audit?pageNumber=2");
        Assert.Contains("2 / ", doc.QuerySelector("#audit-count")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(doc.QuerySelector("a[href*='pageNumber=1']"));
    }

    [Fact]
    public async Task Bad_filters_are_explained_not_crashed_on()
    {
        var api = await app.ApiAsync("demo-admin");
        var response = await api.GetAsync("/api/v1/audit?from=2026/13/01");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("開始日は 2026-06-01 の形式で入力してください。", problem.GetProperty("errors").GetProperty("from")[0].GetString());
        response = await api.GetAsync("/api/v1/audit?from=2026-06-10&to=2026-06-01");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("to", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/audit?pageSize=1000")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/audit?page=0")).StatusCode);

        var client = await app.SignInAsync("demo-pr");
        var page = await client.GetAsync("/audit?from=yesterday&pageNumber=-3");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("開始日は 2026-06-01 の形式で入力してください。", (await Html.ParseAsync(page)).Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_verify_button_and_the_api_report_an_intact_chain()
    {
        var client = await app.SignInAsync("demo-pr"); // audited itself: counted after
        var count = await app.DbAsync(db => db.AuditEntries.CountAsync());
        var response = await client.PostFormAsync("/audit", new(), handler: "Verify");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"監査記録の連鎖は正常です（{count} 件を検証しました）。", (await Html.ParseAsync(response)).Text(), StringComparison.Ordinal);

        var api = await app.ApiAsync("demo-admin");
        var result = await (await api.PostAsync("/api/v1/audit/verification", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(result.GetProperty("intact").GetBoolean());
        Assert.True(result.GetProperty("entriesChecked").GetInt64() >= count);
        Assert.Equal(JsonValueKind.Null, result.GetProperty("firstBrokenSequence").ValueKind);
    }
}

/// <summary>The chain links each save's entries to the one before; changing a stored entry breaks it visibly.</summary>
public sealed class AuditTamperTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Entries_link_and_tampering_is_found_by_the_command_the_button_and_the_api()
    {
        // A few more saves on top of the seed, through the front door.
        var api = await app.ApiAsync("demo-admin");
        foreach (var name in new[] { "連鎖部A", "連鎖部B", "連鎖部C" })
        {
            Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/organisation/departments", new { name })).StatusCode);
        }
        var entries = await app.DbAsync(db => db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync());
        Assert.True(entries.Count > 10);
        Assert.Equal(AuditEntry.GenesisHash, entries[0].PreviousHash);
        for (var i = 0; i < entries.Count; i++)
        {
            Assert.Equal(i + 1, entries[i].Sequence);
            Assert.Equal(entries[i].ComputeHash(Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<MuniSocial.Domain.Audit.AuditChainKey>(app.Services)), entries[i].Hash);
            if (i > 0)
            {
                Assert.Equal(entries[i - 1].Hash, entries[i].PreviousHash);
            }
        }
        var (code, output) = await VerifyAsync();
        Assert.Equal(0, code);
        Assert.Contains($"監査記録の連鎖は正常です（{entries.Count}件）。", output, StringComparison.Ordinal);

        // Someone with database access rewrites what an entry says.
        var victim = entries[entries.Count / 2];
        await app.DbAsync(db => db.Database.ExecuteSqlRawAsync(
            "UPDATE \"AuditEntries\" SET \"After\" = {0} WHERE \"Sequence\" = {1}", "{\"status\":\"Listed\"}", victim.Sequence));

        (code, output) = await VerifyAsync();
        Assert.Equal(1, code);
        Assert.Contains($"最初の不整合は連番 {victim.Sequence}。", output, StringComparison.Ordinal);
        Assert.Contains("改ざんの可能性", output, StringComparison.Ordinal);

        var client = await app.SignInAsync("demo-admin");
        var page = await Html.ParseAsync(await client.PostFormAsync("/audit", new(), handler: "Verify"));
        var alert = page.QuerySelector(".notice.danger")!.TextContent;
        Assert.Contains($"最初の不整合は連番 {victim.Sequence} です。", alert, StringComparison.Ordinal);

        var result = await (await api.PostAsync("/api/v1/audit/verification", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(result.GetProperty("intact").GetBoolean());
        Assert.Equal(victim.Sequence, result.GetProperty("firstBrokenSequence").GetInt64());
        Assert.Equal(victim.Sequence - 1, result.GetProperty("entriesChecked").GetInt64());

        // Putting the original text back makes the chain whole again: the check is exact, not a false alarm.
        await app.DbAsync(db => db.Database.ExecuteSqlRawAsync(
            "UPDATE \"AuditEntries\" SET \"After\" = {0} WHERE \"Sequence\" = {1}", victim.After!, victim.Sequence));
        (code, _) = await VerifyAsync();
        Assert.Equal(0, code);
    }

    private async Task<(int Code, string Output)> VerifyAsync()
    {
        using var output = new StringWriter();
        var code = await app.DbAsync(db => Commands.VerifyAuditAsync(db, output));
        return (code, output.ToString());
    }
}

/// <summary>Removing an entry leaves a gap in the sequence that the verification names.</summary>
public sealed class AuditDeletionTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Deleting_a_stored_entry_is_detected()
    {
        var count = await app.DbAsync(db => db.AuditEntries.CountAsync());
        Assert.True(count > 5);
        var victim = (long)(count / 2);
        await app.DbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = {0}", victim));

        using var output = new StringWriter();
        var code = await app.DbAsync(db => Commands.VerifyAuditAsync(db, output));
        Assert.Equal(1, code);
        Assert.Contains($"最初の不整合は連番 {victim}。", output.ToString(), StringComparison.Ordinal);
        Assert.Contains($"連番 {victim} の監査記録がありません", output.ToString(), StringComparison.Ordinal);

        var client = await app.SignInAsync("demo-pr");
        var page = await Html.ParseAsync(await client.PostFormAsync("/audit", new(), handler: "Verify"));
        Assert.Contains($"最初の不整合は連番 {victim} です。", page.QuerySelector(".notice.danger")!.TextContent, StringComparison.Ordinal);
    }
}
