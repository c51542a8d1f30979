using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MuniSocial.Domain.Forms;

namespace MuniSocial.Data.Configurations;

internal sealed class IssuedDocumentConfiguration : IEntityTypeConfiguration<IssuedDocument>
{
    public void Configure(EntityTypeBuilder<IssuedDocument> b)
    {
        b.ToTable("IssuedDocuments");
        b.Property(d => d.Form).HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.DocumentNumber).HasMaxLength(100);
        b.Property(d => d.AccountName).HasMaxLength(100);
        b.Property(d => d.IssuedFor).HasMaxLength(100);
        b.Property(d => d.IssuedById).HasMaxLength(450);
        b.Property(d => d.IssuedByName).HasMaxLength(200);
        b.Property(d => d.Sha256Pdf).HasMaxLength(64);
        b.Property(d => d.Sha256Docx).HasMaxLength(64);
        // The files are stored as issued (BLOB on SQLite, bytea on PostgreSQL) and never changed.
        b.Property(d => d.Pdf).IsRequired();
        b.Property(d => d.Docx).IsRequired();
        b.HasIndex(d => new { d.AccountId, d.IssuedAt });
        b.HasIndex(d => new { d.Form, d.IssuedAt });
        b.HasOne<SocialAccount>().WithMany().HasForeignKey(d => d.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OfficeSettingsConfiguration : IEntityTypeConfiguration<OfficeSettings>
{
    public void Configure(EntityTypeBuilder<OfficeSettings> b)
    {
        b.ToTable("OfficeSettings");
        b.Property(o => o.Id).ValueGeneratedNever();
        b.Property(o => o.CityName).HasMaxLength(100);
        b.Property(o => o.PrOfficeName).HasMaxLength(100);
        b.Property(o => o.PrHeadTitle).HasMaxLength(100);
        b.Property(o => o.DocumentNumberFormat).HasMaxLength(50);
        b.Property(o => o.UpdatedByName).HasMaxLength(200);
        b.Property(o => o.Version).IsConcurrencyToken();
        b.Ignore(o => o.Values);
        b.Ignore(o => o.PendingAudit);
    }
}
