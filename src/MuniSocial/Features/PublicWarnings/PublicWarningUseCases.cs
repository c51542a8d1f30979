using MuniSocial.Domain.Incidents;

namespace MuniSocial.Features.PublicWarnings;

/// <summary>
/// Publishing and withdrawing the public warning of an impersonation or hijack incident (§5(5)イ(イ)), shared by the
/// page and the API: load, one domain call, one save. The save evicts the public pages' cache (PublicCacheInvalidation).
/// </summary>
public static class PublicWarningUseCases
{
    public static Task<Incident?> FindIncidentAsync(AppDbContext db, Guid id, CancellationToken ct) =>
        db.Incidents.FirstOrDefaultAsync(i => i.Id == id, ct);

    /// <summary>The incident's warning that is published now (not withdrawn), if any.</summary>
    public static Task<PublicWarning?> CurrentAsync(AppDbContext db, Guid incidentId, CancellationToken ct) =>
        db.PublicWarnings.FirstOrDefaultAsync(w => w.IncidentId == incidentId && w.WithdrawnAt == null, ct);

    /// <summary>Every warning of the incident, newest first (the withdrawn ones too: the record stays).</summary>
    public static async Task<List<PublicWarning>> AllAsync(AppDbContext db, Guid incidentId, CancellationToken ct) =>
        (await db.PublicWarnings.AsNoTracking().Where(w => w.IncidentId == incidentId).ToListAsync(ct))
            .OrderByDescending(w => w.PublishedAt).ToList();

    public static async Task<PublicWarning> PublishAsync(AppDbContext db, Actor actor, Incident incident, string? title, string? body,
        DateTimeOffset at, CancellationToken ct)
    {
        var current = await CurrentAsync(db, incident.Id, ct);
        var warning = PublicWarning.Publish(actor, incident, title, body, at, alreadyPublished: current is not null);
        db.PublicWarnings.Add(warning);
        await db.SaveChangesAsync(ct);
        return warning;
    }

    public static async Task<PublicWarning> WithdrawAsync(AppDbContext db, Actor actor, Incident incident, string? reason, DateTimeOffset at, CancellationToken ct)
    {
        if (!actor.Is(Role.PrOffice))
        {
            throw new DomainForbiddenException("注意喚起を取り下げられるのは市広報担当です。");
        }
        var warning = await CurrentAsync(db, incident.Id, ct)
            ?? throw new DomainRuleException("このインシデントに公開中の注意喚起はありません。", "no-warning");
        warning.Withdraw(actor, reason, at);
        incident.AddSystemStep(actor, null, $"注意喚起を取り下げました:「{warning.Title}」（理由: {warning.WithdrawalReason}）", at);
        await db.SaveChangesAsync(ct);
        return warning;
    }

    /// <summary>The title and body the page starts from: drafted from the incident (the hijacked account's name and address).</summary>
    public static async Task<(string Title, string Body)> DraftAsync(AppDbContext db, Incident incident, CancellationToken ct)
    {
        string? name = null, url = null;
        if (incident.Kind == IncidentKind.Hijack && incident.Accounts.Count > 0)
        {
            var accountId = incident.Accounts[0].AccountId;
            var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct);
            var policy = account?.AcceptedPolicy ?? account?.CurrentPolicy;
            name = policy?.AccountName;
            url = policy?.AccountUrl;
        }
        return PublicWarning.Draft(incident, name, url);
    }
}
