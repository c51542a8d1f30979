namespace MuniSocial.Infrastructure.PublicSite;

/// <summary>
/// Which requests are the public side: answered from the snapshot, pre-rendered once per edition, with ETag,
/// Last-Modified and 304, without cookies, and still answered in disaster mode. Anything mapped under
/// <c>/api/public</c> is public by being mapped there (the CSV and the feed included).
/// </summary>
public static class PublicPaths
{
    private static readonly string[] Pages = ["/", "/closed", "/impersonation", "/verify"];
    private static readonly string[] Prefixes = ["/policies", "/api/public"];

    /// <summary>Files the web server serves as they are; they stay up in disaster mode too.</summary>
    private static readonly string[] StaticPrefixes = ["/css", "/js", "/images", "/img", "/fonts", "/favicon.ico", "/favicon.svg", "/error"];

    /// <summary>What <c>export-public</c> writes, beside one page per listed account (<c>/policies/{id}</c>): one line per answer.</summary>
    public static IReadOnlyList<(string Path, string File)> Exported { get; } =
    [
        ("/", "index.html"),
        ("/closed", "closed/index.html"),
        ("/impersonation", "impersonation/index.html"),
        ("/verify", "verify/index.html"),
        ("/api/public/accounts", "api/public/accounts.json"),
        ("/api/public/closed-accounts", "api/public/closed-accounts.json"),
        ("/api/public/impersonations", "api/public/impersonations.json"),
        ("/api/public/accounts.csv", "api/public/accounts.csv"),
        ("/api/public/feed.atom", "api/public/feed.atom"),
    ];

    public static bool IsPublic(PathString path)
    {
        var value = path.Value;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }
        foreach (var page in Pages)
        {
            if (string.Equals(value, page, StringComparison.OrdinalIgnoreCase)
                || (value.Length == page.Length + 1 && value.EndsWith('/') && value.StartsWith(page, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }
        foreach (var prefix in Prefixes)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    public static bool IsStatic(PathString path)
    {
        foreach (var prefix in StaticPrefixes)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The verify check by address (the page with a url, and the API): what the rate limit counts.</summary>
    public static bool IsVerifyCheck(HttpRequest request) =>
        request.Path.StartsWithSegments("/api/public/verify", StringComparison.OrdinalIgnoreCase)
        || (request.Path.StartsWithSegments("/verify", StringComparison.OrdinalIgnoreCase) && request.Query.ContainsKey("url"));
}
