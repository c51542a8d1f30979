using MuniSocial.Domain.Comments;
using MuniSocial.Domain.Forms;
using MuniSocial.Domain.Incidents;
using MuniSocial.Domain.Posts;
using MuniSocial.Domain.Publishing;
using MuniSocial.Features.Board;
using MuniSocial.Features.Comments;
using MuniSocial.Features.DailyChecks;
using MuniSocial.Features.Incidents;
using MuniSocial.Features.Posts;
using MuniSocial.Features.UnapprovedPosts;
using MuniSocial.Jobs;

namespace MuniSocial.Features.Home;

/// <summary>How soon a piece of waiting work wants doing: the home page lists the most urgent first.</summary>
public enum WorkUrgency
{
    /// <summary>Trouble: an incident, an unapproved post, a failed send, a locked-out user, a failed job.</summary>
    Trouble,
    /// <summary>Past its date (運用期間 ended, review overdue, formal answer overdue).</summary>
    Overdue,
    /// <summary>Due today.</summary>
    DueToday,
    /// <summary>Waiting for this person, no date.</summary>
    Waiting,
}

/// <summary>The kinds of waiting work; each has one heading on the home page and, where it has one, the navigation link it counts on.</summary>
public enum WorkKind
{
    PostSentBack,
    PostDraft,
    PostAwaitingCheck,
    PostAwaitingApproval,
    DailyCheckDue,
    CommentToAnswer,
    FormalAnswerDue,
    FindingOpen,
    PublicationFailed,
    AccountDraft,
    RevisionDraft,
    ClosingToRequest,
    ReviewDue,
    UnapprovedPost,
    IncidentOpen,
    ListingRequest,
    RevisionRequest,
    ClosingRequest,
    AccountOverdue,
    FormToSend,
    UserLockedOut,
    JobFailed,
    MailFailing,
    UserIncomplete,
}

/// <summary>One thing waiting for the signed-in person: what it is, where it is done, how urgent, since when.</summary>
public sealed record WorkItem(WorkKind Kind, string Title, string Url, WorkUrgency Urgency, DateTimeOffset Since, DateOnly? Due = null)
{
    public string Heading => WaitingWork.Heading(Kind);
}

/// <summary>Everything waiting for one person, newest-urgent first.</summary>
public sealed record WorkList(IReadOnlyList<WorkItem> Items)
{
    public static readonly WorkList Empty = new([]);

    /// <summary>The items under their headings, in the order of each heading's most urgent item.</summary>
    public IEnumerable<IGrouping<WorkKind, WorkItem>> Groups => Items.GroupBy(i => i.Kind);

    /// <summary>How many items count on a navigation link (e.g. "/posts").</summary>
    public int CountFor(string link) => Items.Count(i => WaitingWork.NavLink(i.Kind) == link);
}

/// <summary>
/// What waits for each role (issue 13 item 1), one method per role, with a handful of queries each (no N+1): the home page,
/// the navigation's counts and <c>GET /api/v1/me/work</c> all read it. Section scoping is the one of the rest of the app
/// (<c>VisibleTo</c>); a head sees their own section's posts only. DateTimeOffset ordering is done in memory.
/// </summary>
public sealed class WaitingWork(AppDbContext db, AccountConditions conditions, TimeProvider clock)
{
    /// <summary>How long an issued 様式3/様式5 stays on the PR office's list of notices to send to the section.</summary>
    public const int FormToSendDays = 14;

    public static string Heading(WorkKind kind) => kind switch
    {
        WorkKind.PostSentBack => "差し戻された投稿",
        WorkKind.PostDraft => "作成中の投稿（下書き）",
        WorkKind.PostAwaitingCheck => "確認を待っている同僚の投稿",
        WorkKind.PostAwaitingApproval => "了承を待っている投稿",
        WorkKind.DailyCheckDue => "本日の確認",
        WorkKind.CommentToAnswer => "回答・判断が必要な利用者の書込み（未対応・対応中）",
        WorkKind.FormalAnswerDue => "正式な回答の予定日が来た利用者の書込み（暫定回答済み）",
        WorkKind.FindingOpen => "確認で見つかった未対応の事項",
        WorkKind.PublicationFailed => "発信に失敗した・要確認の投稿",
        WorkKind.AccountDraft => "掲載依頼（様式2）の提出を待つアカウント",
        WorkKind.RevisionDraft => "提出を待つ運用ポリシーの改訂",
        WorkKind.ClosingToRequest => "削除依頼（様式4）が必要なアカウント（運用期間終了）",
        WorkKind.ReviewDue => "運用状況の確認（所属長）",
        WorkKind.UnapprovedPost => "未承認の投稿",
        WorkKind.IncidentOpen => "対応中のインシデント",
        WorkKind.ListingRequest => "審査待ちの掲載依頼",
        WorkKind.RevisionRequest => "審査待ちの改訂",
        WorkKind.ClosingRequest => "審査待ちの削除依頼",
        WorkKind.AccountOverdue => "運用期間が終了したまま掲載中のアカウント",
        WorkKind.FormToSend => "主管課へ送付する通知書（様式3・様式5）",
        WorkKind.UserLockedOut => "ロックされた利用者",
        WorkKind.JobFailed => "失敗した定期処理",
        WorkKind.MailFailing => "送れていないメール",
        WorkKind.UserIncomplete => "所属または役割が未設定の利用者",
        _ => kind.ToString(),
    };

    /// <summary>The navigation link an item counts on (null: the home page only; open incidents have their own count on 「インシデント」).</summary>
    public static string? NavLink(WorkKind kind) => kind switch
    {
        WorkKind.PostSentBack or WorkKind.PostDraft or WorkKind.PostAwaitingCheck or WorkKind.PostAwaitingApproval or WorkKind.PublicationFailed => "/posts",
        WorkKind.DailyCheckDue or WorkKind.FindingOpen or WorkKind.ReviewDue => "/operations",
        WorkKind.CommentToAnswer or WorkKind.FormalAnswerDue => "/comments",
        WorkKind.AccountDraft or WorkKind.RevisionDraft or WorkKind.ClosingToRequest => "/accounts",
        WorkKind.ListingRequest or WorkKind.RevisionRequest or WorkKind.ClosingRequest or WorkKind.AccountOverdue or WorkKind.FormToSend => "/review",
        WorkKind.UserLockedOut or WorkKind.UserIncomplete => "/admin/users",
        _ => null,
    };

    private Task<WorkList>? _current;

    /// <summary>The signed-in person's list, computed once per request (the home page and the navigation's counts share it).</summary>
    public Task<WorkList> CurrentAsync(Actor? actor, CancellationToken ct) => _current ??= ForAsync(actor, ct);

    public async Task<WorkList> ForAsync(Actor? actor, CancellationToken ct)
    {
        if (actor is null)
        {
            return WorkList.Empty;
        }
        var today = Wareki.TodayIn(clock.GetUtcNow());
        var items = new List<WorkItem>();
        var staff = actor.SectionId is { } s && (actor.Is(Role.Operator) || actor.Is(Role.SectionHead)) ? s : (Guid?)null;
        // The daily checks and reviews due are read from the board's read model, for the person's own section only.
        var accountConditions = staff is { } own ? await conditions.ForAsync(actor, today, own, ct) : [];
        if (actor.Is(Role.Operator) && staff is { } section)
        {
            items.AddRange(await OperatorAsync(actor, section, today, accountConditions, ct));
        }
        if (actor.Is(Role.SectionHead) && staff is { } headSection)
        {
            items.AddRange(await SectionHeadAsync(actor, headSection, today, accountConditions, ct));
        }
        if (actor.Is(Role.PrOffice))
        {
            items.AddRange(await PrOfficeAsync(actor, today, ct));
        }
        if (staff is not null || actor.Is(Role.PrOffice))
        {
            items.AddRange(await TroubleAsync(actor, staff, ct));
        }
        if (actor.Is(Role.Admin))
        {
            items.AddRange(await AdminAsync(ct));
        }
        return new WorkList([.. items.DistinctBy(i => (i.Kind, i.Url))
            .OrderBy(i => i.Urgency).ThenByDescending(i => i.Since).ThenBy(i => i.Title, StringComparer.Ordinal)]);
    }

    /// <summary>担当者: own posts sent back and drafts, colleagues' posts to check, today's checks, comments to answer, findings, own failed sends.</summary>
    private async Task<List<WorkItem>> OperatorAsync(Actor actor, Guid section, DateOnly today, List<AccountCondition> accountConditions, CancellationToken ct)
    {
        var items = new List<WorkItem>();
        var posts = await db.Posts.AsNoTracking().IgnoreAutoIncludes()
            .Where(p => p.SectionId == section && ((p.AuthorId == actor.UserId && p.Status == PostStatus.Draft) || (p.AuthorId != actor.UserId && p.Status == PostStatus.AwaitingCheck)))
            .Select(p => new { p.Id, p.Text, p.Status, p.Round, p.UpdatedAt, p.AuthorName, p.AccountId }).ToListAsync(ct);
        var names = await AccountNamesAsync(posts.Select(p => p.AccountId), ct);
        foreach (var p in posts)
        {
            var title = $"{names.GetValueOrDefault(p.AccountId, "")}: {Excerpt(p.Text)}";
            items.Add(p.Status == PostStatus.AwaitingCheck
                ? new WorkItem(WorkKind.PostAwaitingCheck, $"{title}（作成: {p.AuthorName}）", $"/posts/{p.Id}", WorkUrgency.DueToday, p.UpdatedAt)
                : p.Round > 0
                    ? new WorkItem(WorkKind.PostSentBack, title, $"/posts/{p.Id}", WorkUrgency.DueToday, p.UpdatedAt)
                    : new WorkItem(WorkKind.PostDraft, title, $"/posts/{p.Id}", WorkUrgency.Waiting, p.UpdatedAt));
        }
        var now = clock.GetUtcNow();
        foreach (var c in accountConditions.Where(i => i.SectionId == section && i.ChecksDueToday && i.CheckedToday.All(p => p.UserId != actor.UserId)
            && (i.Operators.Any(o => o.UserId == actor.UserId) || !i.ChecksCompleteToday)))
        {
            items.Add(new WorkItem(WorkKind.DailyCheckDue, $"{c.AccountName}（{c.Platform}）", $"/operations/{c.AccountId}", WorkUrgency.DueToday, now, today));
        }
        items.AddRange(await CommentsAsync(actor, section, today, formalOnly: false, ct));
        items.AddRange(await FindingsAsync(actor, section, today, ct));
        items.AddRange(await FailedSendsAsync(section, actor.UserId, ct));
        return items;
    }

    /// <summary>所属長: posts awaiting 了承, account drafts to submit (様式2), revisions, closings to request, reviews, findings, failed sends.</summary>
    private async Task<List<WorkItem>> SectionHeadAsync(Actor actor, Guid section, DateOnly today, List<AccountCondition> accountConditions, CancellationToken ct)
    {
        var items = new List<WorkItem>();
        var posts = await db.Posts.AsNoTracking().IgnoreAutoIncludes()
            .Where(p => p.SectionId == section && p.Status == PostStatus.AwaitingApproval && p.AuthorId != actor.UserId)
            .Select(p => new { p.Id, p.Text, p.UpdatedAt, p.AuthorName, p.AccountId }).ToListAsync(ct);
        var names = await AccountNamesAsync(posts.Select(p => p.AccountId), ct);
        items.AddRange(posts.Select(p => new WorkItem(WorkKind.PostAwaitingApproval,
            $"{names.GetValueOrDefault(p.AccountId, "")}: {Excerpt(p.Text)}（作成: {p.AuthorName}）", $"/posts/{p.Id}", WorkUrgency.DueToday, p.UpdatedAt)));
        var accounts = await db.Accounts.AsNoTracking().VisibleTo(actor)
            .Where(a => a.SectionId == section && (a.Status == AccountStatus.Draft || a.Status == AccountStatus.Listed)).ToListAsync(ct);
        foreach (var a in accounts)
        {
            var name = a.CurrentPolicy.AccountName ?? "（名称未設定）";
            if (a.Status == AccountStatus.Draft)
            {
                var returned = a.OpenPolicy?.ReturnReason is not null;
                items.Add(new WorkItem(WorkKind.AccountDraft, returned ? $"{name}（差し戻し: 直して再提出）" : name, $"/accounts/{a.Id}",
                    returned ? WorkUrgency.DueToday : WorkUrgency.Waiting, a.OpenPolicy?.UpdatedAt ?? a.CreatedAt));
            }
            else if (a.HasRevisionInDraft)
            {
                items.Add(new WorkItem(WorkKind.RevisionDraft, name, $"/accounts/{a.Id}", WorkUrgency.Waiting, a.OpenPolicy!.UpdatedAt));
            }
            if (a.IsOverdue(today))
            {
                items.Add(new WorkItem(WorkKind.ClosingToRequest, $"{name}（運用期間 {Wareki.Format(a.AcceptedPolicy!.PeriodEnd!.Value)} まで）",
                    $"/accounts/{a.Id}/delisting", WorkUrgency.Overdue, a.ListedAt ?? a.CreatedAt, a.AcceptedPolicy.PeriodEnd));
            }
        }
        var now = clock.GetUtcNow();
        foreach (var c in accountConditions.Where(i => i.SectionId == section && i.ReviewDue))
        {
            items.Add(new WorkItem(WorkKind.ReviewDue, c.AccountName,
                $"/operations/{c.AccountId}/reviews", c.ReviewOverdue ? WorkUrgency.Overdue : WorkUrgency.DueToday, now, c.ReviewDueOn));
        }
        if (!actor.Is(Role.Operator))
        {
            items.AddRange(await FindingsAsync(actor, section, today, ct));
            // The head is reminded by mail of a formal answer past its date (§5(4)ア): the home page says the same.
            items.AddRange(await CommentsAsync(actor, section, today, formalOnly: true, ct));
        }
        // The head sees every failed send of the section (an operator-head's own ones are not listed twice: see ForAsync).
        items.AddRange(await FailedSendsAsync(section, null, ct));
        return items;
    }

    /// <summary>市広報担当: the queue, overdue accounts, notices (様式3/様式5) to send.</summary>
    private async Task<List<WorkItem>> PrOfficeAsync(Actor actor, DateOnly today, CancellationToken ct)
    {
        var items = new List<WorkItem>();
        var accounts = await db.Accounts.AsNoTracking().VisibleTo(actor)
            .Where(a => a.Status == AccountStatus.ListingRequested || a.Status == AccountStatus.DelistingRequested || a.Status == AccountStatus.Listed).ToListAsync(ct);
        foreach (var a in accounts)
        {
            var name = a.CurrentPolicy.AccountName ?? "";
            if (a.Status == AccountStatus.ListingRequested)
            {
                items.Add(new WorkItem(WorkKind.ListingRequest, name, $"/review/{a.Id}", WorkUrgency.DueToday, a.ListingRequestedAt ?? a.CreatedAt));
            }
            else if (a.Status == AccountStatus.DelistingRequested)
            {
                items.Add(new WorkItem(WorkKind.ClosingRequest, name, $"/review/{a.Id}", WorkUrgency.DueToday, a.DelistingRequestedAt ?? a.CreatedAt));
            }
            else if (a.HasRevisionUnderReview)
            {
                items.Add(new WorkItem(WorkKind.RevisionRequest, name, $"/review/{a.Id}", WorkUrgency.DueToday, a.OpenPolicy!.SubmittedAt ?? a.OpenPolicy.UpdatedAt));
            }
            if (a.IsOverdue(today))
            {
                items.Add(new WorkItem(WorkKind.AccountOverdue, $"{name}（運用期間 {Wareki.Format(a.AcceptedPolicy!.PeriodEnd!.Value)} まで）", $"/accounts/{a.Id}",
                    WorkUrgency.Overdue, a.ListedAt ?? a.CreatedAt, a.AcceptedPolicy.PeriodEnd));
            }
        }
        var since = clock.GetUtcNow().AddDays(-FormToSendDays);
        var notices = (await db.IssuedDocuments.AsNoTracking().Where(d => d.Form == FormKind.Form3 || d.Form == FormKind.Form5)
                .Select(d => new { d.Id, d.AccountId, d.Form, d.AccountName, d.DocumentNumber, d.IssuedAt }).ToListAsync(ct))
            .Where(d => d.IssuedAt >= since).ToList();
        items.AddRange(notices.Select(d => new WorkItem(WorkKind.FormToSend,
            $"{(d.Form == FormKind.Form3 ? "掲載通知書（様式3）" : "削除通知書（様式5）")}: {d.AccountName}{(d.DocumentNumber is null ? "" : $"（{d.DocumentNumber}）")}",
            $"/accounts/{d.AccountId}/documents/{d.Id}.pdf", WorkUrgency.Waiting, d.IssuedAt)));
        // Every section's findings (a PR office member who is also staff of a section sees their own there too, once).
        items.AddRange(await FindingsAsync(actor, null, today, ct));
        return items;
    }

    /// <summary>Open incidents and unapproved posts the person handles (their section; the PR office: all).</summary>
    private async Task<List<WorkItem>> TroubleAsync(Actor actor, Guid? section, CancellationToken ct)
    {
        var items = new List<WorkItem>();
        var incidents = await db.Incidents.VisibleTo(actor).AsNoTracking().IgnoreAutoIncludes().Where(i => i.Status == IncidentStatus.Open)
            .Select(i => new { i.Id, i.Kind, i.Summary, i.OpenedAt }).ToListAsync(ct);
        items.AddRange(incidents.Select(i => new WorkItem(WorkKind.IncidentOpen, $"{Incident.Label(i.Kind)}: {Excerpt(i.Summary)}", $"/incidents/{i.Id}",
            WorkUrgency.Trouble, i.OpenedAt)));
        if (actor.Is(Role.SectionHead) || actor.Is(Role.PrOffice))
        {
            var observed = await UnapprovedPostUseCases.ListAsync(db, actor, false, null, 100, ct);
            if (!actor.Is(Role.PrOffice) && section is { } s)
            {
                observed = [.. observed.Where(o => o.SectionId == s)];
            }
            var names = await AccountNamesAsync(observed.Select(o => o.AccountId), ct);
            items.AddRange(observed.Select(o => new WorkItem(WorkKind.UnapprovedPost,
                $"{names.GetValueOrDefault(o.AccountId, "")}: {ObservedPost.Label(o.Verdict)}「{Excerpt(o.Text, 40)}」", $"/unapproved-posts/{o.Id}", WorkUrgency.Trouble, o.FirstSeenAt)));
        }
        return items;
    }

    /// <summary>Admin: locked-out users, users without a section or a role, failed jobs, mails that cannot be sent.</summary>
    private async Task<List<WorkItem>> AdminAsync(CancellationToken ct)
    {
        var items = new List<WorkItem>();
        var now = clock.GetUtcNow();
        var users = await db.Users.AsNoTracking().Where(u => u.IsActive).Select(u => new { u.Id, u.DisplayName, u.UserName, u.SectionId, u.LockoutEnd, u.CreatedAt }).ToListAsync(ct);
        var roleNames = await db.Roles.AsNoTracking().Select(r => new { r.Id, r.Name }).ToDictionaryAsync(r => r.Id, r => r.Name ?? "", ct);
        var roles = (await db.UserRoles.AsNoTracking().Select(ur => new { ur.UserId, ur.RoleId }).ToListAsync(ct))
            .ToLookup(ur => ur.UserId, ur => roleNames.GetValueOrDefault(ur.RoleId) ?? "");
        foreach (var u in users)
        {
            if (u.LockoutEnd is { } end && end > now)
            {
                items.Add(new WorkItem(WorkKind.UserLockedOut, $"{u.DisplayName}（{u.UserName}、{Wareki.FormatDateTime(end)} まで）", $"/admin/users/{u.Id}", WorkUrgency.Trouble, end));
            }
            var its = roles[u.Id].ToList();
            var needsSection = its.Contains(nameof(Role.Operator)) || its.Contains(nameof(Role.SectionHead));
            if (its.Count == 0 || (needsSection && u.SectionId is null))
            {
                items.Add(new WorkItem(WorkKind.UserIncomplete, $"{u.DisplayName}（{u.UserName}: {(its.Count == 0 ? "役割なし" : "所属なし")}）", $"/admin/users/{u.Id}",
                    WorkUrgency.Waiting, u.CreatedAt));
            }
        }
        var runs = await db.JobRuns.AsNoTracking().Select(r => new { r.Job, r.StartedAt, r.Outcome, r.Summary }).ToListAsync(ct);
        foreach (var last in runs.GroupBy(r => r.Job).Select(g => g.MaxBy(r => r.StartedAt)!).Where(r => r.Outcome == "failed"))
        {
            items.Add(new WorkItem(WorkKind.JobFailed, $"{JobRunner.Titles.GetValueOrDefault(last.Job, last.Job)}: {Excerpt(last.Summary ?? "", 60)}", "/admin/jobs",
                WorkUrgency.Trouble, last.StartedAt));
        }
        var mails = await Infrastructure.Email.MailOutbox.FailingAsync(db, ct);
        if (mails.Count > 0)
        {
            items.Add(new WorkItem(WorkKind.MailFailing, $"{mails.Count} 通（最後の失敗: {Excerpt(mails[0].LastError ?? "", 60)}）", "/admin/jobs", WorkUrgency.Trouble, mails[0].CreatedAt));
        }
        return items;
    }

    /// <summary>
    /// The section's users' comments that need staff (<see cref="Comment.NeedsStaff"/>): 未対応・対応中 to answer or decide, and
    /// formal answers due by today — overdue from the day after their date (<see cref="Comment.FormalAnswerOverdue"/>).
    /// <paramref name="formalOnly"/>: only the formal answers past their date (the head's list).
    /// </summary>
    private async Task<List<WorkItem>> CommentsAsync(Actor actor, Guid section, DateOnly today, bool formalOnly, CancellationToken ct)
    {
        var comments = await db.Comments.VisibleTo(actor).AsNoTracking().IgnoreAutoIncludes()
            .Where(c => c.SectionId == section).Where(formalOnly ? Comment.FormalAnswerOverdue(today) : Comment.NeedsStaff(today))
            .Select(c => new { c.Id, c.AccountId, c.Text, c.Status, c.FormalDueOn, c.ReceivedAt }).ToListAsync(ct);
        var names = await AccountNamesAsync(comments.Select(c => c.AccountId), ct);
        return [.. comments.Select(c =>
        {
            var formal = c.Status == CommentStatus.InterimAnswered;
            return new WorkItem(formal ? WorkKind.FormalAnswerDue : WorkKind.CommentToAnswer, $"{names.GetValueOrDefault(c.AccountId, "")}: {Excerpt(c.Text)}",
                $"/comments/{c.Id}", Comment.IsFormalAnswerOverdue(c.Status, c.FormalDueOn, today) ? WorkUrgency.Overdue : WorkUrgency.DueToday,
                c.ReceivedAt, formal ? c.FormalDueOn : null);
        })];
    }

    private async Task<List<WorkItem>> FindingsAsync(Actor actor, Guid? section, DateOnly today, CancellationToken ct)
    {
        var scope = db.Accounts.VisibleTo(actor);
        if (section is { } s)
        {
            scope = scope.Where(a => a.SectionId == s);
        }
        var checks = await DailyCheckUseCases.OpenFindings(db, scope, today).Select(c => new { c.Id, c.AccountId, c.Found, c.At, c.Day }).ToListAsync(ct);
        var names = await AccountNamesAsync(checks.Select(c => c.AccountId), ct);
        return [.. checks.Select(c => new WorkItem(WorkKind.FindingOpen, $"{names.GetValueOrDefault(c.AccountId, "")}: {Excerpt(c.Found ?? "")}", $"/operations/{c.AccountId}#finding-{c.Id}",
            WorkUrgency.Trouble, c.At, c.Day))];
    }

    /// <summary>Failed or 要確認 sends of the section (<paramref name="authorId"/>: only those of that author's posts or requests).</summary>
    private async Task<List<WorkItem>> FailedSendsAsync(Guid section, string? authorId, CancellationToken ct)
    {
        var failed = await (from p in db.Publications.AsNoTracking()
                            join post in db.Posts.AsNoTracking().IgnoreAutoIncludes() on p.PostId equals post.Id
                            where p.SectionId == section && (p.State == PublicationState.Failed || p.State == PublicationState.NeedsCheck)
                                && (authorId == null || post.AuthorId == authorId || p.RequestedById == authorId)
                            select new { p.PostId, p.State, p.Text, p.CreatedAt, p.AccountId }).ToListAsync(ct);
        var names = await AccountNamesAsync(failed.Select(f => f.AccountId), ct);
        return [.. failed.Select(f => new WorkItem(WorkKind.PublicationFailed,
            $"{names.GetValueOrDefault(f.AccountId, "")}: {Excerpt(f.Text)}（{(f.State == PublicationState.Failed ? "送信失敗" : "要確認")}）", $"/posts/{f.PostId}",
            WorkUrgency.Trouble, f.CreatedAt))];
    }

    private async Task<Dictionary<Guid, string>> AccountNamesAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        if (list.Count == 0)
        {
            return [];
        }
        return (await db.Accounts.AsNoTracking().Where(a => list.Contains(a.Id)).ToListAsync(ct))
            .ToDictionary(a => a.Id, a => a.CurrentPolicy.AccountName ?? "");
    }

    private static string Excerpt(string text, int max = 50)
    {
        var oneLine = text.ReplaceLineEndings(" ").Trim();
        return oneLine.Length > max ? oneLine[..max] + "…" : oneLine;
    }
}
