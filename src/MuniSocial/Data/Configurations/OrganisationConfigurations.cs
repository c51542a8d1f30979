using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MuniSocial.Domain.Operations;
using MuniSocial.Domain.Organisation;

namespace MuniSocial.Data.Configurations;

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> b)
    {
        b.Property(d => d.Name).HasMaxLength(100);
        b.HasIndex(d => d.Name).IsUnique();
        b.HasMany(d => d.Sections).WithOne(s => s.Department).HasForeignKey(s => s.DepartmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SectionConfiguration : IEntityTypeConfiguration<Section>
{
    public void Configure(EntityTypeBuilder<Section> b)
    {
        b.Property(s => s.Name).HasMaxLength(100);
        b.Property(s => s.HeadTitle).HasMaxLength(100);
        b.HasIndex(s => new { s.DepartmentId, s.Name }).IsUnique();
        b.HasMany(s => s.Units).WithOne().HasForeignKey(u => u.SectionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class UnitConfiguration : IEntityTypeConfiguration<Unit>
{
    public void Configure(EntityTypeBuilder<Unit> b)
    {
        b.Property(u => u.Name).HasMaxLength(100);
        b.HasIndex(u => new { u.SectionId, u.Name }).IsUnique();
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
