namespace MuniSocial.Domain.Posts;

/// <summary>What the content check can find. The API shows each as its <see cref="FindingKinds.Code"/>.</summary>
public enum FindingKind
{
    Phone,
    Email,
    Address,
    MyNumber,
    NameWithDetails,
    Expression,
    Confidential,
    DecisionInProgress,
    ExternalLink,
    UrlShortener,
    Length,
    OutsideHours,
    OutsidePeriod,
    Incitement,
    PoliticalOrReligious,
    PublicOrder,
    Security,
    Advertising,
    Discrimination,
}

/// <summary>Error blocks submission; warning needs an acknowledgement that is recorded.</summary>
public enum Severity
{
    Warning,
    Error,
}

/// <summary>One finding. Start/Length are UTF-16 code units of the submitted text (0/0 when not tied to a place).</summary>
public sealed record Finding(FindingKind Kind, Severity Severity, string Clause, int Start, int Length, string Message)
{
    /// <summary>A stable key for acknowledging this finding: kind and the text it points at.</summary>
    public string Key(string text) => $"{FindingKinds.Code(Kind)}:{(Length > 0 && Start + Length <= text.Length ? text.Substring(Start, Length) : "")}";
}

public static class FindingKinds
{
    public static IReadOnlyList<FindingKind> All { get; } = Enum.GetValues<FindingKind>();

    public static string Code(FindingKind kind) => kind switch
    {
        FindingKind.Phone => "phone",
        FindingKind.Email => "email",
        FindingKind.Address => "address",
        FindingKind.MyNumber => "my-number",
        FindingKind.NameWithDetails => "name-with-details",
        FindingKind.Expression => "expression",
        FindingKind.Confidential => "confidential",
        FindingKind.DecisionInProgress => "decision-in-progress",
        FindingKind.ExternalLink => "external-link",
        FindingKind.UrlShortener => "url-shortener",
        FindingKind.Length => "length",
        FindingKind.OutsideHours => "outside-hours",
        FindingKind.OutsidePeriod => "outside-period",
        FindingKind.Incitement => "incitement",
        FindingKind.PoliticalOrReligious => "political-religious",
        FindingKind.PublicOrder => "public-order",
        FindingKind.Security => "security",
        FindingKind.Advertising => "advertising",
        FindingKind.Discrimination => "discrimination",
        _ => kind.ToString(),
    };

    public static FindingKind? FromCode(string code) => All.Cast<FindingKind?>().FirstOrDefault(k => Code(k!.Value) == code);

    public static string Label(FindingKind kind) => kind switch
    {
        FindingKind.Phone => "電話番号",
        FindingKind.Email => "メールアドレス",
        FindingKind.Address => "住所（番地）",
        FindingKind.MyNumber => "個人番号（マイナンバー）",
        FindingKind.NameWithDetails => "個人情報と並んだ氏名",
        FindingKind.Expression => "侮辱・差別的な表現",
        FindingKind.Confidential => "秘密情報の表示",
        FindingKind.DecisionInProgress => "意思形成過程の情報",
        FindingKind.ExternalLink => "外部サイトへのリンク",
        FindingKind.UrlShortener => "短縮URL",
        FindingKind.Length => "文字数の上限",
        FindingKind.OutsideHours => "運用時間外の発信",
        FindingKind.OutsidePeriod => "運用期間外の発信",
        FindingKind.Incitement => "違法行為をあおる表現・犯罪の予告",
        FindingKind.PoliticalOrReligious => "政治・宗教活動の勧誘",
        FindingKind.PublicOrder => "公序良俗に反する内容（わいせつ・賭博・薬物）",
        FindingKind.Security => "本市のセキュリティを脅かす情報（パスワード・内部アドレス・システム構成・APIキー）",
        FindingKind.Advertising => "広告・宣伝・勧誘（コメントのみ）",
        FindingKind.Discrimination => "差別・差別の助長（コメントのみ）",
        _ => kind.ToString(),
    };

    /// <summary>A finding about when the post goes out (the account's 運用期間 or 運用時間), not about its text: fixed by the date.</summary>
    public static bool IsAboutTime(FindingKind kind) => kind is FindingKind.OutsidePeriod or FindingKind.OutsideHours;

    /// <summary>The guideline clause each kind comes from.</summary>
    public static string Clause(FindingKind kind) => kind switch
    {
        FindingKind.Phone or FindingKind.Email or FindingKind.Address or FindingKind.MyNumber or FindingKind.NameWithDetails
            => "6(1)ウ・5(4)イ",
        FindingKind.Expression => "6(1)キ",
        FindingKind.Confidential => "6(2)ア",
        FindingKind.DecisionInProgress => "6(2)エ",
        FindingKind.ExternalLink or FindingKind.UrlShortener => "5(4)ウ",
        FindingKind.Length => "5(1)ウ",
        FindingKind.OutsideHours => "5(1)カ",
        FindingKind.OutsidePeriod => "5(1)オ",
        FindingKind.Incitement => "6(1)キ・注意事項⑽",
        FindingKind.PoliticalOrReligious => "注意事項⑶",
        FindingKind.PublicOrder => "6(1)キ・注意事項⑺",
        FindingKind.Security => "6(2)ウ",
        FindingKind.Advertising => "注意事項⑸",
        FindingKind.Discrimination => "6(1)キ・注意事項⑹",
        _ => "",
    };

    /// <summary>
    /// Defaults: what must never go out blocks; what is often legitimate (the section's own phone number) asks for a look.
    /// Incitement and the city's security block: no post of the city has a reason to carry them. Political or religious
    /// words and public order (drugs, gambling, obscenity) ask a person: the election office, a shrine festival or a
    /// drug-abuse campaign use the same words legitimately.
    /// </summary>
    public static Severity DefaultSeverity(FindingKind kind) => kind switch
    {
        FindingKind.MyNumber or FindingKind.Expression or FindingKind.Confidential or FindingKind.UrlShortener
            or FindingKind.Length or FindingKind.OutsidePeriod or FindingKind.Incitement or FindingKind.Security => Severity.Error,
        _ => Severity.Warning,
    };

    /// <summary>Kinds looked for only in users' comments (様式1 注意事項⑸⑹): in the city's own posts they would be noise.</summary>
    public static bool CommentsOnly(FindingKind kind) => kind is FindingKind.Advertising or FindingKind.Discrimination;

    /// <summary>
    /// Kinds added after the settings could first be saved (issue 10). A settings row saved before they existed does not
    /// name them, so they keep their default severity until the PR office saves the settings again.
    /// </summary>
    public static bool AddedLater(FindingKind kind) => kind >= FindingKind.Incitement;
}

/// <summary>The account's 運用期間 and 運用時間 (from its accepted 運用ポリシー).</summary>
public sealed record OperatingWindow(
    Accounts.OperatingDays Days,
    TimeOnly? HoursStart,
    TimeOnly? HoursEnd,
    bool ExcludeHolidays,
    DateOnly? PeriodStart,
    DateOnly? PeriodEnd);

/// <summary>What the check needs besides the text: the platform and, when known, when and where it will be posted.</summary>
public sealed record CheckContext(Accounts.Platform? Platform, DateTimeOffset? PostingAt = null, OperatingWindow? Window = null)
{
    /// <summary>A user's comment rather than the city's post: the checks of 注意事項⑸⑹ (advertising, discrimination) run too.</summary>
    public bool Comment { get; init; }
}

/// <summary>
/// The PR office's settings for the check: the dictionaries (one entry a line) and which kinds block.
/// Entries are matched on normalized text (full/half width, katakana/hiragana, case folded).
/// </summary>
public sealed record ContentCheckRules
{
    public IReadOnlyList<string> Expressions { get; init; } = [];
    public IReadOnlyList<string> ConfidentialMarkers { get; init; } = [];
    public IReadOnlyList<string> DecisionMarkers { get; init; } = [];

    /// <summary>Words that contain a dictionary entry but are harmless (ばかり contains ばか; 秘書 contains 秘).</summary>
    public IReadOnlyList<string> Exceptions { get; init; } = [];
    public IReadOnlyList<string> ShortenerHosts { get; init; } = [];

    /// <summary>The city's own sites: links to them are not external.</summary>
    public IReadOnlyList<string> OwnDomains { get; init; } = [];
    public IReadOnlyDictionary<FindingKind, Severity> Severities { get; init; } = new Dictionary<FindingKind, Severity>();

    public Severity SeverityOf(FindingKind kind) => Severities.TryGetValue(kind, out var s) ? s : FindingKinds.DefaultSeverity(kind);

    public static ContentCheckRules Default { get; } = new()
    {
        Expressions = DefaultDictionaries.Expressions,
        ConfidentialMarkers = DefaultDictionaries.ConfidentialMarkers,
        DecisionMarkers = DefaultDictionaries.DecisionMarkers,
        Exceptions = DefaultDictionaries.Exceptions,
        ShortenerHosts = DefaultDictionaries.ShortenerHosts,
        OwnDomains = DefaultDictionaries.OwnDomains,
    };
}
