namespace Attune.Features.Pupils;

/// <summary>A member of staff is this pupil's keyworker from a date, until an optional end date.</summary>
public sealed class KeyworkerAllocation
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid PupilId { get; set; }
    public Guid StaffUserId { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }
}

/// <summary>A class or teaching group: the staff who teach or support it see its pupils' need-to-know view.</summary>
public sealed class TeachingGroup
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SchoolId { get; set; }
    public required string Name { get; set; }
    public string? Subject { get; set; }
    public List<TeachingGroupPupil> Pupils { get; set; } = [];
    public List<TeachingGroupStaff> Staff { get; set; } = [];
}

public sealed class TeachingGroupPupil
{
    public Guid TeachingGroupId { get; set; }
    public Guid PupilId { get; set; }
}

public sealed class TeachingGroupStaff
{
    public Guid TeachingGroupId { get; set; }
    public Guid StaffUserId { get; set; }
}
