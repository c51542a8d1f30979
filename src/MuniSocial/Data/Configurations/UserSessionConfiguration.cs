using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MuniSocial.Data.Configurations;

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> b)
    {
        b.ToTable("UserSessions");
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).HasMaxLength(64).ValueGeneratedNever();
        b.Property(s => s.UserId).HasMaxLength(450);
        b.HasOne<AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => s.UserId);
        b.Property(s => s.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(s => s.ClientAddress).HasMaxLength(64);
        b.Property(s => s.UserAgent).HasMaxLength(UserSessions.UserAgentLength);
    }
}
