using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MuniSocial.Domain.Operations;

namespace MuniSocial.Data.Configurations;

internal sealed class AccessHolderConfiguration : IEntityTypeConfiguration<AccessHolder>
{
    public void Configure(EntityTypeBuilder<AccessHolder> b)
    {
        b.ToTable("AccessHolders");
        b.Property(h => h.Kind).HasConversion<string>().HasMaxLength(32);
        b.Property(h => h.PlatformRole).HasConversion<string>().HasMaxLength(32);
        b.Property(h => h.Removal).HasConversion<string>().HasMaxLength(32);
        b.Property(h => h.UserId).HasMaxLength(450);
        b.Property(h => h.UserName).HasMaxLength(200);
        b.Property(h => h.PlatformHandle).HasMaxLength(AccessHolderInput.HandleMax);
        b.Property(h => h.Note).HasMaxLength(AccessHolderInput.NoteMax);
        b.Property(h => h.AddedById).HasMaxLength(450);
        b.Property(h => h.AddedByName).HasMaxLength(200);
        b.Property(h => h.RemovedById).HasMaxLength(450);
        b.Property(h => h.RemovedByName).HasMaxLength(200);
        b.Property(h => h.RemovalNote).HasMaxLength(AccessHolderInput.NoteMax);
        // Two people recording the same removal at once: the second save fails instead of overwriting the first.
        b.Property(h => h.RemovedAt).IsConcurrencyToken();
        b.HasIndex(h => h.AccountId);
        // The admin's page and the board look holdings up by user.
        b.HasIndex(h => h.UserId);
        b.HasOne<SocialAccount>().WithMany().HasForeignKey(h => h.AccountId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(h => h.IsCurrent);
        b.Ignore(h => h.PendingAudit);
    }
}

internal sealed class AccountTwoFactorConfiguration : IEntityTypeConfiguration<AccountTwoFactor>
{
    public void Configure(EntityTypeBuilder<AccountTwoFactor> b)
    {
        b.ToTable("AccountTwoFactor");
        b.HasKey(t => t.AccountId);
        b.Property(t => t.CodeRecipient).HasMaxLength(AccountTwoFactor.RecipientMax);
        b.Property(t => t.SetById).HasMaxLength(450);
        b.Property(t => t.SetByName).HasMaxLength(200);
        b.Property(t => t.SetAt).IsConcurrencyToken();
        b.HasOne<SocialAccount>().WithOne().HasForeignKey<AccountTwoFactor>(t => t.AccountId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(t => t.PendingAudit);
    }
}
