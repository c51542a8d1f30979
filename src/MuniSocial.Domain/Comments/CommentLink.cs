using System.Text;
using System.Text.RegularExpressions;
using MuniSocial.Domain.Accounts;

namespace MuniSocial.Domain.Comments;

/// <summary>What a pasted link to a user's comment says: the platform, the normalised URL, the author and the platform's comment id where the URL carries them.</summary>
/// <param name="PlatformName">The service as people name it (the host for a link to a service the system does not know).</param>
public sealed record CommentLinkInfo(Platform Platform, string PlatformName, string NormalizedUrl, string? AuthorHandle, string? PlatformCommentId);

/// <summary>
/// Reads a link to a comment as staff paste it (without https://, with tracking parameters, in full-width characters,
/// with spaces around it) — x.com/twitter.com, Facebook (comment_id), Instagram (/p/{code}/c/{id}), YouTube (lc=),
/// Bluesky (/profile/{handle}/post/{rkey}) and Mastodon (https://host/@user/{id}); any other https address is kept
/// as it is (normalised) with no id.
/// </summary>
public static partial class CommentLink
{
    public const int MaxLength = 500;

    /// <summary>Query parameters that only track where a link was shared from; dropped from the normalised URL.</summary>
    private static readonly HashSet<string> Tracking = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "igshid", "igsh", "si", "s", "t", "ref", "ref_src", "ref_url", "feature", "mibextid", "rdid", "share_url", "__cft__", "__tn__", "utm_id",
    };

    /// <summary>The parsed link, or null with the reason (Japanese) when it is not an https address.</summary>
    public static CommentLinkInfo? Parse(string? raw, out string? error)
    {
        error = null;
        var text = Clean(raw);
        if (text.Length == 0)
        {
            error = "URLを入力してください。";
            return null;
        }
        if (text.Length > MaxLength)
        {
            error = $"URLは{MaxLength}文字以内で入力してください。";
            return null;
        }
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "https://" + text.TrimStart('/');
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || !uri.Host.Contains('.', StringComparison.Ordinal))
        {
            error = "URLの形式が正しくありません（例: https://x.com/ユーザー名/status/123…）。";
            return null;
        }
        var host = uri.Host.ToLowerInvariant();
        foreach (var prefix in new[] { "www.", "mobile.", "m.", "web." })
        {
            if (host.StartsWith(prefix, StringComparison.Ordinal) && host.Count(c => c == '.') > 1)
            {
                host = host[prefix.Length..];
                break;
            }
        }
        var path = Uri.UnescapeDataString(uri.AbsolutePath).TrimEnd('/');
        var query = ParseQuery(uri.Query);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);

        switch (host)
        {
            case "x.com" or "twitter.com":
                if (segments is [var handle, "status" or "statuses", var id, ..] && Digits().IsMatch(id) && handle != "i")
                {
                    return new(Platform.X, "X", $"https://x.com/{handle}/status/{id}", "@" + handle, id);
                }
                if (segments is ["i", "web", "status", var webId, ..] && Digits().IsMatch(webId))
                {
                    return new(Platform.X, "X", $"https://x.com/i/web/status/{webId}", null, webId);
                }
                return new(Platform.X, "X", Build("x.com", path, query, []), null, null);
            case "facebook.com" or "fb.com":
                var commentId = query.GetValueOrDefault("reply_comment_id") is { Length: > 0 } reply ? reply : query.GetValueOrDefault("comment_id");
                return new(Platform.Facebook, "Facebook", Build("facebook.com", path, query, ["comment_id", "reply_comment_id", "story_fbid", "id", "v", "fbid"]), null,
                    commentId is { Length: > 0 } ? commentId : null);
            case "instagram.com":
                if (segments is ["p" or "reel", var code, "c", var igId, ..])
                {
                    return new(Platform.Instagram, "Instagram", $"https://instagram.com/{segments[0]}/{code}/c/{igId}", null, igId);
                }
                return new(Platform.Instagram, "Instagram", Build("instagram.com", path, query, []), null, null);
            case "youtube.com" or "youtu.be" or "music.youtube.com":
                var lc = query.GetValueOrDefault("lc");
                var video = host == "youtu.be" && segments.Length > 0 ? segments[0] : query.GetValueOrDefault("v");
                var url = video is { Length: > 0 } && path is "/watch" or "" || host == "youtu.be"
                    ? Build("youtube.com", "/watch", new Dictionary<string, string> { ["v"] = video ?? "", ["lc"] = lc ?? "" }, ["v", "lc"])
                    : Build("youtube.com", path, query, ["v", "lc"]);
                return new(Platform.YouTube, "YouTube", url, null, lc is { Length: > 0 } ? lc : null);
            case "bsky.app":
                if (segments is ["profile", var bskyHandle, "post", var rkey, ..])
                {
                    return new(Platform.Bluesky, "Bluesky", $"https://bsky.app/profile/{bskyHandle}/post/{rkey}", "@" + bskyHandle, $"{bskyHandle}/{rkey}");
                }
                return new(Platform.Bluesky, "Bluesky", Build(host, path, query, []), null, null);
            case "line.me" or "lin.ee" or "page.line.me":
                return new(Platform.Line, "LINE", Build(host, path, query, []), null, null);
        }
        if (segments is [var user, var statusId] && user.StartsWith('@') && user.Length > 1 && Digits().IsMatch(statusId))
        {
            // Mastodon and the other ActivityPub servers: https://host/@user/{id}.
            return new(Platform.Mastodon, "Mastodon", $"https://{host}/{user}/{statusId}", $"{user}@{host}", $"{host}/{statusId}");
        }
        return new(Platform.Other, host, Build(host, path, query, null), null, null);
    }

    /// <summary>NFKC (full-width letters, digits and symbols to their ordinary forms), without the spaces and quotes a paste brings.</summary>
    public static string Clean(string? raw)
    {
        var text = (raw ?? "").Normalize(NormalizationForm.FormKC);
        text = text.Trim().Trim('"', '\'', '<', '>', '「', '」', '（', '）', '(', ')');
        // A line break or a space inside a pasted URL (a wrapped line) is not part of it.
        return string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
    }

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? part : part[..eq]);
            var value = eq < 0 ? "" : Uri.UnescapeDataString(part[(eq + 1)..].Replace('+', ' '));
            result.TryAdd(key, value);
        }
        return result;
    }

    /// <summary>https://host/path?kept parameters in name order; <paramref name="keep"/> null keeps every parameter but the tracking ones.</summary>
    private static string Build(string host, string path, IReadOnlyDictionary<string, string> query, string[]? keep)
    {
        var kept = query.Where(q => q.Value.Length > 0 && (keep is null
                ? !Tracking.Contains(q.Key) && !q.Key.StartsWith("utm_", StringComparison.OrdinalIgnoreCase)
                : keep.Contains(q.Key, StringComparer.OrdinalIgnoreCase)))
            .OrderBy(q => q.Key, StringComparer.Ordinal)
            .Select(q => Uri.EscapeDataString(q.Key.ToLowerInvariant()) + "=" + Uri.EscapeDataString(q.Value))
            .ToList();
        var escapedPath = string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
        return $"https://{host}{escapedPath}" + (kept.Count == 0 ? "" : "?" + string.Join('&', kept));
    }

    [GeneratedRegex("^[0-9]{1,40}$")]
    private static partial Regex Digits();
}
