using System.Text;
using MuniSocial.Domain.Operations;
using MuniSocial.Features.Board;
using MuniSocial.Infrastructure.Email;

namespace MuniSocial.Jobs;

/// <summary>
/// The morning reminders (§5(2)ア, §5(3)イ): the digest of checks due to each operator, missed checks and
/// deadlines to the section head, the daily summary to the PR office, the period-end reminders at 30, 7
/// and 1 days, and the overdue reminder every business day until the account is closed.
/// Each reminder is claimed by inserting its unique (kind, account, recipient, date) row before it is
/// sent, so a second run — or a second server — sends nothing twice.
/// </summary>
public sealed class DailyReminderJob(AppDbContext db, AccountConditions conditions, BusinessCalendar calendar, MailSender mail,
    TimeProvider clock, ILogger<DailyReminderJob> logger) : IJob
{
    public static string Name => "daily-reminders";

    private sealed record Candidate(string Kind, Guid? AccountId, StaffUser To, DateOnly Occasion, string Subject, string Body)
    {
        public string Key => ReminderRecord.KeyOf(Kind, AccountId, To.UserId, Occasion);
    }

    public async Task<string> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = Wareki.TodayIn(now);
        var businessDay = calendar.IsBusinessDay(today);
        var items = await conditions.ForAsync(null, today, ct: ct);
        // On a closed day (土日祝日・年末年始) only the accounts whose policy runs them then are due a check (§5(2)ア).
        if (!businessDay && !items.Any(i => i.ChecksDueToday))
        {
            return $"{today:yyyy-MM-dd} は閉庁日のため、通知はありません。";
        }
        var staff = await conditions.StaffAsync(ct);
        // The audit chain's head goes out of the database every day in the PR office's summary (an anchor kept outside the system).
        var anchor = await Features.Audit.AuditAnchors.HeadAsync(db, clock, ct);
        var candidates = Build(items, staff, today, businessDay, anchor);
        candidates.AddRange(await FormalAnswersOverdueAsync(staff, today, ct));

        var claimed = await ClaimAsync(candidates, now, ct);
        var sent = 0;
        var failed = 0;
        string? firstError = null;
        var noAddress = 0;
        var withAddress = claimed.Where(c => !string.IsNullOrWhiteSpace(c.Candidate.To.Email)).ToList();
        foreach (var (_, record) in claimed.Where(c => string.IsNullOrWhiteSpace(c.Candidate.To.Email)))
        {
            record.MarkNotSent("no-address");
            noAddress++;
        }
        if (!mail.Enabled)
        {
            withAddress.ForEach(c => c.Record.MarkNotSent("mail-off"));
        }
        else
        {
            var results = await mail.SendAsync(withAddress.Select(c => new OutgoingMail(c.Candidate.To.Email!, c.Candidate.To.Name, c.Candidate.Subject, c.Candidate.Body)).ToList(), ct);
            for (var i = 0; i < withAddress.Count; i++)
            {
                if (results[i] is null)
                {
                    withAddress[i].Record.MarkSent(clock.GetUtcNow());
                    sent++;
                }
                else
                {
                    // Give the occasion back so that the next run tries again.
                    db.Remove(withAddress[i].Record);
                    failed++;
                    firstError ??= results[i];
                }
            }
        }
        await db.SaveChangesAsync(ct);
        var summary = $"{today:yyyy-MM-dd}: 対象{items.Count}アカウント、通知{candidates.Count}件（新規{claimed.Count}件・送信済みのため省略{candidates.Count - claimed.Count}件）、"
            + (mail.Enabled ? $"メール送信{sent}件・失敗{failed}件" : "メール未設定（ホーム画面のみ）") + (noAddress > 0 ? $"・宛先なし{noAddress}件" : "") + (firstError is null ? "" : $"（{firstError}）");
        if (failed > 0)
        {
            throw new JobFailedException(summary);
        }
        return summary;
    }

    /// <summary>Inserts the rows of the occasions not yet claimed; returns those this run claimed.</summary>
    private async Task<List<(Candidate Candidate, ReminderRecord Record)>> ClaimAsync(List<Candidate> candidates, DateTimeOffset now, CancellationToken ct)
    {
        var reminders = db.ReminderRecords;
        var today = Wareki.TodayIn(now);
        // Occasions in the past (a formal answer's due date) are looked up by their keys.
        var pastKeys = candidates.Where(c => c.Occasion < today).Select(c => c.Key).Distinct().ToList();
        var existing = (await reminders.AsNoTracking().Where(r => r.Occasion >= today || pastKeys.Contains(r.Key)).Select(r => r.Key).ToListAsync(ct)).ToHashSet();
        var fresh = candidates.Where(c => !existing.Contains(c.Key)).DistinctBy(c => c.Key)
            .Select(c => (Candidate: c, Record: new ReminderRecord(c.Kind, c.AccountId, c.To.UserId, c.Occasion, c.Subject, now))).ToList();
        if (fresh.Count == 0)
        {
            return fresh;
        }
        reminders.AddRange(fresh.Select(f => f.Record));
        try
        {
            await db.SaveChangesAsync(ct);
            return fresh;
        }
        catch (DbUpdateException)
        {
            // Another run claimed some of them at the same moment: claim one by one, keeping those we win.
            db.ChangeTracker.Clear();
            logger.LogInformation("Reminder claim raced another run; claiming one by one");
            var won = new List<(Candidate, ReminderRecord)>();
            foreach (var (candidate, _) in fresh)
            {
                var record = new ReminderRecord(candidate.Kind, candidate.AccountId, candidate.To.UserId, candidate.Occasion, candidate.Subject, now);
                reminders.Add(record);
                try
                {
                    await db.SaveChangesAsync(ct);
                    won.Add((candidate, record));
                }
                catch (DbUpdateException)
                {
                    db.ChangeTracker.Clear();
                }
            }
            return won;
        }
    }

    /// <summary>
    /// §5(4)ア: an interim answer promised a formal one by a date; once it has passed with no formal answer published, the
    /// interim reply's author and the section head are reminded — once per (account, due date, person).
    /// </summary>
    private async Task<List<Candidate>> FormalAnswersOverdueAsync(List<StaffUser> staff, DateOnly today, CancellationToken ct)
    {
        var overdue = await db.Comments.AsNoTracking()
            .Where(Domain.Comments.Comment.FormalAnswerOverdue(today)).ToListAsync(ct);
        if (overdue.Count == 0)
        {
            return [];
        }
        var postIds = overdue.Where(c => c.InterimPostId != null).Select(c => c.InterimPostId!.Value).Distinct().ToList();
        var authors = await db.Posts.AsNoTracking().Where(p => postIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.AuthorId, ct);
        var accountIds = overdue.Select(c => c.AccountId).Distinct().ToList();
        var names = (await db.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToListAsync(ct)).ToDictionary(a => a.Id, a => a.CurrentPolicy.AccountName ?? "");
        var byId = staff.ToDictionary(s => s.UserId);
        var link = mail.LinkBase;
        var list = new List<Candidate>();
        foreach (var group in overdue.GroupBy(c => (c.AccountId, Due: c.FormalDueOn!.Value)))
        {
            var section = group.First().SectionId;
            var recipients = group.Select(c => c.InterimPostId is { } pid && authors.TryGetValue(pid, out var author) ? byId.GetValueOrDefault(author) : null)
                .OfType<StaffUser>().Where(u => u.SectionId == section)
                .Concat(staff.Where(s => s.Is(Role.SectionHead) && s.SectionId == section))
                .DistinctBy(u => u.UserId).ToList();
            var name = names.GetValueOrDefault(group.Key.AccountId, "");
            foreach (var to in recipients)
            {
                var body = new StringBuilder();
                body.AppendLine($"{to.Name} 様").AppendLine()
                    .AppendLine($"「{name}」で暫定回答をした利用者の書込みについて、正式な回答の予定日（{Wareki.Format(group.Key.Due)}）を過ぎましたが、正式な回答が公開されていません（ガイドライン5(4)ア）。")
                    .AppendLine();
                foreach (var c in group)
                {
                    body.AppendLine($"・{Wareki.Format(c.ReceivedAt)}受信の書込み: {link}/comments/{c.Id}");
                }
                list.Add(new Candidate(ReminderKinds.FormalAnswerOverdue, group.Key.AccountId, to, group.Key.Due,
                    $"【正式回答の期限超過】{name}（予定日 {Wareki.Format(group.Key.Due)}）{group.Count()}件", body.ToString()));
            }
        }
        return list;
    }

    private List<Candidate> Build(List<AccountCondition> items, List<StaffUser> staff, DateOnly today, bool businessDay, Features.Audit.AuditAnchorFile? anchor)
    {
        var link = mail.LinkBase;
        var date = Wareki.Format(today);
        var byId = staff.ToDictionary(s => s.UserId);
        var list = new List<Candidate>();
        var listed = items.Where(i => i.Status == Domain.Accounts.AccountStatus.Listed).ToList();

        // Operators: the checks due today that they have not recorded (only while they are staff of the section).
        foreach (var group in listed.Where(i => i.ChecksDueToday)
                     .SelectMany(i => i.Operators.Select(o => (Operator: o, Item: i)))
                     .Where(x => x.Item.CheckedToday.All(p => p.UserId != x.Operator.UserId))
                     .GroupBy(x => x.Operator.UserId))
        {
            if (!byId.TryGetValue(group.Key, out var user) || !user.Is(Role.Operator) && !user.Is(Role.SectionHead))
            {
                continue;
            }
            var accounts = group.Select(x => x.Item).Where(i => user.SectionId == i.SectionId).OrderBy(i => i.AccountName, StringComparer.Ordinal).ToList();
            if (accounts.Count == 0)
            {
                continue;
            }
            var body = new StringBuilder();
            body.AppendLine($"{user.Name} 様").AppendLine()
                .AppendLine($"本日（{date}）の確認記録をお願いします（ガイドライン5(2)ア：複数の職員が1日1回以上確認）。").AppendLine();
            foreach (var a in accounts)
            {
                body.AppendLine($"・{a.AccountName}（{a.Platform}）本日の確認 {a.CheckedToday.Count}/{DailyCheck.RequiredCheckers}人");
                foreach (var m in a.MissedChecks)
                {
                    body.AppendLine($"    確認漏れ: {Wareki.Format(m.Day)}（確認者 {(m.CheckedBy.Count == 0 ? "なし" : string.Join("、", m.CheckedBy))}）");
                }
                body.AppendLine($"  記録する: {link}/operations/{a.AccountId}");
            }
            body.AppendLine().AppendLine($"特に報告することがなければ、{link}/operations で「異常なし」を押してください。");
            list.Add(new Candidate(ReminderKinds.OperatorDigest, null, user, today, $"【確認のお願い】本日の確認対象アカウント {accounts.Count}件（{date}）", body.ToString()));
        }

        if (!businessDay)
        {
            // A closed day: only the checks due today (accounts run on 土日祝日); the digests wait for the next business day.
            return list;
        }

        // Section heads: missed checks, overdue and ending periods in their section.
        foreach (var head in staff.Where(s => s.Is(Role.SectionHead) && s.SectionId is not null))
        {
            var mine = items.Where(i => i.SectionId == head.SectionId && i.HeadMustAct)
                .OrderByDescending(i => i.Severity).ToList();
            if (mine.Count == 0)
            {
                continue;
            }
            var body = new StringBuilder();
            body.AppendLine($"{head.Name} 様").AppendLine().AppendLine($"所属のアカウントに確認が必要な事項があります（{date}現在）。").AppendLine();
            foreach (var a in mine)
            {
                body.AppendLine($"■ {a.AccountName}（{a.Platform}）");
                if (a.Overdue)
                {
                    body.AppendLine($"  運用期間（{Wareki.Format(a.PeriodEnd!.Value)}まで）を過ぎていますが閉鎖されていません。アカウントを削除し、削除依頼（様式4）を提出してください。");
                }
                else if (a.PeriodEndingSoon)
                {
                    body.AppendLine($"  運用期間が{Wareki.Format(a.PeriodEnd!.Value)}に終了します（残り{a.DaysLeft}日）。");
                }
                if (a.ReviewDue)
                {
                    // 運用状況の確認 (所属長, §5(2)ア).
                    body.AppendLine($"  運用状況の確認{(a.ReviewOverdue ? "の期限を過ぎています" : "の時期です")}（期限 {Wareki.Format(a.ReviewDueOn!.Value)}・前回 {(a.LastReviewOn is { } lr ? Wareki.Format(lr) : "なし")}）: {link}/operations/{a.AccountId}/reviews");
                }
                foreach (var m in a.MissedChecks)
                {
                    body.AppendLine($"  確認漏れ {Wareki.Format(m.Day)}: 確認者 {(m.CheckedBy.Count == 0 ? "なし" : string.Join("、", m.CheckedBy))}／未確認 {string.Join("、", m.Expected)}");
                }
                if (a.AccessHoldersToRemove.Count > 0)
                {
                    body.AppendLine($"  要削除の権限（異動・退職した職員）: {string.Join("、", a.AccessHoldersToRemove)} — 媒体上で権限を削除または引き継ぎ、記録してください: {link}/operations/{a.AccountId}/access");
                }
            }
            body.AppendLine().AppendLine($"確認記録: {link}/operations");
            var missed = mine.Count(i => i.MissedChecks.Count > 0);
            var reviews = mine.Count(i => i.ReviewDue);
            list.Add(new Candidate(ReminderKinds.HeadDigest, null, head, today, $"【所属長確認】確認漏れ{missed}件・期限のあるアカウント{(reviews > 0 ? $"・運用状況の確認{reviews}件" : "")}（{date}）", body.ToString()));
        }

        // The PR office: the daily summary, every business day.
        var overdue = items.Where(i => i.Overdue).ToList();
        var missedAll = items.Where(i => i.MissedChecks.Count > 0).ToList();
        var ending = items.Where(i => i.PeriodEndingSoon).ToList();
        var summary = new StringBuilder();
        summary.AppendLine($"市公式ソーシャルメディアの運用状況（{date}現在、{items.Count}アカウント）").AppendLine()
            .AppendLine($"期限超過（運用期間終了後も未閉鎖）: {overdue.Count}件");
        overdue.ForEach(i => summary.AppendLine($"  ・{i.AccountName}（{i.SectionName}）{Wareki.Format(i.PeriodEnd!.Value)}終了"));
        summary.AppendLine($"確認漏れ: {missedAll.Count}件");
        missedAll.ForEach(i => summary.AppendLine($"  ・{i.AccountName}（{i.SectionName}）{string.Join("、", i.MissedChecks.Select(m => Wareki.Format(m.Day)))}"));
        summary.AppendLine($"運用期間が30日以内に終了: {ending.Count}件");
        ending.ForEach(i => summary.AppendLine($"  ・{i.AccountName}（{i.SectionName}）残り{i.DaysLeft}日"));
        var access = items.Where(i => i.AccessHoldersToRemove.Count > 0).ToList();
        summary.AppendLine($"要削除の権限（異動・退職した職員）: {access.Count}件");
        access.ForEach(i => summary.AppendLine($"  ・{i.AccountName}（{i.SectionName}）{string.Join("、", i.AccessHoldersToRemove)}"));
        summary.AppendLine().AppendLine($"運用状況ボード: {link}/board");
        if (anchor is not null)
        {
            summary.AppendLine().AppendLine("監査記録の控え（このメールを保管してください。改ざん・削除の検出に使います）:")
                .AppendLine($"  連番 {anchor.Sequence}  ハッシュ {anchor.Hash}")
                .AppendLine($"  署名 {anchor.Signature}（鍵 {anchor.KeyId}、{anchor.At:yyyy-MM-ddTHH:mm:ss.fffZ}）")
                .AppendLine($"  照合: verify-audit --anchor {anchor.Sequence}:{anchor.Hash}");
        }
        foreach (var pr in staff.Where(s => s.Is(Role.PrOffice)))
        {
            list.Add(new Candidate(ReminderKinds.PrSummary, null, pr, today,
                $"【運用状況】期限超過{overdue.Count}件・確認漏れ{missedAll.Count}件（{date}）", $"{pr.Name} 様\n\n{summary}"));
        }

        // Per account: period end at 30/7/1 days, overdue every business day.
        foreach (var a in items)
        {
            var section = staff.Where(s => s.SectionId == a.SectionId && s.Is(Role.SectionHead))
                .Concat(a.Operators.Select(o => byId.GetValueOrDefault(o.UserId)).OfType<StaffUser>().Where(u => u.SectionId == a.SectionId))
                .DistinctBy(u => u.UserId).ToList();
            if (a.Overdue)
            {
                var recipients = section.Concat(staff.Where(s => s.Is(Role.PrOffice))).DistinctBy(u => u.UserId);
                foreach (var to in recipients)
                {
                    list.Add(new Candidate(ReminderKinds.Overdue, a.AccountId, to, today,
                        $"【至急】運用期間終了後も閉鎖されていません: {a.AccountName}",
                        $"{to.Name} 様\n\n「{a.AccountName}」（{a.SectionName}）は運用期間（{Wareki.Format(a.PeriodEnd!.Value)}まで）を過ぎていますが、閉鎖されていません（{-a.DaysLeft}日超過）。\n"
                        + "乗っ取り等のリスクがあるため、放置することなく速やかにアカウントを削除し、削除依頼（様式4）を市広報担当へ提出してください（ガイドライン5(3)イ）。\n"
                        + "運用を続ける場合は、運用ポリシーの運用期間を改訂してください。\n\n"
                        + $"{link}/board\n"));
                }
            }
            else if (a.Status == Domain.Accounts.AccountStatus.Listed && a.DaysLeft is { } left && ReminderKinds.PeriodEndKind(left) is { } kind)
            {
                foreach (var to in section)
                {
                    list.Add(new Candidate(kind, a.AccountId, to, a.PeriodEnd!.Value,
                        $"【運用期間の終了まで{(left == 0 ? "本日" : $"{left}日")}】{a.AccountName}（{Wareki.Format(a.PeriodEnd!.Value)}終了）",
                        $"{to.Name} 様\n\n「{a.AccountName}」の運用期間は{Wareki.Format(a.PeriodEnd!.Value)}に終了します。\n"
                        + "運用を終了する場合は、アカウントを削除のうえ削除依頼（様式4）を提出してください。運用を続ける場合は、運用ポリシーの運用期間を改訂してください（ガイドライン5(1)オ・5(3)イ）。\n\n"
                        + $"{link}/operations/{a.AccountId}\n"));
                }
            }
        }
        return list;
    }
}

/// <summary>The job finished its work but part of it failed (e.g. some e-mails); the run is shown as failed.</summary>
public sealed class JobFailedException(string message) : Exception(message)
{
    public JobFailedException() : this("ジョブの一部が失敗しました。") { }

    public JobFailedException(string message, Exception inner) : this(message + " " + inner.Message) { }
}
