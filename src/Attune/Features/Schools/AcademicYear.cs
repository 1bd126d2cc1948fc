namespace Attune.Features.Schools;

public sealed class AcademicYear
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SchoolId { get; set; }

    /// <summary>For example "2026/27".</summary>
    public required string Name { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
    public List<Term> Terms { get; set; } = [];

    public bool Contains(DateOnly date) => date >= StartsOn && date <= EndsOn;
}

public sealed class Term
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid AcademicYearId { get; set; }
    public required string Name { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
}
