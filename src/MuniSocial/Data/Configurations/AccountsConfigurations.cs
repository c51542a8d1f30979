using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MuniSocial.Domain.Organisation;
using MuniSocial.Domain.Terms;

namespace MuniSocial.Data.Configurations;

internal sealed class SocialAccountConfiguration : IEntityTypeConfiguration<SocialAccount>
{
    public void Configure(EntityTypeBuilder<SocialAccount> b)
    {
        b.ToTable("Accounts");
        b.Property(a => a.Version).IsConcurrencyToken();
        b.Property(a => a.CreatedById).HasMaxLength(450);
        b.Property(a => a.ListingRequestedById).HasMaxLength(450);
        b.Property(a => a.DelistingRequestedById).HasMaxLength(450);
        b.Property(a => a.DelistingRequestedByName).HasMaxLength(200);
        b.Property(a => a.ListedByName).HasMaxLength(200);
        b.Property(a => a.ClosedByName).HasMaxLength(200);
        b.Property(a => a.CloseReason).HasMaxLength(1000);
        b.HasIndex(a => a.SectionId);
        b.HasIndex(a => a.Status);
        b.HasOne<Section>().WithMany().HasForeignKey(a => a.SectionId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(a => a.Policies).WithOne().HasForeignKey(p => p.AccountId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(a => a.Operators).WithOne().HasForeignKey(o => o.AccountId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(a => a.Policies).AutoInclude();
        b.Navigation(a => a.Operators).AutoInclude();
        b.Ignore(a => a.AcceptedPolicy);
        b.Ignore(a => a.OpenPolicy);
        b.Ignore(a => a.CurrentPolicy);
        b.Ignore(a => a.HasRevisionInDraft);
        b.Ignore(a => a.HasRevisionUnderReview);
        b.Ignore(a => a.PendingAudit);
    }
}

internal sealed class AccountOperatorConfiguration : IEntityTypeConfiguration<AccountOperator>
{
    public void Configure(EntityTypeBuilder<AccountOperator> b)
    {
        b.HasKey(o => new { o.AccountId, o.UserId });
        b.Property(o => o.UserId).HasMaxLength(450);
        b.Property(o => o.Name).HasMaxLength(200);
        b.HasIndex(o => o.UserId);
    }
}

internal sealed class PolicyVersionConfiguration : IEntityTypeConfiguration<PolicyVersion>
{
    public void Configure(EntityTypeBuilder<PolicyVersion> b)
    {
        b.HasIndex(p => new { p.AccountId, p.Number }).IsUnique();
        b.HasIndex(p => p.NormalizedUrl);
        b.Property(p => p.RelatedOrganisationName).HasMaxLength(100);
        b.Property(p => p.OtherPlatformName).HasMaxLength(50);
        b.Property(p => p.AccountName).HasMaxLength(100);
        b.Property(p => p.AccountUrl).HasMaxLength(500);
        b.Property(p => p.NormalizedUrl).HasMaxLength(500);
        b.Property(p => p.AlternateUrlsText).HasColumnName("AlternateUrls").HasMaxLength(2600);
        b.Ignore(p => p.AlternateUrls);
        b.Property(p => p.Content).HasMaxLength(PolicyContent.LongTextMax);
        b.Property(p => p.Purpose).HasMaxLength(PolicyContent.LongTextMax);
        b.Property(p => p.HoursNote).HasMaxLength(1000);
        b.Property(p => p.ReplyWording).HasMaxLength(1000);
        b.Property(p => p.Remarks).HasMaxLength(2000);
        b.Property(p => p.ReturnReason).HasMaxLength(2000);
        b.Property(p => p.CreatedById).HasMaxLength(450);
        b.Property(p => p.SubmittedById).HasMaxLength(450);
        b.Property(p => p.AcceptedById).HasMaxLength(450);
        b.Property(p => p.CreatedByName).HasMaxLength(200);
        b.Property(p => p.SubmittedByName).HasMaxLength(200);
        b.Property(p => p.AcceptedByName).HasMaxLength(200);
        b.Property(p => p.ReturnedByName).HasMaxLength(200);
        b.HasOne<TermsTemplateVersion>().WithMany().HasForeignKey(p => p.TermsVersionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Unit>().WithMany().HasForeignKey(p => p.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(p => p.PlatformLabel);
        b.Ignore(p => p.HoursText);
    }
}
