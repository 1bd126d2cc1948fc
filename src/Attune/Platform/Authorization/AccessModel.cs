namespace Attune.Platform.Authorization;

/// <summary>The kinds of record Attune guards. Each row of docs/security/access-model.md names one.</summary>
public enum RecordType
{
    PupilProfile,
    PupilContacts,
    PupilAuditLog,
    StaffAuditLog,
    SchoolSettings,
    StaffAccounts,
    PupilImport,

    /// <summary>A safeguarding concern and everything the DSL team records about it (triage, actions, closure).</summary>
    Concern,

    /// <summary>A concern in a category the school marks "DSL only": not for deputies.</summary>
    DslOnlyConcern,

    /// <summary>What a member of staff who reported a concern may see of it: that it was received, and whether it is open or closed.</summary>
    ConcernReceipt,

    /// <summary>A pupil's safeguarding statuses with their dates: child protection plan, child in need, looked after and so on.</summary>
    SafeguardingStatus,

    /// <summary>Emergency ("break-glass") access to one pupil's safeguarding records: requested with a reason, time-limited, reported to the DSL team.</summary>
    EmergencyAccess,

    /// <summary>A child protection file sent to a pupil's new school, and one received from their old school.</summary>
    ProtectionFileTransfer,

    /// <summary>Links between pupils (siblings, one household) that let each chronology point to the other's concerns.</summary>
    LinkedPupils,

    /// <summary>A school's safeguarding settings: concern categories and the continuum of need.</summary>
    SafeguardingSettings,

    /// <summary>Who keyworks a pupil (primary and secondary keyworkers), with the history of handovers; caseloads.</summary>
    KeyworkerAllocation,

    /// <summary>A pupil passport (one-page profile) in full, with its version history.</summary>
    PupilPassport,

    /// <summary>The need-to-know passport: the parts of the pupil passport staff need in class.</summary>
    NeedToKnowPassport,

    /// <summary>One-to-one keywork sessions and wellbeing check-ins.</summary>
    KeyworkSession,

    /// <summary>A pupil's regulation plan: stages of regulation with how adults respond, strategies, what to avoid.</summary>
    RegulationPlan,

    /// <summary>A pupil risk assessment: hazards rated likelihood by severity, control measures, residual risk, owner, review.</summary>
    RiskAssessment,

    /// <summary>A pastoral lead's sign-off of a risk assessment version.</summary>
    RiskAssessmentSignOff,

    /// <summary>The register of pupils at risk of self-harm or with acute mental health needs, with supervision plans.</summary>
    SupervisionRegister,

    /// <summary>A pastoral care and support plan: needs, SMART targets and their evaluation, interventions, strategies, views.</summary>
    SupportPlan,

    /// <summary>The pupil's views, in their own words or chosen medium, for a review or meeting.</summary>
    PupilVoice,

    /// <summary>Preparation for Adulthood goals (from Year 9) with progress notes.</summary>
    AdulthoodGoal,

    /// <summary>A school's keywork settings: session themes and stages of regulation.</summary>
    KeyworkSettings,

    /// <summary>An incident (behaviour, dysregulation, conflict, or positive recognition) with its pupils, staff, physical intervention and restorative follow-up.</summary>
    Incident,

    /// <summary>A pastoral lead's review of a physical intervention, and the reports of them per pupil, member of staff and technique.</summary>
    PhysicalInterventionReview,

    /// <summary>Incident trends for a year group, key stage, school or trust.</summary>
    IncidentTrends,

    /// <summary>A school's incident settings: types, severities, locations, periods, techniques and alert rules.</summary>
    IncidentSettings,

    /// <summary>
    /// "What staff need to know": a short update about a pupil from their keyworker to the staff who teach them,
    /// without the incident behind it. Read by the staff it was sent to (Own), never by anyone else.
    /// </summary>
    StaffBriefing,
}

public enum Operation
{
    Read,
    Create,
    Amend,
    Import,
}

/// <summary>How far a role's power over a record type reaches. Several can combine.</summary>
[Flags]
public enum Reach
{
    None = 0,

    /// <summary>Pupils in the teaching groups the member of staff teaches or supports, or the form they tutor.</summary>
    Taught = 1,

    /// <summary>Pupils allocated to the member of staff as their keyworker.</summary>
    Caseload = 2,

    /// <summary>
    /// Everything in the role's school (every school of the trust for a trust-wide role), narrowed to the
    /// role's key stages or year groups when it has them.
    /// </summary>
    Scope = 4,

    /// <summary>Every pupil of the role's school (every trust school for a trust-wide role), whatever the role's key stages.</summary>
    School = 8,

    /// <summary>Records the member of staff made themselves.</summary>
    Own = 16,

    /// <summary>
    /// Records that name the member of staff: a risk assessment shared with the staff who supervise the pupil, an
    /// incident they recorded or were involved in.
    /// </summary>
    Named = 32,
}

/// <summary>
/// Who may do what to which record: the code's copy of docs/security/access-model.md.
/// AccessModelDocumentTests reads the document and fails when the two disagree.
/// </summary>
public static class AccessModel
{
    private const Reach No = Reach.None;
    private const Reach Scope = Reach.Scope;
    private const Reach Taught = Reach.Taught;
    private const Reach ScopeOrCaseload = Reach.Scope | Reach.Caseload;
    private const Reach School = Reach.School;
    private const Reach Own = Reach.Own;
    private const Reach Named = Reach.Named;
    private const Reach ScopeOrNamed = Reach.Scope | Reach.Named;
    private const Reach ScopeCaseloadOrNamed = Reach.Scope | Reach.Caseload | Reach.Named;

    /// <summary>What anyone may do because they work with children: report a concern and see that it was received.</summary>
    private static readonly HashSet<(RecordType, Operation)> Reporting =
        [(RecordType.Concern, Operation.Create), (RecordType.ConcernReceipt, Operation.Read), (RecordType.Incident, Operation.Create)];

    private static readonly Role[] Columns =
        [Role.TrustAdministrator, Role.SchoolAdministrator, Role.Dsl, Role.DeputyDsl, Role.PastoralLead, Role.PastoralStaff, Role.Staff, Role.Reporter];

    public static IReadOnlyDictionary<(RecordType Record, Operation Operation), IReadOnlyDictionary<Role, Reach>> Rules { get; } =
        new Dictionary<(RecordType, Operation), IReadOnlyDictionary<Role, Reach>>
        {
            //                                                     TrustAdmin SchoolAdmin DSL    Deputy PastLead PastStaff        Staff   Reporter
            [(RecordType.PupilProfile, Operation.Read)] = Row(No, No, Scope, Scope, Scope, ScopeOrCaseload, Taught, No),
            [(RecordType.PupilContacts, Operation.Read)] = Row(No, No, Scope, Scope, Scope, ScopeOrCaseload, No, No),
            [(RecordType.PupilAuditLog, Operation.Read)] = Row(Scope, Scope, Scope, No, No, No, No, No),
            [(RecordType.StaffAuditLog, Operation.Read)] = Row(Scope, Scope, Scope, No, No, No, No, No),
            [(RecordType.SchoolSettings, Operation.Read)] = Row(Scope, Scope, No, No, No, No, No, No),
            [(RecordType.SchoolSettings, Operation.Amend)] = Row(Scope, Scope, No, No, No, No, No, No),
            [(RecordType.StaffAccounts, Operation.Read)] = Row(Scope, Scope, No, No, No, No, No, No),
            [(RecordType.StaffAccounts, Operation.Create)] = Row(Scope, Scope, No, No, No, No, No, No),
            [(RecordType.StaffAccounts, Operation.Amend)] = Row(Scope, Scope, No, No, No, No, No, No),
            [(RecordType.PupilImport, Operation.Import)] = Row(Scope, Scope, No, No, No, No, No, No),
            [(RecordType.Concern, Operation.Create)] = Row(School, School, School, School, School, School, School, School),
            [(RecordType.Concern, Operation.Read)] = Row(No, No, Scope, Scope, No, No, No, No),
            [(RecordType.Concern, Operation.Amend)] = Row(No, No, Scope, Scope, No, No, No, No),
            [(RecordType.DslOnlyConcern, Operation.Read)] = Row(No, No, Scope, No, No, No, No, No),
            [(RecordType.DslOnlyConcern, Operation.Amend)] = Row(No, No, Scope, No, No, No, No, No),
            [(RecordType.ConcernReceipt, Operation.Read)] = Row(Own, Own, Own, Own, Own, Own, Own, Own),
            [(RecordType.SafeguardingStatus, Operation.Read)] = Row(No, No, Scope, Scope, No, No, No, No),
            [(RecordType.SafeguardingStatus, Operation.Amend)] = Row(No, No, Scope, Scope, No, No, No, No),
            [(RecordType.EmergencyAccess, Operation.Create)] = Row(No, No, No, No, Scope, No, No, No),
            [(RecordType.EmergencyAccess, Operation.Read)] = Row(No, No, Scope, Scope, No, No, No, No),
            [(RecordType.ProtectionFileTransfer, Operation.Create)] = Row(No, No, Scope, No, No, No, No, No),
            [(RecordType.ProtectionFileTransfer, Operation.Read)] = Row(No, No, Scope, Scope, No, No, No, No),
            [(RecordType.ProtectionFileTransfer, Operation.Amend)] = Row(No, No, Scope, No, No, No, No, No),
            [(RecordType.ProtectionFileTransfer, Operation.Import)] = Row(No, No, Scope, No, No, No, No, No),
            [(RecordType.LinkedPupils, Operation.Read)] = Row(No, No, Scope, Scope, No, No, No, No),
            [(RecordType.LinkedPupils, Operation.Amend)] = Row(No, No, Scope, Scope, No, No, No, No),
            [(RecordType.SafeguardingSettings, Operation.Read)] = Row(No, No, Scope, No, No, No, No, No),
            [(RecordType.SafeguardingSettings, Operation.Amend)] = Row(No, No, Scope, No, No, No, No, No),
            [(RecordType.KeyworkerAllocation, Operation.Read)] = Row(No, No, Scope, Scope, Scope, ScopeOrCaseload, No, No),
            [(RecordType.KeyworkerAllocation, Operation.Amend)] = Row(No, No, No, No, Scope, No, No, No),
            [(RecordType.PupilPassport, Operation.Read)] = Row(No, No, Scope, Scope, Scope, ScopeOrCaseload, No, No),
            [(RecordType.PupilPassport, Operation.Amend)] = Row(No, No, No, No, Scope, ScopeOrCaseload, No, No),
            [(RecordType.NeedToKnowPassport, Operation.Read)] = Row(No, No, Scope, Scope, Scope, ScopeOrCaseload, Taught, No),
            [(RecordType.KeyworkSession, Operation.Read)] = Row(No, No, Scope, Scope, Scope, ScopeOrCaseload, No, No),
            [(RecordType.KeyworkSession, Operation.Create)] = Row(No, No, No, No, Scope, ScopeOrCaseload, No, No),
            [(RecordType.RegulationPlan, Operation.Read)] = Row(No, No, Scope, Scope, Scope, ScopeOrCaseload, Taught, No),
            [(RecordType.RegulationPlan, Operation.Amend)] = Row(No, No, No, No, Scope, ScopeOrCaseload, No, No),
            [(RecordType.RiskAssessment, Operation.Read)] = Row(No, No, Scope, Scope, Scope, ScopeOrCaseload, Named, No),
            [(RecordType.RiskAssessment, Operation.Create)] = Row(No, No, No, No, Scope, ScopeOrCaseload, No, No),
            [(RecordType.RiskAssessment, Operation.Amend)] = Row(No, No, No, No, Scope, ScopeOrCaseload, No, No),
            [(RecordType.RiskAssessmentSignOff, Operation.Amend)] = Row(No, No, No, No, Scope, No, No, No),
            [(RecordType.SupervisionRegister, Operation.Read)] = Row(No, No, Scope, Scope, Scope, No, No, No),
            [(RecordType.SupervisionRegister, Operation.Amend)] = Row(No, No, Scope, Scope, Scope, No, No, No),
            [(RecordType.SupportPlan, Operation.Read)] = Row(No, No, Scope, Scope, Scope, ScopeOrCaseload, No, No),
            [(RecordType.SupportPlan, Operation.Create)] = Row(No, No, No, No, Scope, ScopeOrCaseload, No, No),
            [(RecordType.SupportPlan, Operation.Amend)] = Row(No, No, No, No, Scope, ScopeOrCaseload, No, No),
            [(RecordType.PupilVoice, Operation.Read)] = Row(No, No, Scope, Scope, Scope, ScopeOrCaseload, No, No),
            [(RecordType.PupilVoice, Operation.Create)] = Row(No, No, Scope, Scope, Scope, ScopeOrCaseload, No, No),
            [(RecordType.AdulthoodGoal, Operation.Read)] = Row(No, No, Scope, Scope, Scope, ScopeOrCaseload, No, No),
            [(RecordType.AdulthoodGoal, Operation.Amend)] = Row(No, No, No, No, Scope, ScopeOrCaseload, No, No),
            [(RecordType.KeyworkSettings, Operation.Read)] = Row(No, No, No, No, Scope, No, No, No),
            [(RecordType.KeyworkSettings, Operation.Amend)] = Row(No, No, No, No, Scope, No, No, No),
            [(RecordType.Incident, Operation.Create)] = Row(No, No, School, School, School, School, School, School),
            [(RecordType.Incident, Operation.Read)] = Row(No, No, ScopeOrNamed, ScopeOrNamed, ScopeOrNamed, ScopeCaseloadOrNamed, Named, No),
            [(RecordType.Incident, Operation.Amend)] = Row(No, No, ScopeOrNamed, ScopeOrNamed, ScopeOrNamed, ScopeCaseloadOrNamed, Named, No),
            [(RecordType.PhysicalInterventionReview, Operation.Read)] = Row(No, No, Scope, Scope, Scope, No, No, No),
            [(RecordType.PhysicalInterventionReview, Operation.Amend)] = Row(No, No, No, No, Scope, No, No, No),
            [(RecordType.IncidentTrends, Operation.Read)] = Row(No, No, Scope, Scope, Scope, Scope, No, No),
            [(RecordType.IncidentSettings, Operation.Read)] = Row(No, No, No, No, Scope, No, No, No),
            [(RecordType.IncidentSettings, Operation.Amend)] = Row(No, No, No, No, Scope, No, No, No),
            [(RecordType.StaffBriefing, Operation.Create)] = Row(No, No, Scope, Scope, Scope, ScopeOrCaseload, No, No),
            [(RecordType.StaffBriefing, Operation.Read)] = Row(No, No, Own, Own, Own, Own, Own, No),
        };

    public static Reach ReachOf(Role role, RecordType record, Operation operation) =>
        Rules.TryGetValue((record, operation), out var row) && row.TryGetValue(role, out var reach) ? reach : Reach.None;

    /// <summary>
    /// Every role with any power over records must sign in with a second factor. Only a role that can do
    /// nothing but report (a concern, an incident) may be exempted, and only where the school allows it.
    /// </summary>
    public static bool RequiresSecondFactor(Role role) =>
        Rules.Where(rule => !Reporting.Contains(rule.Key)).Any(rule => rule.Value[role] != Reach.None);

    private static IReadOnlyDictionary<Role, Reach> Row(params Reach[] reaches) =>
        Columns.Zip(reaches).ToDictionary(pair => pair.First, pair => pair.Second);
}
