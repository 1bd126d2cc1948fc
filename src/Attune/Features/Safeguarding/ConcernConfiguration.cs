using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attune.Features.Safeguarding;

public sealed class ConcernConfiguration : IEntityTypeConfiguration<Concern>
{
    public void Configure(EntityTypeBuilder<Concern> builder)
    {
        builder.Property(c => c.ReporterName).HasMaxLength(200);
        builder.Property(c => c.ReporterJobTitle).HasMaxLength(200);
        builder.Property(c => c.Location).HasMaxLength(ConcernLimits.Location);
        builder.Property(c => c.Account).HasMaxLength(ConcernLimits.Account);
        builder.Property(c => c.ChildsWords).HasMaxLength(ConcernLimits.ChildsWords);
        builder.Property(c => c.ActionTaken).HasMaxLength(ConcernLimits.ActionTaken);
        builder.Property(c => c.OthersInformed).HasMaxLength(ConcernLimits.OthersInformed);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => new { c.SchoolId, c.Status, c.RecordedUtc });
        builder.HasIndex(c => new { c.ReportedByUserId, c.RecordedUtc });
        builder.HasOne(c => c.School).WithMany().HasForeignKey(c => c.SchoolId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Category).WithMany().HasForeignKey(c => c.CategoryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Pupils).WithOne().HasForeignKey(p => p.ConcernId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Decisions).WithOne().HasForeignKey(d => d.ConcernId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Actions).WithOne().HasForeignKey(a => a.ConcernId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Referrals).WithOne().HasForeignKey(r => r.ConcernId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Meetings).WithOne().HasForeignKey(m => m.ConcernId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Amendments).WithOne().HasForeignKey(a => a.ConcernId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.BodyMarks).WithOne().HasForeignKey(m => m.ConcernId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.EnteredInErrorByName).HasMaxLength(200);
        builder.Property(c => c.EnteredInErrorReason).HasMaxLength(ConcernLimits.Decision);
        builder.Property(c => c.LevelOfNeed).HasMaxLength(100);
        builder.Property(c => c.ReceivedFrom).HasMaxLength(300);
        builder.HasOne<Attune.Platform.Identity.StaffUser>().WithMany().HasForeignKey(c => c.OwnerUserId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ConcernDecisionConfiguration : IEntityTypeConfiguration<ConcernDecision>
{
    public void Configure(EntityTypeBuilder<ConcernDecision> builder)
    {
        builder.Property(d => d.ByName).HasMaxLength(200);
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.LevelOfNeed).HasMaxLength(100);
        builder.Property(d => d.PreviousLevelOfNeed).HasMaxLength(100);
        builder.Property(d => d.OwnerName).HasMaxLength(200);
        builder.Property(d => d.Decision).HasMaxLength(ConcernLimits.Decision);
        builder.Property(d => d.Reason).HasMaxLength(ConcernLimits.Decision);
        builder.HasIndex(d => new { d.ConcernId, d.RecordedUtc });
    }
}

public sealed class ConcernPupilConfiguration : IEntityTypeConfiguration<ConcernPupil>
{
    public void Configure(EntityTypeBuilder<ConcernPupil> builder)
    {
        builder.HasKey(p => new { p.ConcernId, p.PupilId });
        builder.HasIndex(p => p.PupilId);
        builder.HasOne(p => p.Pupil).WithMany().HasForeignKey(p => p.PupilId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ConcernCategoryConfiguration : IEntityTypeConfiguration<ConcernCategory>
{
    public void Configure(EntityTypeBuilder<ConcernCategory> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(100);
        builder.HasIndex(c => new { c.SchoolId, c.Name }).IsUnique();
        builder.HasOne<Schools.School>().WithMany().HasForeignKey(c => c.SchoolId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ConcernReadingConfiguration : IEntityTypeConfiguration<ConcernReading>
{
    public void Configure(EntityTypeBuilder<ConcernReading> builder)
    {
        builder.HasKey(r => new { r.ConcernId, r.UserId });
        builder.HasOne<Concern>().WithMany().HasForeignKey(r => r.ConcernId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class SafeguardingActionConfiguration : IEntityTypeConfiguration<SafeguardingAction>
{
    public void Configure(EntityTypeBuilder<SafeguardingAction> builder)
    {
        builder.Property(a => a.Description).HasMaxLength(ConcernLimits.Action);
        builder.Property(a => a.OwnerName).HasMaxLength(200);
        builder.Property(a => a.CreatedByName).HasMaxLength(200);
        builder.Property(a => a.DoneByName).HasMaxLength(200);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => new { a.OwnerUserId, a.DoneUtc, a.DueOn });
        builder.HasOne<Attune.Platform.Identity.StaffUser>().WithMany().HasForeignKey(a => a.OwnerUserId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ConcernAmendmentConfiguration : IEntityTypeConfiguration<ConcernAmendment>
{
    public void Configure(EntityTypeBuilder<ConcernAmendment> builder)
    {
        builder.Property(a => a.Field).HasMaxLength(50);
        builder.Property(a => a.Before).HasMaxLength(ConcernLimits.Account);
        builder.Property(a => a.After).HasMaxLength(ConcernLimits.Account);
        builder.Property(a => a.Reason).HasMaxLength(ConcernLimits.Decision);
        builder.Property(a => a.ByName).HasMaxLength(200);
        builder.HasIndex(a => new { a.ConcernId, a.RecordedUtc });
    }
}

public sealed class ReferralConfiguration : IEntityTypeConfiguration<Referral>
{
    public void Configure(EntityTypeBuilder<Referral> builder)
    {
        builder.Property(r => r.Agency).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.Method).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.AgencyName).HasMaxLength(ConcernLimits.AgencyName);
        builder.Property(r => r.Reference).HasMaxLength(ConcernLimits.Reference);
        builder.Property(r => r.Summary).HasMaxLength(ConcernLimits.Decision);
        builder.Property(r => r.Response).HasMaxLength(ConcernLimits.Decision);
        builder.Property(r => r.RecordedByName).HasMaxLength(200);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasIndex(r => new { r.ConcernId, r.MadeOn });
        builder.HasIndex(r => new { r.ResponseOn, r.ResponseDueOn });
        builder.HasMany(r => r.Updates).WithOne().HasForeignKey(u => u.ReferralId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ReferralAlertConfiguration : IEntityTypeConfiguration<ReferralAlert>
{
    public void Configure(EntityTypeBuilder<ReferralAlert> builder)
    {
        builder.HasKey(a => new { a.ReferralId, a.DueOn });
        builder.HasOne<Referral>().WithMany().HasForeignKey(a => a.ReferralId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ReferralUpdateConfiguration : IEntityTypeConfiguration<ReferralUpdate>
{
    public void Configure(EntityTypeBuilder<ReferralUpdate> builder)
    {
        builder.Property(u => u.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(u => u.Note).HasMaxLength(ConcernLimits.Decision);
        builder.Property(u => u.ByName).HasMaxLength(200);
        builder.HasIndex(u => new { u.ReferralId, u.RecordedUtc });
    }
}

public sealed class SafeguardingMeetingConfiguration : IEntityTypeConfiguration<SafeguardingMeeting>
{
    public void Configure(EntityTypeBuilder<SafeguardingMeeting> builder)
    {
        builder.Property(m => m.Kind).HasConversion<string>().HasMaxLength(40);
        builder.Property(m => m.Attendees).HasMaxLength(ConcernLimits.Attendees);
        builder.Property(m => m.Decisions).HasMaxLength(ConcernLimits.Decision);
        builder.Property(m => m.RecordedByName).HasMaxLength(200);
        builder.HasIndex(m => new { m.ConcernId, m.HeldOn });
    }
}

/// <summary>The longest text each field of a concern takes, in characters.</summary>
public sealed class BodyMarkConfiguration : IEntityTypeConfiguration<BodyMark>
{
    public void Configure(EntityTypeBuilder<BodyMark> builder)
    {
        builder.Property(m => m.Region).HasMaxLength(40);
        builder.Property(m => m.Note).HasMaxLength(BodyMap.MaxNote);
        builder.HasIndex(m => new { m.ConcernId, m.Number }).IsUnique();
    }
}

public sealed class ConcernAttachmentConfiguration : IEntityTypeConfiguration<ConcernAttachment>
{
    public void Configure(EntityTypeBuilder<ConcernAttachment> builder)
    {
        builder.Property(a => a.FileName).HasMaxLength(AttachmentRules.MaxFileName);
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Sha256).HasMaxLength(64).IsFixedLength();
        builder.Property(a => a.Description).HasMaxLength(AttachmentRules.MaxDescription);
        builder.Property(a => a.UploadedByName).HasMaxLength(200);
        builder.HasOne<Concern>().WithMany().HasForeignKey(a => a.ConcernId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => new { a.ConcernId, a.UploadedUtc });
        builder.HasIndex(a => new { a.UploadedByUserId, a.ConcernId });
    }
}

public sealed class AttachmentContentConfiguration : IEntityTypeConfiguration<AttachmentContent>
{
    public void Configure(EntityTypeBuilder<AttachmentContent> builder)
    {
        builder.HasKey(c => c.AttachmentId);
        builder.HasOne<ConcernAttachment>().WithOne().HasForeignKey<AttachmentContent>(c => c.AttachmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

public static class ConcernLimits
{
    public const int Location = 200;
    public const int Account = 20_000;
    public const int ChildsWords = 10_000;
    public const int ActionTaken = 5_000;
    public const int OthersInformed = 1_000;
    public const int Pupils = 30;
    public const int Decision = 10_000;
    public const int Action = 1_000;
    public const int AgencyName = 200;
    public const int Reference = 100;
    public const int Attendees = 5_000;
}
