using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MuniSocial.Domain.Terms;

namespace MuniSocial.Data.Configurations;

internal sealed class TermsConfiguration : IEntityTypeConfiguration<TermsTemplateVersion>
{
    public void Configure(EntityTypeBuilder<TermsTemplateVersion> b)
    {
        b.ToTable("TermsVersions");
        b.HasIndex(t => t.Number).IsUnique();
        b.Property(t => t.Notices).HasMaxLength(12000);
        b.Property(t => t.IntellectualProperty).HasMaxLength(2000);
        b.Property(t => t.Disclaimers).HasMaxLength(12000);
        b.Property(t => t.CreatedById).HasMaxLength(450);
        b.Property(t => t.CreatedByName).HasMaxLength(200);
        b.Ignore(t => t.NoticeItems);
        b.Ignore(t => t.DisclaimerItems);
        b.Ignore(t => t.PendingAudit);
    }
}
