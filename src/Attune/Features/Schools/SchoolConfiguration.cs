using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attune.Features.Schools;

public sealed class TrustConfiguration : IEntityTypeConfiguration<Trust>
{
    public void Configure(EntityTypeBuilder<Trust> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(200);
        builder.HasMany(t => t.Schools).WithOne(s => s.Trust).HasForeignKey(s => s.TrustId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class SchoolConfiguration : IEntityTypeConfiguration<School>
{
    public void Configure(EntityTypeBuilder<School> builder)
    {
        builder.Property(s => s.Urn).HasMaxLength(8);
        builder.HasIndex(s => s.Urn).IsUnique();
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.Property(s => s.Phase).HasConversion<string>().HasMaxLength(32);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasMany(s => s.YearGroups).WithOne(y => y.School).HasForeignKey(y => y.SchoolId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.AcademicYears).WithOne().HasForeignKey(a => a.SchoolId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class AcademicYearConfiguration : IEntityTypeConfiguration<AcademicYear>
{
    public void Configure(EntityTypeBuilder<AcademicYear> builder)
    {
        builder.Property(a => a.Name).HasMaxLength(20);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => new { a.SchoolId, a.Name }).IsUnique();
        builder.HasMany(a => a.Terms).WithOne().HasForeignKey(t => t.AcademicYearId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class TermConfiguration : IEntityTypeConfiguration<Term>
{
    public void Configure(EntityTypeBuilder<Term> builder) => builder.Property(t => t.Name).HasMaxLength(60);
}

public sealed class YearGroupConfiguration : IEntityTypeConfiguration<YearGroup>
{
    public void Configure(EntityTypeBuilder<YearGroup> builder)
    {
        builder.Property(y => y.Name).HasMaxLength(60);
        builder.Ignore(y => y.KeyStage);
        builder.HasIndex(y => new { y.SchoolId, y.NationalCurriculumYear }).IsUnique();
        builder.HasMany(y => y.Forms).WithOne(f => f.YearGroup).HasForeignKey(f => f.YearGroupId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class FormConfiguration : IEntityTypeConfiguration<Form>
{
    public void Configure(EntityTypeBuilder<Form> builder)
    {
        builder.Property(f => f.Name).HasMaxLength(60);
        builder.HasIndex(f => new { f.SchoolId, f.Name }).IsUnique();
    }
}
