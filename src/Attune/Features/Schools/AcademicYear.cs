namespace Attune.Features.Schools;

/// <summary>A school's academic year and its terms: the days registers are taken, for attendance and reports.</summary>
public sealed class AcademicYear : Platform.Data.IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SchoolId { get; set; }

    /// <summary>For example "2026/27".</summary>
    public required string Name { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
    public List<Term> Terms { get; set; } = [];

    /// <summary>Concurrency token: two administrators editing the same year's terms cannot overwrite each other.</summary>
    public int Version { get; set; }

    public bool Contains(DateOnly date) => date >= StartsOn && date <= EndsOn;

    /// <summary>"2026/27" for a year starting in 2026 and ending in 2027.</summary>
    public static string NameFor(DateOnly startsOn, DateOnly endsOn) =>
        startsOn.Year == endsOn.Year ? startsOn.Year.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{startsOn.Year}/{endsOn.Year % 100:00}";
}

public sealed class Term
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid AcademicYearId { get; set; }
    public required string Name { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
}
