namespace MuniSocial.Domain.Forms;

/// <summary>The guideline's five forms (§5(1), §5(3)). Stored as text.</summary>
public enum FormKind
{
    /// <summary>様式1 運用ポリシー.</summary>
    Form1 = 1,
    /// <summary>様式2 名寄市ソーシャルメディア一覧掲載依頼書.</summary>
    Form2 = 2,
    /// <summary>様式3 名寄市ソーシャルメディア一覧掲載通知書.</summary>
    Form3 = 3,
    /// <summary>様式4 名寄市ソーシャルメディア一覧削除依頼書.</summary>
    Form4 = 4,
    /// <summary>様式5 名寄市ソーシャルメディア一覧削除通知書.</summary>
    Form5 = 5,
}

public static class FormKinds
{
    public static IReadOnlyList<FormKind> All { get; } = [FormKind.Form1, FormKind.Form2, FormKind.Form3, FormKind.Form4, FormKind.Form5];

    /// <summary>"様式3" — the label used in the API and on screen.</summary>
    public static string Label(FormKind kind) => $"様式{(int)kind}";

    /// <summary>"様式３" — as printed on the paper form.</summary>
    public static string PrintedLabel(FormKind kind) => $"様式{(char)('０' + (int)kind)}";

    /// <summary>What the form is, e.g. 掲載通知書 (with the city's name where the guideline has it).</summary>
    public static string Name(FormKind kind, string cityName = "名寄市") => kind switch
    {
        FormKind.Form1 => "運用ポリシー",
        FormKind.Form2 => $"{cityName}ソーシャルメディア一覧掲載依頼書",
        FormKind.Form3 => $"{cityName}ソーシャルメディア一覧掲載通知書",
        FormKind.Form4 => $"{cityName}ソーシャルメディア一覧削除依頼書",
        FormKind.Form5 => $"{cityName}ソーシャルメディア一覧削除通知書",
        _ => kind.ToString(),
    };

    public static bool TryParse(int number, out FormKind kind)
    {
        kind = (FormKind)number;
        return number is >= 1 and <= 5;
    }

    /// <summary>
    /// The forms a transition issues (§5(3)ア・イ): 様式1+2 with the listing request, 様式3 when listed,
    /// 様式4 with the delisting request, 様式5 when delisted, and a new 様式1 with a submitted revision.
    /// </summary>
    public static IReadOnlyList<FormKind> IssuedBy(string auditAction) => auditAction switch
    {
        "account.listing-requested" => [FormKind.Form1, FormKind.Form2],
        "account.listed" => [FormKind.Form3],
        "account.delisting-requested" => [FormKind.Form4],
        "account.delisted" => [FormKind.Form5],
        "account.revision-submitted" => [FormKind.Form1],
        _ => [],
    };
}
