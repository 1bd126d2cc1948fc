namespace Attune.Features.Pupils;

public enum KeyworkerRole
{
    Primary,
    Secondary,
}

/// <summary>
/// A member of staff is this pupil's keyworker from a date, until an optional end date (the last day they hold
/// it). Allocations are ended, never deleted, so a pupil's keyworkers over time and every handover stay on record.
/// </summary>
public sealed class KeyworkerAllocation
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid PupilId { get; set; }
    public Guid StaffUserId { get; set; }
    public KeyworkerRole Role { get; set; } = KeyworkerRole.Primary;
    public DateOnly StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }

    /// <summary>What the incoming keyworker needs to know, written when the pupil is handed over to them.</summary>
    public string? HandoverNote { get; set; }
    public DateTime? CreatedUtc { get; set; }
    public string? CreatedByName { get; set; }
    public DateTime? EndedUtc { get; set; }
    public string? EndedByName { get; set; }

    public bool IsCurrentOn(DateOnly day) => StartsOn <= day && (EndsOn is null || EndsOn >= day);
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
