using Attune.Features.Pupils;
using Attune.Features.Schools;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Attune.Platform.Auditing;

/// <summary>Who is acting, for the audit trail: a member of staff, or the system itself.</summary>
public sealed record AuditActor(Guid? UserId, string Name, string? IpAddress)
{
    public static readonly AuditActor System = new(null, "system", null);
}

/// <summary>
/// Collects the audit entries of one request or command. Reads are recorded explicitly with
/// <see cref="RecordRead"/>; writes are recorded for every tracked change when the context saves.
/// </summary>
public sealed class AuditTrail(TimeProvider clock)
{
    private readonly List<AuditEntry> _pending = [];

    public AuditActor Actor { get; set; } = AuditActor.System;

    /// <summary>Records that the actor viewed a sensitive record. It is written at the next save.</summary>
    public void RecordRead(string recordType, object recordId, Guid? pupilId, Guid? schoolId) =>
        Record("read", recordType, recordId.ToString(), pupilId, schoolId, AuditOutcome.Succeeded, null);

    /// <summary>Records an event that is not a row change: a sign-in, a refusal, an export.</summary>
    public void Record(string action, string recordType, string? recordId, Guid? pupilId, Guid? schoolId, AuditOutcome outcome, string? details) =>
        _pending.Add(Create(action, recordType, recordId, pupilId, schoolId, outcome, details));

    private AuditEntry Create(string action, string recordType, string? recordId, Guid? pupilId, Guid? schoolId, AuditOutcome outcome, string? details) =>
        new()
        {
            OccurredUtc = AuditChain.Truncate(clock.GetUtcNow().UtcDateTime),
            ActorUserId = Actor.UserId,
            ActorName = Actor.Name,
            Action = action,
            RecordType = recordType,
            RecordId = recordId,
            PupilId = pupilId,
            SchoolId = schoolId,
            IpAddress = Actor.IpAddress,
            Outcome = outcome,
            Details = details is { Length: > 1000 } ? details[..1000] : details,
        };

    /// <summary>An entry for every added, changed or deleted row the context is about to save.</summary>
    internal List<AuditEntry> DescribeWrites(ChangeTracker changes)
    {
        var writes = new List<AuditEntry>();
        foreach (var entry in changes.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)
                || entry.Entity is AuditEntry or Identity.UserSession)
            {
                continue;
            }

            var action = entry.State switch
            {
                EntityState.Added => "create",
                EntityState.Deleted => "delete",
                _ => "update",
            };
            var changed = entry.State == EntityState.Modified
                ? "fields: " + string.Join(", ", entry.Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name))
                : null;
            writes.Add(Create(action, entry.Metadata.ClrType.Name, KeyOf(entry), PupilIdOf(entry), SchoolIdOf(entry), AuditOutcome.Succeeded, changed));
        }

        return writes;
    }

    internal List<AuditEntry> TakePending()
    {
        var taken = _pending.ToList();
        _pending.Clear();
        return taken;
    }

    /// <summary>Puts explicitly recorded entries back after a failed save, so a retry still records them.</summary>
    internal void Restore(List<AuditEntry> entries) => _pending.InsertRange(0, entries);

    private static string? KeyOf(EntityEntry entry)
    {
        var key = entry.Metadata.FindPrimaryKey();
        return key is null ? null : string.Join('/', key.Properties.Select(p => entry.Property(p.Name).CurrentValue));
    }

    private static Guid? PupilIdOf(EntityEntry entry) => entry.Entity switch
    {
        Pupil pupil => pupil.Id,
        _ => entry.Metadata.FindProperty("PupilId") is { } property && entry.Property(property.Name).CurrentValue is Guid id ? id : null,
    };

    private static Guid? SchoolIdOf(EntityEntry entry) => entry.Entity switch
    {
        School school => school.Id,
        _ => entry.Metadata.FindProperty("SchoolId") is { } property && entry.Property(property.Name).CurrentValue is Guid id ? id : null,
    };
}
