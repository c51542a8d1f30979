using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MuniSocial.Infrastructure.PublicSite;

namespace MuniSocial.Data.Configurations;

internal sealed class PublicSiteVersionConfiguration : IEntityTypeConfiguration<PublicSiteVersion>
{
    public void Configure(EntityTypeBuilder<PublicSiteVersion> b)
    {
        b.ToTable("PublicSiteVersions");
        b.Property(v => v.Id).ValueGeneratedNever();
        // The one row exists from the start, so that the interceptor can always UPDATE it without reading it first.
        b.HasData(new PublicSiteVersion { Id = PublicSiteVersion.SingletonId, Token = Guid.Empty, ChangedAt = DateTimeOffset.UnixEpoch });
    }
}
