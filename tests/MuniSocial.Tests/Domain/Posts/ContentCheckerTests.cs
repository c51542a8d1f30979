using System.Globalization;
using System.Text.Json;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Posts;
using Xunit.Abstractions;

namespace MuniSocial.Tests.Domain.Posts;

/// <summary>The content check against a corpus of Japanese sentences, and its parts as tables.</summary>
public sealed class ContentCheckerTests(ITestOutputHelper output)
{
    /// <summary>The window the corpus's timed rows are checked against: weekdays 8:45–17:30, holidays excluded, 令和8年度.</summary>
    private static readonly OperatingWindow CorpusWindow = new(OperatingDays.Weekdays, new TimeOnly(8, 45), new TimeOnly(17, 30), true,
        new DateOnly(2026, 4, 1), new DateOnly(2027, 3, 31));

    /// <summary>Every kind, old and new, must reach this precision and this recall on the corpus.</summary>
    private const double Threshold = 0.95;

    private sealed record Row(string Text, string[] Expected, string? Platform, string? At, bool Comment);

    private static List<Row> Corpus()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Domain", "Posts", "content-check-corpus.jsonl");
        return [.. File.ReadLines(path).Where(l => l.Length > 0).Select(l =>
        {
            var e = JsonDocument.Parse(l).RootElement;
            return new Row(e.GetProperty("text").GetString()!, [.. e.GetProperty("expected").EnumerateArray().Select(x => x.GetString()!)],
                e.TryGetProperty("platform", out var p) ? p.GetString() : null, e.TryGetProperty("at", out var a) ? a.GetString() : null,
                e.TryGetProperty("comment", out var c) && c.GetBoolean());
        })];
    }

    private static CheckContext ContextOf(Row row)
    {
        if (row.Comment)
        {
            return new CheckContext(null) { Comment = true };
        }
        var platform = row.Platform is null ? (Platform?)null : Enum.Parse<Platform>(row.Platform);
        if (row.At is null)
        {
            return new CheckContext(platform);
        }
        var local = DateTime.ParseExact(row.At, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        return new CheckContext(platform, new DateTimeOffset(local, TimeSpan.FromHours(9)), CorpusWindow);
    }

    [Fact]
    public void Corpus_has_positives_and_negatives_for_every_kind()
    {
        var corpus = Corpus();
        Assert.True(corpus.Count >= 200, $"the corpus has {corpus.Count} rows");
        foreach (var kind in FindingKinds.All.Select(FindingKinds.Code))
        {
            var added = FindingKinds.AddedLater(FindingKinds.FromCode(kind)!.Value);
            Assert.True(corpus.Count(r => r.Expected.Contains(kind)) >= (added ? 25 : 2), $"{kind} has too few positives");
            var applicable = corpus.Where(r => kind switch
            {
                "length" => r.Platform is not null,
                "outside-hours" or "outside-period" => r.At is not null,
                "advertising" or "discrimination" => r.Comment,
                _ => true,
            });
            Assert.True(applicable.Count(r => !r.Expected.Contains(kind)) >= 2, $"{kind} has too few negatives");
        }
    }

    [Fact]
    public void Precision_and_recall_per_kind_on_the_corpus()
    {
        var corpus = Corpus();
        var checker = ContentChecker.Default;
        var stats = FindingKinds.All.ToDictionary(FindingKinds.Code, _ => (tp: 0, fp: 0, fn: 0));
        var misses = new List<string>();
        foreach (var row in corpus)
        {
            var found = checker.Check(row.Text, ContextOf(row)).Select(f => FindingKinds.Code(f.Kind)).ToHashSet();
            foreach (var kind in stats.Keys)
            {
                var expected = row.Expected.Contains(kind);
                var got = found.Contains(kind);
                var s = stats[kind];
                stats[kind] = (s.tp + (expected && got ? 1 : 0), s.fp + (!expected && got ? 1 : 0), s.fn + (expected && !got ? 1 : 0));
                if (expected != got)
                {
                    misses.Add($"{(got ? "FP" : "FN")} {kind}: {(row.Text.Length > 60 ? row.Text[..60] + "…" : row.Text)}");
                }
            }
        }
        output.WriteLine($"{"kind",-22} {"TP",4} {"FP",4} {"FN",4} {"precision",10} {"recall",8}");
        foreach (var (kind, s) in stats)
        {
            var precision = s.tp + s.fp == 0 ? 1.0 : (double)s.tp / (s.tp + s.fp);
            var recall = s.tp + s.fn == 0 ? 1.0 : (double)s.tp / (s.tp + s.fn);
            output.WriteLine($"{kind,-22} {s.tp,4} {s.fp,4} {s.fn,4} {precision,10:P1} {recall,8:P1}");
        }
        foreach (var m in misses)
        {
            output.WriteLine(m);
        }
        foreach (var (kind, s) in stats)
        {
            var precision = s.tp + s.fp == 0 ? 1.0 : (double)s.tp / (s.tp + s.fp);
            var recall = s.tp + s.fn == 0 ? 1.0 : (double)s.tp / (s.tp + s.fn);
            Assert.True(precision >= Threshold, $"{kind}: precision {precision:P1}\n{string.Join("\n", misses)}");
            Assert.True(recall >= Threshold, $"{kind}: recall {recall:P1}\n{string.Join("\n", misses)}");
        }
    }

    [Theory]
    [InlineData("123456789018", true)]
    [InlineData("123456789012", false)]
    [InlineData("341672110680", true)]
    [InlineData("341672110683", false)]
    [InlineData("403885421439", true)]
    [InlineData("044324451959", true)]
    [InlineData("000000000000", true)] // all zeros: remainder 0 → check digit 0
    [InlineData("12345678901", false)] // 11 digits
    [InlineData("1234567890185", false)] // 13 digits
    [InlineData("12345678901a", false)]
    public void My_number_check_digit(string digits, bool valid) => Assert.Equal(valid, MyNumber.IsValid(digits));

    [Fact]
    public void Positions_point_at_the_original_text_even_after_width_folding()
    {
        const string text = "ﾃｽﾄ：電話は０１６５４－３－２１１１、ﾊﾞｶ。";
        var findings = ContentChecker.Default.Check(text, new CheckContext(null));
        var phone = Assert.Single(findings, f => f.Kind == FindingKind.Phone);
        Assert.Equal("０１６５４－３－２１１１", text.Substring(phone.Start, phone.Length));
        var insult = Assert.Single(findings, f => f.Kind == FindingKind.Expression);
        Assert.Equal("ﾊﾞｶ", text.Substring(insult.Start, insult.Length));
        Assert.Equal(Severity.Error, insult.Severity);
        Assert.Equal("6(1)キ", insult.Clause);
    }

    [Fact]
    public void Positions_count_utf16_code_units_after_surrogate_pairs()
    {
        const string text = "🌻🌻 𠮷野家 info@example.com";
        var email = Assert.Single(ContentChecker.Default.Check(text, new CheckContext(null)));
        Assert.Equal("info@example.com", text.Substring(email.Start, email.Length));
        Assert.Equal(text.IndexOf('i', StringComparison.Ordinal), email.Start);
    }

    [Fact]
    public void Severities_and_dictionaries_follow_the_pr_office_settings()
    {
        var rules = ContentCheckRules.Default with
        {
            Expressions = ["ポンコツ"],
            Severities = new Dictionary<FindingKind, Severity> { [FindingKind.Phone] = Severity.Error, [FindingKind.Expression] = Severity.Warning },
        };
        var findings = new ContentChecker(rules, new MuniSocial.Domain.Operations.BusinessCalendar()).Check("ぽんこつな電話090-1234-5678。バカ。", new CheckContext(null));
        Assert.Equal(Severity.Error, Assert.Single(findings, f => f.Kind == FindingKind.Phone).Severity);
        var word = Assert.Single(findings, f => f.Kind == FindingKind.Expression);
        Assert.Equal(Severity.Warning, word.Severity);
        Assert.Equal(0, word.Start); // バカ is no longer in the dictionary
    }

    [Fact]
    public void Length_finding_marks_the_part_beyond_the_limit()
    {
        var text = new string('あ', 150);
        var f = Assert.Single(ContentChecker.Default.Check(text, new CheckContext(Platform.X)));
        Assert.Equal(FindingKind.Length, f.Kind);
        Assert.Equal(140, f.Start);
        Assert.Equal(10, f.Length);
        Assert.Contains("280", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Backtracking_prone_inputs_of_100_000_characters_are_checked_without_an_exception()
    {
        // Inputs that make naive regular expressions backtrack: long digit runs with separators, many '@', long URL-like text.
        // This checks that such text is checked to the end without throwing; it does not time the check (test machines are
        // too noisy for that), so linearity is not what it proves.
        string[] inputs =
        [
            string.Concat(Enumerable.Repeat("0-", 50_000)),
            string.Concat(Enumerable.Repeat("a@", 50_000)),
            "https://" + new string('a', 100_000),
            string.Concat(Enumerable.Repeat("1丁目", 30_000)),
            string.Concat(Enumerable.Repeat("ばかり", 30_000)),
            // The scanners of issue 10: passwords, hosts and addresses, tokens, 管理画面, phrase rules with context words.
            string.Concat(Enumerable.Repeat("パスワード:", 15_000)),
            string.Concat(Enumerable.Repeat("192.168.1.", 15_000)),
            string.Concat(Enumerable.Repeat("a.", 50_000)) + "local",
            "sk-" + new string('a', 50_000) + new string('1', 50_000),
            string.Concat(Enumerable.Repeat("管理画面", 25_000)),
            string.Concat(Enumerable.Repeat("大麻防止", 25_000)),
            string.Concat(Enumerable.Repeat("山田太郎・45歳", 10_000)),
            string.Concat(Enumerable.Repeat("1234.5678.", 10_000)),
        ];
        foreach (var input in inputs)
        {
            _ = ContentChecker.Default.Check(input, new CheckContext(Platform.X));
            _ = ContentChecker.Default.CheckComment(input);
        }
    }
}
