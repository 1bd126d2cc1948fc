using Attune.Features.Pupils;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Notifications;
using Attune.Platform.Web;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Safeguarding;

/// <summary>What a member of staff reports. Dates and times are school (UK) time.</summary>
public sealed record ConcernReport
{
    public IReadOnlyList<Guid> PupilIds { get; init; } = [];
    public DateOnly? OccurredOn { get; init; }
    public TimeOnly? OccurredAt { get; init; }
    public string? Location { get; init; }
    public string? Account { get; init; }
    public string? ChildsWords { get; init; }
    public Guid? CategoryId { get; init; }
    public string? ActionTaken { get; init; }
    public string? OthersInformed { get; init; }

    /// <summary>Is a child in immediate danger? Must be answered, yes or no.</summary>
    public bool? ImmediateDanger { get; init; }

    /// <summary>Marks on the body map, in the order they were added.</summary>
    public IReadOnlyList<BodyMarkInput> BodyMarks { get; init; } = [];

    /// <summary>Files the reporter staged with <see cref="ConcernAttachments.StageAsync"/> for this report.</summary>
    public IReadOnlyList<Guid> AttachmentIds { get; init; } = [];
}

/// <summary>The result of a report: the saved concern, or the problems by field, or that a pupil named is not one the reporter can reach.</summary>
public sealed record ReportOutcome(Concern? Concern, IReadOnlyDictionary<string, string> Errors, bool PupilNotFound = false);

/// <summary>
/// Takes a concern from any member of staff, for pupils of their school, and alerts the DSL team in scope in the
/// same transaction: in Attune and by an email that says only that there is something to look at.
/// </summary>
public sealed class ConcernReporting(AppDbContext db, StaffContext staff, Notifier notifier, ConcernAttachments attachments, TimeProvider clock)
{
    public static readonly AccessRequirement Create = new(RecordType.Concern, Operation.Create);

    /// <summary>The pupils a member of staff may report about.</summary>
    public IQueryable<Pupil> ReportablePupils() => db.Pupils.AsNoTracking().VisibleTo(staff, Create);

    /// <summary>Pupils as the reporting form shows them: enough to pick the right child, nothing more.</summary>
    /// <summary>
    /// Checks the report and, when it is complete and <paramref name="send"/> is true, saves it and alerts the DSL
    /// team. With <paramref name="send"/> false it only checks, so a form refused for another reason (a file) can
    /// still list every problem at once.
    /// </summary>
    public async Task<ReportOutcome> SubmitAsync(ConcernReport report, CancellationToken cancellationToken, bool send = true)
    {
        var errors = new Dictionary<string, string>();
        var ids = report.PupilIds.Distinct().ToList();
        var pupils = await PupilChoice.From(ReportablePupils().Where(p => ids.Contains(p.Id))).ToListAsync(cancellationToken);
        if (pupils.Count < ids.Count)
        {
            return new ReportOutcome(null, errors, PupilNotFound: true);
        }

        if (ids.Count == 0)
        {
            errors[nameof(ConcernReport.PupilIds)] = "Choose the pupil or pupils this concern is about";
        }
        else if (ids.Count > ConcernLimits.Pupils)
        {
            errors[nameof(ConcernReport.PupilIds)] = $"A concern can be about at most {ConcernLimits.Pupils} pupils; report the rest separately";
        }
        else if (pupils.Select(p => p.SchoolId).Distinct().Count() > 1)
        {
            errors[nameof(ConcernReport.PupilIds)] = "Pupils of different schools need separate concerns, one for each school";
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var nowUk = LocalTime.ToUk(now);
        var today = DateOnly.FromDateTime(nowUk);
        if (report.OccurredOn is not { } occurredOn)
        {
            errors[nameof(ConcernReport.OccurredOn)] = "Enter the date it happened";
        }
        else if (occurredOn > today)
        {
            errors[nameof(ConcernReport.OccurredOn)] = "The date it happened must be today or in the past";
        }
        else if (occurredOn < new DateOnly(1990, 1, 1))
        {
            errors[nameof(ConcernReport.OccurredOn)] = "The date it happened must be after 1 January 1990";
        }
        else if (occurredOn == today && report.OccurredAt is { } at && at > TimeOnly.FromDateTime(nowUk).AddMinutes(5))
        {
            errors[nameof(ConcernReport.OccurredAt)] = "The time it happened must not be later than now";
        }

        var location = Text(report.Location, ConcernLimits.Location, false, nameof(ConcernReport.Location), "Where it happened", errors);
        var account = Text(report.Account, ConcernLimits.Account, true, nameof(ConcernReport.Account), "What you saw, heard or were told", errors);
        if (account is null && !errors.ContainsKey(nameof(ConcernReport.Account)))
        {
            errors[nameof(ConcernReport.Account)] = "Enter what you saw, heard or were told";
        }

        var childsWords = Text(report.ChildsWords, ConcernLimits.ChildsWords, true, nameof(ConcernReport.ChildsWords), "The child's own words", errors);
        var actionTaken = Text(report.ActionTaken, ConcernLimits.ActionTaken, true, nameof(ConcernReport.ActionTaken), "Action you have taken", errors);
        var othersInformed = Text(report.OthersInformed, ConcernLimits.OthersInformed, true, nameof(ConcernReport.OthersInformed), "Who else you told", errors);
        if (report.ImmediateDanger is null)
        {
            errors[nameof(ConcernReport.ImmediateDanger)] = "Select yes if a child is in immediate danger";
        }

        var (marks, marksError) = BodyMap.Validate(report.BodyMarks);
        if (marksError is not null)
        {
            errors[nameof(ConcernReport.BodyMarks)] = marksError;
        }

        var attachmentIds = report.AttachmentIds.Distinct().ToList();
        var staged = await attachments.StagedAsync(attachmentIds, cancellationToken);
        if (staged.Count < attachmentIds.Count)
        {
            errors[nameof(ConcernReport.AttachmentIds)] = "A file you added is no longer waiting to be sent (files are kept for a day). Add it again";
        }
        else if (staged.Count > AttachmentRules.MaxPerConcern)
        {
            errors[nameof(ConcernReport.AttachmentIds)] = $"A concern can carry at most {AttachmentRules.MaxPerConcern} files; remove some";
        }

        var schoolId = pupils.Count > 0 ? pupils[0].SchoolId : (Guid?)null;
        var category = report.CategoryId is { } categoryId && schoolId is { } school
            ? await db.ConcernCategories.AsNoTracking().FirstOrDefaultAsync(c => c.Id == categoryId && c.SchoolId == school && !c.Retired, cancellationToken)
            : null;
        if (category is null && schoolId is not null)
        {
            errors[nameof(ConcernReport.CategoryId)] = "Select the category that fits best; choose Other if none does";
        }

        if (errors.Count > 0 || !send)
        {
            return new ReportOutcome(null, errors);
        }

        var concern = new Concern
        {
            SchoolId = schoolId!.Value,
            ReportedByUserId = staff.UserId,
            ReporterName = staff.User!.DisplayName,
            ReporterJobTitle = staff.User.JobTitle,
            RecordedUtc = now,
            OccurredOn = report.OccurredOn!.Value,
            OccurredAt = report.OccurredAt,
            Location = location,
            Account = account!,
            ChildsWords = childsWords,
            CategoryId = category!.Id,
            ActionTaken = actionTaken,
            OthersInformed = othersInformed,
            Urgent = report.ImmediateDanger == true,
            Status = ConcernStatus.New,
            Pupils = [.. ids.Select(id => new ConcernPupil { PupilId = id })],
            BodyMarks = marks,
        };
        db.Concerns.Add(concern);
        foreach (var attachment in staged)
        {
            attachment.ConcernId = concern.Id;
            attachment.SchoolId = concern.SchoolId;
        }

        var team = await new DslTeam(db).ForAsync(concern.SchoolId, pupils.Select(p => p.Year).ToList(), category.DslOnly, cancellationToken);
        var sender = new NotificationSender(staff.UserId, staff.User.DisplayName);
        foreach (var member in team.Where(m => m != staff.UserId))
        {
            await notifier.NotifyAsync(member,
                concern.Urgent ? "Urgent safeguarding concern" : "Safeguarding concern",
                concern.Urgent ? "A child may be in immediate danger. Act on this concern now." : "A new safeguarding concern has been reported.",
                $"/safeguarding/concerns/{concern.Id}", concern.SchoolId, sender);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new ReportOutcome(concern, errors);
    }

    private static string? Text(string? text, int maxLength, bool multiline, string key, string label, Dictionary<string, string> errors)
    {
        var (value, error) = TextInput.Clean(text, maxLength, multiline);
        if (error is not null)
        {
            errors[key] = $"{label} {error}";
        }

        return value;
    }
}
