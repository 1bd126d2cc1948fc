using Attune.Platform.Data;

namespace Attune.Features.Safeguarding;

/// <summary>Who a referral went to.</summary>
public enum ReferralAgency
{
    /// <summary>Children's social care, including the multi-agency safeguarding hub (MASH) or front door.</summary>
    ChildrensSocialCare,
    Police,
    EarlyHelp,
    Health,
    Other,
}

public enum ReferralMethod
{
    Phone,
    OnlineForm,
    Email,
    InPerson,
    Letter,
}

/// <summary>
/// A referral the DSL team made to another agency about a concern: to whom, when, how, their reference, and
/// when a response is due. Children's social care must acknowledge within 1 working day (Working Together to
/// Safeguard Children); a response not recorded by its due date is overdue, shown on the concern, the queue and
/// the dashboard, and the concern's owner is alerted once so they can escalate.
/// </summary>
public sealed class Referral : IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ConcernId { get; set; }
    public ReferralAgency Agency { get; set; }

    /// <summary>The service itself, e.g. "Hertfordshire MASH" or "Police Child Abuse Investigation Team".</summary>
    public required string AgencyName { get; set; }

    /// <summary>The agency's reference number, when they gave one.</summary>
    public string? Reference { get; set; }

    public DateOnly MadeOn { get; set; }
    public TimeOnly? MadeAt { get; set; }
    public ReferralMethod Method { get; set; }

    /// <summary>What was shared and asked for.</summary>
    public required string Summary { get; set; }

    /// <summary>When a response is due; none when the agency gives no response time and none was agreed.</summary>
    public DateOnly? ResponseDueOn { get; set; }

    public DateOnly? ResponseOn { get; set; }
    public string? Response { get; set; }

    public DateTime RecordedUtc { get; set; }
    public required string RecordedByName { get; set; }

    public List<ReferralUpdate> Updates { get; set; } = [];
    public int Version { get; set; }

    public bool IsResponseOverdue(DateOnly today) => ResponseOn is null && ResponseDueOn is { } due && due < today;
}

/// <summary>
/// That the DSL team was alerted that a referral's response, due on <see cref="DueOn"/>, is overdue: one alert per due
/// date, so an escalation that agrees a new date can be alerted again. Kept apart from the referral so the alert
/// never makes a DSL's open form stale.
/// </summary>
public sealed class ReferralAlert
{
    public Guid ReferralId { get; set; }
    public DateOnly DueOn { get; set; }
    public DateTime AlertedUtc { get; set; }
}

public enum ReferralUpdateKind
{
    /// <summary>The agency responded: the referral's response is set.</summary>
    Response,

    /// <summary>The DSL team chased or escalated (to a manager, the LADO, the local escalation policy), perhaps with a new due date.</summary>
    Escalation,
}

/// <summary>Something that happened to a referral after it was made, kept in order; never edited.</summary>
public sealed class ReferralUpdate
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ReferralId { get; set; }
    public ReferralUpdateKind Kind { get; set; }
    public DateOnly On { get; set; }
    public required string Note { get; set; }

    /// <summary>For an escalation: the new date a response is due, when one was agreed.</summary>
    public DateOnly? NewResponseDueOn { get; set; }

    public DateTime RecordedUtc { get; set; }
    public required string ByName { get; set; }
}

public enum MeetingKind
{
    StrategyDiscussion,
    InitialChildProtectionConference,
    ReviewChildProtectionConference,
    CoreGroup,
    ChildInNeedMeeting,
    TeamAroundTheFamily,
    Other,
}

/// <summary>A multi-agency meeting about a concern: strategy discussion, child protection conference, core group and so on.</summary>
public sealed class SafeguardingMeeting
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ConcernId { get; set; }
    public MeetingKind Kind { get; set; }
    public DateOnly HeldOn { get; set; }
    public TimeOnly? HeldAt { get; set; }

    /// <summary>Who attended, with their role and agency.</summary>
    public required string Attendees { get; set; }

    public required string Decisions { get; set; }
    public DateOnly? NextMeetingOn { get; set; }
    public DateTime RecordedUtc { get; set; }
    public required string RecordedByName { get; set; }
}

/// <summary>How each agency, method and meeting is named on pages and in exports.</summary>
public static class CaseworkNames
{
    public static string Of(ReferralAgency agency) => agency switch
    {
        ReferralAgency.ChildrensSocialCare => "Children's social care (MASH)",
        ReferralAgency.EarlyHelp => "Early Help",
        ReferralAgency.Health => "Health services",
        _ => agency.ToString(),
    };

    public static string Of(ReferralMethod method) => method switch
    {
        ReferralMethod.OnlineForm => "Online form",
        ReferralMethod.InPerson => "In person",
        _ => method.ToString(),
    };

    public static string Of(MeetingKind kind) => kind switch
    {
        MeetingKind.StrategyDiscussion => "Strategy discussion",
        MeetingKind.InitialChildProtectionConference => "Initial child protection conference",
        MeetingKind.ReviewChildProtectionConference => "Review child protection conference",
        MeetingKind.CoreGroup => "Core group",
        MeetingKind.ChildInNeedMeeting => "Child in need meeting",
        MeetingKind.TeamAroundTheFamily => "Team around the family",
        _ => "Other meeting",
    };

    /// <summary>The API's name for an enum value: camel case, as JSON names are.</summary>
    public static string Api<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    public static T? FromApi<T>(string? name) where T : struct, Enum =>
        name is not null && Enum.GetValues<T>().FirstOrDefault(v => Api(v) == name) is var value && Api(value) == name ? value : null;
}
