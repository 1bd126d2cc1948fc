using Attune.Features.Pupils;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Safeguarding;

/// <summary>
/// Corrections to a concern. Nothing is ever deleted or silently overwritten: an amendment keeps the text it
/// replaces with who changed it, when and why; a concern marked "entered in error" (only by a DSL) stays in the
/// record and the chronology, marked as such, and is closed.
/// </summary>
public sealed class ConcernCorrections(AppDbContext db, StaffContext staff, TimeProvider clock)
{
    /// <summary>The parts of a concern the DSL team may correct, with their names and longest lengths.</summary>
    public static readonly IReadOnlyList<(string Field, string Label, int MaxLength, bool Required)> Fields =
    [
        (nameof(Concern.Account), "What was seen, heard or said", ConcernLimits.Account, true),
        (nameof(Concern.ChildsWords), "The child's own words", ConcernLimits.ChildsWords, false),
        (nameof(Concern.Location), "Where", ConcernLimits.Location, false),
        (nameof(Concern.ActionTaken), "Action already taken", ConcernLimits.ActionTaken, false),
        (nameof(Concern.OthersInformed), "Who else was told", ConcernLimits.OthersInformed, false),
    ];

    public static string? Current(Concern concern, string field) => field switch
    {
        nameof(Concern.Account) => concern.Account,
        nameof(Concern.ChildsWords) => concern.ChildsWords,
        nameof(Concern.Location) => concern.Location,
        nameof(Concern.ActionTaken) => concern.ActionTaken,
        nameof(Concern.OthersInformed) => concern.OthersInformed,
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    /// <summary>Whether the member of staff is a DSL (not a deputy) for this concern, and so may mark it entered in error.</summary>
    public Task<bool> MayMarkInErrorAsync(Concern concern, CancellationToken cancellationToken)
    {
        var pupils = db.Pupils.Within(staff, staff.GrantFor(RecordType.DslOnlyConcern, Operation.Amend)).Select(p => p.Id);
        return db.ConcernPupils.AnyAsync(p => p.ConcernId == concern.Id && pupils.Contains(p.PupilId), cancellationToken);
    }

    /// <summary>Replaces one part of the concern's text, keeping what it said before. Returns the problems by field, or a conflict.</summary>
    public async Task<CaseworkOutcome<ConcernAmendment>> AmendAsync(Concern concern, string? field, string? text, string? reason, int version, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var spec = Fields.FirstOrDefault(f => f.Field == field);
        if (spec.Field is null)
        {
            errors["Field"] = "Select which part of the concern to correct";
            return new(null, errors);
        }

        if (concern.EnteredInErrorUtc is not null)
        {
            errors["Text"] = "This concern was marked entered in error; it can no longer be corrected";
        }

        var (after, textError) = TextInput.Clean(text, spec.MaxLength, multiline: field != nameof(Concern.Location));
        if (textError is not null)
        {
            errors["Text"] = $"{spec.Label} {textError}";
        }
        else if (after is null && spec.Required)
        {
            errors["Text"] = $"Enter {spec.Label.ToLowerInvariant()}";
        }
        else if (after == Current(concern, spec.Field))
        {
            errors["Text"] = "The text is unchanged: make the correction, or go back";
        }

        var (why, reasonError) = TextInput.Clean(reason, ConcernLimits.Decision, multiline: true);
        if (reasonError is not null)
        {
            errors["Reason"] = "The reason " + reasonError;
        }
        else if (why is null)
        {
            errors["Reason"] = "Enter why the correction is needed, and who it was checked with";
        }

        if (concern.Version != version)
        {
            return new(null, errors, Conflict: true);
        }

        if (errors.Count > 0)
        {
            return new(null, errors);
        }

        var amendment = new ConcernAmendment
        {
            ConcernId = concern.Id,
            Field = spec.Field,
            Before = Current(concern, spec.Field),
            After = after,
            Reason = why!,
            ByUserId = staff.UserId,
            ByName = staff.User!.DisplayName,
            RecordedUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.ConcernAmendments.Add(amendment);
        switch (spec.Field)
        {
            case nameof(Concern.Account): concern.Account = after!; break;
            case nameof(Concern.ChildsWords): concern.ChildsWords = after; break;
            case nameof(Concern.Location): concern.Location = after; break;
            case nameof(Concern.ActionTaken): concern.ActionTaken = after; break;
            case nameof(Concern.OthersInformed): concern.OthersInformed = after; break;
        }

        return await SaveAsync(amendment, errors, cancellationToken);
    }

    /// <summary>Marks the concern entered in error (a DSL only), with the reason; it is closed and stays in history.</summary>
    public async Task<CaseworkOutcome<Concern>> MarkInErrorAsync(Concern concern, string? reason, int version, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        if (concern.EnteredInErrorUtc is not null)
        {
            errors["Reason"] = "This concern is already marked entered in error";
        }

        var (why, reasonError) = TextInput.Clean(reason, ConcernLimits.Decision, multiline: true);
        if (reasonError is not null)
        {
            errors["Reason"] = "The reason " + reasonError;
        }
        else if (why is null)
        {
            errors.TryAdd("Reason", "Enter why this concern was entered in error, such as the wrong pupil or a duplicate");
        }

        if (concern.Version != version)
        {
            return new(null, errors, Conflict: true);
        }

        if (errors.Count > 0)
        {
            return new(null, errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        concern.EnteredInErrorUtc = now;
        concern.EnteredInErrorByName = staff.User!.DisplayName;
        concern.EnteredInErrorReason = why;
        if (concern.Status != ConcernStatus.Closed)
        {
            concern.Status = ConcernStatus.Closed;
            concern.ClosedUtc = now;
        }

        return await SaveAsync(concern, errors, cancellationToken);
    }

    private async Task<CaseworkOutcome<T>> SaveAsync<T>(T saved, Dictionary<string, string> errors, CancellationToken cancellationToken) where T : class
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new(saved, errors);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new(null, errors, Conflict: true);
        }
    }
}
