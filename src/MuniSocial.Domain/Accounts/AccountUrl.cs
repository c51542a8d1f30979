namespace MuniSocial.Domain.Accounts;

/// <summary>
/// An account's address as entered (URL, or @handle), and its normalised form: the canonical https URL of the account
/// on its platform (<see cref="PlatformAddressRules"/>), used to find duplicates and shown in lists and CSV. Two
/// addresses of one account (x.com/… and twitter.com/…?s=20, fb.com/…, a post of the account) normalise to the same URL.
/// </summary>
public static class AccountUrl
{
    /// <summary>
    /// The canonical URL of <paramref name="input"/> as an address of an account on <paramref name="platform"/>; false when it
    /// names no account there (another platform's address, a page that is no account). For その他, any web address.
    /// </summary>
    public static bool TryNormalize(string? input, Platform platform, out string normalized)
    {
        normalized = PlatformAddressRules.Read(input, platform)?.Url ?? "";
        return normalized.Length > 0;
    }

    /// <summary>The address as a link a citizen can open.</summary>
    public static string ToLink(string input, Platform platform) =>
        TryNormalize(input, platform, out var n) && input.TrimStart().StartsWith('@') ? n : input.Trim();
}
