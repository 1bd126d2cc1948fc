using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Safeguarding;

/// <summary>
/// The DSL team's casework in /api/v1: actions, referrals (with responses and escalations), meetings, and a
/// pupil's chronology. The same services, access and auditing as the pages. Enum values are camel case
/// ("childrensSocialCare", "onlineForm", "strategyDiscussion").
/// </summary>
public static class CaseworkApi
{
    public sealed record NewAction(string? Description, Guid? OwnerUserId, DateOnly? DueOn);
    public sealed record ActionDone(int? Version);
    public sealed record ActionDetails(Guid Id, string Description, Guid? OwnerUserId, string OwnerName, DateOnly DueOn, DateTime CreatedUtc, string CreatedByName,
        DateTime? DoneUtc, string? DoneByName, bool Overdue, int Version);

    public sealed record NewReferral(string? Agency, string? AgencyName, string? Reference, DateOnly? MadeOn, TimeOnly? MadeAt, string? Method, string? Summary, DateOnly? ResponseDueOn);
    public sealed record ReferralDetails(Guid Id, string Agency, string AgencyName, string? Reference, DateOnly MadeOn, TimeOnly? MadeAt, string Method, string Summary,
        DateOnly? ResponseDueOn, DateOnly? ResponseOn, string? Response, bool ResponseOverdue, DateTime RecordedUtc, string RecordedByName, int Version,
        IReadOnlyList<ReferralUpdateDetails> Updates);
    public sealed record NewReferralUpdate(string? Kind, int? Version, DateOnly? On, string? Note, DateOnly? NewResponseDueOn);
    public sealed record ReferralUpdateDetails(Guid Id, string Kind, DateOnly On, string Note, DateOnly? NewResponseDueOn, DateTime RecordedUtc, string ByName);

    public sealed record NewMeeting(string? Kind, DateOnly? HeldOn, TimeOnly? HeldAt, string? Attendees, string? Decisions, DateOnly? NextMeetingOn);
    public sealed record MeetingDetails(Guid Id, string Kind, DateOnly HeldOn, TimeOnly? HeldAt, string Attendees, string Decisions, DateOnly? NextMeetingOn,
        DateTime RecordedUtc, string RecordedByName);

    public sealed record CaseworkDetails(IReadOnlyList<ActionDetails> Actions, IReadOnlyList<ReferralDetails> Referrals, IReadOnlyList<MeetingDetails> Meetings);

    public sealed record ChronologyDetails(ChronologyPupil Pupil, IReadOnlyList<EventDetails> Events);
    public sealed record EventDetails(string When, string Type, string Title, string? Detail, string? By, Guid? ConcernId, string? Category, bool EnteredInError,
        IReadOnlyDictionary<string, string> Notes);

    public static void MapCaseworkApi(this RouteGroupBuilder api)
    {
        var concerns = api.MapGroup("/concerns/{id:guid}").WithTags("Safeguarding").RequireAuthorization(Policies.SafeguardingCasework);

        concerns.MapGet("/casework", async (Guid id, AppDbContext db, StaffContext staff, Platform.Auditing.AuditTrail audit, TimeProvider clock, CancellationToken ct) =>
            {
                var concern = await db.Concerns.AsNoTracking().VisibleTo(staff, Operation.Read).Where(c => c.Id == id)
                    .Select(c => new { c.SchoolId, Pupils = c.Pupils.Select(p => p.PupilId).ToList() }).FirstOrDefaultAsync(ct);
                if (concern is null)
                {
                    return Results.NotFound();
                }

                audit.RecordConcernRead(id, concern.SchoolId, concern.Pupils);
                await db.SaveChangesAsync(ct);

                var today = DateOnly.FromDateTime(Platform.Web.LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));
                var actions = await db.SafeguardingActions.AsNoTracking().Where(a => a.ConcernId == id).OrderBy(a => a.CreatedUtc).ToListAsync(ct);
                var referrals = await db.Referrals.AsNoTracking().Include(r => r.Updates).Where(r => r.ConcernId == id).OrderBy(r => r.MadeOn).ToListAsync(ct);
                var meetings = await db.SafeguardingMeetings.AsNoTracking().Where(m => m.ConcernId == id).OrderBy(m => m.HeldOn).ToListAsync(ct);
                return Results.Ok(new CaseworkDetails(
                    [.. actions.Select(a => Details(a, today))], [.. referrals.Select(r => Details(r, today))], [.. meetings.Select(Details)]));
            })
            .WithMetadata(new GuardedByAttribute(RecordType.Concern, Operation.Read))
            .WithSummary("A concern's actions, referrals (with responses and escalations) and meetings, audited against each pupil. 404 unless the token's owner may read the concern.");

        concerns.MapPost("/actions", async (Guid id, NewAction body, ConcernCasework casework, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
            {
                if (await casework.ForAmendAsync(id, ct) is not { } concern)
                {
                    return Results.NotFound();
                }

                var errors = await casework.AddActionAsync(concern, body.Description, body.OwnerUserId, body.DueOn, ct);
                if (errors.Count > 0)
                {
                    return Invalid(errors);
                }

                var saved = await db.SafeguardingActions.AsNoTracking().Where(a => a.ConcernId == id).OrderByDescending(a => a.CreatedUtc).FirstAsync(ct);
                return Results.Created($"/api/v1/concerns/{id}/casework", Details(saved, DateOnly.FromDateTime(Platform.Web.LocalTime.ToUk(clock.GetUtcNow().UtcDateTime))));
            })
            .WithMetadata(new GuardedByAttribute(RecordType.Concern, Operation.Amend))
            .Produces<ActionDetails>(StatusCodes.Status201Created)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Add an action to an open concern: description, ownerUserId (someone in the concern's DSL team), dueOn.");

        concerns.MapPost("/actions/{actionId:guid}/done", async (Guid id, Guid actionId, ActionDone body, ConcernCasework casework, CancellationToken ct) =>
            {
                if (await casework.ForAmendAsync(id, ct) is not { } concern)
                {
                    return Results.NotFound();
                }

                if (body.Version is not { } version)
                {
                    return Invalid(new Dictionary<string, string> { ["Version"] = "Give the action's version, as last read." });
                }

                return await casework.CompleteActionAsync(concern, actionId, version, ct) switch
                {
                    true => Results.NoContent(),
                    false => Results.Problem(statusCode: StatusCodes.Status409Conflict, detail: "The action changed since the version you sent, or is already done. Nothing was saved."),
                    null => Results.NotFound(),
                };
            })
            .WithMetadata(new GuardedByAttribute(RecordType.Concern, Operation.Amend))
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Mark an action done. 409 when it changed since the version sent.");

        concerns.MapPost("/referrals", async (Guid id, NewReferral body, ConcernCasework casework, MultiAgencyWork work, TimeProvider clock, CancellationToken ct) =>
            {
                if (await casework.ForAmendAsync(id, ct) is not { } concern)
                {
                    return Results.NotFound();
                }

                var errors = new Dictionary<string, string>();
                var agency = Choice<ReferralAgency>(body.Agency, "Agency", errors);
                var method = Choice<ReferralMethod>(body.Method, "Method", errors);
                var outcome = await work.AddReferralAsync(concern,
                    new ReferralRequest(agency, body.AgencyName, body.Reference, body.MadeOn, body.MadeAt, method, body.Summary, body.ResponseDueOn), ct, errors);
                return outcome.Saved is { } saved
                    ? Results.Created($"/api/v1/concerns/{id}/casework", Details(saved, Today(clock)))
                    : Invalid(outcome.Errors);
            })
            .WithMetadata(new GuardedByAttribute(RecordType.Concern, Operation.Amend))
            .Produces<ReferralDetails>(StatusCodes.Status201Created)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Record a referral: agency (childrensSocialCare, police, earlyHelp, health, other), agencyName, madeOn, madeAt, method (phone, onlineForm, email, "
                + "inPerson, letter), reference, summary, responseDueOn (for children's social care, left out means 1 working day after madeOn).");

        concerns.MapPost("/referrals/{referralId:guid}/updates", async (Guid id, Guid referralId, NewReferralUpdate body, ConcernCasework casework, MultiAgencyWork work, CancellationToken ct) =>
            {
                if (await casework.ForAmendAsync(id, ct) is not { } concern || await work.ReferralAsync(concern, referralId, ct) is not { } referral)
                {
                    return Results.NotFound();
                }

                var errors = new Dictionary<string, string>();
                var kind = Choice<ReferralUpdateKind>(body.Kind, "Kind", errors);
                if (body.Version is null)
                {
                    errors["Version"] = "Give the referral's version, as last read.";
                }

                var outcome = await work.UpdateReferralAsync(concern, referral,
                    new ReferralUpdateRequest(kind, body.Version ?? referral.Version, body.On, body.Note, body.NewResponseDueOn), ct, errors);
                if (outcome.Conflict)
                {
                    return Results.Problem(statusCode: StatusCodes.Status409Conflict, detail: "The referral changed since the version you sent. Nothing was saved: read it again.");
                }

                return outcome.Saved is { } saved ? Results.Created($"/api/v1/concerns/{id}/casework", Details(saved)) : Invalid(outcome.Errors);
            })
            .WithMetadata(new GuardedByAttribute(RecordType.Concern, Operation.Amend))
            .Produces<ReferralUpdateDetails>(StatusCodes.Status201Created)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Record the agency's response (kind response) or an escalation (kind escalation, with newResponseDueOn when agreed). Send the referral's version.");

        concerns.MapPost("/meetings", async (Guid id, NewMeeting body, ConcernCasework casework, MultiAgencyWork work, CancellationToken ct) =>
            {
                if (await casework.ForAmendAsync(id, ct) is not { } concern)
                {
                    return Results.NotFound();
                }

                var errors = new Dictionary<string, string>();
                var kind = Choice<MeetingKind>(body.Kind, "Kind", errors);
                var outcome = await work.AddMeetingAsync(concern, new MeetingRequest(kind, body.HeldOn, body.HeldAt, body.Attendees, body.Decisions, body.NextMeetingOn), ct, errors);
                return outcome.Saved is { } saved ? Results.Created($"/api/v1/concerns/{id}/casework", Details(saved)) : Invalid(outcome.Errors);
            })
            .WithMetadata(new GuardedByAttribute(RecordType.Concern, Operation.Amend))
            .Produces<MeetingDetails>(StatusCodes.Status201Created)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Record a meeting: kind (strategyDiscussion, initialChildProtectionConference, reviewChildProtectionConference, coreGroup, childInNeedMeeting, "
                + "teamAroundTheFamily, other), heldOn, heldAt, attendees, decisions, nextMeetingOn.");

        api.MapGet("/pupils/{id:guid}/chronology", async (Guid id, string[]? type, Guid? category, Chronology chronology, CancellationToken ct) =>
            {
                var types = new List<ChronologyEventType>();
                foreach (var name in type ?? [])
                {
                    if (CaseworkNames.FromApi<ChronologyEventType>(name) is not { } parsed)
                    {
                        return Invalid(new Dictionary<string, string> { ["Type"] = $"Unknown type \"{name}\": use concern, decision, action, referral, meeting, status or correction." });
                    }

                    types.Add(parsed);
                }

                var result = await chronology.ForPupilAsync(id, new ChronologyFilter(types, category), "read", ct);
                return result is null
                    ? Results.NotFound()
                    : Results.Ok(new ChronologyDetails(result.Pupil, [.. result.Events.Select(e => new EventDetails(
                        e.HasTime ? e.When.ToString("yyyy-MM-ddTHH:mm") : e.When.ToString("yyyy-MM-dd"), CaseworkNames.Api(e.Type), e.Title, e.Detail, e.By, e.ConcernId,
                        e.Category, e.InError, e.Notes.ToDictionary(n => n.Label, n => n.Text)))]));
            })
            .WithTags("Safeguarding")
            .RequireAuthorization(Policies.SafeguardingCasework)
            .WithMetadata(new GuardedByAttribute(RecordType.Concern, Operation.Read) { PerPupil = true })
            .WithSummary("A pupil's safeguarding chronology, oldest first, in school (UK) time: every concern the token's owner may read about the pupil with its decisions, "
                + "actions, referrals, meetings and corrections, and status changes. Filter with type (repeatable) and category (a category id). Audited against the pupil.");
    }

    private static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(Platform.Web.LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));

    private static T? Choice<T>(string? name, string key, Dictionary<string, string> errors) where T : struct, Enum
    {
        var value = CaseworkNames.FromApi<T>(name);
        if (value is null && name is not null)
        {
            errors[key] = $"Unknown value \"{name}\": use one of {string.Join(", ", Enum.GetValues<T>().Select(v => CaseworkNames.Api(v)))}.";
        }

        return value;
    }

    private static IResult Invalid(IReadOnlyDictionary<string, string> errors) =>
        Results.ValidationProblem(errors.ToDictionary(e => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(e.Key), e => new[] { e.Value }),
            statusCode: StatusCodes.Status422UnprocessableEntity);

    private static ActionDetails Details(SafeguardingAction a, DateOnly today) =>
        new(a.Id, a.Description, a.OwnerUserId, a.OwnerName, a.DueOn, a.CreatedUtc, a.CreatedByName, a.DoneUtc, a.DoneByName, a.IsOverdue(today), a.Version);

    private static ReferralDetails Details(Referral r, DateOnly today) =>
        new(r.Id, CaseworkNames.Api(r.Agency), r.AgencyName, r.Reference, r.MadeOn, r.MadeAt, CaseworkNames.Api(r.Method), r.Summary, r.ResponseDueOn, r.ResponseOn,
            r.Response, r.IsResponseOverdue(today), r.RecordedUtc, r.RecordedByName, r.Version, [.. r.Updates.OrderBy(u => u.RecordedUtc).Select(Details)]);

    private static ReferralUpdateDetails Details(ReferralUpdate u) => new(u.Id, CaseworkNames.Api(u.Kind), u.On, u.Note, u.NewResponseDueOn, u.RecordedUtc, u.ByName);

    private static MeetingDetails Details(SafeguardingMeeting m) =>
        new(m.Id, CaseworkNames.Api(m.Kind), m.HeldOn, m.HeldAt, m.Attendees, m.Decisions, m.NextMeetingOn, m.RecordedUtc, m.RecordedByName);
}
