using Attune.Features.Pupils;
using Attune.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attune.Features.Safeguarding.Transfer;

public enum TransferMethod
{
    SecureEmail,
    SecureFileTransfer,
    InPerson,
    Courier,
    Other,
}

/// <summary>
/// A child protection file sent to a pupil's new school (KCSIE): to whom, how and when, the sealed package
/// (kept encrypted; the passphrase is never stored), and the confirmation of receipt the DSL must obtain.
/// </summary>
public sealed class ProtectionFileTransfer : IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid PupilId { get; set; }
    public Pupil? Pupil { get; set; }
    public Guid SchoolId { get; set; }
    public required string ToSchool { get; set; }
    public string? ToSchoolUrn { get; set; }
    public required string ToPerson { get; set; }
    public TransferMethod Method { get; set; }
    public DateOnly SentOn { get; set; }
    public DateTime RecordedUtc { get; set; }
    public Guid SentByUserId { get; set; }
    public required string SentByName { get; set; }
    public int Concerns { get; set; }
    public long PackageLength { get; set; }
    public required string PackageSha256 { get; set; }

    /// <summary>What the receiving Attune shows once it has opened the package: read back, it proves receipt.</summary>
    public required string ReceiptCode { get; set; }

    public DateOnly? ReceiptConfirmedOn { get; set; }
    public string? ReceiptConfirmedBy { get; set; }
    public bool ReceiptCodeMatched { get; set; }
    public string? ReceiptRecordedByName { get; set; }

    /// <summary>When the DSL team was alerted that receipt had not been confirmed within five school days.</summary>
    public DateTime? UnconfirmedAlertUtc { get; set; }

    public int Version { get; set; }
}

/// <summary>The sealed package of a transfer, kept apart so lists never load it.</summary>
public sealed class ProtectionFilePackageContent
{
    public Guid TransferId { get; set; }
    public required byte[] Bytes { get; set; }
}

/// <summary>A child protection file received from another school and imported: from whom, when, and the sender's chronology as they printed it.</summary>
public sealed class ReceivedProtectionFile
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid PupilId { get; set; }
    public Guid SchoolId { get; set; }
    public required string FromSchool { get; set; }
    public string? FromUrn { get; set; }
    public DateTime ExportedUtc { get; set; }
    public required string ExportedBy { get; set; }
    public DateTime ImportedUtc { get; set; }
    public required string ImportedByName { get; set; }
    public required string PackageSha256 { get; set; }
    public int Concerns { get; set; }
    public required byte[] ChronologyPdf { get; set; }
}

public sealed class ProtectionFileTransferConfiguration : IEntityTypeConfiguration<ProtectionFileTransfer>
{
    public void Configure(EntityTypeBuilder<ProtectionFileTransfer> builder)
    {
        builder.Property(t => t.ToSchool).HasMaxLength(200);
        builder.Property(t => t.ToSchoolUrn).HasMaxLength(20);
        builder.Property(t => t.ToPerson).HasMaxLength(200);
        builder.Property(t => t.Method).HasConversion<string>().HasMaxLength(24);
        builder.Property(t => t.SentByName).HasMaxLength(200);
        builder.Property(t => t.PackageSha256).HasMaxLength(64);
        builder.Property(t => t.ReceiptCode).HasMaxLength(20);
        builder.Property(t => t.ReceiptConfirmedBy).HasMaxLength(200);
        builder.Property(t => t.ReceiptRecordedByName).HasMaxLength(200);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.HasIndex(t => new { t.PupilId, t.SentOn });
        builder.HasIndex(t => new { t.SchoolId, t.ReceiptConfirmedOn });
        builder.HasOne(t => t.Pupil).WithMany().HasForeignKey(t => t.PupilId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ProtectionFilePackageContentConfiguration : IEntityTypeConfiguration<ProtectionFilePackageContent>
{
    public void Configure(EntityTypeBuilder<ProtectionFilePackageContent> builder)
    {
        builder.HasKey(c => c.TransferId);
        builder.HasOne<ProtectionFileTransfer>().WithOne().HasForeignKey<ProtectionFilePackageContent>(c => c.TransferId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ReceivedProtectionFileConfiguration : IEntityTypeConfiguration<ReceivedProtectionFile>
{
    public void Configure(EntityTypeBuilder<ReceivedProtectionFile> builder)
    {
        builder.Property(r => r.FromSchool).HasMaxLength(200);
        builder.Property(r => r.FromUrn).HasMaxLength(20);
        builder.Property(r => r.ExportedBy).HasMaxLength(200);
        builder.Property(r => r.ImportedByName).HasMaxLength(200);
        builder.Property(r => r.PackageSha256).HasMaxLength(64);
        builder.HasIndex(r => r.PupilId);
        builder.HasIndex(r => r.PackageSha256);
        builder.HasOne<Pupil>().WithMany().HasForeignKey(r => r.PupilId).OnDelete(DeleteBehavior.Restrict);
    }
}
