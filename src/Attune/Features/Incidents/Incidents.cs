using System.Linq.Expressions;
using Attune.Features.Keywork;
using Attune.Features.Pupils;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Notifications;
using Attune.Platform.Web;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Incidents;

/// <summary>A pupil as an incident is recorded about them: their part, and for a pupil involved, their stage of regulation.</summary>
public sealed record IncidentPupilInput(Guid PupilId, IncidentRole? Role, string? Stage);

/// <summary>A physical intervention as it is recorded with its incident.</summary>
public sealed record InterventionInput(
    Guid? PupilId, string? Technique, IReadOnlyList<Guid> StaffIds, TimeOnly? StartedAt, TimeOnly? EndedAt, string? Reason, string? Injuries,
    string? PupilDebrief, string? StaffDebrief, bool? ParentsInformedSameDay);

/// <summary>An incident as it is recorded, from the form or the API. Option names are the school's (type, severity, location, period).</summary>
public sealed record IncidentInput
{
    public IReadOnlyList<IncidentPupilInput> Pupils { get; init; } = [];
    public IReadOnlyList<Guid> StaffIds { get; init; } = [];
    public DateOnly? OccurredOn { get; init; }
    public TimeOnly? OccurredAt { get; init; }
    public int? DurationMinutes { get; init; }
    public string? Type { get; init; }
    public string? Severity { get; init; }
    public string? Location { get; init; }
    public string? Period { get; init; }
    public string? Lesson { get; init; }
    public string? Antecedent { get; init; }
    public string? Behaviour { get; init; }
    public string? Consequence { get; init; }
    public string? Triggers { get; init; }
    public IReadOnlyList<StrategyTried> Strategies { get; init; } = [];
    public string? OtherStrategies { get; init; }
    public string? Injuries { get; init; }
    public string? Damage { get; init; }
    public bool? ParentsInformed { get; init; }
    public string? ParentsInformedWho { get; init; }
    public DateOnly? ParentsInformedOn { get; init; }
    public TimeOnly? ParentsInformedAt { get; init; }
    public ContactMethod? ParentsInformedHow { get; init; }
    public string? FollowUp { get; init; }
    public InterventionInput? Intervention { get; init; }
}

/// <summary>A restorative conversation or reflection as it is recorded.</summary>
public sealed record RestorativeInput(
    RestorativeKind? Kind, Guid? PupilId, DateOnly? HeldOn, string? WhatHappened, string? WhoAffected, string? WhatNeeded, string? AgreedRepair,
    DateOnly? RepairByOn, string? PupilView);

/// <summary>Physical interventions for one pupil, member of staff or technique: how many, total minutes, how many with injuries.</summary>
public sealed record InterventionLine(string Name, int Count, int Minutes, int Injuries);

/// <summary>The last twelve months of physical interventions by pupil, member of staff and technique.</summary>
public sealed record InterventionReport(DateOnly Since, int Total, IReadOnlyList<InterventionLine> ByPupil, IReadOnlyList<InterventionLine> ByStaff,
    IReadOnlyList<InterventionLine> ByTechnique);

/// <summary>One incident in a pupil's list: what, when, where, the pupil's part, and whether it needs attention.</summary>
public sealed record IncidentListItem(Guid Id, DateOnly OccurredOn, TimeOnly OccurredAt, string TypeName, bool Positive, string SeverityName, string LocationName,
    IncidentRole Role, int Pupils, bool Intervention, bool AwaitingReview, bool EnteredInError);

/// <summary>
/// Recording incidents and everything after them (restorative follow-up, parents informed, follow-up done, the
/// pastoral lead's review of a physical intervention), and which incidents each member of staff may reach: those
/// about pupils in their reach, and those that name them (they recorded it or were staff involved).
/// </summary>
public sealed class Incidents(AppDbContext db, StaffContext staff, IncidentSettings settings, RegulationPlans regulationPlans, Notifier notifier, TimeProvider clock)
{
    public const int MaxText = 4_000;
    public const int MaxShort = 200;
    public const int MaxPupils = 12;
    public const int MaxStaff = 12;
    public const int MaxDuration = 8 * 60;
    public static readonly AccessRequirement Create = new(RecordType.Incident, Operation.Create);
    public static readonly AccessRequirement Read = new(RecordType.Incident, Operation.Read);
    public static readonly AccessRequirement Amend = new(RecordType.Incident, Operation.Amend);
    public static readonly AccessRequirement ReviewRead = new(RecordType.PhysicalInterventionReview, Operation.Read);
    public static readonly AccessRequirement Review = new(RecordType.PhysicalInterventionReview, Operation.Amend);
    public const string InterventionCategory = "Physical intervention";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    private DateOnly Today => DateOnly.FromDateTime(LocalTime.ToUk(Now));

    /// <summary>
    /// The incidents the member of staff may reach for an operation: any of its pupils is in their reach, or it names
    /// them. A school-wide grant is checked against the incident's school alone, as for concerns.
    /// </summary>
    public IQueryable<Incident> Visible(AccessRequirement requirement) => VisibleTo(db, staff, requirement);

    public static IQueryable<Incident> VisibleTo(AppDbContext db, StaffContext staff, AccessRequirement requirement)
    {
        var grant = staff.GrantFor(requirement.Record, requirement.Operation);
        var branches = new List<Expression<Func<Incident, bool>>>();
        if (grant.WholeSchools.Count > 0)
        {
            var whole = grant.WholeSchools.ToList();
            branches.Add(i => whole.Contains(i.SchoolId));
        }

        var narrower = grant with { WholeSchools = new HashSet<Guid>(), NamedSchools = new HashSet<Guid>() };
        if (!narrower.IsEmpty)
        {
            var pupils = db.Pupils.Within(staff, narrower);
            branches.Add(i => i.Pupils.Any(ip => pupils.Any(p => p.Id == ip.PupilId)));
        }

        if (grant.NamedSchools.Count > 0)
        {
            var named = grant.NamedSchools.ToList();
            var userId = staff.UserId;
            branches.Add(i => named.Contains(i.SchoolId) && (i.RecordedByUserId == userId || i.Staff.Any(s => s.StaffUserId == userId)));
        }

        if (branches.Count == 0)
        {
            return db.Incidents.Where(i => false);
        }

        var schools = staff.Schools.Select(s => s.Id).ToList();
        return db.Incidents.Where(i => schools.Contains(i.SchoolId)).Where(Predicates.AnyOf(branches));
    }

    /// <summary>
    /// The pupil, when the member of staff may reach them for the operation on incidents: the pupil is in their reach,
    /// or one of the pupil's incidents names them. Otherwise null (answer 404).
    /// </summary>
    public Task<PupilChoice?> PupilAsync(Guid pupilId, AccessRequirement requirement, CancellationToken cancellationToken)
    {
        var grant = staff.GrantFor(requirement.Record, requirement.Operation);
        var reached = db.Pupils.Within(staff, grant with { NamedSchools = new HashSet<Guid>() }).Select(p => p.Id);
        var namedSchools = grant.NamedSchools.ToList();
        var userId = staff.UserId;
        var named = db.Incidents.Where(i => namedSchools.Contains(i.SchoolId) && i.Pupils.Any(p => p.PupilId == pupilId)
            && (i.RecordedByUserId == userId || i.Staff.Any(s => s.StaffUserId == userId)));
        return PupilChoice.From(db.Pupils.AsNoTracking().Where(p => p.Id == pupilId && (reached.Contains(p.Id) || named.Any())))
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Pupils an incident may be recorded about: every pupil of the member of staff's schools.</summary>
    public IQueryable<Pupil> RecordablePupils() => db.Pupils.AsNoTracking().VisibleTo(staff, Create);

    /// <summary>One incident with everything recorded about it, when the member of staff may reach it for the operation; otherwise null (answer 404).</summary>
    public Task<Incident?> FindAsync(Guid incidentId, AccessRequirement requirement, CancellationToken cancellationToken) =>
        Visible(requirement).AsNoTracking()
            .Include(i => i.Pupils).ThenInclude(p => p.Pupil).ThenInclude(p => p!.YearGroup)
            .Include(i => i.Staff)
            .Include(i => i.Intervention)
            .Include(i => i.Restorative)
            .Include(i => i.Amendments)
            .AsSplitQuery()
            .FirstOrDefaultAsync(i => i.Id == incidentId, cancellationToken);

    /// <summary>A pupil's incidents the member of staff may read, newest first.</summary>
    public Task<List<Incident>> ForPupilAsync(Guid pupilId, CancellationToken cancellationToken, DateOnly? from = null) =>
        Visible(Read).AsNoTracking()
            .Where(i => db.IncidentPupils.Where(p => p.PupilId == pupilId).Select(p => p.IncidentId).Contains(i.Id) && (from == null || i.OccurredOn >= from))
            .Include(i => i.Pupils).Include(i => i.Intervention)
            .OrderByDescending(i => i.OccurredOn).ThenByDescending(i => i.OccurredAt)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);

    /// <summary>
    /// A pupil's incidents since <paramref name="from"/> as their list shows them, newest first: a year of a frequent
    /// pupil's incidents, without their text, in one query.
    /// </summary>
    public Task<List<IncidentListItem>> ListForPupilAsync(Guid pupilId, DateOnly from, CancellationToken cancellationToken) =>
        Visible(Read).AsNoTracking()
            .Where(i => i.OccurredOn >= from && db.IncidentPupils.Where(p => p.PupilId == pupilId).Select(p => p.IncidentId).Contains(i.Id))
            .OrderByDescending(i => i.OccurredOn).ThenByDescending(i => i.OccurredAt)
            .Select(i => new IncidentListItem(i.Id, i.OccurredOn, i.OccurredAt, i.TypeName, i.Positive, i.SeverityName, i.LocationName,
                i.Pupils.Where(p => p.PupilId == pupilId).Select(p => p.Role).First(), i.Pupils.Count(),
                i.Intervention != null, i.Intervention != null && i.Intervention.ReviewedUtc == null, i.EnteredInErrorUtc != null))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// The last twelve months of physical interventions the member of staff may review, by pupil, member of staff and
    /// technique, as governors and the local authority ask for them; incidents entered in error left out.
    /// </summary>
    public async Task<InterventionReport> InterventionReportAsync(CancellationToken cancellationToken)
    {
        var since = DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime)).AddYears(-1);
        var rows = await Visible(ReviewRead).AsNoTracking()
            .Where(i => i.Intervention != null && i.OccurredOn >= since && i.EnteredInErrorUtc == null)
            .Select(i => new
            {
                i.Intervention!.Technique, i.Intervention.Staff, i.Intervention.StartedAt, i.Intervention.EndedAt, Injured = i.Intervention.Injuries != null,
                Pupil = i.Pupils.Where(p => p.PupilId == i.Intervention.PupilId)
                    .Select(p => (p.Pupil!.PreferredFirstName ?? p.Pupil.LegalFirstName) + " " + (p.Pupil.PreferredLastName ?? p.Pupil.LegalLastName)).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        static int Minutes(TimeOnly from, TimeOnly to) => (int)Math.Round((to - from).TotalMinutes);
        return new InterventionReport(since, rows.Count,
            [.. rows.GroupBy(r => r.Pupil ?? "A pupil").Select(g => new InterventionLine(g.Key, g.Count(), g.Sum(r => Minutes(r.StartedAt, r.EndedAt)), g.Count(r => r.Injured)))
                .OrderByDescending(l => l.Count).ThenBy(l => l.Name, StringComparer.Ordinal)],
            [.. rows.SelectMany(r => r.Staff.Select(s => (s.Name, r))).GroupBy(x => x.Name)
                .Select(g => new InterventionLine(g.Key, g.Count(), g.Sum(x => Minutes(x.r.StartedAt, x.r.EndedAt)), g.Count(x => x.r.Injured)))
                .OrderByDescending(l => l.Count).ThenBy(l => l.Name, StringComparer.Ordinal)],
            [.. rows.GroupBy(r => r.Technique).Select(g => new InterventionLine(g.Key, g.Count(), g.Sum(r => Minutes(r.StartedAt, r.EndedAt)), g.Count(r => r.Injured)))
                .OrderByDescending(l => l.Count).ThenBy(l => l.Name, StringComparer.Ordinal)]);
    }

    /// <summary>The school's staff who may be named as involved: everyone holding a role there.</summary>
    public Task<IReadOnlyList<(Guid Id, string Name)>> StaffAsync(Guid schoolId, CancellationToken cancellationToken) =>
        SchoolStaff.HoldingAsync(db, schoolId, Enum.GetValues<Role>(), cancellationToken);

    /// <summary>
    /// Strategies to offer for the chosen pupils: each line of their regulation plans' strategies, for the plans the
    /// member of staff may read (a lunchtime supervisor who does not teach the pupil is offered none).
    /// </summary>
    public async Task<IReadOnlyList<string>> OfferedStrategiesAsync(IReadOnlyCollection<Guid> pupilIds, CancellationToken cancellationToken)
    {
        if (pupilIds.Count == 0 || staff.GrantFor(RecordType.RegulationPlan, Operation.Read).IsEmpty)
        {
            return [];
        }

        var readable = db.Pupils.VisibleTo(staff, RegulationPlans.Read).Select(p => p.Id);
        var plans = await db.RegulationPlans.AsNoTracking().Where(p => pupilIds.Contains(p.PupilId) && readable.Contains(p.PupilId))
            .Select(p => p.Content).ToListAsync(cancellationToken);
        return [.. plans.SelectMany(p => StrategyLines(p.Strategies)).Distinct(StringComparer.OrdinalIgnoreCase).Take(30)];
    }

    /// <summary>A plan's strategies one per line, bullets and numbering taken off.</summary>
    public static IEnumerable<string> StrategyLines(string? text) =>
        (text ?? "").Split('\n').Select(line => line.Trim().TrimStart('-', '*', '•', '–', ' ', '\t').Trim())
            .Select(line => System.Text.RegularExpressions.Regex.Replace(line, @"^\d+[.)]\s*", ""))
            .Where(line => line.Length is > 0 and <= IncidentSettings.MaxName * 2);

    /// <summary>
    /// Checks and records an incident; errors are keyed by field (<c>Pupils</c>, <c>Intervention.Reason</c> and so on)
    /// and nothing is saved while there are any. With <paramref name="save"/> false it only checks.
    /// </summary>
    public async Task<(Incident? Incident, IReadOnlyDictionary<string, string> Errors)> RecordAsync(IncidentInput input, CancellationToken cancellationToken, bool save = true)
    {
        var errors = new Dictionary<string, string>();
        var ids = input.Pupils.Select(p => p.PupilId).Distinct().ToList();
        if (ids.Count == 0)
        {
            errors["Pupils"] = "Choose the pupils the incident is about";
        }
        else if (ids.Count > MaxPupils)
        {
            errors["Pupils"] = $"An incident can be about at most {MaxPupils} pupils";
        }

        var pupils = ids.Count is 0 or > MaxPupils ? [] : await PupilChoice.From(RecordablePupils().Where(p => ids.Contains(p.Id))).ToListAsync(cancellationToken);
        if (ids.Count is > 0 and <= MaxPupils && pupils.Count < ids.Count)
        {
            throw new NotFoundException();
        }

        if (pupils.Select(p => p.SchoolId).Distinct().Count() > 1)
        {
            errors["Pupils"] = "The pupils of one incident must be at the same school; record one incident at each school";
        }

        var schoolId = pupils.Count > 0 ? pupils[0].SchoolId : Guid.Empty;
        var options = schoolId == Guid.Empty ? null : await settings.InUseAsync(schoolId, cancellationToken);
        var stages = schoolId == Guid.Empty ? [] : await regulationPlans.StagesAsync(schoolId, cancellationToken);
        var roles = new Dictionary<Guid, (IncidentRole Role, string? Stage)>();
        foreach (var pupil in input.Pupils.DistinctBy(p => p.PupilId))
        {
            var name = pupils.FirstOrDefault(p => p.Id == pupil.PupilId)?.Name ?? "a pupil";
            if (pupil.Role is not { } role)
            {
                errors[$"Role-{pupil.PupilId}"] = $"Choose whether {name} was involved, affected or a witness";
                continue;
            }

            string? stage = null;
            if (!string.IsNullOrWhiteSpace(pupil.Stage))
            {
                stage = stages.FirstOrDefault(s => string.Equals(s, pupil.Stage.Trim(), StringComparison.OrdinalIgnoreCase));
                if (stage is null)
                {
                    errors[$"Stage-{pupil.PupilId}"] = $"{name}: “{Shorten(pupil.Stage)}” is not one of the school’s stages of regulation";
                }
                else if (role != IncidentRole.Involved)
                {
                    errors[$"Stage-{pupil.PupilId}"] = $"{name}: a stage of regulation is recorded only for a pupil involved";
                }
            }

            roles[pupil.PupilId] = (role, stage);
        }

        if (roles.Count == pupils.Count && pupils.Count > 0 && roles.Values.All(r => r.Role != IncidentRole.Involved))
        {
            errors["Pupils"] = "At least one pupil must be involved; the others can be affected or witnesses";
        }

        var today = Today;
        if (input.OccurredOn is not { } occurredOn)
        {
            errors["OccurredOn"] = "Enter the date of the incident";
        }
        else if (occurredOn > today)
        {
            errors["OccurredOn"] = "The date of the incident must be today or earlier";
        }
        else if (occurredOn < today.AddYears(-1))
        {
            errors["OccurredOn"] = "The date of the incident must be within the last year";
        }

        if (input.OccurredAt is null)
        {
            errors["OccurredAt"] = "Enter the time the incident started, like 12:40";
        }
        else if (input.OccurredOn == today && input.OccurredAt > TimeOnly.FromDateTime(LocalTime.ToUk(Now)).AddMinutes(5))
        {
            errors["OccurredAt"] = "The time of the incident cannot be later than now";
        }

        if (input.DurationMinutes is { } duration && duration is < 1 or > MaxDuration)
        {
            errors["DurationMinutes"] = $"Enter how long it lasted in minutes, from 1 to {MaxDuration}, or leave it blank";
        }

        var type = Pick(options, IncidentList.Type, input.Type, "Type", "Choose the type of incident", "type", errors);
        var positive = type?.Positive ?? false;
        var severity = positive && string.IsNullOrWhiteSpace(input.Severity) ? null : Pick(options, IncidentList.Severity, input.Severity, "Severity", "Choose how severe it was", "severity", errors);
        var location = Pick(options, IncidentList.Location, input.Location, "Location", "Choose where it happened", "location", errors);
        var period = string.IsNullOrWhiteSpace(input.Period) ? null : Pick(options, IncidentList.Period, input.Period, "Period", "", "period", errors);
        var lesson = TextInput.Optional(input.Lesson, MaxShort, "Lesson", "The lesson", errors, multiline: false);
        var antecedent = TextInput.Optional(input.Antecedent, MaxText, "Antecedent", "What happened before", errors);
        var (behaviour, behaviourError) = TextInput.Clean(input.Behaviour, MaxText, multiline: true);
        TextInput.Require(behaviour, behaviourError, "Behaviour", positive ? "Write what the pupil did" : "Write what happened: the behaviour you saw", "What happened", errors);
        var consequence = TextInput.Optional(input.Consequence, MaxText, "Consequence", "What happened after", errors);
        var triggers = TextInput.Optional(input.Triggers, MaxText, "Triggers", "Triggers", errors);
        var strategies = new List<StrategyTried>();
        foreach (var strategy in input.Strategies.OfType<StrategyTried>())
        {
            var (name, error) = TextInput.Clean(strategy.Name, IncidentSettings.MaxName * 2);
            if (error is not null)
            {
                errors["Strategies"] = $"A strategy {error}";
            }
            else if (name is not null && strategies.All(s => !string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                strategies.Add(new StrategyTried(name, strategy.Helped));
            }
        }

        if (strategies.Count > 30)
        {
            errors["Strategies"] = "Record at most 30 strategies; describe the rest under other strategies";
        }

        var otherStrategies = TextInput.Optional(input.OtherStrategies, MaxText, "OtherStrategies", "Other strategies", errors);
        var injuries = TextInput.Optional(input.Injuries, MaxText, "Injuries", "Injuries", errors);
        var damage = TextInput.Optional(input.Damage, MaxText, "Damage", "Damage", errors);
        var followUp = TextInput.Optional(input.FollowUp, MaxText, "FollowUp", "Follow-up needed", errors);

        var informed = input.ParentsInformed;
        if (informed is null)
        {
            errors["ParentsInformed"] = "Say whether parents or carers have been told";
        }

        var who = TextInput.Optional(input.ParentsInformedWho, MaxShort, "ParentsInformedWho", "Who was told", errors, multiline: false);
        DateTime? informedUtc = null;
        if (informed == true)
        {
            if (who is null && !errors.ContainsKey("ParentsInformedWho"))
            {
                errors["ParentsInformedWho"] = "Enter who was told, like “Mum (Sarah Jones)”";
            }

            if (input.ParentsInformedHow is null)
            {
                errors["ParentsInformedHow"] = "Choose how they were told";
            }

            if (input.ParentsInformedOn is not { } on)
            {
                errors["ParentsInformedOn"] = "Enter the date they were told";
            }
            else if (on > today || (input.OccurredOn is { } happened && on < happened))
            {
                errors["ParentsInformedOn"] = "The date they were told must be between the incident and today";
            }
            else
            {
                informedUtc = LocalTime.FromUk(on.ToDateTime(input.ParentsInformedAt ?? TimeOnly.MinValue));
            }
        }

        var staffChoices = schoolId == Guid.Empty ? [] : await StaffAsync(schoolId, cancellationToken);
        var staffInvolved = new List<IncidentStaff>();
        foreach (var id in input.StaffIds.Distinct())
        {
            if (staffChoices.Where(s => s.Id == id).Select(s => (s.Id, s.Name)).FirstOrDefault() is var member && member.Id != Guid.Empty)
            {
                staffInvolved.Add(new IncidentStaff { StaffUserId = member.Id, Name = member.Name });
            }
            else if (schoolId != Guid.Empty)
            {
                errors["StaffIds"] = "Choose the staff involved from the school’s staff";
            }
        }

        if (staffInvolved.Count > MaxStaff)
        {
            errors["StaffIds"] = $"Name at most {MaxStaff} staff involved";
        }

        var intervention = input.Intervention is { } given
            ? CheckIntervention(given, options, roles, staffChoices, input.OccurredAt, errors)
            : null;

        if (errors.Count > 0 || !save)
        {
            return (null, errors);
        }

        var incident = new Incident
        {
            SchoolId = schoolId,
            OccurredOn = input.OccurredOn!.Value,
            OccurredAt = new TimeOnly(input.OccurredAt!.Value.Hour, input.OccurredAt.Value.Minute),
            DurationMinutes = input.DurationMinutes,
            TypeName = type!.Name,
            Positive = type.Positive,
            Dysregulation = type.Dysregulation,
            SeverityName = severity?.Name ?? "",
            SeverityRank = severity is null ? 0 : options![IncidentList.Severity].TakeWhile(o => o.Id != severity.Id).Count() + 1,
            LocationName = location!.Name,
            OffSite = location.OffSite,
            PeriodName = period?.Name,
            Unstructured = period?.Unstructured ?? false,
            Lesson = lesson,
            Antecedent = antecedent,
            Behaviour = behaviour!,
            Consequence = consequence,
            Triggers = triggers,
            Strategies = strategies,
            OtherStrategies = otherStrategies,
            Injuries = injuries,
            Damage = damage,
            ParentsInformed = informed == true,
            ParentsInformedWho = informed == true ? who : null,
            ParentsInformedUtc = informedUtc,
            ParentsInformedHow = informed == true ? input.ParentsInformedHow : null,
            FollowUp = followUp,
            RecordedByUserId = staff.UserId,
            RecordedByName = staff.User!.DisplayName,
            RecordedUtc = Now,
        };
        incident.Pupils.AddRange(roles.Select(r => new IncidentPupil { IncidentId = incident.Id, PupilId = r.Key, Role = r.Value.Role, Stage = r.Value.Stage }));
        foreach (var member in staffInvolved)
        {
            member.IncidentId = incident.Id;
            incident.Staff.Add(member);
        }

        if (intervention is not null)
        {
            intervention.IncidentId = incident.Id;
            intervention.SchoolId = schoolId;
            incident.Intervention = intervention;
            foreach (var user in intervention.Staff.Where(s => incident.Staff.All(i => i.StaffUserId != s.UserId)))
            {
                incident.Staff.Add(new IncidentStaff { IncidentId = incident.Id, StaffUserId = user.UserId, Name = user.Name });
            }

            await TellLeadsAsync(incident, intervention.PupilId, cancellationToken);
        }

        db.Incidents.Add(incident);
        await db.SaveChangesAsync(cancellationToken);
        return (incident, errors);
    }

    private static PhysicalIntervention? CheckIntervention(InterventionInput given, ILookup<IncidentList, IncidentOption>? options, Dictionary<Guid, (IncidentRole Role, string? Stage)> roles,
        IReadOnlyList<(Guid Id, string Name)> staffChoices, TimeOnly? occurredAt, Dictionary<string, string> errors)
    {
        const string key = "Intervention.";
        if (given.PupilId is not { } pupilId || !roles.TryGetValue(pupilId, out var role) || role.Role != IncidentRole.Involved)
        {
            errors[key + "PupilId"] = "Choose the pupil the physical intervention was used with, from the pupils involved";
        }

        var technique = Pick(options, IncidentList.Technique, given.Technique, key + "Technique", "Choose the technique used", "technique", errors);
        var users = new List<InterventionStaff>();
        foreach (var id in given.StaffIds.Distinct())
        {
            if (staffChoices.FirstOrDefault(s => s.Id == id) is var member && member.Id != Guid.Empty)
            {
                users.Add(new InterventionStaff(member.Id, member.Name));
            }
        }

        if (users.Count == 0)
        {
            errors[key + "StaffIds"] = "Choose the staff who used the physical intervention";
        }

        if (given.StartedAt is null)
        {
            errors[key + "StartedAt"] = "Enter the time the physical intervention started";
        }
        else if (occurredAt is { } start && given.StartedAt < start)
        {
            errors[key + "StartedAt"] = "The physical intervention cannot start before the incident";
        }

        if (given.EndedAt is null)
        {
            errors[key + "EndedAt"] = "Enter the time the physical intervention ended";
        }
        else if (given.StartedAt is { } from && given.EndedAt < from)
        {
            errors[key + "EndedAt"] = "The physical intervention must end after it started";
        }

        var (reason, reasonError) = TextInput.Clean(given.Reason, MaxText, multiline: true);
        TextInput.Require(reason, reasonError, key + "Reason", "Write why the physical intervention was necessary: the risk it prevented and what was tried first", "Why it was necessary", errors);
        var injuries = TextInput.Optional(given.Injuries, MaxText, key + "Injuries", "Injuries from the intervention", errors);
        var pupilDebrief = TextInput.Optional(given.PupilDebrief, MaxText, key + "PupilDebrief", "The debrief with the pupil", errors);
        var staffDebrief = TextInput.Optional(given.StaffDebrief, MaxText, key + "StaffDebrief", "The debrief with staff", errors);
        if (given.ParentsInformedSameDay is null)
        {
            errors[key + "ParentsInformedSameDay"] = "Say whether parents or carers were told the same day";
        }

        return errors.Keys.Any(k => k.StartsWith(key, StringComparison.Ordinal)) ? null : new PhysicalIntervention
        {
            PupilId = given.PupilId!.Value,
            Technique = technique!.Name,
            Staff = users,
            StartedAt = new TimeOnly(given.StartedAt!.Value.Hour, given.StartedAt.Value.Minute),
            EndedAt = new TimeOnly(given.EndedAt!.Value.Hour, given.EndedAt.Value.Minute),
            Reason = reason!,
            Injuries = injuries,
            PupilDebrief = pupilDebrief,
            StaffDebrief = staffDebrief,
            ParentsInformedSameDay = given.ParentsInformedSameDay == true,
        };
    }

    private static IncidentOption? Pick(ILookup<IncidentList, IncidentOption>? options, IncidentList list, string? name, string key, string missing, string noun,
        Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            errors[key] = missing;
            return null;
        }

        var found = options?[list].FirstOrDefault(o => string.Equals(o.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
        if (found is null && options is not null)
        {
            errors[key] = $"“{Shorten(name)}” is not one of the school’s incident {noun} options";
        }

        return found;
    }

    private static string Shorten(string? text) => text is null ? "" : text.Length > 60 ? text[..60] + "…" : text;

    /// <summary>Tells the pastoral leads who reach the pupil that a physical intervention needs their review (no pupil named), when the school's rules say so.</summary>
    private async Task TellLeadsAsync(Incident incident, Guid pupilId, CancellationToken cancellationToken)
    {
        var rules = await settings.RulesAsync(incident.SchoolId, cancellationToken);
        if (!rules.InterventionAlertsLead)
        {
            return;
        }

        foreach (var lead in await LeadsForAsync(incident.SchoolId, pupilId, cancellationToken))
        {
            await notifier.NotifyAsync(lead, InterventionCategory, "A physical intervention was recorded and needs your review.",
                $"/incidents/{incident.Id}", incident.SchoolId, new NotificationSender(staff.UserId, staff.User!.DisplayName));
        }
    }

    /// <summary>The pastoral leads whose scope covers the pupil: school-wide, or for the pupil's year.</summary>
    public Task<IReadOnlyList<Guid>> LeadsForAsync(Guid schoolId, Guid pupilId, CancellationToken cancellationToken) =>
        LeadsForAsync(db, schoolId, pupilId, cancellationToken);

    /// <inheritdoc cref="LeadsForAsync(Guid, Guid, CancellationToken)"/>
    public static async Task<IReadOnlyList<Guid>> LeadsForAsync(AppDbContext db, Guid schoolId, Guid pupilId, CancellationToken cancellationToken)
    {
        var trustId = await db.Schools.Where(s => s.Id == schoolId).Select(s => s.TrustId).FirstAsync(cancellationToken);
        var year = await db.Pupils.Where(p => p.Id == pupilId).Select(p => p.YearGroup != null ? (int?)p.YearGroup.NationalCurriculumYear : null).FirstAsync(cancellationToken);
        var leads = await db.RoleAssignments.AsNoTracking()
            .Where(a => a.Role == Role.PastoralLead && a.TrustId == trustId && (a.SchoolId == schoolId || a.SchoolId == null))
            .Join(db.Users.Where(u => !u.Disabled), a => a.UserId, u => u.Id, (a, u) => a)
            .ToListAsync(cancellationToken);
        return [.. leads.Where(a => !a.IsScoped || (year is { } y && a.CoversYear(y))).Select(a => a.UserId).Distinct()];
    }

    /// <summary>A pastoral lead's review of a physical intervention; false when there is none awaiting review.</summary>
    public async Task<(bool Done, string? Error)> ReviewAsync(Guid incidentId, string? note, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var (text, error) = TextInput.Clean(note, MaxText, multiline: true);
        TextInput.Require(text, error, "ReviewNote", "Write your review: whether the force was reasonable and necessary, and what follows", "The review", errors);
        if (errors.Count > 0)
        {
            return (false, errors["ReviewNote"]);
        }

        var reviewable = Visible(Review).Select(i => i.Id);
        var intervention = await db.PhysicalInterventions.FirstOrDefaultAsync(p => p.IncidentId == incidentId && reviewable.Contains(p.IncidentId), cancellationToken);
        if (intervention is null)
        {
            throw new NotFoundException();
        }

        if (intervention.ReviewedUtc is not null)
        {
            return (false, $"This physical intervention was already reviewed by {intervention.ReviewedByName}");
        }

        (intervention.ReviewedByUserId, intervention.ReviewedByName, intervention.ReviewedUtc, intervention.ReviewNote) = (staff.UserId, staff.User!.DisplayName, Now, text);
        await db.SaveChangesAsync(cancellationToken);
        return (true, null);
    }

    /// <summary>Physical interventions awaiting review among the incidents the member of staff may review, oldest first.</summary>
    public Task<List<Incident>> AwaitingReviewAsync(CancellationToken cancellationToken) =>
        Visible(Review).AsNoTracking().Where(i => i.Intervention != null && i.Intervention.ReviewedUtc == null && i.EnteredInErrorUtc == null)
            .Include(i => i.Intervention).Include(i => i.Pupils).ThenInclude(p => p.Pupil)
            .OrderBy(i => i.OccurredOn).ThenBy(i => i.OccurredAt)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);

    /// <summary>Records a restorative conversation or reflection after the incident; errors by field.</summary>
    public async Task<IReadOnlyDictionary<string, string>> AddRestorativeAsync(Incident incident, RestorativeInput input, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        if (input.Kind is null)
        {
            errors["Kind"] = "Choose a restorative conversation or a reflection";
        }

        if (input.PupilId is { } pupilId && incident.Pupils.All(p => p.PupilId != pupilId))
        {
            errors["PupilId"] = "Choose one of the incident’s pupils";
        }

        if (input.HeldOn is not { } heldOn)
        {
            errors["HeldOn"] = "Enter the date it took place";
        }
        else if (heldOn < incident.OccurredOn || heldOn > Today)
        {
            errors["HeldOn"] = "The date must be between the incident and today";
        }

        var (what, whatError) = TextInput.Clean(input.WhatHappened, MaxText, multiline: true);
        TextInput.Require(what, whatError, "WhatHappened", "Write what happened, as the pupils told it", "What happened", errors);
        var who = TextInput.Optional(input.WhoAffected, MaxText, "WhoAffected", "Who was affected and how", errors);
        var needed = TextInput.Optional(input.WhatNeeded, MaxText, "WhatNeeded", "What is needed to put it right", errors);
        var repair = TextInput.Optional(input.AgreedRepair, MaxText, "AgreedRepair", "The agreed repair", errors);
        var view = TextInput.Optional(input.PupilView, MaxText, "PupilView", "The pupil’s view", errors);
        if (input.RepairByOn is { } by && repair is null)
        {
            errors["AgreedRepair"] = "Write the repair agreed, or clear the date it is due by";
        }
        else if (input.RepairByOn is { } due && input.HeldOn is { } held && due < held)
        {
            errors["RepairByOn"] = "The repair cannot be due before the conversation";
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        db.RestorativeRecords.Add(new RestorativeRecord
        {
            IncidentId = incident.Id,
            PupilId = input.PupilId,
            Kind = input.Kind!.Value,
            HeldOn = input.HeldOn!.Value,
            WhatHappened = what!,
            WhoAffected = who,
            WhatNeeded = needed,
            AgreedRepair = repair,
            RepairByOn = repair is null ? null : input.RepairByOn,
            PupilView = view,
            RecordedByUserId = staff.UserId,
            RecordedByName = staff.User!.DisplayName,
            RecordedUtc = Now,
        });
        await db.SaveChangesAsync(cancellationToken);
        return errors;
    }

    /// <summary>Marks an agreed repair done; false when there is none outstanding.</summary>
    public async Task<bool> RepairDoneAsync(Guid incidentId, Guid restorativeId, CancellationToken cancellationToken)
    {
        var record = await db.RestorativeRecords.FirstOrDefaultAsync(r => r.Id == restorativeId && r.IncidentId == incidentId && r.AgreedRepair != null && r.RepairDoneUtc == null, cancellationToken);
        if (record is null)
        {
            return false;
        }

        (record.RepairDoneUtc, record.RepairDoneByName) = (Now, staff.User!.DisplayName);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Marks the incident's follow-up done; false when there is none outstanding.</summary>
    public async Task<bool> FollowUpDoneAsync(Guid incidentId, CancellationToken cancellationToken)
    {
        var incident = await db.Incidents.FirstOrDefaultAsync(i => i.Id == incidentId && i.FollowUp != null && i.FollowUpDoneUtc == null, cancellationToken);
        if (incident is null)
        {
            return false;
        }

        (incident.FollowUpDoneUtc, incident.FollowUpDoneByName) = (Now, staff.User!.DisplayName);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The parts of an incident a correction may change, by form field, with the label it is shown under.</summary>
    public static readonly IReadOnlyList<(string Field, string Label, bool Intervention)> Correctable =
    [
        (nameof(Incident.Antecedent), "What happened before", false), (nameof(Incident.Behaviour), "What happened", false),
        (nameof(Incident.Consequence), "What happened after", false), (nameof(Incident.Triggers), "Triggers", false),
        (nameof(Incident.OtherStrategies), "Other strategies tried", false), (nameof(Incident.Injuries), "Injuries", false),
        (nameof(Incident.Damage), "Damage", false), (nameof(Incident.FollowUp), "Follow-up needed", false),
        ("InterventionInjuries", "Injuries in the physical intervention", true), (nameof(PhysicalIntervention.PupilDebrief), "Debrief with the pupil", true),
        (nameof(PhysicalIntervention.StaffDebrief), "Debrief with staff", true),
    ];

    /// <summary>What one of the <see cref="Correctable"/> parts says now.</summary>
    public static string? Written(Incident incident, string field) => field switch
    {
        nameof(Incident.Antecedent) => incident.Antecedent, nameof(Incident.Behaviour) => incident.Behaviour, nameof(Incident.Consequence) => incident.Consequence,
        nameof(Incident.Triggers) => incident.Triggers, nameof(Incident.OtherStrategies) => incident.OtherStrategies, nameof(Incident.Injuries) => incident.Injuries,
        nameof(Incident.Damage) => incident.Damage, nameof(Incident.FollowUp) => incident.FollowUp,
        "InterventionInjuries" => incident.Intervention?.Injuries, nameof(PhysicalIntervention.PupilDebrief) => incident.Intervention?.PupilDebrief,
        nameof(PhysicalIntervention.StaffDebrief) => incident.Intervention?.StaffDebrief,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not a part of an incident that can be corrected."),
    };

    /// <summary>
    /// Corrects or adds to an incident's written parts. Each change keeps what it said before, with who, when and why;
    /// a reason is needed to change anything already written (adding a debrief or a missing part needs none). Refused
    /// when someone else saved the incident since the form was opened. Errors by field.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> CorrectAsync(Guid incidentId, int version, IReadOnlyDictionary<string, string?> values, string? reason,
        CancellationToken cancellationToken)
    {
        var incident = await Visible(Amend).Include(i => i.Intervention).FirstAsync(i => i.Id == incidentId, cancellationToken);
        var errors = new Dictionary<string, string>();
        if (incident.Version != version)
        {
            errors["Reason"] = "Someone else changed this incident while you were correcting it; reload the page and make your correction again";
            return errors;
        }

        if (incident.EnteredInErrorUtc is not null)
        {
            errors["Reason"] = "This incident was marked as entered in error; it cannot be corrected";
            return errors;
        }

        var changes = new List<(string Field, string Label, string? Before, string? After)>();
        foreach (var (field, label, intervention) in Correctable.Where(c => !c.Intervention || incident.Intervention is not null))
        {
            if (!values.TryGetValue(field, out var posted))
            {
                continue;
            }

            var after = TextInput.Optional(posted, MaxText, field, label, errors);
            var before = Written(incident, field);
            if (!errors.ContainsKey(field) && !string.Equals(after, before, StringComparison.Ordinal))
            {
                changes.Add((field, label, before, after));
            }
        }

        if (changes.Any(c => c.Field == nameof(Incident.Behaviour) && c.After is null))
        {
            errors[nameof(Incident.Behaviour)] = "Write what happened: it cannot be left empty";
        }

        var why = TextInput.Optional(reason, MaxShort, "Reason", "The reason", errors, multiline: false);
        if (changes.Count == 0 && errors.Count == 0)
        {
            errors["Reason"] = "Nothing was changed: change what needs correcting or adding, then save";
        }
        else if (why is null && changes.Any(c => c.Before is not null) && !errors.ContainsKey("Reason"))
        {
            errors["Reason"] = "Give the reason for the correction, for example what was wrong";
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        foreach (var (field, label, before, after) in changes)
        {
            switch (field)
            {
                case nameof(Incident.Antecedent): incident.Antecedent = after; break;
                case nameof(Incident.Behaviour): incident.Behaviour = after!; break;
                case nameof(Incident.Consequence): incident.Consequence = after; break;
                case nameof(Incident.Triggers): incident.Triggers = after; break;
                case nameof(Incident.OtherStrategies): incident.OtherStrategies = after; break;
                case nameof(Incident.Injuries): incident.Injuries = after; break;
                case nameof(Incident.Damage): incident.Damage = after; break;
                case nameof(Incident.FollowUp): incident.FollowUp = after; break;
                case "InterventionInjuries": incident.Intervention!.Injuries = after; break;
                case nameof(PhysicalIntervention.PupilDebrief): incident.Intervention!.PupilDebrief = after; break;
                default: incident.Intervention!.StaffDebrief = after; break;
            }

            db.IncidentAmendments.Add(new IncidentAmendment
            {
                IncidentId = incident.Id, Field = label, Before = before, After = after, Reason = why ?? "Added", ByName = staff.User!.DisplayName, RecordedUtc = Now,
            });
        }

        // A correction is a change to the incident even when only its intervention changed: the version moves on.
        db.Entry(incident).Property(i => i.Version).IsModified = true;
        return await DocumentVersion.TrySaveAsync(db, cancellationToken)
            ? errors
            : new Dictionary<string, string> { ["Reason"] = "Someone else changed this incident while you were correcting it; reload the page and make your correction again" };
    }

    /// <summary>
    /// Marks an incident as entered in error (the wrong pupil, a duplicate): it stays, struck through, with who and
    /// why, but leaves every count, trend, alert and report. Errors by field.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> EnteredInErrorAsync(Guid incidentId, int version, string? reason, CancellationToken cancellationToken)
    {
        var incident = await Visible(Amend).FirstAsync(i => i.Id == incidentId, cancellationToken);
        var errors = new Dictionary<string, string>();
        var (why, error) = TextInput.Clean(reason, MaxText, multiline: true);
        TextInput.Require(why, error, "ErrorReason", "Give the reason it was entered in error, for example the wrong pupil or a duplicate", "The reason", errors);
        if (incident.EnteredInErrorUtc is not null)
        {
            errors["ErrorReason"] = $"Already marked as entered in error by {incident.EnteredInErrorByName}";
        }
        else if (incident.Version != version)
        {
            errors["ErrorReason"] = "Someone else changed this incident since you opened it; reload the page";
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        (incident.EnteredInErrorUtc, incident.EnteredInErrorByName, incident.EnteredInErrorReason) = (Now, staff.User!.DisplayName, why);
        return await DocumentVersion.TrySaveAsync(db, cancellationToken)
            ? errors
            : new Dictionary<string, string> { ["ErrorReason"] = "Someone else changed this incident since you opened it; reload the page" };
    }

    /// <summary>Records that parents or carers were told, after the incident was recorded without it; errors by field.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ParentsInformedAsync(Guid incidentId, string? who, DateOnly? on, TimeOnly? at, ContactMethod? how, CancellationToken cancellationToken)
    {
        var incident = await db.Incidents.FirstAsync(i => i.Id == incidentId, cancellationToken);
        var errors = new Dictionary<string, string>();
        if (incident.ParentsInformed)
        {
            errors["ParentsInformedWho"] = $"Parents were already recorded as told ({incident.ParentsInformedWho}); correct the incident to change it";
            return errors;
        }

        var name = TextInput.Optional(who, MaxShort, "ParentsInformedWho", "Who was told", errors, multiline: false);
        if (name is null && !errors.ContainsKey("ParentsInformedWho"))
        {
            errors["ParentsInformedWho"] = "Enter who was told, like “Mum (Sarah Jones)”";
        }

        if (how is null)
        {
            errors["ParentsInformedHow"] = "Choose how they were told";
        }

        if (on is not { } date)
        {
            errors["ParentsInformedOn"] = "Enter the date they were told";
        }
        else if (date > Today || date < incident.OccurredOn)
        {
            errors["ParentsInformedOn"] = "The date they were told must be between the incident and today";
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        (incident.ParentsInformed, incident.ParentsInformedWho, incident.ParentsInformedHow, incident.ParentsInformedUtc) =
            (true, name, how, LocalTime.FromUk(on!.Value.ToDateTime(at ?? TimeOnly.MinValue)));
        await db.SaveChangesAsync(cancellationToken);
        return errors;
    }
}
