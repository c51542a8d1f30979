namespace MuniSocial.Domain.Accounts;

/// <summary>
/// An account's address as entered (URL, or @handle), and its normalised form: the canonical https URL of the account
/// on its platform (<see cref="PlatformAddressRules"/>), used to find duplicates and shown in lists and CSV. Two
/// addresses of one account (x.com/… and twitter.com/…?s=20, fb.com/…, a post of the account) normalise to the same URL.
/// </summary>
public static class AccountUrl
{
    /// <summary>
    /// The canonical URL of <paramref name="input"/> as the address of an account on <paramref name="platform"/> (for その他,
    /// any web address); false when it names no account (a page that is no account, not an address, a @handle the platform
    /// does not write). A full URL of another site is still taken as it is, as it always was (a policy whose platform is
    /// switched keeps its URL until it is corrected); its identity is that site's.
    /// </summary>
    public static bool TryNormalize(string? input, Platform platform, out string normalized)
    {
        normalized = For(input, platform)?.Url ?? "";
        return normalized.Length > 0;
    }

    /// <summary>The address an account of <paramref name="platform"/> registered as <paramref name="input"/> names (see <see cref="TryNormalize"/>).</summary>
    public static AccountAddress? For(string? input, Platform platform)
    {
        var reading = PlatformAddressRules.Read(input);
        return reading.On(platform)
            ?? (reading.Ok && !(input ?? "").Normalize(System.Text.NormalizationForm.FormKC).TrimStart().StartsWith('@') ? reading.Candidates[0] : null);
    }

    /// <summary>The address as a link a citizen can open.</summary>
    public static string ToLink(string input, Platform platform) =>
        TryNormalize(input, platform, out var n) && input.TrimStart().StartsWith('@') ? n : input.Trim();
}
