using System.Text;
using System.Text.RegularExpressions;

namespace MuniSocial.Domain.Accounts;

/// <summary>
/// Who an address names: the platform, the canonical identity (<c>x:nayoro_city</c>, <c>youtube:channel:UCxxxx</c>,
/// <c>facebook:id:1000…</c>, <c>line:@abc1234</c>, <c>mastodon:user@instance</c>, <c>web:example.jp/path</c> for a
/// site that is no platform of the list), the canonical https URL (for display, CSV and duplicate detection) and the
/// handle as the platform writes it (for look-alikes). Two addresses name the same account when their identities are equal.
/// </summary>
public sealed record AccountAddress(Platform Platform, string Identity, string Url, string Handle);

/// <summary>Why an input names no account.</summary>
public enum AddressProblem
{
    None,

    /// <summary>Not an address at all: empty, too long, another scheme (javascript:, data:), no host.</summary>
    NotAnAddress,

    /// <summary>An address on a platform, but of a page that is no account (x.com/home, instagram.com/p/…, youtube.com/watch).</summary>
    NotAnAccount,
}

/// <summary>What an input can be read as: the candidates (one for a URL; one per platform for a bare <c>@handle</c>), or the problem.</summary>
public sealed record AddressReading(IReadOnlyList<AccountAddress> Candidates, AddressProblem Problem, Platform? ProblemPlatform = null)
{
    public bool Ok => Candidates.Count > 0;

    /// <summary>The candidate on <paramref name="platform"/>; for その他, the first one (a site, or a platform named by an old その他 account).</summary>
    public AccountAddress? On(Platform platform) =>
        platform == Platform.Other ? (Candidates.Count > 0 ? Candidates[0] : null) : Candidates.FirstOrDefault(c => c.Platform == platform);
}

/// <summary>
/// One path shape of a platform that names an account. <see cref="Pattern"/> is matched segment by segment
/// (case-insensitive literals; <c>{h}</c> captures the handle, with an optional literal prefix such as <c>@{h}</c>;
/// <c>*</c> is any one segment; a final <c>**</c> is any rest — a post or a tab of the account). With
/// <see cref="QueryKey"/> the handle is that query parameter instead (<c>profile.php?id=</c>). <see cref="Identity"/>
/// and <see cref="Url"/> are templates with <c>{h}</c> and <c>{host}</c>. The handle is case-folded unless
/// <see cref="KeepCase"/> (YouTube channel ids and LINE short links are case-sensitive).
/// </summary>
public sealed record PathShape(string Host, string Pattern, string HandleRegex, string Identity, string Url, bool KeepCase = false, string? QueryKey = null)
{
    internal Regex Handle { get; } = new($"^(?:{HandleRegex})$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(100));
}

/// <summary>
/// A platform's addresses as data: the hosts it answers to (aliases folded into one host: twitter.com → x.com,
/// fb.com → facebook.com; the subdomains www., m., mobile. and web. are dropped first), the path shapes that name
/// an account, the words that are pages and not handles (x.com/home), and the shape of a bare <c>@handle</c>.
/// A host with no <see cref="Hosts"/> entry (Mastodon) is any host.
/// </summary>
public sealed record PlatformRule(Platform Platform, IReadOnlyDictionary<string, string> Hosts, IReadOnlyList<PathShape> Shapes,
    IReadOnlySet<string> Reserved, PathShape? Bare);

public static class PlatformAddressRules
{
    public const int MaxLength = 500;

    private const string XHandle = "[a-z0-9_]{1,50}"; // X allows 15; older and test handles are longer, and a longer one is still no other platform's
    private const string InstagramHandle = "[a-z0-9._]{1,30}";
    private const string TikTokHandle = "[a-z0-9._]{2,24}";
    private const string YouTubeHandle = "[a-z0-9._-]{3,30}";
    private const string YouTubeChannel = "UC[A-Za-z0-9_-]{22}";
    private const string YouTubeName = "[a-z0-9._-]{1,100}";
    private const string FacebookName = "[a-z0-9.-]{2,80}";
    private const string FacebookId = "[0-9]{5,20}";
    private const string LineId = "[a-z0-9._-]{3,20}";
    private const string LineShort = "[a-z0-9_-]{3,64}";
    private const string Domain = @"(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]";
    private const string BlueskyHandle = Domain + "|did:plc:[a-z2-7]{24}";
    private const string MastodonUser = "[a-z0-9_]{1,30}";

    private static Dictionary<string, string> HostSet(params string[] hosts) => hosts.ToDictionary(h => h, h => hosts[0], StringComparer.Ordinal);

    private static HashSet<string> Words(string words) => words.Split(' ').ToHashSet(StringComparer.Ordinal);

    /// <summary>Every platform's rule, in the order of <see cref="Platform"/>.</summary>
    public static IReadOnlyList<PlatformRule> All { get; } =
    [
        new(Platform.Line, new Dictionary<string, string>(StringComparer.Ordinal) { ["line.me"] = "line.me", ["page.line.me"] = "page.line.me", ["lin.ee"] = "lin.ee" },
            [
                new("line.me", "R/ti/p/@{h}", LineId, "line:@{h}", "https://line.me/R/ti/p/@{h}"),
                new("line.me", "ti/p/@{h}", LineId, "line:@{h}", "https://line.me/R/ti/p/@{h}"),
                new("page.line.me", "@{h}/**", LineId, "line:@{h}", "https://line.me/R/ti/p/@{h}"),
                new("page.line.me", "{h}/**", LineId, "line:@{h}", "https://line.me/R/ti/p/@{h}"),
                // A short link names an account only when the account registered it (it cannot be resolved offline).
                new("lin.ee", "{h}", LineShort, "line:lin.ee/{h}", "https://lin.ee/{h}", KeepCase: true),
            ],
            Words(""),
            new("", "{h}", LineId, "line:@{h}", "https://line.me/R/ti/p/@{h}")),
        new(Platform.Facebook, HostSet("facebook.com", "fb.com", "fb.me"),
            [
                new("facebook.com", "profile.php", FacebookId, "facebook:id:{h}", "https://facebook.com/profile.php?id={h}", QueryKey: "id"),
                new("facebook.com", "people/*/{h}/**", FacebookId, "facebook:id:{h}", "https://facebook.com/profile.php?id={h}"),
                new("facebook.com", "pages/*/{h}/**", FacebookId, "facebook:id:{h}", "https://facebook.com/profile.php?id={h}"),
                new("facebook.com", "{h}/**", FacebookId, "facebook:id:{h}", "https://facebook.com/profile.php?id={h}"),
                new("facebook.com", "{h}/**", FacebookName, "facebook:page:{h}", "https://facebook.com/{h}"),
            ],
            Words("groups events watch marketplace gaming login logout help sharer sharer.php share share.php photo photo.php photos story.php "
                + "permalink.php hashtag pages people profile.php home.php search reel reels stories dialog plugins privacy policies policy.php "
                + "settings notifications messages friends bookmarks saved business ads l.php video.php live fundraisers"),
            null),
        new(Platform.X, HostSet("x.com", "twitter.com"),
            [
                new("x.com", "@{h}/**", XHandle, "x:{h}", "https://x.com/{h}"),
                new("x.com", "{h}/**", XHandle, "x:{h}", "https://x.com/{h}"),
            ],
            Words("home search explore notifications messages settings i intent share hashtag login logout signup tos privacy compose "
                + "download about jobs account lists topics communities premium verified-choose"),
            new("", "{h}", XHandle, "x:{h}", "https://x.com/{h}")),
        new(Platform.Instagram, HostSet("instagram.com", "instagr.am"),
            [
                new("instagram.com", "@{h}/**", InstagramHandle, "instagram:{h}", "https://instagram.com/{h}"),
                new("instagram.com", "{h}/**", InstagramHandle, "instagram:{h}", "https://instagram.com/{h}"),
            ],
            Words("p reel reels explore stories accounts direct tv about developer legal web emails challenge"),
            new("", "{h}", InstagramHandle, "instagram:{h}", "https://instagram.com/{h}")),
        new(Platform.YouTube, HostSet("youtube.com", "youtu.be"),
            [
                new("youtube.com", "@{h}/**", YouTubeHandle, "youtube:@{h}", "https://youtube.com/@{h}"),
                new("youtube.com", "channel/{h}/**", YouTubeChannel, "youtube:channel:{h}", "https://youtube.com/channel/{h}", KeepCase: true),
                new("youtube.com", "c/{h}/**", YouTubeName, "youtube:c:{h}", "https://youtube.com/c/{h}"),
                new("youtube.com", "user/{h}/**", YouTubeName, "youtube:user:{h}", "https://youtube.com/user/{h}"),
            ],
            Words(""),
            new("", "{h}", YouTubeHandle, "youtube:@{h}", "https://youtube.com/@{h}")),
        new(Platform.Bluesky, HostSet("bsky.app"),
            [new("bsky.app", "profile/{h}/**", BlueskyHandle, "bluesky:{h}", "https://bsky.app/profile/{h}")],
            Words(""),
            new("", "{h}", Domain, "bluesky:{h}", "https://bsky.app/profile/{h}")),
        new(Platform.Mastodon, new Dictionary<string, string>(StringComparer.Ordinal),
            [
                new("", "@{h}/**", MastodonUser, "mastodon:{h}@{host}", "https://{host}/@{h}"),
                new("", "users/{h}/**", MastodonUser, "mastodon:{h}@{host}", "https://{host}/@{h}"),
            ],
            Words(""),
            null),
        new(Platform.TikTok, HostSet("tiktok.com"),
            [new("tiktok.com", "@{h}/**", TikTokHandle, "tiktok:@{h}", "https://tiktok.com/@{h}")],
            Words(""),
            new("", "{h}", TikTokHandle, "tiktok:@{h}", "https://tiktok.com/@{h}")),
    ];

    private static readonly string[] DroppedSubdomains = ["www.", "m.", "mobile.", "web."];

    /// <summary>Reads an address as citizens paste it: with or without scheme, in full-width characters, with tracking parameters.</summary>
    public static AddressReading Read(string? input)
    {
        var text = (input ?? "").Normalize(NormalizationForm.FormKC).Trim();
        if (text.Length is 0 or > MaxLength)
        {
            return new([], AddressProblem.NotAnAddress);
        }
        if (text.StartsWith('@'))
        {
            return ReadHandle(text[1..]);
        }
        if (!text.Contains("://", StringComparison.Ordinal) && char.IsAsciiLetterOrDigit(text[0]) && !text.Any(char.IsWhiteSpace))
        {
            text = "https://" + text;
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrEmpty(uri.Host) || uri.HostNameType != UriHostNameType.Dns || !uri.IdnHost.Contains('.', StringComparison.Ordinal)
            || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return new([], AddressProblem.NotAnAddress);
        }
        var host = uri.IdnHost.ToLowerInvariant().TrimEnd('.');
        foreach (var prefix in DroppedSubdomains)
        {
            if (host.StartsWith(prefix, StringComparison.Ordinal) && host.Length > prefix.Length)
            {
                host = host[prefix.Length..];
                break;
            }
        }
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var rule = All.FirstOrDefault(r => r.Hosts.ContainsKey(host));
        if (rule is not null)
        {
            var canonicalHost = rule.Hosts[host];
            foreach (var shape in rule.Shapes.Where(s => s.Host == canonicalHost))
            {
                if (Match(rule, shape, canonicalHost, segments, uri.Query) is { } address)
                {
                    return new([address], AddressProblem.None);
                }
            }
            return new([], AddressProblem.NotAnAccount, rule.Platform);
        }
        var path = string.Join('/', segments).ToLowerInvariant();
        var web = new AccountAddress(Platform.Other, $"web:{host}{(path.Length > 0 ? "/" + path : "")}", $"https://{host}{(path.Length > 0 ? "/" + path : "")}", path);
        var mastodon = All.Single(r => r.Platform == Platform.Mastodon);
        var onMastodon = mastodon.Shapes.Select(s => Match(mastodon, s, host, segments, uri.Query)).OfType<AccountAddress>().FirstOrDefault();
        return new(onMastodon is null ? [web] : [onMastodon, web], AddressProblem.None);
    }

    /// <summary>Reads an address for an account of <paramref name="platform"/>: its candidate on that platform, or null.</summary>
    public static AccountAddress? Read(string? input, Platform platform) => Read(input).On(platform);

    /// <summary>
    /// The platform a pasted address is most likely on (for a bare <c>@handle</c>: X, the platform where citizens meet
    /// them most); <see cref="Platform.Other"/> when none.
    /// </summary>
    public static Platform Guess(string? input)
    {
        var reading = Read(input);
        return reading.Candidates.Any(c => c.Platform == Platform.X) ? Platform.X
            : reading.Candidates.Count > 0 ? reading.Candidates[0].Platform : reading.ProblemPlatform ?? Platform.Other;
    }

    private static AddressReading ReadHandle(string handle)
    {
        if (handle.Split('@') is [var user, var server] && user.Length > 0)
        {
            var mastodon = All.Single(r => r.Platform == Platform.Mastodon);
            var host = server.ToLowerInvariant();
            var address = Regex.IsMatch(host, $"^(?:{Domain})$", RegexOptions.None, TimeSpan.FromMilliseconds(100))
                ? Match(mastodon, mastodon.Shapes[0], host, ["@" + user], "")
                : null;
            return address is null ? new([], AddressProblem.NotAnAddress) : new([address], AddressProblem.None);
        }
        var candidates = All.Where(r => r.Bare is not null)
            .Select(r => Match(r, r.Bare!, "", [handle], "")).OfType<AccountAddress>().ToList();
        return candidates.Count == 0 ? new([], AddressProblem.NotAnAddress) : new(candidates, AddressProblem.None);
    }

    private static AccountAddress? Match(PlatformRule rule, PathShape shape, string host, string[] segments, string query)
    {
        var pattern = shape.Pattern.Split('/');
        string? handle = null;
        var i = 0;
        for (; i < pattern.Length; i++)
        {
            var p = pattern[i];
            if (p == "**")
            {
                i = pattern.Length;
                break;
            }
            if (i >= segments.Length)
            {
                return null;
            }
            var segment = segments[i];
            var at = p.IndexOf("{h}", StringComparison.Ordinal);
            if (at >= 0)
            {
                var prefix = p[..at];
                if (!segment.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || segment.Length == prefix.Length)
                {
                    return null;
                }
                handle = segment[prefix.Length..];
            }
            else if (p != "*" && !string.Equals(p, segment, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }
        if (i == pattern.Length && !shape.Pattern.EndsWith("**", StringComparison.Ordinal) && segments.Length != pattern.Length)
        {
            return null;
        }
        if (shape.QueryKey is { } key)
        {
            handle = QueryValue(query, key);
        }
        if (handle is null || !shape.Handle.IsMatch(handle))
        {
            return null;
        }
        var value = shape.KeepCase ? handle : handle.ToLowerInvariant();
        if (shape.Pattern.StartsWith("{h}", StringComparison.Ordinal) && shape.QueryKey is null && rule.Reserved.Contains(value))
        {
            return null;
        }
        return new AccountAddress(rule.Platform, Fill(shape.Identity, value, host), Fill(shape.Url, value, host), value);
    }

    private static string Fill(string template, string handle, string host) =>
        template.Replace("{h}", handle, StringComparison.Ordinal).Replace("{host}", host, StringComparison.Ordinal);

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
}
