using Attune.Features.Pupils;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Microsoft.EntityFrameworkCore;
using static Attune.Platform.Api.ApiResults;

namespace Attune.Features.Keywork;

/// <summary>
/// Keywork in /api/v1: keyworker allocations, caseloads, pupil passports (in full with versions, and the
/// need-to-know view), sessions and check-ins. The same services, access and auditing as the pages; a pupil
/// out of reach answers 404. Enum values are camel case ("primary", "dropIn").
/// </summary>
public static class KeyworkApi
{
    public sealed record NewAllocation(Guid? StaffUserId, string? Role, string? HandoverNote);
    public sealed record EndAllocation(Guid? AllocationId);

    /// <summary>A passport; <c>number</c> 0 with no version when none is written yet (send no version to write the first).</summary>
    public sealed record PassportDetails(Guid PupilId, int Number, int? Version, DateOnly? ReviewDueOn, DateTime? UpdatedUtc, string? UpdatedByName,
        IReadOnlyDictionary<string, string> Fields)
    {
        public static PassportDetails Of(Guid pupilId, PupilPassport? p) => p is null
            ? new(pupilId, 0, null, null, null, null, new Dictionary<string, string>())
            : new(pupilId, p.Number, p.Version, p.ReviewDueOn, p.UpdatedUtc, p.UpdatedByName, p.Content);
    }
    public sealed record PassportUpdate(int? Version, Dictionary<string, string?>? Fields, DateOnly? ReviewDueOn, string? ChangeNote);
    public sealed record PassportVersionDetails(int Number, DateTime SavedUtc, string SavedByName, string? ChangeNote, DateOnly? ReviewDueOn,
        IReadOnlyList<string> Changed, IReadOnlyDictionary<string, string> Fields);
    public sealed record NeedToKnowDetails(Guid PupilId, string Name, string YearGroup, string Form, int Number, DateTime? UpdatedUtc,
        IReadOnlyDictionary<string, string> Fields);

    /// <summary>A regulation plan; <c>number</c> 0 with no version when none is written yet.</summary>
    public sealed record RegulationPlanDetails(Guid PupilId, int Number, int? Version, DateOnly? ReviewDueOn, DateTime? UpdatedUtc, string? UpdatedByName,
        RegulationPlanContent Plan)
    {
        public static RegulationPlanDetails Of(Guid pupilId, RegulationPlan? p) => p is null
            ? new(pupilId, 0, null, null, null, null, RegulationPlanContent.Empty)
            : new(pupilId, p.Number, p.Version, p.ReviewDueOn, p.UpdatedUtc, p.UpdatedByName, p.Content);
    }

    public sealed record RegulationPlanUpdate(int? Version, RegulationPlanContent? Plan, DateOnly? ReviewDueOn, string? ChangeNote);
    public sealed record RegulationPlanVersionDetails(int Number, DateTime SavedUtc, string SavedByName, string? ChangeNote, DateOnly? ReviewDueOn, RegulationPlanContent Plan);

    public sealed record RiskAssessmentBody(int? Version, string? Kind, RiskAssessmentContent? Content, Guid? OwnerUserId, List<Guid>? SharedWith, DateOnly? ReviewDueOn, string? ChangeNote);
    public sealed record SignOffBody(int? Number);
    public sealed record RiskAssessmentDetails(Guid Id, Guid PupilId, string Kind, RiskAssessmentContent Content, int ResidualRating, string ResidualBand,
        Guid OwnerUserId, string OwnerName, DateOnly ReviewDueOn, int Number, int Version, DateTime UpdatedUtc, string UpdatedByName,
        int? SignedOffNumber, DateTime? SignedOffUtc, string? SignedOffByName, bool AwaitingSignOff, DateTime? ClosedUtc, IReadOnlyList<Guid> SharedWith)
    {
        public static RiskAssessmentDetails Of(RiskAssessment r) => new(r.Id, r.PupilId, Camel(r.Kind.ToString()), r.Content, r.Content.ResidualRating,
            RiskAssessment.Band(r.Content.ResidualRating), r.OwnerUserId, r.OwnerName, r.ReviewDueOn, r.Number, r.Version, r.UpdatedUtc, r.UpdatedByName,
            r.SignedOffNumber, r.SignedOffUtc, r.SignedOffByName, r.AwaitingSignOff, r.ClosedUtc, [.. r.SharedWith.Select(s => s.StaffUserId)]);
    }

    public sealed record RiskAssessmentVersionDetails(int Number, DateTime SavedUtc, string SavedByName, string? ChangeNote, DateOnly? ReviewDueOn, RiskAssessmentContent Content);

    public sealed record SupportPlanBody(int? Version, SupportPlanContent? Plan, DateOnly? ReviewDueOn, string? ChangeNote);
    public sealed record SupportPlanDetails(Guid Id, Guid PupilId, SupportPlanContent Plan, DateOnly StartedOn, DateOnly ReviewDueOn, int Number, int Version,
        DateTime UpdatedUtc, string UpdatedByName, DateTime? ClosedUtc)
    {
        public static SupportPlanDetails Of(SupportPlan p) => new(p.Id, p.PupilId, p.Content, p.StartedOn, p.ReviewDueOn, p.Number, p.Version, p.UpdatedUtc, p.UpdatedByName, p.ClosedUtc);
    }

    public sealed record SupportPlanVersionDetails(int Number, DateTime SavedUtc, string SavedByName, string? ChangeNote, DateOnly? ReviewDueOn, SupportPlanContent Plan);

    public sealed record NewVoice(DateOnly? GivenOn, string? Medium, string? Views, string? ForWhat);
    public sealed record VoiceDetails(Guid Id, DateOnly GivenOn, string Medium, string Views, string? ForWhat, string RecordedByName, DateTime RecordedUtc);
    public sealed record NewGoal(string? Area, string? Goal);
    public sealed record NewGoalProgress(Guid? GoalId, string? Note, string? Status);
    public sealed record GoalDetails(Guid Id, string Area, string Goal, string Status, DateTime CreatedUtc, string CreatedByName, IReadOnlyList<ProgressDetails> Progress);
    public sealed record ProgressDetails(string Note, string StatusAfter, DateTime RecordedUtc, string RecordedByName);

    public sealed record NewSession(string? Kind, DateOnly? HeldOn, TimeOnly? StartedAt, int? DurationMinutes, List<string>? Themes,
        string? Discussed, string? PupilWords, string? StrategiesPractised, string? NextSteps, DateOnly? NextStepsDueOn);
    public sealed record SessionDetails(Guid Id, string Kind, DateOnly HeldOn, TimeOnly? StartedAt, int DurationMinutes, IReadOnlyList<string> Themes,
        string Discussed, string? PupilWords, string? StrategiesPractised, string? NextSteps, DateOnly? NextStepsDueOn, DateTime? NextStepsDoneUtc,
        bool ConcernReported, string RecordedByName, DateTime RecordedUtc);
    public sealed record NewCheckIn(int? Score, string? Comment);
    public sealed record CheckInDetails(Guid Id, int Score, string? Comment, DateTime CheckedInUtc, string RecordedByName);
    public sealed record KeyworkRecord(IReadOnlyList<SessionDetails> Sessions, IReadOnlyList<CheckInDetails> CheckIns);

    public sealed record CaseloadDetails(IReadOnlyList<CaseloadPupilDetails> Pupils, IReadOnlyList<DueItem> Week);
    public sealed record CaseloadPupilDetails(Guid PupilId, string Name, string YearGroup, string Role, DateOnly Since, DateOnly? PassportReviewDue,
        DateOnly? RegulationPlanReviewDue, DateOnly? RiskAssessmentReviewDue, DateOnly? SupportPlanReviewDue, DateOnly? LastContact, int OpenNextSteps, DateOnly? NextStepsDue, int? LatestCheckIn, IReadOnlyList<string> Attention,
        int? IncidentsLastFourWeeks, bool IncidentsRising);

    public static void MapKeyworkApi(this RouteGroupBuilder api)
    {
        var pupils = api.MapGroup("/pupils/{id:guid}").WithTags("Keywork");

        pupils.MapGet("/keyworkers", async (Guid id, KeyworkerAllocations allocations, StaffContext staff, AppDbContext db, AuditTrail audit, CancellationToken ct) =>
                await AuditedReadAsync(staff, db, audit, KeyworkerAllocations.Read, id, ct) is null
                    ? Results.NotFound()
                    : Results.Ok(await allocations.HistoryAsync(id, ct)))
            .WithMetadata(new GuardedByAttribute(RecordType.KeyworkerAllocation, Operation.Read) { PerPupil = true })
            .Produces<IReadOnlyList<AllocationView>>()
            .WithSummary("The pupil's keyworkers, current and past, with handover notes. Audited.");

        pupils.MapPost("/keyworkers", async (Guid id, NewAllocation body, KeyworkerAllocations allocations, StaffContext staff, CancellationToken ct) =>
            {
                if (await PupilChoice.FindAsync(staff, KeyworkerAllocations.Amend, id, ct) is not { } pupil)
                {
                    return Results.NotFound();
                }

                var role = ParseEnum<KeyworkerRole>(body.Role);
                var errors = await allocations.AssignAsync(pupil, body.StaffUserId, role, body.HandoverNote, ct);
                return errors.Count > 0
                    ? Invalid(errors)
                    : Results.Created($"/api/v1/pupils/{id}/keyworkers", (await allocations.HistoryAsync(id, ct)).First(a => a.Current && a.StaffUserId == body.StaffUserId));
            })
            .WithMetadata(new GuardedByAttribute(RecordType.KeyworkerAllocation, Operation.Amend) { PerPupil = true })
            .Produces<AllocationView>(StatusCodes.Status201Created)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Makes a member of the school's pastoral staff the pupil's primary or secondary keyworker from today. A new primary keyworker takes over from the current one.");

        pupils.MapPost("/keyworkers/end", async (Guid id, EndAllocation body, KeyworkerAllocations allocations, StaffContext staff, CancellationToken ct) =>
            {
                if (await PupilChoice.FindAsync(staff, KeyworkerAllocations.Amend, id, ct) is null)
                {
                    return Results.NotFound();
                }

                return body.AllocationId is { } allocation && await allocations.EndAsync(id, allocation, ct)
                    ? Results.NoContent()
                    : Results.Problem(statusCode: StatusCodes.Status409Conflict, detail: "That allocation is not current; nothing was changed.");
            })
            .WithMetadata(new GuardedByAttribute(RecordType.KeyworkerAllocation, Operation.Amend) { PerPupil = true })
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Ends a current keyworker allocation of the pupil. It stays in the history.");

        pupils.MapGet("/passport", async (Guid id, PupilPassports passports, StaffContext staff, AppDbContext db, AuditTrail audit, CancellationToken ct) =>
            {
                if (await AuditedReadAsync(staff, db, audit, PupilPassports.Read, id, ct) is not { } pupil)
                {
                    return Results.NotFound();
                }

                return Results.Ok(PassportDetails.Of(id, await passports.ForPupilAsync(id, ct)));
            })
            .WithMetadata(new GuardedByAttribute(RecordType.PupilPassport, Operation.Read) { PerPupil = true })
            .Produces<PassportDetails>()
            .WithSummary("The pupil's passport in full, audited; number 0 and no version when none is written yet. 404 when the pupil is out of reach. Field keys are listed in docs/formats/pupil-passport.md.");

        pupils.MapPut("/passport", async (Guid id, PassportUpdate body, PupilPassports passports, StaffContext staff, CancellationToken ct) =>
            {
                if (await PupilChoice.FindAsync(staff, PupilPassports.Amend, id, ct) is not { } pupil)
                {
                    return Results.NotFound();
                }

                var outcome = await passports.SaveAsync(pupil, body.Version, body.Fields ?? [], body.ReviewDueOn, body.ChangeNote, ct);
                if (outcome.Conflict)
                {
                    return Results.Problem(statusCode: StatusCodes.Status409Conflict, detail: outcome.Current is { } current
                        ? $"The passport changed since the version you sent: it is now version {current.Number}, saved by {current.UpdatedByName}. Nothing was saved: read it again and reapply your change."
                        : "The pupil has no passport yet: send no version to write the first one. Nothing was saved.");
                }

                if (!outcome.Saved)
                {
                    return Invalid(outcome.Errors);
                }

                return Results.Ok(PassportDetails.Of(id, outcome.Current));
            })
            .WithMetadata(new GuardedByAttribute(RecordType.PupilPassport, Operation.Amend) { PerPupil = true })
            .Produces<PassportDetails>()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Saves the whole passport as a new version. Send the version you read (none for the first passport); 409 when someone saved since, and nothing is saved.");

        pupils.MapGet("/passport/versions", async (Guid id, PupilPassports passports, StaffContext staff, AppDbContext db, AuditTrail audit, CancellationToken ct) =>
            {
                if (await AuditedReadAsync(staff, db, audit, PupilPassports.Read, id, ct) is not { } pupil)
                {
                    return Results.NotFound();
                }

                return Results.Ok((await passports.HistoryAsync(id, ct))
                    .Select(v => new PassportVersionDetails(v.Number, v.SavedUtc, v.SavedByName, v.ChangeNote, v.ReviewDueOn, [.. v.Changed.Select(f => f.Key)], v.Content)));
            })
            .WithMetadata(new GuardedByAttribute(RecordType.PupilPassport, Operation.Read) { PerPupil = true })
            .Produces<IReadOnlyList<PassportVersionDetails>>()
            .WithSummary("Every version of the pupil's passport, newest first, each with the fields it changed.");

        pupils.MapGet("/passport/need-to-know", async (Guid id, PupilPassports passports, StaffContext staff, AppDbContext db, AuditTrail audit, CancellationToken ct) =>
            {
                if (await AuditedReadAsync(staff, db, audit, PupilPassports.ReadNeedToKnow, id, ct) is not { } pupil)
                {
                    return Results.NotFound();
                }

                var passport = await passports.ForPupilAsync(id, ct);
                return Results.Ok(new NeedToKnowDetails(id, pupil.Name, pupil.YearGroup, pupil.Form, passport?.Number ?? 0, passport?.UpdatedUtc,
                    PupilPassport.Fields.Where(f => f.InClass && passport?[f.Key] is not null).ToDictionary(f => f.Key, f => passport![f.Key]!)));
            })
            .WithMetadata(new GuardedByAttribute(RecordType.NeedToKnowPassport, Operation.Read) { PerPupil = true })
            .Produces<NeedToKnowDetails>()
            .WithSummary("The parts of the pupil's passport staff need in class, for the staff who teach or support the pupil. Audited.");

        pupils.MapGet("/regulation-plan", async (Guid id, RegulationPlans plans, StaffContext staff, AppDbContext db, AuditTrail audit, CancellationToken ct) =>
            {
                if (await AuditedReadAsync(staff, db, audit, RegulationPlans.Read, id, ct) is not { } pupil)
                {
                    return Results.NotFound();
                }

                return Results.Ok(RegulationPlanDetails.Of(id, await plans.ForPupilAsync(id, ct)));
            })
            .WithMetadata(new GuardedByAttribute(RecordType.RegulationPlan, Operation.Read) { PerPupil = true })
            .Produces<RegulationPlanDetails>()
            .WithSummary("The pupil's regulation plan, audited; number 0 and no version when none is written yet.");

        pupils.MapPut("/regulation-plan", async (Guid id, RegulationPlanUpdate body, RegulationPlans plans, StaffContext staff, CancellationToken ct) =>
            {
                if (await PupilChoice.FindAsync(staff, RegulationPlans.Amend, id, ct) is not { } pupil)
                {
                    return Results.NotFound();
                }

                var plan = body.Plan is { } given ? given with { Stages = given.Stages ?? [] } : RegulationPlanContent.Empty;
                var outcome = await plans.SaveAsync(pupil, body.Version, plan, body.ReviewDueOn, body.ChangeNote, ct);
                if (outcome.Conflict)
                {
                    return Results.Problem(statusCode: StatusCodes.Status409Conflict, detail: outcome.Current is { } current
                        ? $"The plan changed since the version you sent: it is now version {current.Number}, saved by {current.UpdatedByName}. Nothing was saved: read it again and reapply your change."
                        : "The pupil has no regulation plan yet: send no version to write the first one. Nothing was saved.");
                }

                return outcome.Saved ? Results.Ok(RegulationPlanDetails.Of(id, outcome.Current)) : Invalid(outcome.Errors);
            })
            .WithMetadata(new GuardedByAttribute(RecordType.RegulationPlan, Operation.Amend) { PerPupil = true })
            .Produces<RegulationPlanDetails>()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Saves the whole regulation plan as a new version. Stages are the school's, by name. Send the version you read (none for the first plan); 409 when someone saved since.");

        pupils.MapGet("/regulation-plan/versions", async (Guid id, RegulationPlans plans, StaffContext staff, AppDbContext db, AuditTrail audit, CancellationToken ct) =>
            {
                if (await AuditedReadAsync(staff, db, audit, RegulationPlans.Read, id, ct) is not { } pupil)
                {
                    return Results.NotFound();
                }

                return Results.Ok((await plans.HistoryAsync(id, ct))
                    .Select(v => new RegulationPlanVersionDetails(v.Version.Number, v.Version.SavedUtc, v.Version.SavedByName, v.Version.ChangeNote, v.Version.ReviewDueOn, v.Content)));
            })
            .WithMetadata(new GuardedByAttribute(RecordType.RegulationPlan, Operation.Read) { PerPupil = true })
            .Produces<IReadOnlyList<RegulationPlanVersionDetails>>()
            .WithSummary("Every version of the pupil's regulation plan, newest first.");

        pupils.MapGet("/risk-assessments", async (Guid id, RiskAssessments assessments, StaffContext staff, AppDbContext db, AuditTrail audit, CancellationToken ct) =>
            {
                var visible = await assessments.Visible(RiskAssessments.Read).AsNoTracking().Include(r => r.SharedWith).Where(r => r.PupilId == id)
                    .OrderBy(r => r.ClosedUtc != null).ThenByDescending(r => r.UpdatedUtc).ToListAsync(ct);
                if (visible.Count == 0 && await PupilChoice.FindAsync(staff, RiskAssessments.Read, id, ct) is null)
                {
                    return Results.NotFound();
                }

                audit.RecordRead(nameof(RecordType.RiskAssessment), id, id, await db.Pupils.Where(p => p.Id == id).Select(p => p.SchoolId).FirstAsync(ct));
                await db.SaveChangesAsync(ct);
                return Results.Ok(visible.Select(RiskAssessmentDetails.Of));
            })
            .WithMetadata(new GuardedByAttribute(RecordType.RiskAssessment, Operation.Read) { PerPupil = true })
            .Produces<IReadOnlyList<RiskAssessmentDetails>>()
            .WithSummary("The pupil's risk assessments the token's owner may read (staff outside the pastoral team: those shared with them by name), open first. Audited.");

        pupils.MapPost("/risk-assessments", async (Guid id, RiskAssessmentBody body, RiskAssessments assessments, StaffContext staff, CancellationToken ct) =>
            {
                if (await PupilChoice.FindAsync(staff, RiskAssessments.Create, id, ct) is not { } pupil)
                {
                    return Results.NotFound();
                }

                var outcome = await assessments.SaveAsync(pupil, null, null, Input(body), ct);
                return outcome.Saved
                    ? Results.Created($"/api/v1/pupils/{id}/risk-assessments/{outcome.Current!.Id}", RiskAssessmentDetails.Of(outcome.Current))
                    : Invalid(outcome.Errors);
            })
            .WithMetadata(new GuardedByAttribute(RecordType.RiskAssessment, Operation.Create) { PerPupil = true })
            .Produces<RiskAssessmentDetails>(StatusCodes.Status201Created)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Writes a new risk assessment. Kinds: selfHarm, absconding, harmToOthers, medical, offSite, other. Ratings are 1 to 5; the residual rating may not exceed the rating before controls.");

        pupils.MapGet("/risk-assessments/{assessmentId:guid}", async (Guid id, Guid assessmentId, RiskAssessments assessments, AppDbContext db, AuditTrail audit, CancellationToken ct) =>
            {
                if (await assessments.FindAsync(id, assessmentId, RiskAssessments.Read, ct) is not { } assessment)
                {
                    return Results.NotFound();
                }

                audit.RecordRead(nameof(RecordType.RiskAssessment), assessmentId, id, assessment.SchoolId);
                await db.SaveChangesAsync(ct);
                return Results.Ok(RiskAssessmentDetails.Of(assessment));
            })
            .WithMetadata(new GuardedByAttribute(RecordType.RiskAssessment, Operation.Read) { PerPupil = true })
            .Produces<RiskAssessmentDetails>()
            .WithSummary("One risk assessment, audited.");

        pupils.MapPut("/risk-assessments/{assessmentId:guid}", async (Guid id, Guid assessmentId, RiskAssessmentBody body, RiskAssessments assessments, StaffContext staff, CancellationToken ct) =>
            {
                if (await PupilChoice.FindAsync(staff, RiskAssessments.Amend, id, ct) is not { } pupil
                    || await assessments.FindAsync(id, assessmentId, RiskAssessments.Amend, ct) is null)
                {
                    return Results.NotFound();
                }

                var outcome = await assessments.SaveAsync(pupil, assessmentId, body.Version, Input(body), ct);
                if (outcome.Conflict)
                {
                    return Results.Problem(statusCode: StatusCodes.Status409Conflict, detail: outcome.Current is { } current
                        ? $"The risk assessment changed since the version you sent: it is now version {current.Number}, saved by {current.UpdatedByName}. Nothing was saved."
                        : "The risk assessment is no longer there for you to review. Nothing was saved.");
                }

                return outcome.Saved ? Results.Ok(RiskAssessmentDetails.Of(outcome.Current!)) : Invalid(outcome.Errors);
            })
            .WithMetadata(new GuardedByAttribute(RecordType.RiskAssessment, Operation.Amend) { PerPupil = true })
            .Produces<RiskAssessmentDetails>()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Saves a review of the risk assessment as a new version, which then awaits sign-off; a review of a closed one reopens it. Send the version you read; 409 when someone saved since.");

        pupils.MapGet("/risk-assessments/{assessmentId:guid}/versions", async (Guid id, Guid assessmentId, RiskAssessments assessments, AppDbContext db, AuditTrail audit, CancellationToken ct) =>
            {
                if (await assessments.FindAsync(id, assessmentId, RiskAssessments.Read, ct) is not { } assessment)
                {
                    return Results.NotFound();
                }

                audit.RecordRead(nameof(RecordType.RiskAssessment), assessmentId, id, assessment.SchoolId);
                await db.SaveChangesAsync(ct);
                return Results.Ok((await assessments.HistoryAsync(assessmentId, ct))
                    .Select(v => new RiskAssessmentVersionDetails(v.Version.Number, v.Version.SavedUtc, v.Version.SavedByName, v.Version.ChangeNote, v.Version.ReviewDueOn, v.Content)));
            })
            .WithMetadata(new GuardedByAttribute(RecordType.RiskAssessment, Operation.Read) { PerPupil = true })
            .Produces<IReadOnlyList<RiskAssessmentVersionDetails>>()
            .WithSummary("Every version of the risk assessment, newest first.");

        pupils.MapPost("/risk-assessments/{assessmentId:guid}/sign-off", async (Guid id, Guid assessmentId, SignOffBody body, RiskAssessments assessments, CancellationToken ct) =>
            {
                if (await assessments.FindAsync(id, assessmentId, RiskAssessments.SignOff, ct) is null)
                {
                    return Results.NotFound();
                }

                return await assessments.SignOffAsync(id, assessmentId, body.Number, ct)
                    ? Results.NoContent()
                    : Results.Problem(statusCode: StatusCodes.Status409Conflict, detail: "Nothing was signed off: send the number of the current version, which must await sign-off.");
            })
            .WithMetadata(new GuardedByAttribute(RecordType.RiskAssessmentSignOff, Operation.Amend) { PerPupil = true })
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("A pastoral lead signs off the current version (send its number).");

        pupils.MapPost("/risk-assessments/{assessmentId:guid}/close", async (Guid id, Guid assessmentId, RiskAssessments assessments, CancellationToken ct) =>
            {
                if (await assessments.FindAsync(id, assessmentId, RiskAssessments.Amend, ct) is null)
                {
                    return Results.NotFound();
                }

                return await assessments.CloseAsync(id, assessmentId, ct)
                    ? Results.NoContent()
                    : Results.Problem(statusCode: StatusCodes.Status409Conflict, detail: "The risk assessment is already closed.");
            })
            .WithMetadata(new GuardedByAttribute(RecordType.RiskAssessment, Operation.Amend) { PerPupil = true })
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Closes the risk assessment: the risk no longer needs managing. It stays on record; a later review reopens it.");

        pupils.MapGet("/support-plans", async (Guid id, SupportPlans plans, StaffContext staff, AppDbContext db, AuditTrail audit, CancellationToken ct) =>
            {
                if (await AuditedReadAsync(staff, db, audit, SupportPlans.Read, id, ct) is not { } pupil)
                {
                    return Results.NotFound();
                }

                return Results.Ok((await plans.ForPupilAsync(id, ct)).Select(SupportPlanDetails.Of));
            })
            .WithMetadata(new GuardedByAttribute(RecordType.SupportPlan, Operation.Read) { PerPupil = true })
            .Produces<IReadOnlyList<SupportPlanDetails>>()
            .WithSummary("The pupil's support plans, open first. Target outcomes: notYetReviewed, met, partlyMet, notMet. Audited.");

        pupils.MapPost("/support-plans", async (Guid id, SupportPlanBody body, SupportPlans plans, StaffContext staff, CancellationToken ct) =>
            {
                if (await PupilChoice.FindAsync(staff, SupportPlans.Create, id, ct) is not { } pupil)
                {
                    return Results.NotFound();
                }

                var outcome = await plans.SaveAsync(pupil, null, null, Plan(body), body.ReviewDueOn, body.ChangeNote, ct);
                return outcome.Saved
                    ? Results.Created($"/api/v1/pupils/{id}/support-plans/{outcome.Current!.Id}", SupportPlanDetails.Of(outcome.Current))
                    : Invalid(outcome.Errors);
            })
            .WithMetadata(new GuardedByAttribute(RecordType.SupportPlan, Operation.Create) { PerPupil = true })
            .Produces<SupportPlanDetails>(StatusCodes.Status201Created)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Starts a support plan: needs, at least one target with how it will be measured, interventions, strategies and views.");

        pupils.MapGet("/support-plans/{planId:guid}", async (Guid id, Guid planId, SupportPlans plans, StaffContext staff, AppDbContext db, AuditTrail audit, CancellationToken ct) =>
            {
                if (await PupilChoice.FindAsync(staff, SupportPlans.Read, id, ct) is not { } pupil || await plans.FindAsync(id, planId, ct) is not { } plan)
                {
                    return Results.NotFound();
                }

                audit.RecordRead(nameof(RecordType.SupportPlan), planId, id, pupil.SchoolId);
                await db.SaveChangesAsync(ct);
                return Results.Ok(SupportPlanDetails.Of(plan));
            })
            .WithMetadata(new GuardedByAttribute(RecordType.SupportPlan, Operation.Read) { PerPupil = true })
            .Produces<SupportPlanDetails>()
            .WithSummary("One support plan, audited.");

        pupils.MapPut("/support-plans/{planId:guid}", async (Guid id, Guid planId, SupportPlanBody body, SupportPlans plans, StaffContext staff, CancellationToken ct) =>
            {
                if (await PupilChoice.FindAsync(staff, SupportPlans.Amend, id, ct) is not { } pupil || await plans.FindAsync(id, planId, ct) is null)
                {
                    return Results.NotFound();
                }

                var outcome = await plans.SaveAsync(pupil, planId, body.Version, Plan(body), body.ReviewDueOn, body.ChangeNote, ct);
                if (outcome.Conflict)
                {
                    return Results.Problem(statusCode: StatusCodes.Status409Conflict,
                        detail: $"The plan changed since the version you sent: it is now version {outcome.Current?.Number}, saved by {outcome.Current?.UpdatedByName}. Nothing was saved.");
                }

                return outcome.Saved ? Results.Ok(SupportPlanDetails.Of(outcome.Current!)) : Invalid(outcome.Errors);
            })
            .WithMetadata(new GuardedByAttribute(RecordType.SupportPlan, Operation.Amend) { PerPupil = true })
            .Produces<SupportPlanDetails>()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Saves a review of the plan as a new version: a reviewed target needs its evidence. Send the version you read; 409 when someone saved since.");

        pupils.MapGet("/support-plans/{planId:guid}/versions", async (Guid id, Guid planId, SupportPlans plans, StaffContext staff, AppDbContext db, AuditTrail audit, CancellationToken ct) =>
            {
                if (await PupilChoice.FindAsync(staff, SupportPlans.Read, id, ct) is not { } pupil || await plans.FindAsync(id, planId, ct) is null)
                {
                    return Results.NotFound();
                }

                audit.RecordRead(nameof(RecordType.SupportPlan), planId, id, pupil.SchoolId);
                await db.SaveChangesAsync(ct);
                return Results.Ok((await plans.HistoryAsync(planId, ct))
                    .Select(v => new SupportPlanVersionDetails(v.Version.Number, v.Version.SavedUtc, v.Version.SavedByName, v.Version.ChangeNote, v.Version.ReviewDueOn, v.Content)));
            })
            .WithMetadata(new GuardedByAttribute(RecordType.SupportPlan, Operation.Read) { PerPupil = true })
            .Produces<IReadOnlyList<SupportPlanVersionDetails>>()
            .WithSummary("Every version of the plan, newest first.");

        pupils.MapPost("/support-plans/{planId:guid}/close", async (Guid id, Guid planId, SupportPlans plans, StaffContext staff, CancellationToken ct) =>
            {
                if (await PupilChoice.FindAsync(staff, SupportPlans.Amend, id, ct) is null || await plans.FindAsync(id, planId, ct) is null)
                {
                    return Results.NotFound();
                }

                return await plans.CloseAsync(id, planId, ct)
                    ? Results.NoContent()
                    : Results.Problem(statusCode: StatusCodes.Status409Conflict, detail: "The plan is already closed.");
            })
            .WithMetadata(new GuardedByAttribute(RecordType.SupportPlan, Operation.Amend) { PerPupil = true })
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Closes the plan at its final review. It stays in the pupil's history.");

        pupils.MapGet("/voice", async (Guid id, PupilVoiceAndAdulthood voice, StaffContext staff, AppDbContext db, AuditTrail audit, CancellationToken ct) =>
            {
                if (await AuditedReadAsync(staff, db, audit, PupilVoiceAndAdulthood.ReadVoice, id, ct) is not { } pupil)
                {
                    return Results.NotFound();
                }

                return Results.Ok((await voice.VoiceAsync(id, ct)).Select(Details));
            })
            .WithMetadata(new GuardedByAttribute(RecordType.PupilVoice, Operation.Read) { PerPupil = true })
            .Produces<IReadOnlyList<VoiceDetails>>()
            .WithSummary("The pupil's views as recorded, newest first. Audited.");

        pupils.MapPost("/voice", async (Guid id, NewVoice body, PupilVoiceAndAdulthood voice, StaffContext staff, CancellationToken ct) =>
            {
                if (await PupilChoice.FindAsync(staff, PupilVoiceAndAdulthood.CreateVoice, id, ct) is not { } pupil)
                {
                    return Results.NotFound();
                }

                var (entry, errors) = await voice.RecordVoiceAsync(pupil, body.GivenOn, ParseEnum<VoiceMedium>(body.Medium), body.Views, body.ForWhat, ct);
                return entry is null ? Invalid(errors) : Results.Created($"/api/v1/pupils/{id}/voice", Details(entry));
            })
            .WithMetadata(new GuardedByAttribute(RecordType.PupilVoice, Operation.Create) { PerPupil = true })
            .Produces<VoiceDetails>(StatusCodes.Status201Created)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Records the pupil's views. Media: ownWords, scribedWords, drawing, symbolsOrPictures, recordingDescribed, other.");

        pupils.MapGet("/adulthood-goals", async (Guid id, PupilVoiceAndAdulthood adulthood, StaffContext staff, AppDbContext db, AuditTrail audit, CancellationToken ct) =>
            {
                if (await AuditedReadAsync(staff, db, audit, PupilVoiceAndAdulthood.ReadGoals, id, ct) is not { } pupil)
                {
                    return Results.NotFound();
                }

                return Results.Ok((await adulthood.GoalsAsync(id, ct)).Select(Details));
            })
            .WithMetadata(new GuardedByAttribute(RecordType.AdulthoodGoal, Operation.Read) { PerPupil = true })
            .Produces<IReadOnlyList<GoalDetails>>()
            .WithSummary("The pupil's Preparation for Adulthood goals with their progress. Audited.");

        pupils.MapPost("/adulthood-goals", async (Guid id, NewGoal body, PupilVoiceAndAdulthood adulthood, StaffContext staff, CancellationToken ct) =>
            {
                if (await PupilChoice.FindAsync(staff, PupilVoiceAndAdulthood.AmendGoals, id, ct) is not { } pupil)
                {
                    return Results.NotFound();
                }

                var (goal, errors) = await adulthood.AddGoalAsync(pupil, ParseEnum<AdulthoodArea>(body.Area), body.Goal, ct);
                return goal is null ? Invalid(errors) : Results.Created($"/api/v1/pupils/{id}/adulthood-goals", Details(goal));
            })
            .WithMetadata(new GuardedByAttribute(RecordType.AdulthoodGoal, Operation.Amend) { PerPupil = true })
            .Produces<GoalDetails>(StatusCodes.Status201Created)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Adds a goal, from Year 9. Areas: employment, independentLiving, community, health.");

        pupils.MapPost("/adulthood-goals/progress", async (Guid id, NewGoalProgress body, PupilVoiceAndAdulthood adulthood, StaffContext staff, CancellationToken ct) =>
            {
                if (await PupilChoice.FindAsync(staff, PupilVoiceAndAdulthood.AmendGoals, id, ct) is null)
                {
                    return Results.NotFound();
                }

                var (progress, errors) = await adulthood.AddProgressAsync(id, body.GoalId, body.Note, ParseEnum<GoalStatus>(body.Status), ct);
                return progress is null ? Invalid(errors) : Results.Created($"/api/v1/pupils/{id}/adulthood-goals",
                    new ProgressDetails(progress.Note, Camel(progress.StatusAfter.ToString()), progress.RecordedUtc, progress.RecordedByName));
            })
            .WithMetadata(new GuardedByAttribute(RecordType.AdulthoodGoal, Operation.Amend) { PerPupil = true })
            .Produces<ProgressDetails>(StatusCodes.Status201Created)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Adds a progress note to one of the pupil's goals; status working, achieved or stopped changes it.");

        pupils.MapGet("/keywork", async (Guid id, KeyworkSessions sessions, StaffContext staff, AppDbContext db, AuditTrail audit, CancellationToken ct) =>
            {
                if (await AuditedReadAsync(staff, db, audit, KeyworkSessions.Read, id, ct) is not { } pupil)
                {
                    return Results.NotFound();
                }

                var entries = await sessions.RecordOfAsync(id, ct);
                return Results.Ok(new KeyworkRecord(
                    [.. entries.Where(e => e.Session is not null).Select(e => Details(e.Session!))],
                    [.. entries.Where(e => e.CheckIn is not null).Select(e => Details(e.CheckIn!))]));
            })
            .WithMetadata(new GuardedByAttribute(RecordType.KeyworkSession, Operation.Read) { PerPupil = true })
            .Produces<KeyworkRecord>()
            .WithSummary("The pupil's keywork sessions and wellbeing check-ins, newest first. Audited.");

        pupils.MapPost("/keywork/sessions", async (Guid id, NewSession body, KeyworkSessions sessions, StaffContext staff, CancellationToken ct) =>
            {
                if (await PupilChoice.FindAsync(staff, KeyworkSessions.Create, id, ct) is not { } pupil)
                {
                    return Results.NotFound();
                }

                var (session, errors) = await sessions.RecordAsync(pupil, new SessionRecord(
                    ParseEnum<SessionKind>(body.Kind), body.HeldOn, body.StartedAt, body.DurationMinutes, body.Themes ?? [],
                    body.Discussed, body.PupilWords, body.StrategiesPractised, body.NextSteps, body.NextStepsDueOn), ct);
                return session is null ? Invalid(errors) : Results.Created($"/api/v1/pupils/{id}/keywork", Details(session));
            })
            .WithMetadata(new GuardedByAttribute(RecordType.KeyworkSession, Operation.Create) { PerPupil = true })
            .Produces<SessionDetails>(StatusCodes.Status201Created)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Records a one-to-one keywork session. Themes must be the school's session themes, by name.");

        pupils.MapPost("/keywork/check-ins", async (Guid id, NewCheckIn body, KeyworkSessions sessions, StaffContext staff, CancellationToken ct) =>
            {
                if (await PupilChoice.FindAsync(staff, KeyworkSessions.Create, id, ct) is not { } pupil)
                {
                    return Results.NotFound();
                }

                var (checkIn, errors) = await sessions.CheckInAsync(pupil, body.Score, body.Comment, ct);
                return checkIn is null ? Invalid(errors) : Results.Created($"/api/v1/pupils/{id}/keywork", Details(checkIn));
            })
            .WithMetadata(new GuardedByAttribute(RecordType.KeyworkSession, Operation.Create) { PerPupil = true })
            .Produces<CheckInDetails>(StatusCodes.Status201Created)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Records a wellbeing check-in: a score from 1 (very low) to 5 (very good) and an optional comment.");

        api.MapGet("/keywork/caseload", async (Caseloads caseloads, StaffContext staff, CancellationToken ct) =>
            {
                if (staff.GrantFor(RecordType.KeyworkerAllocation, Operation.Read).IsEmpty)
                {
                    return Results.NotFound();
                }

                var mine = await caseloads.MineAsync(ct);
                return Results.Ok(new CaseloadDetails(
                    [.. mine.Select(p => new CaseloadPupilDetails(p.Pupil.Id, p.Pupil.Name, p.Pupil.YearGroup, Camel(p.Role.ToString()), p.Since, p.PassportReviewDue,
                        p.PlanReviewDue, p.RiskReviewDue, p.SupportPlanReviewDue, p.LastContact, p.OpenNextSteps, p.NextStepsDue, p.LatestCheckIn, p.Attention,
                        p.IncidentsFourWeeks, p.IncidentsRising))],
                    await caseloads.WeekAsync(mine, ct)));
            })
            .WithTags("Keywork")
            .WithMetadata(new GuardedByAttribute(RecordType.KeyworkerAllocation, Operation.Read) { NoRecord = true })
            .Produces<CaseloadDetails>()
            .WithSummary("The token owner's caseload: each pupil with what needs attention now, and everything due in the next seven days.");
    }

    private static SupportPlanContent Plan(SupportPlanBody body) => body.Plan is { } plan
        ? plan with { Title = plan.Title ?? "", Targets = plan.Targets ?? [], Interventions = plan.Interventions ?? [] }
        : SupportPlanContent.Empty;

    /// <summary>The pupil, when the caller may reach them for <paramref name="requirement"/>, with the read audited against them; otherwise null (answer 404).</summary>
    private static async Task<PupilChoice?> AuditedReadAsync(StaffContext staff, AppDbContext db, AuditTrail audit, AccessRequirement requirement, Guid id, CancellationToken ct)
    {
        if (await PupilChoice.FindAsync(staff, requirement, id, ct) is not { } pupil)
        {
            return null;
        }

        audit.RecordRead(requirement.Record.ToString(), id, id, pupil.SchoolId);
        await db.SaveChangesAsync(ct);
        return pupil;
    }

    private static RiskAssessmentInput Input(RiskAssessmentBody body) =>
        new(ParseEnum<RiskKind>(body.Kind), body.Content is { } content ? content with { Title = content.Title ?? "", Hazards = content.Hazards ?? [] } : RiskAssessmentContent.Empty,
            body.OwnerUserId, body.SharedWith ?? [], body.ReviewDueOn, body.ChangeNote);

    private static VoiceDetails Details(PupilVoiceEntry v) => new(v.Id, v.GivenOn, Camel(v.Medium.ToString()), v.Views, v.ForWhat, v.RecordedByName, v.RecordedUtc);

    private static GoalDetails Details(AdulthoodGoal g) => new(g.Id, Camel(g.Area.ToString()), g.Goal, Camel(g.Status.ToString()), g.CreatedUtc, g.CreatedByName,
        [.. g.Progress.OrderBy(p => p.RecordedUtc).Select(p => new ProgressDetails(p.Note, Camel(p.StatusAfter.ToString()), p.RecordedUtc, p.RecordedByName))]);

    private static SessionDetails Details(KeyworkSession s) =>
        new(s.Id, Camel(s.Kind.ToString()), s.HeldOn, s.StartedAt, s.DurationMinutes, s.Themes, s.Discussed, s.PupilWords, s.StrategiesPractised,
            s.NextSteps, s.NextStepsDueOn, s.NextStepsDoneUtc, s.ConcernId is not null, s.RecordedByName, s.RecordedUtc);

    private static CheckInDetails Details(WellbeingCheckIn c) => new(c.Id, c.Score, c.Comment, c.CheckedInUtc, c.RecordedByName);
}
