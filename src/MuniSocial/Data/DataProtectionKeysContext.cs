using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;

namespace MuniSocial.Data;

/// <summary>
/// The Data Protection key ring's own small context over the table <c>DataProtectionKeys</c>, which
/// <see cref="AppDbContext"/> owns (it is created and migrated with the rest of the schema). Data Protection stores a
/// new key with the synchronous SaveChanges, which <see cref="AppDbContext"/> refuses (its save chains the audit
/// asynchronously); a key is not an audited record, so it is saved here.
/// </summary>
public sealed class DataProtectionKeysContext(DbContextOptions<DataProtectionKeysContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<DataProtectionKey>().ToTable("DataProtectionKeys");
    }
}
