using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MuniSocial.Infrastructure.Email;

namespace MuniSocial.Data.Configurations;

internal sealed class OutboxMailConfiguration : IEntityTypeConfiguration<OutboxMail>
{
    public void Configure(EntityTypeBuilder<OutboxMail> b)
    {
        b.ToTable("OutboxMails");
        b.Property(m => m.Id).ValueGeneratedNever();
        b.Property(m => m.To).HasMaxLength(256);
        b.Property(m => m.ToName).HasMaxLength(200);
        b.Property(m => m.Subject).HasMaxLength(OutboxMail.MaxSubject);
        b.Property(m => m.Body).HasMaxLength(OutboxMail.MaxBody);
        b.Property(m => m.Topic).HasMaxLength(100);
        b.Property(m => m.LastError).HasMaxLength(1000);
        b.HasIndex(m => new { m.SentAt, m.NextAttemptAt });
        b.HasIndex(m => m.Topic);
        b.Ignore(m => m.IsSent);
    }
}
