using Attune.Features.Pupils;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Notifications;
using Attune.Platform.Web;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Keywork;

/// <summary>What saving a passport did: saved (a new version, or nothing when nothing changed), refused with errors by field, or refused because someone else saved first.</summary>
public sealed record PassportSave(IReadOnlyDictionary<string, string> Errors, PupilPassport? Current, bool Conflict = false, bool Unchanged = false)
{
    public bool Saved => Errors.Count == 0 && !Conflict;
}

/// <summary>A saved version of a passport, with the fields it changed from the one before.</summary>
public sealed record PassportVersionView(int Number, DateTime SavedUtc, string SavedByName, string? ChangeNote, DateOnly? ReviewDueOn,
    IReadOnlyDictionary<string, string> Content, IReadOnlyList<PassportField> Changed);

/// <summary>
/// Pupil passports: reading, saving each change as a new version (refusing an edit made from an older version
/// instead of overwriting it), the version history, and telling the staff who teach or support the pupil.
/// </summary>
public sealed class PupilPassports(AppDbContext db, StaffContext staff, Notifier notifier, TimeProvider clock)
{
    public const int MaxChangeNote = DocumentVersion.MaxChangeNote;
    public const string DigestCategory = "Pupil passports";
    public const string DigestLink = "/passports/updated";
    public static readonly AccessRequirement Read = new(RecordType.PupilPassport, Operation.Read);
    public static readonly AccessRequirement Amend = new(RecordType.PupilPassport, Operation.Amend);
    public static readonly AccessRequirement ReadNeedToKnow = new(RecordType.NeedToKnowPassport, Operation.Read);

    public Task<PupilPassport?> ForPupilAsync(Guid pupilId, CancellationToken cancellationToken) =>
        db.PupilPassports.AsNoTracking().FirstOrDefaultAsync(p => p.PupilId == pupilId, cancellationToken);

    /// <summary>
    /// Saves the passport as a new version. <paramref name="expectedVersion"/> is the version the edit started
    /// from (null for a new passport): when someone saved since, nothing is saved and the current passport comes
    /// back for the editor to compare. Unknown fields, over-long text and a missing or past review date are
    /// refused by field; saving what is already there adds no version.
    /// </summary>
    public async Task<PassportSave> SaveAsync(PupilChoice pupil, int? expectedVersion, IReadOnlyDictionary<string, string?> fields,
        DateOnly? reviewDueOn, string? changeNote, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var content = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in fields)
        {
            if (PupilPassport.Fields.FirstOrDefault(f => f.Key == key) is not { } field)
            {
                errors[key] = $"There is no passport field called “{key}”";
                continue;
            }

            var (cleaned, error) = TextInput.Clean(value, field.MaxLength, multiline: true);
            if (error is not null)
            {
                errors[key] = $"{field.Label} {error}";
            }
            else if (cleaned is not null)
            {
                content[key] = cleaned;
            }
        }

        if (errors.Count == 0 && content.Count == 0)
        {
            errors[PupilPassport.Fields[0].Key] = "Write at least one part of the passport, starting with the pupil’s own words";
        }

        DocumentVersion.CheckReviewDate(reviewDueOn, DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime)), "passport", errors);

        var (note, noteError) = TextInput.Clean(changeNote, MaxChangeNote, multiline: true);
        if (noteError is not null)
        {
            errors["ChangeNote"] = "The note on what changed " + noteError;
        }

        var passport = await db.PupilPassports.FirstOrDefaultAsync(p => p.PupilId == pupil.Id, cancellationToken);
        if (passport?.Version != expectedVersion)
        {
            return new PassportSave(errors, passport, Conflict: true);
        }

        if (errors.Count > 0)
        {
            return new PassportSave(errors, passport);
        }

        var before = passport?.Content ?? [];
        if (passport is not null && PupilPassportConfiguration.Serialize(before) == PupilPassportConfiguration.Serialize(content) && passport.ReviewDueOn == reviewDueOn)
        {
            return new PassportSave(errors, passport, Unchanged: true);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (passport is null)
        {
            passport = new PupilPassport { PupilId = pupil.Id, SchoolId = pupil.SchoolId, UpdatedByName = "" };
            db.PupilPassports.Add(passport);
        }

        passport.Content = content;
        passport.ReviewDueOn = reviewDueOn!.Value;
        DocumentVersion.Record(db, DocumentKind.Passport, passport, PupilPassportConfiguration.Serialize(content), note, staff.UserId, staff.User!.DisplayName, now);

        var changedInClass = PupilPassport.Fields.Any(f => f.InClass && Value(before, f.Key) != Value(content, f.Key));
        await TellStaffAsync(pupil, changedInClass, cancellationToken);
        return await DocumentVersion.TrySaveAsync(db, cancellationToken)
            ? new PassportSave(errors, passport)
            : new PassportSave(errors, await ForPupilAsync(pupil.Id, cancellationToken), Conflict: true);
    }

    /// <summary>Every version of the pupil's passport, newest first, each with the fields it changed.</summary>
    public async Task<IReadOnlyList<PassportVersionView>> HistoryAsync(Guid pupilId, CancellationToken cancellationToken)
    {
        var versions = await DocumentVersion.OfAsync(db, DocumentKind.Passport, pupilId, cancellationToken);
        var views = new List<PassportVersionView>();
        IReadOnlyDictionary<string, string> previous = new Dictionary<string, string>();
        foreach (var version in versions)
        {
            var content = PupilPassportConfiguration.Deserialize(version.Content);
            views.Add(new PassportVersionView(version.Number, version.SavedUtc, version.SavedByName, version.ChangeNote, version.ReviewDueOn, content, Changes(previous, content)));
            previous = content;
        }

        views.Reverse();
        return views;
    }

    /// <summary>The fields whose answers differ between two versions, in passport order.</summary>
    public static IReadOnlyList<PassportField> Changes(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        [.. PupilPassport.Fields.Where(f => Value(before, f.Key) != Value(after, f.Key))];

    /// <summary>
    /// Tells the staff who teach or support the pupil (their teachers, teaching assistants and form tutor) and
    /// their keyworkers that the passport changed, as one waiting notification each: while an earlier one is
    /// unread, it is brought up to date instead of adding another, so a busy week is one message, not a flood.
    /// Changes only to the parts teaching staff do not see tell the keyworkers alone.
    /// </summary>
    private async Task TellStaffAsync(PupilChoice pupil, bool changedInClass, CancellationToken cancellationToken)
    {
        var today = staff.Today;
        var recipients = await db.KeyworkerAllocations
            .Where(k => k.PupilId == pupil.Id && k.StartsOn <= today && (k.EndsOn == null || k.EndsOn >= today))
            .Select(k => k.StaffUserId)
            .ToListAsync(cancellationToken);
        if (changedInClass)
        {
            recipients.AddRange(await SchoolStaff.TeachingAsync(db, pupil.Id, cancellationToken));
        }

        var distinct = recipients.Where(r => r != staff.UserId).Distinct().ToList();
        var waiting = await db.Notifications
            .Where(n => distinct.Contains(n.RecipientUserId) && n.ReadUtc == null && n.Category == DigestCategory && n.Link == DigestLink)
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        const string summary = "Passports have changed for pupils you teach or support. Read what is new before your next lesson with them.";
        foreach (var recipient in distinct)
        {
            if (waiting.FirstOrDefault(n => n.RecipientUserId == recipient) is { } notification)
            {
                notification.CreatedUtc = now;
                notification.Summary = summary;
            }
            else
            {
                await notifier.NotifyAsync(recipient, DigestCategory, summary, DigestLink, pupil.SchoolId, NotificationSender.Attune);
            }
        }
    }

    private static string? Value(IReadOnlyDictionary<string, string> content, string key) => content.TryGetValue(key, out var value) ? value : null;
}
