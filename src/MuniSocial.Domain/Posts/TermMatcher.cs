namespace MuniSocial.Domain.Posts;

/// <summary>
/// A trie of dictionary terms (folded like the text). Finding every match walks the trie from each
/// position: O(text length × longest term), linear for a dictionary of bounded term length.
/// </summary>
public sealed class TermMatcher
{
    public const int MaxTermLength = 64;

    private sealed class Node
    {
        public Dictionary<char, Node>? Next;
        public int TermLength;
    }

    private readonly Node _root = new();

    public TermMatcher(IEnumerable<string> terms)
    {
        foreach (var raw in terms)
        {
            var term = NormalizedText.Of(raw.Trim()).Text;
            if (term.Length == 0 || term.Length > MaxTermLength)
            {
                continue;
            }
            var node = _root;
            foreach (var c in term)
            {
                node.Next ??= [];
                if (!node.Next.TryGetValue(c, out var child))
                {
                    node.Next[c] = child = new Node();
                }
                node = child;
            }
            node.TermLength = term.Length;
        }
    }

    public bool IsEmpty => _root.Next is null;

    /// <summary>The longest match starting at each position, as folded spans [start, end). Overlaps are merged away: after a match the scan resumes at its end.</summary>
    public List<(int Start, int End)> Matches(string text, bool skipOverlaps = true)
    {
        var result = new List<(int, int)>();
        if (IsEmpty)
        {
            return result;
        }
        for (var i = 0; i < text.Length; i++)
        {
            var node = _root;
            var longest = 0;
            for (var j = i; j < text.Length && node.Next is not null && node.Next.TryGetValue(text[j], out var child); j++)
            {
                node = child;
                if (node.TermLength > 0)
                {
                    longest = j - i + 1;
                }
            }
            if (longest > 0)
            {
                result.Add((i, i + longest));
                if (skipOverlaps)
                {
                    i += longest - 1;
                }
            }
        }
        return result;
    }
}
