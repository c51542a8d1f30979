using System.Text;

namespace MuniSocial.Domain.Accounts;

/// <summary>
/// An account's address as entered (URL, or @handle for X/Instagram), and the normalised form used to
/// find duplicates and to answer "is this URL the city's?" (https, lower-case host without www/m,
/// no query, no trailing slash, lower-case path since the platforms treat handles case-insensitively).
/// </summary>
public static class AccountUrl
{
    public static bool TryNormalize(string? input, Platform platform, out string normalized)
    {
        normalized = "";
        // As citizens paste it: full-width characters (ｘ．ｃｏｍ／…, ＠…) folded by NFKC, and an address without its scheme.
        var text = (input ?? "").Normalize(NormalizationForm.FormKC).Trim();
        if (text.Length is 0 or > 500)
        {
            return false;
        }
        if (!text.Contains("://", StringComparison.Ordinal) && char.IsAsciiLetterOrDigit(text[0]) && !text.Any(char.IsWhiteSpace))
        {
            text = "https://" + text;
        }
        if (text.StartsWith('@') && text.Length > 1 && text[1..].All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.'))
        {
            var host = platform switch
            {
                Platform.X => "x.com",
                Platform.Instagram => "instagram.com",
                Platform.YouTube => "youtube.com",
                _ => null,
            };
            if (host is null)
            {
                return false;
            }
            text = platform == Platform.YouTube ? $"https://{host}/{text}" : $"https://{host}/{text[1..]}";
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrEmpty(uri.Host) || !uri.Host.Contains('.'))
        {
            return false;
        }
        var h = uri.Host.ToLowerInvariant();
        foreach (var prefix in new[] { "www.", "m.", "mobile." })
        {
            if (h.StartsWith(prefix, StringComparison.Ordinal))
            {
                h = h[prefix.Length..];
            }
        }
        if (h == "twitter.com")
        {
            h = "x.com";
        }
        var path = uri.AbsolutePath.TrimEnd('/').ToLowerInvariant();
        normalized = $"https://{h}{path}";
        return true;
    }

    /// <summary>The address as a link a citizen can open.</summary>
    public static string ToLink(string input, Platform platform) =>
        TryNormalize(input, platform, out var n) && input.TrimStart().StartsWith('@') ? n : input.Trim();
}
