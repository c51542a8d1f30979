using MuniSocial.Domain.Audit;
using MuniSocial.Domain.Notifications;

namespace MuniSocial.Features.Notifications;

/// <summary>Each person's choice of hand-off e-mails (/me/notifications): read, and saved once with its audit record.</summary>
public static class MailPreferenceUseCases
{
    public static async Task<MailPreference> GetAsync(AppDbContext db, Actor actor, CancellationToken ct) =>
        await db.MailPreferences.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == actor.UserId, ct) ?? new MailPreference(actor.UserId);

    public static async Task<MailPreference> SaveAsync(AppDbContext db, Actor actor, IEnumerable<MailKind> off, int? expectedVersion, DateTimeOffset now, CancellationToken ct)
    {
        var preference = await db.MailPreferences.FirstOrDefaultAsync(p => p.UserId == actor.UserId, ct);
        var isNew = preference is null;
        preference ??= new MailPreference(actor.UserId);
        Concurrency.RequireVersion(preference.Version, expectedVersion);
        var before = preference.Off;
        preference.Set(actor, off, now);
        if (isNew)
        {
            db.MailPreferences.Add(preference);
        }
        db.AddAudit(new AuditRecord("user.mail-preferences-changed", "User", actor.UserId, actor.UserId, actor.Name, now,
            $"{{\"off\":\"{before}\"}}", $"{{\"off\":\"{preference.Off}\"}}"));
        await Concurrency.SaveAsync(db, ct);
        return preference;
    }
}
