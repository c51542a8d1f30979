using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MuniSocial.Domain.Operations;
using MuniSocial.Jobs;

namespace MuniSocial.Data.Configurations;

internal sealed class ReminderRecordConfiguration : IEntityTypeConfiguration<ReminderRecord>
{
    public void Configure(EntityTypeBuilder<ReminderRecord> b)
    {
        b.ToTable("Reminders");
        b.HasKey(r => r.Key);
        b.Property(r => r.Key).HasMaxLength(600);
        b.Property(r => r.Kind).HasMaxLength(50);
        b.Property(r => r.RecipientUserId).HasMaxLength(450);
        b.Property(r => r.Subject).HasMaxLength(400);
        b.Property(r => r.Outcome).HasMaxLength(400);
        b.HasIndex(r => new { r.Occasion, r.Kind });
        b.HasIndex(r => r.RecipientUserId);
    }
}

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> b)
    {
        b.ToTable("JobRuns");
        b.Property(r => r.Job).HasMaxLength(100);
        b.Property(r => r.Trigger).HasMaxLength(300);
        b.Property(r => r.Outcome).HasMaxLength(20);
        b.Property(r => r.Summary).HasMaxLength(4000);
        b.HasIndex(r => new { r.Job, r.StartedAt });
    }
}
