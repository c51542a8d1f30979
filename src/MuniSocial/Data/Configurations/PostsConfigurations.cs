using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MuniSocial.Domain.Organisation;
using MuniSocial.Domain.Posts;

namespace MuniSocial.Data.Configurations;


internal sealed class PostConfiguration : IEntityTypeConfiguration<Post>
{
    public void Configure(EntityTypeBuilder<Post> b)
    {
        b.ToTable("Posts");
        b.Property(p => p.Id).ValueGeneratedNever();
        b.Property(p => p.Version).IsConcurrencyToken();
        b.Property(p => p.Platform).HasConversion<string>().HasMaxLength(32);
        b.Property(p => p.Kind).HasConversion<string>().HasMaxLength(32);
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(32);
        b.Property(p => p.Category).HasConversion<string>().HasMaxLength(8);
        b.Property(p => p.PublicSourceUrl).HasMaxLength(500);
        b.Property(p => p.Text).HasMaxLength(Post.MaxTextLength);
        b.Property(p => p.Links).HasMaxLength(6000);
        b.Property(p => p.ReplyTo).HasMaxLength(1000);
        b.Property(p => p.AuthorId).HasMaxLength(450);
        b.Property(p => p.AuthorName).HasMaxLength(200);
        b.Property(p => p.ApprovedByName).HasMaxLength(200);
        b.Property(p => p.PublishedUrl).HasMaxLength(500);
        b.Property(p => p.PublishedById).HasMaxLength(450);
        b.Property(p => p.PublishedByName).HasMaxLength(200);
        b.Property(p => p.PublishedVia).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.PlatformPostId).HasMaxLength(500);
        b.Property(p => p.OutsideNote).HasMaxLength(2500);
        b.HasIndex(p => new { p.AccountId, p.PlatformPostId });
        b.HasIndex(p => new { p.SectionId, p.Status });
        b.HasIndex(p => new { p.AccountId, p.PublishedAt });
        b.HasIndex(p => p.CorrectsPostId);
        b.HasIndex(p => p.CommentId);
        b.HasOne<SocialAccount>().WithMany().HasForeignKey(p => p.AccountId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Section>().WithMany().HasForeignKey(p => p.SectionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Post>().WithMany().HasForeignKey(p => p.CorrectsPostId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(p => p.Rounds).WithOne().HasForeignKey(r => r.PostId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Reviews).WithOne().HasForeignKey(r => r.PostId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Media).WithOne().HasForeignKey(m => m.PostId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(p => p.Rounds).AutoInclude();
        b.Navigation(p => p.Reviews).AutoInclude();
        b.Navigation(p => p.Media).AutoInclude();
        b.Ignore(p => p.LinkList);
        b.Ignore(p => p.FullText);
        b.Ignore(p => p.PendingAudit);
    }
}

internal sealed class PostRoundConfiguration : IEntityTypeConfiguration<PostRound>
{
    public void Configure(EntityTypeBuilder<PostRound> b)
    {
        b.ToTable("PostRounds");
        b.Property(r => r.Id).ValueGeneratedNever();
        b.HasIndex(r => new { r.PostId, r.Number }).IsUnique();
        b.Property(r => r.Text).HasMaxLength(Post.MaxTextLength);
        b.Property(r => r.Links).HasMaxLength(6000);
        b.Property(r => r.Category).HasConversion<string>().HasMaxLength(8);
        b.Property(r => r.PublicSourceUrl).HasMaxLength(500);
        b.Property(r => r.SubmittedById).HasMaxLength(450);
        b.Property(r => r.SubmittedByName).HasMaxLength(200);
        b.Ignore(r => r.Acknowledged);
    }
}

internal sealed class PostReviewConfiguration : IEntityTypeConfiguration<PostReview>
{
    public void Configure(EntityTypeBuilder<PostReview> b)
    {
        b.ToTable("PostReviews");
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.Step).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Decision).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Comment).HasMaxLength(Post.MaxComment);
        b.Property(r => r.ById).HasMaxLength(450);
        b.Property(r => r.ByName).HasMaxLength(200);
    }
}

internal sealed class PostMediaConfiguration : IEntityTypeConfiguration<PostMedia>
{
    public void Configure(EntityTypeBuilder<PostMedia> b)
    {
        b.ToTable("PostMedia");
        b.Property(m => m.Id).ValueGeneratedNever();
        b.Property(m => m.OriginalName).HasMaxLength(255);
        b.Property(m => m.StoredName).HasMaxLength(100);
        b.Property(m => m.ContentType).HasMaxLength(50);
        b.Property(m => m.UploadedById).HasMaxLength(450);
        b.Property(m => m.ConfirmedByName).HasMaxLength(200);
        b.Ignore(m => m.IsConfirmed);
    }
}

internal sealed class SectionPostSettingsConfiguration : IEntityTypeConfiguration<SectionPostSettings>
{
    public void Configure(EntityTypeBuilder<SectionPostSettings> b)
    {
        b.ToTable("SectionPostSettings");
        b.HasKey(s => s.SectionId);
        b.Property(s => s.SectionId).ValueGeneratedNever();
        b.Property(s => s.PreApproved).HasConversion<string>().HasMaxLength(32);
        b.Property(s => s.SecondCheck).HasConversion<string>().HasMaxLength(16);
        b.Property(s => s.Version).IsConcurrencyToken();
        b.Property(s => s.UpdatedByName).HasMaxLength(200);
        b.Property(s => s.CategoryDScope).HasMaxLength(SectionPostSettings.MaxCategoryDScope);
        b.HasOne<Section>().WithMany().HasForeignKey(s => s.SectionId).OnDelete(DeleteBehavior.Cascade);
        b.Ignore(s => s.CategoryDScopeShown);
        b.Ignore(s => s.PendingAudit);
    }
}

internal sealed class ContentCheckSettingsConfiguration : IEntityTypeConfiguration<ContentCheckSettings>
{
    public void Configure(EntityTypeBuilder<ContentCheckSettings> b)
    {
        b.ToTable("ContentCheckSettings");
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.Version).IsConcurrencyToken();
        b.Property(s => s.ErrorKinds).HasMaxLength(500);
        b.Property(s => s.KnownKinds).HasMaxLength(500);
        b.Property(s => s.UpdatedByName).HasMaxLength(200);
        b.Ignore(s => s.ErrorKindSet);
        b.Ignore(s => s.PendingAudit);
    }
}
