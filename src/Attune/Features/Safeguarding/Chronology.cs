using Attune.Features.Pupils;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Safeguarding;

/// <summary>The kinds of event in a chronology; each is a filter. Later features add theirs.</summary>
public enum ChronologyEventType
{
    Concern,
    Decision,
    Action,
    Referral,
    Meeting,
    Status,
    Correction,
    Incident,
}

/// <summary>
/// One event in a pupil's chronology. <see cref="When"/> is school (UK) time, the time the event happened (a
/// concern's occurrence, a meeting's date), not when it was typed in; <see cref="HasTime"/> is false for events
/// known only by their date.
/// </summary>
public sealed record ChronologyEvent(
    DateTime When, bool HasTime, ChronologyEventType Type, string Title, string? Detail, string? By, Guid? ConcernId, string? Category, bool InError)
{
    /// <summary>Further lines shown under the detail (a reason, a reference, attendees).</summary>
    public IReadOnlyList<(string Label, string Text)> Notes { get; init; } = [];
}

/// <summary>The pupil a chronology is of, as its header and the PDF's cover show them.</summary>
public sealed record ChronologyPupil(Guid Id, Guid SchoolId, string School, string Name, string? LegalName, string Upn, DateOnly DateOfBirth, string? YearGroup, string? Form);

public sealed record ChronologyFilter(IReadOnlyCollection<ChronologyEventType>? Types = null, Guid? CategoryId = null)
{
    public bool Includes(ChronologyEventType type) => Types is null || Types.Count == 0 || Types.Contains(type);
}

public sealed record ChronologyResult(ChronologyPupil Pupil, IReadOnlyList<ChronologyEvent> Events, IReadOnlyList<(Guid Id, string Name)> Categories);

/// <summary>
/// A pupil's safeguarding chronology: every concern about them that the reader may see, with every decision,
/// action, referral, response, escalation, meeting, correction and status change, in the order they happened.
/// Each read is audited against the pupil. A concern the reader may not see (a DSL-only category, for a deputy)
/// contributes nothing, not even a gap.
/// </summary>
public sealed class Chronology(AppDbContext db, StaffContext staff, AuditTrail audit)
{
    /// <summary>The chronology, audited as <paramref name="auditAction"/> (read, export), or null when the pupil is not one the member of staff may read concerns about (answer 404).</summary>
    public async Task<ChronologyResult?> ForPupilAsync(Guid pupilId, ChronologyFilter filter, string auditAction, CancellationToken cancellationToken)
    {
        var reachable = db.Pupils.Within(staff, staff.GrantFor(RecordType.Concern, Operation.Read)).Select(p => p.Id)
            .Concat(db.Pupils.Within(staff, staff.GrantFor(RecordType.DslOnlyConcern, Operation.Read)).Select(p => p.Id));
        var pupil = await db.Pupils.AsNoTracking().Where(p => p.Id == pupilId && reachable.Contains(p.Id))
            .Select(p => new ChronologyPupil(
                p.Id, p.SchoolId, p.School!.Name,
                (p.PreferredFirstName ?? p.LegalFirstName) + " " + (p.PreferredLastName ?? p.LegalLastName),
                p.PreferredFirstName != null || p.PreferredLastName != null ? p.LegalFirstName + " " + p.LegalLastName : null,
                p.Upn, p.DateOfBirth,
                p.YearGroup != null ? p.YearGroup.Name : null,
                p.Form != null ? p.Form.Name : null))
            .FirstOrDefaultAsync(cancellationToken);
        if (pupil is null)
        {
            return null;
        }

        // Which of the pupil's concerns the reader may see is worked out once, from the pupil's own rows; the
        // split queries that load each concern's casework then look them up by id.
        var visible = await db.Concerns.AsNoTracking().VisibleTo(staff, Operation.Read)
            .Where(c => db.ConcernPupils.Any(p => p.ConcernId == c.Id && p.PupilId == pupilId))
            .Select(c => c.Id)
            .ToListAsync(cancellationToken);
        var concerns = await db.Concerns.AsNoTracking()
            .Where(c => visible.Contains(c.Id))
            .Include(c => c.Category)
            .Include(c => c.Decisions)
            .Include(c => c.Actions)
            .Include(c => c.Referrals).ThenInclude(r => r.Updates)
            .Include(c => c.Meetings)
            .Include(c => c.Amendments)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);

        var categories = concerns.Select(c => (c.CategoryId, c.Category!.Name)).Distinct().OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        var events = new List<ChronologyEvent>();
        foreach (var concern in concerns.Where(c => filter.CategoryId is null || c.CategoryId == filter.CategoryId))
        {
            AddConcern(concern, filter, events);
        }

        if (filter.CategoryId is null && filter.Includes(ChronologyEventType.Status)
            && !staff.GrantFor(RecordType.SafeguardingStatus, Operation.Read).IsEmpty)
        {
            var statusPupils = db.Pupils.Within(staff, staff.GrantFor(RecordType.SafeguardingStatus, Operation.Read)).Select(p => p.Id);
            var statuses = await db.SafeguardingStatuses.AsNoTracking()
                .Where(s => s.PupilId == pupilId && statusPupils.Contains(s.PupilId))
                .ToListAsync(cancellationToken);
            foreach (var status in statuses)
            {
                var name = PupilSafeguardingStatus.Name(status.Kind);
                events.Add(new ChronologyEvent(status.StartedOn.ToDateTime(TimeOnly.MinValue), false, ChronologyEventType.Status, $"{name}: started", status.Note,
                    status.RecordedByName, null, null, false));
                if (status.EndedOn is { } ended)
                {
                    events.Add(new ChronologyEvent(ended.ToDateTime(TimeOnly.MinValue), false, ChronologyEventType.Status, $"{name}: ended", null,
                        status.EndedByName, null, null, false));
                }
            }
        }

        if (filter.CategoryId is null && filter.Includes(ChronologyEventType.Incident) && !staff.GrantFor(RecordType.Incident, Operation.Read).IsEmpty)
        {
            var incidents = await Features.Incidents.Incidents.VisibleTo(db, staff, Features.Incidents.Incidents.Read).AsNoTracking()
                .Where(i => db.IncidentPupils.Where(p => p.PupilId == pupilId).Select(p => p.IncidentId).Contains(i.Id))
                .Include(i => i.Pupils).Include(i => i.Intervention)
                .AsSplitQuery()
                .ToListAsync(cancellationToken);
            foreach (var incident in incidents)
            {
                AddIncident(incident, pupilId, events);
            }
        }

        audit.Record(auditAction, "Chronology", pupilId.ToString(), pupilId, pupil.SchoolId, AuditOutcome.Succeeded, null);
        await db.SaveChangesAsync(cancellationToken);

        // Stable order: by when it happened; a date-only event before timed ones that day.
        var ordered = events.Select((e, i) => (e, i)).OrderBy(x => x.e.When).ThenBy(x => x.i).Select(x => x.e).ToList();
        return new ChronologyResult(pupil, ordered, categories);
    }

    /// <summary>An incident as one event: what happened, the pupil's part in it, and any physical intervention with its review.</summary>
    private static void AddIncident(Features.Incidents.Incident incident, Guid pupilId, List<ChronologyEvent> events)
    {
        var part = incident.Pupils.FirstOrDefault(p => p.PupilId == pupilId)?.Role ?? Features.Incidents.IncidentRole.Involved;
        var title = (incident.Positive ? "Recognition: " : "Incident: ") + incident.TypeName
            + (incident.SeverityName.Length > 0 ? $" ({incident.SeverityName.ToLowerInvariant()})" : "")
            + (part == Features.Incidents.IncidentRole.Involved ? "" : $", {Features.Incidents.Incident.Name(part).ToLowerInvariant()}");
        var intervention = incident.Intervention;
        events.Add(new ChronologyEvent(incident.OccurredLocal, true, ChronologyEventType.Incident, title, incident.Behaviour, incident.RecordedByName, null, null,
            incident.EnteredInErrorUtc is not null)
        {
            Notes = [.. new (string, string?)[]
            {
                ("Where", incident.LocationName + (incident.PeriodName is null ? "" : ", " + incident.PeriodName)),
                ("Other pupils", incident.Pupils.Count > 1 ? $"{incident.Pupils.Count - 1} other {(incident.Pupils.Count == 2 ? "pupil" : "pupils")}" : null),
                ("Physical intervention", intervention is null ? null
                    : $"{intervention.Technique}, {intervention.Minutes} minutes. " + (intervention.ReviewedUtc is null ? "Awaiting review." : $"Reviewed by {intervention.ReviewedByName}.")),
                ("Injuries", incident.Injuries),
            }.Where(n => n.Item2 is not null).Select(n => (n.Item1, n.Item2!))],
        });
    }

    private static void AddConcern(Concern concern, ChronologyFilter filter, List<ChronologyEvent> events)
    {
        var category = concern.Category!.Name;
        var inError = concern.EnteredInErrorUtc is not null;
        DateTime Local(DateTime utc) => LocalTime.ToUk(utc);
        void Add(ChronologyEventType type, DateTime when, bool hasTime, string title, string? detail, string? by, params (string, string?)[] notes)
        {
            if (filter.Includes(type))
            {
                events.Add(new ChronologyEvent(when, hasTime, type, title, detail, by, concern.Id, category, inError)
                {
                    Notes = [.. notes.Where(n => n.Item2 is not null).Select(n => (n.Item1, n.Item2!))],
                });
            }
        }

        Add(ChronologyEventType.Concern,
            concern.OccurredOn.ToDateTime(concern.OccurredAt ?? TimeOnly.MinValue), concern.OccurredAt is not null,
            (concern.Urgent ? "Urgent concern: " : "Concern: ") + category,
            concern.Account,
            concern.ReporterName + (concern.ReporterJobTitle is null ? "" : ", " + concern.ReporterJobTitle),
            ("Where", concern.Location),
            ("The child's own words", concern.ChildsWords),
            ("Action already taken", concern.ActionTaken),
            ("Who else was told", concern.OthersInformed),
            ("Recorded", LocalTime.Format(concern.RecordedUtc)),
            ("Received from", concern.ReceivedFrom));

        foreach (var decision in concern.Decisions)
        {
            var title = decision.Kind switch
            {
                DecisionKind.Closed => "Concern closed",
                DecisionKind.Reopened => "Concern reopened",
                _ when decision.PreviousLevelOfNeed is not null => $"Level of need changed: {decision.PreviousLevelOfNeed} to {decision.LevelOfNeed}",
                _ => $"Triage: {decision.LevelOfNeed}",
            };
            Add(ChronologyEventType.Decision, Local(decision.RecordedUtc), true, title,
                decision.Kind == DecisionKind.Reopened ? null : decision.Decision, decision.ByName,
                (decision.Kind == DecisionKind.Closed ? "Rationale" : "Reason", decision.Reason),
                ("Owner", decision.OwnerName));
        }

        foreach (var action in concern.Actions)
        {
            Add(ChronologyEventType.Action, Local(action.CreatedUtc), true, "Action agreed", action.Description, action.CreatedByName,
                ("Owner", action.OwnerName), ("Due", action.DueOn.ToString("d MMM yyyy")));
            if (action.DoneUtc is { } done)
            {
                Add(ChronologyEventType.Action, Local(done), true, "Action done", action.Description, action.DoneByName);
            }
        }

        foreach (var referral in concern.Referrals)
        {
            Add(ChronologyEventType.Referral, referral.MadeOn.ToDateTime(referral.MadeAt ?? TimeOnly.MinValue), referral.MadeAt is not null,
                $"Referral to {CaseworkNames.Of(referral.Agency)}: {referral.AgencyName}", referral.Summary, referral.RecordedByName,
                ("How", CaseworkNames.Of(referral.Method)),
                ("Reference", referral.Reference),
                ("Response due", referral.ResponseDueOn?.ToString("d MMM yyyy")));
            foreach (var update in referral.Updates)
            {
                Add(ChronologyEventType.Referral, update.On.ToDateTime(TimeOnly.MinValue), false,
                    update.Kind == ReferralUpdateKind.Response ? $"Response from {referral.AgencyName}" : $"Referral to {referral.AgencyName} escalated",
                    update.Note, update.ByName,
                    ("New response due", update.NewResponseDueOn?.ToString("d MMM yyyy")));
            }
        }

        foreach (var meeting in concern.Meetings)
        {
            Add(ChronologyEventType.Meeting, meeting.HeldOn.ToDateTime(meeting.HeldAt ?? TimeOnly.MinValue), meeting.HeldAt is not null,
                CaseworkNames.Of(meeting.Kind), meeting.Decisions, meeting.RecordedByName,
                ("Attended", meeting.Attendees),
                ("Next meeting", meeting.NextMeetingOn?.ToString("d MMM yyyy")));
        }

        foreach (var amendment in concern.Amendments)
        {
            var label = ConcernCorrections.Fields.FirstOrDefault(f => f.Field == amendment.Field).Label ?? amendment.Field;
            Add(ChronologyEventType.Correction, Local(amendment.RecordedUtc), true, $"Concern corrected: {label}", amendment.After ?? "(removed)", amendment.ByName,
                ("Reason", amendment.Reason), ("It said before", amendment.Before ?? "(nothing)"));
        }

        if (concern.EnteredInErrorUtc is { } inErrorUtc)
        {
            Add(ChronologyEventType.Correction, Local(inErrorUtc), true, "Concern marked entered in error", concern.EnteredInErrorReason, concern.EnteredInErrorByName);
        }
    }
}
