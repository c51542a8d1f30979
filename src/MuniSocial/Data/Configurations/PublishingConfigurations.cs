using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MuniSocial.Domain.Posts;
using MuniSocial.Domain.Publishing;

namespace MuniSocial.Data.Configurations;

internal sealed class AccountConnectionConfiguration : IEntityTypeConfiguration<AccountConnection>
{
    public void Configure(EntityTypeBuilder<AccountConnection> b)
    {
        b.ToTable("AccountConnections");
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.State).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.ProtectedSecrets).HasMaxLength(20_000);
        b.Property(c => c.PublicJson).HasMaxLength(4000);
        b.Property(c => c.ConnectedById).HasMaxLength(450);
        b.Property(c => c.ConnectedByName).HasMaxLength(200);
        b.Property(c => c.LastError).HasMaxLength(1000);
        b.Property(c => c.LastWatchError).HasMaxLength(1000);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasIndex(c => c.AccountId).IsUnique();
        b.HasOne<SocialAccount>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(c => c.Public);
        b.Ignore(c => c.PendingAudit);
    }
}

internal sealed class PublicationConfiguration : IEntityTypeConfiguration<Publication>
{
    public void Configure(EntityTypeBuilder<Publication> b)
    {
        b.ToTable("Publications");
        b.Property(p => p.Id).ValueGeneratedNever();
        b.Property(p => p.State).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.IdempotencyKey).HasMaxLength(64);
        b.Property(p => p.Text).HasMaxLength(Post.MaxTextLength + 6000);
        b.Property(p => p.ReplyTargetJson).HasMaxLength(4000);
        b.Property(p => p.RequestedById).HasMaxLength(450);
        b.Property(p => p.RequestedByName).HasMaxLength(200);
        b.Property(p => p.LeaseOwner).HasMaxLength(64);
        b.Property(p => p.PlatformPostId).HasMaxLength(500);
        b.Property(p => p.PlatformUrl).HasMaxLength(1000);
        b.Property(p => p.LastError).HasMaxLength(Publication.MaxError);
        b.Property(p => p.ResolvedByName).HasMaxLength(200);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.HasIndex(p => p.PostId).IsUnique();
        b.HasIndex(p => new { p.State, p.NextAttemptAt });
        b.HasIndex(p => new { p.AccountId, p.State });
        b.HasOne<Post>().WithMany().HasForeignKey(p => p.PostId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(p => p.ReplyTarget);
        b.Ignore(p => p.MayHaveGoneOut);
        b.Ignore(p => p.IsOpen);
        b.Ignore(p => p.PendingAudit);
    }
}

internal sealed class ObservedPostConfiguration : IEntityTypeConfiguration<ObservedPost>
{
    public void Configure(EntityTypeBuilder<ObservedPost> b)
    {
        b.ToTable("ObservedPosts");
        b.Property(o => o.Id).ValueGeneratedNever();
        b.Property(o => o.PlatformPostId).HasMaxLength(500);
        b.Property(o => o.Url).HasMaxLength(1000);
        b.Property(o => o.Text).HasMaxLength(ObservedPost.MaxText);
        b.Property(o => o.ApprovedText).HasMaxLength(ObservedPost.MaxText);
        b.Property(o => o.Verdict).HasConversion<string>().HasMaxLength(20);
        b.Property(o => o.Resolution).HasConversion<string>().HasMaxLength(20);
        b.Property(o => o.ResolvedById).HasMaxLength(450);
        b.Property(o => o.ResolvedByName).HasMaxLength(200);
        b.Property(o => o.OutsideAuthor).HasMaxLength(200);
        b.Property(o => o.OutsideReason).HasMaxLength(2000);
        b.Property(o => o.Version).IsConcurrencyToken();
        b.HasIndex(o => new { o.AccountId, o.PlatformPostId }).IsUnique();
        b.HasIndex(o => new { o.Verdict, o.Resolution });
        b.HasOne<SocialAccount>().WithMany().HasForeignKey(o => o.AccountId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(o => o.IsOpen);
        b.Ignore(o => o.PendingAudit);
    }
}

internal sealed class InboundEventConfiguration : IEntityTypeConfiguration<InboundEvent>
{
    public void Configure(EntityTypeBuilder<InboundEvent> b)
    {
        b.ToTable("InboundEvents");
        b.Property(e => e.Id).ValueGeneratedNever();
        b.Property(e => e.EventId).HasMaxLength(200);
        b.Property(e => e.RawJson).HasMaxLength(InboundEvent.MaxRaw);
        b.Property(e => e.LastError).HasMaxLength(1000);
        b.HasIndex(e => new { e.AccountId, e.EventId }).IsUnique();
        b.HasIndex(e => e.ProcessedAt);
        b.HasOne<SocialAccount>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}
