using System.Text.Json;
using Attune.Features.Pupils;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attune.Features.Keywork;

/// <summary>One stage of regulation in a pupil's plan: what the pupil looks like, and what adults do.</summary>
public sealed record StagePlan(string Stage, string? LooksLike, string? AdultsDo);

/// <summary>What a regulation plan says, as stored in each version and sent through the API.</summary>
public sealed record RegulationPlanContent(
    IReadOnlyList<StagePlan> Stages, string? Strategies, string? Avoid, string? PupilView, string? ParentView)
{
    public static readonly RegulationPlanContent Empty = new([], null, null, null, null);
}

/// <summary>
/// A pupil's regulation plan: for each of the school's stages of regulation, what the pupil looks like and how
/// adults respond; co-regulation and de-escalation strategies; what to avoid; and the pupil's and parents'
/// contributions. One per pupil, every version kept. Staff who teach or support the pupil read it: it is written for them.
/// </summary>
public sealed class RegulationPlan : IKeyworkDocument
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid PupilId { get; set; }
    public Guid SchoolId { get; set; }
    public RegulationPlanContent Content { get; set; } = RegulationPlanContent.Empty;
    public DateOnly ReviewDueOn { get; set; }
    public int Number { get; set; }
    public DateTime UpdatedUtc { get; set; }
    public Guid UpdatedByUserId { get; set; }
    public required string UpdatedByName { get; set; }
    public int Version { get; set; }
}

/// <summary>A stage of regulation a school's plans use; retired, never deleted.</summary>
public sealed class RegulationStage
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SchoolId { get; set; }
    public required string Name { get; set; }
    public int SortOrder { get; set; }
    public bool Retired { get; set; }
}

public sealed class RegulationPlanConfiguration : IEntityTypeConfiguration<RegulationPlan>
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<RegulationPlan> builder)
    {
        builder.HasIndex(p => p.PupilId).IsUnique();
        builder.HasIndex(p => new { p.SchoolId, p.ReviewDueOn });
        builder.HasOne<Pupil>().WithMany().HasForeignKey(p => p.PupilId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(p => p.UpdatedByName).HasMaxLength(200);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.Property(p => p.Content).AsJson(Json, RegulationPlanContent.Empty);
    }
}

public sealed class RegulationStageConfiguration : IEntityTypeConfiguration<RegulationStage>
{
    public void Configure(EntityTypeBuilder<RegulationStage> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(60);
        builder.HasIndex(s => new { s.SchoolId, s.Name }).IsUnique();
    }
}

/// <summary>What saving a regulation plan did, as for a passport.</summary>
public sealed record RegulationPlanSave(IReadOnlyDictionary<string, string> Errors, RegulationPlan? Current, bool Conflict = false, bool Unchanged = false)
{
    public bool Saved => Errors.Count == 0 && !Conflict;
}

/// <summary>Regulation plans: the school's stages, reading, saving each change as a new version, and the history.</summary>
public sealed class RegulationPlans(AppDbContext db, StaffContext staff, TimeProvider clock)
{
    public const int MaxText = 2_000;
    public static readonly AccessRequirement Read = new(RecordType.RegulationPlan, Operation.Read);
    public static readonly AccessRequirement Amend = new(RecordType.RegulationPlan, Operation.Amend);
    public static readonly IReadOnlyList<string> DefaultStages = ["Calm", "Anxious", "Escalating", "Crisis", "Recovery"];

    public Task<RegulationPlan?> ForPupilAsync(Guid pupilId, CancellationToken cancellationToken) =>
        db.RegulationPlans.AsNoTracking().FirstOrDefaultAsync(p => p.PupilId == pupilId, cancellationToken);

    /// <summary>The school's stages of regulation in use, in order; the defaults are added the first time a school needs them.</summary>
    public async Task<IReadOnlyList<string>> StagesAsync(Guid schoolId, CancellationToken cancellationToken)
    {
        var stages = await db.RegulationStages.AsNoTracking().Where(s => s.SchoolId == schoolId).OrderBy(s => s.SortOrder).ToListAsync(cancellationToken);
        if (stages.Count == 0)
        {
            db.RegulationStages.AddRange(DefaultStages.Select((name, i) => new RegulationStage { SchoolId = schoolId, Name = name, SortOrder = (i + 1) * 10 }));
            if (!await DocumentVersion.TrySaveAsync(db, cancellationToken))
            {
                // Another request added them first: theirs are the same defaults.
            }

            stages = await db.RegulationStages.AsNoTracking().Where(s => s.SchoolId == schoolId).OrderBy(s => s.SortOrder).ToListAsync(cancellationToken);
        }

        return [.. stages.Where(s => !s.Retired).Select(s => s.Name)];
    }

    /// <summary>
    /// Saves the plan as a new version, refusing an edit from an older version (<paramref name="expectedVersion"/>,
    /// null for a first plan). Stages must be the school's; errors are keyed <c>looksLike-{n}</c> and <c>adultsDo-{n}</c>
    /// for the nth stage given, and by field name otherwise.
    /// </summary>
    public async Task<RegulationPlanSave> SaveAsync(PupilChoice pupil, int? expectedVersion, RegulationPlanContent input, DateOnly? reviewDueOn,
        string? changeNote, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var plan = await db.RegulationPlans.FirstOrDefaultAsync(p => p.PupilId == pupil.Id, cancellationToken);
        var schoolStages = await StageNamesAsync(pupil.SchoolId, plan, cancellationToken);
        var stages = new List<StagePlan>();
        foreach (var (stage, i) in input.Stages.OfType<StagePlan>().Select((s, i) => (s, i)))
        {
            var name = schoolStages.FirstOrDefault(s => string.Equals(s, stage.Stage?.Trim(), StringComparison.OrdinalIgnoreCase));
            if (name is null)
            {
                errors[$"looksLike-{i}"] = $"“{Shorten(stage.Stage)}” is not one of the school’s stages of regulation ({string.Join(", ", await StagesAsync(pupil.SchoolId, cancellationToken))})";
                continue;
            }

            var looks = TextInput.Optional(stage.LooksLike, MaxText, $"looksLike-{i}", $"What {name.ToLowerInvariant()} looks like", errors);
            var adults = TextInput.Optional(stage.AdultsDo, MaxText, $"adultsDo-{i}", $"What adults do at {name.ToLowerInvariant()}", errors);
            if (looks is not null || adults is not null)
            {
                stages.Add(new StagePlan(name, looks, adults));
            }
        }

        if (stages.GroupBy(s => s.Stage).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            errors["looksLike-0"] = $"{twice.Key} is given twice; describe each stage once";
        }

        var content = new RegulationPlanContent(
            [.. stages.OrderBy(s => schoolStages.ToList().IndexOf(s.Stage))],
            TextInput.Optional(input.Strategies, MaxText, "Strategies", "Co-regulation and de-escalation strategies", errors),
            TextInput.Optional(input.Avoid, MaxText, "Avoid", "What to avoid", errors),
            TextInput.Optional(input.PupilView, MaxText, "PupilView", "The pupil’s contribution", errors),
            TextInput.Optional(input.ParentView, MaxText, "ParentView", "Parents’ or carers’ contribution", errors));
        if (errors.Count == 0 && content.Stages.Count == 0)
        {
            errors["looksLike-0"] = "Describe at least one stage: what the pupil looks like, or what adults do";
        }

        DocumentVersion.CheckReviewDate(reviewDueOn, DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime)), "regulation plan", errors);
        var (note, noteError) = TextInput.Clean(changeNote, DocumentVersion.MaxChangeNote, multiline: true);
        if (noteError is not null)
        {
            errors["ChangeNote"] = "The note on what changed " + noteError;
        }

        if (plan?.Version != expectedVersion)
        {
            return new RegulationPlanSave(errors, plan, Conflict: true);
        }

        if (errors.Count > 0)
        {
            return new RegulationPlanSave(errors, plan);
        }

        var json = JsonSerializer.Serialize(content, RegulationPlanConfiguration.Json);
        if (plan is not null && JsonSerializer.Serialize(plan.Content, RegulationPlanConfiguration.Json) == json && plan.ReviewDueOn == reviewDueOn)
        {
            return new RegulationPlanSave(errors, plan, Unchanged: true);
        }

        if (plan is null)
        {
            plan = new RegulationPlan { PupilId = pupil.Id, SchoolId = pupil.SchoolId, UpdatedByName = "" };
            db.RegulationPlans.Add(plan);
        }

        plan.Content = content;
        plan.ReviewDueOn = reviewDueOn!.Value;
        DocumentVersion.Record(db, DocumentKind.RegulationPlan, plan, json, note, staff.UserId, staff.User!.DisplayName, clock.GetUtcNow().UtcDateTime);
        return await DocumentVersion.TrySaveAsync(db, cancellationToken)
            ? new RegulationPlanSave(errors, plan)
            : new RegulationPlanSave(errors, await ForPupilAsync(pupil.Id, cancellationToken), Conflict: true);
    }

    /// <summary>
    /// The stages a plan may describe, in the school's order: those in use, then any the plan already describes under a
    /// name since retired or renamed, so a review never silently drops what was written.
    /// </summary>
    public async Task<IReadOnlyList<string>> StageNamesAsync(Guid schoolId, RegulationPlan? plan, CancellationToken cancellationToken)
    {
        var inUse = await StagesAsync(schoolId, cancellationToken);
        return [.. inUse, .. (plan?.Content.Stages ?? []).Select(s => s.Stage).Where(name => !inUse.Contains(name, StringComparer.Ordinal))];
    }

    /// <summary>Every version of the pupil's plan, newest first.</summary>
    public async Task<IReadOnlyList<(DocumentVersion Version, RegulationPlanContent Content)>> HistoryAsync(Guid pupilId, CancellationToken cancellationToken) =>
        [.. (await DocumentVersion.OfAsync(db, DocumentKind.RegulationPlan, pupilId, cancellationToken))
            .Select(v => (v, JsonSerializer.Deserialize<RegulationPlanContent>(v.Content, RegulationPlanConfiguration.Json) ?? RegulationPlanContent.Empty))
            .Reverse()];


    private static string Shorten(string? text) => text is null ? "" : text.Length > 40 ? text[..40] + "…" : text;
}
