namespace Attune.Features.Schools;

public enum SchoolPhase
{
    Primary,
    Secondary,
    AllThrough,
    Special,
    AlternativeProvision,
}

/// <summary>Key stages as flags so a school can say which it teaches.</summary>
[Flags]
public enum KeyStages
{
    None = 0,
    EarlyYears = 1,
    KS1 = 2,
    KS2 = 4,
    KS3 = 8,
    KS4 = 16,
    KS5 = 32,
}

public sealed class School : Platform.Data.IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TrustId { get; set; }
    public Trust? Trust { get; set; }

    /// <summary>Unique Reference Number from Get Information About Schools (six digits).</summary>
    public required string Urn { get; set; }
    public required string Name { get; set; }
    public SchoolPhase Phase { get; set; }
    public KeyStages KeyStages { get; set; }

    public TimeOnly MorningRegisterOpens { get; set; } = new(8, 45);
    public TimeOnly AfternoonRegisterOpens { get; set; } = new(13, 15);

    /// <summary>How long a register stays open for a late (L) mark; at most 30 minutes (local policy).</summary>
    public int RegisterOpenMinutes { get; set; } = 30;

    /// <summary>Minutes of inactivity after which a signed-in session ends (local policy).</summary>
    public int IdleTimeoutMinutes { get; set; } = 30;

    /// <summary>
    /// When true, staff whose only powers are reporting a concern or logging an incident may sign in
    /// without a second factor. Everyone who can read pastoral or safeguarding records always needs one.
    /// </summary>
    public bool ExemptReportOnlyStaffFromMfa { get; set; }

    public List<YearGroup> YearGroups { get; set; } = [];
    public List<AcademicYear> AcademicYears { get; set; } = [];

    /// <summary>Concurrency token: a stale edit of the settings is refused, not silently applied.</summary>
    public int Version { get; set; }
}
