namespace Attune.Platform.Auditing;

public enum AuditOutcome
{
    Succeeded,
    Denied,
    Failed,
}

/// <summary>
/// One append-only line of the audit trail. <see cref="Hash"/> covers every other field and the previous
/// entry's hash, so changing, deleting or reordering any entry breaks the chain (see <see cref="AuditChain"/>).
/// Never holds a pupil's name or any detail of a record: ids, event names and field names only.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>Position in the chain, from 1, with no gaps.</summary>
    public long Sequence { get; set; }
    public DateTime OccurredUtc { get; set; }
    public Guid? ActorUserId { get; set; }

    /// <summary>The member of staff's name at the time, or "system" for the command line and background jobs.</summary>
    public required string ActorName { get; set; }

    /// <summary>What was done: "read", "create", "update", "delete", "sign-in", "export" ...</summary>
    public required string Action { get; set; }

    /// <summary>The kind of record, e.g. "Pupil", "PupilContacts", "School".</summary>
    public required string RecordType { get; set; }
    public string? RecordId { get; set; }
    public Guid? PupilId { get; set; }
    public Guid? SchoolId { get; set; }
    public string? IpAddress { get; set; }
    public AuditOutcome Outcome { get; set; }

    /// <summary>Non-identifying detail: the names of fields changed, a reason code.</summary>
    public string? Details { get; set; }

    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";
}
