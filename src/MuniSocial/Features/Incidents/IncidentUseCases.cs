using System.Text;
using MuniSocial.Domain.Incidents;
using MuniSocial.Domain.Posts;
using MuniSocial.Features.Posts;
using MuniSocial.Infrastructure.Email;

namespace MuniSocial.Features.Incidents;

/// <summary>What opening an incident takes (page form or API body).</summary>
public sealed record IncidentInput(IncidentKind? Kind, Guid? AccountId, Guid? PostId, string? Summary, string? FakeUrl,
    Guid? DailyCheckId = null, Guid? ReviewId = null);

/// <summary>A timeline entry with what it links: more accounts and posts, and a request's date, reference and answer.</summary>
public sealed record StepInput(IncidentStepKind? Kind, string? PlaybookItem, string? Text, IReadOnlyList<Guid>? AccountIds = null,
    IReadOnlyList<Guid>? PostIds = null, string? Reference = null, DateOnly? OccurredOn = null, string? Answer = null);

/// <summary>
/// Every change to an incident, shared by the pages and the API (§5(5)): the caller loads the incident with access
/// checked (<see cref="IncidentAccess.FindVisibleIncidentAsync"/>), one function here calls the domain and saves once — the
/// incident, its timeline, the hijack's pause, the PR office's e-mails in the outbox and the audit in the same save.
/// </summary>
public static class IncidentUseCases
{
    public const string PrNotifiedItem = "pr-notified";

    /// <summary>
    /// Opens an incident. A hijack pauses its account in the same save; an impersonation records its fake account
    /// as the first playbook item; every active PR office user is e-mailed through the outbox (§5(5)ア(ウ)) and the
    /// timeline says who was told.
    /// </summary>
    public static Task<Incident> OpenAsync(AppDbContext db, Actor actor, IncidentInput input, string linkBase, DateTimeOffset now, CancellationToken ct) =>
        OpenAsync(db, actor, input, linkBase, now, null, ct);

    /// <summary>As above; <paramref name="alsoInSameSave"/> changes what the incident came from (an observed post links it) before the one save.</summary>
    public static async Task<Incident> OpenAsync(AppDbContext db, Actor actor, IncidentInput input, string linkBase, DateTimeOffset now,
        Action<Incident>? alsoInSameSave, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            throw Invalid("kind", "インシデントの種類を選んでください。");
        }
        SocialAccount? account = null;
        Post? post = null;
        if (input.PostId is { } postId)
        {
            post = await db.Posts.VisibleTo(actor).FirstOrDefaultAsync(p => p.Id == postId, ct) ?? throw new DomainNotFoundException("投稿");
            if (input.AccountId is { } a && a != post.AccountId)
            {
                throw Invalid("postId", "投稿は、選んだアカウントのものを指定してください。");
            }
        }
        if ((input.AccountId ?? post?.AccountId) is { } accountId)
        {
            account = await db.FindVisibleAsync(accountId, actor, ct) ?? throw new DomainNotFoundException("アカウント");
        }
        var incident = Incident.Open(actor, kind, account, input.Summary, input.FakeUrl, now, input.DailyCheckId, input.ReviewId);
        db.Incidents.Add(incident);
        if (post is not null)
        {
            incident.LinkPost(actor, post.Id, post.AccountId, now);
        }
        if (kind == IncidentKind.Impersonation)
        {
            var platform = PlatformAddressRules.Guess(incident.FakeUrl);
            incident.AddSystemStep(actor, "fake-recorded", $"なりすましアカウントを記録しました: {incident.FakeUrl}（{Labels.Of(platform)}、発見 {Wareki.FormatDateTime(now)}）", now);
        }
        if (kind == IncidentKind.Hijack)
        {
            db.PublishingPauses.Add(PublishingPause.ForHijack(actor, incident, now));
        }
        await NotifyPrOfficeAsync(db, actor, incident, account, linkBase, now, ct);
        alsoInSameSave?.Invoke(incident);
        await Concurrency.SaveAsync(db, ct);
        return incident;
    }

    /// <summary>Mails every active PR office user (in the caller's save) and records who was told.</summary>
    private static async Task NotifyPrOfficeAsync(AppDbContext db, Actor actor, Incident incident, SocialAccount? account, string linkBase, DateTimeOffset now, CancellationToken ct)
    {
        var pr = await PrOfficeAsync(db, ct);
        var accountName = account?.CurrentPolicy.AccountName;
        var subject = $"【インシデント】{Incident.Label(incident.Kind)}{(accountName is null ? "" : $"：{accountName}")}";
        var body = new StringBuilder();
        body.AppendLine("{0} 様").AppendLine()
            .AppendLine("ソーシャルメディアのインシデントが登録されました（ガイドライン5(5)ア(ウ) 市広報担当への報告）。").AppendLine()
            .AppendLine($"種類: {Incident.Label(incident.Kind)}")
            .AppendLine($"アカウント: {accountName ?? "（指定なし）"}")
            .AppendLine($"登録: {actor.Name}（{Wareki.FormatDateTime(now)}）");
        if (incident.FakeUrl is not null)
        {
            body.AppendLine($"なりすましアカウント: {incident.FakeUrl}");
        }
        if (incident.Kind == IncidentKind.Hijack)
        {
            body.AppendLine("このアカウントの発信は一時停止しました。");
        }
        body.AppendLine().AppendLine("概要:").AppendLine(incident.Summary).AppendLine()
            .AppendLine($"対応状況と記録: {linkBase.TrimEnd('/')}/incidents/{incident.Id}");
        var template = body.ToString();
        MailOutbox.Enqueue(db, pr.Where(u => !string.IsNullOrWhiteSpace(u.Email))
            .Select(u => new OutgoingMail(u.Email!, u.Name, subject, template.Replace("{0}", u.Name, StringComparison.Ordinal))), now, $"incident:{incident.Id}");
        var item = IncidentPlaybook.Find(incident.Kind, PrNotifiedItem) is null ? null : PrNotifiedItem;
        incident.AddSystemStep(actor, item, pr.Count == 0
            ? "市広報担当へ通知（0名）: 通知先の市広報担当（有効な利用者）がいません。"
            : $"市広報担当へ通知（{pr.Count}名）: {string.Join("、", pr.Select(u => u.Name))}", now);
    }

    public sealed record Recipient(string Id, string Name, string? Email);

    /// <summary>Every active user with the PR office role.</summary>
    public static async Task<List<Recipient>> PrOfficeAsync(AppDbContext db, CancellationToken ct) =>
        (await (from u in db.Users
                join ur in db.UserRoles on u.Id equals ur.UserId
                join r in db.Roles on ur.RoleId equals r.Id
                where u.IsActive && r.Name == nameof(Role.PrOffice)
                select new Recipient(u.Id, u.DisplayName, u.Email)).ToListAsync(ct))
        .DistinctBy(u => u.Id).OrderBy(u => u.Name, StringComparer.Ordinal).ToList();

    /// <summary>A timeline entry; the accounts and posts it names are linked to the incident in the same save.</summary>
    public static async Task<IncidentStep> AddStepAsync(AppDbContext db, Actor actor, Incident incident, StepInput input, int? expectedVersion,
        DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(input);
        Concurrency.RequireVersion(incident.Version, expectedVersion);
        await LinkAsync(db, actor, incident, input.AccountIds ?? [], input.PostIds ?? [], now, ct);
        var details = new IncidentStepDetails(input.Reference, input.OccurredOn, input.Answer);
        var step = incident.AddStep(actor, input.Kind ?? IncidentStepKind.Action, string.IsNullOrWhiteSpace(input.PlaybookItem) ? null : input.PlaybookItem.Trim(),
            input.Text, now, details);
        await Concurrency.SaveAsync(db, ct);
        return step;
    }

    /// <summary>Links accounts and posts (visible to the actor) without a timeline entry of their own.</summary>
    public static async Task LinkAndSaveAsync(AppDbContext db, Actor actor, Incident incident, IReadOnlyList<Guid> accountIds, IReadOnlyList<Guid> postIds,
        int? expectedVersion, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(incident);
        Concurrency.RequireVersion(incident.Version, expectedVersion);
        if (accountIds.Count == 0 && postIds.Count == 0)
        {
            throw Invalid("postId", "追加する投稿またはアカウントを選んでください。");
        }
        await LinkAsync(db, actor, incident, accountIds, postIds, now, ct);
        await Concurrency.SaveAsync(db, ct);
    }

    private static async Task LinkAsync(AppDbContext db, Actor actor, Incident incident, IReadOnlyList<Guid> accountIds, IReadOnlyList<Guid> postIds,
        DateTimeOffset now, CancellationToken ct)
    {
        foreach (var id in accountIds.Distinct())
        {
            var account = await db.FindVisibleAsync(id, actor, ct) ?? throw new DomainNotFoundException("アカウント");
            incident.LinkAccount(actor, account, now);
        }
        foreach (var id in postIds.Distinct())
        {
            var post = await db.Posts.VisibleTo(actor).AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new DomainNotFoundException("投稿");
            incident.LinkPost(actor, post.Id, post.AccountId, now);
        }
    }

    /// <summary>
    /// §5(5)ア(イ): the correction of a published post linked to the incident, drafted through the posts workflow
    /// (<see cref="PostUseCases.CorrectAsync"/>) and linked, with the playbook's correction item, in the one save.
    /// </summary>
    public static async Task<Post> DraftCorrectionAsync(AppDbContext db, Actor actor, Incident incident, Guid? originalId, string? text, int? expectedVersion,
        DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(incident);
        Concurrency.RequireVersion(incident.Version, expectedVersion);
        incident.RequireHandler(actor, "訂正の投稿を作成");
        if (originalId is not { } id || incident.Posts.All(p => p.PostId != id))
        {
            throw Invalid("originalPostId", "訂正する投稿を、このインシデントに登録した投稿から選んでください。");
        }
        var original = await db.FindVisiblePostAsync(id, actor, ct) ?? throw Invalid("originalPostId", "訂正する投稿が見つかりません。");
        var account = await db.FindVisibleAsync(original.AccountId, actor, ct) ?? throw Invalid("originalPostId", "投稿のアカウントが見つかりません。");
        if (string.IsNullOrWhiteSpace(text))
        {
            throw Invalid("text", "訂正の投稿の本文を入力してください（誤りがあったことを明記します）。");
        }
        var item = IncidentPlaybook.Find(incident.Kind, "correction-post") is null ? null : "correction-post";
        return await PostUseCases.CorrectAsync(db, actor, account, original, new PostInput(text, null, null, null), now, ct, sameSave: correction =>
        {
            incident.LinkPost(actor, correction.Id, correction.AccountId, now);
            incident.AddStep(actor, IncidentStepKind.Action, item, $"訂正の投稿（下書き）を作成しました。所属の確認・了承を経て発信します。\n{correction.Text}", now);
        });
    }

    /// <summary>
    /// §5(5)ウ(ア): a post with the correct information and the link to the page that has it, drafted on an account
    /// of the incident and linked, with the playbook item, in the one save.
    /// </summary>
    public static async Task<Post> DraftCorrectInformationAsync(AppDbContext db, Actor actor, Incident incident, Guid? accountId, string? text, string? link,
        int? expectedVersion, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(incident);
        Concurrency.RequireVersion(incident.Version, expectedVersion);
        incident.RequireHandler(actor, "正しい情報の投稿を作成");
        var errors = new Dictionary<string, string[]>();
        if (accountId is not { } aid || incident.Accounts.All(a => a.AccountId != aid))
        {
            errors["accountId"] = ["発信するアカウントを、このインシデントのアカウントから選んでください。"];
        }
        if (string.IsNullOrWhiteSpace(link))
        {
            errors["link"] = ["正しい情報を掲載しているページのURL（リンク）を入力してください（ガイドライン5(5)ウ(ア)）。"];
        }
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }
        var account = await db.FindVisibleAsync(accountId!.Value, actor, ct) ?? throw Invalid("accountId", "アカウントが見つかりません。");
        var post = Post.Create(actor, account, PostKind.Post, new PostInput(text, [link!.Trim()], null, null), now);
        db.Posts.Add(post);
        incident.LinkPost(actor, post.Id, post.AccountId, now);
        var item = IncidentPlaybook.Find(incident.Kind, "correct-info-post") is null ? null : "correct-info-post";
        incident.AddStep(actor, IncidentStepKind.Action, item, $"正しい情報の投稿（下書き）を作成しました（リンク: {link.Trim()}）。所属の確認・了承を経て発信します。", now);
        await Concurrency.SaveAsync(db, ct);
        return post;
    }

    /// <summary>§5(3) after a hijack: checked against the holders and 2FA the account's access page recorded.</summary>
    public static async Task<IncidentStep> RecordAccessResetAsync(AppDbContext db, Actor actor, Incident incident, Guid? accountId, IReadOnlyCollection<Guid> reviewedHolderIds,
        bool passwordChanged, string? note, int? expectedVersion, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(incident);
        Concurrency.RequireVersion(incident.Version, expectedVersion);
        var account = accountId ?? HijackedAccountId(incident);
        var holders = account is { } a ? await db.AccessHolders.AsNoTracking().Where(h => h.AccountId == a && h.RemovedAt == null).ToListAsync(ct) : [];
        var twoFactor = account is { } b ? await db.AccountTwoFactors.AsNoTracking().FirstOrDefaultAsync(t => t.AccountId == b, ct) : null;
        var step = incident.RecordAccessReset(actor, new AccessReset(account ?? Guid.Empty, holders, reviewedHolderIds, passwordChanged, twoFactor, note), now);
        await Concurrency.SaveAsync(db, ct);
        return step;
    }

    /// <summary>The account a hijack paused (the first one linked).</summary>
    public static Guid? HijackedAccountId(Incident incident) =>
        incident.Accounts.OrderBy(a => a.LinkedAt).Select(a => (Guid?)a.AccountId).FirstOrDefault();

    public static async Task CloseAsync(AppDbContext db, Actor actor, Incident incident, string? note, string? openItemsReason, int? expectedVersion,
        DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(incident);
        Concurrency.RequireVersion(incident.Version, expectedVersion);
        incident.Close(actor, note, now, openItemsReason);
        await Concurrency.SaveAsync(db, ct);
    }

    private static DomainValidationException Invalid(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });

}

/// <summary>Loading incidents with access checked: the PR office sees all, staff their section's, others none (404).</summary>
public static class IncidentAccess
{
    public static IQueryable<Incident> VisibleTo(this IQueryable<Incident> incidents, Actor actor)
    {
        if (actor.Is(Role.PrOffice))
        {
            return incidents;
        }
        if (actor.SectionId is { } section && (actor.Is(Role.Operator) || actor.Is(Role.SectionHead)))
        {
            return incidents.Where(i => i.SectionId == section);
        }
        return incidents.Where(_ => false);
    }

    public static Task<Incident?> FindVisibleIncidentAsync(this AppDbContext db, Guid id, Actor actor, CancellationToken ct = default) =>
        db.Incidents.VisibleTo(actor).FirstOrDefaultAsync(i => i.Id == id, ct);

    /// <summary>Open first, then newest first (ordered in memory: SQLite keeps DateTimeOffset as ticks, PostgreSQL as timestamptz).</summary>
    public static async Task<List<Incident>> ListAsync(AppDbContext db, Actor actor, IncidentStatus? status, IncidentKind? kind, int max, CancellationToken ct)
    {
        var q = db.Incidents.VisibleTo(actor).AsNoTracking().IgnoreAutoIncludes().Include(i => i.Accounts);
        IQueryable<Incident> query = q;
        if (status is { } s)
        {
            query = query.Where(i => i.Status == s);
        }
        if (kind is { } k)
        {
            query = query.Where(i => i.Kind == k);
        }
        return (await query.OrderByDescending(i => i.OpenedAt).Take(max).ToListAsync(ct))
            .OrderBy(i => i.IsOpen ? 0 : 1).ThenByDescending(i => i.OpenedAt).ToList();
    }

    /// <summary>The names of accounts, by id (their current policy's name).</summary>
    public static async Task<Dictionary<Guid, string>> AccountNamesAsync(AppDbContext db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        if (list.Count == 0)
        {
            return [];
        }
        return (await db.Accounts.AsNoTracking().Where(a => list.Contains(a.Id)).ToListAsync(ct))
            .ToDictionary(a => a.Id, a => a.CurrentPolicy.AccountName ?? "");
    }
}
