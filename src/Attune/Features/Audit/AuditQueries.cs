using Attune.Features.Pupils;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Audit;

public static class AuditOperations
{
    public static readonly AccessRequirement ReadStaffAudit = new(RecordType.StaffAuditLog, Operation.Read);
}

/// <summary>Reading the audit trail: a pupil's entries or a member of staff's, newest first, a page at a time.</summary>
public sealed class AuditQueries(AppDbContext db, StaffContext staff)
{
    public const int PageSize = 100;

    public Task<Pupil?> PupilAsync(Guid pupilId) =>
        db.Pupils.AsNoTracking().VisibleTo(staff, PupilOperations.ReadAudit).FirstOrDefaultAsync(p => p.Id == pupilId);

    public Task<Pupil?> PupilByUpnAsync(string upn) =>
        db.Pupils.AsNoTracking().VisibleTo(staff, PupilOperations.ReadAudit).FirstOrDefaultAsync(p => p.Upn == upn);

    /// <summary>Staff who hold a role in a school this member of staff may audit.</summary>
    public IQueryable<Platform.Identity.StaffUser> AuditableStaff()
    {
        var schools = staff.GrantFor(RecordType.StaffAuditLog, Operation.Read).WholeSchools.ToList();
        return db.Users.AsNoTracking().Where(u => db.RoleAssignments.Any(a => a.UserId == u.Id
            && (a.SchoolId == null ? db.Schools.Any(s => s.TrustId == a.TrustId && schools.Contains(s.Id)) : schools.Contains(a.SchoolId.Value))));
    }

    public Task<List<AuditEntry>> ForPupilAsync(Guid pupilId, long? before) =>
        Page(db.AuditEntries.AsNoTracking().Where(a => a.PupilId == pupilId), before);

    public Task<List<AuditEntry>> ForStaffAsync(Guid userId, long? before) =>
        Page(db.AuditEntries.AsNoTracking().Where(a => a.ActorUserId == userId), before);

    private static Task<List<AuditEntry>> Page(IQueryable<AuditEntry> entries, long? before) =>
        (before is { } cursor ? entries.Where(a => a.Sequence < cursor) : entries)
            .OrderByDescending(a => a.Sequence)
            .Take(PageSize)
            .ToListAsync();

    public static string Describe(AuditEntry entry) => (entry.Action, entry.RecordType) switch
    {
        ("read", "Pupil") => "Viewed the pupil overview",
        ("read", "PupilContacts") => "Viewed contacts",
        ("read", "PupilAuditLog") => "Viewed this audit log",
        ("read", "StaffAuditLog") => "Viewed a staff audit log",
        ("sign-in", _) => entry.Outcome == AuditOutcome.Succeeded ? "Signed in" : "Failed to sign in",
        ("sign-out", _) => "Signed out",
        ("import", _) => "Imported pupils",
        ("create", var type) => $"Created {Words(type)}",
        ("update", var type) => $"Changed {Words(type)}",
        ("delete", var type) => $"Removed {Words(type)}",
        var (action, type) => $"{action} {Words(type)}",
    };

    /// <summary>"PupilContact" becomes "pupil contact".</summary>
    private static string Words(string typeName) =>
        string.Concat(typeName.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
