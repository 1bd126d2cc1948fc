using System.Text.Json;
using Attune.Features.Pupils;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Notifications;
using Attune.Platform.Web;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Keywork;

/// <summary>A risk assessment as it is written, from a form or the API.</summary>
public sealed record RiskAssessmentInput(RiskKind? Kind, RiskAssessmentContent Content, Guid? OwnerUserId, IReadOnlyCollection<Guid> SharedWith, DateOnly? ReviewDueOn, string? ChangeNote);

/// <summary>What saving a risk assessment did, as for a passport.</summary>
public sealed record RiskAssessmentSave(IReadOnlyDictionary<string, string> Errors, RiskAssessment? Current, bool Conflict = false, bool Unchanged = false)
{
    public bool Saved => Errors.Count == 0 && !Conflict;
}

/// <summary>
/// Pupil risk assessments: who may see which (the pupil's pastoral and safeguarding staff, and staff it is shared
/// with by name), writing each change as a new version, sharing, sign-off by a pastoral lead, and closing.
/// </summary>
public sealed class RiskAssessments(AppDbContext db, StaffContext staff, Notifier notifier, TimeProvider clock)
{
    public const int MaxTitle = 200;
    public const int MaxText = 2_000;
    public const int MaxHazards = 20;
    public static readonly AccessRequirement Read = new(RecordType.RiskAssessment, Operation.Read);
    public static readonly AccessRequirement Create = new(RecordType.RiskAssessment, Operation.Create);
    public static readonly AccessRequirement Amend = new(RecordType.RiskAssessment, Operation.Amend);
    public static readonly AccessRequirement SignOff = new(RecordType.RiskAssessmentSignOff, Operation.Amend);

    /// <summary>The risk assessments the member of staff may reach for an operation: by their pupils, or shared with them by name.</summary>
    public IQueryable<RiskAssessment> Visible(AccessRequirement requirement)
    {
        var grant = staff.GrantFor(requirement.Record, requirement.Operation);
        var pupils = db.Pupils.Within(staff, grant).Select(p => p.Id);
        var named = grant.NamedSchools.ToList();
        var userId = staff.UserId;
        return db.RiskAssessments.Where(r => pupils.Contains(r.PupilId)
            || (named.Contains(r.SchoolId) && db.RiskAssessmentShares.Any(s => s.RiskAssessmentId == r.Id && s.StaffUserId == userId)));
    }

    /// <summary>The pupil's risk assessments the member of staff may read, open ones first, then the latest.</summary>
    public Task<List<RiskAssessment>> ForPupilAsync(Guid pupilId, CancellationToken cancellationToken) =>
        Visible(Read).AsNoTracking().Where(r => r.PupilId == pupilId)
            .OrderBy(r => r.ClosedUtc != null).ThenByDescending(r => r.UpdatedUtc)
            .ToListAsync(cancellationToken);

    public Task<RiskAssessment?> FindAsync(Guid pupilId, Guid assessmentId, AccessRequirement requirement, CancellationToken cancellationToken) =>
        Visible(requirement).AsNoTracking().Include(r => r.SharedWith).FirstOrDefaultAsync(r => r.Id == assessmentId && r.PupilId == pupilId, cancellationToken);

    /// <summary>Who may own a risk assessment at the school: its pastoral and safeguarding staff.</summary>
    public Task<IReadOnlyList<(Guid Id, string Name)>> OwnersAsync(Guid schoolId, CancellationToken cancellationToken) =>
        SchoolStaff.HoldingAsync(db, schoolId, [Role.PastoralLead, Role.PastoralStaff, Role.Dsl, Role.DeputyDsl], cancellationToken);

    /// <summary>Who a risk assessment can be shared with by name: the school's teaching and support staff (pastoral staff already reach it).</summary>
    public Task<IReadOnlyList<(Guid Id, string Name)>> ShareableAsync(Guid schoolId, CancellationToken cancellationToken) =>
        SchoolStaff.HoldingAsync(db, schoolId, [Role.Staff], cancellationToken);

    /// <summary>
    /// Writes a new risk assessment (<paramref name="assessmentId"/> null) or a new version of one, refusing an edit
    /// from an older version. Errors are keyed by field, and <c>hazard-{n}-{part}</c> for the nth hazard given.
    /// </summary>
    public async Task<RiskAssessmentSave> SaveAsync(PupilChoice pupil, Guid? assessmentId, int? expectedVersion, RiskAssessmentInput input, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        if (input.Kind is null)
        {
            errors["Kind"] = "Select what the risk assessment is about";
        }

        var (title, titleError) = TextInput.Clean(input.Content.Title, MaxTitle);
        TextInput.Require(title, titleError, "Title", "Enter a title, like “Self-harm: school day and trips”", "The title", errors);
        var context = TextInput.Optional(input.Content.Context, MaxText, "Context", "The background", errors);
        var hazards = new List<Hazard>();
        if (input.Content.Hazards.Count > MaxHazards)
        {
            errors["hazard-0-description"] = $"A risk assessment can have at most {MaxHazards} hazards; split it into two";
        }

        foreach (var (hazard, i) in input.Content.Hazards.OfType<Hazard>().Take(MaxHazards).Select((h, i) => (h, i)))
        {
            var key = $"hazard-{i}-";
            var (description, descriptionError) = TextInput.Clean(hazard.Description, 1_000, multiline: true);
            var who = TextInput.Optional(hazard.WhoAtRisk, MaxText, key + "who", $"Hazard {i + 1}: who is at risk", errors);
            var controls = TextInput.Optional(hazard.Controls, MaxText, key + "controls", $"Hazard {i + 1}: control measures", errors);
            var blank = description is null && who is null && controls is null && hazard is { Likelihood: 0, Severity: 0, ResidualLikelihood: 0, ResidualSeverity: 0 };
            if (blank)
            {
                continue;
            }

            TextInput.Require(description, descriptionError, key + "description", $"Hazard {i + 1}: describe the hazard", $"Hazard {i + 1}: the hazard", errors);
            foreach (var (value, part, label) in new[]
            {
                (hazard.Likelihood, "likelihood", "likelihood"), (hazard.Severity, "severity", "severity"),
                (hazard.ResidualLikelihood, "residual-likelihood", "likelihood with the controls in place"), (hazard.ResidualSeverity, "residual-severity", "severity with the controls in place"),
            })
            {
                if (value is < 1 or > 5)
                {
                    errors[key + part] = $"Hazard {i + 1}: choose the {label}, from 1 to 5";
                }
            }

            if (controls is null)
            {
                errors[key + "controls"] = $"Hazard {i + 1}: write the control measures that reduce the risk";
            }

            var rated = new Hazard(description ?? "", who, hazard.Likelihood, hazard.Severity, controls, hazard.ResidualLikelihood, hazard.ResidualSeverity);
            if (!errors.Keys.Any(k => k.StartsWith(key, StringComparison.Ordinal)) && rated.ResidualRating > rated.Rating)
            {
                errors[key + "residual-likelihood"] = $"Hazard {i + 1}: the risk with controls in place ({rated.ResidualRating}) cannot be higher than without them ({rated.Rating})";
            }

            hazards.Add(rated);
        }

        if (hazards.Count == 0 && !errors.Keys.Any(k => k.StartsWith("hazard-", StringComparison.Ordinal)))
        {
            errors["hazard-0-description"] = "Describe at least one hazard";
        }

        var owners = await OwnersAsync(pupil.SchoolId, cancellationToken);
        var owner = owners.FirstOrDefault(o => o.Id == input.OwnerUserId);
        if (owner.Id == Guid.Empty)
        {
            errors["OwnerUserId"] = "Choose the owner from the school’s pastoral and safeguarding staff";
        }

        var shareable = await ShareableAsync(pupil.SchoolId, cancellationToken);
        if (input.SharedWith.Any(id => shareable.All(s => s.Id != id)))
        {
            errors["SharedWith"] = "Share only with the school’s teaching and support staff";
        }

        DocumentVersion.CheckReviewDate(input.ReviewDueOn, Today, "risk assessment", errors);
        var (note, noteError) = TextInput.Clean(input.ChangeNote, DocumentVersion.MaxChangeNote, multiline: true);
        if (noteError is not null)
        {
            errors["ChangeNote"] = "The note on what changed " + noteError;
        }

        RiskAssessment? assessment = null;
        if (assessmentId is { } id)
        {
            assessment = await Visible(Amend).Include(r => r.SharedWith).FirstOrDefaultAsync(r => r.Id == id && r.PupilId == pupil.Id, cancellationToken);
            if (assessment is null || assessment.Version != expectedVersion)
            {
                return new RiskAssessmentSave(errors, assessment, Conflict: true);
            }
        }

        if (errors.Count > 0)
        {
            return new RiskAssessmentSave(errors, assessment);
        }

        var content = new RiskAssessmentContent(title!, context, hazards);
        var json = JsonSerializer.Serialize(content, RiskAssessmentConfiguration.Json);
        var shares = input.SharedWith.Distinct().ToHashSet();
        if (assessment is not null && JsonSerializer.Serialize(assessment.Content, RiskAssessmentConfiguration.Json) == json && assessment.Kind == input.Kind
            && assessment.OwnerUserId == owner.Id && assessment.ReviewDueOn == input.ReviewDueOn && assessment.SharedWith.Select(s => s.StaffUserId).ToHashSet().SetEquals(shares))
        {
            return new RiskAssessmentSave(errors, assessment, Unchanged: true);
        }

        if (assessment is null)
        {
            assessment = new RiskAssessment { PupilId = pupil.Id, SchoolId = pupil.SchoolId, OwnerName = "", UpdatedByName = "" };
            db.RiskAssessments.Add(assessment);
        }

        var ownerChanged = assessment.OwnerUserId != owner.Id;
        var newlyShared = shares.Where(s => assessment.SharedWith.All(x => x.StaffUserId != s)).ToList();
        assessment.SharedWith.RemoveAll(s => !shares.Contains(s.StaffUserId));
        assessment.SharedWith.AddRange(newlyShared.Select(s => new RiskAssessmentShare { RiskAssessmentId = assessment.Id, StaffUserId = s }));
        // A review of a closed assessment reopens it: the risk has come back.
        assessment.ClosedUtc = null;
        assessment.ClosedByName = null;
        assessment.Kind = input.Kind!.Value;
        assessment.Content = content;
        assessment.OwnerUserId = owner.Id;
        assessment.OwnerName = owner.Name;
        assessment.ReviewDueOn = input.ReviewDueOn!.Value;
        DocumentVersion.Record(db, DocumentKind.RiskAssessment, assessment, json, note, staff.UserId, staff.User!.DisplayName, clock.GetUtcNow().UtcDateTime);

        var sender = new NotificationSender(staff.UserId, staff.User.DisplayName);
        var link = $"/pupils/{pupil.Id}/risk-assessments/{assessment.Id}";
        foreach (var recipient in newlyShared.Where(s => s != staff.UserId))
        {
            await notifier.NotifyAsync(recipient, "Risk assessment", "A pupil’s risk assessment has been shared with you. Read it before you next supervise them.", link, pupil.SchoolId, sender);
        }

        if (ownerChanged && owner.Id != staff.UserId)
        {
            await notifier.NotifyAsync(owner.Id, "Risk assessment", "You are now the owner of a pupil’s risk assessment.", link, pupil.SchoolId, sender);
        }

        return await DocumentVersion.TrySaveAsync(db, cancellationToken)
            ? new RiskAssessmentSave(errors, assessment)
            : new RiskAssessmentSave(errors, await FindAsync(pupil.Id, assessment.Id, Read, cancellationToken), Conflict: true);
    }

    /// <summary>Signs off the version the pastoral lead read; false when it is not the current version, already signed off, or closed.</summary>
    public async Task<bool> SignOffAsync(Guid pupilId, Guid assessmentId, int? number, CancellationToken cancellationToken)
    {
        var assessment = await Visible(SignOff).FirstOrDefaultAsync(r => r.Id == assessmentId && r.PupilId == pupilId, cancellationToken);
        if (assessment is null || assessment.Number != number || !assessment.AwaitingSignOff || assessment.ClosedUtc is not null)
        {
            return false;
        }

        assessment.SignedOffNumber = assessment.Number;
        assessment.SignedOffUtc = clock.GetUtcNow().UtcDateTime;
        assessment.SignedOffByName = staff.User!.DisplayName;
        return await DocumentVersion.TrySaveAsync(db, cancellationToken);
    }

    /// <summary>Closes an open risk assessment: the risk no longer needs managing. It stays on record with its versions.</summary>
    public async Task<bool> CloseAsync(Guid pupilId, Guid assessmentId, CancellationToken cancellationToken)
    {
        var assessment = await Visible(Amend).FirstOrDefaultAsync(r => r.Id == assessmentId && r.PupilId == pupilId && r.ClosedUtc == null, cancellationToken);
        if (assessment is null)
        {
            return false;
        }

        assessment.ClosedUtc = clock.GetUtcNow().UtcDateTime;
        assessment.ClosedByName = staff.User!.DisplayName;
        return await DocumentVersion.TrySaveAsync(db, cancellationToken);
    }

    /// <summary>Every version of one risk assessment, newest first.</summary>
    public async Task<IReadOnlyList<(DocumentVersion Version, RiskAssessmentContent Content)>> HistoryAsync(Guid assessmentId, CancellationToken cancellationToken) =>
        [.. (await db.DocumentVersions.AsNoTracking().Where(v => v.Kind == DocumentKind.RiskAssessment && v.DocumentId == assessmentId).OrderByDescending(v => v.Number).ToListAsync(cancellationToken))
            .Select(v => (v, JsonSerializer.Deserialize<RiskAssessmentContent>(v.Content, RiskAssessmentConfiguration.Json) ?? RiskAssessmentContent.Empty))];

    private DateOnly Today => DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));
}
