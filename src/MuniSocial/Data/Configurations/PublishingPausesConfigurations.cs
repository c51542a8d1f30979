using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MuniSocial.Domain.Incidents;
using MuniSocial.Domain.Posts;

namespace MuniSocial.Data.Configurations;

internal sealed class HeldPostConfiguration : IEntityTypeConfiguration<HeldPost>
{
    public void Configure(EntityTypeBuilder<HeldPost> b)
    {
        b.ToTable("HeldPosts");
        b.Property(h => h.Id).ValueGeneratedNever();
        b.Property(h => h.Outcome).HasConversion<string>().HasMaxLength(20);
        b.Property(h => h.ResolvedByName).HasMaxLength(200);
        b.HasIndex(h => new { h.PauseId, h.PostId }).IsUnique();
        b.HasIndex(h => new { h.SectionId, h.Outcome });
        b.HasIndex(h => new { h.PostId, h.Outcome });
        b.HasOne<PublishingPause>().WithMany().HasForeignKey(h => h.PauseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Post>().WithMany().HasForeignKey(h => h.PostId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(h => h.IsOpen);
    }
}
