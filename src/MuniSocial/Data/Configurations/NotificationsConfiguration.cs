using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MuniSocial.Domain.Notifications;

namespace MuniSocial.Data.Configurations;

internal sealed class MailPreferenceConfiguration : IEntityTypeConfiguration<MailPreference>
{
    public void Configure(EntityTypeBuilder<MailPreference> b)
    {
        b.ToTable("MailPreferences");
        b.HasKey(p => p.UserId);
        b.Property(p => p.UserId).HasMaxLength(450);
        b.Property(p => p.Off).HasMaxLength(MailPreference.MaxOff);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.Ignore(p => p.TurnedOff);
    }
}
