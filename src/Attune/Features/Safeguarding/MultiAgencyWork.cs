using Attune.Platform.Authorization;
using Attune.Platform.Calendar;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Safeguarding;

/// <summary>A referral as asked for, from a page or the API. Null fields were not given (or could not be read).</summary>
public sealed record ReferralRequest(
    ReferralAgency? Agency, string? AgencyName, string? Reference, DateOnly? MadeOn, TimeOnly? MadeAt, ReferralMethod? Method, string? Summary, DateOnly? ResponseDueOn);

/// <summary>A response to a referral, or an escalation of it.</summary>
public sealed record ReferralUpdateRequest(ReferralUpdateKind? Kind, int Version, DateOnly? On, string? Note, DateOnly? NewResponseDueOn);

public sealed record MeetingRequest(MeetingKind? Kind, DateOnly? HeldOn, TimeOnly? HeldAt, string? Attendees, string? Decisions, DateOnly? NextMeetingOn);

// Each method takes inputErrors: problems the caller found reading the input (a time that is not a time). The request is
// still checked in full, so every problem is reported at once, and nothing is saved.

/// <summary>What became of a request: what was saved, or the problems by field; a conflict when the record changed since it was read.</summary>
public sealed record CaseworkOutcome<T>(T? Saved, IReadOnlyDictionary<string, string> Errors, bool Conflict = false) where T : class;

/// <summary>
/// The DSL team's work with other agencies on a concern: referrals made (to children's social care, the police,
/// Early Help, health), the agencies' responses and escalations, and multi-agency meetings. All are appended,
/// never edited over: a response or escalation is a new entry on the referral.
/// </summary>
public sealed class MultiAgencyWork(AppDbContext db, StaffContext staff, TimeProvider clock)
{
    /// <summary>Social care acknowledges a referral within 1 working day (Working Together to Safeguard Children).</summary>
    public const int SocialCareResponseWorkingDays = 1;

    private DateOnly Today => DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));

    public async Task<CaseworkOutcome<Referral>> AddReferralAsync(Concern concern, ReferralRequest request, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? inputErrors = null)
    {
        var errors = new Dictionary<string, string>(inputErrors ?? new Dictionary<string, string>());
        Open(concern, "Reopen it to record a referral", errors);
        if (request.Agency is null)
        {
            errors[nameof(request.Agency)] = "Select who the referral was made to";
        }

        var (agencyName, agencyNameError) = TextInput.Clean(request.AgencyName, ConcernLimits.AgencyName);
        TextInput.Require(agencyName, agencyNameError, nameof(request.AgencyName), "Enter the service, like the name of the MASH or police team", "The service", errors);
        var (reference, referenceError) = TextInput.Clean(request.Reference, ConcernLimits.Reference);
        if (referenceError is not null)
        {
            errors[nameof(request.Reference)] = "The reference number " + referenceError;
        }

        if (request.Method is null)
        {
            errors[nameof(request.Method)] = "Select how the referral was made";
        }

        var (summary, summaryError) = TextInput.Clean(request.Summary, ConcernLimits.Decision, multiline: true);
        TextInput.Require(summary, summaryError, nameof(request.Summary), "Enter what was shared and what was asked for", "The summary", errors);
        Past(request.MadeOn, nameof(request.MadeOn), "the referral was made", concern, errors);

        var responseDue = request.ResponseDueOn;
        if (responseDue is null && request.Agency == ReferralAgency.ChildrensSocialCare && request.MadeOn is { } madeOn)
        {
            responseDue = WorkingDays.Add(madeOn, SocialCareResponseWorkingDays);
        }

        if (request.ResponseDueOn is { } due && request.MadeOn is { } made && due < made)
        {
            errors[nameof(request.ResponseDueOn)] = "The response due date must be on or after the day the referral was made";
        }

        if (errors.Count > 0)
        {
            return new(null, errors);
        }

        var referral = new Referral
        {
            ConcernId = concern.Id,
            Agency = request.Agency!.Value,
            AgencyName = agencyName!,
            Reference = reference,
            MadeOn = request.MadeOn!.Value,
            MadeAt = request.MadeAt,
            Method = request.Method!.Value,
            Summary = summary!,
            ResponseDueOn = responseDue,
            RecordedUtc = clock.GetUtcNow().UtcDateTime,
            RecordedByName = staff.User!.DisplayName,
        };
        db.Referrals.Add(referral);
        await db.SaveChangesAsync(cancellationToken);
        return new(referral, errors);
    }

    /// <summary>The concern's referral, tracked with its updates; null when the concern has no such referral.</summary>
    public Task<Referral?> ReferralAsync(Concern concern, Guid referralId, CancellationToken cancellationToken) =>
        db.Referrals.Include(r => r.Updates).FirstOrDefaultAsync(r => r.Id == referralId && r.ConcernId == concern.Id, cancellationToken);

    /// <summary>
    /// Records the agency's response (the referral is then answered) or an escalation (chasing, going to a
    /// manager under the local escalation policy), which may agree a new due date and so re-arms the overdue alert.
    /// </summary>
    public async Task<CaseworkOutcome<ReferralUpdate>> UpdateReferralAsync(Concern concern, Referral referral, ReferralUpdateRequest request, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? inputErrors = null)
    {
        var errors = new Dictionary<string, string>(inputErrors ?? new Dictionary<string, string>());
        Open(concern, "Reopen it to update a referral", errors);
        if (request.Kind is null)
        {
            errors[nameof(request.Kind)] = "Select whether this is the agency's response or an escalation";
        }
        else if (referral.ResponseOn is not null)
        {
            errors[nameof(request.Kind)] = "The response to this referral is already recorded";
        }

        var (note, noteError) = TextInput.Clean(request.Note, ConcernLimits.Decision, multiline: true);
        TextInput.Require(note, noteError, nameof(request.Note),
            request.Kind == ReferralUpdateKind.Escalation ? "Enter who it was escalated to and what was agreed" : "Enter what the agency said or decided", "The note", errors);
        Past(request.On, nameof(request.On), "it happened", concern, errors);
        if (request.On is { } on && on < referral.MadeOn)
        {
            errors[nameof(request.On)] = "The date must be on or after the day the referral was made";
        }

        if (request.NewResponseDueOn is { } newDue)
        {
            if (request.Kind == ReferralUpdateKind.Response)
            {
                errors[nameof(request.NewResponseDueOn)] = "A new due date goes with an escalation, not a response";
            }
            else if (newDue < Today)
            {
                errors[nameof(request.NewResponseDueOn)] = "The new due date must be today or later";
            }
        }

        if (referral.Version != request.Version)
        {
            return new(null, errors, Conflict: true);
        }

        if (errors.Count > 0)
        {
            return new(null, errors);
        }

        var update = new ReferralUpdate
        {
            ReferralId = referral.Id,
            Kind = request.Kind!.Value,
            On = request.On!.Value,
            Note = note!,
            NewResponseDueOn = request.NewResponseDueOn,
            RecordedUtc = clock.GetUtcNow().UtcDateTime,
            ByName = staff.User!.DisplayName,
        };
        db.ReferralUpdates.Add(update);
        if (update.Kind == ReferralUpdateKind.Response)
        {
            referral.ResponseOn = update.On;
            referral.Response = update.Note;
        }
        else if (update.NewResponseDueOn is { } due)
        {
            referral.ResponseDueOn = due;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new(null, errors, Conflict: true);
        }

        return new(update, errors);
    }

    public async Task<CaseworkOutcome<SafeguardingMeeting>> AddMeetingAsync(Concern concern, MeetingRequest request, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? inputErrors = null)
    {
        var errors = new Dictionary<string, string>(inputErrors ?? new Dictionary<string, string>());
        Open(concern, "Reopen it to record a meeting", errors);
        if (request.Kind is null)
        {
            errors[nameof(request.Kind)] = "Select the kind of meeting";
        }

        Past(request.HeldOn, nameof(request.HeldOn), "the meeting was held", concern, errors);
        var (attendees, attendeesError) = TextInput.Clean(request.Attendees, ConcernLimits.Attendees, multiline: true);
        TextInput.Require(attendees, attendeesError, nameof(request.Attendees), "Enter who attended, with their role and agency", "Who attended", errors);
        var (decisions, decisionsError) = TextInput.Clean(request.Decisions, ConcernLimits.Decision, multiline: true);
        TextInput.Require(decisions, decisionsError, nameof(request.Decisions), "Enter what the meeting decided", "The decisions", errors);
        if (request.NextMeetingOn is { } next && request.HeldOn is { } held && next <= held)
        {
            errors[nameof(request.NextMeetingOn)] = "The next meeting must be after this one";
        }

        if (errors.Count > 0)
        {
            return new(null, errors);
        }

        var meeting = new SafeguardingMeeting
        {
            ConcernId = concern.Id,
            Kind = request.Kind!.Value,
            HeldOn = request.HeldOn!.Value,
            HeldAt = request.HeldAt,
            Attendees = attendees!,
            Decisions = decisions!,
            NextMeetingOn = request.NextMeetingOn,
            RecordedUtc = clock.GetUtcNow().UtcDateTime,
            RecordedByName = staff.User!.DisplayName,
        };
        db.SafeguardingMeetings.Add(meeting);
        await db.SaveChangesAsync(cancellationToken);
        return new(meeting, errors);
    }

    private static void Open(Concern concern, string what, Dictionary<string, string> errors)
    {
        if (concern.Status == ConcernStatus.Closed)
        {
            errors["Concern"] = $"This concern is closed. {what}";
        }
    }

    /// <summary>A required date that is not in the future nor before the concern happened (less a year, for history that comes to light).</summary>
    private void Past(DateOnly? date, string key, string what, Concern concern, Dictionary<string, string> errors)
    {
        if (date is null)
        {
            errors[key] = $"Enter the date {what}, like 3/11/2026";
        }
        else if (date > Today)
        {
            errors[key] = $"The date {what} must be today or earlier";
        }
        else if (date < concern.OccurredOn.AddYears(-1))
        {
            errors[key] = $"The date {what} must be no more than a year before the concern ({concern.OccurredOn:d MMM yyyy})";
        }
    }
}
