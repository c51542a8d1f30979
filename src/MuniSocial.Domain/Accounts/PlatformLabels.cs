namespace MuniSocial.Domain.Accounts;

/// <summary>
/// How a platform is named in lists, letters and the printed forms: the one place that decides what an
/// その他 platform is called (the name the section gave it, else 「その他」).
/// </summary>
public static class PlatformLabels
{
    /// <summary>"X（旧Twitter）", "LINE" …; for その他 the name entered (trimmed), or 「その他」 when none; "" when no platform is chosen.</summary>
    public static string Of(Platform? platform, string? otherName) => platform switch
    {
        null => "",
        Platform.Other when OtherName(otherName) is { Length: > 0 } name => name,
        { } p => Labels.Of(p),
    };

    /// <summary>The policy's row on the staff pages: 「その他（名称）」, with <paramref name="missing"/> for what is not entered.</summary>
    public static string Described(Platform? platform, string? otherName, string missing) => platform switch
    {
        null => missing,
        Platform.Other => $"その他（{(string.IsNullOrWhiteSpace(otherName) ? missing : otherName)}）",
        { } p => Labels.Of(p),
    };

    /// <summary>
    /// 様式1 has boxes for ＬＩＮＥ, フェイスブック and ツイッター only: any other platform is written in 「その他（ ）」.
    /// Null when the platform has a box of its own (or none is chosen); "" for その他 without a name.
    /// </summary>
    public static string? InOtherBox(Platform? platform, string? otherName) => platform switch
    {
        null or Platform.Line or Platform.Facebook or Platform.X => null,
        Platform.Other => OtherName(otherName),
        { } p => Labels.Of(p),
    };

    private static string OtherName(string? otherName) => string.IsNullOrWhiteSpace(otherName) ? "" : otherName.Trim();
}
