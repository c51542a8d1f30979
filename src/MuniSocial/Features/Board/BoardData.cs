using MuniSocial.Infrastructure.Export;
using System.Globalization;

namespace MuniSocial.Features.Board;

/// <summary>One missed business day on the board: who checked, who was expected.</summary>
public sealed record BoardMissedDay(DateOnly Day, IReadOnlyList<string> CheckedBy, IReadOnlyList<string> Expected);

/// <summary>One account on the PR office's board (the JSON of GET /api/v1/board).</summary>
public sealed record BoardEntry(
    Guid AccountId, string AccountName, string Platform, Guid SectionId, string SectionName, string Status, string StatusLabel,
    DateOnly? PeriodEnd, int? DaysLeft, bool Overdue, bool PeriodEndingSoon, bool ChecksDueToday, IReadOnlyList<string> CheckedToday,
    bool ChecksMissed, IReadOnlyList<BoardMissedDay> MissedChecks, bool Dormant, DateOnly? LastPostOn, bool NeedsAttention,
    bool ReviewDue = false, bool ReviewOverdue = false, DateOnly? LastReviewOn = null, DateOnly? ReviewDueOn = null)
{
    /// <summary>Access holders transferred or gone whose access is not yet recorded as removed (要削除).</summary>
    public IReadOnlyList<string> AccessHoldersToRemove { get; init; } = [];

    /// <summary>null = not recorded.</summary>
    public bool? TwoFactorEnabled { get; init; }
    public bool NoCredentialKeeper { get; init; }

    /// <summary>Daily-check findings of the last 7 days with no incident and not marked handled.</summary>
    public int OpenFindings { get; init; }

    /// <summary>Open incidents concerning the account.</summary>
    public int OpenIncidents { get; init; }

    /// <summary>Unapproved posts (or differing texts) the watch found that the PR office has not decided about.</summary>
    public int UnapprovedPosts { get; init; }

    public static BoardEntry Of(AccountCondition c) => new(c.AccountId, c.AccountName, c.Platform, c.SectionId, c.SectionName,
        c.Status.ToString(), Domain.Accounts.Labels.Of(c.Status), c.PeriodEnd, c.DaysLeft, c.Overdue, c.PeriodEndingSoon, c.ChecksDueToday,
        c.CheckedToday.Select(p => p.Name).ToList(), c.MissedChecks.Count > 0,
        c.MissedChecks.Select(m => new BoardMissedDay(m.Day, m.CheckedBy, m.Expected)).ToList(), c.Dormant, c.LastPostOn, c.NeedsAttention,
        c.ReviewDue, c.ReviewOverdue, c.LastReviewOn, c.ReviewDueOn)
    {
        AccessHoldersToRemove = c.AccessHoldersToRemove,
        TwoFactorEnabled = c.TwoFactorEnabled,
        NoCredentialKeeper = c.NoCredentialKeeper,
        OpenFindings = c.OpenFindings,
        OpenIncidents = c.OpenIncidents,
        UnapprovedPosts = c.UnapprovedPosts,
    };
}

/// <summary>運用状況の確認 (所属長) on the board: the filter values and the text of the column.</summary>
public static class BoardReview
{
    /// <summary>?review=due: due or overdue; ?review=overdue: overdue only.</summary>
    public static readonly string[] Filters = ["due", "overdue"];

    public static IEnumerable<AccountCondition> Filter(IEnumerable<AccountCondition> items, string? review) => review switch
    {
        "due" => items.Where(c => c.ReviewDue),
        "overdue" => items.Where(c => c.ReviewOverdue),
        _ => items,
    };

    public static string Text(AccountCondition c)
    {
        var last = c.LastReviewOn is { } l ? $"最終 {l.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" : "記録なし";
        var due = c.ReviewDueOn is { } d ? $"期限 {d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" : "";
        var state = c.ReviewOverdue ? "期限超過" : c.ReviewDue ? "確認時期" : "";
        return c.Status != Domain.Accounts.AccountStatus.Listed
            ? last
            : (state.Length > 0 ? $"{state}（{last}・{due}）" : $"{last}・{due}");
    }
}

public static class BoardSort
{
    public static readonly string[] Keys = ["severity", "name", "section", "period"];

    /// <summary>Overdue first (then the most conditions), unless another order is asked for.</summary>
    public static IEnumerable<AccountCondition> Apply(IEnumerable<AccountCondition> items, string? sort) => sort switch
    {
        "name" => items.OrderBy(c => c.AccountName, StringComparer.Ordinal),
        "section" => items.OrderBy(c => c.SectionName, StringComparer.Ordinal).ThenByDescending(c => c.Severity).ThenBy(c => c.AccountName, StringComparer.Ordinal),
        "period" => items.OrderBy(c => c.PeriodEnd ?? DateOnly.MaxValue).ThenBy(c => c.AccountName, StringComparer.Ordinal),
        _ => items.OrderByDescending(c => c.Severity).ThenBy(c => c.PeriodEnd ?? DateOnly.MaxValue).ThenBy(c => c.AccountName, StringComparer.Ordinal),
    };
}

/// <summary>The board as a table for CSV and Excel: the same columns in both.</summary>
public static class BoardExport
{
    public static readonly string[] Header =
        ["アカウント", "媒体", "所属", "状態", "運用期間終了日", "残り日数", "期限超過", "期間終了間近", "本日の確認", "確認漏れ（日・確認者・未確認の担当者）", "休眠（90日投稿なし）", "最終投稿日",
         "所属長の運用状況の確認", "要削除の権限（異動・退職）", "二段階認証", "ID・パスワード保管者"];

    /// <summary>Each account's values, typed: dates as <see cref="DateOnly"/>, 残り日数 as a number, the rest as text.</summary>
    public static IEnumerable<object?[]> Values(IEnumerable<AccountCondition> items) => items.Select(c => new object?[]
    {
        c.AccountName,
        c.Platform,
        c.SectionName,
        Domain.Accounts.Labels.Of(c.Status),
        c.PeriodEnd,
        c.DaysLeft,
        c.Overdue ? "期限超過" : "",
        c.PeriodEndingSoon ? "終了間近" : "",
        $"{c.CheckedToday.Count}人" + (c.CheckedToday.Count > 0 ? $"（{string.Join("、", c.CheckedToday.Select(p => p.Name))}）" : ""),
        string.Join(" / ", c.MissedChecks.Select(m => $"{m.Day:yyyy-MM-dd} 確認者: {(m.CheckedBy.Count == 0 ? "なし" : string.Join("、", m.CheckedBy))} 未確認: {string.Join("、", m.Expected)}")),
        c.Dormant ? "休眠" : "",
        c.LastPostOn,
        BoardReview.Text(c),
        string.Join("、", c.AccessHoldersToRemove),
        c.TwoFactorEnabled switch { true => "有効", false => "無効", null => "未記録" },
        c.NoCredentialKeeper ? "未記録" : "記録あり",
    });

    /// <summary>The rows as the CSV writes them: a date as yyyy-MM-dd, a number in invariant digits.</summary>
    public static IEnumerable<string[]> Rows(IEnumerable<AccountCondition> items) => Values(items).Select(row => row.Select(Format).ToArray());

    private static string Format(object? value) => value switch
    {
        null => "",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString() ?? "",
    };

    /// <summary>The zero-based columns that hold numbers (残り日数): a negative number stays a number.</summary>
    public static readonly int[] NumericColumns = [5];

    /// <summary>The zero-based column that says the account is overdue (its row is red in Excel).</summary>
    private const int OverdueColumn = 6;

    /// <summary>Through the one CSV writer (<see cref="CsvExport"/>).</summary>
    public static byte[] Csv(IEnumerable<AccountCondition> items) => CsvExport.Write(Header, Rows(items).ToList(), NumericColumns);

    public const string SheetName = "運用状況", ChecksSheetName = "確認実施率の推移", OverdueSheetName = "期限超過等の推移";

    public static readonly string[] ChecksHeader = ["所属", "日付", "確認が必要なアカウント", "確認済み（2人以上）", "確認実施率"];

    public static readonly string[] OverdueHeader = ["所属", "日付", "運用期間の超過", "所属長の確認の期限超過", "確認漏れ", "期限超過等（計）"];

    /// <summary>
    /// The board as an Excel workbook through the one Excel writer (<see cref="XlsxExport"/>), one sheet per table the page
    /// shows: the accounts (overdue rows in red) and, per section and business day, the values of the two charts.
    /// </summary>
    public static byte[] Xlsx(IEnumerable<AccountCondition> items, IReadOnlyList<SectionHistory> history, DateOnly today) => XlsxExport.Write(
    [
        new XlsxSheet(SheetName, Header, Values(items).Select(v => new XlsxRow(v, Highlight: v[OverdueColumn] is string { Length: > 0 })).ToList(),
            $"名寄市公式ソーシャルメディア 運用状況（{Wareki.Format(today)}現在）"),
        new XlsxSheet(ChecksSheetName, ChecksHeader, history.SelectMany(s => s.Days.Select(d => new XlsxRow(
            [s.SectionName, d.Day, d.Due, d.Done, d.Due == 0 ? "対象なし" : new XlsxPercent((double)d.Done / d.Due)]))).ToList(),
            $"所属ごとの確認実施率（過去{BoardHistory.Length}営業日、{Wareki.Format(today)}現在）"),
        new XlsxSheet(OverdueSheetName, OverdueHeader, history.SelectMany(s => s.Days.Select(d => new XlsxRow(
            [s.SectionName, d.Day, d.PeriodOverdue, d.ReviewOverdue, d.MissedChecks, d.Overdue]))).ToList(),
            $"所属ごとの期限超過等のアカウント数（過去{BoardHistory.Length}営業日、{Wareki.Format(today)}現在）"),
    ]);
}
