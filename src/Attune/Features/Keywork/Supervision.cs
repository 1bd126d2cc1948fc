using Attune.Features.Pupils;
using Attune.Platform.Authorization;
using Attune.Platform.Calendar;
using Attune.Platform.Data;
using Attune.Platform.Notifications;
using Attune.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attune.Features.Keywork;

public enum SupervisionReason
{
    SelfHarm,
    SuicidalThoughts,
    AcuteMentalHealth,
    Other,
}

/// <summary>How often an adult checks in with a pupil under supervision, in school days.</summary>
public enum CheckInFrequency
{
    Daily = 1,
    EveryTwoSchoolDays = 2,
    Weekly = 5,
}

/// <summary>
/// A pupil on the register of pupils at risk of self-harm or with acute mental health needs, seen only by pastoral
/// leads and the DSL team: why, the supervision plan, who checks in and how often. When a check-in is missed (no
/// check-in or session recorded by the due school day) the assigned adult and the school's pastoral leads are told,
/// once for each missed due day. Entries are ended, never deleted.
/// </summary>
public sealed class SupervisionEntry : IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid PupilId { get; set; }
    public Guid SchoolId { get; set; }
    public SupervisionReason Reason { get; set; }
    public required string Plan { get; set; }
    public CheckInFrequency Frequency { get; set; }
    public Guid AssignedUserId { get; set; }
    public required string AssignedName { get; set; }
    public DateOnly StartedOn { get; set; }
    public DateOnly ReviewDueOn { get; set; }
    public DateTime CreatedUtc { get; set; }
    public required string CreatedByName { get; set; }

    /// <summary>The due day of the last missed check-in that was alerted, so each is alerted once.</summary>
    public DateOnly? AlertedDueOn { get; set; }
    public DateTime? EndedUtc { get; set; }
    public string? EndedByName { get; set; }
    public string? EndNote { get; set; }
    public int Version { get; set; }

    public static string Name(SupervisionReason reason) => reason switch
    {
        SupervisionReason.SelfHarm => "Risk of self-harm",
        SupervisionReason.SuicidalThoughts => "Suicidal thoughts",
        SupervisionReason.AcuteMentalHealth => "Acute mental health needs",
        _ => "Other",
    };

    public static string Name(CheckInFrequency frequency) => frequency switch
    {
        CheckInFrequency.Daily => "Every school day",
        CheckInFrequency.EveryTwoSchoolDays => "Every two school days",
        _ => "Once a school week",
    };

    /// <summary>The school day by which the next check-in is due: <see cref="Frequency"/> school days after the last contact (or the start).</summary>
    public DateOnly DueOn(DateOnly? lastContact)
    {
        var from = lastContact is { } last && last >= StartedOn ? last : StartedOn;
        return WorkingDays.Add(from, (int)Frequency);
    }
}

public sealed class SupervisionEntryConfiguration : IEntityTypeConfiguration<SupervisionEntry>
{
    public void Configure(EntityTypeBuilder<SupervisionEntry> builder)
    {
        builder.Property(e => e.Reason).HasConversion<string>().HasMaxLength(24);
        builder.Property(e => e.Frequency).HasConversion<string>().HasMaxLength(24);
        builder.Property(e => e.Plan).HasMaxLength(SupervisionRegister.MaxText);
        builder.Property(e => e.EndNote).HasMaxLength(SupervisionRegister.MaxText);
        builder.Property(e => e.AssignedName).HasMaxLength(200);
        builder.Property(e => e.CreatedByName).HasMaxLength(200);
        builder.Property(e => e.EndedByName).HasMaxLength(200);
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.HasIndex(e => new { e.SchoolId, e.EndedUtc });
        builder.HasIndex(e => e.PupilId);
        builder.HasOne<Pupil>().WithMany().HasForeignKey(e => e.PupilId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>One pupil on the register as the register page shows them.</summary>
public sealed record SupervisedPupil(SupervisionEntry Entry, PupilChoice Pupil, DateOnly? LastContact, DateOnly DueOn, bool Overdue);

/// <summary>The supervision register: adding, changing and ending entries, and alerting missed check-ins.</summary>
public sealed class SupervisionRegister(AppDbContext db, StaffContext staff, TimeProvider clock)
{
    public const int MaxText = 4_000;
    public static readonly AccessRequirement Read = new(RecordType.SupervisionRegister, Operation.Read);
    public static readonly AccessRequirement Amend = new(RecordType.SupervisionRegister, Operation.Amend);

    private DateOnly Today => DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));

    /// <summary>Current entries for pupils in reach, overdue check-ins first.</summary>
    public async Task<IReadOnlyList<SupervisedPupil>> CurrentAsync(IQueryable<Pupil> reachable, CancellationToken cancellationToken)
    {
        var entries = await db.SupervisionEntries.AsNoTracking()
            .Where(e => e.EndedUtc == null)
            .Join(reachable, e => e.PupilId, p => p.Id, (e, p) => e)
            .ToListAsync(cancellationToken);
        var ids = entries.Select(e => e.PupilId).ToList();
        var pupils = await PupilChoice.From(db.Pupils.AsNoTracking().Where(p => ids.Contains(p.Id))).ToDictionaryAsync(p => p.Id, cancellationToken);
        var contacts = await LastContactsAsync(db, ids, cancellationToken);
        var today = Today;
        return [.. entries
            .Select(e =>
            {
                DateOnly? last = contacts.TryGetValue(e.PupilId, out var day) ? day : null;
                var due = e.DueOn(last);
                return new SupervisedPupil(e, pupils[e.PupilId], last, due, due < today);
            })
            .OrderByDescending(s => s.Overdue).ThenBy(s => s.DueOn).ThenBy(s => s.Pupil.Name, StringComparer.Ordinal)];
    }

    /// <summary>Pastoral and safeguarding staff who may be assigned to check in: they reach the pupil's keywork record.</summary>
    public Task<IReadOnlyList<(Guid Id, string Name)>> AssignableAsync(Guid schoolId, CancellationToken cancellationToken) =>
        SchoolStaff.HoldingAsync(db, schoolId, [Role.PastoralStaff, Role.PastoralLead, Role.Dsl, Role.DeputyDsl], cancellationToken);

    /// <summary>
    /// Adds the pupil to the register, or changes their current entry (when <paramref name="expectedVersion"/> names
    /// the version read; an older one is refused). Errors are keyed by field; a null entry and no errors means a conflict.
    /// </summary>
    public async Task<(SupervisionEntry? Entry, IReadOnlyDictionary<string, string> Errors, bool Conflict)> SaveAsync(
        PupilChoice pupil, int? expectedVersion, SupervisionReason? reason, string? plan, CheckInFrequency? frequency, Guid? assignedUserId,
        DateOnly? reviewDueOn, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        if (reason is null)
        {
            errors["Reason"] = "Select why the pupil is under supervision";
        }

        var (cleaned, planError) = TextInput.Clean(plan, MaxText, multiline: true);
        TextInput.Require(cleaned, planError, "Plan", "Write the supervision plan: what adults do and watch for", "The supervision plan", errors);
        if (frequency is null)
        {
            errors["Frequency"] = "Select how often an adult checks in";
        }

        var assignable = await AssignableAsync(pupil.SchoolId, cancellationToken);
        var assigned = assignable.FirstOrDefault(a => a.Id == assignedUserId);
        if (assigned.Id == Guid.Empty)
        {
            errors["AssignedUserId"] = "Choose who checks in, from the school’s pastoral and safeguarding staff";
        }

        DocumentVersion.CheckReviewDate(reviewDueOn, Today, "supervision plan", errors);
        var entry = await db.SupervisionEntries.FirstOrDefaultAsync(e => e.PupilId == pupil.Id && e.EndedUtc == null, cancellationToken);
        if (entry?.Version != expectedVersion)
        {
            return (null, errors, true);
        }

        if (errors.Count > 0)
        {
            return (null, errors, false);
        }

        if (entry is null)
        {
            entry = new SupervisionEntry
            {
                PupilId = pupil.Id, SchoolId = pupil.SchoolId, Plan = "", AssignedName = "", StartedOn = Today,
                CreatedUtc = clock.GetUtcNow().UtcDateTime, CreatedByName = staff.User!.DisplayName,
            };
            db.SupervisionEntries.Add(entry);
        }

        entry.Reason = reason!.Value;
        entry.Plan = cleaned!;
        entry.Frequency = frequency!.Value;
        entry.AssignedUserId = assigned.Id;
        entry.AssignedName = assigned.Name;
        entry.ReviewDueOn = reviewDueOn!.Value;
        return await DocumentVersion.TrySaveAsync(db, cancellationToken) ? (entry, errors, false) : (null, errors, true);
    }

    /// <summary>Takes the pupil off the register, with a note of why; false when they are not on it.</summary>
    public async Task<bool> EndAsync(Guid pupilId, string? note, CancellationToken cancellationToken)
    {
        var entry = await db.SupervisionEntries.FirstOrDefaultAsync(e => e.PupilId == pupilId && e.EndedUtc == null, cancellationToken);
        if (entry is null)
        {
            return false;
        }

        entry.EndedUtc = clock.GetUtcNow().UtcDateTime;
        entry.EndedByName = staff.User!.DisplayName;
        entry.EndNote = TextInput.Clean(note, MaxText, multiline: true).Value;
        return await DocumentVersion.TrySaveAsync(db, cancellationToken);
    }

    /// <summary>
    /// Tells the assigned adult and the school's pastoral leads about each missed check-in, once per due day: a
    /// check-in is missed when the school day it was due has passed with no check-in or session recorded.
    /// Nothing in the message names the pupil. Returns how many entries were alerted.
    /// </summary>
    public static async Task<int> AlertMissedAsync(AppDbContext db, Notifier notifier, TimeProvider clock, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));
        var entries = await db.SupervisionEntries.Where(e => e.EndedUtc == null).ToListAsync(cancellationToken);
        var contacts = await LastContactsAsync(db, [.. entries.Select(e => e.PupilId)], cancellationToken);
        var alerted = 0;
        foreach (var entry in entries)
        {
            var due = entry.DueOn(contacts.TryGetValue(entry.PupilId, out var last) ? last : null);
            if (due >= today || entry.AlertedDueOn == due)
            {
                continue;
            }

            entry.AlertedDueOn = due;
            var trustId = await db.Schools.Where(s => s.Id == entry.SchoolId).Select(s => s.TrustId).FirstAsync(cancellationToken);
            var leads = await db.RoleAssignments
                .Where(a => a.Role == Role.PastoralLead && a.TrustId == trustId && (a.SchoolId == entry.SchoolId || a.SchoolId == null))
                .Select(a => a.UserId).Distinct().ToListAsync(cancellationToken);
            var summary = $"A check-in with a pupil under close supervision was due by {due:d MMM} and has not been recorded.";
            await notifier.NotifyAsync(entry.AssignedUserId, "Supervision", summary + " Check in today.", $"/pupils/{entry.PupilId}/keywork", entry.SchoolId, NotificationSender.Attune);
            foreach (var lead in leads.Where(l => l != entry.AssignedUserId))
            {
                await notifier.NotifyAsync(lead, "Supervision", summary, $"/pupils/{entry.PupilId}/supervision", entry.SchoolId, NotificationSender.Attune);
            }

            alerted++;
        }

        await db.SaveChangesAsync(cancellationToken);
        return alerted;
    }

    /// <summary>The last day each pupil had a check-in or a keywork session.</summary>
    private static async Task<Dictionary<Guid, DateOnly>> LastContactsAsync(AppDbContext db, IReadOnlyCollection<Guid> pupilIds, CancellationToken cancellationToken)
    {
        var sessions = await db.KeyworkSessions.Where(s => pupilIds.Contains(s.PupilId)).GroupBy(s => s.PupilId)
            .Select(g => new { PupilId = g.Key, Last = g.Max(s => s.HeldOn) }).ToListAsync(cancellationToken);
        var checkIns = await db.WellbeingCheckIns.Where(c => pupilIds.Contains(c.PupilId)).GroupBy(c => c.PupilId)
            .Select(g => new { PupilId = g.Key, Last = g.Max(c => c.CheckedInUtc) }).ToListAsync(cancellationToken);
        var last = sessions.ToDictionary(s => s.PupilId, s => s.Last);
        foreach (var c in checkIns)
        {
            var day = DateOnly.FromDateTime(LocalTime.ToUk(c.Last));
            if (!last.TryGetValue(c.PupilId, out var existing) || day > existing)
            {
                last[c.PupilId] = day;
            }
        }

        return last;
    }
}
