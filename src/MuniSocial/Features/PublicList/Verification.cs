using System.Runtime.CompilerServices;

namespace MuniSocial.Features.PublicList;

/// <summary>The warning a verdict rests on: where citizens read it.</summary>
public sealed record WarningReference(Guid Id, string Title, DateTimeOffset PublishedAt, string Url);

/// <summary>The official account an unknown address looks like (one character away: the classic impersonation).</summary>
public sealed record Resemblance(Guid Id, string AccountName, string AccountUrl);

public sealed record VerificationResult(string Url, string Verdict, string Message, PublicAccount? Account, ClosedAccount? ClosedAccount,
    WarningReference? Warning = null, DateTimeOffset? CompromisedSince = null)
{
    /// <summary>The platform the address is on (<c>X</c>, <c>Facebook</c>, … <c>Other</c> for a web site); null when it is none or a bare @handle matched nothing.</summary>
    public string? Platform { get; init; }

    /// <summary>The canonical identity the verdict was taken on (<c>x:nayoro_city</c>, <c>facebook:id:1000…</c>).</summary>
    public string? Identity { get; init; }

    /// <summary>An official account whose closing is requested (削除依頼中): still the city's until the PR office removes it.</summary>
    public bool Closing { get; init; }

    /// <summary>For an unknown address: the official account whose handle it is one character away from.</summary>
    public Resemblance? Resembles { get; init; }
}

public static class Verification
{
    public const string NotAnAddressMessage = "URLの形式ではありません。https:// で始まるアドレス、または @ユーザー名 を入力してください。";

    private static readonly ConditionalWeakTable<PublicSnapshot, VerifyIndex> Indexes = [];

    /// <summary>
    /// The verdict by the address's canonical identity (<see cref="PlatformAddressRules"/>), the first that applies:
    /// invalid (no address, or a page that is no account) → impersonation (a fake under a published warning) →
    /// compromised (an official account under a published hijack warning) → official (also through an alternate address
    /// of the accepted policy; <c>closing</c> when its closing is requested) → closed → unknown (with <c>resembles</c> when
    /// the handle is one character from an official account's on the same platform). So a closed account's handle
    /// taken by a faker answers impersonation once its warning is published. The snapshot's index is built once per
    /// snapshot; a check is a few dictionary lookups.
    /// </summary>
    public static VerificationResult Check(string url, PublicSnapshot snapshot)
    {
        var reading = PlatformAddressRules.Read(url);
        if (!reading.Ok)
        {
            return reading.Problem == AddressProblem.NotAnAccount && reading.ProblemPlatform is { } page
                ? new(url, "invalid", $"これはアカウントのアドレスではありません（{Labels.Of(page)}の検索・投稿・ホームなどのページのアドレスです）。確認したいアカウントのプロフィールページのアドレス、または @ユーザー名 を入力してください。", null, null)
                { Platform = page.ToString() }
                : new(url, "invalid", NotAnAddressMessage, null, null);
        }
        var index = Indexes.GetValue(snapshot, s => new VerifyIndex(s));
        static WarningReference Ref(PublicWarningView w) => new(w.Id, w.Title, w.PublishedAt, w.Url);
        VerificationResult With(VerificationResult r, AccountAddress? on) =>
            (on ?? (reading.Candidates.Count == 1 ? reading.Candidates[0] : null)) is { } a ? r with { Platform = a.Platform.ToString(), Identity = a.Identity } : r;

        var fake = First(reading, index.Fakes);
        if (fake.Value is { } f)
        {
            return With(new(url, "impersonation",
                $"なりすましアカウントです。名寄市とは関係がありません。フォローや返信、個人情報の入力はしないでください（{f.PublishedOnText}に市が注意喚起を公開）。",
                null, null, Ref(f)), fake.On);
        }
        var listed = First(reading, index.Official);
        var closed = listed.Value is null ? First(reading, index.Closed) : default;
        var on = listed.On ?? closed.On;
        PublicWarningView? compromised = null;
        if (listed.Value is { } l)
        {
            index.CompromisedById.TryGetValue(l.Id, out compromised);
        }
        if (compromised is null && closed.Value is { } c)
        {
            index.CompromisedById.TryGetValue(c.Id, out compromised);
        }
        if (compromised is null)
        {
            var byAddress = First(reading, index.CompromisedByAddress);
            compromised = byAddress.Value;
            on ??= byAddress.On;
        }
        if (compromised is not null)
        {
            var since = compromised.CompromisedSince is { } s ? $"（{Wareki.Format(s)}から）" : "";
            return With(new(url, "compromised",
                $"このアカウントは現在、第三者に乗っ取られています{since}。投稿を信用しないでください。記載されたリンクを開いたり、個人情報を入力したりしないでください。",
                listed.Value, closed.Value, Ref(compromised), compromised.CompromisedSince), on);
        }
        if (listed.Value is { } official)
        {
            var message = $"名寄市の公式アカウントです（{official.Owner}「{official.AccountName}」）。";
            if (official.Closing)
            {
                message += ClosingSentence;
            }
            return With(new(url, "official", message, official, null) { Closing = official.Closing }, listed.On);
        }
        if (closed.Value is { } gone)
        {
            return With(new(url, "closed", $"このアカウントは{gone.ClosedOnText}に運用を終了しています。現在は名寄市の公式アカウントではありません。", null, gone), closed.On);
        }
        foreach (var candidate in reading.Candidates)
        {
            if (index.LookAlike(candidate) is { } like)
            {
                return With(new(url, "unknown",
                    $"名寄市の公式アカウント「{like.AccountName}」に似ていますが、別のアカウントです。なりすましの可能性があります。フォローや返信、個人情報の入力はしないでください。",
                    null, null)
                { Resembles = new Resemblance(like.Id, like.AccountName, like.Link) }, candidate);
            }
        }
        return With(new(url, "unknown", "名寄市ソーシャルメディア一覧に掲載されていないアカウントです。市の公式アカウントではない可能性があります（なりすましにご注意ください）。", null, null), null);
    }

    /// <summary>The sentence verify adds for an official account whose closing is requested.</summary>
    public const string ClosingSentence = "運用終了の手続き中です（まもなく運用を終了します。終了後は名寄市の公式アカウントではなくなりますので、フォローを続けるかどうかご判断ください）。";

    private static (T? Value, AccountAddress? On) First<T>(AddressReading reading, Dictionary<string, T> map) where T : class
    {
        foreach (var candidate in reading.Candidates)
        {
            if (map.TryGetValue(candidate.Identity, out var hit))
            {
                return (hit, candidate);
            }
        }
        return (null, null);
    }

    /// <summary>A snapshot's addresses by canonical identity, built once per snapshot.</summary>
    private sealed class VerifyIndex
    {
        public Dictionary<string, PublicAccount> Official { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, ClosedAccount> Closed { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, PublicWarningView> Fakes { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, PublicWarningView> CompromisedByAddress { get; } = new(StringComparer.Ordinal);
        public Dictionary<Guid, PublicWarningView> CompromisedById { get; } = [];
        private readonly Dictionary<Platform, List<(string Key, string Folded, PublicAccount Account)>> handles = [];

        public VerifyIndex(PublicSnapshot snapshot)
        {
            foreach (var a in snapshot.Listed)
            {
                var platform = Enum.TryParse<Platform>(a.PlatformCode, out var p) ? p : Platform.Other;
                foreach (var address in new[] { a.AccountUrl }.Concat(a.AlternateUrls).SelectMany(u => Identities(u, platform)))
                {
                    Official.TryAdd(address.Identity, a);
                    if (LookAlikeKey(address) is { } key)
                    {
                        (handles.TryGetValue(address.Platform, out var list) ? list : handles[address.Platform] = []).Add((key, Fold(key), a));
                    }
                }
            }
            foreach (var c in snapshot.Closed)
            {
                var platform = Enum.GetValues<Platform>().FirstOrDefault(p => p != Platform.Other && PlatformLabels.Of(p, null) == c.Platform, Platform.Other);
                foreach (var address in Identities(c.AccountUrl, platform))
                {
                    Closed.TryAdd(address.Identity, c);
                }
            }
            foreach (var w in snapshot.Warnings)
            {
                if (w.Kind == "impersonation")
                {
                    foreach (var address in new[] { w.FakeUrl, w.FakeUrlNormalized }.SelectMany(u => PlatformAddressRules.Read(u).Candidates))
                    {
                        Fakes.TryAdd(address.Identity, w);
                    }
                }
                else if (w.Kind == "compromised")
                {
                    if (w.AccountId is { } id)
                    {
                        CompromisedById.TryAdd(id, w);
                    }
                    foreach (var address in PlatformAddressRules.Read(w.AccountUrl).Candidates)
                    {
                        CompromisedByAddress.TryAdd(address.Identity, w);
                    }
                }
            }
        }

        /// <summary>The addresses an account's stored address names: on its platform, or every reading for その他.</summary>
        private static IEnumerable<AccountAddress> Identities(string? url, Platform platform)
        {
            var reading = PlatformAddressRules.Read(url);
            return platform == Platform.Other ? reading.Candidates
                : reading.On(platform) is { } on ? [on]
                : AccountUrl.For(url, platform) is { } other ? [other] : [];
        }

        public PublicAccount? LookAlike(AccountAddress candidate)
        {
            if (LookAlikeKey(candidate) is not { } key || !handles.TryGetValue(candidate.Platform, out var officials))
            {
                return null;
            }
            var folded = Fold(key);
            return officials.FirstOrDefault(o => o.Key != key && (o.Folded == folded || LookAlikeHandles.OneEditApart(o.Key, key))).Account;
        }

        /// <summary>The part of an identity a faker imitates (<c>nayoro_city</c>, <c>page:nayorocity</c>, <c>user@instance</c>); none for numeric ids, channel ids and short links, or handles under 4 characters.</summary>
        private static string? LookAlikeKey(AccountAddress a) =>
            a.Platform == Platform.Other || a.Handle.Length < 4 || a.Identity.StartsWith("facebook:id:", StringComparison.Ordinal)
                || a.Identity.StartsWith("youtube:channel:", StringComparison.Ordinal) || a.Identity.StartsWith("line:lin.ee/", StringComparison.Ordinal)
                ? null
                : a.Identity[(a.Identity.IndexOf(':', StringComparison.Ordinal) + 1)..];

        private static string Fold(string key) => LookAlikeHandles.Fold(key);
    }
}
