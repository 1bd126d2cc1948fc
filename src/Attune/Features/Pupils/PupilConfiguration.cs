using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attune.Features.Pupils;

public sealed class PupilConfiguration : IEntityTypeConfiguration<Pupil>
{
    public void Configure(EntityTypeBuilder<Pupil> builder)
    {
        builder.Property(p => p.Upn).HasMaxLength(13);
        builder.HasIndex(p => new { p.SchoolId, p.Upn }).IsUnique();
        builder.Property(p => p.LegalFirstName).HasMaxLength(100);
        builder.Property(p => p.LegalMiddleNames).HasMaxLength(100);
        builder.Property(p => p.LegalLastName).HasMaxLength(100);
        builder.Property(p => p.PreferredFirstName).HasMaxLength(100);
        builder.Property(p => p.PreferredLastName).HasMaxLength(100);
        builder.Property(p => p.LeavingDestination).HasMaxLength(200);
        builder.Property(p => p.SearchText).HasMaxLength(600);
        builder.Property(p => p.Gender).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.SenStatus).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasIndex(p => new { p.SchoolId, p.LegalLastName, p.LegalFirstName });
        builder.HasOne(p => p.School).WithMany().HasForeignKey(p => p.SchoolId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(p => p.YearGroup).WithMany().HasForeignKey(p => p.YearGroupId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(p => p.Form).WithMany().HasForeignKey(p => p.FormId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(p => p.Contacts).WithOne().HasForeignKey(c => c.PupilId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(p => p.Photo).WithOne().HasForeignKey<PupilPhoto>(p => p.PupilId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(p => p.FirstName);
        builder.Ignore(p => p.LastName);
        builder.Ignore(p => p.DisplayName);
        builder.Ignore(p => p.HasEhcp);
    }
}

public sealed class PupilPhotoConfiguration : IEntityTypeConfiguration<PupilPhoto>
{
    public void Configure(EntityTypeBuilder<PupilPhoto> builder)
    {
        builder.HasKey(p => p.PupilId);
        builder.Property(p => p.ContentType).HasMaxLength(40);
    }
}

public sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.Property(c => c.Title).HasMaxLength(20);
        builder.Property(c => c.FirstName).HasMaxLength(100);
        builder.Property(c => c.LastName).HasMaxLength(100);
        builder.Property(c => c.Email).HasMaxLength(254);
        builder.Property(c => c.MobilePhone).HasMaxLength(30);
        builder.Property(c => c.HomePhone).HasMaxLength(30);
        builder.Property(c => c.WorkPhone).HasMaxLength(30);
        builder.Property(c => c.Address).HasMaxLength(500);
        builder.Property(c => c.PreferredLanguage).HasMaxLength(60);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Ignore(c => c.DisplayName);
        builder.HasIndex(c => c.SchoolId);
    }
}

public sealed class PupilContactConfiguration : IEntityTypeConfiguration<PupilContact>
{
    public void Configure(EntityTypeBuilder<PupilContact> builder)
    {
        builder.Property(c => c.Relationship).HasMaxLength(60);
        builder.Property(c => c.NoContactReason).HasMaxLength(500);
        builder.HasOne(c => c.Contact).WithMany().HasForeignKey(c => c.ContactId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => new { c.PupilId, c.ContactId }).IsUnique();
    }
}

public sealed class KeyworkerAllocationConfiguration : IEntityTypeConfiguration<KeyworkerAllocation>
{
    public void Configure(EntityTypeBuilder<KeyworkerAllocation> builder)
    {
        builder.HasIndex(k => new { k.StaffUserId, k.PupilId });
        builder.HasIndex(k => k.PupilId);
        builder.Property(k => k.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(k => k.HandoverNote).HasMaxLength(Keywork.KeyworkerAllocations.MaxNote);
        builder.Property(k => k.CreatedByName).HasMaxLength(200);
        builder.Property(k => k.EndedByName).HasMaxLength(200);
    }
}

public sealed class TeachingGroupConfiguration : IEntityTypeConfiguration<TeachingGroup>
{
    public void Configure(EntityTypeBuilder<TeachingGroup> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(60);
        builder.Property(t => t.Subject).HasMaxLength(60);
        builder.HasIndex(t => new { t.SchoolId, t.Name }).IsUnique();
        builder.HasMany(t => t.Pupils).WithOne().HasForeignKey(p => p.TeachingGroupId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(t => t.Staff).WithOne().HasForeignKey(s => s.TeachingGroupId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class TeachingGroupPupilConfiguration : IEntityTypeConfiguration<TeachingGroupPupil>
{
    public void Configure(EntityTypeBuilder<TeachingGroupPupil> builder)
    {
        builder.HasKey(t => new { t.TeachingGroupId, t.PupilId });
        builder.HasIndex(t => t.PupilId);
    }
}

public sealed class TeachingGroupStaffConfiguration : IEntityTypeConfiguration<TeachingGroupStaff>
{
    public void Configure(EntityTypeBuilder<TeachingGroupStaff> builder)
    {
        builder.HasKey(t => new { t.TeachingGroupId, t.StaffUserId });
        builder.HasIndex(t => t.StaffUserId);
    }
}
