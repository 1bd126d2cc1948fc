using Attune.Features.Pupils;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Notifications;
using Attune.Platform.Web;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Keywork;

/// <summary>One keyworker allocation as the pupil's keyworker page and the API show it.</summary>
public sealed record AllocationView(
    Guid Id, Guid StaffUserId, string StaffName, KeyworkerRole Role, DateOnly StartsOn, DateOnly? EndsOn, string? HandoverNote,
    DateTime? CreatedUtc, string? CreatedByName, DateTime? EndedUtc, string? EndedByName, bool Current);

/// <summary>
/// Who keyworks a pupil: a primary keyworker and any secondary ones, chosen from the school's pastoral staff.
/// Handing a pupil to a new primary keyworker ends the old allocation the day before and carries a handover
/// note; nothing is deleted, so the history shows every keyworker a pupil has had and what each was told.
/// </summary>
public sealed class KeyworkerAllocations(AppDbContext db, StaffContext staff, Notifier notifier, TimeProvider clock)
{
    public const int MaxNote = 2_000;
    public static readonly AccessRequirement Read = new(RecordType.KeyworkerAllocation, Operation.Read);
    public static readonly AccessRequirement Amend = new(RecordType.KeyworkerAllocation, Operation.Amend);

    /// <summary>The day allocations are judged by: the same day the access rules use.</summary>
    private DateOnly Today => staff.Today;

    public static string Name(KeyworkerRole role) => role == KeyworkerRole.Primary ? "Primary keyworker" : "Secondary keyworker";

    /// <summary>Every allocation the pupil has had, current ones first, then the most recent.</summary>
    public async Task<IReadOnlyList<AllocationView>> HistoryAsync(Guid pupilId, CancellationToken cancellationToken)
    {
        var today = Today;
        var rows = await db.KeyworkerAllocations.AsNoTracking()
            .Where(k => k.PupilId == pupilId)
            .Join(db.Users, k => k.StaffUserId, u => u.Id, (k, u) => new { Allocation = k, u.DisplayName })
            .ToListAsync(cancellationToken);
        return [.. rows
            .Select(r => View(r.Allocation, r.DisplayName, today))
            .OrderByDescending(a => a.Current).ThenBy(a => a.Role).ThenByDescending(a => a.StartsOn).ThenByDescending(a => a.CreatedUtc)];
    }

    /// <summary>The pastoral staff of the school who can keywork its pupils (the role reaches its caseload).</summary>
    public Task<IReadOnlyList<(Guid Id, string Name)>> CandidatesAsync(Guid schoolId, CancellationToken cancellationToken) =>
        SchoolStaff.HoldingAsync(db, schoolId, [Role.PastoralStaff], cancellationToken);

    /// <summary>
    /// Makes a member of the school's pastoral staff the pupil's primary or secondary keyworker from today. A new
    /// primary keyworker takes over from the current one, whose allocation ends yesterday; someone who already
    /// keyworks the pupil in the other role changes role. Errors are keyed by field.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> AssignAsync(
        PupilChoice pupil, Guid? staffUserId, KeyworkerRole? role, string? handoverNote, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var candidates = await CandidatesAsync(pupil.SchoolId, cancellationToken);
        var chosen = candidates.FirstOrDefault(c => c.Id == staffUserId);
        if (staffUserId is null || chosen.Id == Guid.Empty)
        {
            errors["StaffUserId"] = "Choose the keyworker from the school's pastoral staff";
        }

        if (role is null)
        {
            errors["Role"] = "Select whether they are the primary or a secondary keyworker";
        }

        var (note, noteError) = TextInput.Clean(handoverNote, MaxNote, multiline: true);
        if (noteError is not null)
        {
            errors["HandoverNote"] = "The handover note " + noteError;
        }

        var today = Today;
        var current = await db.KeyworkerAllocations
            .Where(k => k.PupilId == pupil.Id && k.StartsOn <= today && (k.EndsOn == null || k.EndsOn >= today))
            .ToListAsync(cancellationToken);
        if (errors.Count == 0 && current.Any(k => k.StaffUserId == staffUserId && k.Role == role))
        {
            errors["StaffUserId"] = $"{chosen.Name} is already the {Name(role!.Value).ToLowerInvariant()}";
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var actor = staff.User!.DisplayName;
        var replaced = current.Where(k => k.StaffUserId == staffUserId || (role == KeyworkerRole.Primary && k.Role == KeyworkerRole.Primary)).ToList();
        foreach (var old in replaced)
        {
            End(old, today, now, actor);
        }

        db.KeyworkerAllocations.Add(new KeyworkerAllocation
        {
            PupilId = pupil.Id,
            StaffUserId = staffUserId!.Value,
            Role = role!.Value,
            StartsOn = today,
            HandoverNote = note,
            CreatedUtc = now,
            CreatedByName = actor,
        });

        var sender = new NotificationSender(staff.UserId, actor);
        var link = $"/pupils/{pupil.Id}/keyworkers";
        if (staffUserId != staff.UserId)
        {
            await notifier.NotifyAsync(staffUserId!.Value, "Keywork",
                $"You are now {Name(role.Value).ToLowerInvariant()} for a pupil{(note is null ? "." : ". Read the handover note.")}", link, pupil.SchoolId, sender);
        }

        foreach (var old in replaced.Where(o => o.StaffUserId != staffUserId && o.StaffUserId != staff.UserId))
        {
            await notifier.NotifyAsync(old.StaffUserId, "Keywork", "A pupil has been handed over from your caseload to another keyworker.", link, pupil.SchoolId, sender);
        }

        await db.SaveChangesAsync(cancellationToken);
        return errors;
    }

    /// <summary>Ends a current allocation of this pupil; false when there is no such current allocation.</summary>
    public async Task<bool> EndAsync(Guid pupilId, Guid allocationId, CancellationToken cancellationToken)
    {
        var today = Today;
        var allocation = await db.KeyworkerAllocations
            .FirstOrDefaultAsync(k => k.Id == allocationId && k.PupilId == pupilId && k.StartsOn <= today && (k.EndsOn == null || k.EndsOn >= today), cancellationToken);
        if (allocation is null)
        {
            return false;
        }

        End(allocation, today, clock.GetUtcNow().UtcDateTime, staff.User!.DisplayName);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Ends an allocation at once: its last day was yesterday (or it never started, if it began today).</summary>
    private static void End(KeyworkerAllocation allocation, DateOnly today, DateTime now, string actor)
    {
        allocation.EndsOn = today.AddDays(-1);
        allocation.EndedUtc = now;
        allocation.EndedByName = actor;
    }

    private static AllocationView View(KeyworkerAllocation k, string name, DateOnly today) =>
        new(k.Id, k.StaffUserId, name, k.Role, k.StartsOn, k.EndsOn, k.HandoverNote, k.CreatedUtc, k.CreatedByName, k.EndedUtc, k.EndedByName, k.IsCurrentOn(today));
}
