using System.Text.Json;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Audit;

namespace MuniSocial.Domain.Operations;

/// <summary>What a staff member enters for a check (確認記録). Posts and comments looked at; what was found and done.</summary>
public sealed record CheckInput(bool CheckedPosts, bool CheckedComments, string? Found, string? ActionTaken, string? Note)
{
    public const int TextMax = 2000;

    /// <summary>「異常なし」: posts and comments looked at, nothing to report.</summary>
    public static CheckInput NothingToReport { get; } = new(true, true, null, null, null);
}

/// <summary>
/// 確認記録 (§5(2)ア): one staff member's check of one Listed account on one day (Asia/Tokyo). On each
/// business day at least <see cref="RequiredCheckers"/> different staff of the owning section record one.
/// </summary>
public sealed class DailyCheck : AuditedEntity
{
    /// <summary>「複数の職員が１日１回以上確認」.</summary>
    public const int RequiredCheckers = 2;

    private DailyCheck() { }

    public Guid Id { get; private set; }
    public Guid AccountId { get; private set; }

    /// <summary>The day checked, in Asia/Tokyo.</summary>
    public DateOnly Day { get; private set; }
    public string UserId { get; private set; } = "";
    public string UserName { get; private set; } = "";
    public bool CheckedPosts { get; private set; }
    public bool CheckedComments { get; private set; }
    public string? Found { get; private set; }
    public string? ActionTaken { get; private set; }
    public string? Note { get; private set; }
    public DateTimeOffset At { get; private set; }

    /// <summary>Set when the check was recorded from outside the office networks (§5(2)イ, 即時性の例外).</summary>
    public string? OffsiteReason { get; private set; }

    public bool IsNothingToReport => CheckedPosts && CheckedComments && Found is null;

    /// <summary>
    /// A check by someone who already recorded one for this account today (「１日１回以上」: a later look the same day).
    /// It is a record of its own, never changing the first; the rule of two different people counts each person once.
    /// </summary>
    public bool Additional { get; private set; }

    /// <summary>A finding that the head or the PR office saw to without opening an incident (off the home pages' lists).</summary>
    public DateTimeOffset? FindingHandledAt { get; private set; }
    public string? FindingHandledByName { get; private set; }

    /// <summary>
    /// Records today's check. <paramref name="alreadyRecordedToday"/> is whether this person has a check of this account
    /// for today already: then this one is an additional check (「１日１回以上」), kept as its own record beside the first
    /// and counted once toward the two different people of §5(2)ア.
    /// </summary>
    public static DailyCheck Record(Actor by, SocialAccount account, CheckInput input, DateTimeOffset at, bool alreadyRecordedToday, string? offsiteReason = null)
    {
        if (!by.IsStaffOf(account.SectionId))
        {
            throw new DomainForbiddenException("確認記録を登録できるのは、そのアカウントの所属の担当者または所属長です。");
        }
        if (account.Status != AccountStatus.Listed)
        {
            throw new DomainRuleException($"確認記録は掲載中のアカウントについて登録します（現在: {Labels.Of(account.Status)}）。", "account-not-listed");
        }
        var errors = new Dictionary<string, string[]>();
        if (!input.CheckedPosts && !input.CheckedComments)
        {
            errors["checkedPosts"] = ["確認した内容（投稿・利用者の書込み）を選んでください。"];
        }
        var found = Clean(input.Found, "found", "発見した事項", errors);
        var action = Clean(input.ActionTaken, "actionTaken", "対応内容", errors);
        var note = Clean(input.Note, "note", "メモ", errors);
        if (found is not null && action is null)
        {
            errors["actionTaken"] = ["発見した事項がある場合は、対応内容（対応不要の場合はその旨）を入力してください。"];
        }
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }
        var day = Wareki.TodayIn(at);
        var check = new DailyCheck
        {
            Id = Guid.CreateVersion7(),
            AccountId = account.Id,
            Day = day,
            UserId = by.UserId,
            UserName = by.Name,
            CheckedPosts = input.CheckedPosts,
            CheckedComments = input.CheckedComments,
            Found = found,
            ActionTaken = action,
            Note = note,
            At = at,
            OffsiteReason = string.IsNullOrWhiteSpace(offsiteReason) ? null : offsiteReason.Trim(),
            Additional = alreadyRecordedToday,
        };
        check.Audit(new AuditRecord("daily-check.recorded", nameof(SocialAccount), account.Id.ToString(), by.UserId, by.Name, at, null,
            JsonSerializer.Serialize(new { day = day.ToString("yyyy-MM-dd"), posts = check.CheckedPosts, comments = check.CheckedComments, found, action, note, additional = alreadyRecordedToday }, PolicyVersion.SnapshotOptions),
            check.OffsiteReason));
        return check;
    }

    /// <summary>
    /// The section head or the PR office marks a finding as seen to without an incident (e.g. a question answered):
    /// it leaves the home pages' and the board's lists of findings; audited.
    /// </summary>
    public void MarkFindingHandled(Actor by, SocialAccount account, DateTimeOffset at)
    {
        if (account.Id != AccountId)
        {
            throw new ArgumentException("The account is not the check's.", nameof(account));
        }
        if (!(by.IsHeadOf(account.SectionId) || by.Is(Role.PrOffice)))
        {
            throw new DomainForbiddenException("発見した事項を対応済みにできるのは、アカウントの所属長または市広報担当です。");
        }
        if (Found is null)
        {
            throw new DomainRuleException("この確認記録には発見した事項がありません。", "no-finding");
        }
        if (FindingHandledAt is not null)
        {
            throw new DomainRuleException($"この発見した事項は{FindingHandledByName}さんが既に対応済みにしています。", "finding-handled");
        }
        FindingHandledAt = at;
        FindingHandledByName = by.Name;
        Audit(new AuditRecord("daily-check.finding-handled", nameof(SocialAccount), AccountId.ToString(), by.UserId, by.Name, at, null,
            JsonSerializer.Serialize(new { checkId = Id, day = Day.ToString("yyyy-MM-dd"), found = Found }, PolicyVersion.SnapshotOptions)));
    }

    private static string? Clean(string? value, string field, string label, Dictionary<string, string[]> errors)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (text.Length > CheckInput.TextMax)
        {
            errors[field] = [$"{label}は{CheckInput.TextMax}文字以内で入力してください（現在{text.Length}文字）。"];
        }
        return text;
    }
}

/// <summary>A due day on which an account did not get its checks from enough different staff.</summary>
public sealed record MissedCheckDay(DateOnly Day, IReadOnlyList<string> CheckedBy, IReadOnlyList<string> Expected)
{
    public int Missing => DailyCheck.RequiredCheckers - CheckedBy.Count;
}

/// <summary>
/// The days an account runs, from 運用時間 of its accepted policy (様式1): the days of the week, and whether
/// 祝日及び年末年始 are excluded. An account without an accepted policy is taken to run on business days only.
/// </summary>
public sealed record CheckSchedule(OperatingDays Days, bool ExcludeHolidays)
{
    public static CheckSchedule BusinessDaysOnly { get; } = new(OperatingDays.Weekdays, true);

    public static CheckSchedule Of(PolicyVersion? accepted) => accepted is null ? BusinessDaysOnly : new(accepted.OperatingDays, accepted.ExcludeHolidays);

    /// <summary>Whether the account runs on <paramref name="day"/>: its weekday is an operating day, and a holiday or 年末年始 day only when not excluded.</summary>
    public bool RunsOn(BusinessCalendar calendar, DateOnly day) =>
        PolicyContent.Includes(Days, day.DayOfWeek) && (!ExcludeHolidays || !calendar.IsHolidayOrClosure(day));

    /// <summary>Whether the account runs on a day the office is closed (土日祝日・年末年始) at all.</summary>
    public bool RunsOnClosedDays => Days.HasFlag(OperatingDays.Saturday) || Days.HasFlag(OperatingDays.Sunday) || !ExcludeHolidays;
}

/// <summary>The rule of §5(2)ア over days: which days are due and which were missed.</summary>
public static class CheckRule
{
    /// <summary>
    /// 「少なくとも1日1回」: whether checks are due on <paramref name="day"/> for an account listed at <paramref name="listedDay"/>
    /// — every business day, and every other day on which the account runs by its policy (土日祝日の運用) — after the
    /// day of listing (the listing day itself is a partial day). The one place that decides it: the board, 本日の確認,
    /// the missed checks, the head's review and the reminders all ask this.
    /// </summary>
    public static bool IsDue(BusinessCalendar calendar, CheckSchedule schedule, DateOnly day, DateOnly listedDay) =>
        day > listedDay && (calendar.IsBusinessDay(day) || schedule.RunsOn(calendar, day));

    /// <summary>The missed days among <paramref name="days"/>: fewer than two different checkers.</summary>
    public static List<MissedCheckDay> Missed(IEnumerable<DateOnly> days, DateOnly listedDay, BusinessCalendar calendar, CheckSchedule schedule,
        IReadOnlyDictionary<DateOnly, List<(string UserId, string Name)>> checkers, IReadOnlyList<(string UserId, string Name)> operators)
    {
        var missed = new List<MissedCheckDay>();
        foreach (var day in days)
        {
            if (!IsDue(calendar, schedule, day, listedDay))
            {
                continue;
            }
            var who = checkers.GetValueOrDefault(day) ?? [];
            var distinct = who.DistinctBy(c => c.UserId).ToList();
            if (distinct.Count >= DailyCheck.RequiredCheckers)
            {
                continue;
            }
            var expected = operators.Where(o => distinct.All(c => c.UserId != o.UserId)).Select(o => o.Name).ToList();
            missed.Add(new MissedCheckDay(day, distinct.Select(c => c.Name).ToList(), expected));
        }
        return missed;
    }
}
