using System.Globalization;
using System.Text.RegularExpressions;
using MuniSocial.Domain.Posts;

namespace MuniSocial.Domain.Accounts;

/// <summary>The drafted profile text, its length as the platform counts it, and what had to go to fit.</summary>
public sealed record ProfileDraft(string Text, int Length, ProfileField Field, IReadOnlyList<string> Dropped, bool Shortened)
{
    public bool Fits => Field.Limit is not { } l || Length <= l;
}

/// <summary>
/// §5(4)エ: 運用ポリシーに明示した発信情報の内容、開設・運用の目的、投稿に対する返信の有無などは、公式アカウントの自由に
/// 記載できる箇所に掲載し…特に返信の有無は可能な限り最初に表示されるページに掲載する. Drafts that text from the
/// accepted policy: the reply wording first (「返信: …」), then the purpose, the operating hours and the link to the policy page,
/// cut to the platform's profile limit (<see cref="ProfileLimits"/>). The link is never cut: the hours and then the
/// purpose are dropped first, then the reply wording is shortened with 「…」; a link that leaves no room for the first
/// <see cref="MinReplyShown"/> characters of the reply wording goes bare, and if still too long is left out.
/// </summary>
public static partial class ProfileText
{
    public const string Ellipsis = "…";

    /// <summary>The link to the policy is kept only when at least this much of the reply wording fits beside it.</summary>
    public const int MinReplyShown = 20;

    public static ProfileDraft Draft(PolicyVersion policy, string policyUrl) =>
        Draft(policy.Platform ?? Platform.Other, policy.OtherPlatformName, policy.ReplyWording, policy.Purpose, policy.HoursText, policyUrl);

    public static ProfileDraft Draft(Platform platform, string? otherName, string? replyWording, string? purpose, string? hours, string policyUrl)
    {
        var field = ProfileLimits.Of(platform, otherName);
        var reply = OneLine(replyWording) is { Length: > 0 } wording ? "返信: " + wording : "";
        var url = policyUrl.Trim();
        // Lowest priority last: the hours go first, then the purpose.
        var optional = new List<(string Name, string Line)>();
        if (OneLine(purpose) is { Length: > 0 } p)
        {
            optional.Add(("開設・運用の目的", "目的: " + p));
        }
        if (OneLine(hours) is { Length: > 0 } h)
        {
            optional.Add(("運用時間", "運用時間: " + h));
        }
        var dropped = new List<string>();
        string Compose(string replyText, int optionalCount, string? linkLine) =>
            string.Join("\n", new[] { replyText }.Concat(optional.Take(optionalCount).Select(o => o.Line)).Concat(linkLine is null ? [] : [linkLine]).Where(s => s.Length > 0));
        int Length(string text) => ProfileLimits.Count(field, text, Urls(text));
        bool Fits(string text) => field.Limit is not { } limit || Length(text) <= limit;
        var elements = StringInfo.ParseCombiningCharacters(reply);
        string Cut(int count) => count >= elements.Length ? reply : reply[..elements[count]] + Ellipsis;

        // The link, labelled or bare, only where it leaves room for the start of the reply wording; else it is left out, never cut.
        var least = Cut(MinReplyShown);
        string? link = new[] { "運用ポリシー: " + url, url }.FirstOrDefault(l => Fits(Compose(least, 0, l)));
        if (link is null)
        {
            dropped.Add("運用ポリシーへのリンク");
        }
        var kept = optional.Count;
        var text = Compose(reply, kept, link);
        while (!Fits(text) && kept > 0)
        {
            kept--;
            dropped.Add(optional[kept].Name);
            text = Compose(reply, kept, link);
        }
        var shortened = false;
        if (!Fits(text))
        {
            // The longest start of the reply wording (whole characters) that fits with 「…」.
            int lo = 0, hi = elements.Length - 1;
            while (lo < hi)
            {
                var mid = (lo + hi + 1) / 2;
                if (Fits(Compose(Cut(mid), 0, link)))
                {
                    lo = mid;
                }
                else
                {
                    hi = mid - 1;
                }
            }
            text = Compose(Cut(lo), 0, link);
            shortened = true;
        }
        return new ProfileDraft(text, Length(text), field, dropped, shortened);
    }

    private static string OneLine(string? value) =>
        WhiteSpace().Replace((value ?? "").Replace("\r\n", "\n", StringComparison.Ordinal), m => m.Value.Contains('\n', StringComparison.Ordinal) ? " " : m.Value).Trim();

    private static List<(int Start, int Length)> Urls(string text) => [.. UrlPattern().Matches(text).Select(m => (m.Index, m.Length))];

    [GeneratedRegex(@"https?://[!-~]+", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"\s*\n\s*", RegexOptions.CultureInvariant)]
    private static partial Regex WhiteSpace();
}
