using System.Text.Json;
using Attune.Features.Pupils;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attune.Features.Keywork;

public enum SessionKind
{
    Planned,
    DropIn,
    Crisis,
}

/// <summary>
/// A one-to-one keywork session: when and how long, its themes, what was discussed, the pupil's own words,
/// strategies practised and next steps. When the keyworker reports a safeguarding concern from it, the
/// session keeps a link to that concern (the concern itself stays with the DSL team).
/// </summary>
public sealed class KeyworkSession
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid PupilId { get; set; }
    public Guid SchoolId { get; set; }
    public SessionKind Kind { get; set; }
    public DateOnly HeldOn { get; set; }
    public TimeOnly? StartedAt { get; set; }
    public int DurationMinutes { get; set; }

    /// <summary>Theme names as the school called them when the session was recorded.</summary>
    public List<string> Themes { get; set; } = [];
    public required string Discussed { get; set; }
    public string? PupilWords { get; set; }
    public string? StrategiesPractised { get; set; }
    public string? NextSteps { get; set; }
    public DateOnly? NextStepsDueOn { get; set; }
    public DateTime? NextStepsDoneUtc { get; set; }
    public string? NextStepsDoneByName { get; set; }
    public Guid? ConcernId { get; set; }
    public Guid RecordedByUserId { get; set; }
    public required string RecordedByName { get; set; }
    public DateTime RecordedUtc { get; set; }

    public static string Name(SessionKind kind) => kind switch
    {
        SessionKind.DropIn => "Drop-in",
        SessionKind.Crisis => "Crisis support",
        _ => "Planned session",
    };
}

/// <summary>A quick wellbeing check-in: how the pupil feels on a scale of 1 (very low) to 5 (very good), with a comment.</summary>
public sealed class WellbeingCheckIn
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid PupilId { get; set; }
    public Guid SchoolId { get; set; }
    public int Score { get; set; }
    public string? Comment { get; set; }
    public DateTime CheckedInUtc { get; set; }
    public Guid RecordedByUserId { get; set; }
    public required string RecordedByName { get; set; }

    public static string Describe(int score) => score switch
    {
        1 => "1, very low",
        2 => "2, low",
        3 => "3, okay",
        4 => "4, good",
        5 => "5, very good",
        _ => score.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>A theme a school's keywork sessions can be about; retired, never deleted, once used.</summary>
public sealed class KeyworkTheme
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SchoolId { get; set; }
    public required string Name { get; set; }
    public int SortOrder { get; set; }
    public bool Retired { get; set; }
}

public sealed class KeyworkSessionConfiguration : IEntityTypeConfiguration<KeyworkSession>
{
    public void Configure(EntityTypeBuilder<KeyworkSession> builder)
    {
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Discussed).HasMaxLength(KeyworkSessions.MaxText);
        builder.Property(s => s.PupilWords).HasMaxLength(KeyworkSessions.MaxText);
        builder.Property(s => s.StrategiesPractised).HasMaxLength(KeyworkSessions.MaxText);
        builder.Property(s => s.NextSteps).HasMaxLength(KeyworkSessions.MaxText);
        builder.Property(s => s.RecordedByName).HasMaxLength(200);
        builder.Property(s => s.NextStepsDoneByName).HasMaxLength(200);
        builder.Property(s => s.Themes)
            .HasMaxLength(2_000)
            .HasConversion(
                themes => JsonSerializer.Serialize(themes, (JsonSerializerOptions?)null),
                json => JsonSerializer.Deserialize<List<string>>(json, (JsonSerializerOptions?)null) ?? new List<string>(),
                new ValueComparer<List<string>>((a, b) => a!.SequenceEqual(b!), t => string.Join("\n", t).GetHashCode(StringComparison.Ordinal), t => t.ToList()));
        builder.HasIndex(s => new { s.PupilId, s.HeldOn });
        builder.HasIndex(s => new { s.SchoolId, s.NextStepsDueOn });
        builder.HasOne<Pupil>().WithMany().HasForeignKey(s => s.PupilId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class WellbeingCheckInConfiguration : IEntityTypeConfiguration<WellbeingCheckIn>
{
    public void Configure(EntityTypeBuilder<WellbeingCheckIn> builder)
    {
        builder.Property(c => c.Comment).HasMaxLength(KeyworkSessions.MaxCheckInComment);
        builder.Property(c => c.RecordedByName).HasMaxLength(200);
        builder.HasIndex(c => new { c.PupilId, c.CheckedInUtc });
        builder.HasOne<Pupil>().WithMany().HasForeignKey(c => c.PupilId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class KeyworkThemeConfiguration : IEntityTypeConfiguration<KeyworkTheme>
{
    public void Configure(EntityTypeBuilder<KeyworkTheme> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(60);
        builder.HasIndex(t => new { t.SchoolId, t.Name }).IsUnique();
    }
}
