using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Operations;

namespace MuniSocial.Domain.Posts;

/// <summary>
/// The content check of a post before it goes out (§5(4)イ・ウ, §6). Hand-written scanners over the folded
/// text — no regular expressions, so nothing can backtrack: every scanner visits each character a bounded
/// number of times and the whole check is linear in the text length. Positions in the findings are those
/// of the original text (UTF-16 code units).
/// </summary>
public sealed class ContentChecker
{
    /// <summary>How far (in characters) a name may be from a personal detail to count as "next to" it.</summary>
    public const int NameProximity = 30;

    private readonly ContentCheckRules _rules;
    private readonly TermMatcher _expressions;
    private readonly TermMatcher _confidential;
    private readonly TermMatcher _decision;
    private readonly TermMatcher _exceptions;
    private readonly HashSet<string> _shorteners;
    private readonly string[] _ownDomains;
    private readonly BusinessCalendar _calendar;

    /// <param name="calendar">The city's calendar as configured (Operations:Calendar): 祝日 and the year-end closure.</param>
    public ContentChecker(ContentCheckRules rules, BusinessCalendar calendar)
    {
        _rules = rules;
        _calendar = calendar;
        _expressions = new TermMatcher(rules.Expressions);
        _confidential = new TermMatcher(rules.ConfidentialMarkers);
        _decision = new TermMatcher(rules.DecisionMarkers);
        _exceptions = new TermMatcher(rules.Exceptions);
        _shorteners = rules.ShortenerHosts.Select(h => h.Trim().ToLowerInvariant()).Where(h => h.Length > 0).ToHashSet();
        _ownDomains = [.. rules.OwnDomains.Select(h => h.Trim().ToLowerInvariant()).Where(h => h.Length > 0)];
    }

    public static ContentChecker Default { get; } = new(ContentCheckRules.Default, new BusinessCalendar());

    /// <summary>The check of a user's comment (§5(5)ウ, 様式1 注意事項): the post's checks and those of advertising and discrimination.</summary>
    public IReadOnlyList<Finding> CheckComment(string text) => Check(text, new CheckContext(null) { Comment = true });

    public IReadOnlyList<Finding> Check(string text, CheckContext context)
    {
        var findings = new List<Finding>();
        var norm = NormalizedText.Of(text);
        var scan = norm.Text.ToCharArray();

        void Add(FindingKind kind, int start, int end, string message)
        {
            var (s, l) = norm.ToOriginal(start, end);
            findings.Add(new Finding(kind, _rules.SeverityOf(kind), FindingKinds.Clause(kind), s, l, message));
        }
        string Quote(int start, int end)
        {
            var (s, l) = norm.ToOriginal(start, end);
            var q = text.Substring(s, l);
            return q.Length > 60 ? q[..60] + "…" : q;
        }
        void Mask(int start, int end)
        {
            for (var i = start; i < end; i++)
            {
                scan[i] = ' ';
            }
        }

        // 0. The city's security (§6(2)ウ), on the text before links are masked: a link can be the internal address.
        foreach (var (start, end, what) in SecurityScanner.Find(norm.Text))
        {
            Add(FindingKind.Security, start, end, what switch
            {
                SecurityScanner.What.Password => $"パスワード・暗証番号と思われる「{Quote(start, end)}」が含まれています。パスワードは発信できません（ガイドライン6(2)ウ）。",
                SecurityScanner.What.InternalAddress => $"庁内ネットワークのアドレス「{Quote(start, end)}」が含まれています。内部のアドレスやホスト名は発信できません（ガイドライン6(2)ウ）。",
                SecurityScanner.What.Secret => $"APIキー・トークンと思われる文字列「{Quote(start, end)}」が含まれています。発信できません。漏れた場合はすぐに無効にしてください（ガイドライン6(2)ウ）。",
                _ => $"「{Quote(start, end)}」は市のシステムの構成・管理に関する情報です。本市のセキュリティを脅かすおそれのある情報は発信できません（ガイドライン6(2)ウ）。",
            });
        }

        // 1. Links (§5(4)ウ). Masked afterwards so that digits and words inside addresses are not read as text.
        var urlSpans = new List<(int Start, int Length)>();
        foreach (var (start, end, host) in Urls(scan))
        {
            var bare = host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
            if (_shorteners.Contains(host) || _shorteners.Contains(bare))
            {
                if (context.Comment)
                {
                    Add(FindingKind.Advertising, start, end, $"短縮URL「{Quote(start, end)}」へ誘導しています。広告・宣伝・勧誘のおそれがあります（注意事項⑸）。");
                }
                Add(FindingKind.UrlShortener, start, end,
                    $"短縮URL「{Quote(start, end)}」はリンク先が分からないため、利用者が確認できません。リンク先の元のURLを記載してください（ガイドライン5(4)ウ）。");
            }
            else if (!_ownDomains.Any(d => host == d || host.EndsWith("." + d, StringComparison.Ordinal)))
            {
                Add(FindingKind.ExternalLink, start, end,
                    $"外部サイトへのリンク「{Quote(start, end)}」があります。利用者が市のページと受け取るおそれがないか、リンク先の内容を確認してください（ガイドライン5(4)ウ）。");
            }
            urlSpans.Add(norm.ToOriginal(start, end));
            Mask(start, end);
        }

        // 2. Personal information (§6(1)ウ, §5(4)イ).
        var details = new List<(int Start, int End)>();
        foreach (var (start, end) in Emails(scan))
        {
            Add(FindingKind.Email, start, end, $"メールアドレス「{Quote(start, end)}」が含まれています。個人のアドレスでないか確認してください（ガイドライン6(1)ウ）。");
            details.Add((start, end));
            Mask(start, end);
        }
        foreach (var (start, end, kind) in Numbers(scan))
        {
            if (kind == FindingKind.MyNumber)
            {
                Add(kind, start, end, $"個人番号（マイナンバー）と思われる12桁の番号「{Quote(start, end)}」が含まれています。個人番号は発信できません（ガイドライン6(1)ウ）。");
            }
            else
            {
                Add(kind, start, end, $"電話番号「{Quote(start, end)}」が含まれています。個人の電話番号でないか確認してください（ガイドライン6(1)ウ）。");
            }
            details.Add((start, end));
        }
        foreach (var (start, end) in Addresses(scan))
        {
            Add(FindingKind.Address, start, end, $"番地までの住所「{Quote(start, end)}」が含まれています。個人の住所でないか確認してください（ガイドライン6(1)ウ）。");
            details.Add((start, end));
        }
        details.AddRange(Ages(scan));
        details.Sort();
        foreach (var (start, end) in Names(scan))
        {
            if (IsNear(details, start, end))
            {
                Add(FindingKind.NameWithDetails, start, end,
                    $"氏名「{Quote(start, end)}」が連絡先・住所・年齢などの個人情報と並んでいます。本人の同意があるか確認してください（ガイドライン6(1)ウ・5(4)イ）。");
            }
        }

        // 3. Dictionaries kept by the PR office.
        var folded = new string(scan);
        var exceptions = _exceptions.Matches(folded, skipOverlaps: false);
        foreach (var (start, end) in Filter(_expressions.Matches(folded), exceptions))
        {
            Add(FindingKind.Expression, start, end, $"「{Quote(start, end)}」は他者を侮辱・差別し、または違法行為をあおる表現にあたるおそれがあります（ガイドライン6(1)キ）。");
        }
        foreach (var (start, end) in Filter(_confidential.Matches(folded), exceptions))
        {
            Add(FindingKind.Confidential, start, end, $"「{Quote(start, end)}」は秘密情報の表示です。秘密に関する情報は発信できません（ガイドライン6(2)ア）。");
        }
        foreach (var (start, end) in Filter(_decision.Matches(folded), exceptions))
        {
            Add(FindingKind.DecisionInProgress, start, end, $"「{Quote(start, end)}」は検討中・未確定の内容を示しています。意思形成過程の情報でないか確認してください（ガイドライン6(2)エ）。");
        }

        // 4. Conduct (§6(1)キ, 様式1 注意事項⑶⑺⑽; for comments also ⑸⑹): built-in phrase rules.
        foreach (var (start, end) in ConductRules.Incitement.Find(folded, exceptions))
        {
            Add(FindingKind.Incitement, start, end, $"「{Quote(start, end)}」は違法行為をあおる表現、または犯罪の予告にあたるおそれがあります（ガイドライン6(1)キ、注意事項⑽）。");
        }
        foreach (var (start, end) in ConductRules.PoliticalOrReligious.Find(folded, exceptions))
        {
            Add(FindingKind.PoliticalOrReligious, start, end, $"「{Quote(start, end)}」は政治活動・宗教活動の勧誘にあたるおそれがあります。特定の政党・候補者・宗教への支持や勧誘でないか確認してください（注意事項⑶）。");
        }
        foreach (var (start, end) in ConductRules.PublicOrder.Find(folded, exceptions))
        {
            Add(FindingKind.PublicOrder, start, end, $"「{Quote(start, end)}」は公の秩序・善良の風俗に反する内容（わいせつ・賭博・薬物など）にあたるおそれがあります（ガイドライン6(1)キ、注意事項⑺）。");
        }
        if (context.Comment)
        {
            foreach (var (start, end) in ConductRules.Advertising.Find(folded, exceptions))
            {
                Add(FindingKind.Advertising, start, end, $"「{Quote(start, end)}」は広告・宣伝・勧誘、または営利を目的とする内容にあたるおそれがあります（注意事項⑸）。");
            }
            foreach (var (start, end) in ConductRules.Discrimination.Find(folded, exceptions))
            {
                Add(FindingKind.Discrimination, start, end, $"「{Quote(start, end)}」は人種・思想・信条などによる差別、または差別を助長する表現にあたるおそれがあります（注意事項⑹）。");
            }
        }

        // 5. The platform's limit.
        if (context.Platform is { } platform && PlatformLimits.LimitOf(platform) is { } limit)
        {
            var (count, overflowAt) = PlatformLimits.Measure(platform, text, urlSpans);
            if (overflowAt is { } at)
            {
                findings.Add(new Finding(FindingKind.Length, _rules.SeverityOf(FindingKind.Length), FindingKinds.Clause(FindingKind.Length), at, text.Length - at,
                    $"{Labels.Of(platform)}の上限{limit:N0}文字{PlatformLimits.UnitOf(platform)}を超えています（{count:N0}文字）。超えた部分を削ってください。"));
            }
        }

        // 6. 運用期間 and 運用時間 of the account.
        if (context.Window is { } window && context.PostingAt is { } postingAt)
        {
            AddTimeFindings(findings, window, postingAt);
        }

        findings.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Kind.CompareTo(b.Kind));
        return findings;
    }

    private void AddTimeFindings(List<Finding> findings, OperatingWindow window, DateTimeOffset postingAt)
    {
        var local = Wareki.ToTokyo(postingAt);
        var day = DateOnly.FromDateTime(local.DateTime);
        if ((window.PeriodStart is { } ps && day < ps) || (window.PeriodEnd is { } pe && day > pe))
        {
            var period = $"{(window.PeriodStart is { } a ? Wareki.Format(a) : "")}～{(window.PeriodEnd is { } b ? Wareki.Format(b) : "")}";
            findings.Add(new Finding(FindingKind.OutsidePeriod, _rules.SeverityOf(FindingKind.OutsidePeriod), FindingKinds.Clause(FindingKind.OutsidePeriod), 0, 0,
                $"発信日時（{Wareki.FormatDateTime(postingAt)}）がアカウントの運用期間（{period}）の外です（ガイドライン5(1)オ）。"));
        }
        var time = TimeOnly.FromDateTime(local.DateTime);
        var offDay = !PolicyContent.Includes(window.Days, day.DayOfWeek) || (window.ExcludeHolidays && _calendar.IsHolidayOrClosure(day));
        var offHours = (window.HoursStart is { } hs && time < hs) || (window.HoursEnd is { } he && time >= he);
        if (offDay || offHours)
        {
            var hours = PolicyContent.DescribeHours(window.Days, window.HoursStart, window.HoursEnd, window.ExcludeHolidays, null);
            var reason = offDay && window.ExcludeHolidays && _calendar.IsHolidayOrClosure(day) ? "（祝日・年末年始）" : "";
            findings.Add(new Finding(FindingKind.OutsideHours, _rules.SeverityOf(FindingKind.OutsideHours), FindingKinds.Clause(FindingKind.OutsideHours), 0, 0,
                $"発信日時（{Wareki.FormatDateTime(postingAt)}{reason}）が運用ポリシーの運用時間外です。運用時間: {hours}（ガイドライン5(1)カ）。"));
        }
    }

    private static IEnumerable<(int Start, int End)> Filter(List<(int Start, int End)> matches, List<(int Start, int End)> exceptions)
    {
        // Both lists are sorted by start: a match is harmless when an exception that starts no later covers its end.
        var x = 0;
        var coveredTo = -1;
        foreach (var (start, end) in matches)
        {
            while (x < exceptions.Count && exceptions[x].Start <= start)
            {
                coveredTo = Math.Max(coveredTo, exceptions[x].End);
                x++;
            }
            if (coveredTo < end)
            {
                yield return (start, end);
            }
        }
    }

    private static bool IsNear(List<(int Start, int End)> details, int start, int end)
    {
        foreach (var d in details)
        {
            if (d.End >= start - NameProximity && d.Start <= end + NameProximity)
            {
                return true;
            }
        }
        return false;
    }

    // ---- scanners -------------------------------------------------------------------------------------

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsAsciiLetter(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z';

    private static bool IsKanji(char c) => c is >= '\u4E00' and <= '\u9FFF' or '々' or 'ヶ';

    private static bool IsKanjiNumeral(char c) => c is '一' or '二' or '三' or '四' or '五' or '六' or '七' or '八' or '九' or '十' or '〇' or '百';

    private static bool IsNumberChar(char c) => IsDigit(c) || IsKanjiNumeral(c);

    private static bool IsUrlChar(char c) => c is > ' ' and < '\u007F' and not ('"' or '<' or '>' or '\\' or '^' or '`' or '{' or '|' or '}');

    /// <summary>http(s):// and www. links; trailing punctuation and an unbalanced closing bracket are not part of the link.</summary>
    private static List<(int Start, int End, string Host)> Urls(char[] s)
    {
        var result = new List<(int, int, string)>();
        for (var i = 0; i < s.Length; i++)
        {
            int hostStart;
            if (Starts(s, i, "https://"))
            {
                hostStart = i + 8;
            }
            else if (Starts(s, i, "http://"))
            {
                hostStart = i + 7;
            }
            else if (Starts(s, i, "www.") && (i == 0 || !IsUrlChar(s[i - 1])))
            {
                hostStart = i;
            }
            else
            {
                continue;
            }
            var end = hostStart;
            while (end < s.Length && IsUrlChar(s[end]))
            {
                end++;
            }
            var open = 0;
            for (var k = i; k < end; k++)
            {
                open += s[k] == '(' ? 1 : s[k] == ')' ? -1 : 0;
            }
            while (end > hostStart && (s[end - 1] is '.' or ',' or '!' or '?' or ';' or ':' or '\'' || (s[end - 1] == ')' && open < 0)))
            {
                open += s[end - 1] == ')' ? 1 : 0;
                end--;
            }
            var hostEnd = hostStart;
            while (hostEnd < end && s[hostEnd] is not ('/' or '?' or '#' or ':'))
            {
                hostEnd++;
            }
            if (hostEnd > hostStart)
            {
                var host = new string(s, hostStart, hostEnd - hostStart);
                var at = host.LastIndexOf('@');
                result.Add((i, end, at >= 0 ? host[(at + 1)..] : host));
            }
            i = Math.Max(i, end - 1);
        }
        return result;
    }

    private static bool Starts(char[] s, int i, string prefix)
    {
        if (i + prefix.Length > s.Length)
        {
            return false;
        }
        for (var k = 0; k < prefix.Length; k++)
        {
            if (s[i + k] != prefix[k])
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsLocalChar(char c) => IsDigit(c) || IsAsciiLetter(c) || c is '.' or '_' or '%' or '+' or '-';

    private static bool IsDomainChar(char c) => IsDigit(c) || IsAsciiLetter(c) || c is '.' or '-';

    private static List<(int Start, int End)> Emails(char[] s)
    {
        var result = new List<(int, int)>();
        var lastEnd = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] != '@')
            {
                continue;
            }
            var start = i;
            while (start > lastEnd && IsLocalChar(s[start - 1]))
            {
                start--;
            }
            while (start < i && s[start] == '.')
            {
                start++;
            }
            var end = i + 1;
            while (end < s.Length && IsDomainChar(s[end]))
            {
                end++;
            }
            while (end > i + 1 && s[end - 1] is '.' or '-')
            {
                end--;
            }
            if (start == i || end == i + 1)
            {
                continue;
            }
            var lastDot = Array.LastIndexOf(s, '.', end - 1, end - i - 1);
            if (lastDot <= i + 1 || end - lastDot - 1 < 2 || !AllLetters(s, lastDot + 1, end))
            {
                continue;
            }
            result.Add((start, end));
            lastEnd = end;
            i = end - 1;
        }
        return result;
    }

    private static bool AllLetters(char[] s, int start, int end)
    {
        for (var k = start; k < end; k++)
        {
            if (!IsAsciiLetter(s[k]))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsSeparator(char c) => c is '-' or 'ー' or ' ' or '(' or ')' or '‐';

    /// <summary>Runs of digits with the separators phone numbers are written with; classified as phone or 個人番号.</summary>
    private static List<(int Start, int End, FindingKind Kind)> Numbers(char[] s)
    {
        var result = new List<(int, int, FindingKind)>();
        var digits = new char[20];
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            var plus = c == '+' && i + 1 < s.Length && IsDigit(s[i + 1]);
            var paren = c == '(' && i + 1 < s.Length && IsDigit(s[i + 1]);
            if (!(IsDigit(c) || plus || paren) || (i > 0 && (IsAsciiLetter(s[i - 1]) || IsDigit(s[i - 1]) || (i > 1 && s[i - 1] is '.' or ',' or '/' or ':' && IsDigit(s[i - 2])))))
            {
                i++;
                continue;
            }
            var start = i;
            var count = 0;
            var groups = 0;
            var groupLengths = 0L; // group lengths, 4 bits each, to recognise 4-4-4
            var separators = 0;
            var dotted = false;
            var j = plus || paren ? i + 1 : i;
            var lastDigitEnd = j;
            while (j < s.Length)
            {
                if (IsDigit(s[j]))
                {
                    var g = 0;
                    while (j < s.Length && IsDigit(s[j]))
                    {
                        if (count < digits.Length)
                        {
                            digits[count] = s[j];
                        }
                        count++;
                        g++;
                        j++;
                    }
                    groups++;
                    groupLengths = (groupLengths << 4) | (uint)Math.Min(g, 15);
                    lastDigitEnd = j;
                    continue;
                }
                // Up to two separators in a row ("01654(3)2111", "(01654) 3-2111", "1234  5678") when a digit follows;
                // a single dot joins groups too ("1234.5678.9012"), remembered so that IPv4 addresses are not read as 3-3-3-3.
                var k = j;
                var seps = 0;
                if (s[k] == '.' && k + 1 < s.Length && IsDigit(s[k + 1]))
                {
                    k++;
                    seps++;
                    dotted = true;
                }
                while (k < s.Length && seps < 2 && IsSeparator(s[k]))
                {
                    k++;
                    seps++;
                }
                if (seps == 0 || k >= s.Length || !IsDigit(s[k]))
                {
                    break;
                }
                separators += seps;
                j = k;
            }
            var end = lastDigitEnd;
            i = Math.Max(end, i + 1);
            if (end < s.Length && IsAsciiLetter(s[end]) || count > digits.Length)
            {
                continue;
            }
            var d = new ReadOnlySpan<char>(digits, 0, count);
            if (plus)
            {
                if (d.StartsWith("81") && count is 11 or 12)
                {
                    result.Add((start, end, FindingKind.Phone));
                }
                continue;
            }
            if (count == 12)
            {
                // As the card prints it (4-4-4) or as people copy it: one run, 3-3-3-3, 5-7; dots only as 4.4.4.
                var grouped = groups == 1 || (groups == 3 && groupLengths == 0x444)
                    || (!dotted && ((groups == 4 && groupLengths == 0x3333) || (groups == 2 && groupLengths == 0x57)));
                if (grouped && MyNumber.IsValid(d))
                {
                    result.Add((start, end, FindingKind.MyNumber));
                }
                continue;
            }
            if (IsPhone(d, groups, separators))
            {
                result.Add((start, end, FindingKind.Phone));
            }
        }
        return result;
    }

    private static bool IsPhone(ReadOnlySpan<char> d, int groups, int separators)
    {
        if (d.Length < 10 || d[0] != '0' || d[1] == '0')
        {
            return false;
        }
        if (d.Length == 11)
        {
            return d.StartsWith("070") || d.StartsWith("080") || d.StartsWith("090") || d.StartsWith("050") || d.StartsWith("020")
                || d.StartsWith("060") || d.StartsWith("0800");
        }
        // 10 digits: landlines (市外局番 + 市内局番 + 加入者番号), 0120, 0570. Written without separators it is still a phone number.
        return d.Length == 10 && (groups == 1 ? separators == 0 : groups is >= 2 and <= 4);
    }

    /// <summary>Street addresses to the house: 〇丁目〇番（地）〇号, 〇番地, 〇番〇号, 〇条〇-〇.</summary>
    private static List<(int Start, int End)> Addresses(char[] s)
    {
        var result = new List<(int, int)>();
        var i = 0;
        while (i < s.Length)
        {
            var end = -1;
            var numberStart = -1;
            if (s[i] == '丁' && i + 1 < s.Length && s[i + 1] == '目' && NumberBefore(s, i) is var ns && ns < i)
            {
                // 〇丁目 followed by 〇番（地）… or 〇-〇
                var k = SkipNumber(s, i + 2);
                if (k > i + 2 && k < s.Length && (s[k] == '番' || (s[k] == '-' && k + 1 < s.Length && IsDigit(s[k + 1]))))
                {
                    end = AfterBan(s, k);
                    numberStart = ns;
                }
            }
            else if (s[i] == '番' && NumberBefore(s, i) is var nb && nb < i)
            {
                if (i + 1 < s.Length && s[i + 1] == '地')
                {
                    end = AfterBan(s, i);
                    numberStart = nb;
                }
                else if (SkipNumber(s, i + 1) is var k && k > i + 1 && k < s.Length && s[k] == '号')
                {
                    end = k + 1;
                    numberStart = nb;
                }
            }
            else if (s[i] == '条' && i > 0 && IsNumberChar(s[i - 1]))
            {
                var k = i + 1;
                while (k < s.Length && k < i + 3 && s[k] is '東' or '西' or '南' or '北')
                {
                    k++;
                }
                var n1 = SkipNumber(s, k);
                if (n1 > k && n1 + 1 < s.Length && s[n1] == '-' && IsDigit(s[n1 + 1]))
                {
                    end = SkipNumber(s, n1 + 1);
                    if (end + 1 < s.Length && s[end] == '-' && IsDigit(s[end + 1]))
                    {
                        end = SkipNumber(s, end + 1);
                    }
                    numberStart = NumberBefore(s, i);
                }
            }
            if (end > 0)
            {
                var start = numberStart;
                var limit = Math.Max(0, start - 12);
                while (start > limit && (IsKanji(s[start - 1]) || IsNumberChar(s[start - 1])))
                {
                    start--;
                }
                result.Add((start, end));
                i = end;
                continue;
            }
            i++;
        }
        return result;
    }

    private static int NumberBefore(char[] s, int i)
    {
        var k = i;
        while (k > 0 && k > i - 6 && IsNumberChar(s[k - 1]))
        {
            k--;
        }
        return k;
    }

    private static int SkipNumber(char[] s, int i)
    {
        var k = i;
        while (k < s.Length && k < i + 6 && IsNumberChar(s[k]))
        {
            k++;
        }
        return k;
    }

    /// <summary>From 番 (or '-'): 番地, 番地の〇, 番〇号, 番地〇, -〇(-〇).</summary>
    private static int AfterBan(char[] s, int k)
    {
        if (s[k] == '-')
        {
            var e = SkipNumber(s, k + 1);
            if (e + 1 < s.Length && s[e] == '-' && IsDigit(s[e + 1]))
            {
                e = SkipNumber(s, e + 1);
            }
            return e;
        }
        var end = k + 1;
        if (end < s.Length && s[end] == '地')
        {
            end++;
        }
        if (end + 1 < s.Length && s[end] is 'の' or '-' && IsNumberChar(s[end + 1]))
        {
            end = SkipNumber(s, end + 1);
        }
        else if (SkipNumber(s, end) is var n && n > end)
        {
            end = n < s.Length && s[n] == '号' ? n + 1 : n;
        }
        return end;
    }

    /// <summary>Ages written next to a name: 〇歳, or (〇) after a name as newspapers do.</summary>
    private static List<(int Start, int End)> Ages(char[] s)
    {
        var result = new List<(int, int)>();
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '歳' && i > 0 && IsDigit(s[i - 1]))
            {
                var k = i;
                while (k > 0 && k > i - 3 && IsDigit(s[k - 1]))
                {
                    k--;
                }
                result.Add((k, i + 1));
            }
            else if (s[i] == '(' && i > 0 && (IsKanji(s[i - 1]) || s[i - 1] is 'ん' or '氏' or '様') && SkipDigits(s, i + 1, 3) is var e && e > i + 1 && e < s.Length && s[e] == ')')
            {
                result.Add((i, e + 1));
            }
        }
        return result;
    }

    /// <summary>An age at <paramref name="i"/> (〇歳, at most 3 digits) that describes a person, not a group (以上, から, 児, の…).</summary>
    private static bool AgeAfter(char[] s, int i)
    {
        var e = SkipDigits(s, i, 3);
        if (e == i || e >= s.Length || s[e] != '歳')
        {
            return false;
        }
        var next = e + 1 < s.Length ? s[e + 1] : ' ';
        var next2 = e + 2 < s.Length ? s[e + 2] : ' ';
        return next is not ('以' or '未' or '児' or 'の' or '代' or '前' or '頃' or 'ご' or '位' or '〜' or '~' or '-' or '迄')
            && !(next == 'か' && next2 == 'ら') && !(next == 'ま' && next2 == 'で') && !(next == 'に' && next2 == 'な') && !(next == 'を' && next2 == '迎')
            && !(next == 'と' && next2 == 'い');
    }

    private static int SkipDigits(char[] s, int i, int max)
    {
        var k = i;
        while (k < s.Length && k < i + max && IsDigit(s[k]))
        {
            k++;
        }
        return k;
    }

    private static readonly string[] Honorifics = ["さん", "さま", "様", "氏", "くん", "君", "ちゃん"];

    /// <summary>Words that take an honorific but are not a person's name (皆様, 市民の皆さん, お客様, 参加者様…).</summary>
    private static readonly string[] NotNames = ["皆", "客", "者", "民", "員", "方", "人", "生", "童", "達", "位", "族", "主", "様", "神", "仏", "王", "殿", "長", "師", "手", "家", "室", "課", "係", "局", "所", "校", "園", "会",
        "性", "親", "婦", "齢", "象", "住", "度", "年", "計", "均", "満", "未", "数", "市", "区", "県", "府", "町", "歳", "児", "女",
        "息子", "孫", "夫", "妻", "父", "母", "長男", "次男", "三男"];

    private static bool EndsWithNotName(char[] s, int start, int end)
    {
        foreach (var n in NotNames)
        {
            if (end - start >= n.Length && Starts(s, end - n.Length, n))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Personal names: kanji followed by an honorific, a kanji name followed by (age), or the name after 氏名.</summary>
    private static List<(int Start, int End)> Names(char[] s)
    {
        var result = new List<(int, int)>();
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '氏' && i + 1 < s.Length && s[i + 1] == '名')
            {
                var k = i + 2;
                while (k < s.Length && k < i + 5 && s[k] is ':' or ' ' or '：' or '　' or '・')
                {
                    k++;
                }
                var e = k;
                while (e < s.Length && e < k + 8 && IsKanji(s[e]))
                {
                    e++;
                }
                if (e - k >= 2)
                {
                    result.Add((k, e));
                    i = e;
                }
                continue;
            }
            string? honorific = null;
            foreach (var h in Honorifics)
            {
                if (s[i] == h[0] && Starts(s, i, h))
                {
                    honorific = h;
                    break;
                }
            }
            var ageParen = honorific is null && s[i] == '(' && SkipDigits(s, i + 1, 3) is var a && a > i + 1 && a < s.Length
                && (s[a] == ')' || (s[a] == '歳' && a + 1 < s.Length && s[a + 1] == ')'));
            // 佐藤花子・32歳, 山田太郎 45歳: a name, a separator, an age — but not 市内在住・65歳以上 or 20歳のつどい.
            ageParen |= honorific is null && s[i] is '・' or '、' or ',' or ' ' && AgeAfter(s, i + 1);
            if (honorific is null && !ageParen)
            {
                continue;
            }
            var start = i;
            while (start > 0 && start > i - 5 && IsKanji(s[start - 1]))
            {
                start--;
            }
            // 山田 太郎さん: a family name before a space belongs to the name.
            if (start > 1 && start < i && s[start - 1] == ' ' && IsKanji(s[start - 2]))
            {
                var family = start - 1;
                while (family > 0 && family > start - 5 && IsKanji(s[family - 1]))
                {
                    family--;
                }
                start = family;
            }
            var length = i - start;
            if (length < (ageParen ? 2 : 1) || (length == 1 && honorific is not ("氏" or "さん" or "様")) || EndsWithNotName(s, start, i))
            {
                continue;
            }
            var end = ageParen ? i : i + honorific!.Length;
            result.Add((start, end));
            i = Math.Max(i, end - 1);
        }
        return result;
    }
}
