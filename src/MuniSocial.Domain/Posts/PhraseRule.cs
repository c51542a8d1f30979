namespace MuniSocial.Domain.Posts;

/// <summary>
/// A built-in check made of phrases: the phrases that point at a problem, harmless words that contain one
/// (燃やせるごみ contains 燃やせ), and context words that make a phrase legitimate when they stand near it
/// (覚醒剤 next to 乱用防止 is a campaign, not a sale). All three are tries over the folded text, so a rule is
/// linear in the text length like the rest of the check.
/// </summary>
public sealed class PhraseRule
{
    /// <summary>How far (in characters, either side) a context word reaches.</summary>
    public const int ContextReach = 40;

    private readonly TermMatcher _phrases;
    private readonly TermMatcher _harmless;
    private readonly TermMatcher _contexts;

    public PhraseRule(IEnumerable<string> phrases, IEnumerable<string>? harmless = null, IEnumerable<string>? contexts = null)
    {
        _phrases = new TermMatcher(phrases);
        _harmless = new TermMatcher(harmless ?? []);
        _contexts = new TermMatcher(contexts ?? []);
    }

    /// <summary>The phrases found in <paramref name="folded"/>, minus those inside a harmless word (the rule's or <paramref name="exceptions"/>) or near a context word.</summary>
    public List<(int Start, int End)> Find(string folded, List<(int Start, int End)> exceptions)
    {
        var result = new List<(int Start, int End)>();
        var matches = _phrases.Matches(folded);
        if (matches.Count == 0)
        {
            return result;
        }
        var harmless = _harmless.Matches(folded, skipOverlaps: false);
        int[]? contextCount = null;
        if (!_contexts.IsEmpty)
        {
            // Prefix counts of context-word starts: "is there one within reach" is then two lookups.
            contextCount = new int[folded.Length + 1];
            var marks = new bool[folded.Length];
            foreach (var (s, _) in _contexts.Matches(folded, skipOverlaps: false))
            {
                marks[s] = true;
            }
            for (var i = 0; i < folded.Length; i++)
            {
                contextCount[i + 1] = contextCount[i] + (marks[i] ? 1 : 0);
            }
        }
        foreach (var (start, end) in matches)
        {
            if (Covered(harmless, start, end) || Covered(exceptions, start, end))
            {
                continue;
            }
            if (contextCount is not null)
            {
                var from = Math.Max(0, start - ContextReach);
                var to = Math.Min(folded.Length, end + ContextReach);
                if (contextCount[to] - contextCount[from] > 0)
                {
                    continue;
                }
            }
            result.Add((start, end));
        }
        return result;
    }

    /// <summary>Whether a span of <paramref name="words"/> (sorted by start) covers [start, end). Binary search: the words start at most 64 characters before.</summary>
    private static bool Covered(List<(int Start, int End)> words, int start, int end)
    {
        var lo = 0;
        var hi = words.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (words[mid].Start <= start)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        for (var k = lo - 1; k >= 0 && words[k].Start >= start - TermMatcher.MaxTermLength; k--)
        {
            if (words[k].End >= end)
            {
                return true;
            }
        }
        return false;
    }
}
