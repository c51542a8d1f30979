using MuniSocial.Domain.Terms;

namespace MuniSocial.Features.PublicList;

/// <summary>What the public may see of an account: the accepted policy only, never a draft or an unaccepted revision.</summary>
public sealed record PublicAccount(
    Guid Id,
    string AccountName,
    string Platform,
    string PlatformCode,
    string AccountUrl,
    string Link,
    string Owner,
    string Department,
    string Section,
    string? Unit,
    string OwnerKind,
    string? RelatedOrganisationName,
    string Content,
    string Purpose,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    string Period,
    string OperatingHours,
    string ReplyPolicy,
    string ReplyPolicyCode,
    string ReplyWording,
    string? Remarks,
    int PolicyVersion,
    DateTimeOffset PolicyAcceptedAt,
    DateTimeOffset ListedAt,
    string PolicyUrl,
    PublicTerms Terms)
{
    /// <summary>削除依頼中: the section asked the PR office to close it; still the city's until the PR office removes it.</summary>
    public bool Closing { get; init; }

    /// <summary>Other addresses of the same account registered in its accepted policy (an old handle, a LINE short link).</summary>
    public IReadOnlyList<string> AlternateUrls { get; init; } = [];

    /// <summary>When <see cref="Closing"/>: the date the section gave as the end of operation in its request (様式4の閉鎖日).</summary>
    public DateOnly? ClosingOn { get; init; }

    /// <summary>
    /// 運用期間 ended before the snapshot's Japan date (<see cref="PublicSnapshot.Date"/>) and the account is not closed:
    /// the city is still to decide whether it continues or ends (§5(3)イ).
    /// </summary>
    public bool PeriodEnded { get; init; }

    /// <summary>The tag shown next to the name of an account whose closing is requested.</summary>
    public const string ClosingTag = "運用終了の手続き中";

    /// <summary>What the list and the policy page say about a closing account.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? ClosingNotice => !Closing ? null
        : ClosingOn is { } on
            ? $"担当所属から{Wareki.Format(on)}に運用を終了したとの届出があり、市が一覧から削除する手続きをしています。削除するまでは名寄市の公式アカウントとして掲載しています。"
            : "担当所属から運用を終了するとの届出があり、市が一覧から削除する手続きをしています。削除するまでは名寄市の公式アカウントとして掲載しています。";

    /// <summary>What the list and the policy page say about an account past its 運用期間.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? PeriodEndedNotice => PeriodEnded
        ? $"運用期間（{Wareki.Format(PeriodEnd)}まで）を過ぎています。市が運用の継続または終了を確認中です。"
        : null;
}

public sealed record PublicTerms(int Version, IReadOnlyList<string> Notices, string IntellectualProperty, IReadOnlyList<string> Disclaimers);

public sealed record ClosedAccount(Guid Id, string AccountName, string Platform, string AccountUrl, string Owner, DateOnly ClosedOn, string ClosedOnText, DateTimeOffset? RemovedAt);

/// <summary>
/// A published warning as citizens see it (§5(5)イ(イ)): a fake account's address (text, never a link) or the official
/// account someone else controls. Withdrawn warnings are never public.
/// </summary>
public sealed record PublicWarningView(
    Guid Id,
    string Title,
    string Kind,
    string? FakeUrl,
    Guid? AccountId,
    string? AccountName,
    string? AccountUrl,
    DateTimeOffset? CompromisedSince,
    DateTimeOffset PublishedAt,
    string PublishedOnText,
    string Body,
    string Url)
{
    /// <summary>Normalised fake address, for verify; not part of the public JSON.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? FakeUrlNormalized { get; init; }
}

public sealed class PublicQueries(AppDbContext db, Microsoft.Extensions.Options.IOptions<Forms.OfficeOptions> office)
{
    /// <summary>The whole public side at one moment: the accounts and the section names are read once for all its parts.</summary>
    public async Task<PublicSnapshot> SnapshotAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        var warnings = await WarningsAsync(ct);
        var accounts = await db.Accounts.AsNoTracking()
            .Where(a => a.Status == AccountStatus.Listed || a.Status == AccountStatus.DelistingRequested || a.Status == AccountStatus.Closed)
            .ToListAsync(ct);
        var names = await SectionNamesAsync(ct);
        return new(now, await ListedAsync(accounts, names, PublicSnapshot.JapanDate(now), ct), Closed(accounts, names), warnings)
        {
            Changes = Changes(accounts, names, warnings),
            CityName = (await Forms.FormDataQueries.OfficeAsync(db, office, ct)).CityName,
        };
    }

    /// <summary>The warnings published and not withdrawn, newest first.</summary>
    public async Task<IReadOnlyList<PublicWarningView>> WarningsAsync(CancellationToken ct = default)
    {
        var warnings = await db.PublicWarnings.AsNoTracking().Where(w => w.WithdrawnAt == null).ToListAsync(ct);
        var accountIds = warnings.Select(w => w.AccountId).OfType<Guid>().Distinct().ToList();
        var accounts = accountIds.Count == 0 ? [] : await db.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        // DateTimeOffset ordering is done here, not in SQL (SQLite cannot order it).
        return warnings.OrderByDescending(w => w.PublishedAt).Select(w =>
        {
            var policy = w.AccountId is { } id && accounts.TryGetValue(id, out var a) ? a.AcceptedPolicy ?? a.CurrentPolicy : null;
            return new PublicWarningView(w.Id, w.Title, Domain.Incidents.PublicWarning.Code(w.Kind), w.FakeUrl, w.AccountId, policy?.AccountName, policy?.AccountUrl,
                w.CompromisedSince, w.PublishedAt, Wareki.Format(w.PublishedAt), w.Body, w.PublicUrl)
            { FakeUrlNormalized = w.FakeUrlNormalized };
        }).ToList();
    }

    /// <summary>
    /// The accounts on the list on <paramref name="today"/> (Japan): 掲載中, and 削除依頼中 marked <see cref="PublicAccount.Closing"/> —
    /// the account stays the city's until the PR office removes it, so it is never on neither list.
    /// </summary>
    private Task<IReadOnlyList<PublicAccount>> ListedAsync(List<SocialAccount> accounts, Dictionary<Guid, (string Department, string Section)> names,
        DateOnly today, CancellationToken ct) =>
        ProjectAsync(accounts.Where(a => a.Status is AccountStatus.Listed or AccountStatus.DelistingRequested).ToList(), names, today, ct);

    /// <summary>
    /// What changed on the public side, newest first, at most <see cref="PublicSnapshot.MaxChanges"/>: each listing, each
    /// accepted revision, each closing request and closing, each published warning still public (withdrawn ones never were).
    /// </summary>
    private static List<PublicChange> Changes(List<SocialAccount> accounts, Dictionary<Guid, (string Department, string Section)> names,
        IReadOnlyList<PublicWarningView> warnings)
    {
        var changes = new List<PublicChange>();
        foreach (var a in accounts.Where(a => a.ListedAt != null))
        {
            var accepted = a.Policies.Where(p => p.Status is PolicyVersionStatus.Accepted or PolicyVersionStatus.Superseded)
                .OrderBy(p => p.Number).ToList();
            if (accepted.Count == 0)
            {
                continue;
            }
            var owner = names.TryGetValue(a.SectionId, out var n) ? $"{n.Department} {n.Section}" : "";
            var path = $"/policies/{a.Id}";
            var first = accepted[0];
            changes.Add(new($"account/{a.Id}/listed", "listed", a.ListedAt!.Value, a.Id,
                $"掲載：{first.AccountName}（{first.PlatformLabel}）",
                $"{owner}の{first.PlatformLabel}アカウント「{first.AccountName}」（{first.AccountUrl}）を名寄市ソーシャルメディア一覧に掲載しました。", path));
            foreach (var p in accepted.Skip(1))
            {
                changes.Add(new($"account/{a.Id}/policy/{p.Number}", "revised", p.AcceptedAt ?? a.ListedAt!.Value, a.Id,
                    $"運用ポリシー改訂：{p.AccountName}（{p.PlatformLabel}）",
                    $"{owner}の{p.PlatformLabel}アカウント「{p.AccountName}」の運用ポリシーを第{p.Number}版に改訂しました。", path));
            }
            var last = accepted[^1];
            if (a.Status is AccountStatus.DelistingRequested or AccountStatus.Closed && a.DelistingRequestedAt is { } requestedAt)
            {
                var on = a.ClosedOn is { } d ? $"（{Wareki.Format(d)}に運用終了）" : "";
                changes.Add(new($"account/{a.Id}/closing", "closing", requestedAt, a.Id,
                    $"{PublicAccount.ClosingTag}：{last.AccountName}（{last.PlatformLabel}）",
                    $"{owner}の{last.PlatformLabel}アカウント「{last.AccountName}」について運用終了の届出がありました{on}。一覧から削除するまでは公式アカウントとして掲載しています。", path));
            }
            if (a.Status == AccountStatus.Closed && a.ClosedAt is { } closedAt)
            {
                var on = Wareki.Format(a.ClosedOn ?? Wareki.TodayIn(closedAt));
                changes.Add(new($"account/{a.Id}/closed", "closed", closedAt, a.Id,
                    $"運用終了：{last.AccountName}（{last.PlatformLabel}）",
                    $"{owner}の{last.PlatformLabel}アカウント「{last.AccountName}」は{on}に運用を終了し、一覧から削除しました。現在は名寄市の公式アカウントではありません。", path));
            }
        }
        changes.AddRange(warnings.Select(w => new PublicChange($"warning/{w.Id}", "warning", w.PublishedAt, w.AccountId,
            $"注意喚起：{w.Title}", w.Body.Length > 200 ? w.Body[..200] + "…" : w.Body, w.Url)));
        // DateTimeOffset ordering is done here, not in SQL (SQLite cannot order it).
        return changes.OrderByDescending(c => c.At).ThenBy(c => c.Key, StringComparer.Ordinal).Take(PublicSnapshot.MaxChanges).ToList();
    }

    private static List<ClosedAccount> Closed(List<SocialAccount> accounts, Dictionary<Guid, (string Department, string Section)> names) =>
        accounts.Where(a => a.Status == AccountStatus.Closed)
            .Select(a => (a, p: a.Policies.Where(p => p.Status is PolicyVersionStatus.Accepted).MaxBy(p => p.Number) ?? a.Policies.MaxBy(p => p.Number)!))
            .Select(x => new ClosedAccount(x.a.Id, x.p.AccountName ?? "", x.p.PlatformLabel, x.p.AccountUrl ?? "",
                names.TryGetValue(x.a.SectionId, out var n) ? $"{n.Department} {n.Section}" : "",
                x.a.ClosedOn ?? Wareki.TodayIn(x.a.ClosedAt ?? x.a.CreatedAt), Wareki.Format(x.a.ClosedOn ?? Wareki.TodayIn(x.a.ClosedAt ?? x.a.CreatedAt)), x.a.ClosedAt))
            .OrderByDescending(c => c.ClosedOn).ThenBy(c => c.AccountName, StringComparer.Ordinal)
            .ToList();

    private async Task<IReadOnlyList<PublicAccount>> ProjectAsync(List<SocialAccount> accounts, Dictionary<Guid, (string Department, string Section)> names,
        DateOnly today, CancellationToken ct)
    {
        var departmentOrder = (await db.Departments.AsNoTracking().Select(d => new { d.Name, d.SortOrder }).ToListAsync(ct))
            .GroupBy(d => d.Name).ToDictionary(g => g.Key, g => g.Min(d => d.SortOrder));
        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var termIds = accounts.Select(a => a.AcceptedPolicy?.TermsVersionId).OfType<Guid>().Distinct().ToList();
        var terms = await db.TermsVersions.AsNoTracking().Where(t => termIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        return accounts
            .Where(a => a.AcceptedPolicy is not null)
            .Select(a => Project(a, a.AcceptedPolicy!, names, units, terms) with
            {
                Closing = a.Status == AccountStatus.DelistingRequested,
                ClosingOn = a.Status == AccountStatus.DelistingRequested ? a.ClosedOn : null,
                PeriodEnded = SocialAccount.IsOverdueOn(a.Status, a.AcceptedPolicy!.PeriodEnd, today),
            })
            .OrderBy(a => departmentOrder.GetValueOrDefault(a.Department, int.MaxValue)).ThenBy(a => a.Department, StringComparer.Ordinal).ThenBy(a => a.Section, StringComparer.Ordinal).ThenBy(a => a.AccountName, StringComparer.Ordinal)
            .ToList();
    }

    private static PublicAccount Project(SocialAccount a, PolicyVersion p, Dictionary<Guid, (string Department, string Section)> names,
        Dictionary<Guid, string> units, Dictionary<Guid, TermsTemplateVersion> terms)
    {
        var (dept, section) = names.TryGetValue(a.SectionId, out var n) ? n : ("", "");
        var unit = p.UnitId is { } u && units.TryGetValue(u, out var un) ? un : null;
        var t = p.TermsVersionId is { } tid && terms.TryGetValue(tid, out var tv) ? tv : null;
        var owner = string.Join(' ', new[] { dept, section, unit }.Where(s => !string.IsNullOrEmpty(s)));
        return new PublicAccount(
            a.Id, p.AccountName ?? "", p.PlatformLabel, p.Platform?.ToString() ?? "", p.AccountUrl ?? "",
            AccountUrl.ToLink(p.AccountUrl ?? "", p.Platform ?? Platform.Other),
            owner, dept, section, unit, Labels.Of(p.OwnerKind), p.RelatedOrganisationName,
            p.Content ?? "", p.Purpose ?? "", p.PeriodStart!.Value, p.PeriodEnd!.Value,
            $"{Wareki.Format(p.PeriodStart!.Value)} ～ {Wareki.Format(p.PeriodEnd!.Value)}",
            p.HoursText, Labels.Of(p.ReplyPolicy ?? ReplyPolicyKind.NoReply), (p.ReplyPolicy ?? ReplyPolicyKind.NoReply).ToString(),
            p.ReplyWording ?? "", p.Remarks, p.Number, p.AcceptedAt ?? a.ListedAt ?? a.CreatedAt, a.ListedAt ?? a.CreatedAt,
            $"/policies/{a.Id}",
            t is null
                ? new PublicTerms(0, [], "", [])
                : new PublicTerms(t.Number, t.NoticeItems, t.IntellectualProperty, t.DisclaimerItems))
        {
            AlternateUrls = [.. p.AlternateUrls.Select(u => PlatformAddressRules.Read(u, p.Platform ?? Platform.Other)?.Url ?? u)],
        };
    }

    private async Task<Dictionary<Guid, (string Department, string Section)>> SectionNamesAsync(CancellationToken ct) =>
        await db.Sections.AsNoTracking().Select(s => new { s.Id, Dept = s.Department.Name, s.Name })
            .ToDictionaryAsync(s => s.Id, s => (s.Dept, s.Name), ct);
}
