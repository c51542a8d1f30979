using System.Security.Cryptography;
using MuniSocial.Domain.Audit;

namespace MuniSocial.Tests.Domain.Audit;

/// <summary>
/// The keyed chain: plain SHA-256 up to the audit.chain-keyed marker (a database written before the key), HMAC from it on.
/// Whoever can write the table but does not hold the key cannot make a rewritten chain verify again.
/// </summary>
public sealed class AuditChainKeyTests
{
    private static readonly AuditChainKey Key = new(RandomNumberGenerator.GetBytes(32));
    private static readonly DateTimeOffset At = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static AuditRecord Record(string action, int i) => new(action, "Test", i.ToString(System.Globalization.CultureInfo.InvariantCulture), "u1", "職員", At.AddMinutes(i), After: "{\"i\":" + i + "}");

    /// <summary>Three entries written before the key, the marker, then three keyed entries.</summary>
    private static List<AuditEntry> LegacyThenKeyed(AuditChainKey? keyedWith, Func<int, AuditRecord>? change = null)
    {
        var entries = new List<AuditEntry>();
        var previous = AuditEntry.GenesisHash;
        var keyed = false;
        for (var i = 1; i <= 7; i++)
        {
            var record = change?.Invoke(i) ?? Record(i == 4 ? AuditEntry.KeyedMarkerAction : "test.saved", i);
            keyed |= record.Action == AuditEntry.KeyedMarkerAction;
            var entry = AuditEntry.Chain(record, i, previous, keyed ? keyedWith : null);
            entries.Add(entry);
            previous = entry.Hash;
        }
        return entries;
    }

    [Fact]
    public void Entries_written_before_the_key_keep_verifying_and_the_rest_is_hmac()
    {
        var entries = LegacyThenKeyed(Key);
        var report = AuditChain.Verify(entries, Key);
        Assert.True(report.IsIntact, report.Problem);
        Assert.Equal(7, report.EntriesChecked);
        Assert.Equal(entries[^1].Hash, report.LastHash);
        Assert.Equal(entries[0].ComputeHash(null), entries[0].Hash);
        Assert.NotEqual(entries[4].ComputeHash(null), entries[4].Hash);
    }

    [Fact]
    public void A_chain_rehashed_with_plain_sha256_keeping_the_marker_fails_at_the_marker()
    {
        var forged = LegacyThenKeyed(keyedWith: null, i => i == 6 ? Record("test.saved", 60) : Record(i == 4 ? AuditEntry.KeyedMarkerAction : "test.saved", i));
        Assert.True(AuditChain.Verify(forged, key: null).IsIntact); // as it was before the key: it would have passed
        var report = AuditChain.Verify(forged, Key);
        Assert.Equal(4, report.FirstBrokenSequence);
        Assert.Contains("鍵付きハッシュ（HMAC）と一致しません", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chain_rehashed_with_plain_sha256_without_the_marker_is_refused()
    {
        var forged = LegacyThenKeyed(keyedWith: null, i => Record("test.saved", i));
        var report = AuditChain.Verify(forged, Key);
        Assert.False(report.IsIntact);
        Assert.Equal(1, report.FirstBrokenSequence);
        Assert.Contains("鍵付きの連鎖の開始記録（audit.chain-keyed）がありません", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chain_rehashed_with_another_key_fails_at_the_marker()
    {
        var report = AuditChain.Verify(LegacyThenKeyed(new AuditChainKey(RandomNumberGenerator.GetBytes(32))), Key);
        Assert.Equal(4, report.FirstBrokenSequence);
    }

    [Fact]
    public void Changing_an_entry_before_the_marker_breaks_the_marker_link()
    {
        var entries = LegacyThenKeyed(Key);
        // Rewrite entry 2 and re-hash 2..3 with plain SHA-256 (as the legacy part is): the keyed marker still holds the old hash.
        var forged = LegacyThenKeyed(null, i => Record(i == 4 ? AuditEntry.KeyedMarkerAction : "test.saved", i == 2 ? 20 : i)).Take(3).Concat(entries.Skip(3)).ToList();
        Assert.Equal(4, AuditChain.Verify(forged, Key).FirstBrokenSequence);
    }

    [Fact]
    public void An_anchor_finds_a_cut_tail_and_a_rewritten_chain()
    {
        var entries = LegacyThenKeyed(Key);
        var anchor = new AuditAnchor(6, entries[5].Hash);
        Assert.True(AuditChain.Verify(entries, Key, anchor).IsIntact);

        var cut = AuditChain.Verify(entries.Take(5), Key, anchor);
        Assert.Equal(6, cut.FirstBrokenSequence);
        Assert.Contains("控え（アンカー）の連番 6 の監査記録がありません（最終連番 5）", cut.Problem, StringComparison.Ordinal);
        Assert.True(AuditChain.Verify(entries.Take(5), Key).IsIntact); // without the anchor a cut tail cannot be seen

        // Re-hashed even with the key (an insider holding it): the anchored hash differs.
        var rewritten = LegacyThenKeyed(Key, i => Record(i == 4 ? AuditEntry.KeyedMarkerAction : "test.saved", i == 5 ? 50 : i));
        Assert.True(AuditChain.Verify(rewritten, Key).IsIntact);
        var report = AuditChain.Verify(rewritten, Key, anchor);
        Assert.Equal(6, report.FirstBrokenSequence);
        Assert.Contains("控え（アンカー）と一致しません", report.Problem, StringComparison.Ordinal);

        // A bare hash (as typed from the e-mail) works the same.
        Assert.True(AuditChain.Verify(entries, Key, new AuditAnchor(null, entries[5].Hash)).IsIntact);
        Assert.False(AuditChain.Verify(rewritten, Key, new AuditAnchor(null, entries[5].Hash)).IsIntact);
    }
}
