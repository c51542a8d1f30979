namespace MuniSocial.Domain.Accounts;

/// <summary>週の運用日. Stored as a bit set.</summary>
[Flags]
public enum OperatingDays
{
    None = 0,
    Monday = 1,
    Tuesday = 2,
    Wednesday = 4,
    Thursday = 8,
    Friday = 16,
    Saturday = 32,
    Sunday = 64,
    Weekdays = Monday | Tuesday | Wednesday | Thursday | Friday,
    EveryDay = Weekdays | Saturday | Sunday,
}

/// <summary>
/// The fields of 運用ポリシー (様式1, guideline §5(1) ア–キ and 備考) as entered by the section.
/// A draft may be incomplete; <see cref="Problems"/> with complete=true is what a submission needs.
/// </summary>
public sealed record PolicyContent
{
    public const int LongTextMax = 4000;
    public const int MaxAlternateUrls = 5;

    public Guid? UnitId { get; init; }
    public OwnerKind OwnerKind { get; init; } = OwnerKind.City;
    public string? RelatedOrganisationName { get; init; }
    public Platform? Platform { get; init; }
    public string? OtherPlatformName { get; init; }
    public string? AccountName { get; init; }
    public string? AccountUrl { get; init; }

    /// <summary>
    /// Other addresses of the same account (an old handle, a LINE short link): official for verify once the PR office
    /// accepts the policy. At most <see cref="MaxAlternateUrls"/>, each an address of an account on the policy's platform.
    /// </summary>
    public IReadOnlyList<string> AlternateUrls { get; init; } = [];
    public string? Content { get; init; }
    public string? Purpose { get; init; }
    public DateOnly? PeriodStart { get; init; }
    public DateOnly? PeriodEnd { get; init; }
    public OperatingDays OperatingDays { get; init; } = OperatingDays.Weekdays;
    public TimeOnly? HoursStart { get; init; }
    public TimeOnly? HoursEnd { get; init; }
    public bool ExcludeHolidays { get; init; } = true;
    public string? HoursNote { get; init; }
    public ReplyPolicyKind? ReplyPolicy { get; init; }
    public string? ReplyWording { get; init; }
    public string? Remarks { get; init; }

    /// <summary>Problems per field. Format problems always count; missing fields only when <paramref name="complete"/>.</summary>
    public Dictionary<string, string[]> Problems(bool complete)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }
            list.Add(message);
        }
        void Required(string field, string label, string? value)
        {
            if (complete && string.IsNullOrWhiteSpace(value))
            {
                Add(field, $"{label}を入力してください。");
            }
        }
        void Max(string field, string label, string? value, int max)
        {
            if (value is not null && value.Trim().Length > max)
            {
                Add(field, $"{label}は{max}文字以内で入力してください（現在{value.Trim().Length}文字）。");
            }
        }

        // Names shown on the public list (citizens tell the real account from a fake by them): no format characters (bidi
        // overrides such as U+202E, zero-width spaces), which make a name look like another, and no control characters
        // other than a line break or a tab (which the pages show as a space).
        void OneLine(string field, string label, string? value)
        {
            if (value is not null && value.Trim().Any(c => (char.IsControl(c) && c is not ('\n' or '\r' or '\t'))
                || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format))
            {
                Add(field, $"{label}に使えない文字（文字の向きを変える文字や幅のない文字などの書式文字、制御文字）が含まれています。");
            }
        }

        if (complete && Platform is null)
        {
            Add("platform", "利用するソーシャルメディアの種類を選んでください。");
        }
        if (Platform == Accounts.Platform.Other)
        {
            Required("otherPlatformName", "ソーシャルメディアの名称（その他）", OtherPlatformName);
        }
        Max("otherPlatformName", "ソーシャルメディアの名称（その他）", OtherPlatformName, 50);
        OneLine("otherPlatformName", "ソーシャルメディアの名称（その他）", OtherPlatformName);
        if (OwnerKind == OwnerKind.RelatedOrganisation)
        {
            Required("relatedOrganisationName", "関係団体の名称", RelatedOrganisationName);
        }
        Max("relatedOrganisationName", "関係団体の名称", RelatedOrganisationName, 100);
        OneLine("relatedOrganisationName", "関係団体の名称", RelatedOrganisationName);
        Required("accountName", "アカウント名", AccountName);
        Max("accountName", "アカウント名", AccountName, 100);
        OneLine("accountName", "アカウント名", AccountName);
        Required("accountUrl", "アカウントのURL", AccountUrl);
        if (!string.IsNullOrWhiteSpace(AccountUrl) && !Accounts.AccountUrl.TryNormalize(AccountUrl, Platform ?? Accounts.Platform.Other, out _))
        {
            Add("accountUrl", "アカウントのURLは https:// で始まるアドレス（X・Instagram は @ユーザー名 も可）で入力してください。");
        }
        AlternateProblems(Add);
        Required("content", "発信する情報の内容", Content);
        Max("content", "発信する情報の内容", Content, LongTextMax);
        Required("purpose", "開設・運用の目的", Purpose);
        Max("purpose", "開設・運用の目的", Purpose, LongTextMax);
        if (complete && PeriodStart is null)
        {
            Add("periodStart", "運用期間の開始日を入力してください。");
        }
        if (complete && PeriodEnd is null)
        {
            Add("periodEnd", "運用期間の終了日を入力してください。");
        }
        if (PeriodStart is { } s && PeriodEnd is { } e && e < s)
        {
            Add("periodEnd", "運用期間の終了日が開始日より前になっています。");
        }
        if (complete && OperatingDays == OperatingDays.None)
        {
            Add("operatingDays", "運用時間の曜日を1つ以上選んでください。");
        }
        if (complete && HoursStart is null)
        {
            Add("hoursStart", "運用時間の開始時刻を入力してください。");
        }
        if (complete && HoursEnd is null)
        {
            Add("hoursEnd", "運用時間の終了時刻を入力してください。");
        }
        if (HoursStart is { } hs && HoursEnd is { } he && he <= hs)
        {
            Add("hoursEnd", "運用時間の終了時刻は開始時刻より後にしてください。");
        }
        Max("hoursNote", "運用時間の補足", HoursNote, 1000);
        if (complete && ReplyPolicy is null)
        {
            Add("replyPolicy", "投稿に対する返信の方針を選んでください。");
        }
        Required("replyWording", "利用者に示す返信方針の文言", ReplyWording);
        if (ReplyPolicy is { } reply && ContradictingStandardWording(reply, ReplyWording) is { } other)
        {
            Add("replyWording", $"利用者に示す返信方針の文言が「{Labels.Of(other)}」の文言になっています。投稿に対する返信（{Labels.Of(reply)}）に合う文言にしてください。");
        }
        Max("replyWording", "利用者に示す返信方針の文言", ReplyWording, 1000);
        Max("remarks", "備考", Remarks, 2000);
        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    /// <summary>この他のアドレス: at most five, each an account address on the policy's platform, none naming the same account twice.</summary>
    private void AlternateProblems(Action<string, string> add)
    {
        var urls = AlternateUrls.Where(u => !string.IsNullOrWhiteSpace(u)).Select(u => u.Trim()).ToList();
        if (urls.Count > MaxAlternateUrls)
        {
            add("alternateUrls", $"この他のアドレスは{MaxAlternateUrls}つまで登録できます（現在{urls.Count}つ）。");
        }
        var platform = Platform ?? Accounts.Platform.Other;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(AccountUrl) && PlatformAddressRules.Read(AccountUrl, platform) is { } main)
        {
            seen.Add(main.Identity);
        }
        foreach (var url in urls)
        {
            if (url.Length > PlatformAddressRules.MaxLength)
            {
                add("alternateUrls", $"この他のアドレスは1つ{PlatformAddressRules.MaxLength}文字以内で入力してください。");
            }
            else if (PlatformAddressRules.Read(url, platform) is not { } address)
            {
                add("alternateUrls", $"この他のアドレス「{url}」は、{PlatformLabels.Of(platform, OtherPlatformName)}のアカウントのアドレスとして読めません（投稿や検索のページではなく、アカウントのアドレスを入力してください）。");
            }
            else if (!seen.Add(address.Identity))
            {
                add("alternateUrls", $"この他のアドレス「{url}」は、アカウントのURLまたは他のアドレスと同じアカウントを指しています。");
            }
        }
    }

    /// <summary>
    /// The reply wording kept consistent with the reply policy (§5(1)キ): 様式1 offers one standard wording per choice,
    /// and a form starts with 返信しない's. When the choice is switched but the other choice's standard wording is kept
    /// (or the wording is left blank), the chosen choice's standard wording is used, so that the public page never
    /// shows a wording that contradicts the choice. A wording of the section's own is kept as written.
    /// </summary>
    public PolicyContent WithConsistentReplyWording()
    {
        if (ReplyPolicy is not { } chosen || !Enum.IsDefined(chosen))
        {
            return this;
        }
        return string.IsNullOrWhiteSpace(ReplyWording) || ContradictingStandardWording(chosen, ReplyWording) is not null
            ? this with { ReplyWording = Labels.DefaultReplyWording(chosen) }
            : this;
    }

    /// <summary>The other choice whose standard wording <paramref name="wording"/> is, when it is not <paramref name="chosen"/>'s.</summary>
    private static ReplyPolicyKind? ContradictingStandardWording(ReplyPolicyKind chosen, string? wording)
    {
        var text = wording?.Trim() ?? "";
        if (text.Length == 0 || text == Labels.DefaultReplyWording(chosen))
        {
            return null;
        }
        return Enum.GetValues<ReplyPolicyKind>().Where(k => k != chosen && Labels.DefaultReplyWording(k) == text).Select(k => (ReplyPolicyKind?)k).FirstOrDefault();
    }

    /// <summary>運用時間 as printed: "月曜日から金曜日までの8時45分から17時30分までとします（祝日及び年末年始を除く）。"</summary>
    public static string DescribeHours(OperatingDays days, TimeOnly? start, TimeOnly? end, bool excludeHolidays, string? note)
    {
        if (days == OperatingDays.None || start is null || end is null)
        {
            return note?.Trim() ?? "";
        }
        var text = $"{DescribeDays(days)}の{start.Value.Hour}時{start.Value.Minute:00}分から{end.Value.Hour}時{end.Value.Minute:00}分までとします";
        text += excludeHolidays ? "（祝日及び年末年始を除く）。" : "。";
        if (!string.IsNullOrWhiteSpace(note))
        {
            text += note.Trim();
        }
        return text;
    }

    public static string DescribeDays(OperatingDays days)
    {
        if (days == OperatingDays.EveryDay)
        {
            return "毎日";
        }
        var order = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday };
        var set = order.Where(d => Includes(days, d)).ToList();
        var indexes = set.Select(d => Array.IndexOf(order, d)).ToList();
        var contiguous = set.Count >= 3 && indexes[^1] - indexes[0] == set.Count - 1;
        return contiguous
            ? $"{Labels.Of(set[0])}曜日から{Labels.Of(set[^1])}曜日まで"
            : string.Join("・", set.Select(Labels.Of)) + "曜日";
    }

    public static bool Includes(OperatingDays days, DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => days.HasFlag(OperatingDays.Monday),
        DayOfWeek.Tuesday => days.HasFlag(OperatingDays.Tuesday),
        DayOfWeek.Wednesday => days.HasFlag(OperatingDays.Wednesday),
        DayOfWeek.Thursday => days.HasFlag(OperatingDays.Thursday),
        DayOfWeek.Friday => days.HasFlag(OperatingDays.Friday),
        DayOfWeek.Saturday => days.HasFlag(OperatingDays.Saturday),
        DayOfWeek.Sunday => days.HasFlag(OperatingDays.Sunday),
        _ => false,
    };
}
