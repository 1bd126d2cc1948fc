using Attune.Platform.Data;
using Attune.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attune.Platform.Notifications;

/// <summary>
/// Something a member of staff should look at, shown in their notification list. It names who sent it,
/// a category and a short summary that never names a pupil; the link leads to the record, where the
/// recipient's access is checked again, so a notification never shows more than its record would.
/// </summary>
public sealed class Notification : IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid RecipientUserId { get; set; }
    public StaffUser? Recipient { get; set; }
    public Guid? SchoolId { get; set; }
    public required string Category { get; set; }
    public required string Summary { get; set; }

    /// <summary>A path inside Attune, such as /pupils/{id}; never an outside address.</summary>
    public string? Link { get; set; }
    public Guid? SenderUserId { get; set; }
    public required string SenderName { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime? ReadUtc { get; set; }
    public int Version { get; set; }
}

public sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.Property(n => n.Category).HasMaxLength(100);
        builder.Property(n => n.Summary).HasMaxLength(300);
        builder.Property(n => n.Link).HasMaxLength(300);
        builder.Property(n => n.SenderName).HasMaxLength(200);
        builder.Property(n => n.Version).IsConcurrencyToken();
        builder.HasOne(n => n.Recipient).WithMany().HasForeignKey(n => n.RecipientUserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(n => new { n.RecipientUserId, n.ReadUtc, n.CreatedUtc });
    }
}
