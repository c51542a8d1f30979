using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MuniSocial.Domain.Operations;

namespace MuniSocial.Data.Configurations;

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
        b.Property(c => c.FindingHandledByName).HasMaxLength(200);
        // A person may check more than once a day (「１日１回以上」): not unique; two different people make the rule (§5(2)ア).
        b.HasIndex(c => new { c.AccountId, c.Day, c.UserId });
        // The board reads a window of recent days across all accounts: covering, so the table is not touched.
        b.HasIndex(c => new { c.Day, c.AccountId, c.UserId });
        b.HasOne<SocialAccount>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(c => c.IsNothingToReport);
        b.Ignore(c => c.PendingAudit);
    }
}
