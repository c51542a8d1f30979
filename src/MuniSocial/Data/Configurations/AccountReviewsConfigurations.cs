using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MuniSocial.Domain.Operations;

namespace MuniSocial.Data.Configurations;

internal sealed class AccountReviewConfiguration : IEntityTypeConfiguration<AccountReview>
{
    public void Configure(EntityTypeBuilder<AccountReview> b)
    {
        b.ToTable("AccountReviews");
        b.Property(r => r.ReviewerId).HasMaxLength(450);
        b.Property(r => r.ReviewerName).HasMaxLength(200);
        b.Property(r => r.Findings).HasMaxLength(ReviewInput.TextMax);
        b.Property(r => r.Action).HasMaxLength(ReviewInput.TextMax);
        b.Property(r => r.OffsiteReason).HasMaxLength(1000);
        // The schedule reads the newest review per account.
        b.HasIndex(r => new { r.AccountId, r.ReviewedOn });
        b.HasOne<SocialAccount>().WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Restrict);
        b.OwnsMany(r => r.Items, items =>
        {
            items.ToTable("AccountReviewItems");
            items.WithOwner().HasForeignKey("ReviewId");
            items.HasKey("ReviewId", nameof(AccountReviewItem.Key));
            items.Property(i => i.Key).HasMaxLength(50);
            items.Property(i => i.Answer).HasConversion<string>().HasMaxLength(32);
            items.Property(i => i.Comment).HasMaxLength(ReviewInput.CommentMax);
        });
        b.Navigation(r => r.Items).AutoInclude();
        b.Ignore(r => r.HasNonConformity);
        b.Ignore(r => r.PendingAudit);
    }
}
