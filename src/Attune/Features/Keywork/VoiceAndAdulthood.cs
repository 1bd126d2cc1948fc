using Attune.Features.Pupils;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attune.Features.Keywork;

/// <summary>How a pupil gave their views.</summary>
public enum VoiceMedium
{
    OwnWords,
    ScribedWords,
    Drawing,
    SymbolsOrPictures,
    RecordingDescribed,
    Other,
}

/// <summary>
/// The pupil's views, in their own words or chosen medium, recorded for a review or meeting (an annual review, a
/// plan review, a multi-agency meeting). Kept as given: never edited, only added to.
/// </summary>
public sealed class PupilVoiceEntry
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid PupilId { get; set; }
    public Guid SchoolId { get; set; }
    public DateOnly GivenOn { get; set; }
    public VoiceMedium Medium { get; set; }
    public required string Views { get; set; }
    public string? ForWhat { get; set; }
    public Guid RecordedByUserId { get; set; }
    public required string RecordedByName { get; set; }
    public DateTime RecordedUtc { get; set; }

    public static string Name(VoiceMedium medium) => medium switch
    {
        VoiceMedium.OwnWords => "In their own words (written or typed by the pupil)",
        VoiceMedium.ScribedWords => "Their words, written down by an adult",
        VoiceMedium.Drawing => "A drawing, described",
        VoiceMedium.SymbolsOrPictures => "Symbols or pictures, described",
        VoiceMedium.RecordingDescribed => "A recording, described",
        _ => "Another way, described",
    };
}

/// <summary>The four Preparation for Adulthood outcome areas of the SEND Code of Practice.</summary>
public enum AdulthoodArea
{
    Employment,
    IndependentLiving,
    Community,
    Health,
}

public enum GoalStatus
{
    Working,
    Achieved,
    Stopped,
}

/// <summary>A Preparation for Adulthood goal, from Year 9, in one of the four areas, with dated progress notes.</summary>
public sealed class AdulthoodGoal
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid PupilId { get; set; }
    public Guid SchoolId { get; set; }
    public AdulthoodArea Area { get; set; }
    public required string Goal { get; set; }
    public GoalStatus Status { get; set; }
    public DateTime CreatedUtc { get; set; }
    public required string CreatedByName { get; set; }
    public List<GoalProgress> Progress { get; set; } = [];

    public static string Name(GoalStatus status) => status switch
    {
        GoalStatus.Achieved => "Achieved",
        GoalStatus.Stopped => "Stopped",
        _ => "Working on it",
    };

    public static string Name(AdulthoodArea area) => area switch
    {
        AdulthoodArea.Employment => "Employment or higher education",
        AdulthoodArea.IndependentLiving => "Independent living",
        AdulthoodArea.Community => "Friends, relationships and community",
        _ => "Good health",
    };
}

public sealed class GoalProgress
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid GoalId { get; set; }
    public required string Note { get; set; }
    public GoalStatus StatusAfter { get; set; }
    public DateTime RecordedUtc { get; set; }
    public required string RecordedByName { get; set; }
}

public sealed class PupilVoiceEntryConfiguration : IEntityTypeConfiguration<PupilVoiceEntry>
{
    public void Configure(EntityTypeBuilder<PupilVoiceEntry> builder)
    {
        builder.Property(v => v.Medium).HasConversion<string>().HasMaxLength(24);
        builder.Property(v => v.Views).HasMaxLength(PupilVoiceAndAdulthood.MaxText);
        builder.Property(v => v.ForWhat).HasMaxLength(200);
        builder.Property(v => v.RecordedByName).HasMaxLength(200);
        builder.HasIndex(v => new { v.PupilId, v.GivenOn });
        builder.HasOne<Pupil>().WithMany().HasForeignKey(v => v.PupilId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class AdulthoodGoalConfiguration : IEntityTypeConfiguration<AdulthoodGoal>
{
    public void Configure(EntityTypeBuilder<AdulthoodGoal> builder)
    {
        builder.Property(g => g.Area).HasConversion<string>().HasMaxLength(24);
        builder.Property(g => g.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(g => g.Goal).HasMaxLength(1_000);
        builder.Property(g => g.CreatedByName).HasMaxLength(200);
        builder.HasIndex(g => g.PupilId);
        builder.HasOne<Pupil>().WithMany().HasForeignKey(g => g.PupilId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(g => g.Progress).WithOne().HasForeignKey(p => p.GoalId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class GoalProgressConfiguration : IEntityTypeConfiguration<GoalProgress>
{
    public void Configure(EntityTypeBuilder<GoalProgress> builder)
    {
        builder.Property(p => p.Note).HasMaxLength(PupilVoiceAndAdulthood.MaxText);
        builder.Property(p => p.StatusAfter).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.RecordedByName).HasMaxLength(200);
    }
}

/// <summary>Recording the pupil's voice, and Preparation for Adulthood goals with their progress.</summary>
public sealed class PupilVoiceAndAdulthood(AppDbContext db, StaffContext staff, TimeProvider clock)
{
    public const int MaxText = 4_000;

    /// <summary>Preparation for Adulthood starts in Year 9 (SEND Code of Practice).</summary>
    public const int FirstAdulthoodYear = 9;

    public static readonly AccessRequirement ReadVoice = new(RecordType.PupilVoice, Operation.Read);
    public static readonly AccessRequirement CreateVoice = new(RecordType.PupilVoice, Operation.Create);
    public static readonly AccessRequirement ReadGoals = new(RecordType.AdulthoodGoal, Operation.Read);
    public static readonly AccessRequirement AmendGoals = new(RecordType.AdulthoodGoal, Operation.Amend);

    private DateOnly Today => DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));

    public Task<List<PupilVoiceEntry>> VoiceAsync(Guid pupilId, CancellationToken cancellationToken) =>
        db.PupilVoiceEntries.AsNoTracking().Where(v => v.PupilId == pupilId).OrderByDescending(v => v.GivenOn).ThenByDescending(v => v.RecordedUtc).ToListAsync(cancellationToken);

    public async Task<(PupilVoiceEntry? Entry, IReadOnlyDictionary<string, string> Errors)> RecordVoiceAsync(
        PupilChoice pupil, DateOnly? givenOn, VoiceMedium? medium, string? views, string? forWhat, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        if (givenOn is not { } given)
        {
            errors["GivenOn"] = "Enter the date the pupil gave their views";
        }
        else if (given > Today || given < Today.AddYears(-2))
        {
            errors["GivenOn"] = "The date must be today or within the last two years";
        }

        if (medium is null)
        {
            errors["Medium"] = "Select how the pupil gave their views";
        }

        var (words, wordsError) = TextInput.Clean(views, MaxText, multiline: true);
        TextInput.Require(words, wordsError, "Views", "Write the pupil’s views, in their words, or describe what they made", "The pupil’s views", errors);
        var (purpose, purposeError) = TextInput.Clean(forWhat, 200);
        if (purposeError is not null)
        {
            errors["ForWhat"] = "What they are for " + purposeError;
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var entry = new PupilVoiceEntry
        {
            PupilId = pupil.Id, SchoolId = pupil.SchoolId, GivenOn = givenOn!.Value, Medium = medium!.Value, Views = words!, ForWhat = purpose,
            RecordedByUserId = staff.UserId, RecordedByName = staff.User!.DisplayName, RecordedUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.PupilVoiceEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        return (entry, errors);
    }

    public Task<List<AdulthoodGoal>> GoalsAsync(Guid pupilId, CancellationToken cancellationToken) =>
        db.AdulthoodGoals.AsNoTracking().Include(g => g.Progress).Where(g => g.PupilId == pupilId)
            .OrderBy(g => g.Status).ThenBy(g => g.Area).ThenBy(g => g.CreatedUtc).ToListAsync(cancellationToken);

    /// <summary>Whether Preparation for Adulthood applies: the pupil is in Year 9 or above.</summary>
    public static bool Applies(PupilChoice pupil) => pupil.Year >= FirstAdulthoodYear;

    public async Task<(AdulthoodGoal? Goal, IReadOnlyDictionary<string, string> Errors)> AddGoalAsync(
        PupilChoice pupil, AdulthoodArea? area, string? goal, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        if (!Applies(pupil))
        {
            errors["Goal"] = $"Preparation for Adulthood goals start in Year {FirstAdulthoodYear}; {pupil.Name} is in {(pupil.YearGroup.Length > 0 ? pupil.YearGroup : "no year group")}";
            return (null, errors);
        }

        if (area is null)
        {
            errors["Area"] = "Select the Preparation for Adulthood area";
        }

        var (text, textError) = TextInput.Clean(goal, 1_000, multiline: true);
        TextInput.Require(text, textError, "Goal", "Write the goal, in the pupil’s words where you can", "The goal", errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var added = new AdulthoodGoal
        {
            PupilId = pupil.Id, SchoolId = pupil.SchoolId, Area = area!.Value, Goal = text!, Status = GoalStatus.Working,
            CreatedUtc = clock.GetUtcNow().UtcDateTime, CreatedByName = staff.User!.DisplayName,
        };
        db.AdulthoodGoals.Add(added);
        await db.SaveChangesAsync(cancellationToken);
        return (added, errors);
    }

    /// <summary>Adds a progress note to one of the pupil's goals, optionally marking it achieved or stopped. Null goal: not the pupil's.</summary>
    public async Task<(GoalProgress? Progress, IReadOnlyDictionary<string, string> Errors)> AddProgressAsync(
        Guid pupilId, Guid? goalId, string? note, GoalStatus? status, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var goal = goalId is { } id ? await db.AdulthoodGoals.FirstOrDefaultAsync(g => g.Id == id && g.PupilId == pupilId, cancellationToken) : null;
        if (goal is null)
        {
            errors["GoalId"] = "Choose the goal this progress is for";
        }

        var (text, textError) = TextInput.Clean(note, MaxText, multiline: true);
        TextInput.Require(text, textError, "Note", "Write the progress made", "The progress note", errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var progress = new GoalProgress
        {
            GoalId = goal!.Id, Note = text!, StatusAfter = status ?? goal.Status, RecordedUtc = clock.GetUtcNow().UtcDateTime, RecordedByName = staff.User!.DisplayName,
        };
        goal.Status = progress.StatusAfter;
        db.GoalProgress.Add(progress);
        await db.SaveChangesAsync(cancellationToken);
        return (progress, errors);
    }
}
