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
        if (text.StartsWith('@') && HandleAddress(text[1..], platform) is { } address)
        {
            text = address;
        }
        else if (text.StartsWith('@') && text.Length > 1 && text[1..].All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.'))
        {
            var host = platform switch
            {
                Platform.X => "x.com",
                Platform.Instagram => "instagram.com",
                Platform.YouTube => "youtube.com",
                Platform.TikTok => "tiktok.com",
                _ => null,
            };
            if (host is null)
            {
                return false;
            }
            text = platform is Platform.YouTube or Platform.TikTok ? $"https://{host}/{text}" : $"https://{host}/{text[1..]}";
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
        h = h switch
        {
            "twitter.com" => "x.com",
            "fb.com" => "facebook.com",
            _ => h,
        };
        var path = uri.AbsolutePath.TrimEnd('/').ToLowerInvariant();
        var identity = "";
        if (h == "facebook.com" && path == "/profile.php")
        {
            // A Facebook profile without a username is profile.php?id=<number>: the id is the identity (dropping the
            // query would make every such address the same one). Without a numeric id it names nobody.
            if (QueryValue(uri.Query, "id") is not { Length: > 0 } id || !id.All(char.IsAsciiDigit))
            {
                return false;
            }
            identity = "?id=" + id;
        }
        normalized = $"https://{h}{path}{identity}";
        return true;
    }

    private static string? QueryValue(string query, string name)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && string.Equals(Uri.UnescapeDataString(pair[..eq]), name, StringComparison.OrdinalIgnoreCase))
            {
                return Uri.UnescapeDataString(pair[(eq + 1)..]);
            }
        }
        return null;
    }

    /// <summary>
    /// A handle that names its server: Bluesky's <c>@name.bsky.social</c> (a domain name) → https://bsky.app/profile/name.bsky.social;
    /// Mastodon's <c>@user@server</c> → https://server/@user. Null for anything else.
    /// </summary>
    private static string? HandleAddress(string handle, Platform platform)
    {
        static bool IsDomain(string s) => s.Contains('.', StringComparison.Ordinal) && !s.StartsWith('.') && !s.EndsWith('.')
            && s.Split('.').All(label => label.Length is > 0 and <= 63 && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && label[0] != '-' && label[^1] != '-');
        switch (platform)
        {
            case Platform.Bluesky when IsDomain(handle):
                return $"https://bsky.app/profile/{handle.ToLowerInvariant()}";
            case Platform.Mastodon when handle.Split('@') is [var user, var server] && user.Length > 0 && user.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && IsDomain(server):
                return $"https://{server.ToLowerInvariant()}/@{user}";
            default:
                return null;
        }
    }

    /// <summary>The address as a link a citizen can open.</summary>
    public static string ToLink(string input, Platform platform) =>
        TryNormalize(input, platform, out var n) && input.TrimStart().StartsWith('@') ? n : input.Trim();
}
