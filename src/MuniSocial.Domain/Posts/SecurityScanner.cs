namespace MuniSocial.Domain.Posts;

/// <summary>
/// §6(2)ウ: what in a post could threaten the city's security — passwords, addresses of the internal network
/// (private IPv4, internal host names, LGWAN hosts), details of its systems (server and OS versions, VPN, 管理画面,
/// the configuration) and API keys or tokens. Hand-written scanners over the folded text (ASCII lower case,
/// full width folded to half width); each visits every character a bounded number of times.
/// The city's public sites under .lg.jp are not internal: only LGWAN hosts and hosts whose labels say
/// they are internal (intra, admin, vpn…) are.
/// </summary>
public static class SecurityScanner
{
    public enum What
    {
        Password,
        InternalAddress,
        SystemDetails,
        Secret,
    }

    private static readonly TermMatcher PasswordWords = new(["パスワード", "pw", "passwd", "password", "暗証番号", "パスコード", "pinコード", "認証コード", "ログインパスワード"]);

    private static readonly TermMatcher SystemPhrases = new(
    [
        "サーバーの構成", "サーバの構成", "サーバー構成", "サーバ構成", "ネットワーク構成", "ネットワークの構成", "システム構成図", "システムの構成図",
        "ファイアウォールの設定", "ファイアウォール設定", "パッチ未適用", "未適用のパッチ", "脆弱性が残", "脆弱性が未", "ルーターの設定", "管理者アカウント",
        "管理者パスワード", "rootパスワード", "rootでログイン", "ssh接続", "sshで接続", "リモートデスクトップ接続", "vpn接続", "vpnの接続", "vpn装置",
        "vpnサーバ", "vpnのid", "vpn機器", "vpnのアカウント", "vpnの設定", "ドメインコントローラ", "active directory", "アクティブディレクトリ",
        "共有フォルダのパス", "ファイルサーバ", "\\\\",
    ]);

    private static readonly TermMatcher AdminScreens = new(["管理画面", "管理者画面", "管理者ページ", "管理者用ページ", "管理ページ", "管理者ログイン", "管理コンソール"]);

    private static readonly TermMatcher AdminPaths = new(["/wp-admin", "/wp-login", "/phpmyadmin", "/admin", "/administrator", "/manager/html", "/cpanel", "/webmin", "/kanri"]);

    private static readonly TermMatcher Products = new(
    [
        "windows server", "centos", "rhel", "red hat enterprise linux", "ubuntu", "debian", "apache", "nginx", "iis", "tomcat", "php", "mysql",
        "postgresql", "oracle database", "sql server", "exchange server", "fortigate", "fortios", "yamaha rtx", "cisco asa", "openssl", "wordpress",
        "movable type", "jboss", "weblogic",
    ]);

    private static readonly string[] SecretPrefixes = ["sk-", "sk_live_", "sk_test_", "rk_live_", "pk_live_", "ghp_", "gho_", "ghu_", "ghs_", "github_pat_", "xoxb-", "xoxp-", "xoxa-", "glpat-", "ya29.", "akia", "aiza", "eyj"];

    private static readonly TermMatcher SecretWords = new(["token", "apikey", "api key", "api_key", "api-key", "secret", "access key", "アクセスキー", "シークレット", "トークン", "apiキー", "認証キー", "秘密鍵"]);

    private static readonly HashSet<string> InternalTlds = ["local", "lan", "internal", "intra", "intranet", "corp", "localdomain", "home", "lgwan"];

    private static readonly HashSet<string> InternalLabels = ["intra", "intranet", "lgwan", "internal", "admin", "kanri", "vpn", "gw", "dc", "ad", "nas", "file", "fileserver", "fs", "db", "dev", "stg", "staging", "test", "local", "localhost"];

    public static List<(int Start, int End, What What)> Find(string s)
    {
        var result = new List<(int, int, What)>();
        Passwords(s, result);
        Hosts(s, result);
        foreach (var (start, end) in SystemPhrases.Matches(s))
        {
            result.Add((start, end, What.SystemDetails));
        }
        AdminScreensAndPaths(s, result);
        ProductVersions(s, result);
        Secrets(s, result);
        result.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return result;
    }

    private static bool IsAlnum(char c) => c is >= 'a' and <= 'z' or >= '0' and <= '9' or >= 'A' and <= 'Z';

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsTokenChar(char c) => c is > ' ' and < '\u007F' and not ('"' or '\'' or '<' or '>' or '(' or ')' or '[' or ']' or '{' or '}' or '`' or ',');

    private static bool IsHostChar(char c) => IsAlnum(c) || c is '.' or '-';

    /// <summary>ASCII words need a boundary: "pw" inside "upwards" is no password.</summary>
    private static bool Bounded(string s, int start, int end) =>
        (!IsAlnum(s[start]) || start == 0 || !IsAlnum(s[start - 1])) && (!IsAlnum(s[end - 1]) || end >= s.Length || !IsAlnum(s[end]));

    /// <summary>パスワード: xxx / PW＝xxx / パスワードは「xxx」: a word, a colon, equals sign or は, then a value of at least 4 ASCII characters.</summary>
    private static void Passwords(string s, List<(int, int, What)> result)
    {
        foreach (var (start, end) in PasswordWords.Matches(s))
        {
            if (!Bounded(s, start, end))
            {
                continue;
            }
            var k = end;
            var limit = Math.Min(s.Length, end + 8);
            while (k < limit && s[k] == ' ')
            {
                k++;
            }
            var marked = k < limit && s[k] is ':' or '=' or 'は' or 'が' or '/';
            if (marked)
            {
                k++;
            }
            var quoted = false;
            while (k < limit && s[k] is ' ' or '「' or '『' or '"' or '\'' or '(' or '[')
            {
                quoted |= s[k] != ' ';
                k++;
            }
            var t = k;
            while (t < s.Length && t < k + 64 && IsTokenChar(s[t]))
            {
                t++;
            }
            // Without a colon or quotes only a value that looks like one counts: "パスワード nayoro2026", not "password reset".
            if (!marked && !quoted && !(t - k >= 4 && (Mixed(s, k, t) || AllDigits(s, k, t))))
            {
                continue;
            }
            while (t > k && s[t - 1] is '.' or '。' or '!' or '?' or ';' or ':')
            {
                t--;
            }
            if (t - k >= 4 && HasAlnum(s, k, t) && !(t < s.Length && s[t] is '文' or '桁' or '字') && !FollowedByExample(s, t) && !Has(s, k, t, "http") && !Has(s, k, t, "*"))
            {
                result.Add((start, t, What.Password));
            }
        }
    }

    /// <summary>「12345678など」「abcdのような」: an example of a bad password in help text, not a password.</summary>
    private static bool FollowedByExample(string s, int t)
    {
        var rest = s.AsSpan(t, Math.Min(6, s.Length - t)).TrimStart(' ');
        return rest.StartsWith("など", StringComparison.Ordinal) || rest.StartsWith("のよう", StringComparison.Ordinal) || rest.StartsWith("等", StringComparison.Ordinal)
            || rest.StartsWith("」など", StringComparison.Ordinal) || rest.StartsWith("」のよう", StringComparison.Ordinal);
    }

    private static bool AllDigits(string s, int start, int end)
    {
        for (var k = start; k < end; k++)
        {
            if (!IsDigit(s[k]))
            {
                return false;
            }
        }
        return end > start;
    }

    private static bool HasAlnum(string s, int start, int end)
    {
        for (var k = start; k < end; k++)
        {
            if (IsAlnum(s[k]))
            {
                return true;
            }
        }
        return false;
    }

    private static bool Has(string s, int start, int end, string part) => s.AsSpan(start, end - start).Contains(part, StringComparison.Ordinal);

    /// <summary>Private IPv4 addresses (10/8, 172.16/12, 192.168/16) and internal host names, inside links or not.</summary>
    private static void Hosts(string s, List<(int, int, What)> result)
    {
        var i = 0;
        while (i < s.Length)
        {
            if (!IsHostChar(s[i]) || (i > 0 && IsHostChar(s[i - 1])))
            {
                i++;
                continue;
            }
            var end = i;
            while (end < s.Length && IsHostChar(s[end]))
            {
                end++;
            }
            var tokenEnd = end;
            while (end > i && s[end - 1] is '.' or '-')
            {
                end--;
            }
            if (end > i && s.IndexOf('.', i, end - i) >= 0)
            {
                var token = s[i..end];
                if (PrivateIpv4(token) || InternalHost(token))
                {
                    var e = end;
                    // A port is part of the address: 192.168.1.10:8080.
                    if (e + 1 < s.Length && s[e] == ':' && IsDigit(s[e + 1]))
                    {
                        e++;
                        while (e < s.Length && e < end + 7 && IsDigit(s[e]))
                        {
                            e++;
                        }
                    }
                    result.Add((i, e, What.InternalAddress));
                }
            }
            i = Math.Max(tokenEnd, i + 1);
        }
    }

    private static bool PrivateIpv4(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }
        var octets = new int[4];
        for (var k = 0; k < 4; k++)
        {
            if (parts[k].Length is 0 or > 3 || !parts[k].All(IsDigit))
            {
                return false;
            }
            octets[k] = int.Parse(parts[k], System.Globalization.CultureInfo.InvariantCulture);
            if (octets[k] > 255)
            {
                return false;
            }
        }
        return octets[0] == 10 || (octets[0] == 172 && octets[1] is >= 16 and <= 31) || (octets[0] == 192 && octets[1] == 168);
    }

    private static bool InternalHost(string token)
    {
        var labels = token.Split('.');
        if (labels.Length < 2 || labels.Any(l => l.Length == 0) || labels.All(l => l.All(IsDigit)))
        {
            return false;
        }
        var last = labels[^1];
        if (!last.Any(char.IsAsciiLetter))
        {
            return false;
        }
        if (InternalTlds.Contains(last) || (labels.Length >= 2 && last == "arpa" && labels[^2] == "home"))
        {
            return true;
        }
        if (labels.Length >= 2 && labels[^2] == "lgwan" && last == "jp")
        {
            return true;
        }
        // The city's own sites (www.city.nayoro.lg.jp) are public; an LG host whose labels say "internal" is not.
        if (labels.Length >= 3 && labels[^2] == "lg" && last == "jp")
        {
            return labels[..^2].Any(InternalLabels.Contains);
        }
        return labels.Length >= 3 && labels[..^2].Any(l => l is "intra" or "intranet" or "lgwan");
    }

    /// <summary>管理画面 followed by where it is (a link, its address, how to log in), and admin paths or explicit ports in links.</summary>
    private static void AdminScreensAndPaths(string s, List<(int, int, What)> result)
    {
        foreach (var (start, end) in AdminScreens.Matches(s))
        {
            var window = s.AsSpan(end, Math.Min(30, s.Length - end));
            if (window.Contains("http", StringComparison.Ordinal) || window.Contains("url", StringComparison.Ordinal) || window.Contains("アドレス", StringComparison.Ordinal)
                || window.Contains("ログイン", StringComparison.Ordinal) || window.Contains("ろぐいん", StringComparison.Ordinal) || window.Contains("あどれす", StringComparison.Ordinal)
                || window.Contains("こちら", StringComparison.Ordinal) || window.Contains("id", StringComparison.Ordinal) || window.Contains("ぱすわーど", StringComparison.Ordinal)
                || (window.Length > 0 && window[0] is ':' or '：'))
            {
                result.Add((start, end, What.SystemDetails));
            }
        }
        foreach (var (start, end) in AdminPaths.Matches(s))
        {
            // Only inside a link (host before it), and "/admin" must end there: /admission is not an admin path.
            if (start > 0 && IsHostChar(s[start - 1]) && (end >= s.Length || !char.IsAsciiLetterOrDigit(s[end])))
            {
                var b = start;
                while (b > 0 && b > start - 100 && IsTokenChar(s[b - 1]))
                {
                    b--;
                }
                if (Has(s, b, start, "."))
                {
                    result.Add((b, end, What.SystemDetails));
                }
            }
        }
        // http(s)://host:port — an explicit port points at a server, not at the city's public site.
        for (var i = s.IndexOf("://", StringComparison.Ordinal); i >= 0 && i < s.Length; i = s.IndexOf("://", i + 3, StringComparison.Ordinal))
        {
            var h = i + 3;
            while (h < s.Length && IsHostChar(s[h]))
            {
                h++;
            }
            if (h + 1 < s.Length && s[h] == ':' && IsDigit(s[h + 1]))
            {
                var p = h + 1;
                while (p < s.Length && p < h + 7 && IsDigit(s[p]))
                {
                    p++;
                }
                var b = i;
                while (b > 0 && IsAlnum(s[b - 1]))
                {
                    b--;
                }
                result.Add((b, p, What.SystemDetails));
            }
        }
    }

    /// <summary>A server product or OS named with its version (Windows Server 2012, Apache 2.4.41, PHP 7.4).</summary>
    private static void ProductVersions(string s, List<(int, int, What)> result)
    {
        foreach (var (start, end) in Products.Matches(s))
        {
            if (!Bounded(s, start, end))
            {
                continue;
            }
            var k = end;
            while (k < s.Length && k < end + 3 && s[k] is ' ' or '/' or 'v' or '-' or '_')
            {
                k++;
            }
            if (k < s.Length && IsDigit(s[k]))
            {
                var e = k;
                while (e < s.Length && e < k + 16 && (IsDigit(s[e]) || (s[e] == '.' && e + 1 < s.Length && IsDigit(s[e + 1]))))
                {
                    e++;
                }
                result.Add((start, e, What.SystemDetails));
            }
        }
    }

    /// <summary>API keys and tokens: the prefixes of well-known services, or a long mixed string right after "token", "APIキー"….</summary>
    private static void Secrets(string s, List<(int, int, What)> result)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (!IsAlnum(s[i]) || (i > 0 && (IsAlnum(s[i - 1]) || s[i - 1] is '_' or '-')))
            {
                continue;
            }
            foreach (var prefix in SecretPrefixes)
            {
                if (s[i] != prefix[0] || !s.AsSpan(i).StartsWith(prefix, StringComparison.Ordinal))
                {
                    continue;
                }
                var e = i + prefix.Length;
                while (e < s.Length && e < i + 300 && (IsAlnum(s[e]) || s[e] is '_' or '-' or '.'))
                {
                    e++;
                }
                while (e > i && s[e - 1] == '.')
                {
                    e--;
                }
                var body = e - i - prefix.Length;
                var needed = prefix switch
                {
                    "akia" => 16,
                    "aiza" => 30,
                    "eyj" => 30,
                    _ => 16,
                };
                if (body >= needed && Mixed(s, i + prefix.Length, e) && (prefix != "eyj" || Has(s, i, e, ".")))
                {
                    result.Add((i, e, What.Secret));
                    i = e - 1;
                }
                break;
            }
        }
        foreach (var (start, end) in SecretWords.Matches(s))
        {
            if (!Bounded(s, start, end))
            {
                continue;
            }
            var k = end;
            var limit = Math.Min(s.Length, end + 12);
            while (k < limit && s[k] is ' ' or ':' or '=' or 'は' or 'が' or '「' or '"' or '\'' or '_')
            {
                k++;
            }
            var e = k;
            while (e < s.Length && e < k + 300 && (IsAlnum(s[e]) || s[e] is '_' or '-' or '+' or '/' or '='))
            {
                e++;
            }
            if (e - k >= 20 && Mixed(s, k, e))
            {
                result.Add((start, e, What.Secret));
            }
        }
    }

    /// <summary>Letters and digits both: a random string, not a word.</summary>
    private static bool Mixed(string s, int start, int end)
    {
        bool letter = false, digit = false;
        for (var k = start; k < end; k++)
        {
            letter |= s[k] is >= 'a' and <= 'z' or >= 'A' and <= 'Z';
            digit |= IsDigit(s[k]);
        }
        return letter && digit;
    }
}
