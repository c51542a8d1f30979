using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Domain.Audit;
using MuniSocial.Infrastructure;
using MuniSocial.Jobs;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Audit;

/// <summary>
/// The chain is keyed (HMAC under Audit:ChainKey, not in the database) and its head goes out of the database (signed export,
/// the API, the PR office's daily e-mail); verify-audit --anchor finds a cut tail or a re-hashed chain.
/// </summary>
public sealed class AuditAnchorTests : IAsyncLifetime
{
    private readonly SmtpAppFactory _app = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("munisocial-anchor-").FullName;

    public Task InitializeAsync() => _app.InitializeAsync();

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_app).DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_rewritten_entry_with_the_whole_chain_rehashed_in_plain_sha256_is_detected()
    {
        var entries = await EntriesAsync();
        Assert.Equal(AuditEntry.KeyedMarkerAction, entries[0].Action); // a new database is keyed from its first entry
        var victim = entries[entries.Count / 2];

        // Someone with write access to the table rewrites an entry and re-hashes every entry with SHA-256 (as before the key).
        await RehashAsync((seq, e) => seq == victim.Sequence ? e with { After = "{\"tampered\":true}" } : e, key: null);
        var (code, output) = await VerifyAsync();
        Assert.Equal(1, code);
        Assert.Contains("最初の不整合は連番 1。", output, StringComparison.Ordinal);
        Assert.Contains("鍵付きハッシュ（HMAC）と一致しません", output, StringComparison.Ordinal);

        // … and drops the marker too: the chain without it is refused.
        await RehashAsync((_, e) => e.Action == AuditEntry.KeyedMarkerAction ? e with { Action = "audit.note" } : e, key: null);
        (code, output) = await VerifyAsync();
        Assert.Equal(1, code);
        Assert.Contains("鍵付きの連鎖の開始記録（audit.chain-keyed）がありません", output, StringComparison.Ordinal);

        // The same through the API the auditors use.
        var api = await _app.ApiAsync("demo-admin");
        var result = await (await api.PostAsync("/api/v1/audit/verification", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(result.GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task Cutting_the_tail_is_detected_with_the_exported_anchor()
    {
        var file = Path.Combine(_folder, "anchor.json");
        Assert.Equal(0, await ExportAsync(file));
        var anchor = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        var sequence = anchor["sequence"]!.GetValue<long>();
        Assert.Equal((await EntriesAsync())[^1].Sequence, sequence);
        Assert.Equal(64, anchor["signature"]!.GetValue<string>().Length);

        await AddEntriesAsync(3);
        var (code, output) = await VerifyAsync(file);
        Assert.Equal(0, code);
        Assert.Contains($"控え（アンカー）の記録（連番 {sequence}）も一致しました。", output, StringComparison.Ordinal);

        // The last entries, the anchored one among them, are deleted.
        await _app.DbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\" WHERE \"Sequence\" >= {0}", sequence));
        (code, _) = await VerifyAsync();
        Assert.Equal(0, code); // the rest still links: only the anchor shows what is missing
        (code, output) = await VerifyAsync(file);
        Assert.Equal(1, code);
        Assert.Contains($"最初の不整合は連番 {sequence}。控え（アンカー）の連番 {sequence} の監査記録がありません（最終連番 {sequence - 1}）", output, StringComparison.Ordinal);
        (code, output) = await VerifyAsync($"{sequence}:{anchor["hash"]!.GetValue<string>()}");
        Assert.Equal(1, code);
        Assert.Contains("末尾の記録が削除された可能性があります", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chain_rehashed_even_with_the_key_differs_from_the_anchor()
    {
        var file = Path.Combine(_folder, "anchor.json");
        Assert.Equal(0, await ExportAsync(file));
        var sequence = JsonNode.Parse(await File.ReadAllTextAsync(file))!["sequence"]!.GetValue<long>();
        await AddEntriesAsync(2);

        var key = _app.Services.GetRequiredService<AuditChainKey>();
        await RehashAsync((seq, e) => seq == sequence - 2 ? e with { ActorName = "別人" } : e, key);
        Assert.Equal(0, (await VerifyAsync()).Code);
        var (code, output) = await VerifyAsync(file);
        Assert.Equal(1, code);
        Assert.Contains($"連番 {sequence} のハッシュが控え（アンカー）と一致しません", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_anchor_file_is_refused()
    {
        var file = Path.Combine(_folder, "anchor.json");
        Assert.Equal(0, await ExportAsync(file));
        var json = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        json["sequence"] = json["sequence"]!.GetValue<long>() - 1;
        await File.WriteAllTextAsync(file, json.ToJsonString());
        var (code, output) = await VerifyAsync(file);
        Assert.Equal(1, code);
        Assert.Contains("署名が一致しません", output, StringComparison.Ordinal);

        (code, output) = await VerifyAsync("not-an-anchor");
        Assert.Equal(1, code);
        Assert.Contains("ファイルでも、64桁のハッシュ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_gives_the_signed_head_to_the_pr_office_and_the_admin_only()
    {
        var response = await (await _app.ApiAsync("demo-pr")).GetAsync("/api/v1/audit/anchor");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var file = Path.Combine(_folder, "from-api.json");
        await File.WriteAllTextAsync(file, body);
        Assert.Equal(0, (await VerifyAsync(file)).Code);
        Assert.Equal(JsonNode.Parse(body)!["sequence"]!.GetValue<long>(), (await EntriesAsync())[^1].Sequence);

        Assert.Equal(HttpStatusCode.Forbidden, (await (await _app.ApiAsync("demo-operator")).GetAsync("/api/v1/audit/anchor")).StatusCode);
    }

    [Fact]
    public async Task The_pr_office_daily_summary_carries_the_head()
    {
        var head = (await EntriesAsync())[^1];
        await _app.Services.GetRequiredService<JobRunner>().RunAsync(DailyReminderJob.Name, "schedule", CancellationToken.None);
        var summary = Assert.Single(_app.Mail.To("demo-pr@demo.munisocial.invalid"), m => m.Subject!.StartsWith("【運用状況】", StringComparison.Ordinal));
        Assert.Contains($"照合: verify-audit --anchor {head.Sequence}:{head.Hash}", summary.TextBody!, StringComparison.Ordinal);
        Assert.Equal(0, (await VerifyAsync($"{head.Sequence}:{head.Hash}")).Code);
    }

    private Task<List<AuditEntry>> EntriesAsync() =>
        _app.DbAsync(db => db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync());

    private Task AddEntriesAsync(int count) => _app.DbAsync(async db =>
    {
        for (var i = 0; i < count; i++)
        {
            db.AddAudit(new AuditRecord("test.saved", "Test", i.ToString(System.Globalization.CultureInfo.InvariantCulture), "system", "テスト", _app.Clock.GetUtcNow()));
        }
        await db.SaveChangesAsync();
    });

    /// <summary>What an attacker with write access to the table does: every entry rewritten as <paramref name="change"/> says and chained again.</summary>
    private Task RehashAsync(Func<long, AuditRecord, AuditRecord> change, AuditChainKey? key) => _app.DbAsync(async db =>
    {
        var previous = AuditEntry.GenesisHash;
        foreach (var e in await db.AuditEntries.AsNoTracking().OrderBy(x => x.Sequence).ToListAsync())
        {
            var record = change(e.Sequence, new AuditRecord(e.Action, e.EntityType, e.EntityId, e.ActorId, e.ActorName, e.At, e.Before, e.After, e.Reason));
            var forged = AuditEntry.Chain(record, e.Sequence, previous, key);
            await db.Database.ExecuteSqlRawAsync(
                "UPDATE \"AuditEntries\" SET \"Action\" = {0}, \"ActorName\" = {1}, \"PreviousHash\" = {2}, \"Hash\" = {3} WHERE \"Sequence\" = {4}",
                forged.Action, forged.ActorName, forged.PreviousHash, forged.Hash, forged.Sequence);
            if (forged.After is not null && forged.After != e.After)
            {
                await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"After\" = {0} WHERE \"Sequence\" = {1}", forged.After, forged.Sequence);
            }
            previous = forged.Hash;
        }
    });

    private async Task<int> ExportAsync(string file)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        using var output = new StringWriter();
        return await Commands.ExportAnchorAsync(scope.ServiceProvider, [file], output);
    }

    private async Task<(int Code, string Output)> VerifyAsync(string? anchor = null)
    {
        using var output = new StringWriter();
        var code = await _app.DbAsync(db => Commands.VerifyAuditAsync(db, output, anchor));
        return (code, output.ToString());
    }
}
