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
public abstract class AppDbContext(DbContextOptions options, IEnumerable<IBeforeAuditStep> beforeAudit) : IdentityDbContext<AppUser>(options)
{
    private readonly List<AuditRecord> _extraAudit = [];

    public DbSet<Department> Departments => Set<Department>();
    public DbSet<Section> Sections => Set<Section>();
    public DbSet<Unit> Units => Set<Unit>();
    public DbSet<SocialAccount> Accounts => Set<SocialAccount>();
    public DbSet<PolicyVersion> PolicyVersions => Set<PolicyVersion>();
    public DbSet<AccountOperator> AccountOperators => Set<AccountOperator>();
    public DbSet<TermsTemplateVersion> TermsVersions => Set<TermsTemplateVersion>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
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

    /// <summary>
    /// The ASP.NET Core Data Protection key ring, shared by every app instance (see StorageSetup). The table is part of this
    /// schema; Data Protection itself reads and writes it through <see cref="DataProtectionKeysContext"/>.
    /// </summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Publication> Publications => Set<Publication>();
    public DbSet<ObservedPost> ObservedPosts => Set<ObservedPost>();
    public DbSet<InboundEvent> InboundEvents => Set<InboundEvent>();

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
        if (records.Count > 0)
        {
            var last = await AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence)
                .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken);
            var sequence = last?.Sequence ?? 0;
            var previous = last?.Hash ?? AuditEntry.GenesisHash;
            foreach (var record in records)
            {
                var entry = AuditEntry.Chain(record, ++sequence, previous);
                AuditEntries.Add(entry);
                previous = entry.Hash;
            }
        }
        var result = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        foreach (var entity in audited)
        {
            entity.ClearPendingAudit();
        }
        _extraAudit.Clear();
        return result;
    }
}

/// <summary>Runs inside <see cref="AppDbContext.SaveChangesAsync(bool, CancellationToken)"/> before the audit records are chained.</summary>
public interface IBeforeAuditStep
{
    Task BeforeAuditAsync(AppDbContext db, CancellationToken cancellationToken);
}

public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options, IEnumerable<IBeforeAuditStep> beforeAudit)
    : AppDbContext(options, beforeAudit)
{
    /// <summary>Without steps: the design-time tools and the migration tests, which save nothing audited.</summary>
    public SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : this(options, [])
    {
    }
}

public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options, IEnumerable<IBeforeAuditStep> beforeAudit)
    : AppDbContext(options, beforeAudit)
{
    /// <summary>Without steps: the design-time tools and the migration tests, which save nothing audited.</summary>
    public PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : this(options, [])
    {
    }
}
