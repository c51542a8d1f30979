using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Operations;
using MuniSocial.Jobs;

namespace MuniSocial.Data;

internal sealed class DailyCheckConfiguration : IEntityTypeConfiguration<DailyCheck>
{
    public void Configure(EntityTypeBuilder<DailyCheck> b)
    {
        b.ToTable("DailyChecks");
        b.Property(c => c.UserId).HasMaxLength(450);
        b.Property(c => c.UserName).HasMaxLength(200);
        b.Property(c => c.Found).HasMaxLength(CheckInput.TextMax);
        b.Property(c => c.ActionTaken).HasMaxLength(CheckInput.TextMax);
        b.Property(c => c.Note).HasMaxLength(CheckInput.TextMax);
        b.Property(c => c.OffsiteReason).HasMaxLength(1000);
        // One check per person per account per day: two different people make the rule (§5(2)ア).
        b.HasIndex(c => new { c.AccountId, c.Day, c.UserId }).IsUnique();
        // The board reads a window of recent days across all accounts: covering, so the table is not touched.
        b.HasIndex(c => new { c.Day, c.AccountId, c.UserId });
        b.HasOne<SocialAccount>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(c => c.IsNothingToReport);
        b.Ignore(c => c.PendingAudit);
    }
}

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

internal sealed class OfficeNetworkConfiguration : IEntityTypeConfiguration<OfficeNetwork>
{
    public void Configure(EntityTypeBuilder<OfficeNetwork> b)
    {
        b.ToTable("OfficeNetworks");
        b.Property(n => n.Cidr).HasMaxLength(50);
        b.Property(n => n.Label).HasMaxLength(100);
        b.Property(n => n.AddedByName).HasMaxLength(200);
        b.HasIndex(n => n.Cidr).IsUnique();
        b.Ignore(n => n.PendingAudit);
    }
}
