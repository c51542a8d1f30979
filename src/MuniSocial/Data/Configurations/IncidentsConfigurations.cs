using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MuniSocial.Domain.Incidents;
using MuniSocial.Domain.Posts;

namespace MuniSocial.Data.Configurations;

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> b)
    {
        b.ToTable("Incidents");
        b.Property(i => i.Id).ValueGeneratedNever();
        b.Property(i => i.Version).IsConcurrencyToken();
        b.Property(i => i.Kind).HasConversion<string>().HasMaxLength(32);
        b.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(i => i.Summary).HasMaxLength(Incident.MaxSummary);
        b.Property(i => i.FakeUrl).HasMaxLength(500);
        b.Property(i => i.FakeUrlNormalized).HasMaxLength(500);
        b.Property(i => i.OpenedById).HasMaxLength(450);
        b.Property(i => i.OpenedByName).HasMaxLength(200);
        b.Property(i => i.ClosedByName).HasMaxLength(200);
        b.Property(i => i.ClosingNote).HasMaxLength(Incident.MaxSummary * 3);
        b.HasIndex(i => new { i.Status, i.OpenedAt });
        b.HasIndex(i => i.SectionId);
        b.HasMany(i => i.Accounts).WithOne().HasForeignKey(a => a.IncidentId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(i => i.Posts).WithOne().HasForeignKey(p => p.IncidentId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(i => i.Steps).WithOne().HasForeignKey(s => s.IncidentId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(i => i.Accounts).AutoInclude();
        b.Navigation(i => i.Posts).AutoInclude();
        b.Navigation(i => i.Steps).AutoInclude();
        b.Ignore(i => i.IsOpen);
        b.Ignore(i => i.AccountIds);
        b.Ignore(i => i.PendingAudit);
    }
}

internal sealed class IncidentAccountConfiguration : IEntityTypeConfiguration<IncidentAccount>
{
    public void Configure(EntityTypeBuilder<IncidentAccount> b)
    {
        b.ToTable("IncidentAccounts");
        b.HasKey(a => new { a.IncidentId, a.AccountId });
        b.HasIndex(a => a.AccountId);
        b.HasOne<SocialAccount>().WithMany().HasForeignKey(a => a.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class IncidentPostConfiguration : IEntityTypeConfiguration<IncidentPost>
{
    public void Configure(EntityTypeBuilder<IncidentPost> b)
    {
        b.ToTable("IncidentPosts");
        b.HasKey(p => new { p.IncidentId, p.PostId });
        b.HasIndex(p => p.PostId);
        b.HasOne<Post>().WithMany().HasForeignKey(p => p.PostId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class IncidentStepConfiguration : IEntityTypeConfiguration<IncidentStep>
{
    public void Configure(EntityTypeBuilder<IncidentStep> b)
    {
        b.ToTable("IncidentSteps");
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(s => s.PlaybookItem).HasMaxLength(64);
        b.Property(s => s.Text).HasMaxLength(Incident.MaxStepText);
        b.Property(s => s.Reference).HasMaxLength(IncidentStepDetails.MaxReference);
        b.Property(s => s.Answer).HasMaxLength(IncidentStepDetails.MaxAnswer);
        b.Property(s => s.ById).HasMaxLength(450);
        b.Property(s => s.ByName).HasMaxLength(200);
        b.HasIndex(s => new { s.IncidentId, s.At });
    }
}

internal sealed class PublicWarningConfiguration : IEntityTypeConfiguration<PublicWarning>
{
    public void Configure(EntityTypeBuilder<PublicWarning> b)
    {
        b.ToTable("PublicWarnings");
        b.Property(w => w.Id).ValueGeneratedNever();
        b.Property(w => w.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(w => w.Title).HasMaxLength(PublicWarning.MaxTitle);
        b.Property(w => w.Body).HasMaxLength(PublicWarning.MaxBody);
        b.Property(w => w.FakeUrl).HasMaxLength(500);
        b.Property(w => w.FakeUrlNormalized).HasMaxLength(500);
        b.Property(w => w.PublishedByName).HasMaxLength(200);
        b.Property(w => w.WithdrawnByName).HasMaxLength(200);
        b.Property(w => w.WithdrawalReason).HasMaxLength(1000);
        b.HasIndex(w => w.IncidentId);
        b.HasIndex(w => w.FakeUrlNormalized);
        b.HasIndex(w => w.AccountId);
        b.HasOne<Incident>().WithMany().HasForeignKey(w => w.IncidentId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(w => w.IsPublished);
        b.Ignore(w => w.PublicUrl);
        b.Ignore(w => w.PendingAudit);
    }
}

internal sealed class PublishingPauseConfiguration : IEntityTypeConfiguration<PublishingPause>
{
    public void Configure(EntityTypeBuilder<PublishingPause> b)
    {
        b.ToTable("PublishingPauses");
        b.Property(p => p.Id).ValueGeneratedNever();
        b.Property(p => p.Version).IsConcurrencyToken();
        b.Property(p => p.Reason).HasMaxLength(PublishingPause.MaxReason);
        b.Property(p => p.PausedById).HasMaxLength(450);
        b.Property(p => p.PausedByName).HasMaxLength(200);
        b.Property(p => p.LiftedByName).HasMaxLength(200);
        b.Property(p => p.LiftNote).HasMaxLength(PublishingPause.MaxReason);
        b.HasIndex(p => new { p.AccountId, p.LiftedAt });
        b.HasIndex(p => p.LiftedAt); // the banner on every staff page asks for the active pauses
        b.HasOne<Incident>().WithMany().HasForeignKey(p => p.IncidentId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(p => p.IsActive);
        b.Ignore(p => p.PendingAudit);
    }
}
