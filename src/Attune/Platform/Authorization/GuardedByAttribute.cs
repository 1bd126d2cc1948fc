namespace Attune.Platform.Authorization;

/// <summary>
/// Names the row of the access model (docs/security/access-model.md) that guards a page, a page handler or an
/// API endpoint. It changes nothing at run time: the handler still asks the authorization service or
/// <c>VisibleTo</c>. The security suite reads it to test every role against every guarded endpoint, so each
/// new endpoint must carry one (or be one of the few that act only on the caller's own account).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class GuardedByAttribute(RecordType record, Operation operation) : Attribute
{
    public RecordType Record { get; } = record;
    public Operation Operation { get; } = operation;

    /// <summary>True when the endpoint lists or finds records through <c>VisibleTo</c> instead of acting on one record named in the request.</summary>
    public bool List { get; init; }

    /// <summary>
    /// True when the route's id names a pupil and the row is applied to that pupil: a pupil's chronology is read
    /// under Concern Read for the pupil, not for one concern.
    /// </summary>
    public bool PerPupil { get; init; }

    /// <summary>
    /// True when the endpoint acts on no record yet: it needs the row's grant somewhere, as staging a file for a
    /// concern not yet reported needs the right to report one. The security suite asks it once, about no record.
    /// </summary>
    public bool NoRecord { get; init; }
}
