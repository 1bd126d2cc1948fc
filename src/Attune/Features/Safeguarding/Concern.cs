using Attune.Features.Pupils;
using Attune.Features.Schools;
using Attune.Platform.Data;

namespace Attune.Features.Safeguarding;

/// <summary>Where a concern is in the DSL team's hands, as the member of staff who reported it sees it.</summary>
public enum ConcernStatus
{
    /// <summary>Reported, not yet opened by anyone in the DSL team.</summary>
    New,

    /// <summary>Seen by the DSL team and being dealt with.</summary>
    Open,

    /// <summary>Closed by the DSL team, with a rationale.</summary>
    Closed,
}

/// <summary>
/// A safeguarding concern: what a member of staff saw, heard or was told, about one or more pupils. The
/// reporter's account is kept exactly as written (KCSIE: accurate, factual, in the child's own words where
/// possible); what the DSL team decides about it is recorded beside it, never over it.
/// </summary>
public sealed class Concern : IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SchoolId { get; set; }
    public School? School { get; set; }

    public Guid ReportedByUserId { get; set; }

    /// <summary>The reporter's name and job title when they reported, kept even if their account changes.</summary>
    public required string ReporterName { get; set; }
    public string? ReporterJobTitle { get; set; }

    public DateTime RecordedUtc { get; set; }

    /// <summary>When it happened, in school (UK) time, separate from when it was recorded.</summary>
    public DateOnly OccurredOn { get; set; }

    /// <summary>The time it happened, when known.</summary>
    public TimeOnly? OccurredAt { get; set; }

    public string? Location { get; set; }

    /// <summary>What was seen, heard or said: facts, not opinion.</summary>
    public required string Account { get; set; }

    /// <summary>The child's own words, verbatim.</summary>
    public string? ChildsWords { get; set; }

    public Guid CategoryId { get; set; }
    public ConcernCategory? Category { get; set; }

    public string? ActionTaken { get; set; }
    public string? OthersInformed { get; set; }

    /// <summary>The reporter said a child is in immediate danger: every DSL and deputy in scope was alerted at once.</summary>
    public bool Urgent { get; set; }

    public ConcernStatus Status { get; set; }

    /// <summary>When someone in the DSL team first opened the concern, and who.</summary>
    public DateTime? AcknowledgedUtc { get; set; }
    public Guid? AcknowledgedByUserId { get; set; }

    /// <summary>Where the DSL team places the concern on the school's continuum of need, once triaged.</summary>
    public string? LevelOfNeed { get; set; }

    /// <summary>The member of the DSL team who owns the concern.</summary>
    public Guid? OwnerUserId { get; set; }

    public DateTime? ClosedUtc { get; set; }

    public List<ConcernPupil> Pupils { get; set; } = [];
    public List<ConcernDecision> Decisions { get; set; } = [];
    public List<SafeguardingAction> Actions { get; set; } = [];
    public List<Referral> Referrals { get; set; } = [];
    public List<SafeguardingMeeting> Meetings { get; set; } = [];
    public List<ConcernAmendment> Amendments { get; set; } = [];
    public List<BodyMark> BodyMarks { get; set; } = [];

    /// <summary>
    /// Set when a DSL marks the concern as entered in error (the wrong pupil, a duplicate): it stays in the record
    /// and the chronology, struck through, with who said so, when and why. Nothing is ever deleted.
    /// </summary>
    public DateTime? EnteredInErrorUtc { get; set; }
    public string? EnteredInErrorByName { get; set; }
    public string? EnteredInErrorReason { get; set; }

    /// <summary>
    /// Set on a concern received in a child protection file from another school: which school, and when it was
    /// imported here. Its history (who reported it, decisions, actions, referrals) is the sender's, unchanged.
    /// </summary>
    public string? ReceivedFrom { get; set; }
    public DateTime? ReceivedUtc { get; set; }

    public int Version { get; set; }
}

/// <summary>
/// A correction to what a concern says, made by the DSL team: the field, its text before and after, who, when
/// and why. The reporter's original words stay readable for good.
/// </summary>
public sealed class ConcernAmendment
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ConcernId { get; set; }
    public required string Field { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public required string Reason { get; set; }
    public Guid ByUserId { get; set; }
    public required string ByName { get; set; }
    public DateTime RecordedUtc { get; set; }
}

public enum DecisionKind
{
    /// <summary>Level of need, owner and what happens next.</summary>
    Triage,
    Closed,
    Reopened,
}

/// <summary>
/// One decision of the DSL team about a concern, kept for good: each triage, closure and reopening with who made
/// it, when, and why. Never edited; a later decision supersedes an earlier one. The chronology reads these.
/// </summary>
public sealed class ConcernDecision
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ConcernId { get; set; }
    public DateTime RecordedUtc { get; set; }
    public Guid ByUserId { get; set; }
    public required string ByName { get; set; }
    public DecisionKind Kind { get; set; }

    /// <summary>The level of need after this decision, and before it when it changed.</summary>
    public string? LevelOfNeed { get; set; }
    public string? PreviousLevelOfNeed { get; set; }
    public string? OwnerName { get; set; }

    /// <summary>The decision and what happens next (triage), or the outcome (closure).</summary>
    public required string Decision { get; set; }

    /// <summary>Why: required for a change of level, a closure (the rationale) and a reopening.</summary>
    public string? Reason { get; set; }
}

/// <summary>The continuum of need a concern is placed on (the local safeguarding partnership's threshold document).</summary>
public static class LevelsOfNeed
{
    public static readonly IReadOnlyList<string> Defaults = ["Universal", "Early help", "Child in need", "Child protection"];
}

/// <summary>One pupil a concern is about; the concern appears in each such pupil's chronology.</summary>
public sealed class ConcernPupil
{
    public Guid ConcernId { get; set; }
    public Guid PupilId { get; set; }
    public Pupil? Pupil { get; set; }
}

/// <summary>
/// A school's list of concern categories, starting from the KCSIE defaults. A category marked DSL only is
/// hidden from deputies. Categories in use are retired, never deleted, so old concerns keep their category.
/// </summary>
public sealed class ConcernCategory
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SchoolId { get; set; }
    public required string Name { get; set; }
    public bool DslOnly { get; set; }

    /// <summary>
    /// Concerns in this category are never destroyed, even after their retention review: records relevant to the
    /// Independent Inquiry into Child Sexual Abuse (RULES.md section 2). Set for the sexual abuse categories.
    /// </summary>
    public bool RetainIndefinitely { get; set; }
    public bool Retired { get; set; }
    public int SortOrder { get; set; }
}

/// <summary>That one member of the DSL team has opened a concern since it was reported: their read/unread marker.</summary>
public sealed class ConcernReading
{
    public Guid ConcernId { get; set; }
    public Guid UserId { get; set; }
    public DateTime ReadUtc { get; set; }
}

/// <summary>Something the DSL team decided must be done about a concern: by whom, by when, and when it was done.</summary>
public sealed class SafeguardingAction : IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ConcernId { get; set; }
    public required string Description { get; set; }
    /// <summary>The owner's account; none for an action received in another school's child protection file.</summary>
    public Guid? OwnerUserId { get; set; }
    public required string OwnerName { get; set; }
    public DateOnly DueOn { get; set; }
    public DateTime CreatedUtc { get; set; }
    public required string CreatedByName { get; set; }
    public DateTime? DoneUtc { get; set; }
    public string? DoneByName { get; set; }
    public int Version { get; set; }

    public bool IsOverdue(DateOnly today) => DoneUtc is null && DueOn < today;
}
