using MuniSocial.Jobs;

namespace MuniSocial.Features.Admin;

/// <summary>/admin/jobs in Japanese: each job's short name, how a run was started, its state and a failure an admin can read.</summary>
public static class JobLabels
{
    /// <summary>The job's short name (the part of <see cref="JobRunner.Titles"/> before its explanation in brackets).</summary>
    public static string Name(string job) =>
        JobRunner.Titles.TryGetValue(job, out var title) ? title.Split('（')[0] : $"不明な処理（{job}）";

    /// <summary>The explanation in brackets of <see cref="JobRunner.Titles"/>, or empty.</summary>
    public static string Explanation(string job) =>
        JobRunner.Titles.TryGetValue(job, out var title) && title.IndexOf('（', StringComparison.Ordinal) is var i and >= 0
            ? title[(i + 1)..].TrimEnd('）')
            : "";

    public static string Trigger(string trigger) => trigger switch
    {
        "schedule" => "定時（自動）",
        _ => trigger,
    };

    public static string State(JobRun run) => run.Outcome switch
    {
        "succeeded" => "成功",
        "failed" => "失敗",
        _ => "実行中",
    };

    public static string StateClass(JobRun run) => run.Outcome switch
    {
        "succeeded" => "check-ok",
        "failed" => "overdue",
        _ => "meta",
    };

    /// <summary>
    /// What happened, in words: a failure recorded as <c>失敗: ExceptionType: message</c> (an unexpected error) is said in
    /// Japanese with what to do; the technical detail is kept apart (<see cref="FailureDetail"/>).
    /// </summary>
    public static string Summary(JobRun run) =>
        run.Outcome == "failed" && FailureDetail(run) is not null
            ? "予期しないエラーで処理が止まりました。次の定時実行で再試行します。続く場合は「詳しい情報」をシステムの保守担当者に伝えてください。"
            : run.Summary ?? "";

    /// <summary>The exception type and message of an unexpected failure, or null.</summary>
    public static string? FailureDetail(JobRun run) =>
        run.Outcome == "failed" && run.Summary is { } s && s.StartsWith("失敗: ", StringComparison.Ordinal) ? s["失敗: ".Length..] : null;

    /// <summary>How long the run took, e.g. 「2分5秒」「1秒未満」.</summary>
    public static string Duration(JobRun run)
    {
        if (run.FinishedAt is not { } end)
        {
            return "－";
        }
        var d = end - run.StartedAt;
        return d.TotalSeconds < 1 ? "1秒未満"
            : d.TotalMinutes < 1 ? $"{(int)d.TotalSeconds}秒"
            : d.TotalHours < 1 ? $"{(int)d.TotalMinutes}分{d.Seconds}秒"
            : $"{(int)d.TotalHours}時間{d.Minutes}分";
    }
}
