using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Notifications;
using Attune.Platform.Web;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Safeguarding;

/// <summary>A decision as asked for, from a page or the API.</summary>
public sealed record DecisionRequest(DecisionKind Kind, int Version, string? LevelOfNeed, Guid? OwnerUserId, string? Decision, string? Reason);

/// <summary>What became of a decision: saved, refused field by field, or not saved because someone else decided first.</summary>
public sealed record DecisionOutcome(ConcernDecision? Saved, IReadOnlyDictionary<string, string> Errors, bool Conflict = false);

/// <summary>
/// The DSL team's decisions on a concern: triage (level of need, owner, what happens next), closure with a
/// rationale, and reopening. Each is appended to the concern's decisions, never written over an earlier one,
/// and a decision made from a stale copy of the concern is refused rather than silently winning.
/// </summary>
public sealed class ConcernCasework(AppDbContext db, StaffContext staff, Notifier notifier, AuditTrail audit, TimeProvider clock)
{
    /// <summary>The concern, tracked, when the member of staff may work on it; otherwise null (answer 404).</summary>
    public Task<Concern?> ForAmendAsync(Guid id, CancellationToken cancellationToken) =>
        db.Concerns.VisibleTo(staff, Operation.Amend).Include(c => c.Category).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);

    /// <summary>Records that the member of staff viewed the concern, once against each pupil it is about, and saves.</summary>
    public async Task RecordReadAsync(Concern concern, CancellationToken cancellationToken)
    {
        var pupils = await db.ConcernPupils.Where(p => p.ConcernId == concern.Id).Select(p => p.PupilId).ToListAsync(cancellationToken);
        audit.RecordConcernRead(concern.Id, concern.SchoolId, pupils);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Who may own the concern: the DSL team that can read it.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Name)>> OwnersAsync(Concern concern, CancellationToken cancellationToken)
    {
        var team = await new DslTeam(db).ForConcernAsync(concern.Id, cancellationToken);
        var people = await db.Users.Where(u => team.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToListAsync(cancellationToken);
        return [.. people.OrderBy(p => p.DisplayName, StringComparer.Ordinal).Select(p => (p.Id, p.DisplayName))];
    }

    public async Task<DecisionOutcome> DecideAsync(Concern concern, DecisionRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var (decision, decisionError) = TextInput.Clean(request.Decision, ConcernLimits.Decision, multiline: true);
        var (reason, reasonError) = TextInput.Clean(request.Reason, ConcernLimits.Decision, multiline: true);
        string? ownerName = null;
        switch (request.Kind)
        {
            case DecisionKind.Triage:
                if (concern.Status == ConcernStatus.Closed)
                {
                    errors[nameof(request.Decision)] = "This concern is closed. Reopen it, with the reason, before recording a decision";
                    break;
                }

                if (request.LevelOfNeed is null || !(await SafeguardingSettings.LevelsInUseAsync(db, concern.SchoolId, cancellationToken)).Contains(request.LevelOfNeed))
                {
                    errors[nameof(request.LevelOfNeed)] = "Select the level of need";
                }

                var owners = await OwnersAsync(concern, cancellationToken);
                ownerName = owners.FirstOrDefault(o => o.Id == request.OwnerUserId).Name;
                if (ownerName is null)
                {
                    errors[nameof(request.OwnerUserId)] = "Select who in the safeguarding team owns this concern";
                }

                TextInput.Require(decision, decisionError, nameof(request.Decision), "Enter the decision and what happens next", "The decision", errors);
                if (concern.LevelOfNeed is not null && request.LevelOfNeed != concern.LevelOfNeed && reason is null)
                {
                    errors[nameof(request.Reason)] = reasonError is null
                        ? $"Enter why the level of need changes from {concern.LevelOfNeed}"
                        : "The reason " + reasonError;
                }
                else if (reasonError is not null)
                {
                    errors[nameof(request.Reason)] = "The reason " + reasonError;
                }

                break;
            case DecisionKind.Closed:
                if (concern.Status == ConcernStatus.Closed)
                {
                    errors[nameof(request.Decision)] = "This concern is already closed";
                    break;
                }

                TextInput.Require(decision, decisionError, nameof(request.Decision), "Enter the outcome", "The outcome", errors);
                TextInput.Require(reason, reasonError, nameof(request.Reason), "Enter why the concern can be closed", "The rationale", errors);
                break;
            case DecisionKind.Reopened:
                if (concern.Status != ConcernStatus.Closed)
                {
                    errors[nameof(request.Reason)] = "This concern is not closed";
                    break;
                }

                if (concern.EnteredInErrorUtc is not null)
                {
                    errors[nameof(request.Reason)] = "This concern was marked entered in error and cannot be reopened. Report a new concern instead";
                    break;
                }

                TextInput.Require(reason, reasonError, nameof(request.Reason), "Enter why the concern is being reopened", "The reason", errors);
                decision = "Reopened";
                break;
        }

        if (concern.Version != request.Version)
        {
            return new DecisionOutcome(null, errors, Conflict: true);
        }

        if (errors.Count > 0)
        {
            return new DecisionOutcome(null, errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var saved = new ConcernDecision
        {
            ConcernId = concern.Id,
            RecordedUtc = now,
            ByUserId = staff.UserId,
            ByName = staff.User!.DisplayName,
            Kind = request.Kind,
            LevelOfNeed = request.Kind == DecisionKind.Triage ? request.LevelOfNeed : concern.LevelOfNeed,
            PreviousLevelOfNeed = request.Kind == DecisionKind.Triage && concern.LevelOfNeed != request.LevelOfNeed ? concern.LevelOfNeed : null,
            OwnerName = ownerName,
            Decision = decision!,
            Reason = reason,
        };
        db.ConcernDecisions.Add(saved);
        var previousOwner = concern.OwnerUserId;
        switch (request.Kind)
        {
            case DecisionKind.Triage:
                concern.LevelOfNeed = request.LevelOfNeed;
                concern.OwnerUserId = request.OwnerUserId;
                concern.Status = ConcernStatus.Open;
                concern.AcknowledgedUtc ??= now;
                concern.AcknowledgedByUserId ??= staff.UserId;
                break;
            case DecisionKind.Closed:
                concern.Status = ConcernStatus.Closed;
                concern.ClosedUtc = now;
                break;
            case DecisionKind.Reopened:
                concern.Status = ConcernStatus.Open;
                concern.ClosedUtc = null;
                break;
        }

        if (concern.OwnerUserId is { } owner && owner != previousOwner && owner != staff.UserId)
        {
            await notifier.NotifyAsync(owner, "Safeguarding concern assigned", "A safeguarding concern has been assigned to you.",
                $"/safeguarding/concerns/{concern.Id}", concern.SchoolId, new NotificationSender(staff.UserId, staff.User.DisplayName));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new DecisionOutcome(null, errors, Conflict: true);
        }

        return new DecisionOutcome(saved, errors);
    }

    /// <summary>Adds an action to an open concern; its owner (if someone else) is told. Returns the problems by field, none when saved.</summary>
    public async Task<IReadOnlyDictionary<string, string>> AddActionAsync(Concern concern, string? description, Guid? ownerUserId, DateOnly? dueOn, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var (text, textError) = TextInput.Clean(description, ConcernLimits.Action, multiline: true);
        TextInput.Require(text, textError, "Description", "Enter what needs to be done", "The action", errors);
        var owner = (await OwnersAsync(concern, cancellationToken)).FirstOrDefault(o => o.Id == ownerUserId);
        if (owner.Name is null)
        {
            errors["OwnerUserId"] = "Select who will do it";
        }

        var today = DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));
        if (dueOn is null)
        {
            errors["DueOn"] = "Enter the date it is due, like 1/12/2026";
        }
        else if (dueOn < today)
        {
            errors["DueOn"] = "The due date must be today or later";
        }
        else if (dueOn > today.AddYears(2))
        {
            errors["DueOn"] = "The due date must be within two years";
        }

        if (concern.Status == ConcernStatus.Closed)
        {
            errors["Description"] = "This concern is closed. Reopen it to add actions";
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        db.SafeguardingActions.Add(new SafeguardingAction
        {
            ConcernId = concern.Id,
            Description = text!,
            OwnerUserId = owner.Id,
            OwnerName = owner.Name!,
            DueOn = dueOn!.Value,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
            CreatedByName = staff.User!.DisplayName,
        });
        if (owner.Id != staff.UserId)
        {
            await notifier.NotifyAsync(owner.Id, "Safeguarding action assigned", "A safeguarding action has been assigned to you.",
                $"/safeguarding/concerns/{concern.Id}", concern.SchoolId, new NotificationSender(staff.UserId, staff.User.DisplayName));
        }

        await db.SaveChangesAsync(cancellationToken);
        return errors;
    }

    /// <summary>Marks an action done. Null when the concern has no such action; false when it changed since it was read.</summary>
    public async Task<bool?> CompleteActionAsync(Concern concern, Guid actionId, int version, CancellationToken cancellationToken)
    {
        var action = await db.SafeguardingActions.FirstOrDefaultAsync(a => a.Id == actionId && a.ConcernId == concern.Id, cancellationToken);
        if (action is null)
        {
            return null;
        }

        if (action.Version != version || action.DoneUtc is not null)
        {
            return false;
        }

        action.DoneUtc = clock.GetUtcNow().UtcDateTime;
        action.DoneByName = staff.User!.DisplayName;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}

public static class ConcernAudit
{
    /// <summary>A view of a concern, recorded against each pupil it is about so it shows in each pupil's audit log.</summary>
    public static void RecordConcernRead(this AuditTrail audit, Guid concernId, Guid schoolId, IEnumerable<Guid> pupilIds)
    {
        foreach (var pupilId in pupilIds)
        {
            audit.RecordRead(nameof(Concern), concernId, pupilId, schoolId);
        }
    }
}
