using System.Text.Json;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Audit;

namespace MuniSocial.Domain.Operations;

/// <summary>The answer to one item of the section head's checklist.</summary>
public enum ReviewAnswer
{
    /// <summary>適合</summary>
    Conforms,

    /// <summary>不適合</summary>
    NonConforming,

    /// <summary>該当なし</summary>
    NotApplicable,
}

/// <summary>One item of the checklist: what the head confirms and the clause it comes from.</summary>
public sealed record ReviewItemDefinition(string Key, string Title, string Clause, string Question);

/// <summary>
/// The checklist of 運用状況の確認, drawn from the account's accepted policy (様式1) and the guideline.
/// The keys are stable: stored with each answer and used by the API.
/// </summary>
public static class ReviewChecklist
{
    public const string ContentScope = "content-scope";
    public const string ReplyPolicy = "reply-policy";
    public const string OperatingHours = "operating-hours";
    public const string DailyChecks = "daily-checks";
    public const string AccessHolders = "access-holders";
    public const string StaffConduct = "staff-conduct";
    public const string Trouble = "trouble";
    public const string Profile = "profile";

    public static IReadOnlyList<ReviewItemDefinition> Items { get; } =
    [
        new(ContentScope, "発信内容が運用ポリシーの範囲内", "5(1)ア・イ",
            "発信した情報が、運用ポリシーの「発信する情報の内容」「開設・運用の目的」の範囲内であったか。"),
        new(ReplyPolicy, "投稿に対する返信が運用ポリシーどおり", "5(1)キ・5(4)ア",
            "利用者の書込みへの返信（または返信しないこと）が運用ポリシーどおりで、誠実かつ迅速に対応したか。"),
        new(OperatingHours, "運用時間が守られている", "5(1)カ",
            "運用ポリシーの運用時間内に運用したか（時間外の発信は即時性を要する場合に限られていたか）。"),
        new(DailyChecks, "複数の職員による毎日の確認", "5(2)ア",
            "開庁日ごとに、所属の職員2人以上が投稿と利用者の書込みを確認していたか。"),
        new(AccessHolders, "管理権限を持つ職員・ID等の管理が最新", "5(2)ア・4 その他",
            "アカウントの管理権限（ID・パスワード、管理者として連携した個人アカウント）を持つ者が現在の担当者に限られ、異動・退職者の権限が削除または引き継がれているか。"),
        new(StaffConduct, "職員の服務に沿った発信・返信", "6",
            "発信・返信が、公人の立場での対応、禁止される情報（侮辱・差別・違法行為・根拠のない情報・秘密等）を含まないことなど、6の留意点に沿っていたか。"),
        new(Trouble, "トラブルが放置されていない", "5(5)",
            "批判・苦情の殺到、なりすまし、事実と反する投稿などのトラブルに対応し、未対応のまま残っているものがないか（必要に応じて市広報担当へ報告したか）。"),
        new(Profile, "媒体のプロフィールの記載が運用ポリシーと一致", "5(4)エ",
            "媒体のプロフィール（自由に記載できる箇所）に、運用ポリシーの返信の有無・目的・運用時間と運用ポリシーへのリンクが、システムの文案のとおり掲載されているか（返信の有無はできる限り最初に表示される箇所に）。"),
    ];

    public static ReviewItemDefinition? Find(string key) => Items.FirstOrDefault(i => i.Key == key);

    public static string Label(ReviewAnswer answer) => answer switch
    {
        ReviewAnswer.Conforms => "適合",
        ReviewAnswer.NonConforming => "不適合",
        ReviewAnswer.NotApplicable => "該当なし",
        _ => answer.ToString(),
    };
}

/// <summary>What the head enters: an answer (and comment) per checklist item, the findings and the action (改善措置).</summary>
public sealed record ReviewInput(IReadOnlyList<ReviewItemInput> Items, string? Findings, string? Action)
{
    public const int CommentMax = 1000;
    public const int TextMax = 4000;
}

public sealed record ReviewItemInput(string? Key, ReviewAnswer? Answer, string? Comment);

/// <summary>
/// The period a review covers and the system's own figure of the daily checks in it: business days on which
/// checks were due and those with fewer than two different checkers (from <see cref="DailyCheck"/> and the
/// <see cref="BusinessCalendar"/>). <paramref name="To"/> &lt; <paramref name="From"/> is an empty period
/// (a second review on the same day).
/// </summary>
public sealed record ReviewPeriod(DateOnly From, DateOnly To, int DueCheckDays, IReadOnlyList<DateOnly> MissedCheckDays)
{
    public bool IsEmpty => To < From;
}

/// <summary>
/// 運用状況の確認 (§5(2)ア「所属長などが運用ポリシーに沿った運用が行われているかを継続的にチェック」):
/// the head of the owning section reviews one account against its accepted policy and the guideline.
/// A recorded review is never changed: a correction is a new review (the newest one counts for the schedule).
/// </summary>
public sealed class AccountReview : AuditedEntity
{
    private AccountReview() { }

    public Guid Id { get; private set; }
    public Guid AccountId { get; private set; }

    /// <summary>The day of the review, in Asia/Tokyo.</summary>
    public DateOnly ReviewedOn { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string ReviewerId { get; private set; } = "";
    public string ReviewerName { get; private set; } = "";

    /// <summary>The accepted policy version the account was reviewed against.</summary>
    public Guid PolicyVersionId { get; private set; }
    public int PolicyVersionNumber { get; private set; }

    /// <summary>The period covered (inclusive; To before From = empty) and the daily-check figure at the time of the review.</summary>
    public DateOnly PeriodFrom { get; private set; }
    public DateOnly PeriodTo { get; private set; }
    public int DueCheckDays { get; private set; }
    public int MissedCheckDays { get; private set; }

    /// <summary>所見.</summary>
    public string? Findings { get; private set; }

    /// <summary>改善措置: required when an item is 不適合.</summary>
    public string? Action { get; private set; }

    /// <summary>Set when recorded from outside the office networks (§5(2)イ, 即時性の例外).</summary>
    public string? OffsiteReason { get; private set; }

    public List<AccountReviewItem> Items { get; private set; } = [];

    public bool HasNonConformity => Items.Any(i => i.Answer == ReviewAnswer.NonConforming);

    public static AccountReview Record(Actor by, SocialAccount account, ReviewInput input, ReviewPeriod period, DateTimeOffset at, string? offsiteReason = null)
    {
        if (!by.IsHeadOf(account.SectionId))
        {
            throw new DomainForbiddenException("運用状況の確認を記録できるのは、そのアカウントの所属の所属長です。");
        }
        if (account.Status is not (AccountStatus.Listed or AccountStatus.DelistingRequested))
        {
            throw new DomainRuleException($"運用状況の確認は、掲載中または削除依頼中のアカウントについて記録します（現在: {Labels.Of(account.Status)}）。", "review-not-applicable");
        }
        var policy = account.AcceptedPolicy
            ?? throw new DomainRuleException("公開中の運用ポリシーがないため、運用状況を確認できません。", "review-not-applicable");

        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }
            list.Add(message);
        }

        var given = input.Items ?? [];
        foreach (var unknown in given.Where(i => i.Key is null || ReviewChecklist.Find(i.Key) is null))
        {
            Add("items", $"確認項目「{unknown.Key}」はありません。項目は {string.Join(" / ", ReviewChecklist.Items.Select(d => d.Key))} です。");
        }
        foreach (var dup in given.Where(i => i.Key is not null).GroupBy(i => i.Key).Where(g => g.Count() > 1))
        {
            Add("items", $"確認項目「{dup.Key}」が重複しています。");
        }
        var items = new List<AccountReviewItem>();
        foreach (var def in ReviewChecklist.Items)
        {
            var item = given.FirstOrDefault(i => i.Key == def.Key);
            var field = $"items.{def.Key}";
            var comment = item?.Comment?.Trim();
            if (string.IsNullOrEmpty(comment))
            {
                comment = null;
            }
            if (item?.Answer is not { } answer || !Enum.IsDefined(answer))
            {
                Add($"{field}.answer", $"「{def.Title}」の結果（適合・不適合・該当なし）を選んでください。");
                continue;
            }
            if (comment?.Length > ReviewInput.CommentMax)
            {
                Add($"{field}.comment", $"「{def.Title}」のコメントは{ReviewInput.CommentMax}文字以内で入力してください（現在{comment.Length}文字）。");
            }
            if (answer == ReviewAnswer.NonConforming && comment is null)
            {
                Add($"{field}.comment", $"「{def.Title}」が不適合の場合は、その内容をコメントに入力してください。");
            }
            // The system's own record disagrees with a 適合 / 該当なし: the head says why, so that the record explains itself.
            if (def.Key == ReviewChecklist.DailyChecks && answer != ReviewAnswer.NonConforming && period.MissedCheckDays.Count > 0 && comment is null)
            {
                Add($"{field}.comment", $"確認記録では、確認が2人未満の開庁日が{period.MissedCheckDays.Count}日あります。「{ReviewChecklist.Label(answer)}」とする場合は、その理由をコメントに入力してください。");
            }
            items.Add(new AccountReviewItem(def.Key, answer, comment));
        }
        var findings = Text(input.Findings, "findings", "所見", Add);
        var action = Text(input.Action, "action", "改善措置", Add);
        if (action is null && given.Any(i => i.Answer == ReviewAnswer.NonConforming && i.Key is not null && ReviewChecklist.Find(i.Key) is not null))
        {
            Add("action", "不適合の項目がある場合は、改善措置（いつ・誰が・何をするか）を入力してください。");
        }
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }

        var review = new AccountReview
        {
            Id = Guid.CreateVersion7(),
            AccountId = account.Id,
            ReviewedOn = Wareki.TodayIn(at),
            At = at,
            ReviewerId = by.UserId,
            ReviewerName = by.Name,
            PolicyVersionId = policy.Id,
            PolicyVersionNumber = policy.Number,
            PeriodFrom = period.From,
            PeriodTo = period.To,
            DueCheckDays = period.DueCheckDays,
            MissedCheckDays = period.MissedCheckDays.Count,
            Findings = findings,
            Action = action,
            OffsiteReason = string.IsNullOrWhiteSpace(offsiteReason) ? null : offsiteReason.Trim(),
            Items = items,
        };
        review.Audit(new AuditRecord("account-review.recorded", nameof(SocialAccount), account.Id.ToString(), by.UserId, by.Name, at, null,
            JsonSerializer.Serialize(new
            {
                reviewId = review.Id,
                reviewedOn = review.ReviewedOn.ToString("yyyy-MM-dd"),
                policyVersion = policy.Number,
                period = new { from = period.From.ToString("yyyy-MM-dd"), to = period.To.ToString("yyyy-MM-dd") },
                dueCheckDays = period.DueCheckDays,
                missedCheckDays = period.MissedCheckDays.Count,
                items = items.Select(i => new { key = i.Key, answer = i.Answer.ToString(), comment = i.Comment }),
                findings,
                action,
            }, PolicyVersion.SnapshotOptions),
            review.OffsiteReason));
        return review;
    }

    private static string? Text(string? value, string field, string label, Action<string, string> add)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (text.Length > ReviewInput.TextMax)
        {
            add(field, $"{label}は{ReviewInput.TextMax}文字以内で入力してください（現在{text.Length}文字）。");
        }
        return text;
    }
}

/// <summary>One answered item of a review.</summary>
public sealed class AccountReviewItem
{
    private AccountReviewItem() { }

    internal AccountReviewItem(string key, ReviewAnswer answer, string? comment)
    {
        Key = key;
        Answer = answer;
        Comment = comment;
    }

    public string Key { get; private set; } = "";
    public ReviewAnswer Answer { get; private set; }
    public string? Comment { get; private set; }
}

/// <summary>Where an account stands in the review schedule today.</summary>
public sealed record ReviewStatus(DateOnly? LastReviewOn, DateOnly DueOn, DateOnly OverdueFrom, bool Due, bool Overdue);

/// <summary>
/// The schedule of 運用状況の確認, derived and never stored: the next review is due one interval (default a
/// month) after the last review — or after the listing when there is none — and overdue once a grace period
/// after that has passed too. Months are calendar months (1/31 + 1 month = 2/28).
/// </summary>
public static class ReviewSchedule
{
    public static ReviewStatus Of(DateOnly listedOn, DateOnly? lastReviewOn, DateOnly today, int intervalMonths, int graceDays)
    {
        var from = lastReviewOn ?? listedOn;
        var due = from.AddMonths(intervalMonths);
        var overdueFrom = due.AddDays(graceDays + 1);
        return new ReviewStatus(lastReviewOn, due, overdueFrom, today >= due, today >= overdueFrom);
    }
}
