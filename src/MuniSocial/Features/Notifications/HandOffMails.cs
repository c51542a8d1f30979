using System.Text;
using Microsoft.Extensions.Options;
using MuniSocial.Domain.Audit;
using MuniSocial.Domain.Forms;
using MuniSocial.Domain.Notifications;
using MuniSocial.Domain.Posts;
using MuniSocial.Infrastructure.Email;

namespace MuniSocial.Features.Notifications;

/// <summary>
/// Hand-off e-mails (issue 13 item 2): whenever a save carries a transition that hands work to someone else — a post
/// waiting for a colleague's check or the head's 了承, a post sent back or approved, an account draft, a request in the
/// PR office's queue, an account listed or closed — the next people get an e-mail in the same save (the mail outbox),
/// whoever made the transition (a page, the API, the demo seed). It runs after <see cref="Forms.FormIssuing"/>, so the
/// 様式3/様式5 just issued are linked. Once per occasion: the outbox topic is the occasion key
/// (<c>handoff:{kind}:{id}:{version}</c>) and a second save of the same occasion adds nothing. A person who turned a kind
/// off (<see cref="MailPreference"/>, <c>/me/notifications</c>) gets none of that kind.
/// </summary>
public sealed class HandOffMails(IOptions<SmtpOptions> smtp) : IBeforeAuditStep
{
    private sealed record Occasion(MailKind Kind, string Key, string Subject, string Body, string Url, IReadOnlyList<string> To);

    public async Task BeforeAuditAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var posts = db.ChangeTracker.Entries<Post>().Select(e => e.Entity)
            .SelectMany(p => p.PendingAudit.Where(r => PostActions.Contains(r.Action)).Select(r => (Post: p, Record: r))).ToList();
        var accounts = db.ChangeTracker.Entries<SocialAccount>().Select(e => e.Entity)
            .SelectMany(a => a.PendingAudit.Where(r => AccountActions.Contains(r.Action)).Select(r => (Account: a, Record: r))).ToList();
        if (posts.Count == 0 && accounts.Count == 0)
        {
            return;
        }
        var staff = await StaffAsync(db, cancellationToken);
        var occasions = new List<(Occasion Occasion, AuditRecord Record)>();
        foreach (var (post, record) in posts)
        {
            if (ForPost(post, record, staff) is { } o)
            {
                occasions.Add((o, record));
            }
        }
        foreach (var (account, record) in accounts)
        {
            if (ForAccount(db, account, record, staff) is { } o)
            {
                occasions.Add((o, record));
            }
        }
        occasions = occasions.Where(o => o.Occasion.To.Count > 0).ToList();
        if (occasions.Count == 0)
        {
            return;
        }
        var keys = occasions.Select(o => o.Occasion.Key).ToList();
        var done = (await db.OutboxMails.AsNoTracking().Where(m => m.Topic != null && keys.Contains(m.Topic)).Select(m => m.Topic!).ToListAsync(cancellationToken))
            .Concat(db.ChangeTracker.Entries<OutboxMail>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.Topic).OfType<string>())
            .ToHashSet(StringComparer.Ordinal);
        var userIds = occasions.SelectMany(o => o.Occasion.To).Distinct().ToList();
        var preferences = await db.MailPreferences.AsNoTracking().Where(p => userIds.Contains(p.UserId)).ToDictionaryAsync(p => p.UserId, cancellationToken);
        var byId = staff.ToDictionary(s => s.Id);
        foreach (var (occasion, record) in occasions.Where(o => !done.Contains(o.Occasion.Key)))
        {
            var to = occasion.To.Distinct().Select(byId.GetValueOrDefault).OfType<StaffUser>()
                .Where(u => !string.IsNullOrWhiteSpace(u.Email) && (preferences.GetValueOrDefault(u.Id)?.Wants(occasion.Kind) ?? true)).ToList();
            MailOutbox.Enqueue(db, to.Select(u => new OutgoingMail(u.Email!, u.Name, occasion.Subject,
                $"{u.Name} 様\n\n{occasion.Body}\n\n{LinkBase}{occasion.Url}\n\n" +
                $"この種類の通知は「通知の設定」で止められます: {LinkBase}/me/notifications\n")), record.At, occasion.Key);
            done.Add(occasion.Key);
        }
    }

    private string LinkBase => smtp.Value.LinkBase.TrimEnd('/');

    private static readonly HashSet<string> PostActions = ["post.submitted", "post.checked", "post.approved", "post.sent-back", "post.rejected"];

    private static readonly HashSet<string> AccountActions =
        ["account.created", "account.listing-requested", "account.revision-submitted", "account.delisting-requested", "account.listed", "account.delisted"];

    /// <summary>The occasion key: one per transition of one thing (the version the transition gave it).</summary>
    public static string Key(MailKind kind, Guid id, int version) => $"handoff:{kind}:{id}:{version}";

    private static Occasion? ForPost(Post post, AuditRecord record, List<StaffUser> staff)
    {
        var excerpt = post.Text.Length > 80 ? post.Text[..80] + "…" : post.Text;
        var url = $"/posts/{post.Id}";
        var about = $"投稿: {excerpt}\n作成: {post.AuthorName}";
        switch (record.Action)
        {
            case "post.submitted" or "post.checked" when post.Status == PostStatus.AwaitingCheck:
                return new Occasion(MailKind.PostAwaitingCheck, Key(MailKind.PostAwaitingCheck, post.Id, post.Version), "【投稿の確認のお願い】同僚の確認を待っています",
                    $"{post.AuthorName} さんの投稿が、同じ所属の職員による確認を待っています（ガイドライン5(2)ウ(ウ)）。内容を確認して、承認または差戻しをしてください。\n\n{about}",
                    url, [.. staff.Where(s => s.SectionId == post.SectionId && s.Roles.Contains(Role.Operator) && s.Id != post.AuthorId && s.Id != record.ActorId).Select(s => s.Id)]);
            case "post.submitted" or "post.checked" when post.Status == PostStatus.AwaitingApproval:
                return new Occasion(MailKind.PostAwaitingApproval, Key(MailKind.PostAwaitingApproval, post.Id, post.Version), "【了承のお願い】投稿が所属長の了承を待っています",
                    $"投稿が所属長の了承を待っています（ガイドライン5(2)ウ(ア)）。内容を確認して、了承・差戻し・却下のいずれかをしてください。\n\n{about}",
                    url, [.. staff.Where(s => s.SectionId == post.SectionId && s.Roles.Contains(Role.SectionHead) && s.Id != post.AuthorId && s.Id != record.ActorId).Select(s => s.Id)]);
            case "post.approved":
                return new Occasion(MailKind.PostApproved, Key(MailKind.PostApproved, post.Id, post.Version), "【了承】投稿が了承されました",
                    $"{record.ActorName} さんが投稿を了承しました。投稿のページから発信してください。\n\n{about}", url, Author(post, record));
            case "post.sent-back":
                return new Occasion(MailKind.PostSentBack, Key(MailKind.PostSentBack, post.Id, post.Version), "【差戻し】投稿が差し戻されました",
                    $"{record.ActorName} さんが投稿を差し戻しました。理由を読んで直し、もう一度提出してください。\n\n理由: {record.Reason}\n\n{about}", url, Author(post, record));
            case "post.rejected":
                return new Occasion(MailKind.PostSentBack, Key(MailKind.PostSentBack, post.Id, post.Version), "【却下】投稿が却下されました",
                    $"{record.ActorName} さんが投稿を却下しました。この投稿は発信されません。\n\n理由: {record.Reason}\n\n{about}", url, Author(post, record));
            default:
                return null;
        }
    }

    private static List<string> Author(Post post, AuditRecord record) => post.AuthorId == record.ActorId ? [] : [post.AuthorId];

    private static Occasion? ForAccount(AppDbContext db, SocialAccount account, AuditRecord record, List<StaffUser> staff)
    {
        var name = account.CurrentPolicy.AccountName ?? "（名称未設定）";
        var section = staff.Where(s => s.SectionId == account.SectionId && (s.Roles.Contains(Role.Operator) || s.Roles.Contains(Role.SectionHead)) && s.Id != record.ActorId)
            .Select(s => s.Id).ToList();
        var pr = staff.Where(s => s.Roles.Contains(Role.PrOffice) && s.Id != record.ActorId).Select(s => s.Id).ToList();
        switch (record.Action)
        {
            case "account.created":
                return new Occasion(MailKind.AccountDraftReady, Key(MailKind.AccountDraftReady, account.Id, account.Version), $"【掲載依頼の準備】{name}",
                    $"{record.ActorName} さんがアカウント「{name}」の運用ポリシー（様式1）の下書きを作りました。内容を確認し、掲載依頼（様式2）を提出してください。",
                    $"/accounts/{account.Id}",
                    [.. staff.Where(s => s.SectionId == account.SectionId && s.Roles.Contains(Role.SectionHead) && s.Id != record.ActorId).Select(s => s.Id)]);
            case "account.listing-requested" or "account.revision-submitted" or "account.delisting-requested":
                var what = record.Action switch
                {
                    "account.listing-requested" => "掲載依頼（様式2）",
                    "account.revision-submitted" => "運用ポリシーの改訂（様式1）",
                    _ => "削除依頼（様式4）",
                };
                return new Occasion(MailKind.RequestSubmitted, Key(MailKind.RequestSubmitted, account.Id, account.Version), $"【審査のお願い】{what}: {name}",
                    $"{record.ActorName} さんから「{name}」の{what}が届きました。審査してください。", $"/review/{account.Id}", pr);
            case "account.listed" or "account.delisted":
                var listed = record.Action == "account.listed";
                var form = listed ? FormKind.Form3 : FormKind.Form5;
                var document = db.ChangeTracker.Entries<IssuedDocument>().Select(e => e.Entity)
                    .Where(d => d.AccountId == account.Id && d.Form == form && d.IssuedFor == record.Action).OrderBy(d => d.Id).LastOrDefault();
                var body = new StringBuilder()
                    .AppendLine(listed
                        ? $"「{name}」が名寄市ソーシャルメディア一覧に掲載されました（{record.ActorName}）。掲載通知書（様式3）が発行されました。"
                        : $"「{name}」が名寄市ソーシャルメディア一覧から削除されました（運用終了、{record.ActorName}）。削除通知書（様式5）が発行されました。");
                body.AppendLine().Append(document is null ? "発行した様式の一覧:" : $"{(listed ? "掲載通知書（様式3）" : "削除通知書（様式5）")}（PDF）:");
                return new Occasion(MailKind.AccountListedOrClosed, Key(MailKind.AccountListedOrClosed, account.Id, account.Version),
                    listed ? $"【掲載】{name}（様式3）" : $"【削除】{name}（様式5）", body.ToString(),
                    document is null ? $"/accounts/{account.Id}/documents" : $"/accounts/{account.Id}/documents/{document.Id}.pdf", section);
            default:
                return null;
        }
    }

    /// <summary>Active users with their roles (a handful of rows; one query each for users, roles and their links).</summary>
    public static async Task<List<StaffUser>> StaffAsync(AppDbContext db, CancellationToken ct)
    {
        var roles = await db.Roles.AsNoTracking().Select(r => new { r.Id, r.Name }).ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        var userRoles = (await db.UserRoles.AsNoTracking().Select(ur => new { ur.UserId, ur.RoleId }).ToListAsync(ct))
            .GroupBy(ur => ur.UserId).ToDictionary(g => g.Key, g => g.Select(ur => roles.GetValueOrDefault(ur.RoleId)).OfType<string>()
                .Select(n => Enum.TryParse<Role>(n, out var r) ? r : (Role?)null).OfType<Role>().ToHashSet());
        var users = await db.Users.AsNoTracking().Where(u => u.IsActive).Select(u => new { u.Id, u.DisplayName, u.Email, u.SectionId }).ToListAsync(ct);
        return [.. users.Select(u => new StaffUser(u.Id, u.DisplayName, u.Email, u.SectionId, userRoles.GetValueOrDefault(u.Id) ?? []))];
    }

    public sealed record StaffUser(string Id, string Name, string? Email, Guid? SectionId, IReadOnlySet<Role> Roles);
}
