using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MuniSocial.Domain.Comments;
using MuniSocial.Domain.Organisation;
using MuniSocial.Domain.Posts;

namespace MuniSocial.Data.Configurations;

internal sealed class CommentConfiguration : IEntityTypeConfiguration<Comment>
{
    public void Configure(EntityTypeBuilder<Comment> b)
    {
        b.ToTable("Comments");
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.Version).IsConcurrencyToken();
        b.Property(c => c.Platform).HasConversion<string>().HasMaxLength(32);
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(32);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(32);
        b.Property(c => c.Source).HasConversion<string>().HasMaxLength(32);
        b.Property(c => c.Moderation).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.AuthorHandle).HasMaxLength(Comment.MaxHandleLength);
        b.Property(c => c.Text).HasMaxLength(Comment.MaxTextLength);
        b.Property(c => c.Url).HasMaxLength(1000);
        b.Property(c => c.PlatformCommentId).HasMaxLength(200);
        b.Property(c => c.IdentityKey).HasMaxLength(64);
        b.Property(c => c.TextSha256).HasMaxLength(64);
        b.Property(c => c.EnteredById).HasMaxLength(450);
        b.Property(c => c.EnteredByName).HasMaxLength(200);
        b.Property(c => c.NoActionReason).HasMaxLength(Comment.MaxReasonLength);
        b.Property(c => c.ModerationCategoryNumbers).HasMaxLength(64);
        b.Property(c => c.ModerationNote).HasMaxLength(Comment.MaxReasonLength);
        b.Property(c => c.ModeratedById).HasMaxLength(450);
        b.Property(c => c.ModeratedByName).HasMaxLength(200);
        // One identity per account: the same comment entered twice (typed, imported, fetched) is one row.
        b.HasIndex(c => new { c.AccountId, c.IdentityKey }).IsUnique();
        b.HasIndex(c => new { c.SectionId, c.Status });
        b.HasIndex(c => new { c.Status, c.ClosedAt });
        b.HasOne<SocialAccount>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Section>().WithMany().HasForeignKey(c => c.SectionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Post>().WithMany().HasForeignKey(c => c.PostId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(c => c.ModerationCategoryList);
        b.Ignore(c => c.IsClosed);
        b.Ignore(c => c.IsRedacted);
        b.Ignore(c => c.PendingAudit);
    }
}

internal sealed class CommentSettingsConfiguration : IEntityTypeConfiguration<CommentSettings>
{
    public void Configure(EntityTypeBuilder<CommentSettings> b)
    {
        b.ToTable("CommentSettings");
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.Version).IsConcurrencyToken();
        b.Property(s => s.UpdatedByName).HasMaxLength(200);
        b.Ignore(s => s.PendingAudit);
    }
}
