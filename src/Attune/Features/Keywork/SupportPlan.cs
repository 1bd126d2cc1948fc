using System.Text.Json;
using Attune.Features.Pupils;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attune.Features.Keywork;

/// <summary>An enum written in JSON by its camel-case name ("partlyMet"), as the API names values.</summary>
public sealed class CamelCaseEnumConverter<T>() : System.Text.Json.Serialization.JsonStringEnumConverter<T>(JsonNamingPolicy.CamelCase)
    where T : struct, Enum;

/// <summary>How a target turned out when it was reviewed.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(CamelCaseEnumConverter<TargetOutcome>))]
public enum TargetOutcome
{
    NotYetReviewed,
    Met,
    PartlyMet,
    NotMet,
}

/// <summary>A SMART target: what, how we will know, by when; and at review, how it went and the evidence.</summary>
public sealed record PlanTarget(string Description, string? Measure, DateOnly? ByDate, TargetOutcome Outcome, string? Evidence);

/// <summary>An intervention: what, how often, who delivers it, from and to when.</summary>
public sealed record PlanIntervention(string What, string? HowOften, string? Who, DateOnly? StartsOn, DateOnly? EndsOn);

/// <summary>What a pastoral care and support plan says, as stored in each version and sent through the API.</summary>
public sealed record SupportPlanContent(
    string Title, string? Needs, IReadOnlyList<PlanTarget> Targets, IReadOnlyList<PlanIntervention> Interventions,
    string? Strategies, string? PupilView, string? ParentView)
{
    public static readonly SupportPlanContent Empty = new("", null, [], [], null, null, null);
}

/// <summary>
/// A pastoral care and support plan, in the assess, plan, do, review cycle: identified needs, SMART targets,
/// interventions, strategies, the pupil's and parents' views, and at each review the evaluation of every target. A
/// pupil may have several over time; each keeps every version, and closed plans show what worked.
/// </summary>
public sealed class SupportPlan : IKeyworkDocument
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid PupilId { get; set; }
    public Guid SchoolId { get; set; }
    public SupportPlanContent Content { get; set; } = SupportPlanContent.Empty;
    public DateOnly StartedOn { get; set; }
    public DateOnly ReviewDueOn { get; set; }
    public int Number { get; set; }
    public DateTime UpdatedUtc { get; set; }
    public Guid UpdatedByUserId { get; set; }
    public required string UpdatedByName { get; set; }
    public DateTime? ClosedUtc { get; set; }
    public string? ClosedByName { get; set; }
    public int Version { get; set; }

    public static string Name(TargetOutcome outcome) => outcome switch
    {
        TargetOutcome.Met => "Met",
        TargetOutcome.PartlyMet => "Partly met",
        TargetOutcome.NotMet => "Not met",
        _ => "Not yet reviewed",
    };

    public static string TagClass(TargetOutcome outcome) => outcome switch
    {
        TargetOutcome.Met => "govuk-tag--green",
        TargetOutcome.PartlyMet => "govuk-tag--yellow",
        TargetOutcome.NotMet => "govuk-tag--red",
        _ => "govuk-tag--grey",
    };
}

public sealed class SupportPlanConfiguration : IEntityTypeConfiguration<SupportPlan>
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<SupportPlan> builder)
    {
        builder.Property(p => p.UpdatedByName).HasMaxLength(200);
        builder.Property(p => p.ClosedByName).HasMaxLength(200);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.Property(p => p.Content).AsJson(Json, SupportPlanContent.Empty);
        builder.HasIndex(p => new { p.PupilId, p.ClosedUtc });
        builder.HasIndex(p => new { p.SchoolId, p.ReviewDueOn });
        builder.HasOne<Pupil>().WithMany().HasForeignKey(p => p.PupilId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>What saving a support plan did, as for a passport.</summary>
public sealed record SupportPlanSave(IReadOnlyDictionary<string, string> Errors, SupportPlan? Current, bool Conflict = false, bool Unchanged = false)
{
    public bool Saved => Errors.Count == 0 && !Conflict;
}

/// <summary>Support plans: writing and reviewing them (each save a version; an edit from an older version is refused), closing, and the history.</summary>
public sealed class SupportPlans(AppDbContext db, StaffContext staff, TimeProvider clock)
{
    public const int MaxTitle = 200;
    public const int MaxText = 2_000;
    public const int MaxRows = 15;
    public static readonly AccessRequirement Read = new(RecordType.SupportPlan, Operation.Read);
    public static readonly AccessRequirement Create = new(RecordType.SupportPlan, Operation.Create);
    public static readonly AccessRequirement Amend = new(RecordType.SupportPlan, Operation.Amend);

    private DateOnly Today => DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));

    /// <summary>The pupil's plans, open ones first, then the most recent.</summary>
    public Task<List<SupportPlan>> ForPupilAsync(Guid pupilId, CancellationToken cancellationToken) =>
        db.SupportPlans.AsNoTracking().Where(p => p.PupilId == pupilId)
            .OrderBy(p => p.ClosedUtc != null).ThenByDescending(p => p.StartedOn).ThenByDescending(p => p.UpdatedUtc)
            .ToListAsync(cancellationToken);

    public Task<SupportPlan?> FindAsync(Guid pupilId, Guid planId, CancellationToken cancellationToken) =>
        db.SupportPlans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId && p.PupilId == pupilId, cancellationToken);

    /// <summary>
    /// Writes a new plan (<paramref name="planId"/> null) or a reviewed version of one. Errors are keyed by field,
    /// <c>target-{n}-{part}</c> and <c>intervention-{n}-{part}</c>; blank rows are dropped.
    /// </summary>
    public async Task<SupportPlanSave> SaveAsync(PupilChoice pupil, Guid? planId, int? expectedVersion, SupportPlanContent input, DateOnly? reviewDueOn,
        string? changeNote, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var (title, titleError) = TextInput.Clean(input.Title, MaxTitle);
        TextInput.Require(title, titleError, "Title", "Enter a title, like “Settling back after absence”", "The title", errors);
        var needs = TextInput.Optional(input.Needs, MaxText, "Needs", "The identified needs", errors);
        if (needs is null && !errors.ContainsKey("Needs"))
        {
            errors["Needs"] = "Write the needs this plan is for: what the assessment found";
        }

        var targets = new List<PlanTarget>();
        foreach (var (target, i) in input.Targets.OfType<PlanTarget>().Take(MaxRows).Select((t, i) => (t, i)))
        {
            var key = $"target-{i}-";
            var (description, descriptionError) = TextInput.Clean(target.Description, 1_000, multiline: true);
            var measure = TextInput.Optional(target.Measure, MaxText, key + "measure", $"Target {i + 1}: how we will know", errors);
            var evidence = TextInput.Optional(target.Evidence, MaxText, key + "evidence", $"Target {i + 1}: the evidence", errors);
            if (description is null && measure is null && evidence is null && target.ByDate is null && target.Outcome == TargetOutcome.NotYetReviewed)
            {
                continue;
            }

            TextInput.Require(description, descriptionError, key + "description", $"Target {i + 1}: write the target", $"Target {i + 1}: the target", errors);
            if (measure is null && !errors.ContainsKey(key + "measure"))
            {
                errors[key + "measure"] = $"Target {i + 1}: say how you will know it is met, so it can be measured";
            }

            if (target.Outcome != TargetOutcome.NotYetReviewed && evidence is null && !errors.ContainsKey(key + "evidence"))
            {
                errors[key + "evidence"] = $"Target {i + 1}: give the evidence for “{SupportPlan.Name(target.Outcome).ToLowerInvariant()}”";
            }

            targets.Add(new PlanTarget(description ?? "", measure, target.ByDate, target.Outcome, evidence));
        }

        if (targets.Count == 0 && !errors.Keys.Any(k => k.StartsWith("target-", StringComparison.Ordinal)))
        {
            errors["target-0-description"] = "Set at least one target";
        }

        var interventions = new List<PlanIntervention>();
        foreach (var (intervention, i) in input.Interventions.OfType<PlanIntervention>().Take(MaxRows).Select((v, i) => (v, i)))
        {
            var key = $"intervention-{i}-";
            var (what, whatError) = TextInput.Clean(intervention.What, 1_000, multiline: true);
            var often = TextInput.Optional(intervention.HowOften, MaxText, key + "often", $"Intervention {i + 1}: how often", errors);
            var who = TextInput.Optional(intervention.Who, MaxText, key + "who", $"Intervention {i + 1}: who", errors);
            if (what is null && often is null && who is null && intervention.StartsOn is null && intervention.EndsOn is null)
            {
                continue;
            }

            TextInput.Require(what, whatError, key + "what", $"Intervention {i + 1}: say what the intervention is", $"Intervention {i + 1}: what", errors);
            if (intervention.StartsOn is { } starts && intervention.EndsOn is { } ends && ends < starts)
            {
                errors[key + "ends"] = $"Intervention {i + 1}: the end must be on or after the start";
            }

            interventions.Add(new PlanIntervention(what ?? "", often, who, intervention.StartsOn, intervention.EndsOn));
        }

        var content = new SupportPlanContent(title ?? "", needs, targets, interventions,
            TextInput.Optional(input.Strategies, MaxText, "Strategies", "The strategies", errors),
            TextInput.Optional(input.PupilView, MaxText, "PupilView", "The pupil’s views", errors),
            TextInput.Optional(input.ParentView, MaxText, "ParentView", "Parents’ or carers’ views", errors));
        DocumentVersion.CheckReviewDate(reviewDueOn, Today, "plan", errors);
        var (note, noteError) = TextInput.Clean(changeNote, DocumentVersion.MaxChangeNote, multiline: true);
        if (noteError is not null)
        {
            errors["ChangeNote"] = "The note on what changed " + noteError;
        }

        SupportPlan? plan = null;
        if (planId is { } id)
        {
            plan = await db.SupportPlans.FirstOrDefaultAsync(p => p.Id == id && p.PupilId == pupil.Id, cancellationToken);
            if (plan is null || plan.Version != expectedVersion)
            {
                return new SupportPlanSave(errors, plan, Conflict: true);
            }
        }

        if (errors.Count > 0)
        {
            return new SupportPlanSave(errors, plan);
        }

        var json = JsonSerializer.Serialize(content, SupportPlanConfiguration.Json);
        if (plan is not null && JsonSerializer.Serialize(plan.Content, SupportPlanConfiguration.Json) == json && plan.ReviewDueOn == reviewDueOn)
        {
            return new SupportPlanSave(errors, plan, Unchanged: true);
        }

        if (plan is null)
        {
            plan = new SupportPlan { PupilId = pupil.Id, SchoolId = pupil.SchoolId, StartedOn = Today, UpdatedByName = "" };
            db.SupportPlans.Add(plan);
        }

        plan.Content = content;
        plan.ReviewDueOn = reviewDueOn!.Value;
        DocumentVersion.Record(db, DocumentKind.SupportPlan, plan, json, note, staff.UserId, staff.User!.DisplayName, clock.GetUtcNow().UtcDateTime);
        return await DocumentVersion.TrySaveAsync(db, cancellationToken)
            ? new SupportPlanSave(errors, plan)
            : new SupportPlanSave(errors, await FindAsync(pupil.Id, plan.Id, cancellationToken), Conflict: true);
    }

    /// <summary>Closes an open plan at its final review; false when it is already closed.</summary>
    public async Task<bool> CloseAsync(Guid pupilId, Guid planId, CancellationToken cancellationToken)
    {
        var plan = await db.SupportPlans.FirstOrDefaultAsync(p => p.Id == planId && p.PupilId == pupilId && p.ClosedUtc == null, cancellationToken);
        if (plan is null)
        {
            return false;
        }

        plan.ClosedUtc = clock.GetUtcNow().UtcDateTime;
        plan.ClosedByName = staff.User!.DisplayName;
        return await DocumentVersion.TrySaveAsync(db, cancellationToken);
    }

    /// <summary>Every version of one plan, newest first.</summary>
    public async Task<IReadOnlyList<(DocumentVersion Version, SupportPlanContent Content)>> HistoryAsync(Guid planId, CancellationToken cancellationToken) =>
        [.. (await db.DocumentVersions.AsNoTracking().Where(v => v.Kind == DocumentKind.SupportPlan && v.DocumentId == planId).OrderByDescending(v => v.Number).ToListAsync(cancellationToken))
            .Select(v => (v, JsonSerializer.Deserialize<SupportPlanContent>(v.Content, SupportPlanConfiguration.Json) ?? SupportPlanContent.Empty))];
}
