namespace MuniSocial.Domain.Posts;

/// <summary>個人番号 (マイナンバー): 12 digits whose last is a check digit (行政手続における特定の個人を識別するための番号の利用等に関する法律施行令 第8条).</summary>
public static class MyNumber
{
    /// <summary>Whether 12 ASCII digits carry a valid check digit.</summary>
    public static bool IsValid(ReadOnlySpan<char> digits)
    {
        if (digits.Length != 12)
        {
            return false;
        }
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }
        return digits[11] - '0' == CheckDigit(digits[..11]);
    }

    /// <summary>The check digit of the first 11 digits: P(n) is the n-th digit from the right, Q(n) = n+1 (n ≤ 6) or n−5 (n ≥ 7).</summary>
    public static int CheckDigit(ReadOnlySpan<char> first11)
    {
        var sum = 0;
        for (var n = 1; n <= 11; n++)
        {
            var p = first11[11 - n] - '0';
            var q = n <= 6 ? n + 1 : n - 5;
            sum += p * q;
        }
        var remainder = sum % 11;
        return remainder <= 1 ? 0 : 11 - remainder;
    }
}
