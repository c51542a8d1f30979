using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MuniSocial.Domain.Guideline;

namespace MuniSocial.Data.Configurations;

internal sealed class GuidelineVersionConfiguration : IEntityTypeConfiguration<GuidelineVersion>
{
    public void Configure(EntityTypeBuilder<GuidelineVersion> b)
    {
        b.ToTable("GuidelineVersions");
        b.HasIndex(v => v.Number).IsUnique(); // two PR staff registering at once: one of them gets the number
        b.Property(v => v.Summary).HasMaxLength(GuidelineVersion.SummaryMax);
        b.Property(v => v.Text).HasMaxLength(GuidelineVersion.TextMax);
        b.Property(v => v.CreatedById).HasMaxLength(450);
        b.Property(v => v.CreatedByName).HasMaxLength(200);
        b.Ignore(v => v.PendingAudit);
    }
}

internal sealed class GuidelineAcknowledgementConfiguration : IEntityTypeConfiguration<GuidelineAcknowledgement>
{
    public void Configure(EntityTypeBuilder<GuidelineAcknowledgement> b)
    {
        b.ToTable("GuidelineAcknowledgements");
        b.Property(a => a.UserId).HasMaxLength(450);
        b.Property(a => a.UserName).HasMaxLength(200);
        b.HasIndex(a => new { a.UserId, a.VersionId }).IsUnique(); // one confirmation per user per version
        b.HasIndex(a => a.VersionId);
        b.HasOne<GuidelineVersion>().WithMany().HasForeignKey(a => a.VersionId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(a => a.PendingAudit);
    }
}
