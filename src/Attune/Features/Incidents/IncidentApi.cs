using Attune.Features.Pupils;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.EntityFrameworkCore;
using static Attune.Platform.Api.ApiResults;

namespace Attune.Features.Incidents;

/// <summary>
/// Incidents in /api/v1: record one (with its physical intervention), read one or a pupil's, their trends, restorative
/// follow-up and the pastoral lead's review. The same services, access and auditing as the pages; an incident or
/// pupil out of reach answers 404, bad input 422 naming the field. Enum values are camel case ("involved", "inPerson").
/// </summary>
public static class IncidentApi
{
    public sealed record PupilPart(Guid PupilId, string? Role, string? Stage);
    public sealed record InterventionBody(Guid? PupilId, string? Technique, List<Guid>? StaffIds, TimeOnly? StartedAt, TimeOnly? EndedAt, string? Reason,
        string? Injuries, string? PupilDebrief, string? StaffDebrief, bool? ParentsInformedSameDay);
    public sealed record StrategyBody(string? Name, bool Helped);
    public sealed record NewIncident(
        List<PupilPart>? Pupils, List<Guid>? StaffIds, DateOnly? OccurredOn, TimeOnly? OccurredAt, int? DurationMinutes, string? Type, string? Severity,
        string? Location, string? Period, string? Lesson, string? Antecedent, string? Behaviour, string? Consequence, string? Triggers,
        List<StrategyBody>? Strategies, string? OtherStrategies, string? Injuries, string? Damage, bool? ParentsInformed, string? ParentsInformedWho,
        DateOnly? ParentsInformedOn, TimeOnly? ParentsInformedAt, string? ParentsInformedHow, string? FollowUp, InterventionBody? Intervention);

    public sealed record PupilPartDetails(Guid PupilId, string Role, string? Stage);
    public sealed record InterventionDetails(Guid PupilId, string Technique, IReadOnlyList<InterventionStaff> Staff, TimeOnly StartedAt, TimeOnly EndedAt, string Reason,
        string? Injuries, string? PupilDebrief, string? StaffDebrief, bool ParentsInformedSameDay, DateTime? ReviewedUtc, string? ReviewedByName, string? ReviewNote);
    public sealed record RestorativeDetails(Guid Id, string Kind, Guid? PupilId, DateOnly HeldOn, string WhatHappened, string? WhoAffected, string? WhatNeeded,
        string? AgreedRepair, DateOnly? RepairByOn, DateTime? RepairDoneUtc, string? PupilView, string RecordedByName);
    public sealed record IncidentDetails(
        Guid Id, Guid SchoolId, DateOnly OccurredOn, TimeOnly OccurredAt, int? DurationMinutes, string Type, bool Positive, bool Dysregulation, string Severity,
        string Location, bool OffSite, string? Period, bool Unstructured, string? Lesson, string? Antecedent, string Behaviour, string? Consequence, string? Triggers,
        IReadOnlyList<StrategyTried> Strategies, string? OtherStrategies, string? Injuries, string? Damage, bool ParentsInformed, string? ParentsInformedWho,
        DateTime? ParentsInformedUtc, string? ParentsInformedHow, string? FollowUp, DateTime? FollowUpDoneUtc, IReadOnlyList<PupilPartDetails> Pupils,
        IReadOnlyList<string> StaffInvolved, InterventionDetails? Intervention, IReadOnlyList<RestorativeDetails> Restorative, string RecordedByName, DateTime RecordedUtc,
        int Version, DateTime? EnteredInErrorUtc, string? EnteredInErrorReason, IReadOnlyList<AmendmentDetails> Corrections)
    {
        public static IncidentDetails Of(Incident i) => new(
            i.Id, i.SchoolId, i.OccurredOn, i.OccurredAt, i.DurationMinutes, i.TypeName, i.Positive, i.Dysregulation, i.SeverityName, i.LocationName, i.OffSite,
            i.PeriodName, i.Unstructured, i.Lesson, i.Antecedent, i.Behaviour, i.Consequence, i.Triggers, i.Strategies, i.OtherStrategies, i.Injuries, i.Damage,
            i.ParentsInformed, i.ParentsInformedWho, i.ParentsInformedUtc, i.ParentsInformedHow is { } how ? Camel(how.ToString()) : null, i.FollowUp, i.FollowUpDoneUtc,
            [.. i.Pupils.Select(p => new PupilPartDetails(p.PupilId, Camel(p.Role.ToString()), p.Stage))],
            [.. i.Staff.Select(s => s.Name)],
            i.Intervention is { } pi
                ? new InterventionDetails(pi.PupilId, pi.Technique, pi.Staff, pi.StartedAt, pi.EndedAt, pi.Reason, pi.Injuries, pi.PupilDebrief, pi.StaffDebrief,
                    pi.ParentsInformedSameDay, pi.ReviewedUtc, pi.ReviewedByName, pi.ReviewNote)
                : null,
            [.. i.Restorative.OrderBy(r => r.HeldOn).Select(r => new RestorativeDetails(r.Id, Camel(r.Kind.ToString()), r.PupilId, r.HeldOn, r.WhatHappened, r.WhoAffected,
                r.WhatNeeded, r.AgreedRepair, r.RepairByOn, r.RepairDoneUtc, r.PupilView, r.RecordedByName))],
            i.RecordedByName, i.RecordedUtc, i.Version, i.EnteredInErrorUtc, i.EnteredInErrorReason,
            [.. i.Amendments.OrderBy(a => a.RecordedUtc).Select(a => new AmendmentDetails(a.Field, a.Before, a.After, a.Reason, a.ByName, a.RecordedUtc))]);
    }

    public sealed record IncidentSummary(Guid Id, DateOnly OccurredOn, TimeOnly OccurredAt, string Type, bool Positive, string Severity, string Location, string Role,
        int Pupils, bool PhysicalIntervention, bool AwaitingReview);
    public sealed record ReviewBody(string? Note);
    public sealed record NewRestorative(string? Kind, Guid? PupilId, DateOnly? HeldOn, string? WhatHappened, string? WhoAffected, string? WhatNeeded,
        string? AgreedRepair, DateOnly? RepairByOn, string? PupilView);
    public sealed record TrendDetails(DateOnly From, DateOnly To, TrendFigures Figures, int LastFourWeeks, int FourWeeksBefore, bool Rising);
    public sealed record AwaitingReviewDetails(Guid IncidentId, DateOnly OccurredOn, TimeOnly OccurredAt, string Technique, string RecordedByName);
    public sealed record InterventionReportDetails(IReadOnlyList<AwaitingReviewDetails> AwaitingReview, InterventionReport LastTwelveMonths);
    public sealed record OptionBody(Guid? Id, string? Name, bool Retired, List<string>? Flags);
    public sealed record RulesBody(int DysregulationCount, int DysregulationSchoolDays, bool InterventionAlertsLead, int RisingPercent, int RisingMinimum);
    public sealed record IncidentSettingsBody(Dictionary<string, List<OptionBody>>? Lists, RulesBody? Rules, int? RulesVersion);
    public sealed record CohortDetails(string Cohort, string Name);
    public sealed record CohortPupilDetails(Guid PupilId, string Name, string YearGroup, int InSpan, int LastFourWeeks, int FourWeeksBefore, bool Rising);
    public sealed record CohortTrendDetails(string Cohort, string Name, DateOnly From, DateOnly To, TrendFigures Figures, IReadOnlyList<CohortPupilDetails> Pupils,
        IReadOnlyList<CohortDetails> Cohorts);
    public sealed record AmendmentDetails(string Part, string? Before, string? After, string Reason, string ByName, DateTime RecordedUtc);
    public sealed record CorrectionBody(int Version, Dictionary<string, string?>? Parts, string? Reason);
    public sealed record EnteredInErrorBody(int Version, string? Reason);
    public sealed record NewBriefing(string? Text, Guid? IncidentId);
    public sealed record BriefingDetails(Guid Id, Guid PupilId, string PupilName, string Text, string SentByName, DateTime SentUtc, bool Unread);

    public static void MapIncidentApi(this RouteGroupBuilder api)
    {
        var incidents = api.MapGroup("/incidents").WithTags("Incidents");

        incidents.MapPost("", async (NewIncident body, Incidents service, StaffContext staff, CancellationToken ct) =>
            {
                var ids = (body.Pupils ?? []).Select(p => p.PupilId).Distinct().ToList();
                if (staff.GrantFor(RecordType.Incident, Operation.Create).IsEmpty
                    || (ids.Count is > 0 and <= Incidents.MaxPupils && await service.RecordablePupils().CountAsync(p => ids.Contains(p.Id), ct) < ids.Count))
                {
                    return Results.NotFound();
                }

                var (incident, errors) = await service.RecordAsync(Input(body), ct);
                return incident is null ? Invalid(errors) : Results.Created($"/api/v1/incidents/{incident.Id}", new { incident.Id });
            })
            .WithMetadata(new GuardedByAttribute(RecordType.Incident, Operation.Create))
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Records an incident. Type, severity, location, period, technique and stage are the school's names; roles are involved, affected or witness.");

        incidents.MapGet("/{id:guid}", async (Guid id, Incidents service, AppDbContext db, AuditTrail audit, CancellationToken ct) =>
            {
                if (await service.FindAsync(id, Incidents.Read, ct) is not { } incident)
                {
                    return Results.NotFound();
                }

                foreach (var pupil in incident.Pupils)
                {
                    audit.RecordRead(nameof(RecordType.Incident), id, pupil.PupilId, incident.SchoolId);
                }

                await db.SaveChangesAsync(ct);
                return Results.Ok(IncidentDetails.Of(incident));
            })
            .WithMetadata(new GuardedByAttribute(RecordType.Incident, Operation.Read))
            .Produces<IncidentDetails>()
            .WithSummary("One incident with its pupils, physical intervention and restorative follow-up. Audited against each pupil.");

        incidents.MapPost("/{id:guid}/review", async (Guid id, ReviewBody body, Incidents service, CancellationToken ct) =>
            {
                if (!await service.Visible(Incidents.Review).AnyAsync(i => i.Id == id && i.Intervention != null, ct))
                {
                    return Results.NotFound();
                }

                var (done, error) = await service.ReviewAsync(id, body.Note, ct);
                return done ? Results.NoContent() : Invalid(new Dictionary<string, string> { ["note"] = error! });
            })
            .WithMetadata(new GuardedByAttribute(RecordType.PhysicalInterventionReview, Operation.Amend))
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("A pastoral lead's review of the incident's physical intervention, once.");

        incidents.MapPost("/{id:guid}/restorative", async (Guid id, NewRestorative body, Incidents service, CancellationToken ct) =>
            {
                if (await service.FindAsync(id, Incidents.Amend, ct) is not { } incident)
                {
                    return Results.NotFound();
                }

                var errors = await service.AddRestorativeAsync(incident, new RestorativeInput(ParseEnum<RestorativeKind>(body.Kind), body.PupilId, body.HeldOn,
                    body.WhatHappened, body.WhoAffected, body.WhatNeeded, body.AgreedRepair, body.RepairByOn, body.PupilView), ct);
                return errors.Count > 0 ? Invalid(errors) : Results.Created($"/api/v1/incidents/{id}", null);
            })
            .WithMetadata(new GuardedByAttribute(RecordType.Incident, Operation.Amend))
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Records a restorative conversation or reflection after the incident.");

        incidents.MapGet("/interventions", async (Incidents service, StaffContext staff, CancellationToken ct) =>
            {
                if (staff.GrantFor(RecordType.PhysicalInterventionReview, Operation.Read).IsEmpty)
                {
                    return Results.Forbid();
                }

                var awaiting = await service.AwaitingReviewAsync(ct);
                return Results.Ok(new InterventionReportDetails(
                    [.. awaiting.Select(i => new AwaitingReviewDetails(i.Id, i.OccurredOn, i.OccurredAt, i.Intervention!.Technique, i.RecordedByName))],
                    await service.InterventionReportAsync(ct)));
            })
            .WithMetadata(new GuardedByAttribute(RecordType.PhysicalInterventionReview, Operation.Read) { List = true })
            .Produces<InterventionReportDetails>()
            .WithSummary("Physical interventions awaiting a pastoral lead's review, oldest first, and the last twelve months by pupil, member of staff and technique.");

        incidents.MapGet("/trends", async (string? cohort, int? weeks, IncidentTrends trends, TimeProvider clock, CancellationToken ct) =>
            {
                var cohorts = await trends.CohortsAsync(ct);
                if (cohorts.Count == 0)
                {
                    return Results.Forbid();
                }

                var chosen = cohort is null ? cohorts[0] : cohorts.FirstOrDefault(c => c.Value == cohort);
                if (chosen is null)
                {
                    return Invalid(new Dictionary<string, string> { ["cohort"] = $"“{cohort}” is not one of the cohorts you may see: {string.Join(", ", cohorts.Select(c => c.Value))}" });
                }

                var today = DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));
                var found = await trends.CohortTrendsAsync(chosen, Math.Clamp(weeks ?? 12, 1, 52), today, int.MaxValue, ct);
                return Results.Ok(new CohortTrendDetails(chosen.Value, chosen.Name, found.From, found.To, found.Figures,
                    [.. found.Pupils.Select(p => new CohortPupilDetails(p.Pupil.Id, p.Pupil.Name, p.Pupil.YearGroup, p.Counts.InSpan, p.Counts.LastFourWeeks,
                        p.Counts.PreviousFourWeeks, p.Rising))],
                    [.. cohorts.Select(c => new CohortDetails(c.Value, c.Name))]));
            })
            .WithMetadata(new GuardedByAttribute(RecordType.IncidentTrends, Operation.Read) { List = true })
            .Produces<CohortTrendDetails>()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Incident trends for a cohort (all schools, a school, key stage or year group; default the first you may see) over 1 to 52 weeks: the same figures as a pupil's, where and when incidents cluster, and each pupil's counts with the rising flag. Only pupils in your reach are counted.");

        incidents.MapPost("/{id:guid}/corrections", async (Guid id, CorrectionBody body, Incidents service, CancellationToken ct) =>
            {
                if (await service.FindAsync(id, Incidents.Amend, ct) is null)
                {
                    return Results.NotFound();
                }

                // Parts by their camel-case names (pupilDebrief, behaviour); an unknown part is named back.
                var parts = new Dictionary<string, string?>();
                var errors = new Dictionary<string, string>();
                foreach (var (name, value) in body.Parts ?? [])
                {
                    var field = Incidents.Correctable.Select(c => c.Field).FirstOrDefault(f => string.Equals(f, name, StringComparison.OrdinalIgnoreCase));
                    if (field is null)
                    {
                        errors[name] = $"“{name}” is not a part of an incident that can be corrected";
                    }
                    else
                    {
                        parts[field] = value;
                    }
                }

                if (errors.Count == 0)
                {
                    errors = new Dictionary<string, string>(await service.CorrectAsync(id, body.Version, parts, body.Reason, ct));
                }

                return errors.Count > 0 ? Invalid(errors) : Results.NoContent();
            })
            .WithMetadata(new GuardedByAttribute(RecordType.Incident, Operation.Amend))
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Corrects or adds to the incident's written parts (behaviour, injuries, pupilDebrief, staffDebrief...), keeping what each said before. Needs the version read; a reason to change anything already written.");

        incidents.MapPost("/{id:guid}/entered-in-error", async (Guid id, EnteredInErrorBody body, Incidents service, CancellationToken ct) =>
            {
                if (await service.FindAsync(id, Incidents.Amend, ct) is null)
                {
                    return Results.NotFound();
                }

                var errors = await service.EnteredInErrorAsync(id, body.Version, body.Reason, ct);
                return errors.Count > 0 ? Invalid(new Dictionary<string, string> { ["reason"] = errors.Values.First() }) : Results.NoContent();
            })
            .WithMetadata(new GuardedByAttribute(RecordType.Incident, Operation.Amend))
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Marks the incident as entered in error: kept, but left out of every count, trend, alert and report.");

        var schools = api.MapGroup("/schools/{schoolId:guid}").WithTags("Incidents");
        schools.MapGet("/incident-settings", async (Guid schoolId, IncidentSettings settings, CancellationToken ct) =>
            {
                if (settings.Schools(amend: false).All(s => s.Id != schoolId))
                {
                    return Results.NotFound();
                }

                var lists = new Dictionary<string, List<OptionBody>>();
                foreach (var list in Enum.GetValues<IncidentList>())
                {
                    lists[Camel(IncidentSettings.Describe(list).Key)] = [.. (await settings.RowsAsync(schoolId, list, ct)).Select(r => new OptionBody(r.Id, r.Name, r.Retired, r.Flags))];
                }

                var rules = await settings.RulesAsync(schoolId, ct);
                return Results.Ok(new IncidentSettingsBody(lists,
                    new RulesBody(rules.DysregulationCount, rules.DysregulationSchoolDays, rules.InterventionAlertsLead, rules.RisingPercent, rules.RisingMinimum),
                    await settings.RulesVersionAsync(schoolId, ct)));
            })
            .WithMetadata(new GuardedByAttribute(RecordType.IncidentSettings, Operation.Read))
            .Produces<IncidentSettingsBody>()
            .WithSummary("The school's incident lists (types, severities, locations, periods, techniques; each option with its flags) and alert rules.");

        schools.MapPut("/incident-settings", async (Guid schoolId, IncidentSettingsBody body, IncidentSettings settings, CancellationToken ct) =>
            {
                if (settings.Schools(amend: true).All(s => s.Id != schoolId))
                {
                    return Results.NotFound();
                }

                var errors = new Dictionary<string, string>();
                var lists = new Dictionary<IncidentList, IReadOnlyList<SettingRow>>();
                foreach (var list in Enum.GetValues<IncidentList>())
                {
                    var key = Camel(IncidentSettings.Describe(list).Key);
                    if (body.Lists?.GetValueOrDefault(key) is not { } rows)
                    {
                        errors[key] = $"Give the whole {key} list, every option as it should be (rename, reorder, retire; add at most one)";
                        continue;
                    }

                    lists[list] = [.. rows.Select(r => new SettingRow { Id = r.Id, Name = r.Name, Retired = r.Retired, Flags = r.Flags ?? [] })];
                }

                if (body.Rules is not { } r)
                {
                    errors["rules"] = "Give the alert rules";
                }

                if (errors.Count > 0)
                {
                    return Invalid(errors);
                }

                var saved = await settings.SaveAsync(schoolId, lists, new IncidentAlertRules
                {
                    SchoolId = schoolId, DysregulationCount = body.Rules!.DysregulationCount, DysregulationSchoolDays = body.Rules.DysregulationSchoolDays,
                    InterventionAlertsLead = body.Rules.InterventionAlertsLead, RisingPercent = body.Rules.RisingPercent, RisingMinimum = body.Rules.RisingMinimum,
                }, body.RulesVersion, ct);
                return saved.Count > 0 ? Invalid(saved) : Results.NoContent();
            })
            .WithMetadata(new GuardedByAttribute(RecordType.IncidentSettings, Operation.Amend))
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Saves every incident list and the alert rules, all or nothing, with errors by list and row. Send the rulesVersion read, and every existing option.");

        var pupils = api.MapGroup("/pupils/{id:guid}").WithTags("Incidents");

        pupils.MapGet("/incidents", async (Guid id, Incidents service, AppDbContext db, AuditTrail audit, CancellationToken ct) =>
            {
                if (await service.PupilAsync(id, Incidents.Read, ct) is not { } pupil)
                {
                    return Results.NotFound();
                }

                audit.RecordRead(nameof(RecordType.Incident), id, id, pupil.SchoolId);
                await db.SaveChangesAsync(ct);
                return Results.Ok((await service.ForPupilAsync(id, ct)).Select(i => new IncidentSummary(i.Id, i.OccurredOn, i.OccurredAt, i.TypeName, i.Positive,
                    i.SeverityName, i.LocationName, Camel(i.Pupils.First(p => p.PupilId == id).Role.ToString()), i.Pupils.Count, i.Intervention is not null,
                    i.Intervention is { ReviewedUtc: null })));
            })
            .WithMetadata(new GuardedByAttribute(RecordType.Incident, Operation.Read) { PerPupil = true })
            .Produces<IEnumerable<IncidentSummary>>()
            .WithSummary("The pupil's incidents the caller may read, newest first. Audited.");

        pupils.MapGet("/incidents/trends", async (Guid id, int? weeks, Incidents service, IncidentTrends trends, IncidentSettings settings, AppDbContext db, AuditTrail audit,
                TimeProvider clock, CancellationToken ct) =>
            {
                if (await service.PupilAsync(id, Incidents.Read, ct) is not { } pupil)
                {
                    return Results.NotFound();
                }

                var span = Math.Clamp(weeks ?? 12, 1, 52);
                var today = DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));
                var from = TrendFigures.WeekOf(today).AddDays(-7 * (span - 1));
                var facts = await trends.ForPupilAsync(id, from < today.AddDays(-56) ? from : today.AddDays(-56), ct);
                var (last, previous) = RisingTrend.Counts(facts, today);
                audit.RecordRead(nameof(RecordType.Incident), id, id, pupil.SchoolId);
                await db.SaveChangesAsync(ct);
                return Results.Ok(new TrendDetails(from, today, TrendFigures.Of(facts, from, today), last, previous,
                    RisingTrend.Rising(last, previous, await settings.RulesAsync(pupil.SchoolId, ct))));
            })
            .WithMetadata(new GuardedByAttribute(RecordType.Incident, Operation.Read) { PerPupil = true })
            .Produces<TrendDetails>()
            .WithSummary("The pupil's incident trends over the last 1 to 52 weeks (default 12): by type each week, day by time of day, location and period. Audited.");

        pupils.MapPost("/briefings", async (Guid id, NewBriefing body, StaffBriefings briefings, CancellationToken ct) =>
            {
                var result = await briefings.SendAsync(id, body.Text, body.IncidentId, ct);
                return result is not { } sent ? Results.NotFound()
                    : sent.Errors.Count > 0 ? Invalid(sent.Errors)
                    : Results.Created("/api/v1/briefings", new { Id = sent.Id });
            })
            .WithMetadata(new GuardedByAttribute(RecordType.StaffBriefing, Operation.Create) { PerPupil = true })
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Sends \"what staff need to know\" about the pupil to the staff who teach or support them, without the incident behind it.");

        api.MapGet("/briefings", async (StaffBriefings briefings, StaffContext staff, CancellationToken ct) =>
                staff.GrantFor(RecordType.StaffBriefing, Operation.Read).IsEmpty
                    ? Results.Forbid()
                    : Results.Ok((await briefings.MineAsync(Pages.BriefingsModel.Days, ct))
                        .Select(b => new BriefingDetails(b.Id, b.Pupil.Id, b.Pupil.Name, b.Text, b.SentByName, b.SentUtc, b.Unread))))
            .WithTags("Incidents")
            .WithMetadata(new GuardedByAttribute(RecordType.StaffBriefing, Operation.Read) { NoRecord = true })
            .Produces<IReadOnlyList<BriefingDetails>>()
            .WithSummary("What staff need to know: the updates sent to the member of staff in the last 28 days, newest first. Reading them marks them read; audited per pupil.");
    }

    private static IncidentInput Input(NewIncident body) => new()
    {
        Pupils = [.. (body.Pupils ?? []).Select(p => new IncidentPupilInput(p.PupilId, ParseEnum<IncidentRole>(p.Role), p.Stage))],
        StaffIds = body.StaffIds ?? [],
        OccurredOn = body.OccurredOn,
        OccurredAt = body.OccurredAt,
        DurationMinutes = body.DurationMinutes,
        Type = body.Type,
        Severity = body.Severity,
        Location = body.Location,
        Period = body.Period,
        Lesson = body.Lesson,
        Antecedent = body.Antecedent,
        Behaviour = body.Behaviour,
        Consequence = body.Consequence,
        Triggers = body.Triggers,
        Strategies = [.. (body.Strategies ?? []).Select(s => new StrategyTried(s.Name ?? "", s.Helped))],
        OtherStrategies = body.OtherStrategies,
        Injuries = body.Injuries,
        Damage = body.Damage,
        ParentsInformed = body.ParentsInformed,
        ParentsInformedWho = body.ParentsInformedWho,
        ParentsInformedOn = body.ParentsInformedOn,
        ParentsInformedAt = body.ParentsInformedAt,
        ParentsInformedHow = ParseEnum<ContactMethod>(body.ParentsInformedHow),
        FollowUp = body.FollowUp,
        Intervention = body.Intervention is { } pi
            ? new InterventionInput(pi.PupilId, pi.Technique, pi.StaffIds ?? [], pi.StartedAt, pi.EndedAt, pi.Reason, pi.Injuries, pi.PupilDebrief, pi.StaffDebrief,
                pi.ParentsInformedSameDay)
            : null,
    };
}
