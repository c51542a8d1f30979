using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore.Diagnostics;
using MuniSocial.Domain.Incidents;
using MuniSocial.Domain.Organisation;
using MuniSocial.Domain.Terms;

namespace MuniSocial.Infrastructure;

/// <summary>
/// The public pages are output-cached under one tag; any saved change to what they show (accounts,
/// policies, terms, organisation names, public warnings) evicts it, so citizens never see a stale list.
/// </summary>
public sealed class PublicCacheInvalidation(IServiceProvider services) : SaveChangesInterceptor
{
    public const string Tag = "public";
    private static readonly Type[] PublicTypes =
        [typeof(SocialAccount), typeof(PolicyVersion), typeof(TermsTemplateVersion), typeof(Section), typeof(Department), typeof(Unit),
         typeof(PublicWarning)];

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> _pending = [];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && db.ChangeTracker.Entries()
                .Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && PublicTypes.Contains(e.Entity.GetType())))
        {
            _pending.AddOrUpdate(db, true);
        }
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && _pending.Remove(db))
        {
            if (services.GetService<IOutputCacheStore>() is { } store)
            {
                await store.EvictByTagAsync(Tag, cancellationToken);
            }
        }
        return result;
    }
}
