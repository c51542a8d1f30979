using System.Text.Json;
using MuniSocial.Domain.Audit;

namespace MuniSocial.Domain.Posts;

/// <summary>
/// The PR office's settings for the content check (one row): the dictionaries, one entry a line, and the kinds
/// that block submission. Without a row the defaults apply.
/// </summary>
public sealed class ContentCheckSettings : AuditedEntity
{
    public const int SingletonId = 1;
    public const int MaxEntries = 2000;

    private ContentCheckSettings() { }

    public int Id { get; private set; }
    public string Expressions { get; private set; } = "";
    public string ConfidentialMarkers { get; private set; } = "";
    public string DecisionMarkers { get; private set; } = "";
    public string Exceptions { get; private set; } = "";
    public string ShortenerHosts { get; private set; } = "";
    public string OwnDomains { get; private set; } = "";

    /// <summary>The kinds that are errors, as codes separated by commas; all others are warnings.</summary>
    public string ErrorKinds { get; private set; } = "";

    /// <summary>The kinds the check knew when the settings were saved (codes separated by commas); a kind added later keeps its default severity.</summary>
    public string KnownKinds { get; private set; } = "";
    public int Version { get; private set; }
    public DateTimeOffset? UpdatedAt { get; private set; }
    public string? UpdatedByName { get; private set; }

    public static ContentCheckSettings CreateDefault()
    {
        var d = ContentCheckRules.Default;
        return new ContentCheckSettings
        {
            Id = SingletonId,
            Expressions = Join(d.Expressions),
            ConfidentialMarkers = Join(d.ConfidentialMarkers),
            DecisionMarkers = Join(d.DecisionMarkers),
            Exceptions = Join(d.Exceptions),
            ShortenerHosts = Join(d.ShortenerHosts),
            OwnDomains = Join(d.OwnDomains),
            ErrorKinds = string.Join(",", FindingKinds.All.Where(k => FindingKinds.DefaultSeverity(k) == Severity.Error).Select(FindingKinds.Code)),
            KnownKinds = AllCodes(),
        };
    }

    public IReadOnlySet<FindingKind> ErrorKindSet => ErrorKinds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(FindingKinds.FromCode).Where(k => k is not null).Select(k => k!.Value).ToHashSet();

    public ContentCheckRules ToRules() => new()
    {
        Expressions = Lines(Expressions),
        ConfidentialMarkers = Lines(ConfidentialMarkers),
        DecisionMarkers = Lines(DecisionMarkers),
        Exceptions = Lines(Exceptions),
        ShortenerHosts = Lines(ShortenerHosts),
        OwnDomains = Lines(OwnDomains),
        Severities = FindingKinds.All.ToDictionary(k => k, SeverityOf),
    };

    private Severity SeverityOf(FindingKind kind)
    {
        if (ErrorKindSet.Contains(kind))
        {
            return Severity.Error;
        }
        var known = KnownKinds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return FindingKinds.AddedLater(kind) && !known.Contains(FindingKinds.Code(kind)) ? FindingKinds.DefaultSeverity(kind) : Severity.Warning;
    }

    private static string AllCodes() => string.Join(",", FindingKinds.All.Select(FindingKinds.Code));

    public sealed record Input(string? Expressions, string? ConfidentialMarkers, string? DecisionMarkers, string? Exceptions,
        string? ShortenerHosts, string? OwnDomains, IReadOnlyCollection<FindingKind> ErrorKinds);

    public void Update(Actor by, Input input, DateTimeOffset at)
    {
        if (!by.Is(Role.PrOffice))
        {
            throw new DomainForbiddenException("内容チェックの辞書と設定は市広報担当が管理します。");
        }
        var errors = new Dictionary<string, string[]>();
        string Clean(string field, string label, string? value, bool host = false)
        {
            var lines = Lines(value ?? "");
            var problems = new List<string>();
            if (lines.Count > MaxEntries)
            {
                problems.Add($"{label}は{MaxEntries}件以内にしてください（現在{lines.Count}件）。");
            }
            var tooLong = lines.Where(l => l.Length > TermMatcher.MaxTermLength).Take(3).ToList();
            if (tooLong.Count > 0)
            {
                problems.Add($"{label}の1行は{TermMatcher.MaxTermLength}文字以内にしてください（{string.Join("、", tooLong.Select(t => t[..10] + "…"))}）。");
            }
            if (host && lines.FirstOrDefault(l => l.Contains('/', StringComparison.Ordinal) || l.Contains(' ', StringComparison.Ordinal) || !l.Contains('.', StringComparison.Ordinal)) is { } bad)
            {
                problems.Add($"{label}にはドメイン名だけを1行に1つずつ入力してください（例: bit.ly）。「{bad}」は使えません。");
            }
            if (problems.Count > 0)
            {
                errors[field] = [.. problems];
            }
            return Join(host ? lines.Select(l => l.ToLowerInvariant()).Distinct() : lines.Distinct());
        }
        var expressions = Clean("expressions", "侮辱・差別的な表現", input.Expressions);
        var confidential = Clean("confidentialMarkers", "秘密情報の表示", input.ConfidentialMarkers);
        var decision = Clean("decisionMarkers", "意思形成過程の表示", input.DecisionMarkers);
        var exceptions = Clean("exceptions", "除外する語", input.Exceptions);
        var shorteners = Clean("shortenerHosts", "短縮URLのドメイン", input.ShortenerHosts, host: true);
        var own = Clean("ownDomains", "市のサイトのドメイン", input.OwnDomains, host: true);
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }
        var before = Snapshot();
        Expressions = expressions;
        ConfidentialMarkers = confidential;
        DecisionMarkers = decision;
        Exceptions = exceptions;
        ShortenerHosts = shorteners;
        OwnDomains = own;
        ErrorKinds = string.Join(",", input.ErrorKinds.Distinct().Order().Select(FindingKinds.Code));
        KnownKinds = AllCodes();
        UpdatedAt = at;
        UpdatedByName = by.Name;
        Version++;
        Audit(new AuditRecord("content-check.settings-updated", nameof(ContentCheckSettings), Id.ToString(), by.UserId, by.Name, at, before, Snapshot()));
    }

    private string Snapshot() => JsonSerializer.Serialize(new
    {
        expressions = Expressions,
        confidentialMarkers = ConfidentialMarkers,
        decisionMarkers = DecisionMarkers,
        exceptions = Exceptions,
        shortenerHosts = ShortenerHosts,
        ownDomains = OwnDomains,
        errorKinds = ErrorKinds,
    });

    private static List<string> Lines(string text) => [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];

    private static string Join(IEnumerable<string> lines) => string.Join("\n", lines);
}
