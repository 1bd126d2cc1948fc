namespace Attune.Features.Schools;

/// <summary>A multi-academy trust, or a single school's own organisation when it stands alone.</summary>
public sealed class Trust
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Name { get; set; }
    public List<School> Schools { get; set; } = [];
}
