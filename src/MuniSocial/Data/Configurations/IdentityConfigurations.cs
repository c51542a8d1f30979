using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MuniSocial.Domain.Organisation;

namespace MuniSocial.Data.Configurations;

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(200);
        b.Property(u => u.ExternalSubject).HasMaxLength(256);
        b.HasIndex(u => u.ExternalSubject).IsUnique();
        b.HasOne<Section>().WithMany().HasForeignKey(u => u.SectionId).OnDelete(DeleteBehavior.Restrict);
    }
}
