using Attune.Platform.Authorization;

namespace Attune.Features.Pupils;

/// <summary>What can be done with a pupil's records; each maps to rows of docs/security/access-model.md.</summary>
public static class PupilOperations
{
    public static readonly AccessRequirement Read = new(RecordType.PupilProfile, Operation.Read);
    public static readonly AccessRequirement ReadContacts = new(RecordType.PupilContacts, Operation.Read);
    public static readonly AccessRequirement ReadAudit = new(RecordType.PupilAuditLog, Operation.Read);
}
