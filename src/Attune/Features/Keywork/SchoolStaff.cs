using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Keywork;

/// <summary>The staff of a school who hold given roles there (or across its trust), by name: for choosing keyworkers, owners and whom to share with.</summary>
public static class SchoolStaff
{
    public static async Task<IReadOnlyList<(Guid Id, string Name)>> HoldingAsync(AppDbContext db, Guid schoolId, Role[] roles, CancellationToken cancellationToken)
    {
        var trustId = await db.Schools.Where(s => s.Id == schoolId).Select(s => s.TrustId).FirstAsync(cancellationToken);
        var rows = await db.RoleAssignments.AsNoTracking()
            .Where(a => roles.Contains(a.Role) && a.TrustId == trustId && (a.SchoolId == schoolId || a.SchoolId == null))
            .Join(db.Users.Where(u => !u.Disabled), a => a.UserId, u => u.Id, (a, u) => new { u.Id, u.DisplayName })
            .Distinct()
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.DisplayName, StringComparer.Ordinal).Select(r => (r.Id, r.DisplayName))];
    }

    /// <summary>The staff who teach or support a pupil (their teaching groups) or tutor their form.</summary>
    public static async Task<List<Guid>> TeachingAsync(AppDbContext db, Guid pupilId, CancellationToken cancellationToken)
    {
        var staff = await db.TeachingGroupPupils.Where(tp => tp.PupilId == pupilId)
            .Join(db.TeachingGroupStaff, tp => tp.TeachingGroupId, ts => ts.TeachingGroupId, (tp, ts) => ts.StaffUserId)
            .ToListAsync(cancellationToken);
        staff.AddRange(await db.Pupils.Where(p => p.Id == pupilId)
            .Join(db.Forms, p => p.FormId, f => (Guid?)f.Id, (p, f) => f.TutorUserId)
            .Where(t => t != null).Select(t => t!.Value)
            .ToListAsync(cancellationToken));
        return [.. staff.Distinct()];
    }
}
