using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using MuniSocial.Domain.Audit;
using MuniSocial.Domain.Comments;
using MuniSocial.Domain.Forms;
using MuniSocial.Domain.Guideline;
using MuniSocial.Domain.Incidents;
using MuniSocial.Domain.Operations;
using MuniSocial.Domain.Posts;
using MuniSocial.Domain.Publishing;
using MuniSocial.Domain.Organisation;
using MuniSocial.Domain.Terms;
using MuniSocial.Infrastructure.Email;
using MuniSocial.Jobs;

namespace MuniSocial.Data;

/// <summary>
/// The one DbContext. Its save writes the audit records that the entities queued, chained by hash,
/// in the same transaction as the change, after the <paramref name="beforeAudit"/> steps of its scope
/// (registered as <see cref="IBeforeAuditStep"/>, e.g. the forms a transition issues) have added to it.
/// </summary>
public abstract class AppDbContext(DbContextOptions options, IEnumerable<IBeforeAuditStep> beforeAudit, AuditChainKey? chainKey)
    : IdentityDbContext<AppUser>(options)
{
    /// <summary>A fixed key of the PostgreSQL advisory lock that serialises audit appends across app instances ("MSAUDIT").</summary>
    private const long AuditAppendLock = 0x4D53415544495401;

    private readonly List<AuditRecord> _extraAudit = [];

    public DbSet<Department> Departments => Set<Department>();
    public DbSet<Section> Sections => Set<Section>();
    public DbSet<Unit> Units => Set<Unit>();
    public DbSet<SocialAccount> Accounts => Set<SocialAccount>();
    public DbSet<PolicyVersion> PolicyVersions => Set<PolicyVersion>();
    public DbSet<AccountOperator> AccountOperators => Set<AccountOperator>();
    public DbSet<TermsTemplateVersion> TermsVersions => Set<TermsTemplateVersion>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    /// <summary>The key the chain is hashed with (HMAC), from outside the database; null only in the design-time tools.</summary>
    public AuditChainKey? ChainKey => chainKey;
    public DbSet<IssuedDocument> IssuedDocuments => Set<IssuedDocument>();
    public DbSet<OfficeSettings> OfficeSettings => Set<OfficeSettings>();
    public DbSet<Post> Posts => Set<Post>();
    public DbSet<PostReview> PostReviews => Set<PostReview>();
    public DbSet<PostMedia> PostMedia => Set<PostMedia>();
    public DbSet<SectionPostSettings> SectionPostSettings => Set<SectionPostSettings>();
    public DbSet<ContentCheckSettings> ContentCheckSettings => Set<ContentCheckSettings>();
    public DbSet<DailyCheck> DailyChecks => Set<DailyCheck>();
    public DbSet<GuidelineVersion> GuidelineVersions => Set<GuidelineVersion>();
    public DbSet<GuidelineAcknowledgement> GuidelineAcknowledgements => Set<GuidelineAcknowledgement>();
    public DbSet<AccountReview> AccountReviews => Set<AccountReview>();
    public DbSet<AccessHolder> AccessHolders => Set<AccessHolder>();
    public DbSet<AccountTwoFactor> AccountTwoFactors => Set<AccountTwoFactor>();
    public DbSet<OfficeNetwork> OfficeNetworks => Set<OfficeNetwork>();
    public DbSet<JobRun> JobRuns => Set<JobRun>();
    public DbSet<ReminderRecord> ReminderRecords => Set<ReminderRecord>();
    public DbSet<Incident> Incidents => Set<Incident>();
    public DbSet<IncidentStep> IncidentSteps => Set<IncidentStep>();
    public DbSet<PublicWarning> PublicWarnings => Set<PublicWarning>();
    public DbSet<PublishingPause> PublishingPauses => Set<PublishingPause>();
    public DbSet<HeldPost> HeldPosts => Set<HeldPost>();
    public DbSet<OutboxMail> OutboxMails => Set<OutboxMail>();
    public DbSet<Comment> Comments => Set<Comment>();
    public DbSet<CommentSettings> CommentSettings => Set<CommentSettings>();
    public DbSet<AccountConnection> AccountConnections => Set<AccountConnection>();
    /// <summary>Staff sign-ins (cookies) that sign-out or their absolute lifetime ends, on every instance (IdentitySetup).</summary>
    public DbSet<UserSession> UserSessions => Set<UserSession>();

    /// <summary>
    /// The ASP.NET Core Data Protection key ring, shared by every app instance (see StorageSetup). The table is part of this
    /// schema; Data Protection itself reads and writes it through <see cref="DataProtectionKeysContext"/>.
    /// </summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Publication> Publications => Set<Publication>();
    public DbSet<ObservedPost> ObservedPosts => Set<ObservedPost>();
    public DbSet<InboundEvent> InboundEvents => Set<InboundEvent>();

    /// <summary>The one row whose token changes with every save of public data (see PublicSite).</summary>
    public DbSet<Infrastructure.PublicSite.PublicSiteVersion> PublicSiteVersions => Set<Infrastructure.PublicSite.PublicSiteVersion>();
    /// <summary>Each person's hand-off e-mails turned off (/me/notifications).</summary>
    public DbSet<Domain.Notifications.MailPreference> MailPreferences => Set<Domain.Notifications.MailPreference>();

    /// <summary>Queue an audit record for something that is not an audited entity (users, settings).</summary>
    public void AddAudit(AuditRecord record) => _extraAudit.Add(record);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<AccountStatus>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<PolicyVersionStatus>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<Platform>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<OwnerKind>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<ReplyPolicyKind>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<EmploymentType>().HaveConversion<string>().HaveMaxLength(32);
        if (Database.IsSqlite())
        {
            // SQLite has no date-time type: store UTC ticks so that ordering and comparison work in SQL.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        // The domain makes its ids (Guid v7). Without this, an entity added to a tracked aggregate's
        // collection (a policy revision, say) is taken for an existing row and UPDATEd instead of INSERTed.
        foreach (var key in builder.Model.GetEntityTypes().Select(t => t.FindPrimaryKey()).OfType<Microsoft.EntityFrameworkCore.Metadata.IMutableKey>())
        {
            foreach (var property in key.Properties.Where(p => p.ClrType == typeof(Guid)))
            {
                property.ValueGenerated = Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never;
            }
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync: the audit chain is written asynchronously.");

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        // Steps that add to this save before its audit records are chained (e.g. the forms a transition issues).
        foreach (var step in beforeAudit)
        {
            await step.BeforeAuditAsync(this, cancellationToken);
        }
        var audited = ChangeTracker.Entries<AuditedEntity>().Select(e => e.Entity).Where(e => e.PendingAudit.Count > 0).ToList();
        var records = audited.SelectMany(e => e.PendingAudit).Concat(_extraAudit).OrderBy(r => r.At).ToList();
        int result;
        if (records.Count > 0 && Database.IsNpgsql())
        {
            result = await SaveSerialisedAsync(records, acceptAllChangesOnSuccess, cancellationToken);
        }
        else
        {
            for (var attempt = 1; ; attempt++)
            {
                var chained = await ChainAsync(records, cancellationToken);
                try
                {
                    result = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
                    break;
                }
                catch (DbUpdateException ex) when (chained.Count > 0 && attempt < 5 && Database.CurrentTransaction is null && IsAuditSequenceClash(ex))
                {
                    // SQLite: another save (a request, a background sender or the watch) took the same places in the chain first:
                    // nothing of this save was written; chain again after the new last entry and save once more.
                    foreach (var entry in chained)
                    {
                        Entry(entry).State = EntityState.Detached;
                    }
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 40) * attempt), cancellationToken);
                }
            }
        }
        foreach (var entity in audited)
        {
            entity.ClearPendingAudit();
        }
        _extraAudit.Clear();
        return result;
    }

    /// <summary>
    /// PostgreSQL: audit appends are serialised across every connection and app instance by a transaction-scoped advisory lock
    /// taken before the chain's last entry is read, so two writers never take the same sequence number (no false 409, no retry).
    /// In the caller's transaction when there is one (the lock is then held until it commits).
    /// </summary>
    private async Task<int> SaveSerialisedAsync(List<AuditRecord> records, bool acceptAllChangesOnSuccess, CancellationToken ct)
    {
        var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(ct) : null;
        try
        {
            await Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [AuditAppendLock], ct);
            await ChainAsync(records, ct);
            var result = await base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
            if (own is not null)
            {
                await own.CommitAsync(ct);
            }
            return result;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    /// <summary>Adds the audit entries of <paramref name="records"/> after the chain's last entry, each hashing the one before.</summary>
    private async Task<List<AuditEntry>> ChainAsync(List<AuditRecord> records, CancellationToken ct)
    {
        var chained = new List<AuditEntry>(records.Count);
        if (records.Count == 0)
        {
            return chained;
        }
        var last = await AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
        var sequence = last?.Sequence ?? 0;
        var previous = last?.Hash ?? AuditEntry.GenesisHash;
        foreach (var record in records)
        {
            var entry = AuditEntry.Chain(record, ++sequence, previous,
                chainKey ?? throw new InvalidOperationException("The audit chain key is not configured (Audit:ChainKey)."));
            AuditEntries.Add(entry);
            chained.Add(entry);
            previous = entry.Hash;
        }
        return chained;
    }

    /// <summary>Whether a save failed because another one wrote the same audit sequence numbers first (the chain's primary key).</summary>
    private static bool IsAuditSequenceClash(DbUpdateException ex) =>
        ex.InnerException?.Message is { } m && m.Contains("AuditEntries", StringComparison.Ordinal)
        && (m.Contains("UNIQUE constraint failed", StringComparison.Ordinal) || m.Contains("duplicate key value", StringComparison.Ordinal)
            || m.Contains("23505", StringComparison.Ordinal));
}

/// <summary>Runs inside <see cref="AppDbContext.SaveChangesAsync(bool, CancellationToken)"/> before the audit records are chained.</summary>
public interface IBeforeAuditStep
{
    Task BeforeAuditAsync(AppDbContext db, CancellationToken cancellationToken);
}

public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options, IEnumerable<IBeforeAuditStep> beforeAudit, AuditChainKey chainKey)
    : AppDbContext(options, beforeAudit, chainKey)
{
    /// <summary>Without steps: the design-time tools and the migration tests, which save nothing audited.</summary>
    public SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : this(options, [], null!)
    {
    }
}

public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options, IEnumerable<IBeforeAuditStep> beforeAudit, AuditChainKey chainKey)
    : AppDbContext(options, beforeAudit, chainKey)
{
    /// <summary>Without steps: the design-time tools and the migration tests, which save nothing audited.</summary>
    public PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : this(options, [], null!)
    {
    }
}
