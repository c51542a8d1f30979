using Microsoft.EntityFrameworkCore.Diagnostics;
using MuniSocial.Domain.Forms;
using MuniSocial.Domain.Incidents;
using MuniSocial.Domain.Organisation;
using MuniSocial.Domain.Terms;
using MuniSocial.Infrastructure.PublicSite;

namespace MuniSocial.Infrastructure;

/// <summary>
/// Any save that changes what the public side shows (accounts, policies, terms, organisation names, the office's
/// settings, public warnings) writes a new token into the one <see cref="PublicSiteVersion"/> row in the same
/// transaction, and, once saved, tells this instance's <see cref="PublicSiteState"/> to take a new snapshot. Other
/// instances see the new token when they poll (<see cref="PublicSiteWatcher"/>), so citizens never see a stale list for
/// long, on any instance.
/// </summary>
public sealed class PublicCacheInvalidation(IServiceProvider services) : SaveChangesInterceptor
{
    private static readonly Type[] PublicTypes =
        [typeof(SocialAccount), typeof(PolicyVersion), typeof(TermsTemplateVersion), typeof(Section), typeof(Department), typeof(Unit),
         typeof(PublicWarning), typeof(OfficeSettings)];

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> _pending = [];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && db.ChangeTracker.Entries()
                .Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && PublicTypes.Contains(e.Entity.GetType())))
        {
            _pending.AddOrUpdate(db, true);
            Bump(db, services.GetRequiredService<TimeProvider>().GetUtcNow());
        }
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && _pending.Remove(db))
        {
            services.GetService<PublicSiteState>()?.Invalidate();
        }
        return ValueTask.FromResult(result);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db)
        {
            _pending.Remove(db);
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// For a change the public pages show that is not an entity of its own (the city's emblem, a file): the next save of
    /// <paramref name="db"/> starts a new public edition as a change of public data would.
    /// </summary>
    public void MarkChanged(DbContext db)
    {
        _pending.AddOrUpdate(db, true);
        Bump(db, services.GetRequiredService<TimeProvider>().GetUtcNow());
    }

    /// <summary>A new token for the one row, written by this save without reading the row first.</summary>
    private static void Bump(DbContext db, DateTimeOffset now)
    {
        if (db.Model.FindEntityType(typeof(PublicSiteVersion)) is null)
        {
            return;
        }
        var entry = db.ChangeTracker.Entries<PublicSiteVersion>().FirstOrDefault();
        var version = entry?.Entity ?? new PublicSiteVersion();
        version.Token = Guid.CreateVersion7();
        version.ChangedAt = now;
        if (entry is null)
        {
            db.Attach(version).State = EntityState.Modified;
        }
        else
        {
            entry.State = EntityState.Modified;
        }
    }
}
