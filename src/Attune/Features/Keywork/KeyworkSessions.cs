using Attune.Features.Pupils;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Keywork;

/// <summary>A keywork session as it is recorded, from a form or the API.</summary>
public sealed record SessionRecord(
    SessionKind? Kind, DateOnly? HeldOn, TimeOnly? StartedAt, int? DurationMinutes, IReadOnlyList<string> Themes,
    string? Discussed, string? PupilWords, string? StrategiesPractised, string? NextSteps, DateOnly? NextStepsDueOn);

/// <summary>One entry of a pupil's keywork record: a session or a check-in.</summary>
public sealed record KeyworkEntry(DateTime When, KeyworkSession? Session, WellbeingCheckIn? CheckIn);

/// <summary>Recording one-to-one keywork sessions and wellbeing check-ins, and reading a pupil's keywork record.</summary>
public sealed class KeyworkSessions(AppDbContext db, StaffContext staff, TimeProvider clock)
{
    public const int MaxText = 8_000;
    public const int MaxCheckInComment = 1_000;
    public const int MaxDuration = 8 * 60;
    public static readonly AccessRequirement Read = new(RecordType.KeyworkSession, Operation.Read);
    public static readonly AccessRequirement Create = new(RecordType.KeyworkSession, Operation.Create);

    public static readonly IReadOnlyList<string> DefaultThemes =
    [
        "Anxiety", "Low mood", "Bereavement and loss", "Self-harm", "Identity", "Eating", "Friendships", "Family", "Anger",
        "School avoidance", "Sleep", "Online safety", "Relationships", "Transition", "Emotional regulation",
    ];

    private DateOnly Today => DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));

    /// <summary>The school's session themes in use, in the school's order; the defaults are added the first time a school needs them.</summary>
    public async Task<IReadOnlyList<string>> ThemesAsync(Guid schoolId, CancellationToken cancellationToken)
    {
        var themes = await db.KeyworkThemes.AsNoTracking().Where(t => t.SchoolId == schoolId)
            .OrderBy(t => t.SortOrder).ThenBy(t => t.Name).ToListAsync(cancellationToken);
        if (themes.Count == 0)
        {
            var defaults = DefaultThemes.Select((name, i) => new KeyworkTheme { SchoolId = schoolId, Name = name, SortOrder = (i + 1) * 10 }).ToList();
            db.KeyworkThemes.AddRange(defaults);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                themes = defaults;
            }
            catch (DbUpdateException error) when (DatabaseErrors.IsUniqueViolation(error))
            {
                db.ChangeTracker.Clear();
                themes = await db.KeyworkThemes.AsNoTracking().Where(t => t.SchoolId == schoolId)
                    .OrderBy(t => t.SortOrder).ThenBy(t => t.Name).ToListAsync(cancellationToken);
            }
        }

        return [.. themes.Where(t => !t.Retired).Select(t => t.Name)];
    }

    /// <summary>
    /// Records a session; errors are keyed by field and nothing is saved while there are any. With
    /// <paramref name="save"/> false it only checks, for a form that found a problem of its own.
    /// </summary>
    public async Task<(KeyworkSession? Session, IReadOnlyDictionary<string, string> Errors)> RecordAsync(
        PupilChoice pupil, SessionRecord input, CancellationToken cancellationToken, bool save = true)
    {
        var errors = new Dictionary<string, string>();
        if (input.Kind is null)
        {
            errors["Kind"] = "Select the kind of session";
        }

        var today = Today;
        if (input.HeldOn is not { } heldOn)
        {
            errors["HeldOn"] = "Enter the date of the session";
        }
        else if (heldOn > today)
        {
            errors["HeldOn"] = "The date of the session must be today or earlier";
        }
        else if (heldOn < today.AddYears(-1))
        {
            errors["HeldOn"] = "The date of the session must be within the last year";
        }

        if (input.DurationMinutes is not (>= 1 and <= MaxDuration))
        {
            errors["DurationMinutes"] = $"Enter how long the session lasted, in minutes, from 1 to {MaxDuration}";
        }

        var themes = await ThemesAsync(pupil.SchoolId, cancellationToken);
        var chosen = input.Themes.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal).ToList();
        if (chosen.FirstOrDefault(t => !themes.Contains(t, StringComparer.Ordinal)) is { } unknown)
        {
            errors["Themes"] = $"“{(unknown.Length > 60 ? unknown[..60] + "…" : unknown)}” is not one of the school’s session themes";
        }

        var (discussed, discussedError) = TextInput.Clean(input.Discussed, MaxText, multiline: true);
        TextInput.Require(discussed, discussedError, "Discussed", "Write what was discussed", "What was discussed", errors);
        var words = TextInput.Optional(input.PupilWords, MaxText, "PupilWords", "The pupil’s words", errors);
        var strategies = TextInput.Optional(input.StrategiesPractised, MaxText, "StrategiesPractised", "Strategies practised", errors);
        var nextSteps = TextInput.Optional(input.NextSteps, MaxText, "NextSteps", "Next steps", errors);
        if (input.NextStepsDueOn is { } due && nextSteps is null)
        {
            errors["NextSteps"] = "Write the next steps that are due, or clear the date they are due";
        }
        else if (input.NextStepsDueOn is { } dueOn && input.HeldOn is { } held && dueOn < held)
        {
            errors["NextStepsDueOn"] = "The next steps cannot be due before the session";
        }

        if (errors.Count > 0 || !save)
        {
            return (null, errors);
        }

        var session = new KeyworkSession
        {
            PupilId = pupil.Id,
            SchoolId = pupil.SchoolId,
            Kind = input.Kind!.Value,
            HeldOn = input.HeldOn!.Value,
            StartedAt = input.StartedAt,
            DurationMinutes = input.DurationMinutes!.Value,
            Themes = [.. themes.Where(chosen.Contains)],
            Discussed = discussed!,
            PupilWords = words,
            StrategiesPractised = strategies,
            NextSteps = nextSteps,
            NextStepsDueOn = nextSteps is null ? null : input.NextStepsDueOn,
            RecordedByUserId = staff.UserId,
            RecordedByName = staff.User!.DisplayName,
            RecordedUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.KeyworkSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return (session, errors);
    }

    /// <summary>Records a wellbeing check-in; an error keyed by field when the score or comment is not right.</summary>
    public async Task<(WellbeingCheckIn? CheckIn, IReadOnlyDictionary<string, string> Errors)> CheckInAsync(
        PupilChoice pupil, int? score, string? comment, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        if (score is not (>= 1 and <= 5))
        {
            errors["Score"] = "Select how the pupil is feeling, from 1 (very low) to 5 (very good)";
        }

        var cleaned = TextInput.Optional(comment, MaxCheckInComment, "Comment", "The comment", errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var checkIn = new WellbeingCheckIn
        {
            PupilId = pupil.Id,
            SchoolId = pupil.SchoolId,
            Score = score!.Value,
            Comment = cleaned,
            CheckedInUtc = clock.GetUtcNow().UtcDateTime,
            RecordedByUserId = staff.UserId,
            RecordedByName = staff.User!.DisplayName,
        };
        db.WellbeingCheckIns.Add(checkIn);
        await db.SaveChangesAsync(cancellationToken);
        return (checkIn, errors);
    }

    /// <summary>The pupil's sessions and check-ins, newest first.</summary>
    public async Task<IReadOnlyList<KeyworkEntry>> RecordOfAsync(Guid pupilId, CancellationToken cancellationToken)
    {
        var sessions = await db.KeyworkSessions.AsNoTracking().Where(s => s.PupilId == pupilId).ToListAsync(cancellationToken);
        var checkIns = await db.WellbeingCheckIns.AsNoTracking().Where(c => c.PupilId == pupilId).ToListAsync(cancellationToken);
        return [.. sessions.Select(s => new KeyworkEntry(s.HeldOn.ToDateTime(s.StartedAt ?? TimeOnly.MinValue), s, null))
            .Concat(checkIns.Select(c => new KeyworkEntry(LocalTime.ToUk(c.CheckedInUtc), null, c)))
            .OrderByDescending(e => e.When)];
    }

    /// <summary>Marks a session's next steps done; false when the session has none outstanding.</summary>
    public async Task<bool> NextStepsDoneAsync(Guid pupilId, Guid sessionId, CancellationToken cancellationToken)
    {
        var session = await db.KeyworkSessions.FirstOrDefaultAsync(s => s.Id == sessionId && s.PupilId == pupilId && s.NextSteps != null && s.NextStepsDoneUtc == null, cancellationToken);
        if (session is null)
        {
            return false;
        }

        session.NextStepsDoneUtc = clock.GetUtcNow().UtcDateTime;
        session.NextStepsDoneByName = staff.User!.DisplayName;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>A session this member of staff recorded about the pupil, with no concern linked yet: one a concern can be reported from.</summary>
    public Task<KeyworkSession?> OwnSessionAsync(Guid sessionId, Guid pupilId, CancellationToken cancellationToken) =>
        db.KeyworkSessions.AsNoTracking()
            .FirstOrDefaultAsync(s => s.Id == sessionId && s.PupilId == pupilId && s.RecordedByUserId == staff.UserId && s.ConcernId == null, cancellationToken);

    /// <summary>
    /// Links the member of staff's own session to the concern they reported from it, when the concern is about the
    /// session's pupil. Anything else is ignored: the concern is sent either way.
    /// </summary>
    public async Task LinkConcernAsync(Guid sessionId, Guid concernId, IReadOnlyCollection<Guid> concernPupils, CancellationToken cancellationToken)
    {
        var session = await db.KeyworkSessions
            .FirstOrDefaultAsync(s => s.Id == sessionId && s.RecordedByUserId == staff.UserId && s.ConcernId == null, cancellationToken);
        if (session is not null && concernPupils.Contains(session.PupilId))
        {
            session.ConcernId = concernId;
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
