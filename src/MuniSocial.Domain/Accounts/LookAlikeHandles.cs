namespace MuniSocial.Domain.Accounts;

/// <summary>
/// The classic impersonation: a handle one character from the real one — a character changed, inserted, deleted or
/// two swapped (<c>_</c> doubled or dropped, <c>-</c> for <c>_</c>), a digit for the letter it looks like
/// (0/o, 1/l/i, 5/s), or <c>rn</c> for <c>m</c>.
/// </summary>
public static class LookAlikeHandles
{
    /// <summary>The shortest handle compared; shorter ones are too near to everything.</summary>
    public const int MinLength = 4;

    /// <summary>Whether <paramref name="candidate"/> looks like <paramref name="official"/> without being it.</summary>
    public static bool Resembles(string official, string candidate)
    {
        var a = official.ToLowerInvariant();
        var b = candidate.ToLowerInvariant();
        return a != b && a.Length >= MinLength && b.Length >= MinLength && (Fold(a) == Fold(b) || OneEditApart(a, b));
    }

    /// <summary>The handle with look-alike characters made one: 0→o, 1/i→l, 5→s, rn→m, -→_, and __→_.</summary>
    public static string Fold(string handle)
    {
        var s = handle.ToLowerInvariant().Replace("rn", "m", StringComparison.Ordinal);
        var chars = s.Select(c => c switch { '0' => 'o', '1' or 'i' => 'l', '5' => 's', '-' => '_', _ => c }).ToArray();
        var folded = new string(chars);
        while (folded.Contains("__", StringComparison.Ordinal))
        {
            folded = folded.Replace("__", "_", StringComparison.Ordinal);
        }
        return folded;
    }

    /// <summary>Optimal string alignment distance exactly 1 (one substitution, insertion, deletion or adjacent swap).</summary>
    public static bool OneEditApart(string a, string b)
    {
        if (a == b || Math.Abs(a.Length - b.Length) > 1)
        {
            return false;
        }
        if (a.Length == b.Length)
        {
            var diffs = Enumerable.Range(0, a.Length).Where(i => a[i] != b[i]).ToList();
            return diffs.Count == 1 || (diffs.Count == 2 && diffs[1] == diffs[0] + 1 && a[diffs[0]] == b[diffs[1]] && a[diffs[1]] == b[diffs[0]]);
        }
        var (shorter, longer) = a.Length < b.Length ? (a, b) : (b, a);
        var i = 0;
        while (i < shorter.Length && shorter[i] == longer[i])
        {
            i++;
        }
        return string.CompareOrdinal(shorter, i, longer, i + 1, shorter.Length - i) == 0;
    }
}
